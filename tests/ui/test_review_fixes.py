"""Review fixes in the TUI: the copy menu refuses values with control characters (emulator over HTTP)."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import OptionList

from efs_tui.emulator import EmulatorServer
from efs_tui.ui.screens.copy_menu import CopyMenu

from .conftest import AppFactory
from .helpers import wait_ready, wait_until
from .test_actions_copy import capture_clipboard, focus_table

HOSTILE_PATH = "10.1.0.10:/web_content/.snapshot/x\nrm -rf ~\n"


def ids_of(emulator: EmulatorServer, share: str = "web-content") -> tuple[str, str]:
    state = emulator.state
    service_id = next(s.id for s in state.list_services() if s.name == "prod-nfs-gra")
    share_id = next(s.id for s in state.list_shares(service_id) if s.name == share)
    return service_id, share_id


async def test_a_snapshot_path_with_a_newline_is_not_offered(make_app: AppFactory, emulator: EmulatorServer) -> None:
    service_id, share_id = ids_of(emulator)
    target = next(s for s in emulator.state.list_snapshots(service_id, share_id) if s.name == "pre-migration")
    emulator.state.add_snapshot(service_id, share_id, replace(target, path=HOSTILE_PATH))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        copied = capture_clipboard(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        screen.table.select(target.id)
        await pilot.press("Y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMenu))
        menu = app.screen
        assert isinstance(menu, CopyMenu)
        path = menu.choice("path")
        assert path is not None and path.text is None and path.reason == "contains control characters"
        option = menu.query_one(OptionList).get_option("path")
        assert option.disabled and "(contains control characters)" in str(option.prompt)
        assert "rm -rf" not in str(option.prompt)
        await pilot.press("2")  # greyed out: nothing is copied, the menu stays
        await pilot.pause()
        assert copied == [] and app.screen is menu
        await pilot.press("1")  # the id is clean: still copyable
        await wait_until(pilot, lambda: bool(copied))
        assert copied == [target.id]


async def test_a_mount_path_with_control_characters_is_not_offered(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    service_id, share_id = ids_of(emulator)
    emulator.state.set_access_paths(
        service_id,
        share_id,
        [{"id": emulator.state.new_uuid(), "path": "10.1.0.10:/web\x1b]52;c;AAAA\x07", "preferred": True}],
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        copied = capture_clipboard(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyMenu))
        menu = app.screen
        assert isinstance(menu, CopyMenu)
        await wait_until(pilot, lambda: menu.choice("mount").reason == "contains control characters")  # type: ignore[union-attr]
        assert menu.choice("mount").text is None  # type: ignore[union-attr]
        await pilot.press("3")
        await pilot.pause()
        assert copied == [] and app.screen is menu
