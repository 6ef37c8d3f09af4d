"""SVG snapshot of the question asked when quitting with a write in flight, at 100x30 and 80x24.

Plain ``def`` tests (``snap_compare`` runs its own loop; the emulator its thread).
The dialog is shown over the settled main screen with a fixed write, so the
picture does not depend on how fast the emulator answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.pilot import Pilot

from efs_tui.emulator import EmulatorServer
from efs_tui.ui import scenes
from efs_tui.ui.dialogs.confirm_action import QuitWhileWritingDialog

SnapCompare = Callable[..., bool]

IN_FLIGHT = "delete snapshot pre-migration (0b7e9a52-43f1-4d8c-9a57-2f5c1e0d6a11)"


@pytest.fixture
def scene_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(dataset="demo", base_time=scenes.SCENE_TIME) as server:
        yield server


async def quit_question(pilot: Pilot[Any]) -> None:
    await scenes.main_screen(pilot)
    await pilot.app.push_screen(QuitWhileWritingDialog([IN_FLIGHT]))
    await pilot.pause(0.1)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_quit_while_writing(snap_compare: SnapCompare, scene_server: EmulatorServer, size: tuple[int, int]) -> None:
    """What is in flight, what quitting now means; "Wait, then quit" focused, all three buttons on screen."""
    app = scenes.scene_app(scene_server)
    assert snap_compare(app, terminal_size=size, run_before=quit_question)
