"""What the main screen says and keeps after a write, end to end against the emulator.

1. (Share and service names holding markup: see test_hostile_text.py.)
2. Revert plans from a list read again just before (and after) the confirmation.
3. A write whose 2xx answer cannot be read is "done, answer unreadable", never retried.
4. A write interrupted (worker cancelled, app closed) is audited as "outcome unknown".
5. The audit file is written off the event loop.
6. A list answer requested before a local change does not undo that change on screen.
7. The activity log's hint names the columns in their order; no stray scrollbar glyph.
"""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import RichLog, Static

from efs_tui.api.errors import InvalidResponse
from efs_tui.api.models import Snapshot
from efs_tui.core.audit import AuditLog
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.dialogs.confirm_typed import TypedConfirmDialog
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog
from efs_tui.ui.screens.activity import ActivityScreen
from efs_tui.ui.screens.main import MainScreen

from .conftest import BASE_TIME, AppFactory
from .helpers import (
    capture_notifications,
    delete_highlighted,
    focus_table,
    row_of,
    wait_idle,
    wait_ready,
    wait_screen,
    wait_until,
)


def key_of(screen: MainScreen) -> tuple[str, str]:
    assert screen.current is not None
    return screen.current.service.id, screen.current.share.id


def shown(widget: Widget) -> str:
    """The text a widget draws on screen, line by line."""
    width, height = widget.size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def list_requests(emulator: EmulatorServer) -> int:
    """How many snapshot lists the emulator has served."""
    return sum(1 for r in emulator.state.requests.entries if r.method == "GET" and r.path.endswith("/snapshot"))


def audit_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def create_through_dialog(pilot: Pilot[Any], name: str) -> None:
    """``n``, type the name, submit."""
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CreateSnapshotDialog))
    await pilot.press(*name, "enter")


# -- 2. revert from a fresh list ---------------------------------------------------------------------


def newer_snapshot(kind: str) -> Snapshot:
    return Snapshot(
        id="5ca1ab1e-0000-4000-8000-000000000002",
        name=f"sneaky-{kind}",
        description=None,
        type=kind,
        status="available",
        path="/export/.snapshot/sneaky",
        created_at=BASE_TIME,
    )


async def test_revert_refuses_when_a_newer_manual_snapshot_appeared(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        target = row_of(screen, "pre-migration")  # the latest manual one in the loaded list
        sneaky = newer_snapshot("manual")
        emulator.state.add_snapshot(*key_of(screen), sneaky)
        await focus_table(pilot, screen)
        screen.table.select(target.id)
        await pilot.press("R")
        await wait_until(pilot, lambda: any(n.get("title") == "Cannot revert" for n in notes))
        message = next(n["message"] for n in notes if n.get("title") == "Cannot revert")
        assert "latest manual snapshot" in message and sneaky.id in message and "No request sent" in message
        assert not isinstance(app.screen, TypedConfirmDialog)
        assert sneaky.id in screen.table.snapshots  # the fresh list is shown too
        assert emulator.state.requests.count(method="POST") == 0


async def test_revert_confirmation_names_an_automatic_snapshot_taken_since_the_list(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        target = row_of(screen, "pre-migration")
        sneaky = newer_snapshot("automatic")
        emulator.state.add_snapshot(*key_of(screen), sneaky)
        await focus_table(pilot, screen)
        screen.table.select(target.id)
        await pilot.press("R")
        await wait_screen(pilot, TypedConfirmDialog)
        body = "\n".join(str(s.render()) for s in app.screen.query(".body-line").results(Static))
        assert sneaky.id in body and "sneaky-automatic" in body
        assert "no other snapshot is lost" not in body
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert emulator.state.requests.count(method="POST") == 0


async def test_revert_refuses_when_the_list_changed_during_the_confirmation(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        target = row_of(screen, "pre-migration")
        await focus_table(pilot, screen)
        screen.table.select(target.id)
        await pilot.press("R")
        await wait_screen(pilot, TypedConfirmDialog)
        emulator.state.add_snapshot(*key_of(screen), newer_snapshot("automatic"))  # while the dialog is open
        assert screen.current is not None
        await pilot.press(*screen.current.share.label, "enter")
        await wait_until(pilot, lambda: any(n.get("title") == "Cannot revert" for n in notes))
        message = next(n["message"] for n in notes if n.get("title") == "Cannot revert")
        assert "while you were confirming" in message and "No request sent" in message
        await wait_idle(pilot)
        assert emulator.state.requests.count(method="POST") == 0


async def test_revert_refuses_when_the_share_cannot_be_read_again(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        target = row_of(screen, "pre-migration")
        await focus_table(pilot, screen)
        screen.table.select(target.id)
        emulator.state.faults.fail_next(403, method="GET", path_contains="/snapshot")
        await pilot.press("R")
        await wait_until(pilot, lambda: any(str(n.get("title", "")).startswith("Cannot revert") for n in notes))
        note = next(n for n in notes if str(n.get("title", "")).startswith("Cannot revert"))
        failed = next(r for r in app.activity.entries() if r.status == 403)
        assert failed.query_id and failed.query_id in note["message"]
        assert "No request sent" in note["message"] and note["severity"] == "error"
        assert not isinstance(app.screen, TypedConfirmDialog)
        assert emulator.state.requests.count(method="POST") == 0


# -- 3. a 2xx answer that cannot be read -------------------------------------------------------------


async def test_create_with_unreadable_answer_is_done_audited_and_reloaded(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "audit.jsonl"
    app = make_app(audit=AuditLog(path))
    real_create = app.client.create_snapshot

    async def create(*args: Any, **kwargs: Any) -> Snapshot:
        await real_create(*args, **kwargs)
        raise InvalidResponse("unreadable", status=201, query_id="EU.ext-test.unreadable", method="POST", path="/x")

    app.client.create_snapshot = create  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await create_through_dialog(pilot, "half-seen")
        await wait_until(pilot, lambda: any(s.name == "half-seen" for s in screen.table.snapshots.values()))
        note = next(n for n in notes if "unreadable" in str(n.get("title", "")))
        assert note["severity"] == "warning" and "EU.ext-test.unreadable" in note["message"]
        await wait_idle(pilot)
        assert emulator.state.requests.count(method="POST") == 1  # never sent again
    [record] = audit_lines(path)
    assert (record["action"], record["result"], record["error"]) == ("create", "ok", "answer unreadable")
    assert (record["status"], record["query_id"]) == (201, "EU.ext-test.unreadable")


async def test_bulk_delete_with_unreadable_answer_counts_as_deleted(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "audit.jsonl"
    app = make_app(audit=AuditLog(path))
    real_delete = app.client.delete_snapshot

    async def delete(*args: Any, **kwargs: Any) -> None:
        await real_delete(*args, **kwargs)
        raise InvalidResponse("unreadable", status=200, query_id="EU.ext-test.del", method="DELETE", path="/x")

    app.client.delete_snapshot = delete  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("space")
        [victim] = screen.table.marked_snapshots()
        await delete_highlighted(pilot, screen)
        await wait_until(pilot, lambda: victim.id not in screen.table.snapshots)
        assert emulator.state.requests.count(method="DELETE") == 1
    [record] = audit_lines(path)
    assert (record["action"], record["result"], record["error"]) == ("delete", "ok", "answer unreadable")
    assert record["query_id"] == "EU.ext-test.del"


# -- 4 and 5. interrupted writes; the audit file off the loop ---------------------------------------


async def test_create_interrupted_is_audited_as_outcome_unknown(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFS_TUI_STATE_DIR", str(tmp_path))
    app = make_app(audit=AuditLog())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        emulator.state.faults.latency_ms = 2000
        await create_through_dialog(pilot, "never-known")
        await wait_until(pilot, lambda: app.screen is screen and screen.header.in_flight > 0)
        [worker] = [w for w in app.workers if w.group == "create"]
        worker.cancel()
        await wait_until(pilot, lambda: worker.is_finished)
        emulator.state.faults.latency_ms = 0
    [record] = audit_lines(tmp_path / "audit.jsonl")
    assert (record["action"], record["result"], record["name"]) == ("create", "error", "never-known")
    assert record["error"] == "interrupted: outcome unknown"


async def test_delete_interrupted_by_quitting_is_audited(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "audit.jsonl"
    app = make_app(audit=AuditLog(path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        victim = screen.table.highlighted
        assert victim is not None
        emulator.state.faults.hold_writes = True  # the DELETE stays in flight until the app is gone
        await pilot.press("d")
        await wait_until(pilot, lambda: app.screen is not screen)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen and screen.header.in_flight > 0)
        await pilot.press("q")
    emulator.state.faults.hold_writes = False
    await asyncio.sleep(0.05)
    [record] = audit_lines(path)
    assert (record["action"], record["result"], record["snapshot_id"]) == ("delete", "error", victim.id)
    assert record["error"] == "interrupted: outcome unknown"


async def test_audit_is_written_off_the_event_loop(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path
) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    threads: list[str] = []
    real_record = log.record

    def record(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real_record(*args, **kwargs)

    log.record = record  # type: ignore[method-assign]
    app = make_app(audit=log)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await create_through_dialog(pilot, "threaded")
        await wait_until(pilot, lambda: any(s.name == "threaded" for s in screen.table.snapshots.values()))
    assert threads and threading.main_thread().name not in threads
    assert audit_lines(tmp_path / "audit.jsonl")[0]["result"] == "ok"


# -- 6. a list answer older than a local change ------------------------------------------------------


async def test_list_answer_requested_before_a_create_keeps_the_new_row(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    real_list = app.client.list_snapshots
    gate = asyncio.Event()
    held: list[bool] = []

    async def list_snapshots(*args: Any, **kwargs: Any) -> list[Snapshot]:
        answer = await real_list(*args, **kwargs)  # computed by the API now...
        if not gate.is_set():
            held.append(True)
            await gate.wait()  # ...delivered late
        return answer

    app.client.list_snapshots = list_snapshots  # type: ignore[method-assign]
    gate.set()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        gate.clear()
        lists_before = list_requests(emulator)
        await pilot.press("r")
        await wait_until(pilot, lambda: held)  # the old list is on its way
        await create_through_dialog(pilot, "brand-new")
        await wait_until(pilot, lambda: any(s.name == "brand-new" for s in screen.table.snapshots.values()))
        gate.set()  # the stale answer lands now
        await wait_until(pilot, lambda: screen.pane.listing is None)
        await wait_idle(pilot)
        assert any(s.name == "brand-new" for s in screen.table.snapshots.values())
        entry = screen.cache.get(key_of(screen))
        assert entry is not None and any(s.name == "brand-new" for s in entry.snapshots.values())
        assert list_requests(emulator) == lists_before + 2  # the stale answer was asked for again


async def test_list_answer_requested_before_a_delete_keeps_it_deleting(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    emulator.state.delete_delay = 30  # stays "deleting" for the whole test
    app = make_app(poll_initial=5.0, poll_max=5.0)  # no poll corrects the row during the test
    real_list = app.client.list_snapshots
    gate = asyncio.Event()
    held: list[bool] = []

    async def list_snapshots(*args: Any, **kwargs: Any) -> list[Snapshot]:
        answer = await real_list(*args, **kwargs)
        if not gate.is_set():
            held.append(True)
            await gate.wait()
        return answer

    app.client.list_snapshots = list_snapshots  # type: ignore[method-assign]
    gate.set()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        victim = screen.table.highlighted
        assert victim is not None
        gate.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: held)
        await pilot.press("d")
        await wait_until(pilot, lambda: app.screen is not screen)
        await pilot.press("y")
        await wait_until(pilot, lambda: screen.table.snapshots[victim.id].status == "deleting")
        gate.set()
        await wait_until(pilot, lambda: screen.pane.listing is None)
        await pilot.pause(0.1)
        assert screen.table.snapshots[victim.id].status == "deleting"


# -- 7. activity log ---------------------------------------------------------------------------------


async def test_activity_hint_names_the_columns_in_order_and_no_stray_scrollbar(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("L")
        await wait_screen(pilot, ActivityScreen)
        screen = app.screen
        hint = shown(screen.query_one("#activity-hint"))
        assert hint.startswith("time  method  status  duration  query id  path")
        log = screen.query_one(RichLog)
        await wait_until(pilot, lambda: len(log.lines) >= len(app.activity))
        await pilot.pause()
        assert log.virtual_size.width > log.size.width  # long lines: one line per call, cut at the edge
        assert not any(ch in shown(screen.query_one("#activity-dialog")) for ch in "▉▊▋▌▍▎▏")
        assert log.scrollbar_size_horizontal == 0
        await pilot.press("right", "right")
        assert log.scroll_x > 0  # what is cut can still be read
        text = "\n".join(line.text for line in log.lines)
        assert all(r.query_id and r.query_id in text for r in app.activity.entries())
