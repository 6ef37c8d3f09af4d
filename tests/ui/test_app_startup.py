"""Start-up order: what waits until the first table is on screen (benchmark scenario 1).

The credential check and the garbage collector's return both wait for the first share's
table to be painted, and neither is lost when no table ever comes (an empty account).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from efs_tui.core import gc_pause
from efs_tui.emulator import EmulatorServer, seed_dataset
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.demo import demo_client

from .conftest import AppFactory, fast_config
from .helpers import wait_idle, wait_ready, wait_until


@pytest.fixture
def paused_collector() -> Iterator[None]:
    """The collector paused as ``efs-tui`` pauses it; afterwards the test process gets it back as it was."""
    gc_pause.pause()
    try:
        yield
    finally:
        gc_pause.resume()  # a no-op if the app already did
        gc.unfreeze()


async def test_credential_check_is_sent_after_the_first_table(emulator: EmulatorServer) -> None:
    client = demo_client(emulator, read_only=True)
    app = EfsTuiApp(client, config=fast_config(client))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_ready(pilot)
            await wait_until(pilot, lambda: screen.config.read_only)
            paths = [r.path for r in emulator.state.requests]
            first_table = paths.index(next(path for path in paths if path.endswith("/snapshot")))
            checks = [i for i, path in enumerate(paths) if path.endswith("/auth/currentCredential")]
            assert len(checks) == 1 and checks[0] > first_table
    finally:
        await client.aclose()


async def test_collector_resumes_once_the_first_table_is_painted(
    emulator: EmulatorServer, paused_collector: None
) -> None:
    client = demo_client(emulator)
    app = EfsTuiApp(client, config=fast_config(client))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            assert not gc.isenabled()
            await wait_ready(pilot)
            await wait_until(pilot, gc.isenabled)
            assert gc.get_freeze_count() > 0  # the start's survivors are out of the later full passes
    finally:
        await client.aclose()


async def test_without_a_first_table_the_credential_check_and_the_collector_still_start(
    emulator: EmulatorServer, paused_collector: None
) -> None:
    seed_dataset(emulator.state, "empty")
    client = demo_client(emulator, read_only=True)
    app = EfsTuiApp(client, config=fast_config(client))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.main is not None and app.main.config.read_only)
            await wait_until(pilot, gc.isenabled)
            assert app.ready_at is None
            assert emulator.state.requests.count(path_contains="/auth/currentCredential") == 1
    finally:
        await client.aclose()


async def test_footer_comes_with_the_first_table_and_is_not_rebuilt_when_its_keys_stay(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await wait_until(pilot, lambda: bool(screen.footer.children))
        await wait_idle(pilot)
        keys = list(screen.footer.children)
        lit = {key for key in keys if not key.has_class("-disabled")}
        assert {getattr(key, "key", None) for key in lit} >= {"n", "d", "e", "slash"}  # a share and a snapshot
        screen.refresh_bindings()  # what a focus change or a mark does: the same keys stay lit
        await wait_idle(pilot)
        assert list(screen.footer.children) == keys


@pytest.fixture
def reparsed(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per full re-parse of the app's stylesheet (Textual's ``Stylesheet.reparse``)."""
    from textual.css.stylesheet import Stylesheet

    calls: list[bool] = []
    reparse = Stylesheet.reparse

    def counted(stylesheet: Stylesheet) -> None:
        calls.append(True)
        reparse(stylesheet)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    return calls


async def test_the_stylesheet_is_parsed_once_at_start_and_a_theme_still_refreshes_it(
    emulator: EmulatorServer, reparsed: list[bool]
) -> None:
    """The first screen is a mode's base: Textual would re-parse every stylesheet for it before the
    first frame, with nothing changed. After the mount a theme change still re-parses and restyles."""
    client = demo_client(emulator)
    app = EfsTuiApp(client, config=fast_config(client))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_ready(pilot)
            assert reparsed == []
            before = screen.table.styles.background
            app.theme = "textual-light" if app.theme != "textual-light" else "nord"
            await wait_until(pilot, lambda: reparsed != [] and screen.table.styles.background != before)
    finally:
        await client.aclose()


async def test_a_saved_theme_is_drawn_from_the_first_frame_without_a_second_parse(
    emulator: EmulatorServer, reparsed: list[bool]
) -> None:
    """config.toml's theme is the stylesheet's from the start: set at mount, it re-parsed every stylesheet
    and restyled every widget before the first frame (+23 ms to a cached ``--account`` start)."""
    from textual.color import Color

    client = demo_client(emulator)
    app = EfsTuiApp(client, config=fast_config(client, theme="nord"))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_ready(pilot)
            assert app.theme == "nord" and reparsed == []
            nord = app.get_theme("nord")
            assert nord is not None and nord.background is not None
            assert screen.styles.background == Color.parse(nord.background)
    finally:
        await client.aclose()
