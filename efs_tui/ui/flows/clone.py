"""Clone a share from a snapshot (``C``): a new share, the source untouched.

Only a manual, available snapshot can be cloned. On an automatic one the flow
offers to hold it first (it becomes manual, with a new id) and then clones the
held snapshot. The form checks the size against the source share before any
request. The POST goes through the one write path (never retried, audited);
the new share appears in the tree at once, selected, and is followed from
``creating_from_snapshot`` to ``available`` by the one follower.
"""

from __future__ import annotations

from typing import Protocol

from efs_tui.api.models import Service, Share, Snapshot, SnapshotType
from efs_tui.core.clone import clone_refusal
from efs_tui.core.writes import Outcome
from efs_tui.ui.dialogs.clone_share import CloneShareDialog
from efs_tui.ui.dialogs.confirm_action import ConfirmActionDialog
from efs_tui.ui.flows.context import FlowContext
from efs_tui.ui.flows.snapshot_writes import hold_refusal
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem


class CloneContext(FlowContext, Protocol):
    """What cloning needs besides the snapshot flows: wait for a held snapshot, show and follow a new share."""

    async def wait_available(self, item: ShareItem, snapshot_id: str) -> Snapshot | None:
        """Follow one snapshot until it settles; ``None`` (said why) unless it ends ``available``."""
        ...

    def show_new_share(self, service: Service, share: Share) -> ShareItem:
        """Add a share just created to the tree and select it."""
        ...

    def follow_new_share(self, item: ShareItem, source_label: str) -> None:
        """Follow a new share in the background until it leaves ``creating``/``creating_from_snapshot``."""
        ...


async def clone_share(ctx: CloneContext, item: ShareItem, snap: Snapshot) -> None:
    """Hold first if automatic (asked), check, ask for the new share's fields, POST, show and follow it."""
    if ctx.refuse_if_read_only("Clone"):
        return
    if snap.type == SnapshotType.AUTOMATIC:
        held = await _hold_first(ctx, item, snap)
        if held is None:
            return
        snap = held
    refusal = clone_refusal(snap)
    if refusal is not None:
        ctx.say(f"{refusal} No request sent.", title="Cannot clone", severity="warning", timeout=10)
        return
    draft = await ctx.ask(CloneShareDialog(item.share, item.service.label, snap))
    if draft is None:
        return
    outcome = await ctx.writer.clone(
        item.service.id,
        item.share.id,
        snap,
        size=draft.size,
        name=draft.name,
        description=draft.description,
        mount_point_name=draft.mount_point_name,
    )
    new = outcome.value
    if outcome.kind is not Outcome.OK or new is None:
        ctx.write_not_applied(outcome, item, "Cloning share")
        if outcome.kind in (Outcome.UNREADABLE, Outcome.UNKNOWN, Outcome.INTERRUPTED):
            ctx.load_shares(item.service)  # the new share may exist: list the service's shares again
        return
    created = ctx.show_new_share(item.service, new)
    ctx.say(f"Creating share {clean(new.label)} from snapshot {clean(snap.label)}…", timeout=5)
    ctx.follow_new_share(created, snap.label)


async def _hold_first(ctx: CloneContext, item: ShareItem, snap: Snapshot) -> Snapshot | None:
    """Offer to hold an automatic snapshot; the held (manual, available) one, or ``None`` (said why)."""
    refusal = hold_refusal(snap)
    if refusal is not None:
        ctx.say(refusal, title="Cannot clone", severity="warning")
        return None
    lines = [
        f"{snap.name or '(no name)'} ({snap.id}) is automatic: only manual snapshots can be cloned.",
        "Hold it first? It becomes a manual snapshot with a NEW id, kept until you delete it "
        "(it counts against the manual snapshot quota); then the clone form opens for it.",
        "Hold is a beta feature of the OVHcloud API.",
    ]
    if not await ctx.ask(ConfirmActionDialog("Clone needs a manual snapshot", lines, "Hold, then clone")):
        return None
    outcome = await ctx.writer.hold(item.service.id, item.share.id, snap)
    held = outcome.value
    if outcome.kind is not Outcome.OK or held is None:
        ctx.write_not_applied(outcome, item, "Holding snapshot")
        return None
    ctx.pane.forget_snapshot(item, snap.id)
    ctx.pane.apply_snapshot(item, held, select=True)
    ctx.say(f"Held {clean(snap.label)}: now manual, under the new id {clean(held.id)}.", timeout=6)
    if held.is_transitional:
        return await ctx.wait_available(item, held.id)
    return held
