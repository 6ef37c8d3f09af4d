"""The account view: every snapshot of every share of every service in one table, against the emulator.

The ``inventory`` seed (10 services x 20 shares x 30 snapshots, 6,000 rows) is listed over
real HTTP; requests are counted by the emulator itself. The on-disk cache lives in a
temporary ``XDG_CACHE_HOME`` (never the user's).
"""

from __future__ import annotations

import json
import stat
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import ProgressBar
from textual.widgets._footer import FooterKey

from efs_tui.__main__ import build_parser
from efs_tui.api.client import OvhClient
from efs_tui.api.models import Snapshot
from efs_tui.core.inventory_cache import FORMAT, InventoryCache
from efs_tui.emulator import EmulatorServer
from efs_tui.ui import app as app_module
from efs_tui.ui import scenes
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.dialogs.bulk_report import BulkDeleteReport
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from efs_tui.ui.screens.account import FLUSH_EVERY, AccountScreen
from efs_tui.ui.widgets.keys_footer import KeysFooter
from efs_tui.ui.widgets.service_tree import AccountItem

from .conftest import BASE_TIME, fast_config
from .helpers import focus_widget, main_screen, wait_ready, wait_screen, wait_until

SNAPSHOTS = 10 * 20 * 30


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    server = EmulatorServer(dataset="inventory", base_time=BASE_TIME)
    server.state.delete_delay = 0.3
    with server:
        yield server


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache dir: the tests never read or write the user's."""
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def make(client: OvhClient, cache: InventoryCache | None = None) -> EfsTuiApp:
    return EfsTuiApp(client, config=fast_config(client, inventory_cache=cache))


def account(app: EfsTuiApp) -> AccountScreen:
    screen = app.screen
    assert isinstance(screen, AccountScreen), screen
    return screen


async def open_account(pilot: Pilot[Any]) -> AccountScreen:
    """``A`` from the main screen, then wait for the walk to finish."""
    main = await wait_ready(pilot)
    main.action_account_view()
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AccountScreen) and pilot.app.screen.is_mounted)
    view = account(pilot.app)  # type: ignore[arg-type]
    await wait_until(pilot, lambda: view.walk_seconds is not None, timeout=30)
    await pilot.pause()
    return view


def ids_of(server: EmulatorServer) -> list[tuple[str, str]]:
    """``(service id, share id)`` of every share, in the API's order."""
    state = server.state
    return [(svc.id, sh.id) for svc in state.list_services() for sh in state.list_shares(svc.id)]


def add(server: EmulatorServer, key: tuple[str, str], name: str, *, days: float, **fields: Any) -> Snapshot:
    snap = Snapshot(
        id=str(uuid.uuid4()),
        name=name,
        type=fields.pop("type", "manual"),
        status=fields.pop("status", "available"),
        created_at=BASE_TIME - timedelta(days=days),
        **fields,
    )
    server.state.add_snapshot(*key, snap)
    return snap


class TestOpening:
    async def test_tree_root_node_opens_the_view(self, client: OvhClient) -> None:
        """The tree's first line is "All snapshots"; Enter on it opens the view."""
        app = make(client)
        async with app.run_test(size=(100, 30)) as pilot:
            main = await wait_ready(pilot)
            tree = main.service_tree
            assert isinstance(tree.root.children[0].data, AccountItem)
            tree.focus()
            tree.move_cursor(tree.root.children[0])
            await pilot.pause()
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen) and app.screen.is_mounted)
            view = account(app)
            await wait_until(pilot, lambda: view.table.total_count == SNAPSHOTS, timeout=30)

    async def test_walk_fills_every_row_and_the_bar_reaches_done(
        self, client: OvhClient, emulator: EmulatorServer
    ) -> None:
        """All 6,000 snapshots, with their share; exactly 1 + S + S*M listings; the bar at 100 %."""
        app = make(client)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_ready(pilot)
            emulator.state.requests.reset()
            view = await open_account(pilot)
            table = view.table
            assert table.total_count == SNAPSHOTS
            shares = {row.share_key for row in (table.row_of(s) for s in table.snapshots) if row}
            assert len(shares) == 200
            assert emulator.state.requests.count("GET", "/snapshot") == 200
            assert emulator.state.requests.count("GET", "/share") == 210  # 10 share lists + 200 snapshot lists
            assert emulator.state.requests.count("GET") - emulator.state.requests.count("GET", "/auth") == 211
            bar = view.query_one(ProgressBar)
            assert bar.percentage == 1
            assert "done: 6,000 snapshots in 200 shares" in str(view.query_one("#account-progress-text").render())

    async def test_rows_appear_before_the_walk_ends(self, client: OvhClient, emulator: EmulatorServer) -> None:
        """With latency, the first shares are on screen while later ones are still being listed."""
        app = make(client)
        async with app.run_test(size=(100, 30)) as pilot:
            main = await wait_ready(pilot)
            emulator.state.faults.latency_ms = 50
            main.action_account_view()
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen) and app.screen.is_mounted)
            view = account(app)
            await wait_until(pilot, lambda: view.table.total_count > 0, timeout=30)
            assert view.walk_seconds is None
            assert view.table.total_count < SNAPSHOTS
            await wait_until(pilot, lambda: view.walk_seconds is not None, timeout=30)
            assert view.table.total_count == SNAPSHOTS


class TestStartOnAccount:
    """``efs-tui --account``: the account view is the first screen; the main screen mounts when it is left."""

    def test_account_flag(self) -> None:
        parser = build_parser()
        assert parser.parse_args(["--account"]).account is True
        assert parser.parse_args([]).account is False

    async def test_the_view_opens_at_start_and_escape_goes_to_the_main_screen(
        self, client: OvhClient, emulator: EmulatorServer
    ) -> None:
        """The walk's listings go out alone, each once; the main screen is mounted, and lists, only once left."""
        app = EfsTuiApp(client, config=fast_config(client, start_on_account=True))
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen) and app.screen.is_mounted)
            view = account(app)
            assert app.screen_stack == [view]  # no main screen composed under it
            assert app.main is None  # nor even built: it is, once the view is left
            await wait_until(pilot, lambda: app.ready_at is not None, timeout=30)  # the start's stamp: first rows
            assert view.first_rows_at is not None and view.table.total_count > 0
            await wait_until(pilot, lambda: view.walk_seconds is not None, timeout=30)
            walk = [w for w in app.workers if w.group == "account-walk"]
            await app.workers.wait_for_complete(walk)  # the walk and its cache write: then nothing else would list
            await pilot.pause()
            assert emulator.state.requests.count("GET", "/storage/") == 211  # 1 + S + S*M, nothing from the main screen
            assert app.main is None
            await pilot.press("escape", "escape")  # the second one while the main screen takes over: ignored
            await wait_until(pilot, lambda: app.main is not None and app.screen is app.main and app.main.is_mounted)
            main = main_screen(app)
            assert app.screen_stack == [main]
            await wait_until(pilot, lambda: main.current is not None and bool(main.table.snapshots), timeout=30)
            assert len(main.services) == 10

    async def test_the_first_rows_at_start_come_from_the_prefetch_before_any_request_of_the_app(
        self, client: OvhClient, emulator: EmulatorServer
    ) -> None:
        """The walk hands out the prefetched first listing and paints it before it sends anything itself."""
        from efs_tui.startup.prefetch import start_prefetch
        from efs_tui.ui.demo import demo_credentials

        emulator.state.faults.latency_ms = 30
        prefetch = start_prefetch(emulator.base_url, demo_credentials(emulator), account=True, mode="thread")
        sent_by_the_app: list[int] = []
        try:
            client.use_prefetch(prefetch)
            config = fast_config(client, start_on_account=True)
            app = EfsTuiApp(client, config=config, on_ready=lambda: sent_by_the_app.append(client.request_count))
            async with app.run_test(size=(100, 30)) as pilot:
                await wait_until(pilot, lambda: app.ready_at is not None, timeout=30)  # the first rows, painted
                view = account(app)
                assert view.table.total_count > 0
                assert sent_by_the_app == [0]  # services, shares and those rows: all the prefetch's answers
                await wait_until(pilot, lambda: view.walk_seconds is not None, timeout=30)
                assert view.table.total_count == SNAPSHOTS
                assert client.request_count > 0  # the rest of the walk is the app's own
                assert emulator.state.requests.count("GET", "/storage/") == 211  # and nothing twice
        finally:
            prefetch.close()

    async def test_a_cached_start_paints_once_the_app_is_ready_and_ends_after_that_frame(
        self, client: OvhClient, emulator: EmulatorServer, cache_home: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Textual mounts the first screen before the app, in one layout batch. The cached rows are painted
        once that batch is over (Textual's Ready), while the start's last frame is due (EfsTuiApp.after_start),
        not inside it; the start's stamp (and ``EFS_TUI_REPORT_READY``'s exit) waits for their frame, and so
        does what the view defers until its rows are painted (the footer's keys, ~30 ms)."""
        cache = InventoryCache(None, client.endpoint.base_url)
        app = make(client, cache)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_account(pilot)
            await wait_until(pilot, lambda: cache.path.exists(), timeout=30)
        events: list[str] = []

        class Recorded(EfsTuiApp):
            CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))  # relative paths follow the subclass

            def on_mount(self) -> None:  # Textual runs this after EfsTuiApp.on_mount (every class in the MRO)
                events.append("app mounted")

            def on_ready(self) -> None:  # Textual's Ready: the start's layout batch is over
                events.append("app ready")

        release = KeysFooter.release
        paint = AccountScreen._paint_cache

        def painted(view: AccountScreen) -> None:
            paint(view)
            events.append("cache painted")

        monkeypatch.setattr(AccountScreen, "_paint_cache", painted)

        def released(footer: KeysFooter) -> None:
            events.append("footer keys")
            release(footer)

        monkeypatch.setattr(KeysFooter, "release", released)
        config = fast_config(client, start_on_account=True, inventory_cache=cache)
        app = Recorded(client, config=config, on_ready=lambda: events.append("start over"))
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.ready_at is not None, timeout=30)
            view = account(app)
            assert view.is_stale and view.table.total_count == SNAPSHOTS  # the cached rows made the start's end
            assert events[:5] == ["app mounted", "app ready", "cache painted", "start over", "footer keys"]

    async def test_the_main_screen_built_on_leaving_takes_over_the_views_write_path(self, client: OvhClient) -> None:
        """At start the view writes through its own writer (no main screen yet): quitting asks it what is in
        flight, and the main screen built on leaving keeps it, so a delete sent before Esc is still known."""
        app = EfsTuiApp(client, config=fast_config(client, start_on_account=True))
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen) and app.screen.is_mounted)
            view = account(app)
            assert view.writer_if_used is None and app.writes_in_flight() == ()
            writer = view.writer  # what the view's first delete builds
            assert app._writer_if_used() is writer
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.main is not None and app.screen is app.main, timeout=30)
            assert main_screen(app).context.writer is writer and app._writer_if_used() is writer
            assert writer.wrap == main_screen(app).context.call_api  # its writes now show in the header
            assert writer.on_audit_error is not None  # an audit file that cannot be written is said
            writer.on_audit_error(OSError("disk full"))
            await wait_until(
                pilot, lambda: any("audit log could not be written: disk full" in n.message for n in app._notifications)
            )
            # Textual still runs a removed screen's pending callbacks: the first rows' paint, when Esc came
            # just after it (seen under load), finds no footer any more, and must not fail the app.
            view._painted()

    async def test_the_cursor_stays_on_the_first_row_while_the_walk_fills_the_table(self, client: OvhClient) -> None:
        """Until the user moves it: the shares listed later bring newer rows in above the first share's, and
        the highlighted row (what Enter and ``d`` act on) must be the one shown at the top, not one pushed
        off the page. A row the user picked stays picked."""
        app = EfsTuiApp(client, config=fast_config(client, start_on_account=True))
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen) and app.screen.is_mounted)
            view = account(app)
            await wait_until(pilot, lambda: view.walk_seconds is not None, timeout=30)
            await pilot.pause()
            table = view.table
            first_listed = view.table.row_of(next(iter(view._fresh.values()))[0].snapshot.id)
            assert first_listed is not None and table.visible_rows().index(first_listed) > 0  # newer rows came above
            assert table.highlighted_row == table.visible_rows()[0] and table.scroll_offset.y == 0
            await pilot.press("down")
            chosen = table.highlighted_row
            assert chosen is not None and chosen == table.visible_rows()[1]
            table.set_rows(table.visible_rows())  # a repaint (the next walk's) keeps the row the user picked
            assert table.highlighted_row == chosen
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.main is not None and app.main.current is not None, timeout=30)
            current = main_screen(app).current
            assert current is not None and current.share.id == chosen.share.id

    async def test_enter_at_start_jumps_to_the_share_in_the_main_screen(self, client: OvhClient) -> None:
        app = EfsTuiApp(client, config=fast_config(client, start_on_account=True))
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen) and app.screen.is_mounted)
            view = account(app)
            await wait_until(pilot, lambda: view.table.total_count > 0, timeout=30)
            await focus_widget(pilot, view.table)
            row = view.table.highlighted_row
            assert row is not None
            await pilot.press("enter")
            main = main_screen(app)
            await wait_until(pilot, lambda: app.screen is main and main.current is not None, timeout=30)
            await wait_until(pilot, lambda: bool(main.services), timeout=30)
            assert main.current is not None and main.current.share.id == row.share.id
            assert main.table.highlighted is not None and main.table.highlighted.id == row.snapshot.id

    async def test_a_profile_switch_does_not_open_the_view_again(self, client: OvhClient) -> None:
        """Only the first main screen starts on the view (``start_on_account`` is the start's, not the config's)."""
        from efs_tui.ui.screens.main import MainScreen

        app = EfsTuiApp(client, config=fast_config(client, start_on_account=True))
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen) and app.screen.is_mounted)
            again = MainScreen(app.config)  # what ProfileSwitch builds for another profile
            await app.push_screen(again)
            await pilot.pause()
            assert app.screen is again


class TestFilterAndSort:
    @pytest.fixture
    def seeded(self, emulator: EmulatorServer) -> dict[str, Snapshot]:
        keys = ids_of(emulator)
        return {
            "old": add(emulator, keys[0], "old-manual", days=45),
            "older": add(emulator, keys[21], "older-auto", days=90, type="automatic"),
            "broken": add(emulator, keys[5], "broken", days=1, status="error"),
        }

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("age:>30d", {"old", "older"}),
            ("created:<2026-01-10", {"older"}),
            ("status:error", {"broken"}),
        ],
    )
    async def test_terms_across_shares(
        self, client: OvhClient, seeded: dict[str, Snapshot], text: str, expected: set[str]
    ) -> None:
        app = make(client)
        async with app.run_test(size=(100, 30)) as pilot:
            view = await open_account(pilot)
            await pilot.press("slash")
            await pilot.press(*text)
            await pilot.press("enter")
            shown = {snap.id for snap in view.table.visible_snapshots()}
            assert shown == {seeded[name].id for name in expected}

    async def test_type_and_share_glob(self, client: OvhClient) -> None:
        """``type:manual share:share-03-01*``: a third of the snapshots of ten shares."""
        app = make(client)
        async with app.run_test(size=(100, 30)) as pilot:
            view = await open_account(pilot)
            view.query_one("#table-filter").open()  # type: ignore[attr-defined]
            await pilot.press(*"type:manual")
            assert view.table.visible_count == SNAPSHOTS // 3
            await pilot.press(*" share:share-03-01*")
            rows = view.table.visible_rows()
            assert len(rows) == 10 * 10
            assert {r.share.name for r in rows} == {f"share-03-{n:03d}" for n in range(10, 20)}
            assert all(r.snapshot.type == "manual" for r in rows)

    async def test_sort_by_share_then_reverse(self, client: OvhClient) -> None:
        app = make(client)
        async with app.run_test(size=(100, 30)) as pilot:
            view = await open_account(pilot)
            table = view.table
            assert table.sort_column == "created"
            table.sort_by("share")
            names = [r.share.label for r in table.visible_rows()]
            assert names == sorted(names)
            await pilot.press("S")
            assert [r.share.label for r in table.visible_rows()] == sorted(names, reverse=True)


class TestMarksAndDelete:
    async def test_bulk_delete_across_two_shares(self, client: OvhClient, emulator: EmulatorServer) -> None:
        """Two marks in one share, one in another: one dialog listing three, three DELETEs, three rows deleting."""
        app = make(client)
        async with app.run_test(size=(100, 30)) as pilot:
            view = await open_account(pilot)
            table = view.table
            table.sort_by("share")
            rows = table.visible_rows()
            first = rows[0]
            # Shares of different services can share a name, and rows tied on it come in walk order:
            # pick the rows by their share key, two in the first row's share, one in another share of its service.
            same = [i for i, row in enumerate(rows) if row.share_key == first.share_key][:2]
            key, service = first.share_key, first.service.id
            other = next(i for i, row in enumerate(rows) if row.share_key != key and row.service.id == service)
            await focus_widget(pilot, table)
            for at in (*same, other):
                table.move_cursor(row=at)
                await pilot.press("space")
            marked = table.marked_rows()
            assert len(marked) == 3 and len({r.share_key for r in marked}) == 2
            emulator.state.requests.reset()
            await pilot.press("d")
            await wait_screen(pilot, ConfirmDeleteDialog)
            dialog = app.screen
            assert len(dialog.query(".snapshot-entry")) == 3
            assert "Across: 2 shares of 1 service" in str(dialog.query_one("#location").render())
            await pilot.press("y")
            await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteReport) and app.screen.finished)
            assert emulator.state.requests.count("DELETE") == 3
            for row in marked:
                assert emulator.state.requests.count("DELETE", f"/share/{row.share.id}/snapshot/{row.snapshot.id}") == 1
                shown = table.snapshots.get(row.snapshot.id)
                assert shown is None or shown.status == "deleting"  # deleting, or already followed until gone
            assert not table.marked_ids
            await wait_until(pilot, lambda: all(row.snapshot.id not in table.snapshots for row in marked))

    async def test_cancel_deletes_nothing(self, client: OvhClient, emulator: EmulatorServer) -> None:
        app = make(client)
        async with app.run_test(size=(100, 30)) as pilot:
            view = await open_account(pilot)
            await focus_widget(pilot, view.table)
            await pilot.press("space", "space", "d")
            await wait_screen(pilot, ConfirmDeleteDialog)
            await pilot.press("n")
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen) and app.screen.is_mounted)
            assert emulator.state.requests.count("DELETE") == 0
            assert len(view.table.marked_ids) == 2


class TestEnter:
    async def test_enter_selects_the_share_and_snapshot(self, client: OvhClient) -> None:
        app = make(client)
        async with app.run_test(size=(100, 30)) as pilot:
            view = await open_account(pilot)
            view.table.sort_by("service", reverse=True)
            view.table.move_cursor(row=45)
            target = view.table.highlighted_row
            assert target is not None
            await pilot.press("enter")
            await wait_until(pilot, lambda: not isinstance(app.screen, AccountScreen))
            main = main_screen(app)
            assert main.current is not None
            assert (main.current.service.id, main.current.share.id) == target.share_key
            assert len(main.shares[target.service.id]) == 20  # the tree got the service's whole share list
            assert main.service_tree.share_node(*target.share_key) is not None
            await wait_until(pilot, lambda: main.table.highlighted is not None)
            assert main.table.highlighted is not None and main.table.highlighted.id == target.snapshot.id
            node = main.service_tree.cursor_node
            await wait_until(pilot, lambda: main.service_tree.cursor_node is not node or node is not None)
            assert main.table.has_focus


class TestCache:
    async def test_second_start_paints_the_cache_then_revalidates(
        self, client: OvhClient, emulator: EmulatorServer, cache_home: Path
    ) -> None:
        """A walk writes the cache (0600 in a 0700 dir, no secret); the next view paints it marked stale."""
        cache = InventoryCache("work", client.endpoint.base_url)
        assert str(cache.path).startswith(str(cache_home))
        app = make(client, cache)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_account(pilot)
            await wait_until(pilot, lambda: cache.path.exists())
        assert stat.S_IMODE(cache.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(cache.path.parent.stat().st_mode) == 0o700
        text = cache.path.read_text()
        assert json.loads(text)["format"] == FORMAT
        creds = emulator.credentials
        for secret in (creds.application_secret, creds.consumer_key):
            assert secret not in text

        emulator.state.faults.latency_ms = 200  # the walk is slow: the painted cache shows first
        app = make(client, cache)
        async with app.run_test(size=(100, 30)) as pilot:
            main = await wait_ready(pilot)
            main.action_account_view()
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen) and app.screen.is_mounted)
            view = account(app)
            await pilot.pause()
            assert view.table.total_count == SNAPSHOTS
            assert view.is_stale
            title = str(view.query_one("#account-title").render())
            assert "cached" in title and "revalidating…" in title
            await wait_until(pilot, lambda: view.walk_seconds is not None, timeout=60)
            await pilot.pause()
            assert not view.is_stale
            assert "cached" not in str(view.query_one("#account-title").render())

    async def test_revalidation_drops_deleted_snapshots(
        self, client: OvhClient, emulator: EmulatorServer, cache_home: Path
    ) -> None:
        cache = InventoryCache(None, client.endpoint.base_url)
        app = make(client, cache)
        async with app.run_test(size=(100, 30)) as pilot:
            view = await open_account(pilot)
            gone = view.table.visible_rows()[0]
            await wait_until(pilot, lambda: cache.path.exists())
        emulator.state.delete_snapshot(*gone.share_key, gone.snapshot.id)
        emulator.state.delete_delay = 0
        emulator.state.advance()
        app = make(client, cache)
        async with app.run_test(size=(100, 30)) as pilot:
            view = await open_account(pilot)
            await wait_until(pilot, lambda: gone.snapshot.id not in view.table.snapshots)

    async def test_revalidation_drops_a_share_that_is_gone(
        self, client: OvhClient, emulator: EmulatorServer, cache_home: Path
    ) -> None:
        """A cached share the walk no longer lists leaves the table at the walk's end (its rows were painted
        from the cache, so the last repaint rebuilds the set instead of only adding the last answers)."""
        cache = InventoryCache(None, client.endpoint.base_url)
        app = make(client, cache)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_account(pilot)
            await wait_until(pilot, lambda: cache.path.exists())
        state, key = emulator.state, ids_of(emulator)[7]
        state.delete_delay = 0
        for snap in state.list_snapshots(*key):
            if snap.type == "manual":
                state.delete_snapshot(*key, snap.id)
        state.advance()
        left = len(state.list_snapshots(*key))
        state.delete_share(*key)
        state.advance()
        app = make(client, cache)
        async with app.run_test(size=(100, 30)) as pilot:
            view = await open_account(pilot)
            rows = [view.table.row_of(sid) for sid in view.table.snapshots]
            assert not any(row is not None and row.share_key == key for row in rows)
            assert view.table.total_count == SNAPSHOTS - 30
            assert left > 0  # the share had automatic snapshots in the cache: they are gone with it

    async def test_corrupt_cache_is_ignored_and_rebuilt(self, client: OvhClient, cache_home: Path) -> None:
        cache = InventoryCache("work", client.endpoint.base_url)
        cache.path.parent.mkdir(parents=True)
        cache.path.write_text(f'{{"format": {FORMAT}, "endpoint": "{cache.endpoint_url}", "services": [{{"service": ')
        app = make(client, cache)
        async with app.run_test(size=(100, 30)) as pilot:
            main = await wait_ready(pilot)
            main.action_account_view()
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen) and app.screen.is_mounted)
            view = account(app)
            assert not view.is_stale
            await wait_until(pilot, lambda: view.walk_seconds is not None, timeout=30)
            assert view.table.total_count == SNAPSHOTS

            def rewritten() -> bool:  # saved off the event loop once the walk is done
                saved = cache.load()
                return saved is not None and saved.inventory.snapshot_count == SNAPSHOTS

            await wait_until(pilot, rewritten, timeout=30)

    def test_no_cache_flag(self) -> None:
        """``--no-cache`` parses; without it the flag is off (the launcher then builds the cache)."""
        parser = build_parser()
        assert parser.parse_args(["--no-cache"]).no_cache is True
        assert parser.parse_args([]).no_cache is False

    async def test_without_cache_nothing_is_written(self, client: OvhClient, cache_home: Path) -> None:
        """No cache configured (the demo, ``--no-cache``): nothing under the cache dir."""
        app = make(client, None)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_account(pilot)
        assert not cache_home.exists() or not any(cache_home.rglob("*"))


class TestFooter:
    async def test_footer_is_rebuilt_only_when_its_keys_change(self, client: OvhClient) -> None:
        """A bindings signal that shows the same keys keeps the footer's key widgets; a keymap change
        rebuilds it with the new key (the view's start sends three signals, one of which matters)."""
        app = make(client)
        async with app.run_test(size=(100, 30)) as pilot:
            view = await open_account(pilot)
            footer = view.query_one(KeysFooter)
            shown = {key.description: key for key in footer.query(FooterKey)}
            assert {"Back", "Filter", "Sort", "Delete", "Prune", "Refresh"} <= shown.keys()
            view.refresh_bindings()
            view.refresh_bindings()
            await pilot.pause()
            await pilot.pause()
            assert all(key is shown[key.description] for key in footer.query(FooterKey))
            app.update_keymap({"account_plan_retention": "ctrl+k"})
            await wait_until(
                pilot, lambda: any(k.description == "Prune" and k.key == "ctrl+k" for k in footer.query(FooterKey))
            )


class TestSmallTerminal:
    async def test_80x24_shows_share_name_status_and_created(self, client: OvhClient) -> None:
        app = make(client)
        async with app.run_test(size=(80, 24)) as pilot:
            view = await open_account(pilot)
            layout = view.table._compute_layout(view.table.scrollable_content_region.width)
            keys = [key for key, _width in layout.columns]
            assert {"share", "name", "type", "status", "created"} <= set(keys)
            assert "service" not in keys  # the snapshot name needs the room more
            assert dict(layout.columns)["name"] >= 12
            assert sum(w for _k, w in layout.columns) + len(layout.columns) - 1 <= 80


class TestPicture:
    def test_account_view_100x30(self, snap_compare: Callable[..., bool]) -> None:
        """The demo account, every snapshot newest first, with its service and share; the walk done."""
        with EmulatorServer(dataset="demo", base_time=scenes.SCENE_TIME) as server:
            app = scenes.scene_app(server)

            async def opened(pilot: Pilot[Any]) -> None:
                await scenes.main_screen(pilot)
                main_screen(app).action_account_view()
                await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen) and app.screen.is_mounted)
                view = account(app)
                await wait_until(pilot, lambda: view.walk_seconds is not None)
                await pilot.pause(2 * FLUSH_EVERY)  # the last batch of rows is painted
                view.table.action_first()  # where the cursor sat while rows arrived depends on timing
                await pilot.pause()

            assert snap_compare(app, terminal_size=(100, 30), run_before=opened)
