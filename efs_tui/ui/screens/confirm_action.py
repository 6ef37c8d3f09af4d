"""A plain yes/no confirmation for actions that change a snapshot but destroy nothing (hold).

Same frame and keys as the delete dialog (Cancel focused, ``y``/``n``/Esc), so
every write in efs-tui is confirmed the same way; the body is API text shown
literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from efs_tui.core.sanitize import safe_text
from efs_tui.ui.dialogs.base import DialogBody, DialogScreen


class ConfirmActionDialog(DialogScreen[bool]):
    """Ask to confirm; dismiss with ``True`` to go ahead. Cancel has the focus."""

    AUTO_FOCUS = "#cancel"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Confirm"),
        Binding("n", "cancel", "Cancel"),
        Binding("escape", "cancel", "Cancel", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | y | Confirm. |
    | n, escape | Cancel. |
    | enter | Activate the focused button (Cancel at first). |
    """

    def __init__(self, title: str, body_lines: Sequence[str], confirm_label: str) -> None:
        """Build the dialog.

        Args:
            title: The dialog's title.
            body_lines: Paragraphs of explanation (shown literally).
            confirm_label: The confirm button's label, e.g. "Hold snapshot".
        """
        super().__init__()
        self._title = title
        self._body_lines = tuple(body_lines)
        self._confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        """The explanation, then the buttons."""
        with Vertical(id="dialog"):
            with DialogBody(id="body"):
                for line in self._body_lines:
                    yield Static(Text(safe_text(line)), classes="body-line")
            with Horizontal(classes="dialog--buttons"):
                yield Button(self._confirm_label, id="confirm", variant="warning")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        """Title the box."""
        self.set_dialog_title(self._title)

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        """Go ahead."""
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Do nothing."""
        self.dismiss(False)
