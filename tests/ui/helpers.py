"""Small waiting and inspection helpers for Pilot tests (poll app state, never sleep blindly)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from efs_tui.api.models import Snapshot
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.dialogs.confirm_action import ConfirmActionDialog
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from efs_tui.ui.screens.main import MainScreen


def main_screen(app: EfsTuiApp) -> MainScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


async def focus_widget(pilot: Pilot[Any], widget: Widget) -> None:
    """Focus ``widget`` and wait until it has the focus (``focus()`` only schedules it)."""
    widget.focus()
    await wait_until(pilot, lambda: widget.has_focus)
    await pilot.pause()


async def focus_table(pilot: Pilot[Any], screen: MainScreen) -> None:
    """Put the focus on the snapshot table (where the action keys apply)."""
    await focus_widget(pilot, screen.table)


async def wait_until(pilot: Pilot[Any], predicate: Callable[[], object], timeout: float = 10.0) -> None:
    """Let the app run until ``predicate()`` is true (fails the test after ``timeout``)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {predicate}")
        await pilot.pause(0.02)


async def wait_screen(pilot: Pilot[Any], kind: type[Screen[Any]], timeout: float = 10.0) -> None:
    """Wait until the active screen is a ``kind`` and has composed its children.

    ``push_screen`` makes a screen active before it is mounted; a query or a key press in that
    gap finds nothing, which happens under load.
    """
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, kind) and app.screen.is_mounted, timeout)
    await pilot.pause()


async def wait_ready(pilot: Pilot[Any]) -> MainScreen:
    """Wait until the first share's snapshot table is filled and all loads are done."""
    app = pilot.app
    assert isinstance(app, EfsTuiApp)
    await wait_until(pilot, lambda: app.ready_at is not None)
    await wait_idle(pilot)
    return main_screen(app)


async def wait_idle(pilot: Pilot[Any], timeout: float = 10.0) -> None:
    """Wait until every worker but the pollers (which may run for minutes) has finished."""
    app = pilot.app

    def idle() -> bool:
        return not any(w.group != "poll" and not w.is_finished for w in app.workers)

    await wait_until(pilot, idle, timeout)
    await pilot.pause()


def capture_notifications(app: EfsTuiApp) -> list[dict[str, Any]]:
    """Record every ``notify`` call (message, title, severity, markup) while still showing it."""
    notes: list[dict[str, Any]] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        notes.append({"message": message, **kwargs})
        original(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return notes


def row_of(screen: MainScreen, name: str) -> Snapshot:
    """The snapshot shown with ``name`` in the table."""
    for snap in screen.table.snapshots.values():
        if snap.name == name:
            return snap
    raise AssertionError(f"no row named {name!r}")


async def open_share(pilot: Pilot[Any], service: str, share: str) -> MainScreen:
    """Move the tree cursor to a share (expanding its service) and wait for its snapshots."""
    screen = await wait_ready(pilot)
    tree = screen.service_tree
    svc = next(s for s in screen.services.values() if s.label == service)
    node = tree.service_node(svc.id)
    assert node is not None
    node.expand()
    await wait_until(pilot, lambda: svc.id in screen.shares)
    shr = next(s for s in screen.shares[svc.id] if s.label == share)
    target = tree.share_node(svc.id, shr.id)
    assert target is not None
    await pilot.pause()
    tree.select_node(target)
    await wait_until(pilot, lambda: screen.current is not None and screen.current.share.id == shr.id)
    await wait_until(pilot, lambda: screen.cache.get((svc.id, shr.id)) is not None)
    await wait_idle(pilot)
    return screen


async def hold_highlighted(pilot: Pilot[Any], screen: MainScreen) -> tuple[Snapshot, Snapshot]:
    """Hold the highlighted (automatic) snapshot through the dialog; return it and the new row that replaces it."""
    await focus_table(pilot, screen)
    old = screen.table.highlighted
    assert old is not None and old.type == "automatic"
    await pilot.press("H")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmActionDialog))
    await pilot.press("y")
    await wait_until(pilot, lambda: old.id not in screen.table.snapshots)
    new = screen.table.highlighted
    assert new is not None and new.id != old.id
    return old, new


async def delete_highlighted(pilot: Pilot[Any], screen: MainScreen) -> None:
    """Delete the highlighted snapshot (or the marked ones) from the table, confirming with ``y``."""
    await focus_table(pilot, screen)
    await pilot.press("d")
    await wait_screen(pilot, ConfirmDeleteDialog)
    await pilot.press("y")
