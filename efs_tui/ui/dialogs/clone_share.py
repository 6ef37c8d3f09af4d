"""The form to clone a share from a manual snapshot: name, description, mount point name and size.

The size starts at the source share's size, the smallest the API accepts;
anything smaller is refused under the field, with both sizes, and the form
stays open, so an impossible clone costs no request. The rules are those of
:mod:`efs_tui.core.clone`, shared with the CLI.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from efs_tui.api.models import Share, Snapshot
from efs_tui.core.clone import CloneDraft, check_mount_point, check_size, validate_clone
from efs_tui.core.sanitize import safe_label, safe_text
from efs_tui.core.validation import check_description, check_name
from efs_tui.ui.dialogs.base import DialogBody, DialogScreen
from efs_tui.ui.widgets.safe_input import SafeInput

_FIELDS = ("name", "description", "mount-point", "size")


class CloneShareDialog(DialogScreen[CloneDraft | None]):
    """Ask for the new share's fields; dismiss with a :class:`CloneDraft` or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    """
    | Key(s) | Description |
    | :- | :- |
    | enter | Clone (from any field or the submit button). |
    | escape | Close without cloning. |
    """

    DEFAULT_CSS = """
    CloneShareDialog {
        Label {
            margin-top: 1;
        }

        .dialog--error {
            display: none;

            &.-shown {
                display: block;
            }
        }
    }
    """

    def __init__(self, share: Share, service_label: str, snapshot: Snapshot) -> None:
        super().__init__()
        self._share = share
        self._service_label = service_label
        self._snapshot = snapshot

    def compose(self) -> ComposeResult:
        """The source (share, service, snapshot), the four fields with their error lines, the buttons."""
        size = "" if self._share.size is None else str(self._share.size)
        with Vertical(id="dialog"):
            with DialogBody(id="body"):
                yield Static(
                    Text.assemble(
                        ("From: ", "bold"),
                        safe_label(self._snapshot.label),
                        (f"  {safe_text(self._snapshot.id)}", "dim"),
                    ),
                    id="source-snapshot",
                )
                yield Static(
                    Text.assemble(
                        ("Share: ", "bold"),
                        safe_label(self._share.label),
                        (f" · {safe_text(self._service_label)}", "dim"),
                    ),
                    id="source-share",
                )
                for field_id, label, value in (
                    ("name", "Name of the new share (optional)", ""),
                    ("description", "Description (optional)", ""),
                    ("mount-point", "Mount point name (optional, unique in the service)", ""),
                    ("size", f"Size in GB (at least the source's {size or '?'})", size),
                ):
                    yield Label(label, markup=False)
                    yield SafeInput(value=value, id=field_id, select_on_focus=False)
                    yield Static("", id=f"{field_id}-error", classes="dialog--error", markup=False)
                yield Static(
                    "The new share starts as creating_from_snapshot and is followed until available. "
                    "The source snapshot and its share are not changed.",
                    classes="dialog--hint",
                    markup=False,
                )
            with Horizontal(classes="dialog--buttons"):
                yield Button("Clone", id="submit", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.set_dialog_title("Clone share from snapshot")

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def _problems(self, field_id: str) -> list[str]:
        value = self._value(field_id)
        if field_id == "name":
            return check_name(value)
        if field_id == "description":
            return check_description(value)
        if field_id == "mount-point":
            return check_mount_point(value)
        return check_size(value, self._share)

    def _refresh_feedback(self) -> list[Input]:
        """Update every error line; return the fields that are wrong."""
        invalid: list[Input] = []
        for field_id in _FIELDS:
            errors = self._problems(field_id)
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
        self._refresh_feedback()

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        """Dismiss with the checked draft, or stay open showing what is wrong."""
        invalid = self._refresh_feedback()
        draft, _errors = validate_clone(
            self._value("name"),
            self._value("description"),
            self._value("mount-point"),
            self._value("size"),
            self._share,
        )
        if draft is None:
            if invalid:
                invalid[0].focus()
            return
        self.dismiss(draft)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
