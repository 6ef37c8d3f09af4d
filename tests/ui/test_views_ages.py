"""Ages on screen keep moving between fetches, and the line above the table keeps its shape."""

from __future__ import annotations

from datetime import timedelta

from efs_tui.ui.screens.main import MainScreen
from efs_tui.ui.widgets.snapshot_pane import share_key
from tests.ui.conftest import BASE_TIME, AppFactory
from tests.ui.helpers import focus_table, wait_ready, wait_until


def table_text(screen: MainScreen) -> str:
    table = screen.table
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


def detail_text(screen: MainScreen) -> str:
    body = screen.detail.query_one("#detail-body")
    return "\n".join(body.render_line(y).text for y in range(body.size.height))


async def test_young_ages_tick_in_the_table_and_the_detail(make_app: AppFactory) -> None:
    now = [BASE_TIME]
    app = make_app(clock=lambda: now[0])
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        newest = max(screen.table.visible_snapshots(), key=lambda s: s.created_at or BASE_TIME)
        assert newest.created_at is not None
        screen.table.select(newest.id)
        await wait_until(pilot, lambda: screen.detail.snapshot == newest)
        now[0] = newest.created_at + timedelta(seconds=5)
        await wait_until(pilot, lambda: "5 s ago" in table_text(screen) and "5 s ago" in detail_text(screen))
        now[0] = newest.created_at + timedelta(seconds=42)  # no fetch in between: only the tick
        await wait_until(pilot, lambda: "42 s ago" in table_text(screen) and "42 s ago" in detail_text(screen))
        assert "(5 s ago)" not in table_text(screen) + detail_text(screen)


async def test_the_header_keeps_its_shape_when_seconds_reach_ten(make_app: AppFactory) -> None:
    now = [BASE_TIME]
    app = make_app(clock=lambda: now[0])
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await wait_ready(pilot)
        assert screen.current is not None
        entry = screen.cache.get(share_key(screen.current))
        assert entry is not None and entry.fetched_at is not None
        header = screen.query_one("#snap-header")

        async def shape(seconds: int) -> str:
            assert entry.fetched_at is not None
            now[0] = entry.fetched_at + timedelta(seconds=seconds)
            screen.pane.update_header()
            await pilot.pause()
            line = header.render_line(0).text
            assert f"{seconds} s ago" in line
            return line[: line.rindex("│")]

        for width in range(80, 131):  # somewhere in here the line only just fits
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            assert await shape(9) == await shape(10), width  # share, count and sort read the same
