"""The strongest confirmation: the user must type a given text (e.g. the share name).

Used for actions that destroy data with no way back, such as reverting a share to
a snapshot, as the OVHcloud Manager does. Typing the name proves the user read
which share it is, and no single key press can confirm by accident.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from efs_tui.core.sanitize import safe_label
from efs_tui.ui.dialogs.base import DialogBody, DialogScreen
from efs_tui.ui.widgets.safe_input import SafeInput


class TypedConfirmDialog(DialogScreen[bool]):
    """Confirm only once ``expected`` has been typed exactly; dismiss with ``True`` to go ahead.

    There are deliberately no single-key shortcuts (they would be typed into the
    input): Enter confirms only when the text matches, Escape cancels.
    """

    AUTO_FOCUS = "#typed"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | enter | Confirm, once the typed text matches. |
    | escape | Cancel. |
    """

    DEFAULT_CSS = """
    TypedConfirmDialog {
        #dialog {
            border: round $error;
        }

        #body {
            max-height: 12;
        }

        #prompt {
            margin-top: 1;
        }
    }
    """

    def __init__(
        self,
        title: str,
        body_lines: Sequence[str],
        expected: str,
        confirm_label: str,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Build the dialog.

        Args:
            title: The dialog's title.
            body_lines: Explanation, one paragraph per item (shown literally, so API text is safe).
            expected: What the user must type, compared exactly (case and spaces count). Untrusted
                text is shown with :func:`~efs_tui.core.sanitize.safe_label` stand-ins (``␠`` for a blank
                name), and what the user must type is exactly what is shown: a control or bidi character
                is typed as its stand-in.
            confirm_label: The confirm button's label, e.g. "Revert share".
            name: The screen's name.
            id: The screen's DOM id.
            classes: The screen's CSS classes.

        Raises:
            ValueError: If ``expected`` is empty, which would make the check meaningless.
        """
        if not expected:
            raise ValueError("TypedConfirmDialog needs a non-empty expected text")
        super().__init__(name=name, id=id, classes=classes)
        self._title = title
        """The dialog's title."""
        self._body_lines = tuple(body_lines)
        """The explanation paragraphs."""
        self._expected = safe_label(expected)
        """The text to type: the displayed (terminal-safe) form, so it can always be typed."""
        self._confirm_label = confirm_label
        """The confirm button's label."""

    def compose(self) -> ComposeResult:
        """Lay out the explanation, what to type, the input and the buttons."""
        with Vertical(id="dialog"):
            with DialogBody(id="body"):
                for line in self._body_lines:
                    yield Static(Text(safe_label(line)), classes="body-line")
            yield Static(
                Text.assemble("To confirm, type ", (self._expected, "bold"), " below:"),
                id="prompt",
            )
            yield SafeInput(id="typed", select_on_focus=False)
            with Horizontal(classes="dialog--buttons"):
                yield Button(self._confirm_label, id="confirm", variant="error", disabled=True)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        """Title the box."""
        self.set_dialog_title(self._title)

    @property
    def matches(self) -> bool:
        """Whether the typed text is exactly the expected text, as displayed."""
        return self.query_one("#typed", Input).value == self._expected

    @on(Input.Changed, "#typed")
    def _typed_changed(self) -> None:
        """Enable the confirm button only while the text matches."""
        self.query_one("#confirm", Button).disabled = not self.matches

    @on(Input.Submitted, "#typed")
    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        """Confirm, but only if the text matches (Enter on a mismatch does nothing)."""
        if self.matches:
            self.dismiss(True)
        else:
            self.app.bell()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Cancel: nothing happens."""
        self.dismiss(False)
