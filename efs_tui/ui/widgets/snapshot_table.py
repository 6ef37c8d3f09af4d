"""The table of one share's snapshots, newest first.

It is built to stay fast with 10,000 rows: switching shares rebuilds it once,
while refreshes and polling only touch the rows that changed (``update_cell``),
add the new ones and drop the gone ones, keeping the cursor on the same snapshot id.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from efs_tui.api.models import Snapshot, snapshot_status_group
from efs_tui.ui.text import literal, local_time, relative, short_id, status_text, truncate

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

#: (column key, header label, fixed width or None for auto).
COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("name", "Name", None),
    ("status", "Status", None),
    ("created", "Created", None),
    ("type", "Type", None),
    ("description", "Description", None),
    ("id", "Id", 8),
)

DESCRIPTION_WIDTH = 40
"""Descriptions are cut in the table; the detail panel shows them in full."""


class CreatedCell(Text):
    """A "created" cell that remembers its datetime so the table can sort on it."""

    when: datetime | None = None


Clock = Callable[[], datetime]


class SnapshotTable(DataTable[Text]):
    """Snapshots of the selected share; the row key is the snapshot id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
        Binding("h", "cursor_left", "Left", show=False),
        Binding("l", "cursor_right", "Right", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | j, k, up, down | Move between snapshots. |
    | g, G | First / last snapshot. |
    | enter | Inspect (fetch fresh state) and show the detail panel. |
    """

    class Highlighted(Message):
        """The cursor moved to another snapshot (or to none). Screens listen to this, not to
        the underlying widget's events, so the table's implementation can change freely."""

        def __init__(self, snapshot: Snapshot | None) -> None:
            super().__init__()
            self.snapshot = snapshot

    class Chosen(Message):
        """Enter was pressed on a snapshot."""

        def __init__(self, snapshot: Snapshot) -> None:
            super().__init__()
            self.snapshot = snapshot

    def __init__(self, *, clock: Clock, zone: tzinfo | None = None, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._clock = clock
        """Where "now" comes from (injected so pictures are deterministic)."""
        self.zone = zone
        """Time zone for dates; ``None`` is the machine's local zone."""
        self._rows: dict[str, Snapshot] = {}
        """What each row currently shows, by snapshot id."""

    def on_mount(self) -> None:
        for key, label, width in COLUMNS:
            self.add_column(label, key=key, width=width)

    # -- reading --------------------------------------------------------------------------

    @property
    def snapshots(self) -> dict[str, Snapshot]:
        """The snapshots shown, by id (do not mutate)."""
        return self._rows

    @property
    def highlighted(self) -> Snapshot | None:
        """The snapshot under the cursor, if any."""
        if not self._rows or self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return self._rows.get(str(key.value))

    # -- writing --------------------------------------------------------------------------

    def _cells(self, snap: Snapshot, now: datetime) -> list[Text]:
        created = CreatedCell(
            f"{local_time(snap.created_at, self.zone)}  {relative(snap.created_at, now)}", no_wrap=True
        )
        created.when = snap.created_at
        description = literal(snap.description or "")
        description.truncate(DESCRIPTION_WIDTH, overflow="ellipsis")
        return [
            literal(truncate(snap.name or "(no name)", 48), "" if snap.name else "dim italic"),
            status_text(snap.status, snapshot_status_group(snap.status)),
            created,
            literal(snap.type or "?"),
            description,
            Text(short_id(snap.id), style="dim", no_wrap=True),
        ]

    def show(self, snapshots: Iterable[Snapshot], keep: str | None = None) -> None:
        """Replace every row (a new share): one rebuild, cursor on ``keep`` if still there."""
        now = self._clock()
        self.clear()
        self._rows = {s.id: s for s in snapshots}
        for snap in self._rows.values():
            self.add_row(*self._cells(snap, now), key=snap.id)
        self.select(keep)

    def sync(self, snapshots: Iterable[Snapshot]) -> None:
        """Bring the rows in line with a fresh list, touching only what changed."""
        fresh = {s.id: s for s in snapshots}
        keep = self.highlighted.id if self.highlighted else None
        now = self._clock()
        for gone in [i for i in self._rows if i not in fresh]:
            self._remove(gone)
        added = False
        for snap in fresh.values():
            if snap.id in self._rows:
                self._update(snap, now)
            else:
                self.add_row(*self._cells(snap, now), key=snap.id)
                self._rows[snap.id] = snap
                added = True
        if added:
            self._sort()
        self.select(keep)

    def upsert(self, snap: Snapshot, *, select: bool = False) -> None:
        """Show one new or changed snapshot in place."""
        keep = snap.id if select else (self.highlighted.id if self.highlighted else None)
        if snap.id in self._rows:
            self._update(snap, self._clock())
        else:
            self.add_row(*self._cells(snap, self._clock()), key=snap.id)
            self._rows[snap.id] = snap
            self._sort()
        self.select(keep)

    def remove_snapshot(self, snapshot_id: str) -> None:
        """Drop one row; the cursor stays at the same position (the next row)."""
        self._remove(snapshot_id)

    def select(self, snapshot_id: str | None) -> None:
        """Move the cursor to ``snapshot_id`` when it is shown; otherwise leave it."""
        if snapshot_id is None or snapshot_id not in self._rows:
            return
        with contextlib.suppress(RowDoesNotExist):
            self.move_cursor(row=self.get_row_index(snapshot_id))

    def _update(self, snap: Snapshot, now: datetime) -> None:
        old = self._rows[snap.id]
        if old == snap:
            return
        self._rows[snap.id] = snap
        for (key, _, _), new, before in zip(COLUMNS, self._cells(snap, now), self._cells(old, now), strict=True):
            if new != before:
                self.update_cell(snap.id, key, new)

    def _remove(self, snapshot_id: str) -> None:
        if self._rows.pop(snapshot_id, None) is not None:
            with contextlib.suppress(RowDoesNotExist):
                self.remove_row(snapshot_id)

    def _sort(self) -> None:
        def created(cell: Text) -> datetime:
            return (cell.when if isinstance(cell, CreatedCell) else None) or _EPOCH

        self.sort("created", key=created, reverse=True)

    @on(DataTable.RowHighlighted)
    def _forward_highlight(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(self.highlighted))

    @on(DataTable.RowSelected)
    def _forward_selection(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if (snap := self.highlighted) is not None:
            self.post_message(self.Chosen(snap))

    # -- actions --------------------------------------------------------------------------

    def action_first(self) -> None:
        """Jump to the newest snapshot."""
        self.move_cursor(row=0)

    def action_last(self) -> None:
        """Jump to the oldest snapshot."""
        self.move_cursor(row=max(0, self.row_count - 1))
