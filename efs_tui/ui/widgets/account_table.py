"""The account view's table: the share table's virtualised rows, with Service and Share columns.

It *is* a :class:`~efs_tui.ui.widgets.snapshot_table.SnapshotTable` (same drawing, cursor,
marks by snapshot id, keys and messages), told three things differently: the filter is the
account language of :mod:`efs_tui.core.query` (``share:web*``, ``age:>30d``…), two more
columns sort and show, and each row knows the service and share it was listed under.
Snapshot ids are unique across the account, so a mark or the cursor follows a snapshot
whichever share it lives in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text

from efs_tui.api.models import Snapshot
from efs_tui.core.account import SORT_COLUMNS, SORT_KEYS, AccountRow, created_key
from efs_tui.core.query import Query, QueryRow, parse_query
from efs_tui.ui.text import clean, literal
from efs_tui.ui.widgets.snapshot_table import SnapshotTable, compute_layout, parse_filter

if TYPE_CHECKING:
    from efs_tui.ui.widgets.snapshot_table import AgeMode, _Layout, _Row

SERVICE_MAX = 16
SHARE_MAX = 18
"""Caps of the two extra columns (longer names end with an ellipsis)."""
ROOM_FOR_SERVICE = 76
"""Below this many cells the Service column is left out (at 80x24 the share name says enough)."""


class AccountTable(SnapshotTable):
    """Every listed snapshot of the account; rows carry their service and share."""

    columns: ClassVar[tuple[str, ...]] = SORT_COLUMNS

    def __init__(self, *, clock: Callable[[], datetime], zone: tzinfo | None = None, id: str | None = None) -> None:
        super().__init__(clock=clock, zone=zone, id=id)
        self._where: dict[str, AccountRow] = {}
        """The row of every snapshot shown, by snapshot id."""
        self._query_rows: dict[str, QueryRow] = {}
        self._query = Query()
        self._widths = (7, 5)
        """Natural widths of the Service and Share columns."""

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
        return self._query

    # -- writing --------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[AccountRow]) -> None:
        """Show exactly ``rows``, keeping the cursor, marks, filter and sort of snapshots still there."""
        where = {row.snapshot.id: row for row in rows}
        old = self._where
        self._where = where
        self._query_rows = {
            sid: self._query_rows[sid] if old.get(sid) == row and sid in self._query_rows else row.query_row()
            for sid, row in where.items()
        }
        self._widths = (
            max(7, min(SERVICE_MAX, max((len(clean(r.service.label)) for r in rows), default=0))),
            max(5, min(SHARE_MAX, max((len(clean(r.share.label)) for r in rows), default=0))),
        )
        self._layout = None
        self.sync(row.snapshot for row in rows)

    # -- filter ---------------------------------------------------------------------------

    def set_filter(self, text: str) -> int:
        """Filter with the account language (:func:`efs_tui.core.query.parse_query`); returns how many rows match."""
        self._filter_text = text
        zone = self.zone if self.zone is not None else (datetime.now().astimezone().tzinfo or UTC)
        query = parse_query(text, zone=zone)
        if [(t.text, t.negate) for t in query.terms] == [(t.text, t.negate) for t in self._query.terms]:
            self._query = query
            return len(self._visible)
        keep = self.highlighted.id if self.highlighted else None
        self._query = query
        self._terms = parse_filter(text)  # non-empty while a filter is typed: "No snapshot matches …"
        self._set_visible(self._narrow(self._ordered))
        self._place_cursor(keep, fallback=0)
        return len(self._visible)

    def _narrow(self, rows: list[_Row]) -> list[_Row]:
        terms = self._query.terms
        if not terms:
            return list(rows)
        now = self._clock()
        by_id = self._query_rows
        kept = rows
        for term in terms:  # one tight pass per term, as the share table does
            test, negate = term.test, term.negate
            kept = [r for r in kept if test(by_id[r.snap.id], now) is not negate]
        return kept

    # -- sort -----------------------------------------------------------------------------

    def _order(self, rows: Iterable[_Row], column: str, reverse: bool) -> list[_Row]:
        if column not in ("service", "share"):
            return super()._order(rows, column, reverse)
        where = self._where
        key = SORT_KEYS[column]
        ordered = sorted(rows, key=lambda r: created_key(where[r.snap.id]), reverse=True)
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
