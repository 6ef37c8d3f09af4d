"""Slow SSH links: a keystroke repaints only the screen lines whose content changed.

The spy records what the compositor hands to the terminal (the rows of each update), the
very thing that costs bytes over the link; ``python -m tests.benchmarks --only 8`` counts
the bytes themselves in a real pty.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from rich.console import RenderableType
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from efs_tui.api.models import Snapshot
from efs_tui.ui.widgets import SnapshotTable

from .conftest import BASE_TIME, AppFactory, fixed_clock
from .helpers import wait_ready


class PaintedRows:
    """Screen rows in every update the app sends to its terminal (headless: recorded, not written)."""

    def __init__(self, app: App[Any]) -> None:
        self.rows: set[int] = set()
        display = app._display

        def spy(screen: Screen[Any], renderable: RenderableType | None) -> None:
            if isinstance(renderable, ChopsUpdate):
                self.rows.update(y for y, _, _ in renderable.spans)
            elif isinstance(renderable, LayoutUpdate):
                self.rows.update(range(renderable.region.y, renderable.region.bottom))
            display(screen, renderable)

        app._display = spy  # type: ignore[method-assign]

    def take(self) -> set[int]:
        rows, self.rows = self.rows, set()
        return rows


def _table_row_y(table: SnapshotTable, index: int) -> int:
    """Screen row of visible row ``index`` (under the table's header line)."""
    return table.content_region.y + 1 + index - round(table.scroll_y)


async def test_cursor_move_repaints_two_rows_and_only_changed_detail_lines(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, SnapshotTable)
        table, detail = screen.table, screen.detail
        await pilot.press("down")  # the first snapshot with a longer detail: the panel grows once
        await pilot.pause()
        painted = PaintedRows(app)
        table_rows = set(range(table.content_region.y, table.content_region.bottom))
        panel = detail.region
        body = screen.query_one("#detail-body")
        untouched = {
            screen.query_one("#snap-header").region.y,
            screen.query_one(Footer).region.y,
            screen.query_one("#header").region.y,
        }
        partial = 0
        for _ in range(8):
            before, height = table.cursor_row, body.size.height
            await pilot.press("down")
            await pilot.pause()
            rows = painted.take()
            after = table.cursor_row
            assert rows & table_rows == {_table_row_y(table, before), _table_row_y(table, after)}
            assert not rows & untouched
            if body.size.height == height:  # same height: only changed lines, never the borders
                partial += 1
                assert rows - table_rows <= set(range(panel.y + 1, panel.bottom - 1))
                assert len(rows - table_rows) < panel.height - 2
            snap = table.highlighted
            assert snap is not None and snap.name is not None
            assert detail.snapshot == snap
            # What the terminal shows is the new snapshot's detail: no line was left stale.
            assert snap.name in app.export_screenshot() and snap.id in app.export_screenshot()
        assert partial >= 3


async def test_marking_repaints_the_marked_row_and_the_next(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("tab")
        table = screen.table
        await pilot.press("down", "down")
        await pilot.pause()
        painted = PaintedRows(app)
        table_rows = set(range(table.content_region.y, table.content_region.bottom))
        marked = table.cursor_row
        await pilot.press("space")
        await pilot.pause()
        assert painted.take() & table_rows == {_table_row_y(table, marked), _table_row_y(table, marked + 1)}
        assert table.marked_ids == {table.visible_snapshots()[marked].id}


class _TableOnly(App[None]):
    def compose(self) -> ComposeResult:
        yield SnapshotTable(clock=fixed_clock, zone=UTC, id="table")

    def on_mount(self) -> None:
        table = self.query_one(SnapshotTable)
        table.show(
            Snapshot(id=f"{i:08x}-0000-4000-8000-{i:012x}", name=f"daily.{i:03d}", created_at=BASE_TIME)
            for i in range(100)
        )
        table.focus()


async def test_moving_past_the_page_repaints_the_whole_table() -> None:
    app = _TableOnly()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(SnapshotTable)
        await pilot.pause()
        painted = PaintedRows(app)
        await pilot.press("down")
        await pilot.pause()
        assert painted.take() == {1, 2}  # under the header line: the old and the new cursor row
        await pilot.press("G")
        await pilot.pause()
        assert round(table.scroll_y) > 0
        assert painted.take() >= set(range(1, 24))  # scrolled: every row moved
