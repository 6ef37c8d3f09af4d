"""SVG snapshots with hostile API text: stand-ins in the table, detail, tree, edit and delete dialogs, copy menu.

Plain ``def`` tests: ``snap_compare`` runs its own event loop; the emulator runs
in its thread with the hostile snapshots of :mod:`tests.ui.hostile` added to
web-content and a hostile name on db-backups. Dates are frozen. Update with
``--snapshot-update`` only after looking: every row must end at the same column,
and no ESC, BEL, CR, LF, bidi or joiner byte may be drawn raw.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from textual.pilot import Pilot

from efs_tui.emulator import EmulatorServer
from efs_tui.ui import scenes
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.screens.main import MainScreen

from . import hostile

SIZES = [(100, 30), (80, 24)]
SnapCompare = Callable[..., bool]
KEYS = list(hostile.HOSTILE)


@pytest.fixture
def hostile_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(dataset="demo", base_time=scenes.SCENE_TIME) as server:
        hostile.seed(server.state, scenes.SCENE_TIME)
        yield server


def on_snapshot(key: str, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A scene: the table focused on the hostile snapshot ``key``, then ``keys`` pressed."""

    async def scene(pilot: Pilot[Any]) -> None:
        await scenes._settle(pilot)
        app = pilot.app
        assert isinstance(app, EfsTuiApp)
        screen = app.screen_stack[0]
        assert isinstance(screen, MainScreen)
        screen.table.focus()
        screen.table.select(hostile.snapshot_id(KEYS.index(key)))
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause(0.1)
        await scenes._settle(pilot)

    return scene


@pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
def test_table_and_detail_of_a_name_with_a_newline(
    snap_compare: SnapCompare, hostile_server: EmulatorServer, size: tuple[int, int]
) -> None:
    """Every hostile row as stand-ins, borders straight; the detail of ``evil␊Status…`` has one Status row."""
    app = scenes.scene_app(hostile_server)
    assert snap_compare(app, terminal_size=size, run_before=on_snapshot("lf"))


def test_detail_of_a_zwj_emoji_name(snap_compare: SnapCompare, hostile_server: EmulatorServer) -> None:
    """``fam👩�👩�👧ily``: the joiners drawn as ``�``, so tmux and Rich agree on the width."""
    app = scenes.scene_app(hostile_server)
    assert snap_compare(app, terminal_size=(100, 30), run_before=on_snapshot("zwj"))


@pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
def test_edit_dialog_prefilled_with_an_osc_title(
    snap_compare: SnapCompare, hostile_server: EmulatorServer, size: tuple[int, int]
) -> None:
    """``e`` on ``title␛]0;pwned␇x``: stand-ins in both fields, each flagged with the character it holds."""
    app = scenes.scene_app(hostile_server)
    assert snap_compare(app, terminal_size=size, run_before=on_snapshot("osc0", "e"))


def test_delete_dialog_of_a_bidi_name(snap_compare: SnapCompare, hostile_server: EmulatorServer) -> None:
    """The delete confirmation names ``invoice�cod.exe�``: no right-to-left override reaches the terminal."""
    app = scenes.scene_app(hostile_server)
    assert snap_compare(app, terminal_size=(100, 30), run_before=on_snapshot("bidi", "d"))


def test_bulk_delete_dialog_of_hostile_names(snap_compare: SnapCompare, hostile_server: EmulatorServer) -> None:
    """Three marked (ESC[2J, blank, skin-tone emoji): each listed with its stand-ins, ``␠␠␠`` for the blank one."""
    app = scenes.scene_app(hostile_server)

    async def scene(pilot: Pilot[Any]) -> None:
        await on_snapshot("csi", "space")(pilot)
        await on_snapshot("blank", "space")(pilot)
        await on_snapshot("skin", "space", "d")(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=scene)


def test_copy_menu_of_a_hostile_snapshot(snap_compare: SnapCompare, hostile_server: EmulatorServer) -> None:
    """The copy menu on ``over␍write``: its full NFS path, mount command and ids, all literal."""
    app = scenes.scene_app(hostile_server)
    assert snap_compare(app, terminal_size=(100, 30), run_before=on_snapshot("cr", "c"))
