"""Marks for bulk actions (``space`` marks, ``Esc`` clears); ``d`` with marks runs the bulk delete flow.

The bulk delete itself is a plain flow, :func:`efs_tui.ui.flows.delete_marked`.
"""

from __future__ import annotations

from collections.abc import Sequence

from efs_tui.api.models import Snapshot
from efs_tui.core.bulk import DEFAULT_CONCURRENCY
from efs_tui.ui.screens.actions_base import ActionSupport


class BulkActions(ActionSupport):
    """Marks (the bulk delete reads them)."""

    bulk_concurrency: int = DEFAULT_CONCURRENCY
    """DELETE requests in flight at once during a bulk delete."""

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

    def unmark(self, snapshot_ids: Sequence[str]) -> None:
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
