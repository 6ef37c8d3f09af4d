"""The activity log (``L``) at 100 columns: each query id whole; new calls followed only from the bottom."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import RichLog

from efs_tui.api.client import RequestRecord
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.screens.activity import ActivityScreen

from .conftest import AppFactory
from .helpers import wait_ready, wait_screen, wait_until

LONG_PATH = (
    "/storage/netapp/bdd640fb-0667-4ad1-9c80-317fa3b1799d/share/17fc695a-07a0-4a6e-8822-e8f36c031199"
    "/snapshot/0badc0de-0000-4000-8000-000000000001"
)


async def open_log(pilot: Pilot[Any], app: EfsTuiApp) -> tuple[ActivityScreen, RichLog]:
    await wait_ready(pilot)
    await pilot.press("L")
    await wait_screen(pilot, ActivityScreen)
    screen = app.screen
    assert isinstance(screen, ActivityScreen)
    log = screen.query_one(RichLog)
    await wait_until(pilot, lambda: len(log.lines) >= len(app.activity))
    await pilot.pause()
    return screen, log


def add_calls(screen: ActivityScreen, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        query_id = f"EU.ext-3.669795c6.{number:07d}.abcdef0123456789"
        screen.activity.record(RequestRecord("DELETE", LONG_PATH, 202, 0.05, query_id, 1, started_at=1.7e9))
    screen.post_message(ActivityScreen.NewRecords())


async def test_every_query_id_is_whole_at_100_columns(make_app: AppFactory) -> None:
    """A real query id is ~60 characters: it comes before the path, so only the path runs past the edge."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen, log = await open_log(pilot, app)
        add_calls(screen, 3)
        await wait_until(pilot, lambda: any("0000002.abcdef" in line.text for line in log.lines))
        width = log.scrollable_content_region.width
        texts = [line.text for line in log.lines]
        assert any(cell_len(text) > width for text in texts)  # long paths are cut at the edge...
        for record in app.activity.entries():
            assert record.query_id is not None
            shown = next(text for text in texts if record.query_id in text)
            end = shown.index(record.query_id) + len(record.query_id)
            assert cell_len(shown[:end]) <= width, shown  # ...never the query id


async def test_new_calls_are_followed_only_from_the_bottom(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen, log = await open_log(pilot, app)
        add_calls(screen, 60)
        await wait_until(pilot, lambda: any("0000059." in line.text for line in log.lines))
        await pilot.pause()
        assert log.is_vertical_scroll_end  # at the bottom: it follows
        await pilot.press("g")
        await pilot.pause()
        assert log.scroll_y == 0
        add_calls(screen, 5, start=60)
        await wait_until(pilot, lambda: any("0000064." in line.text for line in log.lines))
        await pilot.pause()
        assert log.scroll_y == 0  # reading older calls: it stays put
        await pilot.press("G")
        await pilot.pause()
        add_calls(screen, 5, start=65)
        await wait_until(pilot, lambda: any("0000069." in line.text for line in log.lines))
        await pilot.pause()
        assert log.is_vertical_scroll_end  # back at the bottom: following again
