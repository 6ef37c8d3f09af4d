"""Auto-refresh (``p``), pausing under dialogs, and the UTC / local toggle (``t``)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from textual.widgets import Static

from efs_tui.emulator import EmulatorServer
from efs_tui.ui.screens.help import HelpScreen
from efs_tui.ui.widgets import SnapshotTable

from .conftest import AppFactory
from .helpers import wait_idle, wait_ready, wait_until
from .test_views_policy import detail_text


def list_calls(emulator: EmulatorServer) -> int:
    return len([r for r in emulator.state.requests.entries if r.method == "GET" and r.path.endswith("/snapshot")])


async def test_auto_refresh_adds_server_side_snapshot_without_moving_cursor(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app(auto_refresh=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        assert screen.header.refresh_label == "auto 0.2 s"
        await pilot.press("tab", "j", "j")
        table = screen.table
        kept = table.highlighted
        assert kept is not None
        total = table.total_count
        current = screen.current
        assert current is not None
        emulator.state.create_snapshot(current.service.id, current.share.id, "made-elsewhere")
        await wait_until(pilot, lambda: any(s.name == "made-elsewhere" for s in table.snapshots.values()))
        assert table.total_count == total + 1
        assert table.highlighted is not None and table.highlighted.id == kept.id  # cursor on the same snapshot
        assert isinstance(app.focused, SnapshotTable)


async def test_auto_refresh_waits_under_a_dialog_and_p_pauses(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app(auto_refresh=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await wait_idle(pilot)
        emulator.state.requests.reset()
        await pilot.pause(0.5)  # several periods
        assert list_calls(emulator) == 0
        await pilot.press("escape")
        await wait_until(pilot, lambda: list_calls(emulator) >= 1)  # resumes once the dialog is gone
        await pilot.press("p")
        assert screen.header.refresh_label == "paused" and screen.refresh_paused
        await wait_idle(pilot)
        emulator.state.requests.reset()
        await pilot.pause(0.5)
        assert list_calls(emulator) == 0
        await pilot.press("p")
        assert screen.header.refresh_label == "auto 0.1 s"
        await wait_until(pilot, lambda: list_calls(emulator) >= 1)


async def test_p_turns_auto_refresh_on_when_it_was_off(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        assert screen.header.refresh_label == "" and screen.refresh_every is None
        await pilot.press("p")
        assert screen.header.refresh_label == "auto 30 s"


@pytest.fixture
def tokyo() -> Iterator[None]:
    """The machine's local zone is Asia/Tokyo (UTC+9) for the test."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.usefixtures("tokyo")
async def test_t_switches_table_and_detail_between_utc_and_local(make_app: AppFactory) -> None:
    app = make_app()  # UTC, like every test
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("tab")
        snap = screen.table.highlighted
        assert snap is not None and snap.created_at is not None
        utc_cell = screen.table.row_text(snap.id)
        assert utc_cell is not None
        utc_created = utc_cell["created"].plain
        assert screen.header.zone_label == "UTC"
        assert "+00:00" in detail_text(screen)
        await pilot.press("t")
        assert screen.header.zone_label == "local"
        local_cell = screen.table.row_text(snap.id)
        assert local_cell is not None and local_cell["created"].plain != utc_created
        assert "+09:00" in detail_text(screen)
        header = screen.header.query_one("#header-state", Static).content
        assert "local" in str(header)
        await pilot.press("t")
        assert screen.header.zone_label == "UTC" and "+00:00" in detail_text(screen)
