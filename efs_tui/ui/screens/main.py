"""The main screen: tree | snapshot pane, the keys, and the flows they run.

It composes widgets that own their data: :class:`ServiceTree` loads services and
shares, :class:`SnapshotPane` loads, caches and polls the selected share's
snapshots and draws its header line and detail, :class:`StatusHeader` shows the
connection. The screen keeps the view state (time zone, auto-refresh, which pane
the detail follows: the tree's share or service, else the highlighted snapshot),
gates the keys with ``check_action``, and runs each write key as one flow of
:mod:`efs_tui.ui.flows` in a worker over its ``ScreenContext``. Its one
1-second tick ages the texts and runs auto-refresh (never under a dialog). From
160 columns the detail sits beside the table; under 100 the footer is compact;
under 80x24 one line says which size is needed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, tzinfo
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static, Tree
from textual.worker import Worker

from efs_tui.api.client import OvhClient
from efs_tui.api.errors import NotFound, OvhError
from efs_tui.api.models import Service, Share, Snapshot
from efs_tui.core.activity import ActivityLog
from efs_tui.core.cache import ShareKey, SnapshotCache
from efs_tui.ui import flows
from efs_tui.ui.config import UiConfig
from efs_tui.ui.flows.host import READ_ONLY_HINT, ScreenContext
from efs_tui.ui.keys import actions, bindings_for
from efs_tui.ui.text import clean
from efs_tui.ui.widgets import DetailPanel, ServiceTree, SnapshotTable, StatusHeader
from efs_tui.ui.widgets.api_calls import ApiCalls
from efs_tui.ui.widgets.filter_bar import FilterBar
from efs_tui.ui.widgets.keys_footer import KeysFooter
from efs_tui.ui.widgets.service_tree import Node, NodeData, ServiceItem, ShareItem
from efs_tui.ui.widgets.snapshot_pane import ServiceView, SnapshotPane, Subject

if TYPE_CHECKING:
    from efs_tui.core.copying import CopyChoice
    from efs_tui.core.writes import Writer
    from efs_tui.ui.screens.account import AccountJump

MUTATING_ACTIONS = actions(writes=True)
"""Hidden (footer, palette) and refused in read-only mode (from the command registry)."""

NEEDS_SNAPSHOT = actions(needs="snapshot")
"""Dimmed while no snapshot is highlighted."""

NEEDS_SHARE = actions(needs="share")
"""Dimmed while no share is selected."""

DEFAULT_AUTO_REFRESH = 30.0
"""Seconds between refreshes when ``p`` turns auto-refresh on and none was configured."""

TICK = 1.0
"""The screen's one timer period (seconds): header ages and the auto-refresh countdown."""

WIDE = 160
"""From this many columns the detail pane sits beside the table."""

ROOMY_FOOTER = 100
"""Below this many columns the footer drops its padding, so every key (up to ``? Help``) still fits."""

MIN_SIZE = (80, 24)
"""The smallest terminal the layout is drawn for; below it the screen says so instead of drawing empty panes."""

START_OVER_LATEST = 1.0
"""Seconds after mount when the start counts as over without a first table (an empty account, an error)."""


def zone_label(zone: tzinfo | None) -> str:
    """``UTC`` for UTC, ``local`` for the machine's zone (``None``), else the zone's name."""
    if zone is None:
        return "local"
    if zone is UTC or str(zone) in ("UTC", "Etc/UTC", "Z"):
        return "UTC"
    return str(zone)


class MainScreen(Screen[None]):
    """Services tree, snapshot pane and the snapshot actions."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for("views"), *bindings_for("main")]
    """The view and snapshot keys, from :data:`efs_tui.ui.keys.REGISTRY` (``?`` lists them; ``[keys]`` rebinds
    them by id). Each write key has a hidden twin with the same id, active only in read-only mode, which
    explains the refusal."""

    zone: var[tzinfo | None] = var(None, init=False)
    """Zone of every date on screen (bound down to the pane); ``t`` switches between UTC and the configured zone."""

    def __init__(
        self, config: UiConfig, on_first_table: Callable[[], None] | None = None, *, writer: Writer | None = None
    ) -> None:
        super().__init__()
        self.config = config
        self.client: OvhClient = config.client
        self.header = StatusHeader(config.context_label, config.read_only, id="header")
        self.calls = ApiCalls(config.client, self.header, self.notify)
        """Every request of the panes and the actions, through the header's connection indicator."""
        self.service_tree = ServiceTree(
            self.calls, eager_services=config.eager_services, on_first_share=self._first_share, id="tree"
        )
        self._on_first_table = on_first_table
        self.pending_jump: AccountJump | None = None
        """Enter in the start's account view (``--account``, shown before this screen was mounted): applied
        once this screen has its services."""
        self.pane = SnapshotPane(config, self.calls, self._subject, on_first_table=self._first_table, id="right")
        self.context = ScreenContext(self, config, self.calls, self.service_tree, self.pane, writer)
        """What the write flows and the policies screen see of this screen (``writer``: one already in use,
        the start's account view's, so quitting still knows about its deletes)."""
        self.set_reactive(MainScreen.zone, config.zone)
        self.refresh_every: float | None = config.auto_refresh
        """Seconds between background refreshes; ``None``: off."""
        self.refresh_paused = False
        self._refresh_due: float | None = None
        """Loop time of the next auto-refresh."""
        self.detail_follows = "tree"
        """Which pane the detail describes: ``tree`` (share / service) or ``table`` (snapshot)."""
        self._debounce: Timer | None = None
        self._footer_without_snapshot: bool | None = None
        """Whether the footer's bindings were last refreshed with no snapshot highlighted."""
        self.mount_commands: dict[ShareKey, str] = {}
        """NFS mount commands already built, by share (access paths rarely change)."""
        self.footer = KeysFooter()
        """Held until the start is over (see :meth:`_start_over`)."""
        self._started = False
        """Whether the start is over: the first table is on screen, or :data:`START_OVER_LATEST` has passed."""
        self._start_timer: Timer | None = None

    # -- what the panes own, as the actions, the tests and the account view read it ---------

    @property
    def table(self) -> SnapshotTable:
        return self.pane.table

    @property
    def detail(self) -> DetailPanel:
        return self.pane.detail

    @property
    def current(self) -> ShareItem | None:
        return self.pane.current

    @property
    def cache(self) -> SnapshotCache:
        return self.pane.cache

    @cache.setter
    def cache(self, cache: SnapshotCache) -> None:
        self.pane.cache = cache

    @property
    def services(self) -> dict[str, Service]:
        return self.service_tree.services

    @property
    def shares(self) -> dict[str, list[Share]]:
        return self.service_tree.shares

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self.header
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield FilterBar("tree", "share name or mount point", id="tree-filter")
                yield self.service_tree
            yield self.pane.data_bind(MainScreen.zone)
        yield Static(id="too-small")
        yield self.footer

    def on_mount(self) -> None:
        self._start_timer = self.set_timer(START_OVER_LATEST, self._start_over)
        self.query_one("#left").border_title = "Services"
        self.service_tree.focus()
        self.service_tree.services_loading()
        self.service_tree.load_services()
        period = min(TICK, self.refresh_every) if self.refresh_every else TICK
        self._schedule_refresh()
        self.set_interval(period, self._tick)
        self._show_view_state()

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        self.query_one("#panes").set_class(width >= WIDE, "-wide")
        self.query_one(Footer).compact = width < ROOMY_FOOTER
        need_width, need_height = MIN_SIZE
        small = width < need_width or height < need_height
        self.set_class(small, "-too-small")
        if small:  # one centred message replaces the panes (they would draw empty)
            line = f"terminal too small: {need_width}x{need_height} needed, this is {width}x{height}"
            message = Text(justify="center")
            message.append((line if len(line) < width else line.replace(": ", ":\n", 1)) + "\n")
            message.append("make the window larger (q quits)", style="dim")
            self.query_one("#too-small", Static).update(message)
        self.pane.update_header()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide writes in read-only mode; dim actions that need a selection."""
        if not self.is_mounted:
            return True
        if action == "read_only_refused":
            return self.config.read_only
        if action in MUTATING_ACTIONS and self.config.read_only:
            return False
        if action in NEEDS_SHARE and self.current is None:
            return None
        if action == "delete_snapshot" and self.table.highlighted is None and not self.table.marked_ids:
            return None
        if action == "clear_marks" and not self.table.marked_ids:
            return None
        if action in NEEDS_SNAPSHOT and self.table.highlighted is None:
            return None
        return True

    # -- what the panes tell the screen ---------------------------------------------------

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Safety net of the screen's own workers (flows, inspect, followers): an error is a toast, not a crash."""
        self.calls.worker_failed(event)

    @on(ServiceTree.ServicesLoaded)
    def _services_loaded(self, event: ServiceTree.ServicesLoaded) -> None:
        if event.reloaded:
            self.pane.extras.clear()  # an explicit refresh reloads policies and reserves too
        if not event.services:
            self.detail.message("This account has no Enterprise File Storage service.")
        jump, self.pending_jump = self.pending_jump, None
        if jump is not None:
            from efs_tui.ui.screens.account import jump_to

            jump_to(self, jump)

    def _first_table(self) -> None:
        """The first share's snapshots are in the table: the start is over once they are on screen."""
        self.call_after_refresh(self._start_over)
        if self._on_first_table is not None:
            self._on_first_table()

    def _start_over(self) -> None:
        """Once: compose the footer and check the credential, after the first table (benchmark scenario 1).

        Both used to come before it: the footer was composed three times as the share and the
        snapshot arrived (see :mod:`efs_tui.ui.widgets.keys_footer`), and the credential check's
        request (signing, the connection's first use) was main-thread CPU between the start-up
        listings and the first frame. A read-only switch a moment later hides the same writes.
        """
        if self._started:
            return
        self._started = True
        if self._start_timer is not None:
            self._start_timer.stop()
        self.footer.release()
        self.check_credential()

    def _first_share(self, item: ShareItem, node: Node | None) -> None:
        """Open the account's first share, and put the tree cursor on it with its description (no debounce)."""
        if self.current is not None:
            return
        self.show_share(item)
        if node is not None:
            self.call_after_refresh(self._first_cursor, node)

    def _first_cursor(self, node: Node) -> None:
        tree = self.service_tree
        # A node's line is -1 until the tree lays its lines out again after a change (the shares
        # just added), which its next paint does; under load this can run first, and the cursor
        # then stayed on line 0 ("All snapshots"). Reading the last line lays them out now.
        if node.line < 0:
            _ = tree.last_line  # reading it lays the lines out, which gives each node its line
        if node.line >= 0:  # still -1: not displayed (its service collapsed), the cursor stays
            tree.move_cursor(node)
        self.pane.update_detail()

    # -- selection, focus and the detail ---------------------------------------------------

    def _subject(self) -> Subject:
        """What the detail describes from the tree side (``None``: the highlighted snapshot)."""
        node = self.service_tree.cursor_node
        data = node.data if node is not None and self.detail_follows == "tree" else None
        if isinstance(data, ShareItem):
            return data
        if isinstance(data, ServiceItem):
            return ServiceView(data.service, self.shares.get(data.service.id))
        return None

    def show_share(self, item: ShareItem) -> None:
        """Show a share's snapshots (cached rows at once, then a fresh list)."""
        self.pane.current = item

    def apply_list(self, item: ShareItem, snapshots: list[Snapshot]) -> bool:
        """A fresh list of a share's snapshots (the account view hands its walk over); whether it is shown."""
        return self.pane.apply_list(item, snapshots)

    @on(Tree.NodeHighlighted)
    def _node_highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        """Act only once the cursor rests: running through the tree costs no request and no redraw."""
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(self.config.debounce, partial(self._cursor_rested, event.node.data))

    def _cursor_rested(self, data: NodeData | None) -> None:
        if isinstance(data, ShareItem) and not self.pane.is_current(data):
            self.show_share(data)  # redraws the detail too
        elif self.detail_follows == "tree":
            self.pane.update_detail()

    @on(Tree.NodeSelected)
    def _node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        data = event.node.data
        if isinstance(data, ShareItem):
            if self._debounce is not None:
                self._debounce.stop()
            self.show_share(data)
            self.table.focus()

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        """The detail follows the pane the user works in (the detail pane itself changes nothing)."""
        widget = event.widget
        if isinstance(widget, DetailPanel):
            return
        follows = "tree" if self._in_tree(widget) else "table"
        if follows != self.detail_follows:
            self.detail_follows = follows
            self.pane.update_detail()

    def _in_tree(self, widget: object) -> bool:
        return widget is not None and self.query_one("#left") in getattr(widget, "ancestors_with_self", [])

    @on(SnapshotTable.Highlighted)
    def _row_highlighted(self, event: SnapshotTable.Highlighted) -> None:
        self.pane.update_detail()
        # The footer depends only on whether a snapshot is highlighted (``check_action``), and
        # refreshing the bindings recomposes it: on every move that redrew the whole line.
        if (event.snapshot is None) != self._footer_without_snapshot:
            self._footer_without_snapshot = event.snapshot is None
            self.refresh_bindings()

    @on(SnapshotTable.MarksChanged)
    def _marks_changed(self) -> None:
        """``d`` deletes the marks when there are some: keep the footer right (the pane counts them)."""
        self.refresh_bindings()

    @on(SnapshotTable.Chosen)
    def _row_selected(self) -> None:
        """Enter on a row: fetch it fresh and show the detail panel."""
        self.action_inspect()
        self.detail.focus()

    # -- the tick: ages and auto-refresh ----------------------------------------------------

    def _schedule_refresh(self) -> None:
        every = self.refresh_every
        self._refresh_due = asyncio.get_running_loop().time() + every if every else None

    def _tick(self) -> None:
        self.pane.tick()
        due = self._refresh_due
        if due is None or self.refresh_paused or asyncio.get_running_loop().time() < due:
            return
        if self.app.screen is not self:
            return  # a dialog is open: refresh right after it closes, not under it
        self._schedule_refresh()
        self.pane.refresh_shown()

    def _show_view_state(self) -> None:
        header = self.header
        if self.refresh_every is None:
            header.refresh_label = ""
        elif self.refresh_paused:
            header.refresh_label = "paused"
        else:
            header.refresh_label = f"auto {self.refresh_every:g} s"
        header.zone_label = zone_label(self.zone)

    # -- view actions (change nothing on the account) ----------------------------------------

    def action_toggle_refresh(self) -> None:
        """``p``: pause or resume auto-refresh (turn it on at 30 s when it was off)."""
        if self.refresh_every is None:
            self.refresh_every = DEFAULT_AUTO_REFRESH
            self.refresh_paused = False
        else:
            self.refresh_paused = not self.refresh_paused
        if not self.refresh_paused:
            self._schedule_refresh()
        self._show_view_state()
        state = "paused" if self.refresh_paused else f"every {self.refresh_every:g} s"
        self.notify(f"Auto-refresh {state}", timeout=2)

    def action_toggle_zone(self) -> None:
        """``t``: dates in UTC, or in the configured (else local) zone; table and detail together."""
        if zone_label(self.zone) == "UTC":
            self.zone = None if zone_label(self.config.zone) == "UTC" else self.config.zone
        else:
            self.zone = UTC
        self._show_view_state()

    def action_cycle_sort(self) -> None:
        """``s``: sort the table by the next column."""
        self.table.cycle_sort()
        self.pane.update_header()

    def action_reverse_sort(self) -> None:
        """``S``: reverse the table's order."""
        self.table.reverse_sort()
        self.pane.update_header()

    def action_filter(self) -> None:
        """``/``: open the filter of the tree when it has the focus, else of the table.

        A priority binding, so it runs before the keys typed after it are routed (they
        must reach the bar, not the pane); in any text field "/" is just typed.
        """
        focused = self.focused
        if isinstance(focused, Input):
            raise SkipAction()
        self.query_one("#tree-filter" if self._in_tree(focused) else "#table-filter", FilterBar).open()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        if event.bar.target == "tree":
            shown = self.service_tree.set_filter(event.text)
            event.bar.set_count(shown, self.service_tree.total_shares)
        else:
            self.table.set_filter(event.text)
            self.pane.update_header()

    @on(FilterBar.Done)
    def _filter_done(self, event: FilterBar.Done) -> None:
        target = self.service_tree if event.bar.target == "tree" else self.table
        self.set_focus(target, scroll_visible=False)  # at once: the next key is for the pane, not the bar

    def action_export(self) -> None:
        """``x``: export the table's visible rows, in display order, to a file."""
        from efs_tui.core.export import rows_for
        from efs_tui.ui.dialogs.export import ExportDialog, default_export_path

        item = self.current
        if item is None:
            self.notify("Select a share first.", severity="warning", timeout=3)
            return
        rows = rows_for(item.service.id, item.share.id, list(self.table.visible_snapshots()))
        now = self.config.clock().astimezone(self.zone)
        dialog = ExportDialog(
            rows, item.share.label, default_export_path(item.share.label, now), filtered=bool(self.table.filter_text)
        )
        self.app.push_screen(dialog, callback=self._exported)

    def _exported(self, path: object) -> None:
        if path is not None:
            self.notify(f"Exported to {path}", title="Export", markup=False, timeout=8)

    def action_activity(self) -> None:
        """``L``: the API activity log (every call with its status, duration and query id)."""
        from efs_tui.ui.screens.activity import ActivityScreen

        log = getattr(self.app, "activity", None)
        if not isinstance(log, ActivityLog):
            self.notify("No activity log in this app.", severity="warning", timeout=3)
            return
        self.app.push_screen(ActivityScreen(log, self.client, utc=zone_label(self.zone) == "UTC"))

    # -- read-only credential ---------------------------------------------------------------

    @work(group="credential", exit_on_error=False, description="Check credential rights")
    async def check_credential(self) -> None:
        """``GET /auth/currentCredential``: a key with only GET rules switches the app to read-only.

        Failures are ignored on purpose (OAuth2 sessions have no such route, old
        keys may not allow it): the exchange still shows in the activity log.
        """
        if self.config.read_only:
            return
        try:
            credential = await self.client.current_credential()
        except OvhError:
            return
        if credential.is_read_only:
            self.switch_to_read_only()

    def switch_to_read_only(self) -> None:
        """Hide every write from now on and say why."""
        self.config.read_only = True
        self.header.set_read_only(True)
        self.refresh_bindings()
        self.notify(
            f"This credential is read-only (it only grants GET): write actions are hidden. {READ_ONLY_HINT}",
            title="read-only",
            severity="warning",
            markup=False,
            timeout=10,
        )

    def action_read_only_refused(self, what: str) -> None:
        """Hidden fallback of every write key while read-only: explain instead of ignoring the key."""
        self.context.refuse_if_read_only(what)

    # -- navigation -----------------------------------------------------------------------

    def action_back(self) -> None:
        """Esc, one step at a time: clear the focused pane's filter, else the marks, else detail → table → tree."""
        focused = self.focused
        in_tree = self._in_tree(focused)
        if isinstance(focused, SnapshotTable) or in_tree:
            bar = self.query_one("#tree-filter" if in_tree else "#table-filter", FilterBar)
            if bar.text:
                bar.action_clear()
                return
        if self.table.marked_ids:
            self.action_clear_marks()
        elif isinstance(focused, DetailPanel):
            self.table.focus()
        elif isinstance(focused, SnapshotTable):
            self.service_tree.focus()

    def action_account_view(self) -> None:
        """Every snapshot of the account in one table; Enter there comes back here on that snapshot's share."""
        from efs_tui.ui.screens.account import AccountScreen, jump_to

        self.app.push_screen(AccountScreen(self.config, self.context.writer), callback=partial(jump_to, self))

    def action_focus_pane(self, pane: str) -> None:
        """Focus ``tree``, ``table`` or ``detail`` (used by the command palette)."""
        self.query_one(f"#{pane}").focus()

    def action_refresh(self) -> None:
        """Refresh what the focused pane shows."""
        if isinstance(self.focused, ServiceTree) or self.current is None:
            self.notify("Refreshing services and shares…", timeout=2)
            self.action_refresh_services()
        else:
            self.pane.load_snapshots(self.current)

    def action_refresh_services(self) -> None:
        """Reload services and the shares of every open service."""
        self.service_tree.load_services(reload_shares=True)

    def action_refresh_snapshots(self) -> None:
        """Reload the selected share's snapshots."""
        if self.current is not None:
            self.pane.load_snapshots(self.current)

    # -- marks (the table owns them) ------------------------------------------------------

    def action_toggle_mark(self) -> None:
        """Space's twin for the palette: mark or unmark the highlighted snapshot, then move down."""
        self.table.action_toggle_mark_down()

    def action_clear_marks(self) -> None:
        """Esc with marks: clear them."""
        if self.table.marked_ids:
            self.table.clear_marks()
            self.notify("Marks cleared.", markup=False, timeout=2)

    # -- copy -----------------------------------------------------------------------------

    def action_copy_id(self) -> None:
        """Copy the highlighted snapshot's id."""
        from efs_tui.ui.flows import copy

        snap = self.table.highlighted
        if snap is None:
            self.notify("No snapshot highlighted: nothing to copy.", severity="warning", markup=False)
            return
        copy.copy_text(self.app, "snapshot id", snap.id)

    def action_copy_menu(self) -> None:
        """Offer path, mount command, CLI/API commands and the last query id; fetch the mount path meanwhile."""
        from efs_tui.ui.flows import copy

        item = self.current
        if item is None:
            self.notify("Select a share first: there is nothing to copy yet.", severity="warning", markup=False)
            return
        menu, fetch = copy.copy_menu(self.pane, item, self.calls, self.mount_commands, self.config.profile)
        self.app.push_screen(menu, callback=self._copy_chosen)
        if fetch:
            self.run_worker(
                copy.fill_mount_command(self.pane, item, self.calls, self.mount_commands, menu),
                group="copy-mount",
                exclusive=True,
                exit_on_error=False,
                description="Fetch access paths",
            )

    def _copy_chosen(self, choice: CopyChoice | None) -> None:
        """The menu closed: copy what was picked, if anything."""
        from efs_tui.core.copying import lower_first
        from efs_tui.ui.flows import copy

        if choice is not None and choice.text is not None:
            copy.copy_text(self.app, lower_first(choice.label), choice.text)

    # -- inspect --------------------------------------------------------------------------

    @work(exclusive=True, group="inspect", exit_on_error=False, description="Inspect snapshot")
    async def action_inspect(self) -> None:
        """GET the highlighted snapshot alone, to show its current state."""
        snap, item = self.table.highlighted, self.current
        if snap is None or item is None:
            return
        try:
            fresh = await self.calls(self.client.get_snapshot(item.service.id, item.share.id, snap.id))
        except NotFound:
            self.notify(f"Snapshot {clean(snap.label)} no longer exists.", severity="warning", markup=False)
            self.pane.forget_snapshot(item, snap.id)
            return
        except OvhError as error:
            self.calls.report(error, "Inspecting snapshot")
            return
        self.pane.apply_snapshot(item, fresh)
        if fresh.is_transitional:
            self.pane.start_poll(item, fresh.id)

    # -- the write flows (efs_tui.ui.flows: plain async functions over this screen) ----------------

    @work(group="create", exit_on_error=False, description="Create snapshot")
    async def action_new_snapshot(self) -> None:
        """Ask for a name and description, POST, then follow the new row until it settles."""
        if self.current is not None:
            await flows.create_snapshot(self.context, self.current)

    @work(group="delete", exit_on_error=False, description="Delete snapshot")
    async def action_delete_snapshot(self) -> None:
        """Marked snapshots: bulk delete. Else: confirm (Cancel focused), DELETE, ``deleting``, drop on 404."""
        snap, item = self.table.highlighted, self.current
        if item is None or self.context.refuse_if_read_only("Delete"):
            return
        marked = list(self.table.marked_snapshots())
        if marked:
            await flows.delete_marked(self.context, item, marked)
        elif snap is not None:
            await flows.delete_snapshot(self.context, item, snap)

    @work(group="edit", exit_on_error=False, description="Edit snapshot")
    async def action_edit_snapshot(self) -> None:
        """Prefilled form (same checks as create); PUT the changed fields only; update the row in place."""
        snap, item = self.table.highlighted, self.current
        if snap is not None and item is not None:
            await flows.edit_snapshot(self.context, item, snap)

    @work(group="hold", exit_on_error=False, description="Hold snapshot")
    async def action_hold_snapshot(self) -> None:
        """Confirm, POST hold, swap the old row for the new id (selected), follow it to ``available``."""
        snap, item = self.table.highlighted, self.current
        if snap is not None and item is not None:
            await flows.hold_snapshot(self.context, item, snap)

    @work(group="revert", exit_on_error=False, description="Revert share")
    async def action_revert_share(self) -> None:
        """Re-read the share and its list, check the rules, confirm by typing the share's name, POST revert."""
        snap, item = self.table.highlighted, self.current
        if snap is not None and item is not None:
            await flows.revert_share(self.context, item, snap)

    @work(group="clone", exit_on_error=False, description="Clone share")
    async def action_clone_share(self) -> None:
        """Hold first if automatic (asked), ask for the new share's fields, POST, show and follow the new share."""
        snap, item = self.table.highlighted, self.current
        if snap is not None and item is not None:
            await flows.clone_share(self.context, item, snap)

    @work(group="prune", exit_on_error=False, description="Retention plan")
    async def action_plan_retention(self) -> None:
        """The retention planner on the share (or its marks): live preview, type ``delete N``, bulk delete report."""
        from efs_tui.ui.flows.prune import api_now, plan_retention

        if self.current is not None:
            now, zone = api_now(self.config), self.config.zone
            marked = list(self.table.marked_snapshots())
            await plan_retention(self.context, self.current, marked, now=now, zone=zone)

    # -- snapshot policies (efs_tui.ui.screens.policies borrows these) ---------------------------

    def action_policies(self) -> None:
        """The selected share's service's policies: list, create, edit, delete, attach (with a preview)."""
        from efs_tui.ui.screens.policies import PoliciesScreen  # TextArea and the editor: not on the start-up path

        if self.current is not None:
            self.app.push_screen(PoliciesScreen(self.context, self.current.service, self.current))


__all__ = ["MainScreen", "zone_label"]
