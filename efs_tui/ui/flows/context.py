"""What a write flow needs from the screen that runs it, and nothing more: the rows, and a few words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from textual.notifications import SeverityLevel
from textual.screen import Screen

from efs_tui.api.errors import OvhError
from efs_tui.api.models import Service, Snapshot
from efs_tui.core.writes import WriteOutcome, Writer
from efs_tui.ui.widgets.service_tree import ShareItem

T = TypeVar("T")


class SnapshotRows(Protocol):
    """The shown rows as the flows change them (the snapshot pane): every change shows at once."""

    def all_snapshots(self, item: ShareItem) -> list[Snapshot]:
        """Every loaded snapshot of the share (not the possibly filtered table)."""
        ...

    def local_change(self, item: ShareItem) -> None:
        """A write changed the share here: an older list answer must not undo it on screen."""
        ...

    def apply_snapshot(self, item: ShareItem, snap: Snapshot, *, select: bool = False, fetched: bool = True) -> None:
        """Show one snapshot's new state."""
        ...

    def forget_snapshot(self, item: ShareItem, snapshot_id: str) -> None:
        """One snapshot is gone: drop its row."""
        ...

    def mark(self, item: ShareItem, snap: Snapshot, status: str) -> Snapshot:
        """Show a status at once, before the API confirms it."""
        ...

    def start_poll(self, item: ShareItem, snapshot_id: str, *, announce: str | None = None) -> None:
        """Follow one snapshot until it settles or is gone; ``announce`` ("created", "deleted") says so in a toast."""
        ...

    def note_delete_error(self, snapshot_id: str, text: str | None) -> None:
        """Show (or clear, with ``None``) why the last delete of a snapshot failed, in its detail."""
        ...

    def unmark(self, snapshot_ids: Sequence[str]) -> None:
        """Unmark these snapshots (those still shown and marked)."""
        ...

    def reload_truth(self, item: ShareItem) -> None:
        """Read the share's list again at once: a write's effect is not known here."""
        ...


class FlowContext(Protocol):
    """The main screen as the flows see it: ask, say, write, and keep the rows true.

    Every text given to :meth:`say` is shown literally (never parsed as markup).
    """

    @property
    def writer(self) -> Writer: ...

    @property
    def pane(self) -> SnapshotRows:
        """The rows of the shown share and their followers."""
        ...

    @property
    def manual_snapshot_limit(self) -> int:
        """Manual snapshots a share may hold (a create at the limit is refused before any request)."""
        ...

    async def ask(self, dialog: Screen[T]) -> T:
        """Show a modal dialog and wait for its answer."""
        ...

    def say(self, text: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float = 5) -> None:
        """Notify the user (plain text)."""
        ...

    async def show(self, screen: Screen[Any]) -> None:
        """Push a screen without waiting for it to close (a live report)."""
        ...

    def refuse_if_read_only(self, what: str) -> bool:
        """In read-only mode, say so and return ``True``: the flow then does nothing."""
        ...

    def write_not_applied(self, outcome: WriteOutcome[Any], item: ShareItem, doing: str) -> None:
        """Show a write that did not simply succeed, and re-read the truth when it is unknown."""
        ...

    def remember_error(self, error: OvhError) -> None:
        """Keep an error as "the last error" (its query id is in the copy menu)."""
        ...

    async def reread_share(self, item: ShareItem) -> tuple[ShareItem, list[Snapshot]] | None:
        """Read the share and its whole list again now, and show them; ``None`` (said why) on failure."""
        ...

    def share_with_status(self, item: ShareItem, status: str) -> ShareItem:
        """Show the share in ``status`` at once (before the API confirms it)."""
        ...

    def follow_revert(self, item: ShareItem, target_label: str) -> None:
        """Follow a reverting share in the background until it settles, then reload its list."""
        ...

    def load_shares(self, service: Service) -> None:
        """Reload one service's shares (their statuses)."""
        ...
