"""Bulk delete of the marked snapshots: one confirmation, a live report, one result per snapshot.

The deletes run a few at a time through the one write path (via
:func:`efs_tui.core.bulk.delete_many`), each audited on its own. Successes go
``deleting`` and are followed until gone; failures keep their row (and their
mark) and are listed with the HTTP status, message and query id. Nothing is
retried; if any outcome is unknown, the share's list is read again at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from efs_tui.api.errors import OvhError
from efs_tui.api.models import Snapshot, SnapshotStatus
from efs_tui.core.bulk import DEFAULT_CONCURRENCY, BulkOutcome, BulkResult, delete_many
from efs_tui.ui.dialogs.bulk_report import BulkDeleteReport, summary
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from efs_tui.ui.flows.context import FlowContext
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem


async def delete_marked(
    ctx: FlowContext, item: ShareItem, snapshots: Sequence[Snapshot], concurrency: int = DEFAULT_CONCURRENCY
) -> list[BulkResult]:
    """Confirm once, then delete ``snapshots`` with a live report; return the results (empty if cancelled)."""
    if not await ctx.ask(ConfirmDeleteDialog(snapshots, service=item.service, share=item.share)):
        return []
    if ctx.refuse_if_read_only("Delete"):
        return []
    return await delete_with_report(ctx, item, snapshots, concurrency)


async def delete_with_report(
    ctx: FlowContext, item: ShareItem, snapshots: Sequence[Snapshot], concurrency: int, *, title: str = "Bulk delete"
) -> list[BulkResult]:
    """Delete ``snapshots`` (already confirmed) with the live report, the rows followed, and a summary toast."""
    report = BulkDeleteReport(snapshots, concurrency)
    await ctx.show(report)

    def on_result(result: BulkResult) -> None:
        report.add_result(result)
        _show_result(ctx, item, result)

    results = await delete_many(
        ctx.writer,
        item.service.id,
        item.share.id,
        snapshots,
        concurrency=concurrency,
        on_start=report.started,
        on_result=on_result,
    )
    report.finish()
    ctx.pane.unmark([r.snapshot.id for r in results if r.ok])
    if any(r.write is not None and r.write.uncertain for r in results):
        ctx.pane.reload_truth(item)  # some DELETEs may or may not have applied: show what did
    failed = [r for r in results if not r.ok]
    text = f"{title} on {clean(item.share.label)}: {summary(results)}."
    if failed:
        text += "\n" + "\n".join(f"✖ {clean(r.snapshot.label)}: {clean(r.describe())}" for r in failed)
    ctx.say(text, title=title, severity="error" if failed else "information", timeout=15 if failed else 6)
    return results


def _show_result(ctx: FlowContext, item: ShareItem, result: BulkResult) -> None:
    """One snapshot's result (already audited by the write path): update its row."""
    snap = result.snapshot
    if result.outcome is BulkOutcome.FAILED:
        ctx.pane.note_delete_error(
            snap.id, " ".join(p for p in (f"HTTP {result.status}" if result.status else "", result.message) if p)
        )
        if isinstance(result.error, OvhError):
            ctx.remember_error(result.error)
        return
    ctx.pane.note_delete_error(snap.id, None)
    if result.outcome is BulkOutcome.DELETED:
        ctx.pane.mark(item, snap, SnapshotStatus.DELETING)
        ctx.pane.start_poll(item, snap.id)
    elif result.status == 404:
        ctx.pane.forget_snapshot(item, snap.id)
    else:
        ctx.pane.start_poll(item, snap.id)
