"""The main screen as the write flows and the policies screen see it: a small context over its panes.

:class:`ScreenContext` is the :class:`~efs_tui.ui.flows.FlowContext` (and the
policies screen's host) of one main screen. It holds no state of its own but the
writer: rows and their followers live in the snapshot pane, shares in the tree,
requests and "the last error" in :class:`~efs_tui.ui.widgets.api_calls.ApiCalls`;
it only routes each need of a flow to the widget that owns the data, and asks,
shows and says things through the screen.

The main screen builds one before its first table, but the flows run only after a
key: the write path, the follower and the flows' wordings are imported by the first
method that needs them, not with this module (benchmark scenario 1).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from textual.notifications import SeverityLevel
from textual.screen import Screen

from efs_tui.api.client import OvhClient
from efs_tui.api.errors import OvhError
from efs_tui.api.models import Service, Share, ShareStatus, Snapshot
from efs_tui.core.cache import Backoff
from efs_tui.ui.config import UiConfig
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.api_calls import ApiCalls
from efs_tui.ui.widgets.service_tree import ServiceTree, ShareItem
from efs_tui.ui.widgets.snapshot_pane import SnapshotPane, share_key

if TYPE_CHECKING:
    from efs_tui.core.follow import Followed
    from efs_tui.core.writes import WriteOutcome, Writer

T = TypeVar("T")

READ_ONLY_HINT = "Restart without --read-only (and with a consumer key that may write) to change snapshots."


class ScreenContext:
    """What the flows need of one main screen, routed to the widget that owns it."""

    def __init__(
        self,
        screen: Screen[Any],
        config: UiConfig,
        calls: ApiCalls,
        tree: ServiceTree,
        pane: SnapshotPane,
        writer: Writer | None = None,
    ) -> None:
        self.screen = screen
        self.config = config
        self.calls = calls
        self.tree = tree
        self.pane = pane
        if writer is not None:  # a write path already in use (the start's account view): this screen's now,
            writer.wrap = self.call_api  # its writes shown by this screen's connection indicator
            self.__dict__["writer"] = writer  # where cached_property keeps it

    @property
    def client(self) -> OvhClient:
        return self.calls.client

    @property
    def read_only(self) -> bool:
        return self.config.read_only

    @property
    def manual_snapshot_limit(self) -> int:
        """Manual snapshots a share may hold: the API does not say, so the configured (FAQ) number."""
        return self.config.manual_snapshot_limit

    def refuse_if_read_only(self, what: str) -> bool:
        """In read-only mode, say so and return ``True`` (the caller then does nothing)."""
        if not self.config.read_only:
            return False
        self.say(
            f"{what} is not available: efs-tui is read-only. {READ_ONLY_HINT}", title="read-only", severity="warning"
        )
        return True

    def snapshots_of(self, item: ShareItem) -> list[Snapshot]:
        """The share's snapshots as last listed (the policy preview's input); none if never listed."""
        return self.pane.snapshots_of(item)

    def policy_clock(self) -> datetime:
        return self.config.clock().astimezone(UTC)

    def policy_attached(self, item: ShareItem) -> None:
        """A new policy on ``item``: read its link and rules again so the detail shows it."""
        self.pane.forget_extras(item)

    # -- what the flows see (efs_tui.ui.flows.FlowContext) ---------------------------------

    @cached_property
    def writer(self) -> Writer:
        """The one write path (:mod:`efs_tui.core.writes`): outcome, wording and audit record of every write.

        The app asks it what is in flight when the user quits.
        """
        return self.config.new_writer(notify=self.screen.notify, wrap=self.call_api)

    @property
    def writer_if_used(self) -> Writer | None:
        """The writer once a write has needed it; ``None``: nothing was ever sent, so nothing is in flight.

        Quitting asks this, so a session that never wrote does not load the write path on its way out.
        """
        value: Writer | None = self.__dict__.get("writer")  # where cached_property keeps it
        return value

    async def call_api(self, awaitable: Awaitable[T]) -> T:
        """Await one client call, keeping the header's connection indicator true."""
        return await self.calls(awaitable)

    async def ask(self, dialog: Screen[T]) -> T:
        """Show a modal dialog and wait for its answer (from a worker)."""
        return await self.screen.app.push_screen_wait(dialog)

    async def show(self, screen: Screen[Any]) -> None:
        """Push a screen without waiting for it to close (a live report)."""
        await self.screen.app.push_screen(screen)

    def say(self, text: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float = 5) -> None:
        """A plain-text notification: API text in it is never parsed as markup."""
        self.screen.notify(text, title=title, severity=severity, markup=False, timeout=timeout)

    def remember_error(self, error: OvhError) -> None:
        self.calls.remember(error)

    def write_not_applied(self, outcome: WriteOutcome[Any], item: ShareItem, doing: str) -> None:
        from efs_tui.ui.flows.outcomes import say_not_applied

        say_not_applied(self, outcome, item, doing)

    def load_shares(self, service: Service) -> None:
        self.tree.load_shares(service)

    # -- shares changed by a revert or a clone ---------------------------------------------------

    def apply_share(self, item: ShareItem, share: Share) -> ShareItem:
        """A share changed (e.g. ``reverting``): update the tree, the share list and the selection."""
        service = self.tree.services.get(item.service.id, item.service)
        shares = self.tree.shares.get(service.id)
        if shares is not None:
            self.tree.shares[service.id] = [share if s.id == share.id else s for s in shares]
            self.tree.set_shares(service, self.tree.shares[service.id])
        updated = ShareItem(service, share)
        if self.pane.is_current(item):
            self.pane.current = updated
        return updated

    def share_with_status(self, item: ShareItem, status: str) -> ShareItem:
        """Show the share in ``status`` at once (before the API confirms it)."""
        return self.apply_share(item, replace(item.share, status=status))

    async def reread_share(self, item: ShareItem) -> tuple[ShareItem, list[Snapshot]] | None:
        """GET the share and its snapshot list and show them; ``None`` (said why, with the query id) on failure.

        A revert is never planned from a list that may be stale.
        """
        try:
            share = await self.call_api(self.calls.client.get_share(item.service.id, item.share.id))
            snapshots = await self.call_api(self.calls.client.list_snapshots(item.service.id, item.share.id))
        except OvhError as error:
            self.remember_error(error)
            text = (
                "The share and its snapshots must be read again just before a revert, "
                f"and that failed: {error.describe()}\nNo request sent."
            )
            self.say(
                clean(text, keep_newlines=True),
                title=f"Cannot revert: {clean(error.title)}",
                severity="error",
                timeout=15,
            )
            return None
        item = self.apply_share(item, share)
        self.pane.local_change(item)  # a list requested before this one must not replace it
        self.pane.apply_list(item, snapshots)
        return item, snapshots

    async def _follow_share(self, item: ShareItem, done: Callable[[Share], bool]) -> tuple[Followed[Share], Share]:
        """Follow one share with the one follower, each state shown in the tree; its last known state."""
        from efs_tui.core.follow import follow

        current = item

        def update(share: Share) -> None:
            nonlocal current
            current = self.apply_share(current, share)

        followed = await follow(
            lambda: self.call_api(self.calls.client.get_share(*share_key(item))),
            done,
            backoff=Backoff(self.config.poll_initial, self.config.poll_max),
            timeout=self.config.poll_timeout,
            on_update=update,
            first=item.share,
        )
        return followed, followed.last or item.share

    def follow_revert(self, item: ShareItem, target_label: str) -> None:
        """Follow the reverting share in the background until it settles; then reload its snapshots."""

        from efs_tui.ui.flows import share_follow

        async def run() -> None:
            followed, share = await self._follow_share(item, lambda s: s.status != ShareStatus.REVERTING)
            shown = self.pane.current
            if share_follow.revert_ended(self, followed, share, target_label) and shown and shown.share.id == share.id:
                self.pane.load_snapshots(shown)

        self.screen.run_worker(run(), group="poll", exit_on_error=False, description="Follow share revert")

    async def wait_available(self, item: ShareItem, snapshot_id: str) -> Snapshot | None:
        """Follow one snapshot until it settles; ``None`` (said why) unless it ends ``available``."""
        from efs_tui.ui.flows import share_follow

        return share_follow.held_available(self, await self.pane.follow_snapshot(item, snapshot_id))

    def show_new_share(self, service: Service, share: Share) -> ShareItem:
        """Add a share just created to the tree (and the service's usage) and select it."""
        service = self.tree.services.get(service.id, service)
        shares = [s for s in self.tree.shares.get(service.id, []) if s.id != share.id]
        self.tree.replace_shares(service, [*shares, share])
        item = ShareItem(service, share)
        self.pane.current = item
        node = self.tree.share_node(service.id, share.id)
        if node is not None:
            self.screen.call_after_refresh(self.tree.move_cursor, node)  # once the tree has laid out its new line
        return item

    def follow_new_share(self, item: ShareItem, source_label: str) -> None:
        """Follow the new share in the background until it is created; then list the service's shares again."""
        from efs_tui.ui.flows import share_follow

        async def run() -> None:
            followed, share = await self._follow_share(item, lambda s: s.status not in share_follow.CREATING)
            share_follow.clone_ended(self, followed, share, source_label)
            self.load_shares(item.service)

        self.screen.run_worker(run(), group="poll", exit_on_error=False, description="Follow clone")
