"""How the user looks at the data: filter, sort, time zone, auto-refresh, export, activity log.

None of these change anything on the account; they change the view. They sit
between the data layer (:class:`LoadingScreen`) and the layout
(:class:`~efs_tui.ui.screens.browser.BrowserScreen`) so each file stays small.

Auto-refresh uses the screen's one 1-second tick (which also ages the
"updated 12 s ago" text, and the "created 3 s ago" of snapshots under an hour
old, redrawing only when a text changes: once a second for the first minute,
then once a minute): no extra timer, nothing runs between ticks, and a
refresh only re-lists the shown share. It waits while any other screen (a
dialog, help, the palette) is on top, and never moves the cursor or the focus.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, timedelta, tzinfo
from typing import ClassVar

from textual import on
from textual.actions import SkipAction
from textual.binding import BindingType
from textual.widgets import Input

from efs_tui.core.activity import ActivityLog
from efs_tui.core.export import rows_for
from efs_tui.ui.config import UiConfig
from efs_tui.ui.keys import bindings_for
from efs_tui.ui.screens.activity import ActivityScreen
from efs_tui.ui.screens.export import ExportDialog, default_export_path
from efs_tui.ui.screens.loading import LoadingScreen
from efs_tui.ui.text import relative
from efs_tui.ui.widgets import SnapshotTable
from efs_tui.ui.widgets.filter_bar import FilterBar

DEFAULT_AUTO_REFRESH = 30.0
"""Seconds between refreshes when ``p`` turns auto-refresh on and none was configured."""

LIVE_AGE = timedelta(hours=1)
"""Snapshots younger than this show an age in seconds or minutes, redrawn by the tick as it changes."""

TICK = 1.0
"""The screen's one timer period (seconds): header ages and the auto-refresh countdown."""


def zone_label(zone: tzinfo | None) -> str:
    """``UTC`` for UTC, ``local`` for the machine's zone (``None``), else the zone's name."""
    if zone is None:
        return "local"
    if zone is UTC or str(zone) in ("UTC", "Etc/UTC", "Z"):
        return "UTC"
    return str(zone)


class ViewsScreen(LoadingScreen):
    """The view actions of the main screen (keys ``/ s S t p x L``)."""

    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for("views"))
    """The view keys (``/ s S t p x L``), from :data:`efs_tui.ui.keys.REGISTRY`."""

    def __init__(self, config: UiConfig, on_first_table: Callable[[], None] | None = None) -> None:
        super().__init__(config, on_first_table)
        self.zone: tzinfo | None = config.zone
        """Zone of every date on screen; ``t`` switches between UTC and the configured/local zone."""
        self.refresh_every: float | None = config.auto_refresh
        """Seconds between background refreshes; ``None``: off."""
        self.refresh_paused = False
        self._refresh_due: float | None = None
        """Loop time of the next auto-refresh."""
        self._shown_age: tuple[object, str] | None = None
        """(share, "12 s ago") as the last tick drew it: the header is redrawn only when this changes."""
        self._shown_live: tuple[str, ...] = ()
        """The young snapshots' ages as last drawn: the table and detail are redrawn when one changes."""
        self._shown_count: tuple[int, int, bool] | None = None
        """What the table's filter bar says (shown, total, filtering), to skip identical rewrites."""

    # -- timer ------------------------------------------------------------------------------

    def start_tick(self) -> None:
        """Start the screen's single timer (called once from ``on_mount``)."""
        period = min(TICK, self.refresh_every) if self.refresh_every else TICK
        self._schedule_refresh()
        self.set_interval(period, self._tick)
        self._show_view_state()

    def _schedule_refresh(self) -> None:
        every = self.refresh_every
        self._refresh_due = asyncio.get_running_loop().time() + every if every else None

    def _age(self) -> tuple[object, str] | None:
        """The shown share and the age of its rows as the header words it (``None``: no age shown)."""
        item = self.current
        if item is None:
            return None
        key = self._key(item)
        entry = self.cache.get(key)
        if entry is None or entry.fetched_at is None:
            return None
        return key, relative(entry.fetched_at, self.config.clock())

    def _live_ages(self) -> tuple[str, ...]:
        """The snapshot ages on screen that change within the hour (``12 s ago``, ``5 min ago``), row by row.

        Older ages change at most hourly, when the table is refreshed anyway; these
        would freeze between fetches ("3 s ago" for half a minute) without the tick.
        """
        now = self.config.clock()
        return tuple(
            relative(snap.created_at, now)
            for snap in self.table.visible_snapshots()
            if snap.created_at is not None and now - snap.created_at < LIVE_AGE
        )

    def _tick(self) -> None:
        # Only ages change with time; everything else is redrawn by whatever changes it.
        # Idle, this is the app's only work: skipping identical redraws keeps it near 0 % CPU.
        age = self._age()
        if age != self._shown_age:
            self._shown_age = age
            self._update_snapshot_header()
        live = self._live_ages()
        if live != self._shown_live:
            self._shown_live = live
            self.table.refresh()
            self._update_detail()
        due = self._refresh_due
        if due is None or self.refresh_paused or asyncio.get_running_loop().time() < due:
            return
        if self.app.screen is not self:
            return  # a dialog is open: refresh right after it closes, not under it
        self._schedule_refresh()
        self.background_refresh()

    def background_refresh(self) -> None:
        """Re-list the shown share's snapshots (rows sync in place; cursor and focus stay)."""
        if self.current is not None and self._loading is None:
            self.load_snapshots(self.current)

    def _show_view_state(self) -> None:
        header = self.header
        if self.refresh_every is None:
            header.refresh_label = ""
        elif self.refresh_paused:
            header.refresh_label = "paused"
        else:
            header.refresh_label = f"auto {self.refresh_every:g} s"
        header.zone_label = zone_label(self.zone)

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

    # -- time zone --------------------------------------------------------------------------

    def action_toggle_zone(self) -> None:
        """``t``: dates in UTC, or in the configured (else local) zone; table and detail together."""
        if zone_label(self.zone) == "UTC":
            self.zone = None if zone_label(self.config.zone) == "UTC" else self.config.zone
        else:
            self.zone = UTC
        self.table.set_zone(self.zone)
        self.detail.zone = self.zone
        self._update_detail()
        self._show_view_state()

    # -- sort -------------------------------------------------------------------------------

    def action_cycle_sort(self) -> None:
        """``s``: sort the table by the next column."""
        self.table.cycle_sort()
        self._update_snapshot_header()

    def action_reverse_sort(self) -> None:
        """``S``: reverse the table's order."""
        self.table.reverse_sort()
        self._update_snapshot_header()

    @on(SnapshotTable.SortChanged)
    def _sort_changed(self) -> None:
        self._update_snapshot_header()

    # -- filter -----------------------------------------------------------------------------

    def _bar(self, target: str) -> FilterBar:
        return self.query_one(f"#{target}-filter", FilterBar)

    def action_filter(self) -> None:
        """``/``: open the filter of the tree when it has the focus, else of the table.

        A priority binding, so it runs before the keys typed after it are routed (they
        must reach the bar, not the pane); in any text field "/" is just typed.
        """
        focused = self.focused
        if isinstance(focused, Input):
            raise SkipAction()
        in_tree = focused is not None and self.query_one("#left") in focused.ancestors_with_self
        self._bar("tree" if in_tree else "table").open()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        if event.bar.target == "tree":
            shown = self.service_tree.set_filter(event.text)
            event.bar.set_count(shown, self.service_tree.total_shares)
        else:
            self.table.set_filter(event.text)
            self._update_snapshot_header()

    @on(FilterBar.Done)
    def _filter_done(self, event: FilterBar.Done) -> None:
        target = self.service_tree if event.bar.target == "tree" else self.table
        self.set_focus(target, scroll_visible=False)  # at once: the next key is for the pane, not the bar

    def update_filter_count(self) -> None:
        """Keep the table bar's ``N of M`` true after rows change (a no-op when it would not change).

        Called with every header redraw; rewriting the (usually hidden) count anyway cost a full
        layout pass of the screen each time, i.e. every second while idle.
        """
        bar = self._bar("table")
        shown = (self.table.visible_count, self.table.total_count, bool(bar.input.value))
        if shown == self._shown_count:
            return
        self._shown_count = shown
        bar.set_count(shown[0], shown[1])

    # -- export -----------------------------------------------------------------------------

    def action_export(self) -> None:
        """``x``: export the table's visible rows, in display order, to a file."""
        item = self.current
        if item is None:
            self.notify("Select a share first.", severity="warning", timeout=3)
            return
        snapshots = list(self.table.visible_snapshots())
        rows = rows_for(item.service.id, item.share.id, snapshots)
        now = self.config.clock().astimezone(self.zone)
        dialog = ExportDialog(
            rows,
            item.share.label,
            default_export_path(item.share.label, now),
            filtered=bool(self.table.filter_text),
        )
        self.app.push_screen(dialog, callback=self._exported)

    def _exported(self, path: object) -> None:
        if path is not None:
            self.notify(f"Exported to {path}", title="Export", markup=False, timeout=8)

    # -- activity ---------------------------------------------------------------------------

    def action_activity(self) -> None:
        """``L``: the API activity log (every call with its status, duration and query id)."""
        log = getattr(self.app, "activity", None)
        if not isinstance(log, ActivityLog):
            self.notify("No activity log in this app.", severity="warning", timeout=3)
            return
        self.app.push_screen(ActivityScreen(log, self.client, utc=zone_label(self.zone) == "UTC"))
