"""Edit a snapshot's name and description (``e``) and hold an automatic snapshot (``H``).

Edit sends only what changed (a cleared field is sent as ``null``), so a
concurrent change to the other field elsewhere is not overwritten. Hold is a
beta API call that gives the snapshot a *new id* and type ``manual``: the old
row is replaced by the new one, which is then followed until ``available``.
"""

from __future__ import annotations

from typing import Any

from textual import work

from efs_tui.api.errors import NotFound
from efs_tui.api.models import SnapshotStatus, SnapshotType
from efs_tui.core.validation import SnapshotDraft
from efs_tui.core.writes import Outcome
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog
from efs_tui.ui.screens.actions_base import ActionSupport
from efs_tui.ui.screens.confirm_action import ConfirmActionDialog
from efs_tui.ui.text import clean


class EditActions(ActionSupport):
    """Edit and hold."""

    @work(group="edit", exit_on_error=False, description="Edit snapshot")
    async def action_edit_snapshot(self) -> None:
        """Prefilled form (same checks as create); PUT the changed fields only; update the row in place."""
        snap, item = self.table.highlighted, self.current
        if snap is None or item is None or self.refuse_if_read_only("Edit"):
            return
        if snap.status == SnapshotStatus.DELETING:
            self.notify(f"{clean(snap.label)} is being deleted: it cannot be edited.", severity="warning", markup=False)
            return
        initial = SnapshotDraft(name=snap.name, description=snap.description)
        draft = await self.app.push_screen_wait(CreateSnapshotDialog.for_edit(item.share.label, snap.id, initial))
        if draft is None:
            return
        changes: dict[str, Any] = {}
        if draft.name != (snap.name or None):
            changes["name"] = draft.name
        if draft.description != (snap.description or None):
            changes["description"] = draft.description
        if not changes:
            self.notify("Nothing changed: no request sent.", markup=False, timeout=3)
            return
        outcome = await self.writer.update(item.service.id, item.share.id, snap, changes)
        updated = outcome.value
        if outcome.kind is not Outcome.OK or updated is None:
            self.write_not_applied(outcome, item, "Editing snapshot")
            if isinstance(outcome.error, NotFound):
                self.forget_snapshot(item, snap.id)
            return
        self.local_change(item)
        self.apply_snapshot(item, updated)
        self.notify(f"Saved snapshot {clean(updated.label)}.", markup=False, timeout=3)

    @work(group="hold", exit_on_error=False, description="Hold snapshot")
    async def action_hold_snapshot(self) -> None:
        """Confirm, POST hold, swap the old row for the new id (selected), follow it to ``available``."""
        snap, item = self.table.highlighted, self.current
        if snap is None or item is None or self.refuse_if_read_only("Hold"):
            return
        if snap.type != SnapshotType.AUTOMATIC:
            self.notify(
                f"Only automatic snapshots can be held; {clean(snap.label)} is "
                f"{clean(snap.type or 'of unknown type')}. No request sent.",
                title="Hold",
                severity="warning",
                markup=False,
            )
            return
        if snap.status != SnapshotStatus.AVAILABLE:
            self.notify(
                f"{clean(snap.label)} is {clean(snap.status or 'in an unknown state')}: "
                "only an available snapshot can be held. No request sent.",
                title="Hold",
                severity="warning",
                markup=False,
            )
            return
        lines = [
            f"Hold automatic snapshot {snap.name or '(no name)'} ({snap.id})?",
            "The snapshot policy will no longer rotate it away: it becomes a manual snapshot, "
            "kept until you delete it, and counts against the manual snapshot quota.",
            "Its id changes (a new id replaces this one) and its type becomes manual; "
            "name, creation date and path stay the same. Scripts using the old id must use the new one.",
            "Hold is a beta feature of the OVHcloud API.",
        ]
        if not await self.app.push_screen_wait(ConfirmActionDialog("Hold snapshot (beta)", lines, "Hold snapshot")):
            return
        outcome = await self.writer.hold(item.service.id, item.share.id, snap)
        held = outcome.value
        if outcome.kind is not Outcome.OK or held is None:
            self.write_not_applied(outcome, item, "Holding snapshot")
            if isinstance(outcome.error, NotFound):
                self.forget_snapshot(item, snap.id)
            return
        self.forget_snapshot(item, snap.id)
        self.apply_snapshot(item, held, select=True)
        self.notify(
            f"Held {clean(snap.label)}: it is now manual, under the new id {clean(held.id)} (was {clean(snap.id)}).",
            markup=False,
            timeout=8,
        )
        if held.is_transitional:
            self.start_poll(item, held.id)
