"""The help screen: every key binding, grouped (``?``)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from efs_tui.ui.keys import KEY_GROUPS


def help_table() -> Table:
    """All key groups in one grid."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column()
    for index, (group, keys) in enumerate(KEY_GROUPS):
        if index:
            grid.add_row("", "")
        grid.add_row(Text(group, style="bold underline"), "")
        for key in keys:
            grid.add_row(key.keys, key.description)
    return grid


class HelpScreen(ModalScreen[None]):
    """A modal list of the key bindings; any of Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            with VerticalScroll(id="help-body"):
                yield Static(help_table())
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
