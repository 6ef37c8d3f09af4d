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

from textual import work

from efs_tui.api.errors import OvhError
from efs_tui.api.models import Share, ShareStatus, Snapshot, SnapshotStatus
from efs_tui.core.cache import Backoff
from efs_tui.core.follow import Ending, follow
from efs_tui.core.revert import RevertPlan, confirmation_lines, plan_revert
from efs_tui.core.writes import Outcome
from efs_tui.ui.dialogs.confirm_typed import TypedConfirmDialog
from efs_tui.ui.screens.actions_base import ActionSupport, share_key
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem


class RevertActions(ActionSupport):
    """Revert the share to its latest manual snapshot."""

    @work(group="revert", exit_on_error=False, description="Revert share")
    async def action_revert_share(self) -> None:
        """Re-read the share and its list, check the rules, confirm by typing the share's name, POST revert.

        The plan is never made from the cached list: an automatic snapshot taken
        since it was loaded would be destroyed without being named. The list is
        read again after the confirmation too (it may stay open for minutes);
        if what the revert would destroy changed meanwhile, nothing is sent.
        """
        snap, item = self.table.highlighted, self.current
        if snap is None or item is None or self.refuse_if_read_only("Revert"):
            return
        fresh = await self._fresh_plan(item, snap)
        if fresh is None:
            return
        item, plan = fresh
        if plan.refusal is not None:
            self.notify(
                plan.refusal + " No request sent.", title="Cannot revert", severity="warning", markup=False, timeout=15
            )
            return
        dialog = TypedConfirmDialog(
            "Revert share (beta)",
            confirmation_lines(item.share, item.service.label, plan),
            item.share.label,
            "Revert share",
        )
        if not await self.app.push_screen_wait(dialog):
            return
        again = await self._fresh_plan(item, snap)
        if again is None:
            return
        item, checked = again
        if checked.refusal is not None or {s.id for s in checked.lost} != {s.id for s in plan.lost}:
            reason = checked.refusal or "Snapshots were created or deleted on the share while you were confirming."
            self.notify(
                f"{reason} No request sent: press R again to see the new list.",
                title="Cannot revert",
                severity="warning",
                markup=False,
                timeout=15,
            )
            return
        snap = checked.target
        outcome = await self.writer.revert(item.service.id, item.share.id, snap)
        if outcome.kind is not Outcome.OK:
            self.write_not_applied(outcome, item, "Reverting share")
            if outcome.kind in (Outcome.UNREADABLE, Outcome.UNKNOWN):
                self.load_shares(item.service)  # the share may be reverting: show its real status
            return
        self.local_change(item)
        for lost in checked.lost:
            self.forget_snapshot(item, lost.id)
        self.mark(item, snap, SnapshotStatus.RESTORING)
        reverting = self.share_with_status(item, ShareStatus.REVERTING)
        lost_note = f"; {len(checked.lost)} newer snapshot(s) removed" if checked.lost else ""
        self.notify(
            f"Reverting share {clean(item.share.label)} to {clean(snap.label)}{lost_note}…",
            markup=False,
            timeout=6,
        )
        self.start_poll(reverting, snap.id)
        self.run_worker(
            self._follow_share(reverting, snap.label),
            group="poll",
            exit_on_error=False,
            description="Follow share revert",
        )

    async def _fresh_plan(self, item: ShareItem, snap: Snapshot) -> tuple[ShareItem, RevertPlan] | None:
        """GET the share and its snapshot list, show them, and plan the revert from them.

        ``None`` (after saying why, with the query id) when either call fails or
        the snapshot is gone: a revert is never planned from a list that may be stale.
        """
        try:
            share = await self.call_api(self.client.get_share(item.service.id, item.share.id))
            snapshots = await self.call_api(self.client.list_snapshots(item.service.id, item.share.id))
        except OvhError as error:
            self.remember_error(error)
            text = (
                "The share and its snapshots must be read again just before a revert, "
                f"and that failed: {error.describe()}\nNo request sent."
            )
            self.notify(
                clean(text, keep_newlines=True),
                title=f"Cannot revert: {clean(error.title)}",
                severity="error",
                markup=False,
                timeout=15,
            )
            return None
        item = self.apply_share(item, share)
        self.local_change(item)  # a list requested before this one must not replace it
        self.apply_list(item, snapshots)
        target = next((s for s in snapshots if s.id == snap.id), None)
        if target is None:
            self.notify(
                f"Snapshot {clean(snap.label)} no longer exists. No request sent.",
                title="Cannot revert",
                severity="warning",
                markup=False,
            )
            return None
        return item, plan_revert(share, target, snapshots)

    async def _follow_share(self, item: ShareItem, target_label: str) -> None:
        """Follow the share (the one follower) until it leaves ``reverting``; then reload its snapshots."""
        key = share_key(item)
        current = item

        def update(share: Share) -> None:
            nonlocal current
            current = self.apply_share(current, share)

        followed = await follow(
            lambda: self.call_api(self.client.get_share(*key)),
            lambda share: share.status != ShareStatus.REVERTING,
            backoff=Backoff(self.config.poll_initial, self.config.poll_max),
            timeout=self.config.poll_timeout,
            on_update=update,
            first=item.share,
        )
        share = followed.last or item.share
        if followed.ending is Ending.FAILED and followed.error is not None:
            self.notify_error(followed.error, "Following the revert")
            return
        if followed.ending is Ending.GONE:
            self.notify(f"Share {clean(share.label)} no longer exists.", severity="error", markup=False)
            return
        if share.status == ShareStatus.AVAILABLE:
            self.notify(f"Share {clean(share.label)} reverted to {clean(target_label)}.", markup=False, timeout=6)
        elif share.status == ShareStatus.REVERTING:
            self.notify(
                f"Share {clean(share.label)} is still reverting; refresh (r) later to check.",
                severity="warning",
                markup=False,
            )
        else:
            self.notify(
                f"Share {clean(share.label)} is {clean(share.status or 'in an unknown state')} after the revert.",
                title="Revert",
                severity="error",
                markup=False,
                timeout=15,
            )
        if self.current is not None and self.current.share.id == share.id:
            self.load_snapshots(self.current)
