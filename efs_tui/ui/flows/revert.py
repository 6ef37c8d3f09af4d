"""Revert a share to a snapshot (``R``, beta): the one action that destroys data.

The API's rules (latest manual snapshot only) are checked against the share and
its snapshot list read again just before (never the cached list, which may miss
an automatic snapshot taken since), so an impossible revert is explained without
a write. The typed confirmation names the share, the snapshot and every
snapshot that will be lost; the list is checked once more after it. Afterwards
the share shows ``reverting`` and is followed until it settles, then its
snapshot list is reloaded.
"""

from __future__ import annotations

from efs_tui.api.models import ShareStatus, Snapshot, SnapshotStatus
from efs_tui.core.revert import RevertPlan, confirmation_lines, plan_revert
from efs_tui.core.writes import Outcome
from efs_tui.ui.dialogs.confirm_typed import TypedConfirmDialog
from efs_tui.ui.flows.context import FlowContext
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem


async def revert_share(ctx: FlowContext, item: ShareItem, snap: Snapshot) -> None:
    """Re-read the share and its list, check the rules, confirm by typing the share's name, POST revert.

    The plan is never made from the cached list: an automatic snapshot taken
    since it was loaded would be destroyed without being named. The list is
    read again after the confirmation too (it may stay open for minutes);
    if what the revert would destroy changed meanwhile, nothing is sent.
    """
    if ctx.refuse_if_read_only("Revert"):
        return
    fresh = await _fresh_plan(ctx, item, snap)
    if fresh is None:
        return
    item, plan = fresh
    if plan.refusal is not None:
        ctx.say(plan.refusal + " No request sent.", title="Cannot revert", severity="warning", timeout=15)
        return
    dialog = TypedConfirmDialog(
        "Revert share (beta)",
        confirmation_lines(item.share, item.service.label, plan),
        item.share.label,
        "Revert share",
    )
    if not await ctx.ask(dialog):
        return
    again = await _fresh_plan(ctx, item, snap)
    if again is None:
        return
    item, checked = again
    if checked.refusal is not None or {s.id for s in checked.lost} != {s.id for s in plan.lost}:
        reason = checked.refusal or "Snapshots were created or deleted on the share while you were confirming."
        ctx.say(
            f"{reason} No request sent: press R again to see the new list.",
            title="Cannot revert",
            severity="warning",
            timeout=15,
        )
        return
    snap = checked.target
    outcome = await ctx.writer.revert(item.service.id, item.share.id, snap)
    if outcome.kind is not Outcome.OK:
        ctx.write_not_applied(outcome, item, "Reverting share")
        if outcome.kind in (Outcome.UNREADABLE, Outcome.UNKNOWN):
            ctx.load_shares(item.service)  # the share may be reverting: show its real status
        return
    ctx.pane.local_change(item)
    for lost in checked.lost:
        ctx.pane.forget_snapshot(item, lost.id)
    ctx.pane.mark(item, snap, SnapshotStatus.RESTORING)
    reverting = ctx.share_with_status(item, ShareStatus.REVERTING)
    lost_note = f"; {len(checked.lost)} newer snapshot(s) removed" if checked.lost else ""
    ctx.say(f"Reverting share {clean(item.share.label)} to {clean(snap.label)}{lost_note}…", timeout=6)
    ctx.pane.start_poll(reverting, snap.id)
    ctx.follow_revert(reverting, snap.label)


async def _fresh_plan(ctx: FlowContext, item: ShareItem, snap: Snapshot) -> tuple[ShareItem, RevertPlan] | None:
    """Plan the revert from the share and its list read again now; ``None`` (said why) if that fails or it is gone."""
    fresh = await ctx.reread_share(item)
    if fresh is None:
        return None
    item, snapshots = fresh
    target = next((s for s in snapshots if s.id == snap.id), None)
    if target is None:
        ctx.say(
            f"Snapshot {clean(snap.label)} no longer exists. No request sent.",
            title="Cannot revert",
            severity="warning",
        )
        return None
    return item, plan_revert(item.share, target, snapshots)
