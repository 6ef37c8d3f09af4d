"""The account view's table: the share table's virtualised rows, with Service and Share columns.

It *is* a :class:`~efs_tui.ui.widgets.snapshot_table.SnapshotTable` (same drawing, cursor,
marks by snapshot id, keys and messages), told three things differently: the filter is the
account language of :mod:`efs_tui.core.query` (``share:web*``, ``age:>30d``…), two more
columns sort and show, and each row knows the service and share it was listed under.
Snapshot ids are unique across the account, so a mark or the cursor follows a snapshot
whichever share it lives in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, datetime, tzinfo
from operator import attrgetter
from typing import TYPE_CHECKING, ClassVar, Final

from rich.cells import cell_len
from rich.text import Text

from efs_tui.api.models import Snapshot
from efs_tui.core.account import SORT_COLUMNS, SORT_KEYS, AccountRow, query_rows
from efs_tui.ui.text import clean, literal
from efs_tui.ui.widgets.snapshot_table import (
    SnapshotTable,
    _created_key,
    _Natural,
    _Row,
    compute_layout,
    parse_filter,
    short_type,
)

if TYPE_CHECKING:
    from efs_tui.core.query import Query, QueryRow
    from efs_tui.ui.widgets.snapshot_table import AgeMode, _Layout

SERVICE_MAX = 16
SHARE_MAX = 18
"""Caps of the two extra columns (longer names end with an ellipsis)."""
ROOM_FOR_SERVICE = 96
"""Below this many cells the Service column is left out: at 80 columns the snapshot name needs the room more."""


def _width(text: str) -> int:
    """Cells ``text`` takes once made safe: its length when printable ASCII, else measured after sanitizing."""
    if text.isascii() and text.isprintable():
        return len(text)
    return cell_len(clean(text))


def _widest(texts: Collection[str]) -> int:
    """The widest of ``texts`` (non-empty strings), as :func:`_width` measures each, in one C-speed pass when they
    are all printable ASCII (nearly always): 6,000 cached rows are measured before their first paint."""
    if not texts:
        return 0
    joined = "".join(texts)
    if joined.isascii() and joined.isprintable():
        return max(map(len, texts))
    return max(map(_width, texts))


_CREATED: Final = attrgetter("snap.created_at", "snap.id")
_DATE: Final = attrgetter("snap.created_at")
_ID: Final = attrgetter("snap.id")
_SNAPSHOT: Final = attrgetter("snapshot")
_SNAPSHOT_ID: Final = attrgetter("snapshot.id")
_SHARE: Final = attrgetter("share")


def _by_created(rows: Iterable[_Row], reverse: bool) -> list[_Row]:
    """Rows by date then id, as the share table sorts them: by id, then by date (a stable sort keeps the
    ids' order among equal dates), each key one attribute read in C. A (date, id) tuple key compares
    most dates twice: 6,000 cached rows took ~5.5 ms that way, ~2.5 ms so."""
    ordered = sorted(rows, key=_ID, reverse=reverse)
    try:
        ordered.sort(key=_DATE, reverse=reverse)
    except TypeError:  # an undated snapshot (None does not compare with a date): the epoch stands in
        ordered.sort(key=_created_key, reverse=reverse)
    return ordered


def _merged_by_created(runs: list[_Row], reverse: bool) -> list[_Row]:
    """Two runs already in :func:`_by_created`'s order, merged: one pass with the tuple key, which the sort
    merges in linear time (two passes would sort the ids from scratch). How the walk adds each repaint's rows."""
    try:
        runs.sort(key=_CREATED, reverse=reverse)
    except TypeError:
        runs.sort(key=_created_key, reverse=reverse)
    return runs


class _Record(_Row):
    """The row record of the account table: no share-table haystack, since the account filter matches each
    row's :class:`~efs_tui.core.query.QueryRow` instead (built on the first filter, not for every paint)."""

    __slots__ = ()

    def __init__(self, snap: Snapshot) -> None:  # the base's haystack is never read here
        self.snap = snap


class AccountTable(SnapshotTable):
    """Every listed snapshot of the account; rows carry their service and share."""

    columns: ClassVar[tuple[str, ...]] = SORT_COLUMNS

    def __init__(self, *, clock: Callable[[], datetime], zone: tzinfo | None = None, id: str | None = None) -> None:
        super().__init__(clock=clock, zone=zone, id=id)
        self._where: dict[str, AccountRow] = {}
        """The row of every snapshot shown, by snapshot id."""
        self._query_rows: dict[str, QueryRow] = {}
        self._query: Query | None = None
        """The parsed filter; ``None`` until one is typed (efs_tui.core.query loads then, not at start)."""
        self._widths = (7, 5)
        """Natural widths of the Service and Share columns."""
        self._cursor_chosen = False
        """Whether the user put the cursor somewhere (a key, a click, :meth:`select`).

        Until then it stays on the first row while the walk adds rows: following the snapshot it
        started on (the first share's newest) took it down as newer rows came in above, off the
        page, and Enter or ``d`` then acted on a row the user could not see."""

    def move_cursor(self, *, row: int) -> None:
        self._cursor_chosen = True
        super().move_cursor(row=row)

    def select(self, snapshot_id: str | None) -> None:
        self._cursor_chosen = True
        super().select(snapshot_id)

    def _place_cursor(self, snapshot_id: str | None, *, fallback: int) -> None:
        if not self._cursor_chosen:
            snapshot_id, fallback = None, 0
        super()._place_cursor(snapshot_id, fallback=fallback)

    # -- reading --------------------------------------------------------------------------

    def row_of(self, snapshot_id: str) -> AccountRow | None:
        return self._where.get(snapshot_id)

    @property
    def highlighted_row(self) -> AccountRow | None:
        snap = self.highlighted
        return None if snap is None else self._where.get(snap.id)

    def marked_rows(self) -> list[AccountRow]:
        """The marked rows in display order, including those the filter hides."""
        return [self._where[snap.id] for snap in self.marked_snapshots()]

    def visible_rows(self) -> list[AccountRow]:
        return [self._where[snap.id] for snap in self.visible_snapshots()]

    @property
    def parsed_filter(self) -> Query:
        """The filter as understood (its ``errors`` say which terms were left out)."""
        if self._query is None:
            from efs_tui.core.query import Query

            self._query = Query()
        return self._query

    # -- writing --------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[AccountRow]) -> None:
        """Show exactly ``rows``, keeping the cursor, marks, filter and sort of snapshots still there."""
        snaps = list(map(_SNAPSHOT, rows))
        ids = list(map(_SNAPSHOT_ID, rows))
        self._where = dict(zip(ids, rows, strict=True))
        self._query_rows = {}
        self._widths = self._measure_places(rows, (7, 5))
        self._layout = None
        keep = self.highlighted.id if self.highlighted else None
        old = self._rows
        records: dict[str, _Row]
        if not old:  # the first paint (6,000 cached rows): every record is new, built in C-speed passes
            records = dict(zip(ids, map(_Record, snaps), strict=True))
        else:
            records = {}
            for snapshot_id, snap in zip(ids, snaps, strict=True):  # as SnapshotTable.sync: an unchanged
                before = old.get(snapshot_id)  # snapshot keeps its record
                records[snapshot_id] = before if before is not None and before.snap == snap else _Record(snap)
        self._set_rows(records)
        self._place_cursor(keep, fallback=self._cursor)

    def add_rows(self, rows: Sequence[AccountRow]) -> None:
        """Add the rows of newly listed shares, in O(new + shown): how the walk fills the table.

        Rows whose snapshot is already shown take the slow path (:meth:`set_rows`).
        """
        where = self._where
        if not where.keys().isdisjoint(row.snapshot.id for row in rows):
            incoming = {row.snapshot.id for row in rows}
            self.set_rows([*(r for r in where.values() if r.snapshot.id not in incoming), *rows])
            return
        if not rows:
            return
        keep = self.highlighted.id if self.highlighted else None
        records: dict[str, _Row] = {row.snapshot.id: _Record(row.snapshot) for row in rows}
        for row in rows:
            where[row.snapshot.id] = row
        self._rows.update(records)
        self._snapshots.update((sid, record.snap) for sid, record in records.items())
        column, reverse = self._sort_column, self._sort_reverse
        added = self._order(records.values(), column, reverse)
        if column == "created":
            self._ordered = _merged_by_created([*self._ordered, *added], reverse)
        else:
            self._ordered = self._order([*self._ordered, *added], column, reverse)
        old, new = self._natural, self._measure(records.values())
        natural = type(old)(
            max(old.name, new.name),
            max(old.type, new.type),
            max(old.status, new.status),
            max(old.description, new.description),
        )
        if natural != old:  # the layout cache is keyed on this object: replace it only when a width grew
            self._natural = natural
        widths = self._measure_places(rows, self._widths)
        if widths != self._widths:
            self._widths = widths
            self._layout = None
        self._set_visible(self._narrow(self._ordered))
        self._place_cursor(keep, fallback=self._cursor)

    def _position(self, snapshot_id: str) -> int | None:
        """As the share table's, but a single look-up after the rows changed scans the list (C speed,
        by identity) instead of indexing every row first: the walk's repaints each place the cursor once."""
        if self._index is not None:
            return self._index.get(snapshot_id)
        record = self._rows.get(snapshot_id)
        if record is None:
            return None
        try:
            return self._visible.index(record)
        except ValueError:  # filtered out
            return None

    @staticmethod
    def _measure_places(rows: Iterable[AccountRow], floor: tuple[int, int]) -> tuple[int, int]:
        """Widths of the Service and Share columns, measured once per share: a share's rows share its
        objects, so one C-speed pass over the rows picks one of each (6,000 rows, 200 shares)."""
        service, share = floor
        rows = list(rows)
        for row in dict(zip(map(id, map(_SHARE, rows)), rows, strict=True)).values():
            service = max(service, _width(row.service.label))
            share = max(share, _width(row.share.label))
        return (min(service, SERVICE_MAX), min(share, SHARE_MAX))

    @staticmethod
    def _measure(rows: Iterable[_Row]) -> _Natural:
        """As the share table's, with printable ASCII measured by length (most names; no sanitizing pass).

        Column by column over the whole set rather than row by row (types and statuses have a
        handful of distinct values): 6,000 rows in ~1 ms instead of ~13.
        """
        snaps = [row.snap for row in rows]
        if not snaps:
            return _Natural(6, 6, 8, 0)
        names = [s.name for s in snaps if s.name]
        name = max(_widest(names), 9 if len(names) < len(snaps) else 0)
        type_ = max(_width(short_type(kind)) for kind in {s.type for s in snaps})
        statuses = {s.status for s in snaps}
        status = max(_widest([value for value in statuses if value]), 1 if None in statuses or "" in statuses else 0)
        description = _widest([s.description for s in snaps if s.description])
        return _Natural(max(name, 6), max(type_, 6), max(status, 8), max(description, 13) if description else 0)

    # -- filter ---------------------------------------------------------------------------

    def set_filter(self, text: str) -> int:
        """Filter with the account language (:func:`efs_tui.core.query.parse_query`); returns how many rows match."""
        self._filter_text = text
        from efs_tui.core.query import parse_query

        zone = self.zone if self.zone is not None else (datetime.now().astimezone().tzinfo or UTC)
        query = parse_query(text, zone=zone)
        if [(t.text, t.negate) for t in query.terms] == [(t.text, t.negate) for t in self.parsed_filter.terms]:
            self._query = query
            return len(self._visible)
        keep = self.highlighted.id if self.highlighted else None
        self._query = query
        self._terms = parse_filter(text)  # non-empty while a filter is typed: "No snapshot matches …"
        self._set_visible(self._narrow(self._ordered))
        self._place_cursor(keep, fallback=0)
        return len(self._visible)

    def _narrow(self, rows: list[_Row]) -> list[_Row]:
        terms = self._query.terms if self._query is not None else ()
        if not terms:
            return list(rows)
        now = self._clock()
        by_id = self._query_rows
        if len(by_id) != len(self._where):  # built on the first filtered pass, not per repaint of the walk
            missing = [(sid, row) for sid, row in self._where.items() if sid not in by_id]
            by_id.update(zip((sid for sid, _ in missing), query_rows(row for _, row in missing), strict=True))
        kept = rows
        for term in terms:  # one tight pass per term, as the share table does
            test, negate = term.test, term.negate
            kept = [r for r in kept if test(by_id[r.snap.id], now) is not negate]
        return kept

    # -- sort -----------------------------------------------------------------------------

    def _order(self, rows: Iterable[_Row], column: str, reverse: bool) -> list[_Row]:
        if column == "created":
            return _by_created(rows, reverse)
        if column not in ("service", "share"):
            return super()._order(rows, column, reverse)
        where = self._where
        key = SORT_KEYS[column]
        ordered = _by_created(rows, True)
        ordered.sort(key=lambda r: key(where[r.snap.id]), reverse=reverse)  # type: ignore[arg-type,return-value]
        return ordered

    # -- layout ---------------------------------------------------------------------------

    def _compute_layout(self, width: int) -> _Layout:
        service_width, share_width = self._widths
        show_service = width >= ROOM_FOR_SERVICE
        extra = share_width + 1 + (service_width + 1 if show_service else 0)
        base = compute_layout(max(20, width - extra), self._natural)
        mark, *rest = base.columns
        added = ((("service", service_width),) if show_service else ()) + (("share", share_width),)
        return type(base)((mark, *added, *rest), base.age)

    def _cells(self, snap: Snapshot, now: datetime, age: AgeMode) -> dict[str, Text]:
        cells = super()._cells(snap, now, age)
        row = self._where.get(snap.id)
        if row is not None:
            cells["service"] = literal(row.service.label, "dim")
            cells["share"] = literal(row.share.label, "bold")
        else:
            cells["service"] = cells["share"] = Text("?")
        return cells


__all__ = ["AccountTable"]
