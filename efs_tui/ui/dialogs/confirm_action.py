"""A plain yes/no confirmation for actions that change a snapshot but destroy nothing (hold),
and the question asked when quitting while a write is in flight.

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


class QuitWhileWritingDialog(DialogScreen[str]):
    """``q`` or Ctrl+C while a write is in flight: wait for its answer, quit anyway, or stay.

    Quitting now would cut the request off after it was sent: the API may still
    apply it, and efs-tui would never learn the outcome. So the user chooses,
    with the safe choice (wait) focused. Dismisses with ``"wait"``, ``"quit"``
    or ``"stay"`` (Esc).
    """

    AUTO_FOCUS = "#wait"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "wait", "Wait"),
        Binding("escape", "stay", "Stay", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | w | Wait for the answers, then quit. |
    | escape | Do not quit. |
    | enter | Activate the focused button (Wait at first). |
    """

    def __init__(self, writes: Sequence[str]) -> None:
        """Build the dialog.

        Args:
            writes: What is in flight, one line each (terminal-safe).
        """
        super().__init__()
        self._writes = tuple(writes)

    def compose(self) -> ComposeResult:
        """What is in flight, what quitting now means, then the buttons."""
        count = len(self._writes)
        with Vertical(id="dialog"):
            with DialogBody(id="body"):
                yield Static(
                    Text(
                        "This change was sent and has no answer yet:"
                        if count == 1
                        else f"These {count} changes were sent and have no answer yet:"
                    ),
                    classes="body-line",
                )
                for line in self._writes:
                    yield Static(Text(f"• {safe_text(line)}"), classes="body-line")
                yield Static(
                    Text(
                        "Quit anyway and the API may still apply it, but efs-tui will not know: "
                        "its outcome is unknown (the audit log says interrupted)."
                    ),
                    classes="body-line",
                )
            with Horizontal(classes="dialog--buttons"):
                yield Button("Wait, then quit", id="wait", variant="primary")
                yield Button("Quit anyway", id="quit", variant="error")
                yield Button("Stay", id="stay")

    def on_mount(self) -> None:
        """Title the box."""
        self.set_dialog_title("Changes in flight")

    @on(Button.Pressed, "#wait")
    def action_wait(self) -> None:
        self.dismiss("wait")

    @on(Button.Pressed, "#quit")
    def action_quit_anyway(self) -> None:
        self.dismiss("quit")

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss("stay")
