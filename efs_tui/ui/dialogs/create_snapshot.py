"""The form to create (or edit) a snapshot's name and description.

Both fields are optional: with no name the API picks one. The form never loses
what was typed: an invalid value is reported under its field and the dialog
stays open, so a long pasted description can be fixed rather than retyped.

When editing, the name and description come from the API and may hold ESC,
CR/LF, bidi overrides or zero-width joiners. The fields draw them as stand-ins
(:class:`~efs_tui.ui.widgets.safe_input.SafeInput`: ``␛``, ``␊``, ``�``) and the
same rule as for typed text flags them at once, naming the character and its
position: Save refuses until the user has deleted them, so the tool never writes
back a hidden character it could not show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, Static

from efs_tui.core.sanitize import safe_label, safe_text
from efs_tui.core.validation import (
    DESCRIPTION_MAX,
    NAME_MAX,
    SnapshotDraft,
    check_description,
    check_name,
    trim,
    validate_draft,
)
from efs_tui.ui.dialogs.base import DialogBody, DialogScreen
from efs_tui.ui.widgets.safe_input import SafeInput


class _FieldValidator(Validator):
    """Adapts a pure ``check_*`` function to Textual's validator protocol.

    Going through ``Input(validators=...)`` gives the input Textual's standard
    ``-invalid`` styling for free while the rules stay in Textual-free code.
    """

    def __init__(self, check: Callable[[str], list[str]]) -> None:
        super().__init__()
        self._check = check
        """The function returning the field's problems (empty when valid)."""

    def validate(self, value: str) -> ValidationResult:
        """Run the check; each problem becomes one failure description."""
        errors = self._check(value)
        return self.failure(" ".join(errors)) if errors else self.success()


class CreateSnapshotDialog(DialogScreen[SnapshotDraft | None]):
    """Ask for an optional name and description; dismiss with a :class:`SnapshotDraft` or ``None``.

    Use :meth:`for_edit` to get the same form as an "Edit snapshot" dialog.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | enter | Save (from either field or the submit button). |
    | escape | Close without saving. |
    | tab / shift+tab | Move between fields and buttons. |
    """

    DEFAULT_CSS = """
    CreateSnapshotDialog {
        .field-head {
            height: 1;
            margin-top: 1;

            Label {
                width: 1fr;
            }

            .counter {
                width: auto;
                color: $text-muted;

                &.-over {
                    color: $text-error;
                    text-style: bold;
                }
            }
        }

        .dialog--error {
            display: none;

            &.-shown {
                display: block;
            }
        }
    }
    """

    def __init__(
        self,
        share_label: str,
        *,
        title: str = "New snapshot",
        initial: SnapshotDraft | None = None,
        submit_label: str = "Create",
        snapshot_id: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Build the form.

        Args:
            share_label: The share the snapshot belongs to (API text, shown literally).
            title: The dialog's title.
            initial: Values to start from (for editing an existing snapshot).
            submit_label: The submit button's label.
            snapshot_id: When editing, the snapshot's id, shown so the user knows which one.
            name: The screen's name.
            id: The screen's DOM id.
            classes: The screen's CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self._share_label = share_label
        """Label of the share the snapshot belongs to."""
        self._title = title
        """The dialog's title."""
        self._initial = initial or SnapshotDraft()
        """The values the inputs start with."""
        self._submit_label = submit_label
        """Label of the submit button."""
        self._snapshot_id = snapshot_id
        """The edited snapshot's id, if editing."""

    @classmethod
    def for_edit(cls, share_label: str, snapshot_id: str, initial: SnapshotDraft) -> CreateSnapshotDialog:
        """The same form, titled "Edit snapshot", prefilled, with a "Save" button.

        Note for callers: an empty field comes back as ``None``; whether that
        clears the value on the API or leaves it unchanged is the caller's call.
        """
        return cls(share_label, title="Edit snapshot", initial=initial, submit_label="Save", snapshot_id=snapshot_id)

    def compose(self) -> ComposeResult:
        """Lay out the share line, the two fields with counters and errors, and the buttons."""
        with Vertical(id="dialog"):
            with DialogBody(id="body"):
                yield Static(Text.assemble(("Share: ", "bold"), safe_label(self._share_label)), id="share")
                if self._snapshot_id is not None:
                    yield Static(Text.assemble(("Snapshot: ", "bold"), safe_text(self._snapshot_id)), id="snapshot-id")
                yield from self._field("name", "Name (optional)", self._initial.name, NAME_MAX, check_name)
                yield from self._field(
                    "description",
                    "Description (optional)",
                    self._initial.description,
                    DESCRIPTION_MAX,
                    check_description,
                )
                yield Static(
                    f"At most {NAME_MAX} characters for the name and {DESCRIPTION_MAX} for the description, "
                    "no control characters. Without a name, OVHcloud picks one.",
                    classes="dialog--hint",
                    markup=False,
                )
            with Horizontal(classes="dialog--buttons"):
                yield Button(self._submit_label, id="submit", variant="primary")
                yield Button("Cancel", id="cancel")

    def _field(
        self, field_id: str, label: str, value: str | None, limit: int, check: Callable[[str], list[str]]
    ) -> ComposeResult:
        """Yield one field: a header with its counter, the input and its error line."""
        with Horizontal(classes="field-head"):
            yield Label(label, markup=False)
            yield Static(self._count_text(value or "", limit), id=f"{field_id}-count", classes="counter", markup=False)
        yield SafeInput(
            value=value or "",
            id=field_id,
            validators=[_FieldValidator(check)],
            validate_on=["changed"],
            select_on_focus=False,
        )
        yield Static("", id=f"{field_id}-error", classes="dialog--error", markup=False)

    def on_mount(self) -> None:
        """Title the box and show any problem with the initial values straight away."""
        self.set_dialog_title(self._title)
        self._refresh_feedback()

    @staticmethod
    def _count_text(value: str, limit: int) -> str:
        """The counter text: length once trimmed (what will be sent) over the limit."""
        return f"{len(trim(value))}/{limit}"

    @property
    def name_input(self) -> Input:
        """The name field."""
        return self.query_one("#name", Input)

    @property
    def description_input(self) -> Input:
        """The description field."""
        return self.query_one("#description", Input)

    def _refresh_feedback(self) -> list[Input]:
        """Update both counters and error lines; return the inputs that are invalid."""
        invalid: list[Input] = []
        for field_id, limit, check in (
            ("name", NAME_MAX, check_name),
            ("description", DESCRIPTION_MAX, check_description),
        ):
            field = self.query_one(f"#{field_id}", Input)
            counter = self.query_one(f"#{field_id}-count", Static)
            error = self.query_one(f"#{field_id}-error", Static)
            counter.update(self._count_text(field.value, limit))
            counter.set_class(len(trim(field.value)) > limit, "-over")
            errors = check(field.value)
            error.update(Text("\n".join(errors)))
            error.set_class(bool(errors), "-shown")
            field.set_class(bool(errors), "-invalid")
            if errors:
                invalid.append(field)
        return invalid

    @on(Input.Changed)
    def _field_changed(self) -> None:
        """Keep counters and error lines live as the user types or pastes."""
        self._refresh_feedback()

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        """Dismiss with the trimmed draft, or stay open showing what is wrong."""
        invalid = self._refresh_feedback()
        draft, _errors = validate_draft(self.name_input.value, self.description_input.value)
        if draft is None:
            if invalid:
                invalid[0].focus()
            return
        self.dismiss(draft)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without a result."""
        self.dismiss(None)
