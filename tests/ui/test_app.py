"""App-level behaviour: quitting, read-only mode, help, palette, request economy, ready report."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from efs_tui.api.models import Snapshot
from efs_tui.core.audit import AuditLog
from efs_tui.core.exit_codes import EXIT_INTERRUPTED
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.commands import EfsCommands
from efs_tui.ui.demo import demo_client
from efs_tui.ui.dialogs.confirm_action import QuitWhileWritingDialog
from efs_tui.ui.screens.help import HelpScreen

from .conftest import AppFactory, fast_config
from .helpers import delete_highlighted, focus_table, main_screen, wait_ready, wait_screen, wait_until


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
        await wait_until(pilot, lambda: screen.pane.listing is None)
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
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
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
        await hits[0].command()
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


# -- quitting while a write is in flight ---------------------------------------------------------------


async def _delete_in_flight(pilot: Pilot[Any], emulator: EmulatorServer) -> Snapshot:
    """Start deleting the highlighted snapshot with the API holding its answer; return it once the DELETE is out.

    The emulator holds writes unanswered (``faults.hold_writes``) until the test lets them
    through, so "in flight" does not depend on how busy the machine is.
    """
    app = pilot.app
    assert isinstance(app, EfsTuiApp)
    screen = await wait_ready(pilot)
    await focus_table(pilot, screen)
    victim = screen.table.highlighted
    assert victim is not None
    emulator.state.faults.hold_writes = True
    await delete_highlighted(pilot, screen)
    await wait_until(pilot, lambda: app.writes_in_flight())
    return victim


async def test_quit_during_a_delete_asks_then_quit_anyway_says_the_outcome_is_unknown(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "audit.jsonl"
    app = make_app(audit=AuditLog(path))
    async with app.run_test(size=(100, 30)) as pilot:
        victim = await _delete_in_flight(pilot, emulator)
        await pilot.press("q")
        await wait_screen(pilot, QuitWhileWritingDialog)
        assert app.return_code is None  # still running: it asked
        await pilot.click("#quit")
    emulator.state.faults.hold_writes = False
    assert app.return_code == EXIT_INTERRUPTED
    report = app.unfinished_report()
    assert report is not None and victim.id in report and "outcome is unknown" in report
    [record] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert (record["action"], record["snapshot_id"], record["outcome"]) == ("delete", victim.id, "interrupted")
    assert record["error"] == "interrupted: outcome unknown"


async def test_ctrl_c_during_a_delete_then_wait_quits_once_the_api_answered(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "audit.jsonl"
    app = make_app(audit=AuditLog(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await _delete_in_flight(pilot, emulator)
        await pilot.press("ctrl+c")
        await wait_screen(pilot, QuitWhileWritingDialog)
        await pilot.press("enter")  # "Wait, then quit" has the focus
        await pilot.pause()
        assert app.return_code is None  # waiting for the API's answer
        emulator.state.faults.hold_writes = False
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0 and app.unfinished_report() is None
    [record] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert (record["action"], record["result"]) == ("delete", "ok")


async def test_stay_keeps_the_app_and_the_write_running(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        victim = await _delete_in_flight(pilot, emulator)
        await pilot.press("q")
        await wait_screen(pilot, QuitWhileWritingDialog)
        await pilot.press("escape")
        emulator.state.faults.hold_writes = False
        await wait_until(pilot, lambda: not app.writes_in_flight())
        screen = main_screen(app)
        assert app.return_code is None and app.screen is screen
        await wait_until(pilot, lambda: victim.id not in screen.table.snapshots)


def test_quit_anyway_prints_what_was_in_flight_on_stderr(
    emulator: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def quit_mid_delete(pilot: Pilot[Any]) -> None:
        await _delete_in_flight(pilot, emulator)
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, QuitWhileWritingDialog))
        await pilot.click("#quit")

    client = demo_client(emulator)
    app = EfsTuiApp(client, config=fast_config(client), close_client=True)
    app.run(headless=True, size=(100, 30), auto_pilot=quit_mid_delete)
    emulator.state.faults.hold_writes = False
    err = capsys.readouterr().err
    assert app.return_code == EXIT_INTERRUPTED
    assert "outcome is unknown" in err and "may or may not have applied" in err and "delete snapshot" in err


async def test_stay_after_wait_cancels_the_pending_quit(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _delete_in_flight(pilot, emulator)
        await pilot.press("q")
        await wait_screen(pilot, QuitWhileWritingDialog)
        await pilot.press("enter")  # wait, then quit...
        await wait_until(pilot, lambda: not isinstance(app.screen, QuitWhileWritingDialog))
        await pilot.press("q")
        await wait_screen(pilot, QuitWhileWritingDialog)
        await pilot.press("escape")  # ...no: stay
        emulator.state.faults.hold_writes = False
        await wait_until(pilot, lambda: not app.writes_in_flight())
        await pilot.pause(0.3)
        assert app.return_code is None and app.screen is main_screen(app)
