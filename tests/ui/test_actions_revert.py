"""Revert (``R``): refused off the latest manual snapshot, typed confirmation, share followed to available."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Static

from efs_tui.core.audit import AuditLog
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.dialogs.confirm_typed import TypedConfirmDialog

from .conftest import AppFactory
from .helpers import capture_notifications, focus_table, row_of, wait_ready, wait_screen, wait_until


async def test_revert_refused_when_not_the_latest_manual(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        old = row_of(screen, "before-upgrade-v2.3")
        latest = row_of(screen, "pre-migration")
        await focus_table(pilot, screen)
        screen.table.select(old.id)
        await pilot.press("R")
        await pilot.pause()
        assert app.screen is screen
        message = notes[-1]["message"]
        assert "latest manual snapshot" in message and latest.id in message and "pre-migration" in message
        assert "deleted" in message
        assert emulator.state.requests.count(method="POST") == 0


async def test_revert_refused_on_automatic_snapshot(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("R")  # the newest row is automatic
        await pilot.pause()
        assert "manual snapshot" in notes[-1]["message"] and "Hold it first" in notes[-1]["message"]
        assert emulator.state.requests.count(method="POST") == 0


async def test_revert_with_typed_name_reverts_and_follows_the_share(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path
) -> None:
    emulator.state.revert_delay = 1.0  # long enough to see "reverting" under load
    audit = AuditLog(tmp_path / "audit.jsonl")
    app = make_app(audit=audit)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        target = row_of(screen, "pre-migration")
        newer = screen.table.visible_snapshots()[0]
        assert newer.type == "automatic" and newer.created_at > target.created_at  # type: ignore[operator]
        await focus_table(pilot, screen)
        screen.table.select(target.id)
        await pilot.press("R")
        await wait_screen(pilot, TypedConfirmDialog)
        dialog = app.screen
        body = "\n".join(str(s.render()) for s in dialog.query(".body-line").results(Static))
        assert newer.id in body and str(newer.name) in body and "automatic" in body
        assert "irreversibly" in body
        confirm = dialog.query_one("#confirm", Button)
        await pilot.press(*"web-contents")  # wrong name
        assert confirm.disabled
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and emulator.state.requests.count(method="POST") == 0
        await pilot.press("backspace")
        assert not confirm.disabled
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: screen.current is not None and screen.current.share.status == "reverting")
        assert newer.id not in screen.table.snapshots
        await wait_until(pilot, lambda: screen.current is not None and screen.current.share.status == "available")
        await wait_until(pilot, lambda: screen.table.snapshots[target.id].status == "available")
        assert newer.id not in screen.table.snapshots
        assert emulator.state.requests.count(method="POST", path_contains="/revert") == 1
    [record] = audit.read()
    assert (record.action, record.result, record.snapshot_id, record.status) == ("revert", "ok", target.id, 202)


async def test_revert_cancel_sends_nothing(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        screen.table.select(row_of(screen, "pre-migration").id)
        await pilot.press("R")
        await wait_screen(pilot, TypedConfirmDialog)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert emulator.state.requests.count(method="POST") == 0
