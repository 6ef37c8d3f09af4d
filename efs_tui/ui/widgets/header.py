"""The one-line header: where we are connected, read-only mode, view state and connection state.

Ops people juggle accounts; the endpoint/profile is always visible (k9s and
lazydocker users ask for this), and the connection dot tells at a glance
whether the last call worked or something is still in flight. The view state
(``auto 30 s`` / ``paused``, ``UTC`` / ``local``) is there because both change
what the user sees without asking: data that moves, and times that shift.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from efs_tui.ui.text import clean


class HeaderTitle(Widget):
    """``efs-tui │ <profile · endpoint> │ read-only``, shortened in the middle when the terminal is narrow.

    A long endpoint (an emulator's URL, a custom API base) must never push
    ``read-only`` off the line: that word is what stops a wrong keystroke, so the
    profile label gives up its tail first.
    """

    def __init__(self, context_label: str, read_only: bool, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.context_label = context_label
        self.read_only = read_only

    def render(self) -> Text:
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(" efs-tui", style="bold")
        title.append(" │ ")
        badge = Text(" │ read-only") if self.read_only else Text()
        label = Text(clean(self.context_label), no_wrap=True)
        room = self.size.width - title.cell_len - badge.cell_len
        if room > 0 and label.cell_len > room:
            label.truncate(room, overflow="ellipsis")
        title.append_text(label)
        if self.read_only:
            title.append(" │ ")
            title.append("read-only", style="bold yellow")
        return title


class StatusHeader(Horizontal):
    """``efs-tui │ <context> │ read-only`` on the left, ``auto 30 s │ UTC │ ● ok`` on the right."""

    in_flight: reactive[int] = reactive(0)
    """Requests currently running."""
    conn_state: reactive[str] = reactive("starting")
    """Outcome of the last finished call: ``starting``, ``ok`` or ``error``."""
    refresh_label: reactive[str] = reactive("")
    """Auto-refresh state: ``auto 30 s``, ``paused``, or empty when off."""
    zone_label: reactive[str] = reactive("")
    """How dates are shown: ``UTC`` or ``local``."""
    read_only: reactive[bool] = reactive(False)
    """Say ``read-only`` after the context: set by ``--read-only`` or, later, by a read-only credential."""

    def __init__(self, context_label: str, read_only: bool, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._context_label = context_label
        self.set_reactive(StatusHeader.read_only, read_only)

    def compose(self) -> ComposeResult:
        yield HeaderTitle(self._context_label, self.read_only, id="header-title")
        yield Static(self._state(), id="header-state")
        yield Static(self._indicator(), id="header-conn")

    def set_read_only(self, read_only: bool = True) -> None:
        """Show (or stop showing) ``read-only``: the startup credential check may find a read-only key."""
        self.read_only = read_only

    # The watchers below look their parts up with query(), never query_one(): while a screen closes its
    # children go before the header, and a request answered then (a poll) sets in_flight / conn_state.
    # A raise there would stop ApiCalls before it awaits the request, leaving its coroutine never awaited.

    def watch_read_only(self) -> None:
        for title in self.query(HeaderTitle):
            title.read_only = self.read_only
            title.refresh()

    def _state(self) -> Text:
        line = Text(no_wrap=True)
        if self.refresh_label:
            line.append(self.refresh_label, style="yellow" if self.refresh_label == "paused" else "dim")
            line.append(" │ ", style="dim")
        if self.zone_label:
            line.append(self.zone_label, style="dim")
            line.append(" │ ", style="dim")
        return line

    def _indicator(self) -> Text:
        if self.in_flight:
            return Text(f"◌ {self.in_flight} in flight ", style="yellow", no_wrap=True)
        if self.conn_state == "error":
            return Text("✖ error ", style="bold red", no_wrap=True)
        if self.conn_state == "ok":
            return Text("● ok ", style="green", no_wrap=True)
        return Text("◌ connecting ", style="dim", no_wrap=True)

    def _refresh_indicator(self) -> None:
        for conn in self.query("#header-conn").results(Static):
            conn.update(self._indicator())

    def watch_in_flight(self) -> None:
        self._refresh_indicator()

    def watch_conn_state(self) -> None:
        self._refresh_indicator()

    def _refresh_state(self) -> None:
        for state in self.query("#header-state").results(Static):
            state.update(self._state())

    def watch_refresh_label(self) -> None:
        self._refresh_state()

    def watch_zone_label(self) -> None:
        self._refresh_state()
