"""On 16-colour terminals the focused pane, warnings and errors keep three different colours."""

from __future__ import annotations

from textual import constants
from textual.color import Color

from efs_tui.ui.themes import ANSI_THEME, theme_for
from tests.ui.conftest import AppFactory
from tests.ui.helpers import focus_table, wait_ready, wait_until


def test_the_ansi_theme_is_picked_only_on_16_colours_and_only_over_the_default() -> None:
    assert theme_for("standard", constants.DEFAULT_THEME) == ANSI_THEME.name
    assert theme_for("256", constants.DEFAULT_THEME) is None
    assert theme_for("truecolor", constants.DEFAULT_THEME) is None
    assert theme_for("standard", "nord") is None  # the user's choice stays


def ansi(color: Color) -> int | None:
    return color.ansi


async def test_focus_warning_and_error_differ_on_the_ansi_theme(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await wait_ready(pilot)
        app.theme = ANSI_THEME.name
        await focus_table(pilot, screen)
        focused = screen.table.styles.border_top[1]
        blurred = screen.query_one("#left").styles.border_top[1]
        app.notify("careful", severity="warning")
        app.notify("broken", severity="error")
        await wait_until(pilot, lambda: len(app.screen.query("Toast")) == 2)
        toasts = {
            "warning" if toast.has_class("-warning") else "error": toast.styles.border_left[1]
            for toast in app.screen.query("Toast")
        }
        colours = {
            "focus": ansi(focused),
            "blurred": ansi(blurred),
            "warning": ansi(toasts["warning"]),
            "error": ansi(toasts["error"]),
        }
        assert None not in colours.values(), colours  # plain ANSI colours: the terminal's own palette
        assert len(set(colours.values())) == 4, colours
        assert colours["focus"] == 14 and colours["warning"] == 3 and colours["error"] == 1  # cyan, yellow, red
