"""The share panel: with the tree focused, the detail shows the share, its policy in words and its reserve."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from efs_tui.emulator import EmulatorServer
from efs_tui.ui.screens.main import MainScreen
from efs_tui.ui.widgets.service_tree import ShareItem

from .conftest import AppFactory
from .helpers import wait_idle, wait_ready, wait_until


def detail_text(screen: MainScreen, width: int = 100) -> str:
    """Everything the detail pane holds (also what is scrolled out of view), as plain text."""
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(screen.detail.query_one("#detail-body", Static).content)
    return console.export_text()


def key_of(screen: MainScreen, share: str) -> tuple[str, str]:
    for service_id, shares in screen.shares.items():
        for s in shares:
            if s.label == share:
                return (service_id, s.id)
    raise AssertionError(share)


async def highlight_share(pilot: Pilot[Any], screen: MainScreen, share: str) -> None:
    """Move the tree cursor (keys only, focus stays in the tree) onto ``share``."""
    tree = screen.service_tree
    for _ in range(20):
        node = tree.cursor_node
        if node is not None and isinstance(node.data, ShareItem) and node.data.share.label == share:
            return
        await pilot.press("j")
    raise AssertionError(f"{share} not reached")


async def test_share_panel_shows_policy_rules_in_words_and_reserve(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await highlight_share(pilot, screen, "db-backups")
        key = key_of(screen, "db-backups")
        await wait_until(pilot, lambda: key in screen.pane.extras)
        await wait_idle(pilot)
        assert screen.detail.view == "share" and screen.detail.border_title == "Share"
        text = detail_text(screen)
        assert "db-backups" in text and "4,096 GB" in text
        assert "hourly-and-weekly" in text
        assert "every hour at :05, keep 24" in text
        assert "every Sunday at 03:00 UTC, keep 4" in text
        assert "Next auto" in text and "2026-03-02 10:05" in text  # frozen clock: 09:30 UTC
        assert "Reserve" in text and "20% of the share" in text and "active" in text
        assert "Mount point" in text and "NFS" in text


async def test_default_policy_is_marked_and_panel_follows_focus(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        text = detail_text(screen)  # web-content, the first share: default policy
        assert "(default)" in text and "every day at 00:10 UTC, keep 7" in text and "5% of the share" in text
        await pilot.press("tab")
        assert screen.detail.view == "snapshot" and screen.detail.border_title == "Detail"
        await pilot.press("shift+tab")
        assert screen.detail.view == "share"


async def test_a_share_shown_with_the_table_focused_loads_its_extras(make_app: AppFactory) -> None:
    """Enter in the account view shows a share the tree never described: its snapshots still get NFS paths."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("tab")
        assert screen.table.has_focus and screen.detail.view == "snapshot"
        service_id, share_id = key_of(screen, "db-backups")
        share = next(s for s in screen.shares[service_id] if s.id == share_id)
        screen.show_share(ShareItem(screen.services[service_id], share))
        await wait_until(pilot, lambda: (service_id, share_id) in screen.pane.extras)
        await wait_until(pilot, lambda: share_id in screen.detail.access_paths)
        assert screen.table.has_focus


async def test_policy_is_loaded_once_per_share(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await highlight_share(pilot, screen, "db-backups")
        await wait_until(pilot, lambda: key_of(screen, "db-backups") in screen.pane.extras)
        await wait_idle(pilot)
        emulator.state.requests.reset()
        await pilot.press("k")
        await pilot.pause(0.3)
        await pilot.press("j")
        await pilot.pause(0.3)
        await wait_idle(pilot)
        assert emulator.state.requests.count(path_contains="/snapshotPolicy") == 0
        assert emulator.state.requests.count(path_contains="/snapshotReserve") == 0


async def test_policy_errors_show_in_the_panel_without_blocking(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    emulator.state.faults.fail_next(403, method="GET", path_contains="/snapshotReserve", times=5)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        current = screen.current
        assert current is not None
        await wait_until(pilot, lambda: (current.service.id, current.share.id) in screen.pane.extras)
        text = detail_text(screen)
        assert "⚠ HTTP 403" in text  # the reserve failed…
        assert "every day at 00:10 UTC, keep 7" in text  # …the policy still shows
        assert screen.table.total_count > 0  # and the snapshots were never blocked
