"""App-level behaviour: quitting, read-only mode, help, palette, request economy, ready report."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

from efs_tui.emulator import EmulatorServer
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.commands import EfsCommands
from efs_tui.ui.screens.help import HelpScreen

from .conftest import AppFactory
from .helpers import main_screen, wait_ready, wait_until


async def test_quit_with_request_in_flight_exits_cleanly(make_app: AppFactory, emulator: EmulatorServer) -> None:
    emulator.state.faults.latency_ms = 3000
    app = make_app()
    started = time.monotonic()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: main_screen(app).header.in_flight > 0)
        await pilot.press("q")
    assert time.monotonic() - started < 2.5
    assert app.return_code == 0


async def test_ctrl_c_quits(make_app: AppFactory, emulator: EmulatorServer) -> None:
    emulator.state.faults.latency_ms = 3000
    app = make_app()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: main_screen(app).header.in_flight > 0)
        await pilot.press("ctrl+c")
    assert app.return_code == 0


async def test_fast_navigation_sends_few_requests(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        # Open every service so there are many shares to run through.
        for service in list(screen.services.values()):
            node = screen.service_tree.service_node(service.id)
            assert node is not None
            node.expand()
        await wait_until(pilot, lambda: len(screen.shares) == len(screen.services))
        await pilot.pause()
        emulator.state.requests.reset()
        await pilot.press(*["j"] * 15)
        await pilot.pause(0.5)  # longer than the debounce
        await wait_until(pilot, lambda: screen._loading is None)
        lists = [r for r in emulator.state.requests.entries if r.method == "GET" and r.path.endswith("/snapshot")]
        assert len(lists) <= 2, lists
        node = screen.service_tree.cursor_node
        assert node is not None and screen.current is not None
        assert node.data is not None and getattr(node.data, "share", None) == screen.current.share


async def test_read_only_hides_writes(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app(read_only=True, context_label="ovh-eu · prod")
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        assert screen.check_action("new_snapshot", ()) is False
        assert screen.check_action("delete_snapshot", ()) is False
        assert screen.check_action("refresh", ()) is True
        shown = {b.binding.action for b in app.active_bindings.values()}
        assert "new_snapshot" not in shown and "delete_snapshot" not in shown
        await pilot.press("tab", "n", "d")
        await pilot.pause()
        assert app.screen is screen
        assert emulator.state.requests.count(method="POST") == 0
        assert "read-only" in app.export_screenshot()


async def test_help_lists_keys_and_closes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        svg = app.export_screenshot()
        for text in ("Snapshots", "Ctrl+P", "Delete"):
            assert text in svg
        await pilot.press("escape")
        assert app.screen is screen


async def test_palette_offers_actions_that_apply(make_app: AppFactory) -> None:
    app = make_app(read_only=True)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        provider = EfsCommands(app.screen)
        titles = [str(hit.text) async for hit in provider.discover()]
        assert "Refresh snapshots" in titles and "Quit" in titles
        assert "New snapshot" not in titles and "Delete snapshot" not in titles
        hits = [hit async for hit in provider.search("inspect")]
        assert hits
        await hits[0].command()  # type: ignore[func-returns-value,misc]
        await pilot.pause()


async def test_palette_runs_a_command(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        emulator.state.requests.reset()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Refresh snapshots")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: emulator.state.requests.count(method="GET", path_contains="/snapshot") >= 1)
        assert app.screen is screen


async def test_on_ready_hook_called_once(make_app: AppFactory) -> None:
    calls: list[float] = []
    app = make_app()
    app._on_ready = lambda: calls.append(time.time())
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await pilot.press("r")
        await pilot.pause(0.2)
    assert len(calls) == 1


def test_ready_env_prints_timestamp_and_exits(emulator: EmulatorServer) -> None:
    code = (
        "import sys\n"
        "from efs_tui.api.auth import ApplicationCredentials\n"
        "from efs_tui.api.client import OvhClient\n"
        "from efs_tui.ui.app import EfsTuiApp\n"
        f"c = ApplicationCredentials({emulator.credentials.application_key!r}, "
        f"{emulator.credentials.application_secret!r}, {emulator.credentials.consumer_key!r})\n"
        f"EfsTuiApp(OvhClient({emulator.base_url!r}, c), close_client=True).run(headless=True, size=(80, 24))\n"
    )
    env = dict(os.environ, EFS_TUI_REPORT_READY="1")
    before = time.time()
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    stamp = float(result.stdout.strip().splitlines()[-1])
    assert before < stamp < time.time()
    assert "Traceback" not in result.stderr


def test_app_is_importable_without_running() -> None:
    assert issubclass(EfsTuiApp, object)
    assert asyncio.iscoroutinefunction(EfsTuiApp.on_unmount)
