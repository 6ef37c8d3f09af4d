"""Marks and bulk delete: one confirmation, bounded concurrency, one result per snapshot."""

from __future__ import annotations

from textual.widgets import Static

from efs_tui.api.client import OvhClient
from efs_tui.api.models import Snapshot
from efs_tui.core.bulk import BulkOutcome, BulkResult, delete_many
from efs_tui.core.writes import Writer
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.dialogs.bulk_report import BulkDeleteReport
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog

from .conftest import AppFactory
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


def _ids(emulator: EmulatorServer) -> tuple[str, str]:
    service = emulator.state.service_ids()[0]
    return service, emulator.state.share_ids(service)[0]


async def test_delete_many_reports_every_item_in_order(client: OvhClient, emulator: EmulatorServer) -> None:
    service, share = _ids(emulator)
    snaps = [s for s in await client.list_snapshots(service, share) if s.type != "system"][:4]
    gone = Snapshot(id="00000000-0000-4000-8000-000000000000", name="ghost")
    deleting = Snapshot(id="11111111-1111-4111-8111-111111111111", name="on-its-way", status="deleting")
    emulator.state.faults.fail_next(500, method="DELETE", path_contains=snaps[1].id)
    seen: list[BulkResult] = []
    started: list[str] = []
    results = await delete_many(
        Writer(client, None),
        service,
        share,
        [*snaps, gone, deleting],
        concurrency=2,
        on_start=lambda s: started.append(s.id),
        on_result=seen.append,
    )
    assert [r.snapshot.id for r in results] == [s.id for s in [*snaps, gone, deleting]]
    assert [r.outcome for r in results] == [
        BulkOutcome.DELETED,
        BulkOutcome.FAILED,
        BulkOutcome.DELETED,
        BulkOutcome.DELETED,
        BulkOutcome.ALREADY_GONE,
        BulkOutcome.ALREADY_GONE,
    ]
    failed = results[1]
    assert failed.status == 500 and failed.query_id and failed.message
    assert failed.describe().startswith("failed: HTTP 500") and failed.query_id in failed.describe()
    assert results[4].status == 404 and results[4].describe() == "already gone (404)"
    assert results[0].status in (200, 204) and results[0].query_id
    assert sorted(r.snapshot.id for r in seen) == sorted(r.snapshot.id for r in results)
    assert deleting.id not in started  # no request for a snapshot already being deleted
    assert emulator.state.requests.count(method="DELETE") == 5  # never retried


async def test_delete_many_never_exceeds_the_concurrency(client: OvhClient, emulator: EmulatorServer) -> None:
    service, share = _ids(emulator)
    snaps = [s for s in await client.list_snapshots(service, share) if s.type != "system"][:6]
    emulator.state.faults.latency_ms = 50
    in_flight = peak = 0

    def start(_: Snapshot) -> None:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)

    def done(_: BulkResult) -> None:
        nonlocal in_flight
        in_flight -= 1

    results = await delete_many(
        Writer(client, None), service, share, snaps, concurrency=3, on_start=start, on_result=done
    )
    assert peak <= 3 and all(r.ok for r in results)


async def test_bulk_delete_of_three_marked_with_one_failure(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("space", "space", "space")
        marked = screen.table.marked_snapshots()
        assert len(marked) == 3
        emulator.state.faults.fail_next(status=500, method="DELETE", times=1)
        await pilot.press("d")
        await wait_screen(pilot, ConfirmDeleteDialog)
        dialog = app.screen
        assert len(dialog.query(".snapshot-entry")) == 3
        assert app.focused is not None and app.focused.id == "cancel"
        await pilot.press("y")
        await wait_screen(pilot, BulkDeleteReport)
        report = app.screen
        assert isinstance(report, BulkDeleteReport)
        await wait_until(pilot, lambda: report.finished)
        outcomes = sorted(r.outcome for r in report.results.values())
        assert outcomes == sorted([BulkOutcome.DELETED, BulkOutcome.DELETED, BulkOutcome.FAILED])
        failed = next(r for r in report.results.values() if r.outcome is BulkOutcome.FAILED)
        lines = [str(s.render()) for s in report.query(".bulk-item").results(Static)]
        assert sum("HTTP 500" in line and str(failed.query_id) in line for line in lines) == 1
        assert sum("deleted" in line for line in lines) == 2
        assert "2 deleted, 1 failed" in str(report.query_one("#progress", Static).render())
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        deleted = [s.id for s in marked if s.id != failed.snapshot.id]
        await wait_until(pilot, lambda: all(i not in screen.table.snapshots for i in deleted))
        assert failed.snapshot.id in screen.table.snapshots
        assert screen.table.marked_ids == {failed.snapshot.id}  # marks cleared for the successes only
        assert emulator.state.requests.count(method="DELETE") == 3
        summary = notes[-1]
        assert summary["severity"] == "error" and "HTTP 500" in summary["message"]
        # Esc clears the remaining mark.
        await pilot.press("escape")
        assert screen.table.marked_ids == frozenset()


async def test_bulk_delete_cancel_keeps_marks(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("space", "space")
        await pilot.press("d")
        await wait_screen(pilot, ConfirmDeleteDialog)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_idle(pilot)
        assert len(screen.table.marked_ids) == 2
        assert emulator.state.requests.count(method="DELETE") == 0


async def test_bulk_delete_of_a_system_snapshot_reports_the_refusal(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        system = next(s for s in screen.table.snapshots.values() if s.type == "system")
        manual = row_of(screen, "pre-migration")
        await focus_table(pilot, screen)
        screen.table.toggle_mark(system.id)
        screen.table.toggle_mark(manual.id)
        await delete_highlighted(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteReport) and app.screen.finished)
        report = app.screen
        assert isinstance(report, BulkDeleteReport)
        assert report.results[system.id].outcome is BulkOutcome.FAILED
        assert report.results[system.id].status == 400
        assert report.results[manual.id].outcome is BulkOutcome.DELETED


async def test_closing_the_report_early_lets_the_deletes_finish(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("space", "space", "space", "space")
        marked = screen.table.marked_snapshots()
        await pilot.press("d")
        await wait_screen(pilot, ConfirmDeleteDialog)
        emulator.state.faults.hold_writes = True  # the report is closed while the deletes are provably in flight
        await pilot.press("y")
        await wait_screen(pilot, BulkDeleteReport)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        emulator.state.faults.hold_writes = False
        await wait_until(pilot, lambda: any(n.get("title") == "Bulk delete" for n in notes))
        assert "4 deleted" in next(n for n in notes if n.get("title") == "Bulk delete")["message"]
        await wait_until(pilot, lambda: all(s.id not in screen.table.snapshots for s in marked))
        assert emulator.state.requests.count(method="DELETE") == 4
