"""``?`` lists every key and explains the colours and words a new user meets first."""

from __future__ import annotations

from efs_tui.ui.screens.help import HelpScreen
from tests.ui.conftest import AppFactory
from tests.ui.helpers import wait_ready, wait_screen, wait_until


async def test_help_has_a_legend_for_the_tree_dots_and_the_header(make_app: AppFactory) -> None:
    app = make_app(auto_refresh=30.0)
    async with app.run_test(size=(100, 90)) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await wait_screen(pilot, HelpScreen)
        await pilot.pause()
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        for words in (
            "Legend",
            "● active",
            "● pending",
            "● error",
            "● unknown",
            "tree dot and status",
            "auto 30 s",
            "refreshes every 30 s",
            "UTC / local",
            "time zone of every date",
            "in flight",
        ):
            assert words in text, words
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))
