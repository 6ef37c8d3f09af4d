"""The retention planner in the TUI (``K``): live preview, typed confirmation, bulk delete report, against the emulator.

The demo dataset's share web-content gets a few old manual snapshots; the plan is
checked row by row (decision and the planner's rule), the requests are counted by
the emulator itself: nothing but GETs until ``delete N`` is typed, then exactly the
planned DELETEs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Static

from efs_tui.api.models import Snapshot
from efs_tui.core.bulk import BulkOutcome
from efs_tui.core.retention import Reason
from efs_tui.emulator import EmulatorServer
from efs_tui.ui import scenes
from efs_tui.ui.dialogs.bulk_report import BulkDeleteReport
from efs_tui.ui.dialogs.confirm_typed import TypedConfirmDialog
from efs_tui.ui.screens.account import AccountScreen
from efs_tui.ui.screens.main import MainScreen
from efs_tui.ui.screens.retention_plan import RetentionPlanScreen, read_rules
from efs_tui.ui.text import truncate
from efs_tui.ui.widgets.plan_list import NAME, PlanList

from . import hostile
from .conftest import BASE_TIME, AppFactory
from .helpers import capture_notifications, focus_table, focus_widget, open_share, wait_idle, wait_screen, wait_until

SERVICE, SHARE = "prod-nfs-gra", "web-content"


def writes(emulator: EmulatorServer) -> int:
    """Requests that are not GETs (a preview must send none)."""
    return sum(1 for r in emulator.state.requests.entries if r.method != "GET")


def add_manual(emulator: EmulatorServer, name: str, days: float, *, index: int | None = None) -> Snapshot:
    service_id, share_id = hostile.ids_of(emulator.state, SERVICE, SHARE)
    snap = Snapshot(
        id=str(uuid.uuid4()) if index is None else f"0bd0a1d0-0000-4000-8000-{index:012d}",
        name=name,
        type="manual",
        status="available",
        created_at=BASE_TIME - timedelta(days=days),
    )
    emulator.state.add_snapshot(service_id, share_id, snap)
    return snap


def plan_screen(pilot: Pilot[Any]) -> RetentionPlanScreen:
    screen = pilot.app.screen
    assert isinstance(screen, RetentionPlanScreen), screen
    return screen


async def open_plan(pilot: Pilot[Any]) -> tuple[MainScreen, RetentionPlanScreen]:
    main = await open_share(pilot, SERVICE, SHARE)
    await focus_table(pilot, main)
    await pilot.press("K")
    await wait_screen(pilot, RetentionPlanScreen)
    return main, plan_screen(pilot)


async def open_account_view(pilot: Pilot[Any], main: MainScreen) -> AccountScreen:
    """The account view, once its walk is done (a plan needs each share's whole current list)."""
    main.action_account_view()
    await wait_screen(pilot, AccountScreen)
    view = pilot.app.screen
    assert isinstance(view, AccountScreen)
    await wait_until(pilot, lambda: view.walk_seconds is not None, timeout=20)
    return view


async def set_field(pilot: Pilot[Any], screen: RetentionPlanScreen, field: str, value: str) -> None:
    """Type into a rule field as a user does (focus selects the old value; the typing replaces it)."""
    widget = screen.query_one(f"#plan-{field}", Input)
    widget.focus()
    await pilot.pause()
    widget.value = ""
    if value:
        await pilot.press(*value)
    await pilot.pause()


def table_rows(screen: RetentionPlanScreen) -> list[list[str]]:
    """Every line of the preview (not only those on screen), cell by cell, as drawn."""
    table = screen.query_one(PlanList)
    rows = []
    for index in range(len(table.items)):
        cells = table.cells(index)
        assert all(isinstance(cell, Text) for cell in cells)  # API text is never parsed as markup
        rows.append([cell.plain for cell in cells])
    return rows


def shown(screen: RetentionPlanScreen, widget_id: str) -> str:
    rendered = screen.query_one(widget_id, Static).render()
    return str(rendered)


@pytest.fixture
def old_snapshots(emulator: EmulatorServer) -> list[Snapshot]:
    """Two manual snapshots older than 30 days and one recent, next to the demo's own."""
    return [add_manual(emulator, "old-a", 40), add_manual(emulator, "old-b", 50), add_manual(emulator, "recent", 2)]


class TestPreview:
    async def test_lists_deletions_first_and_every_kept_snapshot_with_its_rule(
        self, make_app: AppFactory, emulator: EmulatorServer, old_snapshots: list[Snapshot]
    ) -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            main, screen = await open_plan(pilot)
            emulator.state.requests.reset()
            await set_field(pilot, screen, "keep", "1")
            await set_field(pilot, screen, "older", "30d")
            plan = screen.plan
            assert plan is not None
            assert {item.snapshot.name for item in plan.to_delete} == {"old-a", "old-b"}
            rows = table_rows(screen)
            assert main.current is not None
            every = main.pane.all_snapshots(main.current)
            assert len(rows) == len(every)  # every snapshot of the share, deleted or kept
            assert [row[0] for row in rows[:2]] == ["DELETE", "DELETE"]
            assert {row[1] for row in rows[:2]} == {"old-a", "old-b"}
            assert all(row[0] == "keep" for row in rows[2:])
            rule = "delete: manual, beyond the newest 1 and older than 30 d ("
            assert all(row[2].startswith(rule) for row in rows[:2])
            by_name = {row[1]: row[2] for row in rows}
            assert by_name["pre-migration"] == "kept: among the newest 1 manual"
            assert by_name["recent"].startswith("kept: manual, not older than 30 d")
            assert by_name["system-20260225-0730"] == "kept: system — never deleted"
            automatic = [row for row in rows if row[4] == "automatic"]
            assert automatic and all("never planned unless Include automatic" in row[2] for row in automatic)
            kept = len(every) - 2
            assert shown(screen, "#plan-counts") == f"2 to delete, {kept} kept in 1 share"
            assert "keep the newest 1 manual per share" in shown(screen, "#plan-rules")
            assert str(screen.query_one("#plan-delete", Button).label) == "Delete 2…"
            assert writes(emulator) == 0 and len(emulator.state.requests) == 0  # editing the rules sends nothing

    async def test_updates_live_as_the_rules_change(
        self, make_app: AppFactory, emulator: EmulatorServer, old_snapshots: list[Snapshot]
    ) -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            _main, screen = await open_plan(pilot)
            await set_field(pilot, screen, "keep", "1")
            await set_field(pilot, screen, "older", "45d")
            assert screen.plan is not None and [i.snapshot.name for i in screen.plan.to_delete] == ["old-b"]
            await set_field(pilot, screen, "prefix", "old-a")
            assert screen.plan is not None and not screen.plan.to_delete
            assert str(screen.query_one("#plan-delete", Button).label) == "Nothing to delete"
            assert screen.query_one("#plan-delete", Button).disabled
            by_name = {row[1]: row[2] for row in table_rows(screen)}
            assert by_name["old-b"] == "kept: name does not start with 'old-a'"

    async def test_automatic_never_planned_unless_included(self, make_app: AppFactory) -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            _main, screen = await open_plan(pilot)
            await set_field(pilot, screen, "keep", "0")
            await set_field(pilot, screen, "older", "")
            plan = screen.plan
            assert plan is not None
            assert all(item.snapshot.type == "manual" for item in plan.to_delete)
            automatic = [item for item in plan.items if item.snapshot.type == "automatic"]
            assert automatic and all(item.reason is Reason.AUTOMATIC for item in automatic)
            screen.query_one("#plan-automatic", Checkbox).toggle()
            await pilot.pause()
            plan = screen.plan
            assert plan is not None
            planned = [item for item in plan.items if item.snapshot.type == "automatic"]
            newest, *older = planned
            assert newest.reason is Reason.LATEST and not newest.delete  # never the latest, even included
            assert older and all(item.delete for item in older)
            system = [item for item in plan.items if item.snapshot.type == "system"]
            assert system and all(item.reason is Reason.SYSTEM and not item.delete for item in system)
            assert {row[0] for row in table_rows(screen) if row[4] == "system"} == {"keep"}

    async def test_invalid_rules_are_refused_in_the_form_and_send_nothing(
        self, make_app: AppFactory, emulator: EmulatorServer, old_snapshots: list[Snapshot]
    ) -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            _main, screen = await open_plan(pilot)
            emulator.state.requests.reset()
            cases = {
                ("keep", "abc"): "Keep newest: 'abc' is not a whole number.",
                ("older", "30"): "add a unit",
                ("keep", "-1"): "Keep newest must be 0 or more",
            }
            for (field, value), words in cases.items():
                await set_field(pilot, screen, "keep", "1")
                await set_field(pilot, screen, "older", "30d")
                await set_field(pilot, screen, field, value)
                assert screen.plan is None, (field, value)
                assert words in shown(screen, "#plan-rules"), shown(screen, "#plan-rules")
                assert screen.query_one("#plan-delete", Button).disabled
                assert table_rows(screen) == []
            await set_field(pilot, screen, "keep", "")
            await set_field(pilot, screen, "older", "")
            assert "say what to prune: Keep newest" in shown(screen, "#plan-rules")
            screen.query_one("#plan-prefix", Input).value = "pre\x1b[2J"  # a pasted control character
            await pilot.pause()
            assert "Prefix" in shown(screen, "#plan-rules") and "\x1b" not in shown(screen, "#plan-rules")
            await pilot.press("ctrl+d")  # nothing to confirm
            await pilot.pause()
            assert app.screen is screen
            assert writes(emulator) == 0 and len(emulator.state.requests) == 0

    async def test_the_list_moves_and_shows_the_highlighted_rule_in_full(
        self, make_app: AppFactory, emulator: EmulatorServer, old_snapshots: list[Snapshot]
    ) -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            _main, screen = await open_plan(pilot)
            await set_field(pilot, screen, "keep", "1")
            listing = screen.query_one(PlanList)
            await focus_widget(pilot, listing)
            await pilot.press("down")
            await pilot.pause()
            second = listing.items[1]
            assert listing.highlighted is second
            assert shown(screen, "#plan-why").startswith(f"{second.snapshot.name} {second.rule}")
            await pilot.press("end")
            await pilot.pause()
            assert listing.highlighted is listing.items[-1]

    async def test_the_list_pages_and_keeps_the_cursor_in_view_with_the_snapshot_tables_keys(
        self, make_app: AppFactory, emulator: EmulatorServer
    ) -> None:
        for n in range(40):
            add_manual(emulator, f"bulk-{n:02d}", 40 + n)
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            _main, screen = await open_plan(pilot)
            await set_field(pilot, screen, "keep", "1")
            listing = screen.query_one(PlanList)
            await focus_widget(pilot, listing)
            page = listing.scrollable_content_region.height - 1  # rows under the header
            assert len(listing.items) > 2 * page

            def top() -> int:
                return round(listing.scroll_y)

            await pilot.press("pagedown")
            await pilot.pause()
            assert listing.highlighted is listing.items[page]
            assert top() <= page < top() + page  # the cursor row is on screen
            await pilot.press("G")
            await pilot.pause()
            assert listing.highlighted is listing.items[-1] and top() == len(listing.items) - page
            await pilot.press("k", "pageup")
            await pilot.pause()
            assert listing.highlighted is listing.items[-2 - page]
            await pilot.press("g")
            await pilot.pause()
            assert listing.highlighted is listing.items[0] and top() == 0
            first = listing.items[0]
            assert shown(screen, "#plan-why") == f"{first.snapshot.name} {first.rule}"  # said at every move

    async def test_the_preview_fits_80_columns_and_cuts_long_rules_with_an_ellipsis(
        self, make_app: AppFactory, emulator: EmulatorServer, old_snapshots: list[Snapshot]
    ) -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            _main, screen = await open_plan(pilot)
            await set_field(pilot, screen, "keep", "1")
            await set_field(pilot, screen, "older", "30d")
            listing = screen.query_one(PlanList)
            width = listing.scrollable_content_region.width
            assert not listing.show_horizontal_scrollbar and listing.virtual_size.width <= width
            lines = [listing.render_line(y).text for y in range(1 + len(listing.items))]
            assert all(len(line.rstrip()) <= width for line in lines)
            assert lines[0].split() == ["plan", "name", "rule", "created", "type"]  # every column in view
            first = listing.items[0]
            assert len(first.rule) > 40 and f"{first.rule[:12]}" in lines[1] and "…" in lines[1]
            assert shown(screen, "#plan-why") == f"{first.snapshot.name} {first.rule}"  # the whole rule, under it

    def test_the_form_reads_rules_with_the_cores_checks(self) -> None:
        assert read_rules("3", "2w", "", False) == read_rules(" 3 ", "14d", "", False)
        problems = read_rules("x", "y", "", False)
        assert isinstance(problems, list) and len(problems) == 2
        assert isinstance(read_rules("", "", "", True), list)


class TestConfirmation:
    async def test_wrong_text_sends_nothing_right_text_sends_exactly_the_plan(
        self, make_app: AppFactory, emulator: EmulatorServer, old_snapshots: list[Snapshot]
    ) -> None:
        app = make_app()
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            main, screen = await open_plan(pilot)
            await set_field(pilot, screen, "keep", "1")
            await set_field(pilot, screen, "older", "30d")
            emulator.state.requests.reset()
            await pilot.press("enter")  # Enter in a field: to the typed confirmation
            await wait_screen(pilot, TypedConfirmDialog)
            dialog = app.screen
            body = " ".join(str(line.render()) for line in dialog.query(".body-line"))
            assert "2 snapshots on 1 share will be deleted" in body and "old-a" in body and "old-b" in body
            await pilot.press(*"delete 3", "enter")
            await pilot.pause()
            assert app.screen is dialog and dialog.query_one("#confirm", Button).disabled
            await pilot.press("escape")
            await wait_screen(pilot, RetentionPlanScreen)
            assert writes(emulator) == 0  # a wrong text or a cancel sends nothing

            await pilot.press("ctrl+d")
            await wait_screen(pilot, TypedConfirmDialog)
            await pilot.press(*"delete 2", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteReport) and app.screen.finished)
            report = app.screen
            assert isinstance(report, BulkDeleteReport)
            old = {snap.id for snap in old_snapshots[:2]}
            assert set(report.results) == old
            assert all(result.outcome is BulkOutcome.DELETED for result in report.results.values())
            assert "Done: 2 deleted." in str(report.query_one("#progress", Static).render())
            deletes = [r for r in emulator.state.requests.entries if r.method != "GET"]
            assert len(deletes) == 2 and all(r.method == "DELETE" for r in deletes)
            assert {r.path.rsplit("/", 1)[1] for r in deletes} == old
            await pilot.press("escape")
            await wait_until(pilot, lambda: not old & set(main.table.snapshots), timeout=10)  # followed until gone
            assert "recent" in {snap.name for snap in main.table.snapshots.values()}

    async def test_marked_set_limits_the_plan(
        self, make_app: AppFactory, emulator: EmulatorServer, old_snapshots: list[Snapshot]
    ) -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            main = await open_share(pilot, SERVICE, SHARE)
            await focus_table(pilot, main)
            main.table.toggle_mark(old_snapshots[0].id)
            await pilot.pause()
            await pilot.press("K")
            await wait_screen(pilot, RetentionPlanScreen)
            screen = plan_screen(pilot)
            assert "1 marked snapshots of web-content" in shown(screen, "#plan-title")
            await set_field(pilot, screen, "keep", "0")
            await set_field(pilot, screen, "older", "30d")
            assert screen.plan is not None and [i.snapshot.name for i in screen.plan.to_delete] == ["old-a"]
            by_name = {row[1]: row[2] for row in table_rows(screen)}
            assert by_name["old-b"] == "kept: not in the selection"


class TestSafety:
    async def test_read_only_refuses_the_key(self, make_app: AppFactory, emulator: EmulatorServer) -> None:
        app = make_app(read_only=True)
        async with app.run_test(size=(80, 24)) as pilot:
            main = await open_share(pilot, SERVICE, SHARE)
            notes = capture_notifications(app)
            await focus_table(pilot, main)
            await pilot.press("K")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert any("read-only" in note["message"] for note in notes)
            main.action_plan_retention()  # the palette's path too
            await wait_idle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert writes(emulator) == 0

    async def test_read_only_account_view_refuses_the_key(self, make_app: AppFactory, emulator: EmulatorServer) -> None:
        app = make_app(read_only=True)
        async with app.run_test(size=(100, 30)) as pilot:
            main = await open_share(pilot, SERVICE, SHARE)
            notes = capture_notifications(app)
            view = await open_account_view(pilot, main)
            await focus_widget(pilot, view.table)
            await pilot.press("K")
            await wait_until(pilot, lambda: any("read-only" in note["message"] for note in notes))
            assert app.screen is view
            assert writes(emulator) == 0

    async def test_escape_leaves_the_preview_and_sends_nothing(
        self, make_app: AppFactory, emulator: EmulatorServer, old_snapshots: list[Snapshot]
    ) -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            main, screen = await open_plan(pilot)
            await set_field(pilot, screen, "keep", "0")
            assert screen.plan is not None and screen.plan.to_delete
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is main)
            await wait_idle(pilot)
            assert writes(emulator) == 0
            assert {snap.id for snap in old_snapshots} <= set(main.table.snapshots)

    async def test_hostile_names_are_shown_safely(self, make_app: AppFactory, emulator: EmulatorServer) -> None:
        added = hostile.seed(emulator.state, BASE_TIME - timedelta(days=60))
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            _main, screen = await open_plan(pilot)
            await set_field(pilot, screen, "keep", "0")
            await set_field(pilot, screen, "older", "30d")
            plan = screen.plan
            assert plan is not None and {i.snapshot.id for i in plan.to_delete} >= {s.id for s in added[1:]}
            names = {row[1] for row in table_rows(screen)}
            for key, text in hostile.SHOWN.items():
                assert truncate(text, NAME[1]) in names, key  # stand-ins, cut with "…" past the column
            hostile.assert_clean(app)
            await pilot.press("ctrl+d")
            await wait_screen(pilot, TypedConfirmDialog)
            hostile.assert_clean(app)


class TestAccountView:
    async def test_plans_across_shares_and_follows_the_deleted_rows(
        self, make_app: AppFactory, emulator: EmulatorServer, old_snapshots: list[Snapshot]
    ) -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            main = await open_share(pilot, SERVICE, SHARE)
            view = await open_account_view(pilot, main)
            await focus_widget(pilot, view.table)
            await pilot.press("K")
            await wait_screen(pilot, RetentionPlanScreen)
            screen = plan_screen(pilot)
            state = emulator.state
            shares = sum(1 for s in state.service_ids() for sh in state.share_ids(s) if state.list_snapshots(s, sh))
            assert f"whole account: {shares} shares" in shown(screen, "#plan-title")
            await set_field(pilot, screen, "keep", "1")
            await set_field(pilot, screen, "older", "30d")
            plan = screen.plan
            assert plan is not None and len({(i.service_id, i.share_id) for i in plan.items}) == shares
            assert {i.snapshot.name for i in plan.to_delete} >= {"old-a", "old-b"}
            planned = {i.snapshot.id for i in plan.to_delete}
            assert any("web-content" in row[2] for row in table_rows(screen))  # the share column
            emulator.state.requests.reset()
            await pilot.press("ctrl+d")
            await wait_screen(pilot, TypedConfirmDialog)
            await pilot.press(*f"delete {len(planned)}", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteReport) and app.screen.finished)
            assert emulator.state.requests.count("DELETE") == len(planned)
            await pilot.press("escape")
            # Followed (the shares listed again), not left "deleting" until the next whole walk:
            await wait_until(pilot, lambda: all(view.table.row_of(i) is None for i in planned), timeout=10)
            listed = [r.path for r in emulator.state.requests.entries if r.method == "GET"]
            assert listed and all(path.endswith("/snapshot") for path in listed)

    async def test_filtered_rows_are_the_selection(
        self, make_app: AppFactory, emulator: EmulatorServer, old_snapshots: list[Snapshot]
    ) -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            main = await open_share(pilot, SERVICE, SHARE)
            view = await open_account_view(pilot, main)
            view.table.set_filter("old-")
            await focus_widget(pilot, view.table)
            await pilot.press("K")
            await wait_screen(pilot, RetentionPlanScreen)
            screen = plan_screen(pilot)
            assert "2 filtered snapshots on 1 share" in shown(screen, "#plan-title")
            await set_field(pilot, screen, "keep", "0")
            await set_field(pilot, screen, "older", "1d")
            plan = screen.plan
            assert plan is not None and {i.snapshot.name for i in plan.to_delete} == {"old-a", "old-b"}
            others = [i for i in plan.items if i.snapshot.name not in ("old-a", "old-b")]
            assert others and all(i.reason is Reason.NOT_SELECTED for i in others)

    async def test_bulk_delete_rows_leave_when_gone(self, make_app: AppFactory, emulator: EmulatorServer) -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            main = await open_share(pilot, SERVICE, SHARE)
            view = await open_account_view(pilot, main)
            await focus_widget(pilot, view.table)
            rows = view.table.visible_rows()
            manual = [row for row in rows if row.snapshot.type == "manual" and row.snapshot.status == "available"][:2]
            for row in manual:
                view.table.toggle_mark(row.snapshot.id)
            await pilot.pause()
            emulator.state.requests.reset()
            await pilot.press("d")
            await pilot.pause(0.1)
            await pilot.press("y")
            await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteReport) and app.screen.finished)
            await pilot.press("escape")
            await wait_until(pilot, lambda: all(view.table.row_of(r.snapshot.id) is None for r in manual), timeout=10)
            gets = [r.path for r in emulator.state.requests.entries if r.method == "GET"]
            assert gets and all(path.endswith("/snapshot") for path in gets)  # the shares re-listed, no new walk
            assert view.table.total_count > 0


# -- the picture -----------------------------------------------------------------------------------------------

SnapCompare = Callable[..., bool]


@pytest.fixture
def scene_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(dataset="demo", base_time=scenes.SCENE_TIME) as server:
        add_manual(server, "release-2025-12", 90, index=1)
        add_manual(server, "release-2026-01", 60, index=2)
        add_manual(server, "hotfix-2026-02-20", 10, index=3)
        yield server


async def _preview(pilot: Pilot[Any]) -> None:
    await scenes.main_screen(pilot)
    await pilot.press("tab", "K")
    for _ in range(200):
        if isinstance(pilot.app.screen, RetentionPlanScreen) and pilot.app.screen.is_mounted:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    await pilot.press("backspace", "1")
    screen = pilot.app.screen
    for widget in screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def test_preview_picture_80x24(snap_compare: SnapCompare, scene_server: EmulatorServer) -> None:
    """web-content, keep the newest 1 and delete what is older than 30 d: two deletions first, every kept row's rule."""
    app = scenes.scene_app(scene_server)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_preview)
