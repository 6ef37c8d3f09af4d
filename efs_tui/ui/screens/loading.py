"""Data loading for the main screen: services, shares, snapshots, policies, polling.

The base of :class:`~efs_tui.ui.screens.browser.BrowserScreen`: it owns the
data and the workers, and calls three hooks the browser implements to redraw
(:meth:`LoadingScreen.show_share`, ``_update_detail``, ``_update_snapshot_header``).

All I/O runs in workers, one group per kind of request ("services",
"shares:<id>", "snapshots", "poll", …) because ``exclusive`` only cancels
within a group. Answers are checked against the current selection after the
await, so a late answer never overwrites the table of another share. Errors
become a notification (HTTP status, OVH message, query id) while the panes keep
their last good data.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from textual import on, work
from textual.css.query import NoMatches
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Tree
from textual.worker import Worker, WorkerState

from efs_tui.api.errors import NotFound, OvhError
from efs_tui.api.models import Service, Share, Snapshot
from efs_tui.core.cache import Backoff, ShareKey, SnapshotCache
from efs_tui.core.copying import preferred_access_path
from efs_tui.core.follow import Ending, follow
from efs_tui.ui.config import UiConfig
from efs_tui.ui.text import clean
from efs_tui.ui.widgets import DetailPanel, ServiceTree, SnapshotTable, StatusHeader
from efs_tui.ui.widgets.service_tree import Node, NodeData, ServiceItem, ShareItem
from efs_tui.ui.widgets.share_detail import ShareExtras

T = TypeVar("T")

MAX_AUTO_POLLS = 20
"""Transitional rows found in a list are polled one by one only up to this many."""

STALE_LIST_RETRIES = 2
"""A list answer overtaken by a local change is asked for again this many times, then dropped."""


def short_error(error: OvhError) -> str:
    """``HTTP 503`` or the error's title: what fits on one line of the tree."""
    return f"HTTP {error.status}" if error.status else error.title


def panel_error(error: OvhError) -> str:
    """``HTTP 403 NOT_GRANTED_CALL: message · query id EU.ext-…``: an error as one line of a panel."""
    first = clean(error.describe().split("\n", 1)[0])
    return f"{first} · query id {clean(error.query_id)}" if error.query_id else first


class LoadingScreen(Screen[None]):
    """The data behind tree → table → detail, and the workers that fill it."""

    def __init__(self, config: UiConfig, on_first_table: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.config = config
        self.client = config.client
        self.cache = SnapshotCache()
        """Per-share snapshot lists, for instant revisits."""
        self.services: dict[str, Service] = {}
        self.shares: dict[str, list[Share]] = {}
        """Loaded shares by service id (absent: never loaded)."""
        self.current: ShareItem | None = None
        """The share whose snapshots the table shows."""
        self._loading: ShareKey | None = None
        self._share_error: str | None = None
        self._debounce: Timer | None = None
        self._fetched: dict[str, datetime] = {}
        """When each snapshot was last fetched alone (inspect / poll)."""
        self._polling: set[tuple[ShareKey, str]] = set()
        self._on_first_table = on_first_table
        self.extras: dict[ShareKey, ShareExtras] = {}
        """Snapshot policy and reserve per share, loaded once when first shown (``r`` on the tree reloads)."""
        self._extras_loading: ShareKey | None = None
        self.delete_errors: dict[str, str] = {}
        """Why the last delete of a snapshot failed (``HTTP 500 message``), by id: the detail shows it first."""
        self._generations: dict[ShareKey, int] = {}
        """Per share, bumped by every local change (create, delete, hold, edit, revert, a row found gone):
        a list answer requested before the last bump may predate that change, so it is not applied as is."""

    # -- panes and redraw hooks -----------------------------------------------------------

    @property
    def service_tree(self) -> ServiceTree:
        return self.query_one(ServiceTree)

    @property
    def table(self) -> SnapshotTable:
        return self.query_one(SnapshotTable)

    @property
    def detail(self) -> DetailPanel:
        return self.query_one(DetailPanel)

    @property
    def header(self) -> StatusHeader:
        return self.query_one(StatusHeader)

    def show_share(self, item: ShareItem) -> None:
        """Hook: make ``item`` the current share (the browser shows its rows)."""
        raise NotImplementedError

    def _update_detail(self) -> None:
        """Hook: redraw the detail pane."""

    def _update_snapshot_header(self) -> None:
        """Hook: redraw the line above the table."""

    def _first_cursor(self, node: Node) -> None:
        """Put the tree cursor on the first share and describe it at once (no debounce at start-up)."""
        self.service_tree.move_cursor(node)
        self._update_detail()

    def _is_current(self, item: ShareItem) -> bool:
        return self.current is not None and self._key(self.current) == self._key(item)

    @staticmethod
    def _key(item: ShareItem) -> ShareKey:
        return (item.service.id, item.share.id)

    # -- plumbing -------------------------------------------------------------------------

    async def call_api(self, awaitable: Awaitable[T]) -> T:
        """Await one client call, keeping the header's connection indicator true."""
        header = self.header
        header.in_flight += 1
        try:
            result = await awaitable
        except NotFound:
            header.conn_state = "ok"  # the API answered; "gone" is information, not an outage
            raise
        except OvhError:
            header.conn_state = "error"
            raise
        finally:
            with contextlib.suppress(NoMatches):  # the screen may be closing under us
                header.in_flight = max(0, header.in_flight - 1)
        header.conn_state = "ok"
        return result

    def notify_error(self, error: OvhError, doing: str) -> None:
        """An error toast with everything support needs; the API text is shown literally."""
        self.notify(
            clean(error.describe(), keep_newlines=True),
            title=f"{clean(doing)}: {clean(error.title)}",
            severity="error",
            markup=False,
            timeout=12,
        )

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Safety net: an unexpected exception in any worker becomes a toast, not a crash."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            if isinstance(error, OvhError):
                self.notify_error(error, event.worker.description or "Request")
            else:
                self.notify(
                    f"{type(error).__name__}: {clean(str(error))}",
                    title="Unexpected error",
                    severity="error",
                    markup=False,
                    timeout=12,
                )

    # -- services and shares -------------------------------------------------------------

    @work(exclusive=True, group="services", exit_on_error=False, description="Load services")
    async def load_services(self, reload_shares: bool = False) -> None:
        try:
            services = await self.call_api(self.client.list_services())
        except OvhError as error:
            if self.services:
                self.notify_error(error, "Refreshing services")
            else:
                self.service_tree.services_error(short_error(error))
                self.notify_error(error, "Loading services")
            return
        self.services = {s.id: s for s in services}
        if reload_shares:
            self.extras.clear()  # an explicit refresh reloads policies and reserves too
        self.service_tree.set_services(services, {s.id: self._used(s.id) for s in services})
        eager = services if len(services) <= self.config.eager_services else services[:1]
        for service in eager:
            node = self.service_tree.service_node(service.id)
            if node is not None and not node.is_expanded and service.id not in self.shares:
                node.expand()  # NodeExpanded loads its shares
        if reload_shares:
            for service in self.service_tree.expanded_services:
                self.load_shares(service)
        if not services:
            self.detail.message("This account has no Enterprise File Storage service.")

    def _used(self, service_id: str) -> int | None:
        shares = self.shares.get(service_id)
        return None if shares is None else sum(s.size or 0 for s in shares)

    @on(Tree.NodeExpanded)
    def _service_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        data = event.node.data
        if isinstance(data, ServiceItem) and data.service.id not in self.shares:
            self.load_shares(data.service)

    def load_shares(self, service: Service) -> None:
        """Load one service's shares; one exclusive group per service."""
        self.run_worker(
            self._load_shares(service),
            group=f"shares:{service.id}",
            exclusive=True,
            exit_on_error=False,
            description=f"Load shares of {clean(service.label)}",
        )

    async def _load_shares(self, service: Service) -> None:
        known = service.id in self.shares
        if not known:
            self.service_tree.shares_loading(service.id)
        try:
            shares = await self.call_api(self.client.list_shares(service.id))
        except OvhError as error:
            if not known:
                self.service_tree.shares_error(service.id, short_error(error))
            self.notify_error(error, f"Loading shares of {service.label}")
            return
        service = self.services.get(service.id, service)
        self.shares[service.id] = shares
        self.service_tree.set_shares(service, shares)
        self.service_tree.update_service_usage(service, self._used(service.id))
        if self.current is None:
            self._pick_first_share()

    def _pick_first_share(self) -> None:
        """Open the first share of the first service that has one, in list order."""
        for service_id in self.services:
            shares = self.shares.get(service_id)
            if shares is None:
                return  # an earlier service is still loading: wait for it, keep the order
            if shares:
                item = ShareItem(self.services[service_id], shares[0])
                self.show_share(item)
                node = self.service_tree.share_node(service_id, shares[0].id)
                if node is not None:
                    self.call_after_refresh(self._first_cursor, node)
                return

    # -- snapshots ------------------------------------------------------------------------

    @work(exclusive=True, group="snapshots", exit_on_error=False, description="Load snapshots")
    async def load_snapshots(self, item: ShareItem) -> None:
        """List the share's snapshots; an answer overtaken by a local change is asked for again."""
        key = self._key(item)
        self._loading = key
        self._update_snapshot_header()
        try:
            for _attempt in range(STALE_LIST_RETRIES + 1):
                generation = self.generation(key)
                snapshots = await self.call_api(self.client.list_snapshots(*key))
                if self.generation(key) == generation:
                    break
            else:
                return  # changed locally during every attempt: keep what is shown, the next refresh catches up
        except OvhError as error:
            if self.current is not None and self._key(self.current) == key:
                self._share_error = short_error(error)
                self.notify_error(error, f"Loading snapshots of {item.share.label}")
            return
        finally:
            if self._loading == key:
                self._loading = None
            self._update_snapshot_header()
        if not self.apply_list(item, snapshots):
            return  # the user moved on: the answer is in the cache only
        if self._on_first_table is not None:
            callback, self._on_first_table = self._on_first_table, None
            callback()

    def generation(self, key: ShareKey) -> int:
        """How many local changes the share has seen (see :meth:`local_change`)."""
        return self._generations.get(key, 0)

    def local_change(self, item: ShareItem) -> None:
        """A write changed the share here: a list answer requested before now must not undo it on screen."""
        key = self._key(item)
        self._generations[key] = self.generation(key) + 1

    def apply_list(self, item: ShareItem, snapshots: list[Snapshot]) -> bool:
        """A fresh, complete list of the share's snapshots: cache it and, if the share is shown, show it.

        Returns whether the share is the one shown. Transitional rows are then followed.
        """
        key = self._key(item)
        entry = self.cache.put(key, snapshots, self.config.clock())
        if self.current is None or self._key(self.current) != key:
            return False
        self._share_error = None
        if not self.table.snapshots:
            self.table.show(entry.ordered())
        else:
            self.table.sync(entry.ordered())
        self._update_detail()
        self._update_snapshot_header()
        for snap in [s for s in entry.ordered() if s.is_transitional][:MAX_AUTO_POLLS]:
            self.start_poll(item, snap.id)
        return True

    # -- snapshot policy and reserve -------------------------------------------------------

    def ensure_extras(self, item: ShareItem) -> None:
        """Load the policy and reserve of ``item`` unless they are known or on their way."""
        key = self._key(item)
        if key in self.extras or key == self._extras_loading:
            return
        self._extras_loading = key
        self.load_extras(item)

    @work(exclusive=True, group="extras", exit_on_error=False, description="Load snapshot policy")
    async def load_extras(self, item: ShareItem) -> None:
        """GET the share's policy link, then the policy, and the reserve; each part may fail alone."""
        key = self._key(item)
        try:
            policy, reserve, _ = await asyncio.gather(
                self._policy_of(item), self._reserve_of(item), self._access_path_of(item)
            )
        finally:
            if self._extras_loading == key:
                self._extras_loading = None
        self.extras[key] = replace(policy, reserve=reserve.reserve, reserve_error=reserve.reserve_error)
        self._update_detail()

    async def _policy_of(self, item: ShareItem) -> ShareExtras:
        service_id, share_id = self._key(item)
        try:
            link = await self.call_api(self.client.get_share_snapshot_policy(service_id, share_id))
            if link.id is None:
                return ShareExtras(policy_status=link.status)
            policy = await self.call_api(self.client.get_snapshot_policy(service_id, link.id))
        except OvhError as error:
            return ShareExtras(policy_error=panel_error(error))
        return ShareExtras(policy=policy, policy_status=link.status)

    async def _access_path_of(self, item: ShareItem) -> None:
        """Keep the share's preferred access path in the detail panel, which builds full NFS paths from it.

        Best effort: without it the panel shows the snapshot's relative path, and the
        copy menu fetches the access paths itself (and says why if that fails).
        """
        try:
            paths = await self.call_api(self.client.list_access_paths(*self._key(item)))
        except OvhError:
            return
        path = preferred_access_path(paths)
        if path is not None:
            self.detail.access_paths[item.share.id] = path

    async def _reserve_of(self, item: ShareItem) -> ShareExtras:
        try:
            reserve = await self.call_api(self.client.get_snapshot_reserve(*self._key(item)))
        except OvhError as error:
            return ShareExtras(reserve_error=panel_error(error))
        return ShareExtras(reserve=reserve)

    # -- applying changes ------------------------------------------------------------------

    def apply_snapshot(self, item: ShareItem, snap: Snapshot, *, select: bool = False, fetched: bool = True) -> None:
        """One snapshot changed: update cache, row and detail (only if that share is shown)."""
        key = self._key(item)
        if fetched:
            self._fetched[snap.id] = self.config.clock()
        self.cache.upsert(key, snap)
        if self.current is not None and self._key(self.current) == key:
            self.table.upsert(snap, select=select)
            self._update_detail()

    def forget_snapshot(self, item: ShareItem, snapshot_id: str) -> None:
        """One snapshot is gone: drop it everywhere."""
        key = self._key(item)
        self.local_change(item)
        self.cache.remove(key, snapshot_id)
        self._fetched.pop(snapshot_id, None)
        self.delete_errors.pop(snapshot_id, None)
        if self.current is not None and self._key(self.current) == key:
            self.table.remove_snapshot(snapshot_id)
            self._update_detail()

    def start_poll(self, item: ShareItem, snapshot_id: str, *, announce: str | None = None) -> None:
        """Poll one snapshot (GET one, capped backoff) until it settles or is gone (404).

        ``announce`` ("created", "deleted") ends the poll with a toast saying so, for the single
        create and delete a user is waiting on (a bulk delete has its own report instead).
        """
        token = (self._key(item), snapshot_id)
        if token in self._polling:
            return
        self._polling.add(token)
        self.run_worker(
            self._poll(item, snapshot_id, token, announce),
            group="poll",
            exit_on_error=False,
            description="Poll snapshot",
        )

    async def _poll(
        self, item: ShareItem, snapshot_id: str, token: tuple[ShareKey, str], announce: str | None = None
    ) -> None:
        """Follow one snapshot with the one follower (:mod:`efs_tui.core.follow`) and show each state.

        Transient errors are polled through (the header shows the connection state);
        a 404 drops the row; any other error ends the poll with a notification.
        """
        key = self._key(item)
        # The label as the row knew it: a delete can be gone by the first poll, and the toast
        # should still name the snapshot the user deleted, not its id.
        known = self.cache.find(key, snapshot_id)
        try:
            followed = await follow(
                lambda: self.call_api(self.client.get_snapshot(*key, snapshot_id)),
                lambda snap: not snap.is_transitional,
                backoff=Backoff(self.config.poll_initial, self.config.poll_max),
                timeout=self.config.poll_timeout,
                on_update=lambda snap: self.apply_snapshot(item, snap),
            )
        finally:
            self._polling.discard(token)
        last = followed.last if followed.last is not None else known
        label = clean(last.label) if last is not None else snapshot_id
        if followed.ending is Ending.GONE:
            self.forget_snapshot(item, snapshot_id)
            if announce == "deleted":
                self.notify(f"Deleted snapshot {label}.", title="Deleted", markup=False, timeout=4)
        elif followed.ending is Ending.SETTLED and announce == "created" and followed.last is not None:
            status = clean(followed.last.status)
            severity: SeverityLevel = "information" if followed.last.status == "available" else "warning"
            self.notify(f"Created snapshot {label}: {status}.", title="Created", severity=severity, markup=False)
        elif followed.ending is Ending.FAILED and followed.error is not None:
            self.notify_error(followed.error, "Polling snapshot")

    def mark(self, item: ShareItem, snap: Snapshot, status: str) -> Snapshot:
        """Show ``snap`` with a new status at once (before the API confirms it)."""
        changed = replace(snap, status=status)
        self.local_change(item)
        self.apply_snapshot(item, changed, fetched=False)
        return changed
