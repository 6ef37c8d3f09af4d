"""The account table filled share by share (as the walk answers) shows what one full fill shows.

The walk's repaints take shortcuts: columns measured over the whole set at once, a date sort
with the key read in C, the cursor placed by one list scan. Each must leave the same screen as
setting every row at once.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.geometry import Region

from efs_tui.api.models import Service, Share, Snapshot
from efs_tui.core.account import AccountRow, rows_for_share
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.account_table import AccountTable, _Record
from efs_tui.ui.widgets.snapshot_table import _Natural, short_type

from .conftest import BASE_TIME

NAMES = [None, "", "nightly", "名前のスナップ", "evil\x1b[31mred", "x" * 70, "tab\there", "ascii-name"]
TYPES = [None, "manual", "automatic", "system", "future\x07type"]
STATUSES = [None, "", "available", "error", "creat\u200bing"]
DESCRIPTIONS = [None, "", "short", "説明 wide", "ctrl\x1bchar", "d" * 40]


def snapshot(index: int, *, days: float, name: str | None = "s", created: bool = True) -> Snapshot:
    return Snapshot(
        str(uuid.UUID(int=index + 1)),
        name=name,
        description=DESCRIPTIONS[index % len(DESCRIPTIONS)],
        type=TYPES[index % len(TYPES)],
        status=STATUSES[index % len(STATUSES)],
        created_at=BASE_TIME - timedelta(days=days) if created else None,
    )


def shares(count: int, per_share: int, *, undated: bool = False) -> list[list[AccountRow]]:
    """Shares whose snapshots interleave in time, so later shares land above and below the page."""
    service = Service(str(uuid.UUID(int=10**6)), name="svc")
    listed = []
    for number in range(count):
        share = Share(str(uuid.UUID(int=10**6 + number + 1)), name=f"share-{number}")
        snaps = [
            snapshot(
                number * per_share + i,
                days=(i * count + number * 7 % count) / 3,
                name=NAMES[(number + i) % len(NAMES)],
                created=not (undated and i == 3),
            )
            for i in range(per_share)
        ]
        listed.append(rows_for_share(service, share, snaps))
    return listed


def natural_row_by_row(snaps: list[Snapshot]) -> _Natural:
    """The measure as written before, one row at a time: the reference for the set-wide one."""

    def width(text: str) -> int:
        return len(text) if text.isascii() and text.isprintable() else cell_len(clean(text))

    name = type_ = status = description = 0
    for snap in snaps:
        name = max(name, width(snap.name) if snap.name else 9)
        type_ = max(type_, width(short_type(snap.type)))
        status = max(status, width(snap.status) if snap.status else 1)
        if snap.description:
            description = max(description, width(snap.description))
    return _Natural(max(name, 6), max(type_, 6), max(status, 8), max(description, 13) if description else 0)


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield AccountTable(clock=lambda: BASE_TIME, zone=UTC, id="filled")


def screen_lines(table: AccountTable) -> list[str]:
    """What the table has on screen: its lines as last rendered (kept until a repaint is asked for)."""
    return [strip.text for strip in table.render_lines(Region(0, 0, table.size.width, table.size.height))]


def test_column_widths_measured_over_the_set_match_row_by_row() -> None:
    snaps = [
        Snapshot(
            str(uuid.UUID(int=i + 1)),
            name=NAMES[i % len(NAMES)],
            description=DESCRIPTIONS[i % len(DESCRIPTIONS)],
            type=TYPES[i % len(TYPES)],
            status=STATUSES[i % len(STATUSES)],
        )
        for i in range(len(NAMES) * len(TYPES) * len(STATUSES))
    ]
    for subset in (snaps, snaps[:1], [s for s in snaps if s.name], [s for s in snaps if s.name and s.name.isascii()]):
        assert AccountTable._measure([_Record(s) for s in subset]) == natural_row_by_row(subset)
    assert AccountTable._measure([]) == natural_row_by_row([])


async def test_filled_share_by_share_the_screen_matches_one_full_fill() -> None:
    for undated in (False, True):
        listed = shares(12, 9, undated=undated)
        every = [row for share in listed for row in share]
        app = TableApp()
        async with app.run_test(size=(110, 20)) as pilot:
            table = app.query_one(AccountTable)
            table.focus()
            for share in listed:
                table.add_rows(share)
                await pilot.pause()
            highlighted, top = table.highlighted, table.scroll_y
            assert highlighted is not None
            progressive = screen_lines(table), [s.id for s in table.visible_snapshots()]
            table.set_rows([])
            await pilot.pause()
            table.set_rows(every)
            table.select(highlighted.id)
            table.scroll_to(y=top, animate=False, immediate=True)
            await pilot.pause()
            assert (screen_lines(table), [s.id for s in table.visible_snapshots()]) == progressive
            created = [s.created_at or datetime(1970, 1, 1, tzinfo=UTC) for s in table.visible_snapshots()]
            assert created == sorted(created, reverse=True)


async def test_the_cursor_stays_on_its_snapshot_while_shares_arrive() -> None:
    listed = shares(10, 8)
    app = TableApp()
    async with app.run_test(size=(110, 20)) as pilot:
        table = app.query_one(AccountTable)
        table.focus()
        table.add_rows(listed[0])
        await pilot.pause()
        await pilot.press("down", "down", "down")
        chosen = table.highlighted
        assert chosen is not None
        for share in listed[1:]:
            table.add_rows(share)
            await pilot.pause()
            assert table.highlighted == chosen
            assert 0 <= table.cursor_row - round(table.scroll_y) < table.size.height - 1  # on the page
