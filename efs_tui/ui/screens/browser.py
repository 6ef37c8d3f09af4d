"""The main screen's layout: tree | (header line, filter, table, detail), and what follows the cursor.

Loading lives in :mod:`efs_tui.ui.screens.loading`, the view actions (filter,
sort, zone, auto-refresh, export, log) in :mod:`efs_tui.ui.screens.views`; this
file lays the panes out and keeps them in step with the cursor and the focus:

* the tree cursor resting on a share (debounced) shows its snapshots;
* the detail pane follows the focus: with the tree focused it describes the
  share (fields, snapshot policy in words, reserve) or service under the tree
  cursor; with the table focused, the highlighted snapshot;
* from 160 columns the detail moves beside the table instead of under it;
* under 100 columns the footer is compact, so every key it lists still fits;
* under 80x24 the panes give way to one line saying which size is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import Footer, Static, Tree

from efs_tui.api.models import Share
from efs_tui.core.quota import ManualQuota, manual_count, quota_text
from efs_tui.ui.config import UiConfig
from efs_tui.ui.screens.loading import short_error
from efs_tui.ui.screens.views import ViewsScreen
from efs_tui.ui.text import clean, relative
from efs_tui.ui.widgets import DetailPanel, ServiceTree, SnapshotTable, StatusHeader
from efs_tui.ui.widgets.filter_bar import FilterBar
from efs_tui.ui.widgets.service_tree import NodeData, ServiceItem, ShareItem

__all__ = ["BrowserScreen", "short_error"]

WIDE = 160
"""From this many columns the detail pane sits beside the table."""

ROOMY_FOOTER = 100
"""Below this many columns the footer drops its padding, so every key (up to ``? Help``) still fits."""

MIN_SIZE = (80, 24)
"""The smallest terminal the layout is drawn for; below it the screen says so instead of drawing empty panes."""

DETAIL_TITLES = {"share": "Share", "service": "Service"}
"""Border title of the detail pane per view (anything else: "Detail")."""


class BrowserScreen(ViewsScreen):
    """Tree → table → detail, and the workers that fill them."""

    def __init__(self, config: UiConfig, on_first_table: Callable[[], None] | None = None) -> None:
        super().__init__(config, on_first_table)
        self.detail_follows = "tree"
        """Which pane the detail describes: ``tree`` (share / service) or ``table`` (snapshot)."""
        self._header_drawn: Text | None = None
        """The snapshot header line last drawn: redrawn only when it changes."""
        self._footer_without_snapshot: bool | None = None
        """Whether the footer's bindings were last refreshed with no snapshot highlighted."""

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        cfg = self.config
        yield StatusHeader(cfg.context_label, cfg.read_only, id="header")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield FilterBar("tree", "share name or mount point", id="tree-filter")
                yield ServiceTree(id="tree")
            with Vertical(id="right"):
                yield Static(Text("Select a share", style="dim"), id="snap-header")
                yield FilterBar("table", "name:x type:manual -status:error words", id="table-filter")
                with Container(id="panes"):
                    yield SnapshotTable(clock=cfg.clock, zone=cfg.zone, id="table")
                    yield DetailPanel(clock=cfg.clock, zone=cfg.zone, id="detail")
        yield Static(id="too-small")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#left").border_title = "Services"
        self.table.border_title = "Snapshots"
        self.detail.set_title("Detail")
        self.service_tree.focus()
        self.service_tree.services_loading()
        self.load_services()
        self.start_tick()

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        self.query_one("#panes").set_class(width >= WIDE, "-wide")
        self.query_one(Footer).compact = width < ROOMY_FOOTER
        self._show_too_small(width, height)
        self._update_snapshot_header()

    def _show_too_small(self, width: int, height: int) -> None:
        """Below :data:`MIN_SIZE`, one centred message replaces the panes (they would draw empty)."""
        need_width, need_height = MIN_SIZE
        small = width < need_width or height < need_height
        self.set_class(small, "-too-small")
        if small:
            line = f"terminal too small: {need_width}x{need_height} needed, this is {width}x{height}"
            message = Text(justify="center")
            message.append((line if len(line) < width else line.replace(": ", ":\n", 1)) + "\n")
            message.append("make the window larger (q quits)", style="dim")
            self.query_one("#too-small", Static).update(message)

    # -- share selection ------------------------------------------------------------------

    @on(Tree.NodeHighlighted)
    def _node_highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        """Act only once the cursor rests: running through the tree costs no request and no redraw."""
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(self.config.debounce, partial(self._cursor_rested, event.node.data))

    def _cursor_rested(self, data: NodeData | None) -> None:
        if isinstance(data, ShareItem) and not self._is_current(data):
            self.show_share(data)  # redraws the detail too
        elif self.detail_follows == "tree":
            self._update_detail()

    @on(Tree.NodeSelected)
    def _node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        data = event.node.data
        if isinstance(data, ShareItem):
            if self._debounce is not None:
                self._debounce.stop()
            if not self._is_current(data):
                self.show_share(data)
            self.table.focus()

    def show_share(self, item: ShareItem) -> None:
        """Show a share: cached rows at once (if any), then a fresh list in the background."""
        if self._is_current(item):
            return
        self.current = item
        self._share_error = None
        entry = self.cache.get(self._key(item))
        self.table.show(entry.ordered() if entry else [])
        # A Text, never a str: a str border title is parsed as markup (``logs[/foo]`` would crash the app).
        self.table.border_title = Text(f"Snapshots · {clean(item.share.label)}")
        self._update_detail()
        self.load_snapshots(item)

    # -- focus and detail -----------------------------------------------------------------

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        """The detail follows the pane the user works in (the detail pane itself changes nothing)."""
        widget = event.widget
        if isinstance(widget, DetailPanel):
            return
        follows = "tree" if self.query_one("#left") in widget.ancestors_with_self else "table"
        if follows != self.detail_follows:
            self.detail_follows = follows
            self._update_detail()

    @on(SnapshotTable.Highlighted)
    def _row_highlighted(self, event: SnapshotTable.Highlighted) -> None:
        self._update_detail()
        # The footer depends only on whether a snapshot is highlighted (``check_action``), and
        # refreshing the bindings recomposes it: on every move that redrew the whole line.
        if (event.snapshot is None) != self._footer_without_snapshot:
            self._footer_without_snapshot = event.snapshot is None
            self.refresh_bindings()

    def _update_detail(self) -> None:
        if not self.is_mounted:
            return
        snap = self.table.highlighted
        item = self.current
        node = self.service_tree.cursor_node
        data = node.data if node is not None and self.detail_follows == "tree" else None
        if isinstance(data, ShareItem):
            self.detail.snapshot = snap
            self.detail.show_share(data.share, data.service, self.extras.get(self._key(data)))
            if self._is_current(data):
                self.ensure_extras(data)
        elif isinstance(data, ServiceItem):
            self.detail.snapshot = snap
            shares = self.shares.get(data.service.id)
            self.detail.show_service(
                data.service,
                self._used(data.service.id),
                None if shares is None else len(shares),
                manual=self._service_manual(data.service.id, shares),
            )
        elif snap is None:
            self.detail.message(
                "This share has no snapshot." if item and self.cache.get(self._key(item)) else "No snapshot selected."
            )
        else:
            failure = self.delete_errors.get(snap.id)
            self.detail.show(
                snap,
                item.service if item else None,
                item.share if item else None,
                self._fetched.get(snap.id),
                note=None if failure is None else Text(f"✖ Last delete failed: {clean(failure)}", style="bold red"),
            )
        self.detail.set_title(DETAIL_TITLES.get(self.detail.view, "Detail"))
        self._update_snapshot_header()

    def _service_manual(self, service_id: str, shares: list[Share] | None) -> ManualQuota | None:
        """Manual snapshots over the service's shares whose lists are loaded (no request for this)."""
        if not shares:
            return None
        entries = [self.cache.get((service_id, share.id)) for share in shares]
        loaded = [entry for entry in entries if entry is not None]
        used = sum(manual_count(entry.snapshots.values()) for entry in loaded)
        return ManualQuota(used, len(loaded), len(shares), self.config.manual_snapshot_limit)

    # -- header line ----------------------------------------------------------------------

    def _update_snapshot_header(self) -> None:
        """``share · service │ 3 of 10 snapshots │ sorted by created ▼ │ updated 12 s ago``, shortened to fit.

        The fit keeps room for the age's second digit (:meth:`_age_reserve`), so the
        line keeps its shape when the seconds reach 10.
        """
        if not self.is_mounted:
            return
        widget = self.query_one("#snap-header", Static)
        width = max(0, widget.size.width - 2) or 10_000
        for service, words, age, updated, quota in (
            (True, True, True, True, True),
            (False, True, True, True, True),  # the quota goes first when room is short: the rest is older
            (True, True, True, True, False),
            (False, True, True, True, False),
            (False, True, True, False, False),
            (False, False, True, False, False),
            (False, False, False, False, False),
        ):
            line = self._header_line(service, words, age, updated=updated, quota=quota)
            if line.cell_len + self._age_reserve() <= width:
                break
        if line != self._header_drawn:  # unchanged (a cursor move): not sent to the terminal again
            self._header_drawn = line
            widget.update(line, layout=False)  # one line, height 1 in CSS: its size never depends on the text
        self.update_filter_count()

    def _age_reserve(self) -> int:
        """Room kept for the age to grow to two digits ("9 s ago" → "10 s ago").

        The line picks the longest variant that fits; without this, the tenth second
        would drop the service name and the eleventh would not bring it back for a minute.
        """
        item = self.current
        entry = self.cache.get(self._key(item)) if item is not None else None
        if entry is None or entry.fetched_at is None:
            return 0
        ago = relative(entry.fetched_at, self.config.clock())
        digits = len(ago) - len(ago.lstrip("0123456789"))
        return max(0, 2 - digits)

    def _header_line(
        self, service: bool, words: bool, age: bool = True, *, updated: bool | None = None, quota: bool = False
    ) -> Text:
        """The line with the service name (``service``), "sorted by" (``words``), the age (``age``),
        the word "updated" before it (``updated``, by default as ``words``) and ``manual N/limit`` (``quota``)."""
        updated = words if updated is None else updated
        line = Text(no_wrap=True, overflow="ellipsis")
        item = self.current
        if item is None:
            line.append("Select a share", style="dim")
            return line
        key = self._key(item)
        entry = self.cache.get(key)
        table = self.table
        line.append(clean(item.share.label), style="bold")
        if service:
            line.append(f" · {clean(item.service.label)}", style="dim")
        total = table.total_count
        noun = "snapshot" if total == 1 else "snapshots"
        if table.filter_text:
            line.append(f" │ {table.visible_count} of {total} {noun}", style="bold")
        else:
            line.append(f" │ {total} {noun}")
        if quota and entry is not None:
            used, limit = manual_count(entry.snapshots.values()), self.config.manual_snapshot_limit
            full = "bold red" if used >= limit else "yellow" if used * 10 >= limit * 9 else ""
            line.append(f" │ {quota_text(used, limit)}", style=full)
        arrow = "▼" if table.sort_reverse else "▲"
        line.append(f" │ {'sorted by ' if words else ''}{table.sort_column} {arrow}", style="cyan")
        if table.sort_column not in table.shown_columns:
            line.append(" (hidden column)" if words else " (hidden)", style="cyan")
        marked = len(table.marked_ids)
        if marked:
            line.append(f" │ {marked} marked", style="bold magenta")
        if self._loading == key:
            line.append(" │ refreshing…", style="yellow")
        elif self._share_error:
            line.append(f" │ ⚠ {self._share_error} (r to retry)", style="red")
        if entry is not None and entry.fetched_at is not None and self._loading != key:
            if not age:
                return line
            ago = relative(entry.fetched_at, self.config.clock())
            line.append(f" │ updated {ago}" if updated else f" │ {ago}", style="dim")
        elif entry is None and self._loading != key:
            line.append(" │ not loaded", style="dim")
        return line
