"""Bulk delete of the marked snapshots (``space`` marks, ``d`` deletes them, ``Esc`` clears).

One confirmation lists every marked snapshot; then the deletes run a few at a
time inside this one worker, each with its own result on the report screen and
its own audit record. Successes go ``deleting`` and are followed until gone;
failures keep their row (and their mark) and are listed with the HTTP status,
message and query id. Nothing is retried.
"""

from __future__ import annotations

from collections.abc import Sequence

from efs_tui.api.errors import OvhError
from efs_tui.api.models import Snapshot, SnapshotStatus
from efs_tui.core.bulk import DEFAULT_CONCURRENCY, BulkOutcome, BulkResult, delete_many
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from efs_tui.ui.screens.actions_base import ActionSupport
from efs_tui.ui.screens.bulk_report import BulkDeleteReport, summary
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem


class BulkActions(ActionSupport):
    """Marks and the bulk delete."""

    bulk_concurrency: int = DEFAULT_CONCURRENCY
    """DELETE requests in flight at once."""

    # -- marks (the table owns them; these adapt its API) -----------------------------------

    def marked(self) -> list[Snapshot]:
        """The marked snapshots of the shown share, in table order."""
        return list(self.table.marked_snapshots())

    def clear_marks(self) -> bool:
        """Unmark everything; ``True`` if there was something to clear."""
        if not self.table.marked_ids:
            return False
        self.table.clear_marks()
        return True

    def _unmark(self, snapshot_ids: Sequence[str]) -> None:
        """Unmark the given snapshots (those still shown and marked)."""
        marked = self.table.marked_ids
        for snapshot_id in snapshot_ids:
            if snapshot_id in marked:
                self.table.toggle_mark(snapshot_id)

    def action_toggle_mark(self) -> None:
        """Space's twin for the palette: mark or unmark the highlighted snapshot, then move down."""
        self.table.action_toggle_mark_down()

    def action_clear_marks(self) -> None:
        """Esc with marks: clear them."""
        if self.clear_marks():
            self.notify("Marks cleared.", markup=False, timeout=2)

    # -- bulk delete ------------------------------------------------------------------------

    async def delete_marked(self, item: ShareItem, snapshots: Sequence[Snapshot]) -> list[BulkResult]:
        """Confirm once, then delete ``snapshots`` with a live report; return the results (empty if cancelled)."""
        confirmed = await self.app.push_screen_wait(
            ConfirmDeleteDialog(snapshots, service=item.service, share=item.share)
        )
        if not confirmed or self.refuse_if_read_only("Delete"):
            return []
        report = BulkDeleteReport(snapshots, self.bulk_concurrency)
        await self.app.push_screen(report)

        def on_result(result: BulkResult) -> None:
            report.add_result(result)
            self._bulk_result(item, result)

        results = await delete_many(
            self.writer,
            item.service.id,
            item.share.id,
            snapshots,
            concurrency=self.bulk_concurrency,
            on_start=report.started,
            on_result=on_result,
        )
        report.finish()
        self._unmark([r.snapshot.id for r in results if r.ok])
        if any(r.write is not None and r.write.uncertain for r in results):
            self.reload_truth(item)  # some DELETEs may or may not have applied: show what did
        failed = [r for r in results if not r.ok]
        text = f"Bulk delete on {clean(item.share.label)}: {summary(results)}."
        if failed:
            text += "\n" + "\n".join(f"✖ {clean(r.snapshot.label)}: {clean(r.describe())}" for r in failed)
        self.notify(
            text,
            title="Bulk delete",
            severity="error" if failed else "information",
            markup=False,
            timeout=15 if failed else 6,
        )
        return results

    def _bulk_result(self, item: ShareItem, result: BulkResult) -> None:
        """One snapshot's result (already audited by the write path): update its row."""
        snap = result.snapshot
        if result.outcome is BulkOutcome.FAILED:
            self.delete_errors[snap.id] = " ".join(
                p for p in (f"HTTP {result.status}" if result.status else "", result.message) if p
            )
            if isinstance(result.error, OvhError):
                self.remember_error(result.error)
            self._update_detail()
            return
        self.delete_errors.pop(snap.id, None)
        if result.outcome is BulkOutcome.DELETED:
            self.mark(item, snap, SnapshotStatus.DELETING)
            self.start_poll(item, snap.id)
        elif result.status == 404:
            self.forget_snapshot(item, snap.id)
        else:
            self.start_poll(item, snap.id)
