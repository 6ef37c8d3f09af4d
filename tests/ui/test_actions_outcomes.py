"""What the screen says and does when a write does not simply succeed (Pilot, real emulator over HTTP)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from efs_tui.core.audit import AuditLog
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog

from .conftest import AppFactory
from .helpers import (
    capture_notifications,
    delete_highlighted,
    focus_table,
    wait_idle,
    wait_ready,
    wait_screen,
    wait_until,
)


def audit_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def test_a_5xx_on_delete_says_may_or_may_not_and_relists_at_once(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "audit.jsonl"
    app = make_app(audit=AuditLog(path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        victim = screen.table.highlighted
        assert victim is not None and victim.status == "available"
        emulator.faults.fail_after_next(500, method="DELETE", path_contains=victim.id)  # applied, answer lost
        lists_before = emulator.state.requests.count("GET", path_contains="/snapshot", status=200)
        await delete_highlighted(pilot, screen)
        await wait_until(pilot, lambda: any("may or may not have applied" in str(n.get("title")) for n in notes))
        # the screen reads the truth again at once: the row shows what the API did
        await wait_until(pilot, lambda: emulator.state.requests.count("GET", "/snapshot", 200) > lists_before)
        await wait_until(
            pilot,
            lambda: victim.id not in screen.table.snapshots or screen.table.snapshots[victim.id].status != "available",
        )
        note = next(n for n in notes if "may or may not have applied" in str(n.get("title")))
        assert note["severity"] == "error" and "HTTP 500" in note["message"]
        assert "not sent again" in note["message"]
        assert emulator.state.requests.count("DELETE") == 1
        await wait_idle(pilot)
    [record] = audit_lines(path)
    assert (record["action"], record["result"], record["outcome"], record["status"]) == (
        "delete",
        "error",
        "unknown",
        500,
    )


async def test_a_refused_connection_on_create_says_nothing_was_sent(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "audit.jsonl"
    app = make_app(audit=AuditLog(path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("n")
        await wait_screen(pilot, CreateSnapshotDialog)
        await pilot.press(*"unsent")
        emulator.stop()  # the port closes: the next connection is refused
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("nothing was sent" in str(n.get("title")) for n in notes))
        note = next(n for n in notes if "nothing was sent" in str(n.get("title")))
        assert "may or may not" not in note["message"] and "safe" in note["message"]
    [record] = audit_lines(path)
    assert (record["action"], record["outcome"]) == ("create", "not-sent")
