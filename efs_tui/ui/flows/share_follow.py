"""What the user is told once a share followed after a revert or a clone settles (or does not).

The following itself is the one follower (:mod:`efs_tui.core.follow`), run by
the screen so that each state shows in the tree as it comes; these functions
only word the end, one wording per ending.
"""

from __future__ import annotations

from efs_tui.api.models import Share, ShareStatus, Snapshot, SnapshotStatus
from efs_tui.core.follow import Ending, Followed
from efs_tui.ui.flows.context import FlowContext
from efs_tui.ui.flows.outcomes import say_error
from efs_tui.ui.text import clean

CREATING = (ShareStatus.CREATING, ShareStatus.CREATING_FROM_SNAPSHOT)
"""A new (cloned) share is followed until it leaves these."""


def _failed(ctx: FlowContext, followed: Followed[Share] | Followed[Snapshot], doing: str) -> bool:
    """Say a follow that ended on an error (as any API error toast); ``True`` if it did."""
    if followed.ending is not Ending.FAILED or followed.error is None:
        return False
    say_error(ctx, followed.error, doing)
    return True


def revert_ended(ctx: FlowContext, followed: Followed[Share], share: Share, target_label: str) -> bool:
    """Word the end of a revert; ``False`` when there is nothing more to show (the share is gone or unreadable)."""
    if _failed(ctx, followed, "Following the revert"):
        return False
    label = clean(share.label)
    if followed.ending is Ending.GONE:
        ctx.say(f"Share {label} no longer exists.", severity="error")
        return False
    if share.status == ShareStatus.AVAILABLE:
        ctx.say(f"Share {label} reverted to {clean(target_label)}.", timeout=6)
    elif share.status == ShareStatus.REVERTING:
        ctx.say(f"Share {label} is still reverting; refresh (r) later to check.", severity="warning")
    else:
        state = clean(share.status or "in an unknown state")
        ctx.say(f"Share {label} is {state} after the revert.", title="Revert", severity="error", timeout=15)
    return True


def clone_ended(ctx: FlowContext, followed: Followed[Share], share: Share, source_label: str) -> None:
    """Word the end of a clone's creation."""
    if _failed(ctx, followed, "Following the new share"):
        return
    label = clean(share.label)
    if followed.ending is Ending.GONE:
        ctx.say(f"The new share {label} no longer exists.", severity="error")
    elif share.status == ShareStatus.AVAILABLE:
        ctx.say(f"Share {label} is available, cloned from {clean(source_label)}.", timeout=6)
    elif share.status in CREATING:
        ctx.say(f"Share {label} is still being created; refresh (r) later to check.", severity="warning")
    else:
        state = clean(share.status or "in an unknown state")
        ctx.say(f"Share {label} is {state} after the clone.", title="Clone", severity="error", timeout=15)


def held_available(ctx: FlowContext, followed: Followed[Snapshot]) -> Snapshot | None:
    """The held snapshot once ``available``; ``None`` (said why) if it ended otherwise."""
    snap = followed.last
    if followed.ending is Ending.SETTLED and snap is not None and snap.status == SnapshotStatus.AVAILABLE:
        return snap
    if not _failed(ctx, followed, "Waiting for the held snapshot"):
        state = "gone" if followed.ending is Ending.GONE else (snap.status if snap else None) or "not available"
        ctx.say(
            f"The held snapshot is {clean(state)}: it cannot be cloned now. No clone request sent.",
            title="Cannot clone",
            severity="warning",
        )
    return None
