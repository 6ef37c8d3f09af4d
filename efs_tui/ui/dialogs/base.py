"""The common frame of every efs-tui dialog: a centred, bordered, titled box.

Sharing it keeps the dialogs the same shape (so they look like one app) and puts
the 80x24 sizing rules in one place: the box is at most the whole terminal, and
its body scrolls rather than pushing the buttons off screen.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button

ResultT = TypeVar("ResultT")


class DialogBody(VerticalScroll):
    """The scrolling part of a dialog; in the Tab order only when there is something to scroll.

    A focus stop that does nothing would make the keyboard user press Tab once
    more to reach the buttons, for no gain, in the common case where all fits.
    """

    def allow_focus(self) -> bool:
        """Focusable only while the content overflows."""
        return self.max_scroll_y > 0


class DialogScreen(ModalScreen[ResultT]):
    """A modal screen that lays out one ``#dialog`` container in the middle.

    Subclasses compose a ``Vertical(id="dialog")`` holding a :class:`DialogBody`
    with their content and a ``Horizontal(classes="dialog--buttons")`` below it; the body's
    height is capped so the buttons stay visible however long it is. They call :meth:`set_dialog_title`
    from ``on_mount``. The title is passed as ``rich.text.Text`` so that a share
    name in it is never parsed as markup.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move_button(-1)", "Previous button", show=False),
        Binding("right", "move_button(1)", "Next button", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | left / right | On a button: focus the previous / next button of the row (text fields keep their arrows). |
    """

    DEFAULT_CSS = """
    DialogScreen {
        align: center middle;

        #dialog {
            width: 76;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            padding: 0 1;
            border: round $primary;
            border-title-align: left;
            border-title-style: bold;
            background: $surface;
        }

        DialogBody {
            height: auto;
            /* Leaves room for the border and the button row, so the buttons stay on screen. */
            max-height: 70vh;
        }

        .dialog--buttons {
            height: auto;
            width: 100%;
            align-horizontal: right;
            padding-top: 1;

            Button {
                margin-left: 1;
            }
        }

        .dialog--warning {
            color: $text-warning;
            margin-top: 1;
        }

        .dialog--error {
            color: $text-error;
        }

        .dialog--hint {
            color: $text-muted;
        }
    }
    """

    def action_move_button(self, step: int) -> None:
        """Left/Right on a button move along the button row, as in any desktop dialog; elsewhere they do nothing new.

        A text field, radio set or scrolling body takes the arrows first (its own
        bindings win), so this only runs when the focus has no use for them.
        """
        focused = self.focused
        row = focused.parent if isinstance(focused, Button) else None
        if not isinstance(focused, Button) or row is None or not row.has_class("dialog--buttons"):
            raise SkipAction()
        buttons = [b for b in row.query_children(Button) if b.focusable]
        index = buttons.index(focused) + step
        if 0 <= index < len(buttons):
            buttons[index].focus()

    def set_dialog_title(self, title: str) -> None:
        """Show ``title`` (literally, never as markup) in the dialog's top border."""
        self.query_one("#dialog").border_title = Text(title)
