"""Revert a share to a snapshot (``R``, beta): the one action that destroys data.

The API's rules are checked first from the loaded list (latest manual snapshot
only), so an impossible revert is explained without a request. The typed
confirmation names the share, the snapshot and every snapshot that will be
lost. Afterwards the share shows ``reverting`` and is followed until it settles,
then its snapshot list is reloaded.
"""

from __future__ import annotations

import asyncio

from textual import work

from efs_tui.api.errors import OvhError
from efs_tui.api.models import Share, ShareStatus, SnapshotStatus
from efs_tui.ui.actions.exchange import ExchangeCapture
from efs_tui.ui.actions.revert import confirmation_lines, plan_revert
from efs_tui.ui.cache import Backoff
from efs_tui.ui.dialogs.confirm_typed import TypedConfirmDialog
from efs_tui.ui.screens.actions_base import ActionSupport
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem


class RevertActions(ActionSupport):
    """Revert the share to its latest manual snapshot."""

    @work(group="revert", exit_on_error=False, description="Revert share")
    async def action_revert_share(self) -> None:
        """Check the rules, confirm by typing the share's name, POST revert, follow the share."""
        snap, item = self.table.highlighted, self.current
        if snap is None or item is None or self.refuse_if_read_only("Revert"):
            return
        plan = plan_revert(item.share, snap, self.all_snapshots(item))
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
        capture = ExchangeCapture(self.client, "POST", f"{item.share.id}/revert")
        try:
            with capture:
                await self.call_api(self.client.revert_share(item.service.id, item.share.id, snap.id))
        except OvhError as error:
            self.audit("revert", "error", item, snapshot_id=snap.id, name=snap.name, error=error)
            self.write_failed(error, "Reverting share")
            return
        self.audit(
            "revert", "ok", item, snapshot_id=snap.id, name=snap.name, status=capture.status, query_id=capture.query_id
        )
        for lost in plan.lost:
            self.forget_snapshot(item, lost.id)
        self.mark(item, snap, SnapshotStatus.RESTORING)
        reverting = self.share_with_status(item, ShareStatus.REVERTING)
        lost_note = f"; {len(plan.lost)} newer snapshot(s) removed" if plan.lost else ""
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

    async def _follow_share(self, item: ShareItem, target_label: str) -> None:
        """GET the share (capped backoff) until it leaves ``reverting``; then reload its snapshots."""
        backoff = Backoff(self.config.poll_initial, self.config.poll_max)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.config.poll_timeout
        share: Share = item.share
        while share.status == ShareStatus.REVERTING and loop.time() < deadline:
            await asyncio.sleep(backoff.next())
            try:
                share = await self.call_api(self.client.get_share(item.service.id, item.share.id))
            except OvhError as error:
                self.notify_error(error, "Following the revert")
                return
            item = self.apply_share(item, share)
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
