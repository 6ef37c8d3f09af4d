"""Data loading for the main screen: services, shares, snapshots, polling.

All I/O runs in workers, one group per kind of request ("services",
"shares:<id>", "snapshots", "poll", …) because ``exclusive`` only cancels
within a group. Answers are checked against the current selection after the
await, so a late answer never overwrites the table of another share. Errors
become a notification (HTTP status, OVH message, query id) while the panes keep
their last good data.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, Tree
from textual.worker import Worker, WorkerState

from efs_tui.api.errors import NotFound, OvhError
from efs_tui.api.models import Service, Share, Snapshot
from efs_tui.ui.cache import Backoff, ShareKey, SnapshotCache
from efs_tui.ui.config import UiConfig
from efs_tui.ui.text import clean, relative
from efs_tui.ui.widgets import DetailPanel, ServiceTree, SnapshotTable, StatusHeader
from efs_tui.ui.widgets.service_tree import NodeData, ServiceItem, ShareItem

T = TypeVar("T")

MAX_AUTO_POLLS = 20
"""Transitional rows found in a list are polled one by one only up to this many."""


def short_error(error: OvhError) -> str:
    """``HTTP 503`` or the error's title: what fits on one line of the tree."""
    return f"HTTP {error.status}" if error.status else error.title


class BrowserScreen(Screen[None]):
    """Tree → table → detail, and the workers that fill them."""

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

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        cfg = self.config
        yield StatusHeader(cfg.context_label, cfg.read_only, id="header")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield ServiceTree(id="tree")
            with Vertical(id="right"):
                yield Static(Text("Select a share", style="dim"), id="snap-header")
                yield SnapshotTable(clock=cfg.clock, zone=cfg.zone, id="table")
                yield DetailPanel(clock=cfg.clock, zone=cfg.zone, id="detail")
        yield Footer()

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

    def on_mount(self) -> None:
        self.query_one("#left").border_title = "Services"
        self.table.border_title = "Snapshots"
        self.detail.border_title = "Detail"
        self.service_tree.focus()
        self.service_tree.services_loading()
        self.load_services()
        self.set_interval(1.0, self._update_snapshot_header)
        if self.config.auto_refresh:
            self.set_interval(self.config.auto_refresh, self._background_refresh)

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
            header.in_flight = max(0, header.in_flight - 1)
        header.conn_state = "ok"
        return result

    def notify_error(self, error: OvhError, doing: str) -> None:
        """An error toast with everything support needs; the API text is shown literally."""
        self.notify(
            clean(error.describe(), keep_newlines=True),
            title=f"{doing}: {error.title}",
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
                    self.call_after_refresh(self.service_tree.move_cursor, node)
                return

    # -- share selection ------------------------------------------------------------------

    @on(Tree.NodeHighlighted)
    def _node_highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        data = event.node.data
        if not isinstance(data, ShareItem) or self._is_current(data):
            return
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(self.config.debounce, lambda: self.show_share(data))

    @on(Tree.NodeSelected)
    def _node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        data = event.node.data
        if isinstance(data, ShareItem):
            if self._debounce is not None:
                self._debounce.stop()
            if not self._is_current(data):
                self.show_share(data)
            self.table.focus()

    def _is_current(self, item: ShareItem) -> bool:
        return self.current is not None and self._key(self.current) == self._key(item)

    @staticmethod
    def _key(item: ShareItem) -> ShareKey:
        return (item.service.id, item.share.id)

    def show_share(self, item: ShareItem) -> None:
        """Show a share: cached rows at once (if any), then a fresh list in the background."""
        if self._is_current(item):
            return
        self.current = item
        self._share_error = None
        entry = self.cache.get(self._key(item))
        self.table.show(entry.ordered() if entry else [])
        self.table.border_title = f"Snapshots · {clean(item.share.label)}"
        self._update_detail()
        self.load_snapshots(item)

    # -- snapshots ------------------------------------------------------------------------

    @work(exclusive=True, group="snapshots", exit_on_error=False, description="Load snapshots")
    async def load_snapshots(self, item: ShareItem) -> None:
        key = self._key(item)
        self._loading = key
        self._update_snapshot_header()
        try:
            snapshots = await self.call_api(self.client.list_snapshots(*key))
        except OvhError as error:
            if self.current is not None and self._key(self.current) == key:
                self._share_error = short_error(error)
                self.notify_error(error, f"Loading snapshots of {item.share.label}")
            return
        finally:
            if self._loading == key:
                self._loading = None
            self._update_snapshot_header()
        entry = self.cache.put(key, snapshots, self.config.clock())
        if self.current is None or self._key(self.current) != key:
            return  # the user moved on: keep the answer in the cache only
        self._share_error = None
        if self.table.row_count == 0:
            self.table.show(entry.ordered())
        else:
            self.table.sync(entry.ordered())
        self._update_detail()
        self._update_snapshot_header()
        for snap in [s for s in entry.ordered() if s.is_transitional][:MAX_AUTO_POLLS]:
            self.start_poll(item, snap.id)
        if self._on_first_table is not None:
            callback, self._on_first_table = self._on_first_table, None
            callback()

    def _update_snapshot_header(self) -> None:
        """``share · service │ N snapshots │ updated 12 s ago`` (or refreshing / error)."""
        if not self.is_mounted:
            return
        line = Text(no_wrap=True, overflow="ellipsis")
        item = self.current
        if item is None:
            line.append("Select a share", style="dim")
        else:
            key = self._key(item)
            entry = self.cache.get(key)
            line.append(clean(item.share.label), style="bold")
            line.append(f" · {clean(item.service.label)}", style="dim")
            line.append(f" │ {self.table.row_count} snapshot{'s' if self.table.row_count != 1 else ''}")
            if self._loading == key:
                line.append(" │ refreshing…", style="yellow")
            elif self._share_error:
                line.append(f" │ ⚠ {self._share_error} (r to retry)", style="red")
            if entry is not None and entry.fetched_at is not None and self._loading != key:
                line.append(f" │ updated {relative(entry.fetched_at, self.config.clock())}", style="dim")
            elif entry is None and self._loading != key:
                line.append(" │ not loaded", style="dim")
        self.query_one("#snap-header", Static).update(line)

    def _background_refresh(self) -> None:
        if self.current is not None and self._loading is None:
            self.load_snapshots(self.current)

    @on(SnapshotTable.Highlighted)
    def _row_highlighted(self, event: SnapshotTable.Highlighted) -> None:
        self._update_detail()
        self.refresh_bindings()

    def _update_detail(self) -> None:
        snap = self.table.highlighted
        item = self.current
        if snap is None:
            self.detail.message(
                "This share has no snapshot." if item and self.cache.get(self._key(item)) else "No snapshot selected."
            )
        else:
            self.detail.show(
                snap, item.service if item else None, item.share if item else None, self._fetched.get(snap.id)
            )
        self._update_snapshot_header()

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
        self.cache.remove(key, snapshot_id)
        self._fetched.pop(snapshot_id, None)
        if self.current is not None and self._key(self.current) == key:
            self.table.remove_snapshot(snapshot_id)
            self._update_detail()

    def start_poll(self, item: ShareItem, snapshot_id: str) -> None:
        """Poll one snapshot (GET one, capped backoff) until it settles or is gone (404)."""
        token = (self._key(item), snapshot_id)
        if token in self._polling:
            return
        self._polling.add(token)
        self.run_worker(
            self._poll(item, snapshot_id, token), group="poll", exit_on_error=False, description="Poll snapshot"
        )

    async def _poll(self, item: ShareItem, snapshot_id: str, token: tuple[ShareKey, str]) -> None:
        backoff = Backoff(self.config.poll_initial, self.config.poll_max)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.config.poll_timeout
        try:
            while loop.time() < deadline:
                await asyncio.sleep(backoff.next())
                try:
                    snap = await self.call_api(self.client.get_snapshot(*self._key(item), snapshot_id))
                except NotFound:
                    self.forget_snapshot(item, snapshot_id)
                    return
                except OvhError as error:
                    self.notify_error(error, "Polling snapshot")
                    return
                self.apply_snapshot(item, snap)
                if not snap.is_transitional:
                    return
        finally:
            self._polling.discard(token)

    def mark(self, item: ShareItem, snap: Snapshot, status: str) -> Snapshot:
        """Show ``snap`` with a new status at once (before the API confirms it)."""
        changed = replace(snap, status=status)
        self.apply_snapshot(item, changed, fetched=False)
        return changed
