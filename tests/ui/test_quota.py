"""Manual snapshot quota at a glance: ``manual N/limit`` in the header, the service sum, create refused when full."""

from __future__ import annotations

from textual.widgets import Button, Static

from efs_tui.core.quota import MANUAL_SNAPSHOT_LIMIT
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog
from efs_tui.ui.screens.main import MainScreen

from .conftest import AppFactory
from .helpers import capture_notifications, focus_table, wait_ready, wait_screen, wait_until
from .test_views_policy import detail_text


def header(screen: MainScreen) -> str:
    return str(screen.query_one("#snap-header", Static).render())


async def test_header_shows_manual_snapshots_against_the_documented_limit(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await wait_ready(pilot)
        manual = sum(1 for s in screen.table.snapshots.values() if s.type == "manual")
        assert manual > 0
        assert f"manual {manual}/{MANUAL_SNAPSHOT_LIMIT}" in header(screen)


async def test_create_at_the_limit_is_refused_before_any_request(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    probe = make_app()
    async with probe.run_test(size=(160, 30)) as pilot:
        manual = sum(1 for s in (await wait_ready(pilot)).table.snapshots.values() if s.type == "manual")
    limit = manual + 1  # one more manual snapshot fits, then the share is full
    emulator.state.manual_snapshot_limit = limit
    app = make_app(manual_snapshot_limit=limit)
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        assert f"manual {manual}/{limit}" in header(screen)
        await focus_table(pilot, screen)
        await pilot.press("n")
        await wait_screen(pilot, CreateSnapshotDialog)
        app.screen.query_one("#submit", Button).press()
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: f"manual {limit}/{limit}" in header(screen))
        await wait_until(pilot, lambda: any(n.get("title") == "Created" for n in notes))  # the create is settled
        posts = emulator.state.requests.count(method="POST")
        assert posts == 1
        # the first create's "Created" toast (its poll, after the emulator's create delay) comes first:
        # the refusal below must be the last thing said whatever the machine's speed
        await wait_until(pilot, lambda: any(n.get("title") == "Created" for n in notes))
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen  # no dialog: refused at once
        refusal = notes[-1]
        assert refusal["title"] == "Manual snapshot limit"
        assert f"limit is {limit}" in refusal["message"] and "No request sent" in refusal["message"]
        assert emulator.state.requests.count(method="POST") == posts


async def test_service_detail_sums_manual_snapshots_over_its_loaded_shares(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        current = screen.current
        assert current is not None
        manual = sum(1 for s in screen.table.snapshots.values() if s.type == "manual")
        shares = screen.shares[current.service.id]
        node = screen.service_tree.service_node(current.service.id)
        assert node is not None
        screen.service_tree.focus()
        screen.service_tree.move_cursor(node)
        await wait_until(pilot, lambda: screen.detail.view == "service")
        text = detail_text(screen)
        expected = f"{manual} manual (limit {MANUAL_SNAPSHOT_LIMIT} per share"
        if len(shares) > 1:
            expected += f"; 1 of {len(shares)} shares counted"
        assert expected in text
