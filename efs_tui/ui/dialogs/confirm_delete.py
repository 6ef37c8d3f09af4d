"""Confirm deleting one or several snapshots.

Deleting a snapshot cannot be undone, so the dialog names exactly what will go
(every field the API gives, plus the share and service it lives in), starts with
Cancel focused so a stray Enter is harmless, and warns when the snapshot is one
the user probably did not create (automatic or system).
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

from efs_tui.api.models import Service, Share, Snapshot, SnapshotType
from efs_tui.core.sanitize import format_utc, safe_label, safe_or_missing, safe_text
from efs_tui.ui.dialogs.base import DialogBody, DialogScreen

#: Shown when at least one snapshot to delete is automatic.
AUTOMATIC_WARNING = (
    "Automatic snapshots are managed by the share's snapshot policy; deleting it removes "
    "a restore point the policy expected to keep."
)

#: Shown when at least one snapshot to delete is a system snapshot.
SYSTEM_WARNING = (
    "System snapshots are created by OVHcloud for the platform's own use (e.g. replication "
    "or restore); deleting may be refused or affect the platform."
)


def _field(label: str, value: str) -> Text:
    """One "Label: value" line; ``value`` must already have gone through :func:`safe_label` (or :func:`safe_text`)."""
    return Text.assemble((f"{label}: ", "bold"), value)


def _with_id(label: str, object_id: str) -> str:
    """``label (id)``, or just the id when the label is the id (nothing to add)."""
    return safe_text(object_id) if label == object_id else f"{safe_label(label)} ({safe_text(object_id)})"


class ConfirmDeleteDialog(DialogScreen[bool]):
    """Ask to confirm deleting ``snapshots``; dismiss with ``True`` to delete.

    One snapshot is described field by field; several are listed one per line
    with a count, in a scrollable area so a long bulk selection still fits 80x24.
    """

    AUTO_FOCUS = "#cancel"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Delete"),
        Binding("n", "cancel", "Cancel"),
        Binding("escape", "cancel", "Cancel", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | y | Delete. |
    | n, escape | Cancel. |
    | enter | Activate the focused button (Cancel at first). |
    """

    DEFAULT_CSS = """
    ConfirmDeleteDialog {
        #dialog {
            border: round $error;
        }

        #question {
            margin-bottom: 1;
            text-style: bold;
        }

        #location, #snapshot-list {
            margin-top: 1;
            height: auto;
        }
    }
    """

    def __init__(
        self,
        snapshots: Sequence[Snapshot],
        *,
        service: Service,
        share: Share,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Build the dialog.

        Args:
            snapshots: What to delete; at least one.
            service: The service the share belongs to.
            share: The share the snapshots belong to.
            name: The screen's name.
            id: The screen's DOM id.
            classes: The screen's CSS classes.

        Raises:
            ValueError: If ``snapshots`` is empty (there would be nothing to confirm).
        """
        if not snapshots:
            raise ValueError("ConfirmDeleteDialog needs at least one snapshot")
        super().__init__(name=name, id=id, classes=classes)
        self._snapshots = tuple(snapshots)
        """The snapshots to delete."""
        self._service = service
        """Their service."""
        self._share = share
        """Their share."""

    @property
    def _is_bulk(self) -> bool:
        """Whether more than one snapshot is to be deleted."""
        return len(self._snapshots) > 1

    def compose(self) -> ComposeResult:
        """Lay out the question, the snapshot(s), where they live, warnings and buttons."""
        count = len(self._snapshots)
        with Vertical(id="dialog"):
            with DialogBody(id="body"):
                question = (
                    f"Delete these {count} snapshots? This cannot be undone."
                    if self._is_bulk
                    else "Delete this snapshot? This cannot be undone."
                )
                yield Static(question, id="question", markup=False)
                if self._is_bulk:
                    # Where and what kind first: a long list must not push the warnings out of view.
                    yield Static(self._location(), id="location")
                    yield from self._warnings()
                    with Vertical(id="snapshot-list"):
                        for snapshot in self._snapshots:
                            yield Static(self._list_entry(snapshot), classes="snapshot-entry")
                else:
                    yield Static(self._details(self._snapshots[0]), id="details")
                    yield Static(self._location(), id="location")
                    yield from self._warnings()
            with Horizontal(classes="dialog--buttons"):
                yield Button(f"Delete {count} snapshots" if self._is_bulk else "Delete", id="delete", variant="error")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        """Title the box."""
        self.set_dialog_title(f"Delete {len(self._snapshots)} snapshots" if self._is_bulk else "Delete snapshot")

    @staticmethod
    def _details(snapshot: Snapshot) -> Text:
        """Every field of one snapshot, one per line, API text made literal and visible."""
        return Text("\n").join(
            [
                _field("Name", safe_or_missing(snapshot.name)),
                _field("ID", safe_text(snapshot.id)),
                _field("Type", safe_or_missing(snapshot.type)),
                _field("Status", safe_or_missing(snapshot.status)),
                _field("Created", format_utc(snapshot.created_at)),
                _field("Description", safe_or_missing(snapshot.description)),
            ]
        )

    @staticmethod
    def _list_entry(snapshot: Snapshot) -> Text:
        """One snapshot in the bulk list: label, type and status, then id and date (dimmed)."""
        return Text.assemble(
            ("• ", "bold"),
            (safe_label(snapshot.label), "bold"),
            f"  {safe_or_missing(snapshot.type)} · {safe_or_missing(snapshot.status)}\n",
            (f"  {safe_text(snapshot.id)} · {format_utc(snapshot.created_at)}", "dim"),
        )

    def _location(self) -> Text:
        """The share and service the snapshots belong to, with their ids."""
        return Text("\n").join(
            [
                _field("Share", _with_id(self._share.label, self._share.id)),
                _field("Service", _with_id(self._service.label, self._service.id)),
            ]
        )

    def _warnings(self) -> ComposeResult:
        """The extra warnings for automatic and system snapshots, when any are included."""
        for kind, warning in ((SnapshotType.AUTOMATIC, AUTOMATIC_WARNING), (SnapshotType.SYSTEM, SYSTEM_WARNING)):
            matching = sum(1 for snapshot in self._snapshots if snapshot.type == kind)
            if not matching:
                continue
            if self._is_bulk:
                prefix = f"⚠ {matching} of the {len(self._snapshots)} {'is' if matching == 1 else 'are'} {kind}. "
            else:
                prefix = "⚠ "
            yield Static(Text(prefix + warning), classes=f"dialog--warning warning-{kind}")

    @on(Button.Pressed, "#delete")
    def action_confirm(self) -> None:
        """Confirm: the caller deletes."""
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Cancel: nothing is deleted."""
        self.dismiss(False)
