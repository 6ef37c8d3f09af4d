"""Create, delete, refresh and errors, end to end against the emulator."""

from __future__ import annotations

from efs_tui.emulator import EmulatorServer
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog

from .conftest import AppFactory
from .helpers import capture_notifications, delete_highlighted, row_of, wait_idle, wait_ready, wait_screen, wait_until


async def test_create_shows_creating_then_available_and_selects(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        rows_before = screen.table.row_count
        await pilot.press("tab", "n")
        await wait_screen(pilot, CreateSnapshotDialog)
        emulator.state.transitions_paused = True  # "creating" must be seen however busy the machine is
        await pilot.press(*"pre-deploy", "tab", *"[b]before[/b] deploy", "enter")
        await wait_until(pilot, lambda: any(s.name == "pre-deploy" for s in screen.table.snapshots.values()))
        created = row_of(screen, "pre-deploy")
        assert created.status == "creating"
        assert created.description == "[b]before[/b] deploy"
        assert screen.table.row_count == rows_before + 1
        assert screen.table.highlighted == created
        assert screen.table.cursor_row == 0  # newest first
        emulator.state.transitions_paused = False
        await wait_until(pilot, lambda: row_of(screen, "pre-deploy").status == "available")
        assert screen.table.highlighted is not None and screen.table.highlighted.name == "pre-deploy"
        assert screen.detail.snapshot is not None and screen.detail.snapshot.status == "available"
        assert emulator.state.requests.count(method="POST", path_contains="/snapshot") == 1


async def test_create_cancelled_sends_nothing(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("n")
        await wait_screen(pilot, CreateSnapshotDialog)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert emulator.state.requests.count(method="POST") == 0


async def test_delete_confirmed_shows_deleting_then_removes_row(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("tab", "j")
        victim = screen.table.highlighted
        assert victim is not None
        await pilot.press("d")
        await wait_screen(pilot, ConfirmDeleteDialog)
        emulator.state.transitions_paused = True  # "deleting" must be seen however busy the machine is
        await pilot.press("y")
        await wait_until(pilot, lambda: screen.table.snapshots.get(victim.id, victim).status == "deleting")
        emulator.state.transitions_paused = False
        await wait_until(pilot, lambda: victim.id not in screen.table.snapshots)
        assert emulator.state.requests.count(method="DELETE") == 1
        key = (screen.current.service.id, screen.current.share.id)  # type: ignore[union-attr]
        assert victim.id not in screen.cache.get(key).snapshots  # type: ignore[union-attr]


async def test_delete_cancel_keeps_row(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("tab")
        victim = screen.table.highlighted
        await pilot.press("delete")
        await wait_screen(pilot, ConfirmDeleteDialog)
        await pilot.press("enter")  # Cancel has the focus
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("d")
        await wait_screen(pilot, ConfirmDeleteDialog)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert victim is not None and victim.id in screen.table.snapshots
        assert emulator.state.requests.count(method="DELETE") == 0


async def test_delete_404_means_already_gone(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await pilot.press("tab")
        victim = screen.table.highlighted
        assert victim is not None
        emulator.state.faults.fail_next(404, method="DELETE", path_contains="/snapshot/")
        await delete_highlighted(pilot, screen)
        await wait_until(pilot, lambda: victim.id not in screen.table.snapshots)
        assert [n["severity"] for n in notes] == ["warning"]
        assert "already deleted" in notes[0]["message"]


async def test_refresh_keeps_cursor_on_same_snapshot(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("tab", "j", "j", "j")
        chosen = screen.table.highlighted
        assert chosen is not None
        # Another client creates a newer snapshot: it lands above the cursor.
        key = (screen.current.service.id, screen.current.share.id)  # type: ignore[union-attr]
        await app.client.create_snapshot(*key, "made-elsewhere")
        emulator.state.requests.reset()
        await pilot.press("r")
        await wait_idle(pilot)
        lists = [r for r in emulator.state.requests.entries if r.method == "GET" and r.path.endswith("/snapshot")]
        assert len(lists) == 1
        assert "made-elsewhere" in {s.name for s in screen.table.snapshots.values()}
        assert screen.table.highlighted is not None and screen.table.highlighted.id == chosen.id
        assert screen.table.cursor_row == 4


async def test_api_error_keeps_data_and_notifies_with_query_id(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        rows = dict(screen.table.snapshots)
        await pilot.press("tab")
        # Three failures: the client's retries of a GET all fail too.
        emulator.state.faults.fail_next(503, method="GET", path_contains="/snapshot", times=3)
        await pilot.press("r")
        await wait_until(pilot, lambda: bool(notes), timeout=15)
        await wait_idle(pilot)
        assert screen.table.snapshots == rows
        note = notes[0]
        assert note["severity"] == "error" and note["markup"] is False
        assert "HTTP 503" in note["message"] and "Query id:" in note["message"]
        assert screen.header.conn_state == "error"
        assert screen.pane.share_error == "HTTP 503"
        # The next refresh works and clears the error.
        await pilot.press("r")
        await wait_idle(pilot)
        assert screen.pane.share_error is None and screen.header.conn_state == "ok"


async def test_create_error_notifies_and_adds_no_row(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        rows = dict(screen.table.snapshots)
        emulator.state.faults.fail_next(500, method="POST", path_contains="/snapshot")
        await pilot.press("n")
        await wait_screen(pilot, CreateSnapshotDialog)
        await pilot.press(*"boom", "enter")
        await wait_until(pilot, lambda: bool(notes))
        assert notes[0]["severity"] == "error" and "HTTP 500" in notes[0]["message"]
        assert screen.table.snapshots == rows
        assert emulator.state.requests.count(method="POST", path_contains="/snapshot") == 1  # never retried


async def test_a_toast_says_created_then_deleted_once_the_api_confirms(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await pilot.press("tab", "n")
        await wait_screen(pilot, CreateSnapshotDialog)
        await pilot.press(*"toast-me", "enter")
        await wait_until(pilot, lambda: any(n.get("title") == "Created" for n in notes))
        assert (
            next(n for n in notes if n.get("title") == "Created")["message"] == "Created snapshot toast-me: available."
        )
        await delete_highlighted(pilot, screen)
        await wait_until(pilot, lambda: any(n.get("title") == "Deleted" for n in notes))
        assert next(n for n in notes if n.get("title") == "Deleted")["message"] == "Deleted snapshot toast-me."
        assert all(s.name != "toast-me" for s in screen.table.snapshots.values())
