"""The left pane: services and, under each, its shares.

The tree only displays; the main screen loads data and tells it what to show.
Loading and error states live *in* the tree (a ``loading…`` or ``⚠ error`` child)
so a failure is visible where the data is missing, not only in a passing toast.
Nodes are updated in place by id on refresh, so the cursor and expansion survive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from efs_tui.api.models import Service, Share, service_status_group, share_status_group
from efs_tui.ui.text import GROUP_STYLES, clean, format_gb


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


NodeData = ServiceItem | ShareItem | InfoItem
Node = TreeNode[NodeData]


def service_label(service: Service, used: int | None) -> Text:
    """``● name  region  status  used/quota``, with the status coloured by group."""
    style = GROUP_STYLES[service_status_group(service.status)]
    label = Text(no_wrap=True)
    label.append("● ", style=style)
    label.append(clean(service.label), style="bold")
    label.append(f"  {clean(service.region or '?')}", style="dim")
    label.append(f"  {clean(service.status or '?')}", style=style)
    label.append(f"  {format_gb(used) if used is not None else '…'}/{format_gb(service.quota)}", style="dim")
    return label


def share_label(share: Share) -> Text:
    """``name  size  status`` with the status coloured by group."""
    style = GROUP_STYLES[share_status_group(share.status)]
    label = Text(no_wrap=True)
    label.append(clean(share.label))
    label.append(f"  {format_gb(share.size)}", style="dim")
    label.append(f"  {clean(share.status or '?')}", style=style)
    return label


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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("services"), id=id)
        self.show_root = False
        self.guide_depth = 2

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
                node.remove()
        for service in services:
            found = self.service_node(service.id)
            label = service_label(service, used.get(service.id))
            if found is None:
                self.root.add(label, data=ServiceItem(service), allow_expand=True)
            else:
                found.data = ServiceItem(service)
                found.set_label(label)
        if not services:
            self._info(self.root, "(no services on this account)", "italic dim", "empty")

    def update_service_usage(self, service: Service, used: int | None) -> None:
        node = self.service_node(service.id)
        if node is not None:
            node.set_label(service_label(service, used))

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
        parent = self.service_node(service.id)
        if parent is None:
            return
        self._clear_info(parent)
        wanted = {s.id: s for s in shares}
        existing: dict[str, Node] = {}
        for node in list(parent.children):
            if isinstance(node.data, ShareItem):
                if node.data.share.id in wanted:
                    existing[node.data.share.id] = node
                else:
                    node.remove()
        for share in shares:
            known = existing.get(share.id)
            if known is None:
                parent.add_leaf(share_label(share), data=ShareItem(service, share))
            else:
                known.data = ShareItem(service, share)
                known.set_label(share_label(share))
        if not shares:
            self._info(parent, "(no shares)", "italic dim", "empty")

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
        elif isinstance(node.data, ShareItem):
            self.select_node(node)
        elif node.children:
            self.move_cursor(node.children[0])
