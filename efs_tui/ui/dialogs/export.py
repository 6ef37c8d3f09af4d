"""The export dialog (``x``): write the table's visible rows to a CSV or JSON file.

The dialog does the writing itself (in a thread worker) and only closes once
the file is written, so a refused overwrite or a permission error is shown next
to the path the user typed, which is still there to fix: nothing is lost.
Overwriting an existing file needs a second, explicit press ("Overwrite").
The file is written by :func:`efs_tui.core.export.export_snapshots` (atomic, 0600,
formula-safe CSV).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from efs_tui.core.export import ExportFormat, SnapshotRow, export_snapshots
from efs_tui.core.sanitize import safe_text
from efs_tui.core.wording import counted
from efs_tui.ui.dialogs.base import DialogBody, DialogScreen


def default_export_path(share_label: str, now: datetime, fmt: ExportFormat = "csv") -> str:
    """``./snapshots-<share>-<YYYYmmdd-HHMM>.csv``, with the share name reduced to safe file-name characters."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", share_label).strip("._") or "share"
    return f"./snapshots-{safe[:60]}-{now.strftime('%Y%m%d-%H%M')}.{fmt}"


def with_format(path: str, fmt: ExportFormat) -> str:
    """``path`` with its ``.csv`` / ``.json`` extension switched to ``fmt`` (added if it has neither)."""
    stem, dot, ext = path.rpartition(".")
    if dot and ext.lower() in ("csv", "json") and "/" not in ext:
        return f"{stem}.{fmt}"
    return f"{path}.{fmt}"


def format_of(path: str) -> ExportFormat | None:
    """The format the extension asks for, if any."""
    suffix = Path(path).suffix.lower()
    return "json" if suffix == ".json" else "csv" if suffix == ".csv" else None


class ExportDialog(DialogScreen[Path | None]):
    """Ask for a path and a format, write the file, dismiss with its absolute path (``None``: cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    """
    | Key(s) | Description |
    | :- | :- |
    | enter | Export (a second time to overwrite an existing file). |
    | escape | Close without writing. |
    """

    DEFAULT_CSS = """
    ExportDialog {
        #export-format { height: auto; width: auto; border: none; padding: 0; margin-top: 1; }
        #export-path { margin-top: 1; }
        #export-status { margin-top: 1; }
    }
    """

    def __init__(self, rows: list[SnapshotRow], share_label: str, default_path: str, *, filtered: bool) -> None:
        super().__init__()
        self.rows = rows
        """What will be written, in display order."""
        self._share_label = share_label
        self._default_path = default_path
        self._filtered = filtered
        self._confirm_overwrite: str | None = None
        """The path the user was warned about; pressing Export again for it overwrites."""

    def compose(self) -> ComposeResult:
        count = len(self.rows)
        what = counted(count, "snapshot") + (" (filtered view)" if self._filtered else "")
        with Vertical(id="dialog"):
            with DialogBody(id="body"):
                yield Static(Text.assemble(("Share: ", "bold"), safe_text(self._share_label)))
                yield Static(Text.assemble(("Rows: ", "bold"), what, " in table order"))
                yield Label("File (.csv or .json)", classes="field-label")
                yield Input(self._default_path, id="export-path", select_on_focus=False)
                with RadioSet(id="export-format"):
                    yield RadioButton("CSV", value=format_of(self._default_path) != "json", id="fmt-csv")
                    yield RadioButton("JSON", value=format_of(self._default_path) == "json", id="fmt-json")
                yield Static("", id="export-status", markup=False)
            with Horizontal(classes="dialog--buttons"):
                yield Button("Export", id="submit", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.set_dialog_title("Export snapshots")
        self.query_one("#export-path", Input).focus()

    @property
    def path_text(self) -> str:
        return self.query_one("#export-path", Input).value.strip()

    def _status(self, text: str, kind: str = "") -> None:
        status = self.query_one("#export-status", Static)
        status.set_classes("dialog--error" if kind == "error" else "dialog--warning" if kind == "warning" else "")
        status.update(Text(text))

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        """Typing ``.json`` selects JSON (and back); a changed path needs a new overwrite confirmation."""
        fmt = format_of(event.value.strip())
        if fmt is not None:
            self.query_one(f"#fmt-{fmt}", RadioButton).value = True
        if self._confirm_overwrite is not None and event.value.strip() != self._confirm_overwrite:
            self._confirm_overwrite = None
            self.query_one("#submit", Button).label = "Export"
            self._status("")

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        fmt: ExportFormat = "json" if event.pressed.id == "fmt-json" else "csv"
        path = self.query_one("#export-path", Input)
        if format_of(path.value.strip()) != fmt:
            path.value = with_format(path.value.strip(), fmt)

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#submit")
    def _submit(self) -> None:
        text = self.path_text
        if not text:
            self._status("Type a file name.", "error")
            return
        path = Path(text).expanduser()
        fmt: ExportFormat = "json" if self.query_one("#fmt-json", RadioButton).value else "csv"
        overwrite = self._confirm_overwrite == text
        if path.exists() and not overwrite:
            self._confirm_overwrite = text
            self.query_one("#submit", Button).label = "Overwrite"
            self._status(f"{path.resolve()} exists. Press Enter or Overwrite to replace it.", "warning")
            return
        self._write(path, fmt, overwrite)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False, description="Export snapshots")
    def _write(self, path: Path, fmt: ExportFormat, overwrite: bool) -> None:
        """Write in a thread (a slow disk must not freeze the UI); report back on the loop."""
        try:
            written = export_snapshots(self.rows, path, fmt, overwrite=overwrite)
        except FileExistsError:
            self.app.call_from_thread(self._status, f"{path} appeared meanwhile; press Export again.", "warning")
            self.app.call_from_thread(self._reset_confirmation)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.app.call_from_thread(self._status, f"Could not write {path}: {reason}", "error")
        else:
            self.app.call_from_thread(self.dismiss, written.resolve())

    def _reset_confirmation(self) -> None:
        self._confirm_overwrite = None
        self.query_one("#submit", Button).label = "Export"

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
