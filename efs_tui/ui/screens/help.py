"""The help screen (``?``): every key, as the user has bound them, and what the colours mean.

The keys come from the command registry with the user's ``[keys]`` rebindings
applied, so the help never names a key that no longer does what it says. The
legend answers what a new user asks first: what the tree's dots and the
header's ``auto 30 s │ local`` mean.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from efs_tui.api.models import StatusGroup
from efs_tui.ui.keys import key_groups
from efs_tui.ui.text import GROUP_STYLES

STATUS_MEANINGS: dict[StatusGroup, str] = {
    StatusGroup.ACTIVE: "available, nothing in progress",
    StatusGroup.PENDING: "being created, changed or deleted",
    StatusGroup.ERROR: "in error: the API reports a failure",
    StatusGroup.UNKNOWN: "a status efs-tui does not know",
}
"""What each dot colour of the tree (and status colour of the table) says."""


def help_table(keymap: Mapping[str, str] | None = None) -> Table:
    """All key groups in one grid, with the user's rebindings."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column()
    for index, (group, keys) in enumerate(key_groups(keymap)):
        if index:
            grid.add_row("", "")
        grid.add_row(Text(group, style="bold underline"), "")
        for key in keys:
            grid.add_row(Text(key.keys), Text(key.description))
    return grid


def legend() -> Table:
    """The tree's dot colours and the header's right-hand side, in words."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(Text("Legend", style="bold underline"), "")
    for group, meaning in STATUS_MEANINGS.items():
        grid.add_row(Text(f"● {group.value}", style=GROUP_STYLES[group]), Text(f"tree dot and status: {meaning}"))
    grid.add_row(
        Text("manual 12/200"),
        Text("the share's manual snapshots against the limit (200 per share: OVHcloud's FAQ; the API does not say)"),
    )
    grid.add_row(Text("auto 30 s", style="dim"), Text("the shown share refreshes every 30 s (p pauses: paused)"))
    grid.add_row(Text("UTC / local", style="dim"), Text("time zone of every date on screen (t switches)"))
    grid.add_row(Text("● ok", style="green"), Text("the last API call worked"))
    grid.add_row(Text("◌ 2 in flight", style="yellow"), Text("API calls running now"))
    grid.add_row(Text("✖ error", style="bold red"), Text("the last API call failed (L: activity log)"))
    return grid


class HelpScreen(ModalScreen[None]):
    """A modal list of the key bindings; any of Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._keymap = dict(keymap or {})
        """The user's accepted ``[keys]`` rebindings, shown instead of the defaults."""

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            with VerticalScroll(id="help-body"):
                yield Static(Group(help_table(self._keymap), Text(""), legend()))
            yield Static(Text("Esc, q or ? to close · j/k to scroll", style="dim"), id="help-hint")

    def on_mount(self) -> None:
        self.query_one("#help-dialog").border_title = "Keys"
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down()
        else:
            body.scroll_up()
