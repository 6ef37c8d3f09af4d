"""Progress and per-snapshot results of a bulk delete.

A bulk delete is several independent requests; some may fail while others
succeed. This screen lists every snapshot with its own outcome as it arrives
(waiting, deleting…, deleted, already gone, failed with HTTP status, message
and query id), so nothing stops half-way silently. It can be closed at any
time: the deletes go on and a summary toast still reports the end.
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

from efs_tui.api.models import Snapshot
from efs_tui.core.bulk import BulkOutcome, BulkResult
from efs_tui.core.sanitize import safe_text
from efs_tui.core.wording import counted
from efs_tui.ui.dialogs.base import DialogBody, DialogScreen

_MARKS: dict[BulkOutcome, tuple[str, str]] = {
    BulkOutcome.DELETED: ("✔", "green"),
    BulkOutcome.ALREADY_GONE: ("✔", "yellow"),
    BulkOutcome.FAILED: ("✖", "bold red"),
}


def summary(results: Sequence[BulkResult]) -> str:
    """``2 deleted, 1 already gone, 1 failed`` (zero counts left out)."""
    counts = {outcome: sum(1 for r in results if r.outcome is outcome) for outcome in BulkOutcome}
    parts = [
        f"{counts[BulkOutcome.DELETED]} deleted",
        f"{counts[BulkOutcome.ALREADY_GONE]} already gone",
        f"{counts[BulkOutcome.FAILED]} failed",
    ]
    return ", ".join(p for p in parts if not p.startswith("0 ")) or "nothing done"


class BulkDeleteReport(DialogScreen[None]):
    """One line per snapshot, updated live; a summary line at the end."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | escape, enter | Close (the deletes go on in the background). |
    """

    DEFAULT_CSS = """
    BulkDeleteReport {
        #progress {
            text-style: bold;
            margin-bottom: 1;
        }

        .bulk-item {
            height: auto;
        }
    }
    """

    def __init__(self, snapshots: Sequence[Snapshot], concurrency: int) -> None:
        """Build the report.

        Args:
            snapshots: Every snapshot being deleted, in the order shown.
            concurrency: How many DELETEs run at once (said in the header).
        """
        super().__init__()
        self._snapshots = list(snapshots)
        self._index = {snap.id: n for n, snap in enumerate(self._snapshots)}
        self._concurrency = concurrency
        self.results: dict[str, BulkResult] = {}
        """Results known so far, by snapshot id."""
        self.finished = False
        """Whether every result is in."""
        self._started: set[str] = set()
        """Snapshots whose DELETE was sent."""

    def compose(self) -> ComposeResult:
        """A progress line, one line per snapshot, a Close button."""
        with Vertical(id="dialog"):
            yield Static(self._progress(), id="progress")
            with DialogBody(id="body"):
                for n, snap in enumerate(self._snapshots):
                    yield Static(self._line(snap), id=f"item-{n}", classes="bulk-item")
            with Horizontal(classes="dialog--buttons"):
                yield Button("Close", id="close", variant="primary")

    def on_mount(self) -> None:
        """Title the box."""
        self.set_dialog_title(f"Delete {counted(len(self._snapshots), 'snapshot')}")

    def _progress(self) -> Text:
        total = len(self._snapshots)
        if self.finished:
            return Text(f"Done: {summary(list(self.results.values()))}.")
        return Text(
            f"Deleting {counted(total, 'snapshot')}, {self._concurrency} at a time… {len(self.results)}/{total} done"
        )

    def _line(self, snap: Snapshot) -> Text:
        """``name  id  state``: the state from the result if known, else waiting / deleting…."""
        name = safe_text(snap.name) if snap.name else "(no name)"
        result = self.results.get(snap.id)
        if result is not None:
            mark, style = _MARKS[result.outcome]
            state = Text(f"{mark} {safe_text(result.describe())}", style=style)
        elif snap.id in self._started:
            state = Text("deleting…", style="yellow")
        else:
            state = Text("waiting", style="dim")
        return Text.assemble((name, "bold"), f"  {safe_text(snap.id)}  ", state)

    def _redraw(self, snap: Snapshot) -> None:
        """Update one snapshot's line and the progress line (once mounted; compose uses the same state)."""
        if not (self.is_mounted and self.is_attached):
            return
        index = self._index.get(snap.id)
        if index is not None:
            item = self.query_one(f"#item-{index}", Static)
            item.update(self._line(snap))
            result = self.results.get(snap.id)
            item.set_class(result is not None and result.outcome is BulkOutcome.FAILED, "-failed")
        self.query_one("#progress", Static).update(self._progress())

    def started(self, snap: Snapshot) -> None:
        """Its DELETE is being sent."""
        self._started.add(snap.id)
        self._redraw(snap)

    def add_result(self, result: BulkResult) -> None:
        """Show one snapshot's outcome."""
        self.results[result.snapshot.id] = result
        self._redraw(result.snapshot)

    def finish(self) -> None:
        """Every result is in: show the summary."""
        self.finished = True
        if self.is_mounted and self.is_attached:
            self.query_one("#progress", Static).update(self._progress())

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Close; the deletes (if any still run) go on."""
        self.dismiss(None)
