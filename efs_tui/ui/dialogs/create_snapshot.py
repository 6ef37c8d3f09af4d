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

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

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
from efs_tui.ui.dialogs.form import FormDialog

_LIMITS = {"name": NAME_MAX, "description": DESCRIPTION_MAX}
"""Each field's length limit, shown in its counter."""


class CreateSnapshotDialog(FormDialog[SnapshotDraft]):
    """Ask for an optional name and description; dismiss with a :class:`SnapshotDraft` or ``None``.

    Use :meth:`for_edit` to get the same form as an "Edit snapshot" dialog.

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
    ) -> None:
        """Build the form.

        Args:
            share_label: The share the snapshot belongs to (API text, shown literally).
            title: The dialog's title.
            initial: Values to start from (for editing an existing snapshot).
            submit_label: The submit button's label.
            snapshot_id: When editing, the snapshot's id, shown so the user knows which one.
        """
        super().__init__(title, submit_label)
        self._share_label = share_label
        """Label of the share the snapshot belongs to."""
        self._initial = initial or SnapshotDraft()
        """The values the inputs start with."""
        self._snapshot_id = snapshot_id
        """The edited snapshot's id, if editing."""

    @classmethod
    def for_edit(cls, share_label: str, snapshot_id: str, initial: SnapshotDraft) -> CreateSnapshotDialog:
        """The same form, titled "Edit snapshot", prefilled, with a "Save" button.

        Note for callers: an empty field comes back as ``None``; whether that
        clears the value on the API or leaves it unchanged is the caller's call.
        """
        return cls(share_label, title="Edit snapshot", initial=initial, submit_label="Save", snapshot_id=snapshot_id)

    def compose_body(self) -> ComposeResult:
        """The share line, the two fields with counters and errors, the limits."""
        yield Static(Text.assemble(("Share: ", "bold"), safe_label(self._share_label)), id="share")
        if self._snapshot_id is not None:
            yield Static(Text.assemble(("Snapshot: ", "bold"), safe_text(self._snapshot_id)), id="snapshot-id")
        for field_id, label, check in (
            ("name", "Name (optional)", check_name),
            ("description", "Description (optional)", check_description),
        ):
            value = getattr(self._initial, field_id) or ""
            with Horizontal(classes="field-head"):
                yield Label(label, markup=False)
                yield Static(self._count_text(value, _LIMITS[field_id]), id=f"{field_id}-count", classes="counter")
            yield from self.field(field_id, None, check, value)
        yield Static(
            f"At most {NAME_MAX} characters for the name and {DESCRIPTION_MAX} for the description, "
            "no control characters. Without a name, OVHcloud picks one.",
            classes="dialog--hint",
            markup=False,
        )

    @staticmethod
    def _count_text(value: str, limit: int) -> Text:
        """The counter text: length once trimmed (what will be sent) over the limit."""
        return Text(f"{len(trim(value))}/{limit}")

    def refresh_feedback(self) -> list[Input]:
        """Also keep each counter (and its over-the-limit colour) in step with its field."""
        for field_id, limit in _LIMITS.items():
            counter = self.query_one(f"#{field_id}-count", Static)
            counter.update(self._count_text(self.value(field_id), limit))
            counter.set_class(len(trim(self.value(field_id))) > limit, "-over")
        return super().refresh_feedback()

    def draft(self) -> SnapshotDraft | None:
        """The trimmed draft, or ``None`` while a field is wrong."""
        return validate_draft(self.value("name"), self.value("description"))[0]

    @property
    def name_input(self) -> Input:
        """The name field."""
        return self.query_one("#name", Input)

    @property
    def description_input(self) -> Input:
        """The description field."""
        return self.query_one("#description", Input)
