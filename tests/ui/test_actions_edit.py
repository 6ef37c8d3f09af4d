"""Edit (``e``) and hold (``H``), end to end against the emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from efs_tui.core.audit import AuditLog
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.dialogs.confirm_action import ConfirmActionDialog
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog

from .conftest import AppFactory
from .helpers import capture_notifications, focus_table, hold_highlighted, row_of, wait_ready, wait_screen, wait_until


async def test_edit_sends_only_changed_fields_and_updates_the_row(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    sent: list[Any] = []
    original_send = app.client._send

    async def send(method: str, path: str, **kwargs: Any) -> Any:
        if method == "PUT":
            sent.append(kwargs.get("body"))  # the exact JSON body the client signs and sends
        return await original_send(method, path, **kwargs)

    app.client._send = send  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        snap = row_of(screen, "before-upgrade-v2.3")
        await focus_table(pilot, screen)
        screen.table.select(snap.id)
        await pilot.press("e")
        await wait_screen(pilot, CreateSnapshotDialog)
        dialog = app.screen
        assert isinstance(dialog, CreateSnapshotDialog)
        assert dialog.name_input.value == "before-upgrade-v2.3"
        assert dialog.description_input.value == "Taken before the v2.3 rollout"
        dialog.description_input.value = ""  # cleared: sent as null
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.table.snapshots[snap.id].description is None)
        puts = [r for r in emulator.state.requests.entries if r.method == "PUT"]
        assert len(puts) == 1 and puts[0].path.endswith(f"/snapshot/{snap.id}")
        assert screen.table.snapshots[snap.id].name == "before-upgrade-v2.3"
        assert screen.table.highlighted is not None and screen.table.highlighted.id == snap.id
        assert sent == [{"description": None}]


async def test_edit_invalid_name_keeps_dialog_and_sends_nothing(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("e")
        await wait_screen(pilot, CreateSnapshotDialog)
        dialog = app.screen
        assert isinstance(dialog, CreateSnapshotDialog)
        dialog.name_input.value = "x" * 200
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # still open, showing the problem
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert emulator.state.requests.count(method="PUT") == 0


async def test_edit_without_change_sends_nothing(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("e")
        await wait_screen(pilot, CreateSnapshotDialog)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert emulator.state.requests.count(method="PUT") == 0
        assert "Nothing changed" in notes[-1]["message"]


async def test_hold_replaces_the_row_with_the_new_manual_id(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path
) -> None:
    audit = AuditLog(tmp_path / "audit.jsonl")
    app = make_app(audit=audit)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        emulator.state.transitions_paused = True  # "manage_starting" must be seen however busy the machine is
        old, new = await hold_highlighted(pilot, screen)
        assert (new.name, new.type, new.created_at) == (old.name, "manual", old.created_at)
        assert new.status == "manage_starting"
        emulator.state.transitions_paused = False
        await wait_until(pilot, lambda: screen.table.snapshots[new.id].status == "available")
        assert screen.table.highlighted is not None and screen.table.highlighted.id == new.id
        assert emulator.state.requests.count(method="POST", path_contains="/hold") == 1
    [record] = audit.read()
    assert (record.action, record.result, record.snapshot_id, record.name) == ("hold", "ok", old.id, old.name)


async def test_hold_refuses_non_automatic_without_request(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        snap = row_of(screen, "pre-migration")
        await focus_table(pilot, screen)
        screen.table.select(snap.id)
        await pilot.press("H")
        await pilot.pause()
        assert app.screen is screen
        assert "Only automatic snapshots can be held" in notes[-1]["message"]
        assert emulator.state.requests.count(method="POST") == 0


async def test_hold_cancel_sends_nothing(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("H")
        await wait_screen(pilot, ConfirmActionDialog)
        await pilot.press("enter")  # Cancel has the focus
        await wait_until(pilot, lambda: app.screen is screen)
        assert emulator.state.requests.count(method="POST") == 0
