"""The main screen's panes and keys: read-only shown in the header at run time, Space in help and
palette, Tab order, Esc steps, export dimmed without a share, the hold audit with the new id, and a
failed delete's reason in the detail (hostile text: test_hostile_text.py).

All against the emulator, through keys where a user would use keys; what is checked on
screen is the rendered terminal (the compositor's lines), not the widgets' data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.app import App

from efs_tui.core.audit import AuditLog
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.commands import EfsCommands
from efs_tui.ui.demo import demo_client
from efs_tui.ui.dialogs.export import ExportDialog
from efs_tui.ui.keys import KEY_GROUPS
from efs_tui.ui.screens.main import MainScreen
from efs_tui.ui.widgets import DetailPanel, ServiceTree, SnapshotTable
from efs_tui.ui.widgets.filter_bar import FilterBar

from .conftest import BASE_TIME, AppFactory, fast_config
from .helpers import delete_highlighted, focus_table, hold_highlighted, wait_idle, wait_ready, wait_screen, wait_until


def screen_lines(app: App[Any]) -> list[str]:
    """What the terminal shows, line by line (the top screen with its toasts)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))


def palette_titles(screen: MainScreen) -> set[str]:
    return {title for title, _, _ in EfsCommands(screen)._available()}


# -- 1. read-only at run time ---------------------------------------------------------------


async def test_read_only_credential_puts_read_only_in_the_header(emulator: EmulatorServer) -> None:
    client = demo_client(emulator, read_only=True)
    app = EfsTuiApp(client, config=fast_config(client))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_ready(pilot)
            await wait_until(pilot, lambda: screen.config.read_only)
            await pilot.pause()
            assert screen.header.read_only
            assert "read-only" in screen_lines(app)[0]
    finally:
        await client.aclose()


async def test_switch_to_read_only_updates_the_header_at_once(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        assert "read-only" not in screen_lines(app)[0]
        screen.switch_to_read_only()
        await pilot.pause()
        assert "read-only" in screen_lines(app)[0]
        assert "demo · emulator" in screen_lines(app)[0]


# -- 2. Space: help and palette -----------------------------------------------------------


async def test_space_is_in_the_help_and_the_palette_marks_and_clears(make_app: AppFactory) -> None:
    groups = dict(KEY_GROUPS)
    assert any(k.keys == "Space" and "mark" in k.description for k in groups["Snapshots"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert any(line.lstrip("│ ").startswith("Space") for line in screen_lines(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        first = screen.table.highlighted
        assert first is not None
        assert "Mark / unmark snapshot" in palette_titles(screen)
        assert "Clear marks" not in palette_titles(screen)  # nothing to clear yet
        # The real palette: type, Enter.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"mark / unmark")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen and bool(screen.table.marked_ids))
        assert screen.table.marked_ids == {first.id}
        assert screen.table.highlighted is not None and screen.table.highlighted.id != first.id  # moved down
        assert "Clear marks" in palette_titles(screen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"clear marks")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not screen.table.marked_ids)


# -- 3. Tab goes round the panes only -------------------------------------------------------


async def test_tab_moves_between_the_three_panes_only(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        assert isinstance(screen.focused, ServiceTree)
        order = []
        for _ in range(3):
            await pilot.press("tab")
            order.append(type(screen.focused))
        assert order == [SnapshotTable, DetailPanel, ServiceTree]
        await pilot.press("tab", "tab")
        assert isinstance(screen.focused, DetailPanel)
        await pilot.press("shift+tab")
        assert isinstance(screen.focused, SnapshotTable)
        await pilot.press("shift+tab")
        assert isinstance(screen.focused, ServiceTree)
        # A filter left active keeps its bar on screen; Tab still skips it, in the table and the tree.
        await pilot.press("slash", *"backup", "enter")  # the tree's filter
        await pilot.press("tab")
        await pilot.press("slash", *"type:manual", "enter")  # the table's filter
        assert isinstance(screen.focused, SnapshotTable)
        assert all(bar.is_open and bar.text for bar in screen.query(FilterBar))
        seen = []
        for key in ("tab",) * 4 + ("shift+tab",) * 4:
            await pilot.press(key)
            seen.append(type(screen.focused))
        forward = [DetailPanel, ServiceTree, SnapshotTable, DetailPanel]
        backward = [SnapshotTable, ServiceTree, DetailPanel, SnapshotTable]
        assert seen == [*forward, *backward]
        # "/" still edits the filter, and a click on the bar too.
        await pilot.press("slash")
        assert screen.focused is screen.query_one("#table-filter", FilterBar).input
        await pilot.press("enter")
        assert isinstance(screen.focused, SnapshotTable)
        await pilot.click("#table-filter")
        assert screen.focused is screen.query_one("#table-filter", FilterBar).input


# -- 4. Esc: filter, then marks, then back ----------------------------------------------------


async def test_escape_clears_the_filter_then_the_marks_then_goes_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        total = screen.table.total_count
        await pilot.press("slash", *"type:manual", "enter")
        assert isinstance(screen.focused, SnapshotTable)
        assert screen.table.visible_count < total
        await pilot.press("space")
        assert len(screen.table.marked_ids) == 1
        await pilot.pause()
        assert "1 marked" in screen_lines(app)[1]  # the line above the table counts the marks
        bar = screen.query_one("#table-filter", FilterBar)
        await pilot.press("escape")
        assert screen.table.filter_text == "" and screen.table.visible_count == total
        assert not bar.is_open
        assert len(screen.table.marked_ids) == 1 and isinstance(screen.focused, SnapshotTable)
        await pilot.press("escape")
        assert not screen.table.marked_ids and isinstance(screen.focused, SnapshotTable)
        await pilot.pause()
        assert "marked" not in screen_lines(app)[1]
        await pilot.press("escape")
        assert isinstance(screen.focused, ServiceTree)
        # The tree's filter the same way: first Esc clears it, the tree keeps the focus.
        await pilot.press("slash", *"backup", "enter")
        tree_bar = screen.query_one("#tree-filter", FilterBar)
        assert tree_bar.text == "backup" and isinstance(screen.focused, ServiceTree)
        await pilot.press("escape")
        assert tree_bar.text == "" and not tree_bar.is_open and isinstance(screen.focused, ServiceTree)


# -- 5. export needs a share -------------------------------------------------------------------


async def test_export_is_dimmed_without_a_share() -> None:
    with EmulatorServer(dataset="empty", base_time=BASE_TIME) as server:
        client = demo_client(server)
        app = EfsTuiApp(client, config=fast_config(client))
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                await wait_until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.is_mounted)
                screen = app.screen
                assert isinstance(screen, MainScreen)
                await wait_idle(pilot)
                assert screen.current is None
                assert screen.check_action("export", ()) is None
                assert "Export snapshots" not in palette_titles(screen)
                await pilot.press("x")
                await pilot.pause()
                assert not isinstance(app.screen, ExportDialog)
        finally:
            await client.aclose()


async def test_export_is_offered_with_a_share(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        assert screen.check_action("export", ()) is True
        assert "Export snapshots" in palette_titles(screen)
        await pilot.press("x")
        await wait_screen(pilot, ExportDialog)


# -- 6. hold: the audit record keeps the new id --------------------------------------------------


async def test_hold_audit_records_old_and_new_ids(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "audit.jsonl"
    app = make_app(audit=AuditLog(path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        old, new = await hold_highlighted(pilot, screen)
    [line] = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert (record["action"], record["snapshot_id"], record["new_snapshot_id"]) == ("hold", old.id, new.id)


# -- 7. failed deletes in the detail -----------------------------------------------------------


async def test_a_failed_delete_is_forgotten_once_the_snapshot_is_deleted(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("j")
        snap = screen.table.highlighted
        assert snap is not None
        emulator.state.faults.fail_next(500, method="DELETE", path_contains=snap.id)
        await delete_highlighted(pilot, screen)
        await wait_until(pilot, lambda: snap.id in screen.pane.delete_errors)
        app.clear_notifications()
        await pilot.pause()
        assert "Last delete failed" in screen_text(app)
        await pilot.press("k")  # another row: no note
        await pilot.pause()
        assert "Last delete failed" not in screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert "Last delete failed" in screen_text(app)
        await delete_highlighted(pilot, screen)
        await wait_until(pilot, lambda: snap.id not in screen.table.snapshots)
        assert snap.id not in screen.pane.delete_errors
