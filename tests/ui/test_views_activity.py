"""The API activity log (``L``): every call with status, duration and query id; never a secret."""

from __future__ import annotations

from textual.widgets import RichLog

from efs_tui.emulator import EmulatorServer
from efs_tui.ui.screens.activity import ActivityScreen

from .conftest import AppFactory
from .helpers import wait_ready, wait_screen, wait_until


def log_lines(screen: ActivityScreen) -> list[str]:
    return [line.text for line in screen.query_one(RichLog).lines]


async def test_activity_log_lists_calls_with_query_ids_and_no_secret(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        main = await wait_ready(pilot)
        assert len(app.activity) > 0  # recorded from the first request on
        await pilot.press("L")
        await wait_screen(pilot, ActivityScreen)
        screen = app.screen
        assert isinstance(screen, ActivityScreen)
        await wait_until(pilot, lambda: len(log_lines(screen)) >= len(app.activity))
        lines = log_lines(screen)
        listing = [line for line in lines if "GET" in line.split() and "/snapshot" in line and "/snapshotP" not in line]
        assert listing, lines
        assert all(" 200 " in line for line in listing)
        assert all(record.query_id and record.query_id in "\n".join(lines) for record in app.activity.entries())
        creds = emulator.credentials
        text = "\n".join(lines)
        for secret in (creds.application_secret, creds.consumer_key):
            assert secret not in text
        # New calls appear while the log is open, newest last.
        before = len(lines)
        current = main.current
        assert current is not None
        main.pane.load_snapshots(current)
        await wait_until(pilot, lambda: len(log_lines(screen)) > before)
        assert "/snapshot" in log_lines(screen)[-1]
        await pilot.press("L")
        assert app.screen is main


async def test_failed_calls_show_status_and_query_id(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    emulator.state.faults.fail_next(403, method="GET", path_contains="/snapshotReserve")
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("L")
        await wait_screen(pilot, ActivityScreen)
        screen = app.screen
        assert isinstance(screen, ActivityScreen)
        failed = [line for line in log_lines(screen) if "/snapshotReserve" in line and " 403 " in line]
        assert failed
        record = next(r for r in app.activity.entries() if r.status == 403)
        assert record.query_id and record.query_id in failed[0]
        await pilot.press("escape")
        assert not isinstance(app.screen, ActivityScreen)
