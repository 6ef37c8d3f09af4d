"""The virtualised snapshot table on its own: 10,000 rows, filter, sort, marks, messages.

A tiny host app mounts only the table, so these tests pin the widget's contract
(the API the screens call) without the emulator. Behaviour only: the timings are
measured by ``python -m tests.benchmarks``, never asserted here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot

from efs_tui.api.models import Snapshot
from efs_tui.ui.widgets import SnapshotTable
from efs_tui.ui.widgets.snapshot_table import COLUMNS, compact_age, compute_layout, parse_filter

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
TYPES = ("automatic", "manual", "system")
STATUSES = ("available",) * 7 + ("creating", "error", "deleting")


def make_snapshots(count: int = 10_000) -> list[Snapshot]:
    """``count`` snapshots, one hour apart (index 0 newest), with varied types, statuses and descriptions."""
    return [
        Snapshot(
            id=f"{i:08x}-0000-4000-8000-{i:012x}",
            name=f"daily.{i:05d}" if i % 3 == 0 else f"{TYPES[i % 3]}-{i:05d}",
            description=f"release {i % 7}" if i % 2 else None,
            type=TYPES[i % 3],
            status=STATUSES[i % len(STATUSES)],
            created_at=NOW - timedelta(hours=i + 1),
        )
        for i in range(count)
    ]


SNAPSHOTS = make_snapshots()


class TableApp(App[None]):
    """Only the table, focused, filled on mount."""

    def __init__(self, snapshots: list[Snapshot]) -> None:
        super().__init__()
        self.snapshots = snapshots

    def compose(self) -> ComposeResult:
        yield SnapshotTable(clock=lambda: NOW, zone=UTC, id="table")

    def on_mount(self) -> None:
        table = self.query_one(SnapshotTable)
        table.show(self.snapshots)
        table.focus()


Run = tuple[SnapshotTable, Pilot[Any], list[Message]]


async def start(
    test: Callable[[SnapshotTable, Pilot[Any], list[Message]], Any],
    snapshots: list[Snapshot] | None = None,
    size: tuple[int, int] = (120, 30),
) -> None:
    messages: list[Message] = []
    app = TableApp(SNAPSHOTS if snapshots is None else snapshots)
    async with app.run_test(size=size, message_hook=messages.append) as pilot:
        await pilot.pause()
        await test(app.query_one(SnapshotTable), pilot, messages)


def posted(messages: list[Message], kind: type[Message]) -> list[Any]:
    """Messages of ``kind``, once each (the hook sees a bubbling message at every node it visits)."""
    seen: set[int] = set()
    found = []
    for message in messages:
        if isinstance(message, kind) and id(message) not in seen:
            seen.add(id(message))
            found.append(message)
    return found


def line(table: SnapshotTable, y: int) -> str:
    """The text drawn on line ``y`` of the table (0 is the header)."""
    return table.render_line(y).text


# -- filling and moving ------------------------------------------------------------------------


async def test_fills_10000_rows_newest_first() -> None:
    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        assert table.row_count == table.visible_count == table.total_count == 10_000
        assert len(table.snapshots) == 10_000
        visible = table.visible_snapshots()
        assert visible == SNAPSHOTS  # generated newest first
        assert table.highlighted == SNAPSHOTS[0] and table.cursor_row == 0
        assert table.sort_column == "created" and table.sort_reverse is True
        assert "daily.00000" in line(table, 1)
        assert "Created ▼" in line(table, 0)

    await start(check)


async def test_keys_move_the_cursor_and_scroll() -> None:
    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        await pilot.press("j", "j", "down", "k")
        assert table.cursor_row == 2
        await pilot.press("G")
        assert table.cursor_row == 9_999 and table.highlighted == SNAPSHOTS[-1]
        await pilot.pause()
        assert table.scroll_y > 9_000  # the last row is on screen
        assert str(SNAPSHOTS[-1].name) in "".join(line(table, y) for y in range(1, table.size.height))
        await pilot.press("g")
        assert table.cursor_row == 0 and table.scroll_y == 0
        await pilot.press("pagedown")
        page = table.cursor_row
        assert page > 10
        await pilot.press("pagedown", "pageup")
        assert table.cursor_row == page
        await pilot.press("end")
        assert table.cursor_row == 9_999
        await pilot.press("home", "h", "l", "left", "right")
        assert table.cursor_row == 0

    await start(check)


async def test_highlighted_posted_on_change_only_and_chosen_on_enter() -> None:
    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        messages.clear()
        await pilot.press("j")
        await pilot.pause()
        assert [m.snapshot for m in posted(messages, SnapshotTable.Highlighted)] == [SNAPSHOTS[1]]
        messages.clear()
        table.sync(list(SNAPSHOTS))  # same data: nothing changed for the screen
        await pilot.press("enter")
        await pilot.pause()
        assert posted(messages, SnapshotTable.Highlighted) == []
        assert [m.snapshot for m in posted(messages, SnapshotTable.Chosen)] == [SNAPSHOTS[1]]

    await start(check)


async def test_empty_table() -> None:
    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        assert table.row_count == 0 and table.highlighted is None
        await pilot.press("j", "G", "enter", "space")
        assert table.highlighted is None and table.marked_ids == frozenset()
        assert posted(messages, SnapshotTable.Chosen) == []
        assert table.set_filter("x") == 0

    await start(check, snapshots=[])


# -- sync, upsert, remove ------------------------------------------------------------------------


async def test_sync_keeps_cursor_on_same_snapshot_when_a_newer_row_lands_above() -> None:
    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        await pilot.press("j", "j", "j")
        chosen = table.highlighted
        newer = Snapshot(id="new", name="made-elsewhere", type="manual", status="creating", created_at=NOW)
        table.sync([newer, *SNAPSHOTS])
        assert table.highlighted == chosen and table.cursor_row == 4
        assert table.visible_snapshots()[0] == newer
        table.upsert(replace(newer, status="available"))
        assert table.snapshots["new"].status == "available" and table.highlighted == chosen
        table.upsert(Snapshot(id="new2", name="mine", created_at=NOW + timedelta(seconds=1)), select=True)
        assert table.highlighted is not None and table.highlighted.id == "new2" and table.cursor_row == 0

    await start(check, snapshots=SNAPSHOTS[:50])


async def test_remove_keeps_position() -> None:
    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        await pilot.press("j", "j")
        victim = table.highlighted
        assert victim is not None
        table.remove_snapshot(victim.id)
        assert victim.id not in table.snapshots and table.cursor_row == 2
        assert table.highlighted == SNAPSHOTS[3]
        table.remove_snapshot("does-not-exist")
        assert table.row_count == 49

    await start(check, snapshots=SNAPSHOTS[:50])


# -- filter ---------------------------------------------------------------------------------------


def test_parse_filter_terms() -> None:
    terms = parse_filter("Daily  -type:System name: - desc:Rel foo:bar")
    assert [(t.needle, t.field, t.negate) for t in terms] == [
        ("daily", None, False),
        ("system", "type", True),
        ("rel", "description", False),
        ("foo:bar", None, False),
    ]
    assert parse_filter("   ") == ()


async def test_filter_syntax() -> None:
    def names(table: SnapshotTable) -> set[str]:
        return {s.name or "" for s in table.visible_snapshots()}

    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        daily = [s for s in SNAPSHOTS if s.name and "daily" in s.name]
        assert table.set_filter("DAILY") == len(daily) == table.visible_count
        assert table.filter_text == "DAILY" and table.total_count == 10_000
        assert table.visible_snapshots() == daily  # order kept
        # AND of terms; a bare term also matches type, status, description and id.
        both = [s for s in SNAPSHOTS if "manual" in (s.type or "") and s.status == "error"]
        assert table.set_filter("manual error") == len(both)
        assert table.set_filter(SNAPSHOTS[42].id[-12:]) == 1 and table.highlighted == SNAPSHOTS[42]
        assert table.set_filter("release") == len([s for s in SNAPSHOTS if s.description])
        # Field terms.
        assert table.set_filter("type:system") == len([s for s in SNAPSHOTS if s.type == "system"])
        assert table.set_filter("status:creat") == len([s for s in SNAPSHOTS if s.status == "creating"])
        assert table.set_filter("desc:release description:5") == len(
            [s for s in SNAPSHOTS if s.description == "release 5"]
        )
        assert table.set_filter("name:manual") == len([s for s in SNAPSHOTS if (s.name or "").startswith("manual")])
        assert table.set_filter(f"id:{SNAPSHOTS[7].id}") == 1
        # "name:available" looks only at names: none is called that.
        assert table.set_filter("name:available") == 0
        assert "No snapshot matches" in line(table, 1)
        # Negation, of a field term and of a bare term.
        assert table.set_filter("-type:system") == len([s for s in SNAPSHOTS if s.type != "system"])
        assert "system" not in {s.type for s in table.visible_snapshots()}
        assert table.set_filter("-daily -available") == len(
            [s for s in SNAPSHOTS if "daily" not in (s.name or "") and s.status != "available"]
        )
        # Half-typed terms do not blank the table.
        assert table.set_filter("name:") == 10_000
        assert table.set_filter("-") == 10_000
        assert table.set_filter("") == 10_000 and names(table) == {s.name for s in SNAPSHOTS}

    await start(check)


async def test_filter_keeps_cursor_on_same_snapshot_when_still_visible() -> None:
    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        table.select(SNAPSHOTS[30].id)  # daily.00030
        assert table.highlighted == SNAPSHOTS[30]
        table.set_filter("daily")
        assert table.highlighted == SNAPSHOTS[30] and table.cursor_row == 10
        table.set_filter("daily 3")  # still matches
        assert table.highlighted == SNAPSHOTS[30]
        table.set_filter("type:manual")  # no longer visible: first match
        assert table.cursor_row == 0 and table.highlighted == SNAPSHOTS[1]
        table.set_filter("")
        assert table.highlighted == SNAPSHOTS[1]
        await pilot.pause()
        assert [m.snapshot for m in posted(messages, SnapshotTable.Highlighted)][-1] == SNAPSHOTS[1]

    await start(check)


# -- sort -----------------------------------------------------------------------------------------


def _key(column: str) -> Callable[[Snapshot], Any]:
    if column == "created":
        return lambda s: s.created_at
    return lambda s: (getattr(s, column) or "").casefold()


@pytest.mark.parametrize("column", COLUMNS)
async def test_sort_each_column_both_ways(column: str) -> None:
    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        await pilot.press("j", "j", "j", "j", "j")
        chosen = table.highlighted
        for reverse in (False, True):
            table.sort_by(column, reverse)
            assert (table.sort_column, table.sort_reverse) == (column, reverse)
            keys = [_key(column)(s) for s in table.visible_snapshots()]
            assert keys == sorted(keys, reverse=reverse)
            assert table.highlighted == chosen
            header = line(table, 0)
            label = {"description": "Description", "id": "Id"}.get(column, column.capitalize())
            assert f"{label} {'▼' if reverse else '▲'}" in header
        await pilot.pause()
        changes = [(m.column, m.reverse) for m in posted(messages, SnapshotTable.SortChanged)]
        assert changes[-1] == (column, True)

    await start(check, size=(200, 30))


async def test_sort_defaults_cycle_and_reverse() -> None:
    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        table.sort_by("name")
        assert table.sort_reverse is False
        table.sort_by("created")
        assert table.sort_reverse is True
        table.cycle_sort()
        assert table.sort_column == "id" and table.sort_reverse is False
        table.reverse_sort()
        assert table.sort_column == "id" and table.sort_reverse is True
        table.cycle_sort()
        table.cycle_sort()
        assert table.sort_column == "name"
        with pytest.raises(ValueError):
            table.sort_by("size")
        # Filter and sort compose: the filtered rows come out in the new order.
        table.set_filter("type:manual")
        table.sort_by("name", reverse=True)
        names = [s.name for s in table.visible_snapshots()]
        assert names == sorted(names, reverse=True) and len(names) == table.visible_count

    await start(check, snapshots=SNAPSHOTS[:300])


async def test_click_header_sorts_and_click_row_selects_then_chooses() -> None:
    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        await pilot.click(SnapshotTable, offset=(4, 0))  # "Name" in the header
        assert table.sort_column == "name" and table.sort_reverse is False
        await pilot.click(SnapshotTable, offset=(4, 0))
        assert table.sort_reverse is True
        table.sort_by("created")
        await pilot.click(SnapshotTable, offset=(4, 3))
        assert table.cursor_row == 2
        await pilot.click(SnapshotTable, offset=(4, 3))
        await pilot.pause()
        assert [m.snapshot for m in posted(messages, SnapshotTable.Chosen)] == [SNAPSHOTS[2]]

    await start(check, snapshots=SNAPSHOTS[:20], size=(120, 20))


# -- marks ----------------------------------------------------------------------------------------


async def test_marks_survive_filter_sort_and_sync_and_drop_when_gone() -> None:
    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        await pilot.press("space", "space", "j", "space")
        assert table.cursor_row == 4
        assert table.marked_ids == {SNAPSHOTS[0].id, SNAPSHOTS[1].id, SNAPSHOTS[3].id}
        assert line(table, 1).startswith("●") and line(table, 3).startswith(" ")
        assert table.toggle_mark(SNAPSHOTS[1].id) is False
        assert table.toggle_mark() is True  # the highlighted one, SNAPSHOTS[4]
        marked = {SNAPSHOTS[i].id for i in (0, 3, 4)}
        assert table.marked_ids == marked
        table.set_filter("daily")  # hides 4
        assert table.marked_ids == marked
        table.sort_by("name")
        assert table.marked_ids == marked
        assert [s.id for s in table.marked_snapshots()] == [SNAPSHOTS[i].id for i in (0, 3, 4)]
        table.sort_by("created", reverse=False)
        assert [s.id for s in table.marked_snapshots()] == [SNAPSHOTS[i].id for i in (4, 3, 0)]
        table.sync(SNAPSHOTS[1:])  # SNAPSHOTS[0] is gone
        assert table.marked_ids == {SNAPSHOTS[3].id, SNAPSHOTS[4].id}
        table.remove_snapshot(SNAPSHOTS[3].id)
        assert table.marked_ids == {SNAPSHOTS[4].id}
        table.show(SNAPSHOTS)  # same share reloaded: the mark of a row still there is kept
        assert table.marked_ids == {SNAPSHOTS[4].id}
        table.clear_marks()
        assert table.marked_ids == frozenset() and table.marked_snapshots() == []
        table.set_filter("type:manual")
        table.mark_all_visible()
        assert table.marked_ids == {s.id for s in SNAPSHOTS if s.type == "manual"}
        await pilot.pause()
        counts = [m.count for m in posted(messages, SnapshotTable.MarksChanged)]
        assert counts[:5] == [1, 2, 3, 2, 3]
        assert counts[-2:] == [0, table.visible_count]

    await start(check, snapshots=SNAPSHOTS[:1000])


# -- drawing --------------------------------------------------------------------------------------


def test_layout_fits_80_columns_and_shows_everything_at_200() -> None:
    from efs_tui.ui.widgets.snapshot_table import _Natural

    natural = _Natural(name=21, type=6, status=9, description=30)
    narrow = compute_layout(48, natural)  # the table pane at 80x24
    assert [key for key, _ in narrow.columns] == ["mark", "name", "type", "status", "created"]
    assert sum(w for _, w in narrow.columns) + len(narrow.columns) - 1 <= 48
    assert narrow.age == "compact"
    wide = compute_layout(150, natural)
    assert [key for key, _ in wide.columns] == ["mark", "name", "type", "status", "created", "id", "description"]
    assert dict(wide.columns)["name"] == 21 and dict(wide.columns)["description"] == 30 and wide.age == "full"
    assert compact_age("3 h ago") == "3h" and compact_age("in 12 min") == "+12m" and compact_age("?") == "?"


async def test_narrow_rows_cut_names_with_ellipsis_and_show_age() -> None:
    long = [
        Snapshot(
            id="c1",
            name="a-very-long-snapshot-name-indeed",
            type="automatic",
            status="available",
            created_at=NOW - timedelta(hours=3),
        )
    ]

    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        row = line(table, 1)
        assert "a-very-long…" in row and " auto " in row and "available" in row and "03-02 06:30 3h" in row
        assert len(row) == table.scrollable_content_region.width

    await start(check, snapshots=long, size=(48, 6))


async def test_set_zone_redraws_dates() -> None:
    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        assert "03-02 08:30" in line(table, 1)
        table.set_zone(timezone(timedelta(hours=2)))
        assert "03-02 10:30" in line(table, 1)

    await start(check, snapshots=SNAPSHOTS[:3])
