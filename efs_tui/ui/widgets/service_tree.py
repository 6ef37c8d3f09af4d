"""The left pane: services and, under each, its shares.

The tree loads its own services and shares (one worker group for the services,
one per service for its shares, as harlequin's ``DatabaseTree`` does), posts
:class:`ServiceTree.ServicesLoaded` up to the screen and hands it the account's
first share. Loading and error states live *in* the tree (a ``loading…`` or ``⚠ error`` child)
so a failure is visible where the data is missing, not only in a passing toast.
Nodes are updated in place by id on refresh, so the cursor and expansion survive.

The filter (``/`` with the tree focused) keeps every loaded share in memory and
shows only those whose name, mount point or id contains the text (or all shares
of a service whose name matches); services left without a match are dimmed with
a ``(no match)`` line rather than removed, so the tree keeps its shape. Labels
shrink to ``● name`` when the pane is too narrow for the full line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode
from textual.worker import Worker

from efs_tui.api.errors import OvhError
from efs_tui.api.models import Service, Share, service_status_group, share_status_group
from efs_tui.ui.text import GROUP_STYLES, clean, format_gb
from efs_tui.ui.widgets.api_calls import ApiCalls, short_error


@dataclass(frozen=True, slots=True)
class ServiceItem:
    """A service node."""

    service: Service


@dataclass(frozen=True, slots=True)
class ShareItem:
    """A share node; it knows its service because the API paths need both ids."""

    service: Service
    share: Share


@dataclass(frozen=True, slots=True)
class InfoItem:
    """A ``loading…``, ``(no shares)`` or error line."""

    kind: str


@dataclass(frozen=True, slots=True)
class AccountItem:
    """The "All snapshots" line at the top: it opens the account view."""


NodeData = ServiceItem | ShareItem | InfoItem | AccountItem
Node = TreeNode[NodeData]


def service_label(service: Service, used: int | None, *, compact: bool = False, dimmed: bool = False) -> Text:
    """``● name  region  status  used/quota`` (``● name`` when compact), the status coloured by group."""
    style = GROUP_STYLES[service_status_group(service.status)]
    label = Text(no_wrap=True, style="dim" if dimmed else "")
    label.append("● ", style=style)
    label.append(clean(service.label), style="" if dimmed else "bold")
    if compact:
        return label
    label.append(f"  {clean(service.region or '?')}", style="dim")
    label.append(f"  {clean(service.status or '?')}", style=style)
    label.append(f"  {format_gb(used) if used is not None else '…'}/{format_gb(service.quota)}", style="dim")
    return label


def share_label(share: Share, *, compact: bool = False) -> Text:
    """``name  size  status`` with the status coloured by group; ``● name`` when compact."""
    style = GROUP_STYLES[share_status_group(share.status)]
    label = Text(no_wrap=True)
    if compact:
        label.append("● ", style=style)
        label.append(clean(share.label))
        return label
    label.append(clean(share.label))
    label.append(f"  {format_gb(share.size)}", style="dim")
    label.append(f"  {clean(share.status or '?')}", style=style)
    return label


def share_matches(share: Share, needle: str) -> bool:
    """Whether ``needle`` (lower case) is in the share's name, mount point or id."""
    return any(needle in (value or "").lower() for value in (share.name, share.mount_point_name, share.id))


SERVICE_FULL_WIDTH = 46
"""Below this many columns of tree content, service labels shrink to ``● name``."""
SHARE_FULL_WIDTH = 34
"""Below this many columns of tree content, share labels shrink to ``● name``."""


class ServiceTree(Tree[NodeData]):
    """Services and shares, keyboard-first (vim keys included)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_home", "First", show=False),
        Binding("G", "scroll_end", "Last", show=False),
        Binding("h,left", "collapse_or_parent", "Collapse", show=False),
        Binding("l,right", "expand_or_enter", "Expand", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | j, k, up, down | Move between services and shares. |
    | h, left | Collapse the service, or go to the parent. |
    | l, right | Expand the service, or open the share's snapshots. |
    | enter | Expand / open. |
    """

    @dataclass
    class ServicesLoaded(Message):
        """The account's services were listed (``reloaded``: by an explicit refresh)."""

        services: list[Service]
        reloaded: bool

    def __init__(
        self,
        calls: ApiCalls,
        *,
        eager_services: int,
        on_first_share: Callable[[ShareItem, Node | None], None],
        id: str | None = None,
    ) -> None:
        super().__init__(Text("services"), id=id)
        self.calls = calls
        self._on_first_share = on_first_share
        """Called (not posted: a message would wait behind the tree's first repaint, ~0.1 s of the cold start)
        with the account's first share and its node, once it is known, while nothing is shown yet."""
        self.eager_services = eager_services
        """Up to this many services, every one opens (its shares load) at start; above, the first only."""
        self.services: dict[str, Service] = {}
        self.shares: dict[str, list[Share]] = {}
        """Loaded shares by service id (absent: never loaded)."""
        self.first_share_wanted = True
        """Whether the screen still waits for a share to show (cleared once one is shown)."""
        self.show_root = False
        self.guide_depth = 2
        self.filter_text = ""
        """The current filter (empty: every share shown)."""
        self._all_shares: dict[str, tuple[Service, list[Share]]] = {}
        """Every loaded share by service id, shown or filtered out."""
        self._used: dict[str, int | None] = {}
        self._width = 0
        """Content width the labels were last built for."""
        self.root.add_leaf(Text("▤ All snapshots", style="bold"), data=AccountItem())

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        """The "All snapshots" line opens the account view (the screen's ``account_view`` action)."""
        if isinstance(event.node.data, AccountItem):
            event.stop()
            self.call_later(self.run_action, "screen.account_view")

    # -- loading ----------------------------------------------------------------------------

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        self.calls.worker_failed(event)

    @work(exclusive=True, group="services", exit_on_error=False, description="Load services")
    async def load_services(self, reload_shares: bool = False) -> None:
        try:
            services = await self.calls(self.calls.client.list_services())
        except OvhError as error:
            if self.services:
                self.calls.report(error, "Refreshing services")
            else:
                self.services_error(short_error(error))
                self.calls.report(error, "Loading services")
            return
        self.services = {s.id: s for s in services}
        self.set_services(services, {s.id: self.used(s.id) for s in services})
        eager = services if len(services) <= self.eager_services else services[:1]
        for service in eager:
            node = self.service_node(service.id)
            if node is not None and not node.is_expanded and service.id not in self.shares:
                node.expand()  # NodeExpanded loads its shares
        if reload_shares:
            for service in self.expanded_services:
                self.load_shares(service)
        self.post_message(self.ServicesLoaded(services, reload_shares))

    def used(self, service_id: str) -> int | None:
        """Bytes provisioned over the service's loaded shares (``None``: never listed)."""
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
            self.shares_loading(service.id)
        try:
            shares = await self.calls(self.calls.client.list_shares(service.id))
        except OvhError as error:
            if not known:
                self.shares_error(service.id, short_error(error))
            self.calls.report(error, f"Loading shares of {service.label}")
            return
        service = self.services.get(service.id, service)
        self.replace_shares(service, shares)
        if self.first_share_wanted:
            self._pick_first_share()

    def replace_shares(self, service: Service, shares: list[Share]) -> None:
        """A service's shares changed (listed, created, reverting): keep the list, the nodes and the usage true."""
        self.shares[service.id] = shares
        self.set_shares(service, shares)
        self.update_service_usage(service, self.used(service.id))

    def _pick_first_share(self) -> None:
        """Offer the first share of the first service that has one, in list order."""
        for service_id in self.services:
            shares = self.shares.get(service_id)
            if shares is None:
                return  # an earlier service is still loading: wait for it, keep the order
            if shares:
                self.first_share_wanted = False
                self._on_first_share(
                    ShareItem(self.services[service_id], shares[0]), self.share_node(service_id, shares[0].id)
                )
                return

    # -- labels ---------------------------------------------------------------------------

    @property
    def compact_services(self) -> bool:
        return 0 < self._width < SERVICE_FULL_WIDTH

    @property
    def compact_shares(self) -> bool:
        return 0 < self._width < SHARE_FULL_WIDTH

    def _service_label(self, service: Service) -> Text:
        entry = self._all_shares.get(service.id)
        dimmed = bool(self.filter_text) and entry is not None and not self._visible(*entry)
        return service_label(service, self._used.get(service.id), compact=self.compact_services, dimmed=dimmed)

    def on_resize(self, event: events.Resize) -> None:
        """Rebuild the labels when the pane crosses a width threshold."""
        width = self.scrollable_content_region.width
        before = (self.compact_services, self.compact_shares)
        self._width = width
        if (self.compact_services, self.compact_shares) != before:
            self._relabel()

    def _relabel(self) -> None:
        for node in self.root.children:
            if isinstance(node.data, ServiceItem):
                node.set_label(self._service_label(node.data.service))
                for child in node.children:
                    if isinstance(child.data, ShareItem):
                        child.set_label(share_label(child.data.share, compact=self.compact_shares))

    # -- filter ---------------------------------------------------------------------------

    def _visible(self, service: Service, shares: list[Share]) -> list[Share]:
        needle = self.filter_text.strip().lower()
        if not needle or needle in service.label.lower():
            return shares
        return [s for s in shares if share_matches(s, needle)]

    def set_filter(self, text: str) -> int:
        """Show only the shares matching ``text``; return how many loaded shares are shown."""
        self.filter_text = text
        shown = 0
        for service, _shares in list(self._all_shares.values()):
            visible = self._sync_shares(service)
            shown += len(visible)
            node = self.service_node(service.id)
            if node is not None:
                node.set_label(self._service_label(service))
                if text and visible and not node.is_expanded:
                    node.expand()
        return shown

    @property
    def total_shares(self) -> int:
        """How many shares are loaded, shown or not."""
        return sum(len(shares) for _, shares in self._all_shares.values())

    # -- lookups --------------------------------------------------------------------------

    def service_node(self, service_id: str) -> Node | None:
        for node in self.root.children:
            if isinstance(node.data, ServiceItem) and node.data.service.id == service_id:
                return node
        return None

    def share_node(self, service_id: str, share_id: str) -> Node | None:
        parent = self.service_node(service_id)
        if parent is None:
            return None
        for node in parent.children:
            if isinstance(node.data, ShareItem) and node.data.share.id == share_id:
                return node
        return None

    def share_nodes(self, service_id: str) -> list[Node]:
        parent = self.service_node(service_id)
        return [] if parent is None else [n for n in parent.children if isinstance(n.data, ShareItem)]

    @property
    def expanded_services(self) -> list[Service]:
        return [n.data.service for n in self.root.children if isinstance(n.data, ServiceItem) and n.is_expanded]

    # -- services -------------------------------------------------------------------------

    def _info(self, parent: Node, text: str, style: str, kind: str) -> None:
        """Replace every non-data child of ``parent`` with one info line."""
        for child in list(parent.children):
            if isinstance(child.data, InfoItem):
                child.remove()
        parent.add_leaf(Text(text, style=style, no_wrap=True), data=InfoItem(kind))

    def _clear_info(self, parent: Node) -> None:
        for child in list(parent.children):
            if isinstance(child.data, InfoItem):
                child.remove()

    def services_loading(self) -> None:
        if not self.root.children:
            self._info(self.root, "loading services…", "italic dim", "loading")

    def services_error(self, message: str) -> None:
        self._info(self.root, f"⚠ error: {clean(message)} (retry with r)", "red", "error")

    def set_services(self, services: list[Service], used: dict[str, int | None]) -> None:
        """Show ``services``, updating nodes that exist and keeping their children."""
        self._clear_info(self.root)
        wanted = {s.id: s for s in services}
        for node in list(self.root.children):
            if isinstance(node.data, ServiceItem) and node.data.service.id not in wanted:
                self._all_shares.pop(node.data.service.id, None)
                node.remove()
        for service in services:
            found = self.service_node(service.id)
            self._used[service.id] = used.get(service.id)
            if service.id in self._all_shares:
                self._all_shares[service.id] = (service, self._all_shares[service.id][1])
            label = self._service_label(service)
            if found is None:
                self.root.add(label, data=ServiceItem(service), allow_expand=True)
            else:
                found.data = ServiceItem(service)
                found.set_label(label)
        if not services:
            self._info(self.root, "(no services on this account)", "italic dim", "empty")

    def update_service_usage(self, service: Service, used: int | None) -> None:
        self._used[service.id] = used
        node = self.service_node(service.id)
        if node is not None:
            node.set_label(self._service_label(service))

    # -- shares ---------------------------------------------------------------------------

    def shares_loading(self, service_id: str) -> None:
        node = self.service_node(service_id)
        if node is not None:
            self._info(node, "loading…", "italic dim", "loading")

    def shares_error(self, service_id: str, message: str) -> None:
        node = self.service_node(service_id)
        if node is not None:
            self._info(node, f"⚠ error: {clean(message)} (retry with r)", "red", "error")

    def set_shares(self, service: Service, shares: list[Share]) -> None:
        """Show the shares of ``service`` in place (cursor and order kept where possible)."""
        self._all_shares[service.id] = (service, list(shares))
        self._sync_shares(service)
        node = self.service_node(service.id)
        if node is not None and self.filter_text:
            node.set_label(self._service_label(service))

    def _sync_shares(self, service: Service) -> list[Share]:
        """Make the children of ``service`` the shares that pass the filter, in API order; return them."""
        parent = self.service_node(service.id)
        service, shares = self._all_shares.get(service.id, (service, []))
        visible = self._visible(service, shares)
        if parent is None:
            return visible
        self._clear_info(parent)
        wanted = {s.id: s for s in visible}
        existing: dict[str, Node] = {}
        for node in list(parent.children):
            if isinstance(node.data, ShareItem):
                if node.data.share.id in wanted:
                    existing[node.data.share.id] = node
                else:
                    node.remove()
        compact = self.compact_shares
        for index, share in enumerate(visible):
            known = existing.get(share.id)
            if known is None:
                following = next((existing[s.id] for s in visible[index + 1 :] if s.id in existing), None)
                existing[share.id] = parent.add_leaf(
                    share_label(share, compact=compact), data=ShareItem(service, share), before=following
                )
            else:
                known.data = ShareItem(service, share)
                known.set_label(share_label(share, compact=compact))
        if not shares:
            self._info(parent, "(no shares)", "italic dim", "empty")
        elif not visible:
            self._info(parent, "(no match)", "italic dim", "empty")
        return visible

    # -- actions --------------------------------------------------------------------------

    def action_collapse_or_parent(self) -> None:
        """Collapse an open service, else move to the parent service."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_expand_or_enter(self) -> None:
        """Expand a closed service, else select (a share: open its snapshots)."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            node.expand()
        elif isinstance(node.data, ShareItem | AccountItem):
            self.select_node(node)
        elif node.children:
            self.move_cursor(node.children[0])
