"""The one-line filter bar (``/``) shown above the pane it filters.

The bar only edits text and reports it; the screen applies it (the snapshot
table's ``set_filter`` or the tree's) and hands back the count to show. It stays
visible while a filter is active, so the user always sees why rows are missing;
Esc clears the filter and hides it, Enter keeps it and returns to the pane.

Its input takes the focus only while being edited (``/`` or a click): Tab and
Shift+Tab go round the three panes, never into a bar that is shown as a reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


class FilterInput(Input):
    """The bar's text field: focusable only while the user edits the filter."""

    editing = False
    """Set by :meth:`FilterBar.open`; cleared when the field loses the focus."""

    def allow_focus(self) -> bool:
        return self.editing

    def on_blur(self) -> None:
        self.editing = False


class FilterBar(Horizontal):
    """``/ <input>  3 of 10``: live filter text for one pane (``target``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | escape | Clear the filter and go back to the pane. |
    | enter | Keep the filter and go back to the pane. |
    """

    @dataclass
    class Changed(Message):
        """The filter text changed (on every key)."""

        bar: FilterBar
        text: str

        @property
        def control(self) -> FilterBar:
            return self.bar

    @dataclass
    class Done(Message):
        """Enter or Esc: the user is done editing (the text may be empty after Esc)."""

        bar: FilterBar
        text: str

        @property
        def control(self) -> FilterBar:
            return self.bar

    def __init__(self, target: str, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="filter-bar")
        self.target = target
        """Which pane the bar filters: ``table`` or ``tree``."""
        self._placeholder = placeholder
        self._count: tuple[str, str | Style] = ("", "")
        """What the count shows (text, style): rewritten only when it changes."""

    def compose(self) -> ComposeResult:
        yield Static(Text("/", style="bold"), classes="filter-prompt")
        yield FilterInput(placeholder=self._placeholder, compact=True, select_on_focus=False, classes="filter-input")
        yield Static("", classes="filter-count")

    @property
    def input(self) -> FilterInput:
        return self.query_one(FilterInput)

    @property
    def text(self) -> str:
        return self.input.value

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self) -> None:
        """Show the bar and put the cursor at the end of the current text."""
        self.add_class("-open")
        self.input.editing = True
        # Focus now, not via ``focus()`` (deferred): keys typed right after "/" (type-ahead,
        # a paste) must land in the input, not trigger the table's single-key actions.
        self.screen.set_focus(self.input, scroll_visible=False)
        self.input.cursor_position = len(self.input.value)

    def on_click(self, event: events.Click) -> None:
        """A click on a bar left open by an active filter edits it again."""
        if not self.input.has_focus:
            self.open()

    def close_if_empty(self) -> None:
        """Hide the bar unless a filter is active (then it stays as a reminder)."""
        self.set_class(bool(self.input.value), "-open")

    def set_count(self, shown: int, total: int) -> None:
        """``3 of 10`` at the right end; empty when nothing is filtered."""
        label = Text(f"{shown} of {total}", style="bold" if shown else "bold red") if self.input.value else Text("")
        if (label.plain, label.style) == self._count:
            return  # an update is a layout pass of the whole screen, even for a hidden bar
        self._count = (label.plain, label.style)
        self.query_one(".filter-count", Static).update(label)

    def action_clear(self) -> None:
        """Esc: empty the filter, hide the bar, give the focus back."""
        self.input.value = ""  # posts Input.Changed, which reports the empty filter
        self.post_message(self.Changed(self, ""))
        self.remove_class("-open")
        self.post_message(self.Done(self, ""))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close_if_empty()
        self.post_message(self.Done(self, event.value))
