"""What the clone flow (:mod:`efs_tui.ui.flows.clone`) asks of the main screen.

A held snapshot must be ``available`` before it can be cloned, so the flow
waits for it; a new share appears in the tree at once (selected) and is then
followed with the one follower until it leaves ``creating_from_snapshot``,
after which the service's shares are listed again so the tree shows the truth.
"""

from __future__ import annotations

from efs_tui.api.models import Service, Share, ShareStatus, Snapshot, SnapshotStatus
from efs_tui.core.cache import Backoff
from efs_tui.core.follow import Ending, follow
from efs_tui.ui.screens.actions_base import ActionSupport
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem

_CREATING = (ShareStatus.CREATING, ShareStatus.CREATING_FROM_SNAPSHOT)


class CloneActions(ActionSupport):
    """Waiting for a held snapshot, showing a new share and following it."""

    async def wait_available(self, item: ShareItem, snapshot_id: str) -> Snapshot | None:
        """Follow one snapshot until it settles; ``None`` (said why) unless it ends ``available``."""
        key = (item.service.id, item.share.id)
        followed = await follow(
            lambda: self.call_api(self.client.get_snapshot(*key, snapshot_id)),
            lambda snap: not snap.is_transitional,
            backoff=Backoff(self.config.poll_initial, self.config.poll_max),
            timeout=self.config.poll_timeout,
            on_update=lambda snap: self.apply_snapshot(item, snap),
        )
        snap = followed.last
        if followed.ending is Ending.SETTLED and snap is not None and snap.status == SnapshotStatus.AVAILABLE:
            return snap
        if followed.ending is Ending.FAILED and followed.error is not None:
            self.notify_error(followed.error, "Waiting for the held snapshot")
        else:
            state = "gone" if followed.ending is Ending.GONE else (snap.status if snap else None) or "not available"
            self.say(
                f"The held snapshot is {clean(state)}: it cannot be cloned now. No clone request sent.",
                title="Cannot clone",
                severity="warning",
            )
        return None

    def show_new_share(self, service: Service, share: Share) -> ShareItem:
        """Add a share just created to the tree (and the service's usage) and select it."""
        service = self.services.get(service.id, service)
        shares = [s for s in self.shares.get(service.id, []) if s.id != share.id]
        self.shares[service.id] = [*shares, share]
        self.service_tree.set_shares(service, self.shares[service.id])
        self.service_tree.update_service_usage(service, self._used(service.id))
        item = ShareItem(service, share)
        self.show_share(item)
        node = self.service_tree.share_node(service.id, share.id)
        if node is not None:
            self.call_after_refresh(self.service_tree.move_cursor, node)  # once the tree has laid out its new line
        return item

    def follow_new_share(self, item: ShareItem, source_label: str) -> None:
        """Follow the new share in the background until it is created."""
        self.run_worker(
            self._follow_creation(item, source_label), group="poll", exit_on_error=False, description="Follow clone"
        )

    async def _follow_creation(self, item: ShareItem, source_label: str) -> None:
        current = item

        def update(share: Share) -> None:
            nonlocal current
            current = self.apply_share(current, share)

        followed = await follow(
            lambda: self.call_api(self.client.get_share(item.service.id, item.share.id)),
            lambda share: share.status not in _CREATING,
            backoff=Backoff(self.config.poll_initial, self.config.poll_max),
            timeout=self.config.poll_timeout,
            on_update=update,
            first=item.share,
        )
        share = followed.last or item.share
        label = clean(share.label)
        if followed.ending is Ending.FAILED and followed.error is not None:
            self.notify_error(followed.error, "Following the new share")
        elif followed.ending is Ending.GONE:
            self.say(f"The new share {label} no longer exists.", severity="error")
        elif share.status == ShareStatus.AVAILABLE:
            self.say(f"Share {label} is available, cloned from {clean(source_label)}.", timeout=6)
        elif share.status in _CREATING:
            self.say(f"Share {label} is still being created; refresh (r) later to check.", severity="warning")
        else:
            self.say(
                f"Share {label} is {clean(share.status or 'in an unknown state')} after the clone.",
                title="Clone",
                severity="error",
                timeout=15,
            )
        self.load_shares(item.service)
