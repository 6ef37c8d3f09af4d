"""Create, delete, edit and hold one snapshot: ask, write through the one write path, show, follow.

Each flow is what one key does once the selection is known. The write itself,
its wording and its audit record belong to :class:`~efs_tui.core.writes.Writer`;
a flow decides only what to ask first and how the rows change afterwards.
"""

from __future__ import annotations

from typing import Any

from efs_tui.api.errors import NotFound
from efs_tui.api.models import Snapshot, SnapshotStatus, SnapshotType
from efs_tui.core.quota import create_refusal, manual_count
from efs_tui.core.validation import SnapshotDraft
from efs_tui.core.writes import Outcome
from efs_tui.ui.dialogs.confirm_action import ConfirmActionDialog
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog
from efs_tui.ui.flows.context import FlowContext
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem


async def create_snapshot(ctx: FlowContext, item: ShareItem) -> None:
    """Ask for a name and description, POST, then follow the new row until it settles."""
    if ctx.refuse_if_read_only("New snapshot"):
        return
    refusal = create_refusal(manual_count(ctx.pane.all_snapshots(item)), ctx.manual_snapshot_limit)
    if refusal is not None:
        ctx.say(refusal, title="Manual snapshot limit", severity="warning", timeout=10)
        return
    draft = await ctx.ask(CreateSnapshotDialog(item.share.label))
    if draft is None:
        return
    outcome = await ctx.writer.create(item.service.id, item.share.id, draft.name, draft.description)
    snap = outcome.value
    if outcome.kind is not Outcome.OK or snap is None:
        ctx.write_not_applied(outcome, item, "Creating snapshot")
        return
    ctx.pane.local_change(item)
    ctx.pane.apply_snapshot(item, snap, select=True)
    ctx.say(f"Creating snapshot {clean(snap.label)}…", timeout=3)
    ctx.pane.start_poll(item, snap.id, announce="created")


async def delete_snapshot(ctx: FlowContext, item: ShareItem, snap: Snapshot) -> None:
    """Confirm (Cancel focused), DELETE, show ``deleting`` and follow it; a 404 drops the row."""
    if ctx.refuse_if_read_only("Delete"):
        return
    if not await ctx.ask(ConfirmDeleteDialog([snap], service=item.service, share=item.share)):
        return
    outcome = await ctx.writer.delete(item.service.id, item.share.id, snap.id, snap.name, seen=True)
    if outcome.kind is Outcome.ALREADY_GONE:
        ctx.say(f"Snapshot {clean(snap.label)} was already deleted.", severity="warning")
        ctx.pane.forget_snapshot(item, snap.id)
        return
    failed = not outcome.applied and outcome.error is not None
    ctx.pane.note_delete_error(
        snap.id, outcome.error.describe().split("\n", 1)[0] if failed and outcome.error else None
    )
    if outcome.kind is not Outcome.OK:
        ctx.write_not_applied(outcome, item, "Deleting snapshot")
        return
    ctx.pane.mark(item, snap, SnapshotStatus.DELETING)
    ctx.say(f"Deleting snapshot {clean(snap.label)}…", timeout=3)
    ctx.pane.start_poll(item, snap.id, announce="deleted")


async def edit_snapshot(ctx: FlowContext, item: ShareItem, snap: Snapshot) -> None:
    """Prefilled form (same checks as create); PUT the changed fields only; update the row in place."""
    if ctx.refuse_if_read_only("Edit"):
        return
    if snap.status == SnapshotStatus.DELETING:
        ctx.say(f"{clean(snap.label)} is being deleted: it cannot be edited.", severity="warning")
        return
    initial = SnapshotDraft(name=snap.name, description=snap.description)
    draft = await ctx.ask(CreateSnapshotDialog.for_edit(item.share.label, snap.id, initial))
    if draft is None:
        return
    changes: dict[str, Any] = {}
    if draft.name != (snap.name or None):
        changes["name"] = draft.name
    if draft.description != (snap.description or None):
        changes["description"] = draft.description
    if not changes:
        ctx.say("Nothing changed: no request sent.", timeout=3)
        return
    outcome = await ctx.writer.update(item.service.id, item.share.id, snap, changes)
    updated = outcome.value
    if outcome.kind is not Outcome.OK or updated is None:
        ctx.write_not_applied(outcome, item, "Editing snapshot")
        if isinstance(outcome.error, NotFound):
            ctx.pane.forget_snapshot(item, snap.id)
        return
    ctx.pane.local_change(item)
    ctx.pane.apply_snapshot(item, updated)
    ctx.say(f"Saved snapshot {clean(updated.label)}.", timeout=3)


def hold_refusal(snap: Snapshot) -> str | None:
    """Why ``snap`` cannot be held (then nothing is sent), else ``None``."""
    if snap.type != SnapshotType.AUTOMATIC:
        return (
            f"Only automatic snapshots can be held; {clean(snap.label)} is "
            f"{clean(snap.type or 'of unknown type')}. No request sent."
        )
    if snap.status != SnapshotStatus.AVAILABLE:
        return (
            f"{clean(snap.label)} is {clean(snap.status or 'in an unknown state')}: "
            "only an available snapshot can be held. No request sent."
        )
    return None


async def hold_snapshot(ctx: FlowContext, item: ShareItem, snap: Snapshot) -> None:
    """Confirm, POST hold, swap the old row for the new id (selected), follow it to ``available``."""
    if ctx.refuse_if_read_only("Hold"):
        return
    refusal = hold_refusal(snap)
    if refusal is not None:
        ctx.say(refusal, title="Hold", severity="warning")
        return
    lines = [
        f"Hold automatic snapshot {snap.name or '(no name)'} ({snap.id})?",
        "The snapshot policy will no longer rotate it away: it becomes a manual snapshot, "
        "kept until you delete it, and counts against the manual snapshot quota.",
        "Its id changes (a new id replaces this one) and its type becomes manual; "
        "name, creation date and path stay the same. Scripts using the old id must use the new one.",
        "Hold is a beta feature of the OVHcloud API.",
    ]
    if not await ctx.ask(ConfirmActionDialog("Hold snapshot (beta)", lines, "Hold snapshot")):
        return
    outcome = await ctx.writer.hold(item.service.id, item.share.id, snap)
    held = outcome.value
    if outcome.kind is not Outcome.OK or held is None:
        ctx.write_not_applied(outcome, item, "Holding snapshot")
        if isinstance(outcome.error, NotFound):
            ctx.pane.forget_snapshot(item, snap.id)
        return
    ctx.pane.forget_snapshot(item, snap.id)
    ctx.pane.apply_snapshot(item, held, select=True)
    ctx.say(
        f"Held {clean(snap.label)}: it is now manual, under the new id {clean(held.id)} (was {clean(snap.id)}).",
        timeout=8,
    )
    if held.is_transitional:
        ctx.pane.start_poll(item, held.id)
