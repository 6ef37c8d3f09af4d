"""The theme picked in Ctrl+P → Theme is saved to config.toml, and ``--theme`` / the ``theme`` key start with it."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

from efs_tui.__main__ import build_parser
from efs_tui.config.settings import save_theme, saved_theme
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.demo import make_demo_app


async def wait_until(condition: Callable[[], bool], pilot: object) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    raise AssertionError("condition not met")


def app_for(server: EmulatorServer, theme: str | None, config_file: Path | None) -> EfsTuiApp:
    app = make_demo_app(server)
    app.config.theme = theme
    if config_file is not None:
        app.config.save_theme = lambda name: save_theme(name, config_file)
    return app


async def test_theme_picked_in_the_palette_is_saved(emulator: EmulatorServer, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text("# mine\nother = 1\n", encoding="utf-8")
    app = app_for(emulator, "nord", config_file)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme == "nord"
        await pilot.press("ctrl+p")
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")  # the "Theme" command: the theme picker opens
        await pilot.pause(0.3)
        await pilot.press(*"gruvbox")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(lambda: app.theme == "gruvbox", pilot)
        await wait_until(lambda: "gruvbox" in config_file.read_text(encoding="utf-8"), pilot)
    text = config_file.read_text(encoding="utf-8")
    assert tomllib.loads(text) == {"other": 1, "theme": "gruvbox"} and text.startswith("# mine\n")
    assert saved_theme(config_file) == "gruvbox"


async def test_starting_theme_is_not_written_back(emulator: EmulatorServer, config_file: Path) -> None:
    app = app_for(emulator, "dracula", config_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "dracula"
    assert not config_file.exists()  # --theme is for this run; only a pick in the palette is saved


async def test_unknown_theme_is_said_not_fatal(emulator: EmulatorServer) -> None:
    app = app_for(emulator, "no-such-theme", None)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert app.is_running and app.theme == "textual-dark"
        assert any("Unknown theme 'no-such-theme'" in n.message for n in app._notifications)


def test_theme_option_and_key(config_file: Path) -> None:
    assert build_parser([]).parse_args(["--theme", "nord"]).theme == "nord"
    assert saved_theme(config_file) is None
    config_file.parent.mkdir(parents=True)
    config_file.write_text("theme = 3\n", encoding="utf-8")
    assert saved_theme(config_file) is None  # not a name: ignored
    config_file.write_text('theme = "catppuccin-mocha"\n', encoding="utf-8")
    assert saved_theme(config_file) == "catppuccin-mocha"
