"""The table of one share's snapshots: virtualised, filterable, sortable, with marks.

A share can hold 10,000 snapshots, and Textual's ``DataTable`` spends ~170 ms just
adding that many rows (it builds a ``Text`` per cell up front), so rebuilding it
on every filter keystroke cannot stay interactive. This widget is a
:class:`~textual.scroll_view.ScrollView` on the Line API instead (its cursor is
:class:`~efs_tui.ui.widgets.row_cursor.RowCursorView`'s, shared with the plan list): it keeps one
small record per snapshot (the snapshot and a lowercase haystack for filtering),
and ``render_line`` builds a :class:`~textual.strip.Strip` only for the rows on
screen. Filtering is a list comprehension over the haystacks, sorting is a
``list.sort``; neither touches anything Textual until the visible page is drawn.

Every string from the API is shown literally: cells are built with the helpers of
:mod:`efs_tui.ui.text` (``literal``, ``status_text``, …), which never parse markup
and make control characters visible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo
from typing import ClassVar, Literal, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from efs_tui.api.models import Snapshot, snapshot_status_group
from efs_tui.ui.text import clean, literal, local_time, relative, short_id, status_text
from efs_tui.ui.widgets.row_cursor import RowCursorView

Clock = Callable[[], datetime]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

COLUMNS: tuple[str, ...] = ("name", "type", "status", "created", "id", "description")
"""Sortable columns, in display order (``cycle_sort`` follows it)."""

HEADERS: dict[str, str] = {
    "mark": "",
    "name": "Name",
    "type": "Type",
    "status": "Status",
    "created": "Created",
    "id": "Id",
    "description": "Description",
    "service": "Service",
    "share": "Share",
}

DEFAULT_REVERSE: dict[str, bool] = {"created": True}
"""A column's first direction: dates newest first, text A→Z."""

FILTER_FIELDS: dict[str, str] = {
    "name": "name",
    "desc": "description",
    "description": "description",
    "id": "id",
    "type": "type",
    "status": "status",
}
"""``field:value`` prefixes understood by :meth:`SnapshotTable.set_filter`."""

NAME_MIN, NAME_MID, NAME_MAX = 12, 24, 48
"""Name column: guaranteed width, width before optional columns get room, cap."""
DESCRIPTION_MIN, DESCRIPTION_MAX = 12, 40
"""Descriptions are cut in the table; the detail panel shows them in full."""
STATUS_MAX = 16
DATE_WIDTH = 11
"""``MM-DD HH:MM``."""
AGE_FULL, AGE_COMPACT = 10, 4
"""``12 min ago`` / ``12m``: the age part of the Created column."""
ID_WIDTH = 8
MARK_GLYPH = "●"

_TYPE_SHORT = {"automatic": "auto", "manual": "manual", "system": "system"}
_AGE_UNITS = {"s": "s", "min": "m", "h": "h", "d": "d", "y": "y"}

AgeMode = Literal["full", "compact", "none"]


def short_type(value: str | None) -> str:
    """``automatic`` → ``auto``; unknown types are shown (cleaned) as they are."""
    if not value:
        return "?"
    return _TYPE_SHORT.get(value, clean(value))


def compact_age(rel: str) -> str:
    """``3 h ago`` → ``3h``, ``in 5 min`` → ``+5m``: an age that fits 80 columns."""
    future = rel.startswith("in ")
    amount = rel[3:] if future else rel.removesuffix(" ago")
    number, _, unit = amount.partition(" ")
    if unit not in _AGE_UNITS:
        return rel
    return f"{'+' if future else ''}{number}{_AGE_UNITS[unit]}"


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


# -- filtering ------------------------------------------------------------------------------


class FilterTerm(NamedTuple):
    """One whitespace-separated term of a filter: ``needle`` in ``field`` (any field if ``None``).

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    needle: str
    field: str | None = None
    negate: bool = False


def parse_filter(text: str) -> tuple[FilterTerm, ...]:
    """Split a filter into terms (all must match).

    ``daily``: any of name, description, id, type, status contains it (case-insensitive);
    ``name:x`` (also ``desc:``/``description:``, ``id:``, ``type:``, ``status:``): that field only;
    ``-term``: must not match. Terms that are still empty (``-``, ``name:``) are ignored so the
    table does not blank while the user is typing them. An unknown ``foo:bar`` is a plain term.
    """
    terms: list[FilterTerm] = []
    for raw in text.lower().split():
        negate = raw.startswith("-")
        body = raw[1:] if negate else raw
        field: str | None = None
        prefix, sep, rest = body.partition(":")
        if sep and prefix in FILTER_FIELDS:
            field, body = FILTER_FIELDS[prefix], rest
        if body:
            terms.append(FilterTerm(body, field, negate))
    return tuple(terms)


def _field_text(snap: Snapshot, field: str) -> str:
    value = getattr(snap, field)
    return value.lower() if value else ""


class _Row:
    """What the table keeps per snapshot: the snapshot and its lowercase haystack."""

    __slots__ = ("hay", "snap")

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        # Newlines keep a bare term from matching across two fields (terms never hold one).
        self.hay = "\n".join(
            (snap.name or "", snap.description or "", snap.id, snap.type or "", snap.status or "")
        ).lower()


def _apply_terms(rows: list[_Row], terms: tuple[FilterTerm, ...]) -> list[_Row]:
    """Narrow ``rows`` one term at a time: each pass is a tight comprehension (AND semantics)."""
    for term in terms:
        needle, field = term.needle, term.field
        if field is None and term.negate:
            rows = [r for r in rows if needle not in r.hay]
        elif field is None:
            rows = [r for r in rows if needle in r.hay]
        elif term.negate:
            rows = [r for r in rows if needle not in _field_text(r.snap, field)]
        else:
            rows = [r for r in rows if needle in _field_text(r.snap, field)]
    return rows


# -- sorting --------------------------------------------------------------------------------


def _created_key(row: _Row) -> tuple[datetime, str]:
    return (row.snap.created_at or _EPOCH, row.snap.id)


def _text_key(field: str) -> Callable[[_Row], str]:
    def key(row: _Row) -> str:
        value = getattr(row.snap, field)
        return value.casefold() if value else ""

    return key


_SORT_KEYS: dict[str, Callable[[_Row], object]] = {
    "name": _text_key("name"),
    "type": _text_key("type"),
    "status": _text_key("status"),
    "description": _text_key("description"),
    "id": _text_key("id"),
}


def _sorted(rows: Iterable[_Row], column: str, reverse: bool) -> list[_Row]:
    """Sort by ``column``; ties keep newest-first then id order, so the order is deterministic."""
    ordered = sorted(rows, key=_created_key, reverse=column != "created" or reverse)
    if column != "created":
        ordered.sort(key=_SORT_KEYS[column], reverse=reverse)  # type: ignore[arg-type]
    return ordered


# -- layout ---------------------------------------------------------------------------------


class _Natural(NamedTuple):
    """Widest value of each variable-width column over all rows (capped later).

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    name: int = 6
    type: int = 6
    status: int = 8
    description: int = 0


class _Layout(NamedTuple):
    """A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms)."""

    columns: tuple[tuple[str, int], ...]
    age: AgeMode


def compute_layout(width: int, natural: _Natural) -> _Layout:
    """Fit the columns into ``width`` cells, most useful first.

    Always: mark, Name (at least ``NAME_MIN``), Type, Status, Created date. Then, as room
    allows: the age (compact, then full), a longer name, Id, Description, the full name.
    At 80x24 (a ~48-cell pane) this gives ``● daily.2026-… auto available 03-02 00:10 9h``.
    """
    name_nat = min(natural.name, NAME_MAX)
    status = min(natural.status, STATUS_MAX)
    widths: dict[str, int] = {
        "mark": 1,
        "name": min(name_nat, NAME_MIN),
        "type": natural.type,
        "status": status,
        "created": DATE_WIDTH,
    }

    def free() -> int:
        return width - sum(widths.values()) - (len(widths) - 1)

    if free() < 0:
        widths["name"] = max(3, widths["name"] + free())
    age: AgeMode = "none"
    if free() >= 1 + AGE_COMPACT:
        age = "compact"
        widths["created"] += 1 + AGE_COMPACT
    widths["name"] += max(0, min(min(name_nat, NAME_MID) - widths["name"], free()))
    if age == "compact" and free() >= AGE_FULL - AGE_COMPACT:
        age = "full"
        widths["created"] += AGE_FULL - AGE_COMPACT
    if free() >= 1 + ID_WIDTH:
        widths["id"] = ID_WIDTH
    desc_nat = min(natural.description, DESCRIPTION_MAX)
    if desc_nat and free() >= 1 + min(desc_nat, DESCRIPTION_MIN):
        widths["description"] = min(desc_nat, free() - 1)
    widths["name"] += max(0, min(name_nat - widths["name"], free()))
    if "description" in widths:
        widths["description"] += max(0, min(desc_nat - widths["description"], free()))
    order = ("mark", "name", "type", "status", "created", "id", "description")
    return _Layout(tuple((key, widths[key]) for key in order if key in widths), age)


# -- the widget -----------------------------------------------------------------------------


class SnapshotTable(RowCursorView, can_focus=True):
    """Snapshots of the selected share; rows are identified by snapshot id.

    Args:
        clock: where "now" comes from (injected so pictures are deterministic).
        zone: time zone for dates; ``None`` is the machine's local zone.
        id: the widget id.
    """

    BINDINGS: ClassVar[list[BindingType]] = [  # and the cursor keys of RowCursorView
        Binding("enter", "choose", "Inspect", show=False),
        Binding("space", "toggle_mark_down", "Mark", show=False),
        Binding("h,l,left,right", "ignore", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | j, k, up, down | Move between snapshots. |
    | g, G, home, end | First / last snapshot. |
    | pageup, pagedown | One page up / down. |
    | enter | Inspect (fetch fresh state) and show the detail panel. |
    | space | Mark / unmark the snapshot for a bulk action, then move down. |
    """

    columns: ClassVar[tuple[str, ...]] = COLUMNS
    """Sortable columns (a subclass with more columns, e.g. the account table, widens it)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "snapshot-table--header",
        "snapshot-table--cursor",
        "snapshot-table--even-row",
        "snapshot-table--mark",
        "snapshot-table--empty",
    }
    """
    | Class | Description |
    | :- | :- |
    | `snapshot-table--header` | The fixed header line. |
    | `snapshot-table--cursor` | The highlighted row. |
    | `snapshot-table--even-row` | Zebra stripes. |
    | `snapshot-table--mark` | The mark glyph of marked rows. |
    | `snapshot-table--empty` | "No snapshot matches" when a filter hides every row. |
    """

    DEFAULT_CSS = """
    SnapshotTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        &:focus {
            background-tint: $foreground 5%;
            & > .snapshot-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .snapshot-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .snapshot-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .snapshot-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .snapshot-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .snapshot-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .snapshot-table--mark {
            color: $accent;
            text-style: bold;
        }
        & > .snapshot-table--empty {
            color: $text-muted;
            text-style: italic;
        }
    }
    """

    class Highlighted(Message):
        """The cursor moved to another snapshot (or to none), or the highlighted one changed.

        Screens listen to this rather than to the widget's internals, so the table's
        implementation can change freely.
        """

        def __init__(self, snapshot: Snapshot | None) -> None:
            super().__init__()
            self.snapshot = snapshot

    class Chosen(Message):
        """Enter was pressed on a snapshot (or a highlighted row was clicked again)."""

        def __init__(self, snapshot: Snapshot) -> None:
            super().__init__()
            self.snapshot = snapshot

    class SortChanged(Message):
        """The sort column or direction changed (``reverse`` is descending: newest / Z first)."""

        def __init__(self, column: str, reverse: bool) -> None:
            super().__init__()
            self.column = column
            self.reverse = reverse

    class MarksChanged(Message):
        """The set of marked snapshots changed; ``count`` marks remain."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    def __init__(self, *, clock: Clock, zone: tzinfo | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock
        """Where "now" comes from; ages are computed when a line is drawn."""
        self.zone = zone
        """Time zone for dates; ``None`` is the machine's local zone."""
        self.zebra_stripes = True
        """Shade every other row."""
        self._rows: dict[str, _Row] = {}
        """Every snapshot shown (before the filter), by id."""
        self._snapshots: dict[str, Snapshot] = {}
        """The same, as snapshots: what :attr:`snapshots` returns without copying."""
        self._ordered: list[_Row] = []
        """All rows in sort order."""
        self._visible: list[_Row] = []
        """The rows that pass the filter, in sort order: what is drawn."""
        self._index: dict[str, int] | None = None
        """Position of each visible id (built lazily, dropped when ``_visible`` changes)."""
        self._marks: set[str] = set()
        self._filter_text = ""
        self._terms: tuple[FilterTerm, ...] = ()
        self._sort_column = "created"
        self._sort_reverse = True
        self._natural = _Natural()
        self._layout: tuple[int, _Natural, _Layout] | None = None
        """Last layout, with the width and natural widths it was computed for."""
        self._last_highlighted: Snapshot | None = None
        """What the last :class:`Highlighted` message said, so it is posted only on change."""

    # -- reading --------------------------------------------------------------------------

    @property
    def snapshots(self) -> dict[str, Snapshot]:
        """Every snapshot shown (ignoring the filter), by id, in no particular order (do not mutate)."""
        return self._snapshots

    @property
    def highlighted(self) -> Snapshot | None:
        """The snapshot under the cursor, if any."""
        if 0 <= self._cursor < len(self._visible):
            return self._visible[self._cursor].snap
        return None

    @property
    def cursor_row(self) -> int:
        """Position of the cursor among the visible rows (0 when there is none)."""
        return self._cursor

    @property
    def row_count(self) -> int:
        """Rows on display (after the filter); same as :attr:`visible_count`."""
        return len(self._visible)

    @property
    def visible_count(self) -> int:
        """Rows that pass the filter."""
        return len(self._visible)

    @property
    def total_count(self) -> int:
        """Rows before the filter."""
        return len(self._rows)

    @property
    def filter_text(self) -> str:
        """The filter as typed (``""``: no filter)."""
        return self._filter_text

    @property
    def sort_column(self) -> str:
        """One of :data:`COLUMNS`."""
        return self._sort_column

    @property
    def shown_columns(self) -> tuple[str, ...]:
        """The :data:`COLUMNS` drawn at the current width (a narrow table leaves out id and description)."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return COLUMNS
        return tuple(key for key, _ in self._get_layout(width).columns if key in COLUMNS)

    @property
    def sort_reverse(self) -> bool:
        """``True``: descending (newest first for ``created``, Z→A for text)."""
        return self._sort_reverse

    @property
    def marked_ids(self) -> frozenset[str]:
        """Ids of the marked snapshots (including rows the filter hides)."""
        return frozenset(self._marks)

    def marked_snapshots(self) -> list[Snapshot]:
        """The marked snapshots in display order, including those the filter hides."""
        if not self._marks:
            return []
        return [row.snap for row in self._ordered if row.snap.id in self._marks]

    def visible_snapshots(self) -> list[Snapshot]:
        """The snapshots that pass the filter, in display order."""
        return [row.snap for row in self._visible]

    def row_text(self, snapshot_id: str) -> dict[str, Text] | None:
        """The cells of one row as literal :class:`Text`, by column, uncut (``None`` if not shown)."""
        row = self._rows.get(snapshot_id)
        if row is None:
            return None
        return self._cells(row.snap, self._clock(), "full")

    # -- writing --------------------------------------------------------------------------

    def show(self, snapshots: Iterable[Snapshot], keep: str | None = None) -> None:
        """Replace every row (a new share); cursor on ``keep`` if shown, else on the first row.

        Filter, sort and marks of snapshots still present are kept.
        """
        self._set_rows({s.id: _Row(s) for s in snapshots})
        self._cursor = 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self._place_cursor(keep, fallback=0)

    def sync(self, snapshots: Iterable[Snapshot]) -> None:
        """Bring the rows in line with a fresh list (a refresh), keeping the cursor on its snapshot.

        Unchanged snapshots keep their row record, so a refresh of 10,000 rows costs one
        comparison each; if the highlighted snapshot is gone the cursor stays at its position.
        """
        keep = self.highlighted.id if self.highlighted else None
        old = self._rows
        rows: dict[str, _Row] = {}
        for snap in snapshots:
            before = old.get(snap.id)
            rows[snap.id] = before if before is not None and before.snap == snap else _Row(snap)
        self._set_rows(rows)
        self._place_cursor(keep, fallback=self._cursor)

    def upsert(self, snap: Snapshot, *, select: bool = False) -> None:
        """Show one new or changed snapshot in place (``select``: move the cursor to it)."""
        keep = snap.id if select else (self.highlighted.id if self.highlighted else None)
        before = self._rows.get(snap.id)
        if before is not None and before.snap == snap:
            self._place_cursor(keep, fallback=self._cursor)
            return
        rows = dict(self._rows)
        rows[snap.id] = _Row(snap)
        self._set_rows(rows)
        self._place_cursor(keep, fallback=self._cursor)

    def remove_snapshot(self, snapshot_id: str) -> None:
        """Drop one row; the cursor stays at the same position (on the next row)."""
        row = self._rows.pop(snapshot_id, None)
        if row is None:
            return
        del self._snapshots[snapshot_id]
        self._ordered = [r for r in self._ordered if r is not row]
        self._set_visible([r for r in self._visible if r is not row])
        if snapshot_id in self._marks:
            self._marks.discard(snapshot_id)
            self.post_message(self.MarksChanged(len(self._marks)))
        self._place_cursor(None, fallback=self._cursor)

    def select(self, snapshot_id: str | None) -> None:
        """Move the cursor to ``snapshot_id`` when it is shown; otherwise leave it."""
        self._place_cursor(snapshot_id, fallback=self._cursor)

    def set_zone(self, zone: tzinfo | None) -> None:
        """Show dates in ``zone`` (``None``: local); only a redraw, nothing is recomputed."""
        self.zone = zone
        self.refresh()

    # -- filter ---------------------------------------------------------------------------

    def set_filter(self, text: str) -> int:
        """Show only the rows matching ``text`` (see :func:`parse_filter`); returns how many.

        The cursor stays on the highlighted snapshot when it still matches, else goes to the first row.
        """
        self._filter_text = text
        terms = parse_filter(text)
        if terms == self._terms:
            return len(self._visible)
        keep = self.highlighted.id if self.highlighted else None
        self._terms = terms
        self._set_visible(self._narrow(self._ordered))
        self._place_cursor(keep, fallback=0)
        return len(self._visible)

    # -- sort -----------------------------------------------------------------------------

    def sort_by(self, column: str, reverse: bool | None = None) -> None:
        """Sort by ``column`` (one of :data:`COLUMNS`); ``reverse=None`` is the column's natural direction.

        Raises:
            ValueError: for an unknown column.
        """
        if column not in self.columns:
            raise ValueError(f"unknown column {column!r}; choose one of {', '.join(self.columns)}")
        direction = DEFAULT_REVERSE.get(column, False) if reverse is None else reverse
        if (column, direction) == (self._sort_column, self._sort_reverse):
            return
        self._sort_column, self._sort_reverse = column, direction
        keep = self.highlighted.id if self.highlighted else None
        self._ordered = self._order(self._ordered, column, direction)
        self._set_visible(self._narrow(self._ordered))
        self._place_cursor(keep, fallback=0)
        self._layout = None  # the header's arrow moved
        self.post_message(self.SortChanged(column, direction))

    def cycle_sort(self) -> None:
        """Sort by the next column (display order), in its natural direction."""
        self.sort_by(self.columns[(self.columns.index(self._sort_column) + 1) % len(self.columns)])

    def reverse_sort(self) -> None:
        """Flip the direction of the current sort."""
        self.sort_by(self._sort_column, not self._sort_reverse)

    # -- marks ----------------------------------------------------------------------------

    def toggle_mark(self, snapshot_id: str | None = None) -> bool:
        """Mark or unmark ``snapshot_id`` (default: the highlighted one); returns whether it is now marked."""
        if snapshot_id is None:
            snap = self.highlighted
            if snap is None:
                return False
            snapshot_id = snap.id
        if snapshot_id not in self._rows:
            return False
        marked = snapshot_id not in self._marks
        if marked:
            self._marks.add(snapshot_id)
        else:
            self._marks.discard(snapshot_id)
        position = self._position(snapshot_id)
        if position is not None:
            self._refresh_row(position, round(self.scroll_y))  # only its mark glyph changed
        self.post_message(self.MarksChanged(len(self._marks)))
        return marked

    def clear_marks(self) -> None:
        """Unmark everything."""
        if self._marks:
            self._marks.clear()
            self.refresh()
            self.post_message(self.MarksChanged(0))

    def mark_all_visible(self) -> None:
        """Mark every row that passes the filter."""
        before = len(self._marks)
        self._marks.update(row.snap.id for row in self._visible)
        if len(self._marks) != before:
            self.refresh()
            self.post_message(self.MarksChanged(len(self._marks)))

    # -- internals ------------------------------------------------------------------------

    def _set_rows(self, rows: dict[str, _Row]) -> None:
        """Adopt a new row set: sort, filter, measure, drop marks of vanished snapshots."""
        self._rows = rows
        self._snapshots = {sid: row.snap for sid, row in rows.items()}
        self._ordered = self._order(rows.values(), self._sort_column, self._sort_reverse)
        self._set_visible(self._narrow(self._ordered))
        self._natural = self._measure(rows.values())
        gone = [sid for sid in self._marks if sid not in rows]
        if gone:
            self._marks.difference_update(gone)
            self.post_message(self.MarksChanged(len(self._marks)))

    # Hooks: the account table filters, sorts and lays out its rows its own way, on this same table.

    def _narrow(self, rows: list[_Row]) -> list[_Row]:
        """The rows that pass the filter, in their order."""
        return _apply_terms(rows, self._terms) if self._terms else list(rows)

    def _order(self, rows: Iterable[_Row], column: str, reverse: bool) -> list[_Row]:
        return _sorted(rows, column, reverse)

    def _compute_layout(self, width: int) -> _Layout:
        return compute_layout(width, self._natural)

    @staticmethod
    def _measure(rows: Iterable[_Row]) -> _Natural:
        name = type_ = status = description = 0
        for row in rows:
            snap = row.snap
            name = max(name, _width(clean(snap.name)) if snap.name else 9)
            type_ = max(type_, _width(short_type(snap.type)))
            status = max(status, _width(clean(snap.status)) if snap.status else 1)
            if snap.description:
                description = max(description, _width(clean(snap.description)))
        # Floors: the header label plus its sort arrow ("Status ▲") always fits.
        return _Natural(max(name, 6), max(type_, 6), max(status, 8), max(description, 13) if description else 0)

    def _set_visible(self, rows: list[_Row]) -> None:
        self._visible = rows
        self._index = None
        self.virtual_size = Size(0, len(rows) + 1)
        self.refresh()

    def _position(self, snapshot_id: str) -> int | None:
        if self._index is None:
            self._index = {row.snap.id: i for i, row in enumerate(self._visible)}
        return self._index.get(snapshot_id)

    def _place_cursor(self, snapshot_id: str | None, *, fallback: int) -> None:
        """Cursor on ``snapshot_id`` if visible, else at ``fallback`` (clamped)."""
        position = self._position(snapshot_id) if snapshot_id is not None else None
        self._cursor = max(0, min(fallback if position is None else position, len(self._visible) - 1))
        self._cursor_moved()

    def _highlight_moved(self) -> None:
        snap = self.highlighted
        last = self._last_highlighted
        if snap is not last and snap != last:
            self._last_highlighted = snap
            self.post_message(self.Highlighted(snap))

    def on_resize(self, event: events.Resize) -> None:
        self._layout = None
        self._scroll_to_cursor()

    # -- drawing --------------------------------------------------------------------------

    def _get_layout(self, width: int) -> _Layout:
        cached = self._layout
        if cached is not None and cached[0] == width and cached[1] is self._natural:
            return cached[2]
        layout = self._compute_layout(width)
        self._layout = (width, self._natural, layout)
        return layout

    def _cells(self, snap: Snapshot, now: datetime, age: AgeMode) -> dict[str, Text]:
        """One row's cells, built with the literal-text helpers (never markup)."""
        created = local_time(snap.created_at, self.zone)
        date = created[5:] if snap.created_at is not None else created
        if age == "none":
            when = Text(date, no_wrap=True)
        else:
            rel = relative(snap.created_at, now)
            when = Text.assemble(date, " ", (compact_age(rel) if age == "compact" else rel, "dim"), no_wrap=True)
        return {
            "name": literal(snap.name or "(no name)", "" if snap.name else "dim italic"),
            "type": literal(short_type(snap.type)),
            "status": status_text(snap.status, snapshot_status_group(snap.status)),
            "created": when,
            "id": Text(short_id(snap.id), style="dim", no_wrap=True),
            "description": literal(snap.description or ""),
        }

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the widget: the header on line 0, then the visible page of rows."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        if width <= 0:
            return Strip.blank(0, base)
        layout = self._get_layout(width)
        if y == 0:
            return self._header_strip(layout, width, base)
        index = round(self.scroll_y) + y - 1
        if 0 <= index < len(self._visible):
            return self._row_strip(index, layout, width, base)
        if index == 0 and self._rows and self._terms:
            style = base + self.get_component_rich_style("snapshot-table--empty")
            message = Text(f" No snapshot matches {clean(self._filter_text)!r}", no_wrap=True)
            message.truncate(width, overflow="ellipsis", pad=True)
            return Strip(Segment.apply_style(message.render(self.app.console), style), width)
        return Strip.blank(width, base)

    def _header_strip(self, layout: _Layout, width: int, base: Style) -> Strip:
        style = base + self.get_component_rich_style("snapshot-table--header")
        parts: list[str] = []
        for key, cell_width in layout.columns:
            label = HEADERS[key]
            if key == self._sort_column:
                label += " ▼" if self._sort_reverse else " ▲"
            text = Text(label, no_wrap=True)
            text.truncate(cell_width, overflow="ellipsis", pad=True)
            parts.append(text.plain)
        return Strip([Segment(" ".join(parts), style)]).adjust_cell_length(width, style)

    def _row_strip(self, index: int, layout: _Layout, width: int, base: Style) -> Strip:
        row = self._visible[index]
        snap = row.snap
        is_cursor = index == self._cursor
        row_style = base
        if self.zebra_stripes and index % 2 and not is_cursor:
            row_style = base + self.get_component_rich_style("snapshot-table--even-row")
        cells = self._cells(snap, self._clock(), layout.age)
        line = Text(no_wrap=True, end="")
        for position, (key, cell_width) in enumerate(layout.columns):
            if position:
                line.append(" ")
            if key == "mark":
                marked = snap.id in self._marks
                line.append(MARK_GLYPH if marked else " ", self.get_component_rich_style("snapshot-table--mark"))
                continue
            cell = cells[key]
            cell.truncate(cell_width, overflow="ellipsis", pad=True)
            line.append_text(cell)
        segments = line.render(self.app.console)
        cursor = self.get_component_rich_style("snapshot-table--cursor") if is_cursor else None
        strip = Strip(Segment.apply_style(segments, row_style, cursor))
        return strip.adjust_cell_length(width, row_style + cursor if cursor else row_style)

    # -- mouse ----------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        """Header: sort by that column (again: reverse). Row: highlight it; the highlighted row: choose it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        if offset.y == 0:
            left = 0
            for key, cell_width in self._get_layout(self.scrollable_content_region.width).columns:
                if left <= offset.x < left + cell_width + 1 and key in self.columns:
                    if key == self._sort_column:
                        self.reverse_sort()
                    else:
                        self.sort_by(key)
                    return
                left += cell_width + 1
            return
        index = round(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self._visible):
            if index == self._cursor:
                self.action_choose()
            else:
                self.move_cursor(row=index)

    # -- actions --------------------------------------------------------------------------

    def action_choose(self) -> None:
        """Enter: tell the screen to inspect the highlighted snapshot."""
        snap = self.highlighted
        if snap is not None:
            self.post_message(self.Chosen(snap))

    def action_toggle_mark_down(self) -> None:
        """Space: mark or unmark the highlighted snapshot, then move to the next one."""
        if self.highlighted is not None:
            self.toggle_mark()
            self.action_cursor_down()

    def action_ignore(self) -> None:
        """h/l/←/→ do nothing here (the table has no columns to move between); swallowing them
        keeps a screen-level binding of the same key from firing while the table has focus."""
