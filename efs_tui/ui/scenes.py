"""Deterministic picture setups shared by the SVG snapshot tests and ``scripts/screenshots.py``.

Each scene is an ``async def (pilot)`` that drives a freshly started app (on an
emulator seeded at a fixed ``base_time``, with a fixed clock and UTC) to the
state to draw, and waits for every load to finish.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from efs_tui.emulator import EmulatorServer
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.config import UiConfig
from efs_tui.ui.demo import demo_client

SCENE_TIME = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
"""The emulator's seed time and the app's frozen "now"."""

Scene = Callable[[Pilot[Any]], Awaitable[None]]


def scene_app(server: EmulatorServer, *, read_only: bool = False) -> EfsTuiApp:
    """An app on ``server`` with a frozen clock, UTC dates and the client closed on exit."""
    client = demo_client(server, read_only=read_only)
    config = UiConfig(
        client=client, context_label="demo · emulator", read_only=read_only, clock=lambda: SCENE_TIME, zone=UTC
    )
    return EfsTuiApp(client, config=config, close_client=True)


async def _settle(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, EfsTuiApp)
    idle_checks = 0
    for _ in range(500):
        # Idle twice in a row, a pause apart: a key or a cursor move may not have started its
        # worker yet at the first look (the share's access paths, say).
        await pilot.pause()
        if app.ready_at is not None and all(w.is_finished or w.group == "poll" for w in app.workers):
            idle_checks += 1
            if idle_checks == 2:
                break
        else:
            idle_checks = 0
            await asyncio.sleep(0.01)
    await pilot.pause()
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


async def main_screen(pilot: Pilot[Any]) -> None:
    """The main screen: tree, the first share's snapshots, the detail of the newest."""
    await _settle(pilot)


async def create_form(pilot: Pilot[Any]) -> None:
    """The create dialog over the main screen, with a name typed in."""
    await _settle(pilot)
    await pilot.press("n")
    await pilot.pause(0.1)
    await pilot.press(*"before-upgrade-v2.4")
    await _settle(pilot)


async def delete_dialog(pilot: Pilot[Any]) -> None:
    """The delete confirmation for the second snapshot (Cancel focused)."""
    await _settle(pilot)
    await pilot.press("tab", "j", "d")
    await pilot.pause(0.1)
    await _settle(pilot)


async def help_screen(pilot: Pilot[Any]) -> None:
    """The key map."""
    await _settle(pilot)
    await pilot.press("question_mark")
    await _settle(pilot)


async def filter_in_use(pilot: Pilot[Any]) -> None:
    """The table filtered to manual snapshots, the bar open with "N of M"."""
    await _settle(pilot)
    await pilot.press("tab", "slash", *"type:manual")
    await _settle(pilot)


async def share_policy(pilot: Pilot[Any]) -> None:
    """The tree cursor on db-backups: the detail shows its policy rules in words and its reserve."""
    await _settle(pilot)
    await pilot.press("j")
    await asyncio.sleep(0.4)  # the tree's debounce, then the policy and reserve requests
    await _settle(pilot)


async def activity_log(pilot: Pilot[Any]) -> None:
    """The API activity log after start-up."""
    await _settle(pilot)
    await pilot.press("L")
    await _settle(pilot)


async def account_view(pilot: Pilot[Any]) -> None:
    """Every snapshot of the demo account (A), the walk done, the cursor on the newest."""
    from efs_tui.ui.screens.account import FLUSH_EVERY, AccountScreen

    await _settle(pilot)
    await pilot.press("A")
    for _ in range(1000):
        screen = pilot.app.screen
        if isinstance(screen, AccountScreen) and screen.walk_seconds is not None:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(2 * FLUSH_EVERY)  # the last batch of rows is painted
    screen = pilot.app.screen
    assert isinstance(screen, AccountScreen)
    screen.table.action_first()
    await pilot.pause()


SCENES: dict[str, Scene] = {
    "main": main_screen,
    "filter": filter_in_use,
    "policy": share_policy,
    "activity": activity_log,
    "create": create_form,
    "delete": delete_dialog,
    "help": help_screen,
    "account": account_view,
}
