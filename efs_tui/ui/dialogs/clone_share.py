"""The form to clone a share from a manual snapshot: name, description, mount point name and size.

The size starts at the source share's size, the smallest the API accepts;
anything smaller is refused under the field, with both sizes, and the form
stays open, so an impossible clone costs no request. The rules are those of
:mod:`efs_tui.core.clone`, shared with the CLI.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from efs_tui.api.models import Share, Snapshot
from efs_tui.core.clone import CloneDraft, check_mount_point, check_size, validate_clone
from efs_tui.core.sanitize import safe_label, safe_text
from efs_tui.core.validation import check_description, check_name
from efs_tui.ui.dialogs.form import FormDialog


class CloneShareDialog(FormDialog[CloneDraft]):
    """Ask for the new share's fields; dismiss with a :class:`CloneDraft` or ``None``.

    | Key(s) | Description |
    | :- | :- |
    | enter | Clone (from any field or the submit button). |
    | escape | Close without cloning. |
    """

    DEFAULT_CSS = """
    CloneShareDialog Label {
        margin-top: 1;
    }
    """

    def __init__(self, share: Share, service_label: str, snapshot: Snapshot) -> None:
        super().__init__("Clone share from snapshot", "Clone")
        self._share = share
        self._service_label = service_label
        self._snapshot = snapshot

    def compose_body(self) -> ComposeResult:
        """The source (share, service, snapshot), the four fields with their error lines, the hint."""
        size = "" if self._share.size is None else str(self._share.size)
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
        yield from self.field("name", "Name of the new share (optional)", check_name)
        yield from self.field("description", "Description (optional)", check_description)
        yield from self.field("mount-point", "Mount point name (optional, unique in the service)", check_mount_point)
        yield from self.field(
            "size", f"Size in GB (at least the source's {size or '?'})", lambda v: check_size(v, self._share), size
        )
        yield Static(
            "The new share starts as creating_from_snapshot and is followed until available. "
            "The source snapshot and its share are not changed.",
            classes="dialog--hint",
            markup=False,
        )

    def draft(self) -> CloneDraft | None:
        """The checked draft, or ``None`` while a field is wrong."""
        value = self.value
        return validate_clone(value("name"), value("description"), value("mount-point"), value("size"), self._share)[0]
