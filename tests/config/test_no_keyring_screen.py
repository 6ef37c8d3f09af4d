"""The no-keyring screen: the first screen an SSH user without a Secret Service meets, at 80x24 and 100x30."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.app import App
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import Button, Label

from efs_tui.config import KeyringState, KeyringStatus
from efs_tui.ui.screens.login import NoKeyringScreen

SIZES = [(80, 24), (100, 30)]
IDS = ["80x24", "100x30"]
NO_BACKEND = KeyringStatus(
    KeyringState.NO_BACKEND, "keyring.backends.fail.Keyring", "no recommended keyring backend was found", "read"
)


class Host(App[None]):
    def __init__(self, screen: NoKeyringScreen) -> None:
        super().__init__()
        self.start_screen = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.start_screen, self.results.append)


def on_screen(region: Region, size: tuple[int, int]) -> bool:
    return Region(0, 0, *size).contains_region(region) and region.area > 0


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_buttons_fit_and_the_end_of_way_3_scrolls_into_view(size: tuple[int, int]) -> None:
    app = Host(NoKeyringScreen(NO_BACKEND, allow_session=True))
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        for button in screen.query(Button):
            assert on_screen(button.region, size), f"{button.id} is off-screen at {size}"
        assert isinstance(app.focused, Button) and app.focused.id == "retry"
        message = screen.query_one("#message", VerticalScroll)
        assert on_screen(message.region, size)
        message.focus()
        await pilot.press("end")
        await pilot.pause()
        assert message.scroll_y == message.max_scroll_y
        last = message.query_one("Static")
        # The last line of way 3 ("never falls back to ... plain text") is inside the visible window.
        visible_bottom = message.scroll_y + message.scrollable_content_region.height
        assert last.virtual_region.bottom <= visible_bottom + 1


async def test_headline_is_shown_once() -> None:
    app = Host(NoKeyringScreen(NO_BACKEND))
    async with app.run_test(size=(100, 30)):
        headline = str(app.screen.query_one("#headline", Label).render())
        body = str(app.screen.query_one("#message Static").render())
        assert "cannot read your stored credentials" in headline
        assert "cannot" not in body and NO_BACKEND.headline not in body
        assert "PYTHON_KEYRING_BACKEND" in body


async def test_enter_presses_the_focused_button() -> None:
    app = Host(NoKeyringScreen(NO_BACKEND))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # "Check again": the in-memory keyring of the tests answers now
        for _ in range(200):
            if app.results:
                break
            await pilot.pause(0.02)
    assert app.results == ["retry"]
    app = Host(NoKeyringScreen(NO_BACKEND))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "enter")  # Tab moves to "Back"
        await pilot.pause()
    assert app.results == ["back"]


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
async def test_q_and_ctrl_c_quit(key: str) -> None:
    app = Host(NoKeyringScreen(NO_BACKEND))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running
    assert app.results == [] and app.return_value is None


async def test_footer_shows_esc_and_q() -> None:
    app = Host(NoKeyringScreen(NO_BACKEND))
    async with app.run_test(size=(80, 24)) as pilot:
        shown = {key for key, binding in app.screen.active_bindings.items() if binding.binding.show}
        assert {"escape", "q"} <= shown
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == ["back"]


SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_no_keyring_screen_snapshot(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(Host(NoKeyringScreen(NO_BACKEND, allow_session=True)), terminal_size=size)
