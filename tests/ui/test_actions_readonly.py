"""Read-only mode (flag and read-only credential), permission errors, and the audit log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from efs_tui.api.errors import ServerError
from efs_tui.api.models import ApiCredential
from efs_tui.core.audit import AuditLog
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.commands import EfsCommands
from efs_tui.ui.demo import demo_client, make_demo_app
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog
from efs_tui.ui.screens.main import MUTATING_ACTIONS

from .conftest import AppFactory, fast_config
from .helpers import capture_notifications, delete_highlighted, focus_table, row_of, wait_ready, wait_screen, wait_until

WRITE_KEYS = ("n", "d", "e", "H", "R")


def _writes(emulator: EmulatorServer) -> int:
    return sum(emulator.state.requests.count(method=m) for m in ("POST", "PUT", "DELETE"))


async def test_read_only_hides_every_write_and_refuses_the_keys(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        for action in MUTATING_ACTIONS:
            assert screen.check_action(action, ()) is False
        shown = {b.binding.action for b in app.active_bindings.values() if b.binding.show}
        assert not shown & MUTATING_ACTIONS
        titles = {title for title, _, _ in EfsCommands(screen)._available()}
        assert not titles & {"New snapshot", "Delete snapshot", "Edit snapshot", "Hold snapshot", "Revert share"}
        assert "Copy snapshot id" in titles
        for key in WRITE_KEYS:
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen
        refusals = [n for n in notes if n.get("title") == "read-only"]
        assert len(refusals) == len(WRITE_KEYS)
        assert all("read-only" in n["message"] and n["markup"] is False for n in refusals)
        assert _writes(emulator) == 0


async def test_read_only_credential_switches_the_app_to_read_only(emulator: EmulatorServer) -> None:
    client = demo_client(emulator, read_only=True)
    app = EfsTuiApp(client, config=fast_config(client))
    notes = capture_notifications(app)  # from the start: the credential check may answer before run_test returns
    try:
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            screen = await wait_ready(pilot)
            await wait_until(pilot, lambda: screen.config.read_only)
            assert emulator.state.requests.count(method="GET", path_contains="/auth/currentCredential") == 1
            assert screen.check_action("new_snapshot", ()) is False
            assert any("credential is read-only" in n["message"] for n in notes)
            await focus_table(pilot, screen)
            await pilot.press("n")
            await pilot.pause()
            assert app.screen is screen and _writes(emulator) == 0
    finally:
        await client.aclose()


async def test_credential_check_failure_is_quiet_and_a_403_is_explained(emulator: EmulatorServer) -> None:
    client = demo_client(emulator, read_only=True)

    async def broken_check() -> ApiCredential:
        # The emulator injects faults on /storage routes only: fail the check at the client instead.
        raise ServerError("check unavailable", status=503, query_id="EU.test.1")

    client.current_credential = broken_check  # type: ignore[method-assign]
    app = EfsTuiApp(client, config=fast_config(client))
    try:
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            notes = capture_notifications(app)
            screen = await wait_ready(pilot)
            assert not screen.config.read_only and notes == []
            await pilot.press("n")
            await wait_screen(pilot, CreateSnapshotDialog)
            await pilot.press(*"x", "enter")
            await wait_until(pilot, lambda: bool(notes))
            assert notes[-1]["severity"] == "error"
            assert notes[-1]["message"].startswith("This credential is read-only")
    finally:
        await client.aclose()


def _audit_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def test_every_write_is_audited(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFS_TUI_STATE_DIR", str(tmp_path))
    app = make_app(audit=AuditLog(), profile="work")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("n")
        await wait_screen(pilot, CreateSnapshotDialog)
        await pilot.press(*"audited", "enter")
        await wait_until(pilot, lambda: any(s.name == "audited" for s in screen.table.snapshots.values()))
        created = row_of(screen, "audited")
        await wait_until(pilot, lambda: row_of(screen, "audited").status == "available")
        await focus_table(pilot, screen)
        await pilot.press("e")
        await wait_screen(pilot, CreateSnapshotDialog)
        await pilot.press(*"-2", "enter")
        await wait_until(pilot, lambda: screen.table.snapshots[created.id].name == "audited-2")
        emulator.state.faults.fail_next(500, method="DELETE")
        await delete_highlighted(pilot, screen)
        await wait_until(pilot, lambda: (tmp_path / "audit.jsonl").read_text().count("\n") == 3)
        await delete_highlighted(pilot, screen)
        await wait_until(pilot, lambda: (tmp_path / "audit.jsonl").read_text().count("\n") == 4)
    records = _audit_lines(tmp_path / "audit.jsonl")
    assert [(r["action"], r["result"]) for r in records] == [
        ("create", "ok"),
        ("update", "ok"),
        ("delete", "error"),
        ("delete", "ok"),
    ]
    item_ids = {(r["service_id"], r["share_id"]) for r in records}
    assert len(item_ids) == 1
    assert all(r["snapshot_id"] == created.id and r["profile"] == "work" for r in records)
    assert all(r["endpoint"] and r["query_id"] for r in records)
    assert records[0]["name"] == "audited" and records[1]["name"] == "audited-2"
    assert records[0]["status"] == 201 and records[2]["status"] == 500 and "HTTP" not in (records[2]["error"] or "")
    assert records[2]["error"]


def test_the_demo_writes_no_audit(emulator: EmulatorServer) -> None:
    assert make_demo_app(emulator).config.audit is None
