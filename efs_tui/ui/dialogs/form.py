"""The one form skeleton: labelled fields checked as typed, a submit and a cancel button.

Every form of efs-tui (new/edit snapshot, clone, snapshot policy) must behave
the same way: what was typed is never lost, each field's problems (from the
Textual-free rules of :mod:`efs_tui.core`) show under it as the user types, and
submit refuses, focusing the first wrong field, until :meth:`FormDialog.draft`
can build a result. Keeping that loop here means a fix to it reaches all three.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, Static

from efs_tui.ui.dialogs.base import DialogBody, DialogScreen
from efs_tui.ui.widgets.safe_input import SafeInput

DraftT = TypeVar("DraftT")

Check = Callable[[str], list[str]]
"""A field rule: the value's problems, empty when it is valid."""


class _Rule(Validator):
    """A core ``check_*`` rule as a Textual validator."""

    def __init__(self, check: Check) -> None:
        super().__init__()
        self._check = check

    def validate(self, value: str) -> ValidationResult:
        errors = self._check(value)
        return self.failure(" ".join(errors)) if errors else self.success()


class FormDialog(DialogScreen[DraftT | None], Generic[DraftT]):
    """A form dismissed with the draft it builds, or ``None`` on cancel.

    Subclasses yield their content from :meth:`compose_body` (using :meth:`field`
    for each checked input, with its rule) and build the result in :meth:`draft`.
    """

    ENTER_SUBMITS: ClassVar[bool] = True
    """Whether Enter in a field submits (a form with a multi-line field uses a key instead)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    FormDialog .field-error {
        display: none;

        &.-shown {
            display: block;
        }
    }
    """

    def __init__(self, title: str, submit_label: str) -> None:
        super().__init__()
        self._title = title
        """The dialog's title."""
        self._submit_label = submit_label
        """Label of the submit button."""
        self._checks: dict[str, Check] = {}
        """The rule of each field drawn by :meth:`field`, by id."""

    def compose(self) -> ComposeResult:
        """The scrolling body, then the button row."""
        with Vertical(id="dialog"):
            with DialogBody(id="body"):
                yield from self.compose_body()
            with Horizontal(classes="dialog--buttons"):
                yield Button(self._submit_label, id="submit", variant="primary")
                yield Button("Cancel", id="cancel")

    def compose_body(self) -> ComposeResult:
        """The form's content above the buttons."""
        yield from ()

    def field(self, field_id: str, label: str | None, check: Check, value: str = "") -> ComposeResult:
        """One field checked by ``check``: its label (``None`` when the caller draws its own head), input, error line.

        The rule also goes in as the input's validator: Textual then keeps the red
        ``-invalid`` style itself, which it would otherwise clear when the field loses focus.
        """
        self._checks[field_id] = check
        if label is not None:
            yield Label(label, markup=False)
        yield SafeInput(
            value=value, id=field_id, validators=[_Rule(check)], validate_on=["changed"], select_on_focus=False
        )
        yield Static("", id=f"{field_id}-error", classes="dialog--error field-error", markup=False)

    def draft(self) -> DraftT | None:
        """The result from the fields as they stand, or ``None`` while something is wrong."""
        raise NotImplementedError

    def on_mount(self) -> None:
        """Title the box and show any problem with the initial values straight away."""
        self.set_dialog_title(self._title)
        self.refresh_feedback()

    def value(self, field_id: str) -> str:
        """What field ``field_id`` holds, as typed."""
        return self.query_one(f"#{field_id}", Input).value

    def refresh_feedback(self) -> list[Input]:
        """Update every field's error line; return the fields that are wrong."""
        invalid: list[Input] = []
        for field_id, check in self._checks.items():
            errors = check(self.value(field_id))
            error = self.query_one(f"#{field_id}-error", Static)
            error.update(Text("\n".join(errors)))
            error.set_class(bool(errors), "-shown")
            field = self.query_one(f"#{field_id}", Input)
            field.set_class(bool(errors), "-invalid")
            if errors:
                invalid.append(field)
        return invalid

    @on(Input.Changed)
    def _field_changed(self) -> None:
        """Keep the error lines live as the user types or pastes."""
        self.refresh_feedback()

    @on(Input.Submitted)
    def _field_submitted(self) -> None:
        if self.ENTER_SUBMITS:
            self.action_submit()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        """Dismiss with the draft, or stay open as typed, the first wrong field focused."""
        invalid = self.refresh_feedback()
        draft = self.draft()
        if draft is None:
            if invalid:
                invalid[0].focus()
            return
        self.dismiss(draft)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without a result."""
        self.dismiss(None)
