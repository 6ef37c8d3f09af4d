"""Small terminals: below 80x24 the screen says so; at 80x24 a sort by a hidden column says it is hidden."""

from __future__ import annotations

from typing import Any

from textual.app import App

from tests.ui.conftest import AppFactory
from tests.ui.helpers import focus_table, wait_ready, wait_until


def screen_text(app: App[Any]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_below_80x24_the_screen_names_the_size_it_needs(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_ready(pilot)
        text = screen_text(app)
        assert "terminal too small: 80x24 needed, this is 60x20" in text
        assert "Snapshots" not in text  # no empty panes under the message
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: "too small" not in screen_text(app))
        assert "Snapshots" in screen_text(app)
        await pilot.resize_terminal(40, 12)
        await wait_until(pilot, lambda: "this is 40x12" in screen_text(app))


async def test_keys_still_work_while_the_terminal_is_too_small(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(79, 24)) as pilot:
        await wait_ready(pilot)
        assert "this is 79x24" in screen_text(app)
        await pilot.press("q")
        await wait_until(pilot, lambda: app.return_code is not None or not app.is_running)


async def test_sorting_by_a_column_the_table_has_no_room_for_says_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        assert "id" not in screen.table.shown_columns
        while screen.table.sort_column != "id":
            await pilot.press("s")
        await pilot.pause()
        header = screen.query_one("#snap-header").render_line(0).text
        assert "id ▲ (hidden" in header
        await pilot.press("s")  # description, hidden too at 80 columns, or shown: the header agrees with the table
        await pilot.pause()
        header = screen.query_one("#snap-header").render_line(0).text
        hidden = screen.table.sort_column not in screen.table.shown_columns
        assert ("(hidden" in header) is hidden
        await pilot.resize_terminal(200, 40)
        while screen.table.sort_column != "id":
            await pilot.press("s")
        await wait_until(pilot, lambda: "id" in screen.table.shown_columns)
        await pilot.pause()
        assert "(hidden" not in screen.query_one("#snap-header").render_line(0).text
