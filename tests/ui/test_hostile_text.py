"""API text never reaches the terminal raw: every place a name or description appears (emulator over HTTP).

Snapshot names and descriptions are chosen by whoever has write access to the
account. Each test puts hostile ones (ESC[2J, OSC 0 and OSC 8, CR, LF, TAB,
RLO/PDF, zero-width joiner emoji, a variation selector, a skin-tone modifier, a
blank name, a 300-character name) into the emulator, drives the app with keys,
and checks the bytes Textual writes to the terminal (:func:`hostile.assert_clean`):
no raw control or bidi character, and every line exactly as wide for a terminal
that counts code points (tmux) as for Rich, so no border shifts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.message import Message
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static

from efs_tui.api.client import RequestRecord
from efs_tui.api.models import Service, Share, Snapshot
from efs_tui.core.validation import SnapshotDraft
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.dialogs.bulk_report import BulkDeleteReport
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from efs_tui.ui.dialogs.confirm_typed import TypedConfirmDialog
from efs_tui.ui.dialogs.copy_menu import CopyMenu
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog
from efs_tui.ui.screens.activity import ActivityScreen
from efs_tui.ui.screens.main import MainScreen
from efs_tui.ui.widgets import SnapshotTable

from . import hostile
from .conftest import BASE_TIME, AppFactory
from .helpers import (
    capture_notifications,
    delete_highlighted,
    focus_table,
    open_share,
    wait_idle,
    wait_ready,
    wait_screen,
    wait_until,
)
from .test_actions_copy import capture_clipboard
from .test_dialogs import MARKUP, SIZES, Host, plain, snapshot, typed_dialog
from .test_dialogs import screen_text as dialog_text
from .test_table import NOW, line, start


async def start_hostile(pilot: Pilot[Any], emulator: EmulatorServer) -> tuple[MainScreen, list[Snapshot]]:
    """The app on web-content after the hostile snapshots were added (a refresh, as a user would)."""
    screen = await wait_ready(pilot)
    added = hostile.seed(emulator.state, BASE_TIME)
    await focus_table(pilot, screen)
    await pilot.press("r")
    await wait_until(pilot, lambda: all(s.id in screen.table.snapshots for s in added))
    await wait_idle(pilot)
    return screen, added


async def select(pilot: Pilot[Any], screen: MainScreen, snap: Snapshot) -> None:
    screen.table.select(snap.id)
    await pilot.pause()
    assert screen.table.highlighted is not None and screen.table.highlighted.id == snap.id


def screen_text(app: App[Any]) -> str:
    return "\n".join(hostile.terminal_lines(app))


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    """The dialog tests run at the smallest supported terminal and a common larger one (as in test_dialogs)."""
    value: tuple[int, int] = request.param
    return value


def shown(widget: Widget) -> str:
    """The text a widget draws on screen, line by line."""
    width, height = widget.size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


# -- the main screen: table, detail, tree ------------------------------------------------------


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (200, 50)], ids=["100x30", "80x24", "200x50"])
async def test_table_and_detail_show_stand_ins_and_keep_every_line_exact(
    make_app: AppFactory, emulator: EmulatorServer, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen, added = await start_hostile(pilot, emulator)
        for key, snap in zip(hostile.HOSTILE, added, strict=True):
            await select(pilot, screen, snap)
            lines = hostile.assert_clean(app)
            detail = "\n".join(lines)
            # The stand-ins themselves are on screen (the start of the name: narrow panes wrap it).
            assert any(hostile.SHOWN[key][:20] in line for line in lines), key
            assert "pwned\x07" not in detail


async def test_a_newline_in_a_name_cannot_fake_detail_rows(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        screen, added = await start_hostile(pilot, emulator)
        await select(pilot, screen, added[list(hostile.HOSTILE).index("lf")])
        lines = hostile.assert_clean(app)
        rows = [line for line in lines if "│ Status" in line or "│ Id " in line]
        assert len(rows) == 2, rows  # the real Status and Id rows only
        assert any("evil␊Status      available" in line for line in lines)
        assert any(hostile.SHOWN_DESCRIPTION in line for line in lines)


async def test_a_blank_name_is_marked_in_table_and_detail(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen, added = await start_hostile(pilot, emulator)
        await select(pilot, screen, added[list(hostile.HOSTILE).index("blank")])
        lines = hostile.assert_clean(app)
        assert sum("␠␠␠" in line for line in lines) >= 2  # its row and the detail's Name


async def test_the_tree_label_of_a_hostile_share_is_literal(make_app: AppFactory, emulator: EmulatorServer) -> None:
    hostile.seed(emulator.state, BASE_TIME)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        assert any("db␛]0;pwned␇" in line for line in hostile.assert_clean(app))


# -- the edit dialog (e) ----------------------------------------------------------------------------


class EditHost(App[None]):
    """Only the edit dialog, prefilled with hostile values."""

    def __init__(self, name: str, description: str) -> None:
        super().__init__()
        self.results: list[Any] = []
        self._dialog = CreateSnapshotDialog.for_edit(
            "share\x1b]0;pwned\x07", "0badc0de-0000-4000-8000-000000000000", _draft(name, description)
        )

    def compose(self) -> ComposeResult:
        yield Static("background")

    def on_mount(self) -> None:
        self.push_screen(self._dialog, callback=self.results.append)


def _draft(name: str, description: str) -> SnapshotDraft:
    return SnapshotDraft(name=name, description=description)


@pytest.mark.parametrize("key", [k for k in hostile.HOSTILE if k not in ("blank", "long")])
async def test_edit_dialog_shows_stand_ins_and_refuses_to_save_until_cleaned(key: str) -> None:
    name = hostile.HOSTILE[key]
    app = EditHost(name, "fine")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        field = screen.query_one("#name", Input)
        assert field.value == name  # the value is the truth; only its drawing is safe
        lines = hostile.assert_clean(app)
        assert any(hostile.SHOWN[key] in line for line in lines), lines
        error = screen.query_one("#name-error", Static)
        assert error.has_class("-shown") and field.has_class("-invalid")
        message = str(error.render())
        assert message.startswith("Name: ") and "(U+" in message and "is not allowed" in message
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []  # Save refused
        # Clean it: the field is valid again and Save goes through.
        field.value = "clean"
        await pilot.pause()
        assert not error.has_class("-shown")
        await pilot.press("enter")
        await pilot.pause()
    assert [(r.name, r.description) for r in app.results] == [("clean", "fine")]


async def test_edit_dialog_flags_a_hostile_description_too() -> None:
    app = EditHost("ok", hostile.HOSTILE_DESCRIPTION)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        lines = hostile.assert_clean(app)
        shown = hostile.SHOWN_DESCRIPTION
        assert any(shown[: len(shown) // 2] in line for line in lines)
        error = app.screen.query_one("#description-error", Static)
        assert str(error.render()) == "Description: ESC (U+001B) at position 5 is not allowed."
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []


async def test_edit_dialog_cursor_moves_over_stand_ins_one_cell_each() -> None:
    """The cursor and backspace act on the real character under the stand-in."""
    app = EditHost("ab\x1b[2Jcd", "")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#name", Input)
        field.cursor_position = 3
        await pilot.press("backspace")
        assert field.value == "ab[2Jcd"
        assert field._cursor_offset == 2
        await pilot.pause()
        assert not app.screen.query_one("#name-error", Static).has_class("-shown")


async def test_e_on_a_hostile_snapshot_keeps_the_terminal_title(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen, added = await start_hostile(pilot, emulator)
        await select(pilot, screen, added[list(hostile.HOSTILE).index("osc0")])
        await pilot.press("e")
        await wait_screen(pilot, CreateSnapshotDialog)
        await pilot.pause()
        lines = hostile.assert_clean(app)
        assert any("title␛]0;pwned␇x" in line for line in lines)
        assert any(hostile.SHOWN_DESCRIPTION[:20] in line for line in lines)
        await pilot.press("enter")  # refused: nothing is sent
        await pilot.pause()
        assert isinstance(app.screen, CreateSnapshotDialog)
        assert emulator.state.requests.count(method="PUT") == 0


# -- dialogs, menus, log, toasts ----------------------------------------------------------------------


async def test_delete_and_bulk_dialogs_and_report_are_clean(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen, added = await start_hostile(pilot, emulator)
        for key in ("osc0", "zwj", "lf", "blank"):
            await select(pilot, screen, added[list(hostile.HOSTILE).index(key)])
            await pilot.press("d")
            await wait_screen(pilot, ConfirmDeleteDialog)
            await pilot.pause()
            lines = hostile.assert_clean(app)
            assert any(hostile.SHOWN[key] in line for line in lines), key
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is screen)
        # Mark three and bulk delete them, the API failing one.
        for key in ("csi", "bidi", "vs16"):
            await select(pilot, screen, added[list(hostile.HOSTILE).index(key)])
            await pilot.press("space")
        emulator.state.faults.fail_next(500, method="DELETE", path_contains=added[0].id)
        await pilot.press("d")
        await wait_screen(pilot, ConfirmDeleteDialog)
        await pilot.pause()
        hostile.assert_clean(app)
        assert "3 snapshots" in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteReport) and app.screen.finished)
        lines = hostile.assert_clean(app)
        assert any(hostile.SHOWN["csi"] in line for line in lines)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen and any(n.get("title") == "Bulk delete" for n in notes))
        await pilot.pause()
        hostile.assert_clean(app)
        assert all(n["markup"] is False for n in notes)
        assert all(char not in n["message"] for n in notes for char in hostile.FORBIDDEN if char != "\n")


async def test_toasts_name_hostile_snapshots_with_stand_ins(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen, added = await start_hostile(pilot, emulator)
        await select(pilot, screen, added[list(hostile.HOSTILE).index("osc8")])
        await delete_highlighted(pilot, screen)
        await wait_until(pilot, lambda: any("Deleting snapshot" in n["message"] for n in notes))
        await pilot.pause()
        lines = hostile.assert_clean(app)
        text = "\n".join(lines)
        assert "Deleting snapshot" in text and "␛]8;;https:" in text


async def test_copy_menu_shows_stand_ins_and_refuses_unsafe_values(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen, added = await start_hostile(pilot, emulator)
        snap = replace(added[0], id=hostile.snapshot_id(99), path=".snapshot/x\x1b]0;pwned\x07")
        emulator.state.add_snapshot(*hostile.ids_of(emulator.state), snap)
        await pilot.press("r")
        await wait_until(pilot, lambda: snap.id in screen.table.snapshots)
        await wait_idle(pilot)
        await select(pilot, screen, snap)
        hostile.assert_clean(app)
        await pilot.press("c")
        await wait_screen(pilot, CopyMenu)
        menu = app.screen
        assert isinstance(menu, CopyMenu)
        await wait_until(pilot, lambda: menu.choice("mount") is not None and menu.choice("mount").text is not None)  # type: ignore[union-attr]
        await pilot.pause()
        hostile.assert_clean(app)
        path = menu.choice("path")
        assert path is not None and path.text is None and path.reason == "contains control characters"
        assert menu.query_one(OptionList).get_option("path").disabled


async def test_typed_confirm_shows_a_hostile_share_name_as_stand_ins() -> None:
    class TypedHost(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("background")

        def on_mount(self) -> None:
            body = ["Share db\x1b]0;pwned\x07 \u202eabc"]
            self.push_screen(TypedConfirmDialog("Revert", body, "db\x1b]0;x\x07", "Revert"))

    app = TypedHost()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"db", "\x1b")  # a pasted/typed ESC is drawn as a stand-in too
        await pilot.pause()
        lines = hostile.assert_clean(app)
        assert any("type db␛]0;x␇ below" in line for line in lines)


async def test_activity_log_shows_a_hostile_query_id_as_stand_ins(make_app: AppFactory) -> None:
    """The query id and error come from the server's answer: a hostile proxy could put anything there."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("L")
        await wait_screen(pilot, ActivityScreen)
        log_screen = app.screen
        assert isinstance(log_screen, ActivityScreen)
        record = RequestRecord(
            "GET", "/storage/netapp", 502, 0.01, "EU.x\x1b]0;pwned\x07\u202e", 1, error="bad\rgate\u200d"
        )
        log_screen.activity.record(record)
        log_screen.post_message(ActivityScreen.NewRecords())
        await wait_until(pilot, lambda: "EU.x?]0;pwned??" in screen_text(app))
        hostile.assert_clean(app)


# -- in tmux: the real terminal -----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_in_tmux_the_borders_stay_put_and_the_title_is_kept(tmp_path: Path) -> None:
    """The app on hostile data in a 100x30 tmux pane: every line ends at the same column, the pane keeps its title."""
    name = f"efs-hostile-{uuid.uuid4().hex[:8]}"
    root = Path(__file__).resolve().parents[2]
    command = f"cd {root} && {sys.executable} -m tests.ui.hostile"

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout

    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "100", "-y", "30", command], check=True)
    try:
        tmux("select-pane", "-t", name, "-T", "kept-title")
        deadline = time.monotonic() + 30
        screen = ""
        while time.monotonic() < deadline:
            screen = tmux("capture-pane", "-t", name, "-p")
            if "fam" in screen and "love" in screen:
                break
            time.sleep(0.3)
        assert "fam" in screen, screen
        time.sleep(1)
        screen = tmux("capture-pane", "-t", name, "-p")
        rows = [line for line in screen.splitlines() if "fam" in line or "love" in line or "ok\U0001f44d" in line]
        assert rows, screen
        table_border = {_column_of_last(line, "│") for line in rows}
        assert len(table_border) == 1, rows  # tmux puts the right border at the same column on every row
        assert tmux("display-message", "-p", "-t", name, "#{pane_title}").strip() == "kept-title"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)


def _column_of_last(line: str, char: str) -> int:
    """The terminal column of the last ``char`` in a tmux line, counting cells as tmux draws them."""
    from efs_tui.cli.output import display_width

    return display_width(line[: line.rindex(char)])


# == moved here from the files where they first landed ===============================================
# -- markup in share and service names -------------------------------------------------------

HOSTILE_SHARES = ["logs[/foo]", "[@click=app.quit]x[/]"]


def rename_share_of(emulator: EmulatorServer, service: str, share: str, name: str) -> None:
    """Give a share another name in the emulator (there is no API for it)."""
    state = emulator.state
    with state.lock:
        record = next(r for r in state._services.values() if r.service.label == service)
        shares = record.shares
        share_record = next(r for r in shares.values() if r.share.label == share)
        share_record.share = replace(share_record.share, name=name)


@pytest.mark.parametrize("hostile", HOSTILE_SHARES)
async def test_share_name_with_markup_is_shown_literally(
    make_app: AppFactory, emulator: EmulatorServer, hostile: str
) -> None:
    rename_share_of(emulator, "prod-nfs-gra", "logs", hostile)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_share(pilot, "prod-nfs-gra", hostile)
        assert app.is_running and app.return_code is None
        title = screen.table._border_title
        assert title is not None and title.plain == f"Snapshots · {hostile}"
        assert hostile in shown(screen.query_one("#snap-header"))
        assert f"Snapshots · {hostile}" in shown(screen.table)
        node = screen.service_tree.cursor_node
        assert node is not None and hostile in str(node.label)
        await pilot.click("#table")  # a click on the title must not run anything
        await pilot.pause()
        assert app.is_running


async def test_service_name_with_markup_is_shown_literally(make_app: AppFactory, emulator: EmulatorServer) -> None:
    hostile = "[@click=app.quit]prod[/] [bold]x"
    service_id = emulator.state.service_ids()[0]
    emulator.state.rename_service(service_id, hostile)
    app = make_app()
    async with app.run_test(size=(180, 40)) as pilot:
        screen = await wait_ready(pilot)
        node = screen.service_tree.service_node(service_id)
        assert node is not None and hostile in str(node.label)
        screen.service_tree.move_cursor(node)
        await wait_until(pilot, lambda: screen.detail.view == "service")
        assert hostile in shown(screen.detail._body)
        assert screen.current is not None and screen.current.service.label == hostile
        screen.table.focus()
        await pilot.pause()
        assert hostile in shown(screen.query_one("#snap-header"))
        assert app.is_running and app.return_code is None


# -- markup and escapes in a snapshot, through table, detail, dialogs, toasts --

MARKUP_NAME = "[bold red]x[/]"


MARKUP_DESCRIPTION = "evil \x1b[31m red"


SHOWN_MARKUP_DESCRIPTION = "evil ␛[31m red"
"""How the description must look: the escape made visible, never sent to the terminal."""


def screen_lines(app: App[Any]) -> list[str]:
    """What the terminal shows, line by line (the top screen with its toasts)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def compositor_text(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))


async def _add_hostile(pilot: Pilot[Any], emulator: EmulatorServer, screen: MainScreen) -> Snapshot:
    """A snapshot named like markup, with an escape sequence in its description, highlighted in the table."""
    item = screen.current
    assert item is not None
    snap = Snapshot(
        id="0badc0de-0000-4000-8000-000000000001",
        name=MARKUP_NAME,
        description=MARKUP_DESCRIPTION,
        type="manual",
        status="available",
        path="/export/.snapshot/x",
        created_at=BASE_TIME,
    )
    emulator.state.add_snapshot(item.service.id, item.share.id, snap)
    await focus_table(pilot, screen)
    await pilot.press("r")
    await wait_until(pilot, lambda: snap.id in screen.table.snapshots)
    await wait_idle(pilot)
    screen.table.select(snap.id)
    await pilot.pause()
    assert screen.table.highlighted is not None and screen.table.highlighted.id == snap.id
    return snap


async def test_hostile_text_shows_literally_in_table_detail_dialog_and_errors(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        snap = await _add_hostile(pilot, emulator, screen)
        text = compositor_text(app)
        table_lines = [line for line in screen_lines(app) if MARKUP_NAME in line]
        assert len(table_lines) >= 2  # its row and the detail's Name
        assert SHOWN_MARKUP_DESCRIPTION in text and "\x1b" not in text
        # The delete dialog.
        await pilot.press("d")
        await wait_screen(pilot, ConfirmDeleteDialog)
        await pilot.pause()
        text = compositor_text(app)
        assert MARKUP_NAME in text and SHOWN_MARKUP_DESCRIPTION in text and "\x1b" not in text
        # A failing delete: the toast, then the detail remembers why.
        emulator.state.faults.fail_next(500, method="DELETE", path_contains=snap.id)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen and any(n.get("severity") == "error" for n in notes))
        await pilot.pause()
        assert all(n["markup"] is False for n in notes)
        text = compositor_text(app)
        assert "Deleting snapshot" in text and "HTTP 500" in text
        app.clear_notifications()  # the toast covers the detail
        await pilot.pause()
        assert "✖ Last delete failed: HTTP 500" in compositor_text(app)
        assert snap.id in screen.table.snapshots
        # The bulk path names the snapshot in its error toast.
        await pilot.press("space")
        emulator.state.faults.fail_next(500, method="DELETE", path_contains=snap.id)
        await delete_highlighted(pilot, screen)
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteReport) and app.screen.finished)
        text = compositor_text(app)
        assert MARKUP_NAME in text and "\x1b" not in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen and any(n.get("title") == "Bulk delete" for n in notes))
        await pilot.pause()
        bulk = next(n for n in notes if n.get("title") == "Bulk delete")
        assert f"✖ {MARKUP_NAME}: failed: HTTP 500" in bulk["message"] and bulk["markup"] is False
        toast_lines = [line for line in screen_lines(app) if f"✖ {MARKUP_NAME}" in line]
        assert toast_lines, "the bulk error toast shows the name literally"
        assert "\x1b" not in compositor_text(app)


# -- control characters in copy-menu values --------------------------------

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
        await wait_screen(pilot, CopyMenu)
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
        await wait_screen(pilot, CopyMenu)
        menu = app.screen
        assert isinstance(menu, CopyMenu)
        await wait_until(pilot, lambda: menu.choice("mount").reason == "contains control characters")  # type: ignore[union-attr]
        assert menu.choice("mount").text is None  # type: ignore[union-attr]
        await pilot.press("3")
        await pilot.pause()
        assert copied == [] and app.screen is menu


# -- dialogs on their own (from test_dialogs.py) ----------------------------------------------------------


class TestDialogTextIsLiteral:
    async def test_control_character_is_refused_and_kept(self, size: tuple[int, int]) -> None:
        app = Host(CreateSnapshotDialog("data"))
        async with app.run_test(size=size) as pilot:
            screen = app.screen
            screen.query_one("#description", Input).value = "bad\x1b[2Jdesc"
            await pilot.pause()
            await pilot.press(*"ok", "enter")  # Enter from the (valid) name field
            await pilot.pause()
            assert not app.dismissed
            error = screen.query_one("#description-error", Static)
            assert error.display and error.has_class("-shown")
            assert plain(error) == "Description: ESC (U+001B) at position 4 is not allowed."
            assert screen.query_one("#description", Input).value == "bad\x1b[2Jdesc"
            assert app.focused is screen.query_one("#description")
            assert not screen.query_one("#name-error", Static).has_class("-shown")
            # Fixing it lets the form through.
            screen.query_one("#description", Input).value = "good"
            await pilot.pause()
            assert not error.has_class("-shown")
            await pilot.press("enter")
            await pilot.pause()
        assert app.results == [SnapshotDraft("ok", "good")]

    async def test_share_label_is_literal(self, size: tuple[int, int]) -> None:
        app = Host(CreateSnapshotDialog(f"{MARKUP}\x1b"))
        async with app.run_test(size=size):
            assert plain(app.screen.query_one("#share", Static)) == f"Share: {MARKUP}␛"

    async def test_api_text_is_literal_and_escapes_are_visible(self, size: tuple[int, int]) -> None:
        evil = snapshot(name=MARKUP, description="\x1b[2J[link=http://x]y[/link]\u202e")
        app = Host(
            ConfirmDeleteDialog([evil], service=Service(id="svc", name=MARKUP), share=Share(id="shr", name=MARKUP))
        )
        async with app.run_test(size=size):
            text = dialog_text(app)
            assert f"Name: {MARKUP}" in text
            assert "Description: ␛[2J[link=http://x]y[/link]\ufffd" in text
            assert f"Share: {MARKUP} (shr)" in text
            assert f"Service: {MARKUP} (svc)" in text
            assert "\x1b" not in text
            assert "[bold red]x[/]" in app.export_screenshot().replace("&#160;", " ")

    async def test_text_is_literal(self) -> None:
        app = Host(typed_dialog(f"{MARKUP}\x1b"))
        async with app.run_test(size=(80, 24)):
            text = dialog_text(app)
            assert f"Revert share {MARKUP} to snapshot nightly?" in text
            assert f"To confirm, type {MARKUP}␛ below:" in text
            assert str(app.screen.query_one("#dialog").border_title) == "Revert share"

    @pytest.mark.parametrize(
        ("expected", "shown"),
        [("da\u202eta", "da\ufffdta"), ("data\x1b[0m", "data\u241b[0m"), ("a\tb", "a\u2409b")],
    )
    async def test_a_name_with_control_characters_can_be_typed_as_shown(self, expected: str, shown: str) -> None:
        """What must be typed is what is displayed: the stand-ins, not the invisible raw characters."""
        app = Host(typed_dialog(expected))
        async with app.run_test(size=(80, 24)) as pilot:
            assert f"To confirm, type {shown} below:" in dialog_text(app)
            typed = app.screen.query_one("#typed", Input)
            confirm = app.screen.query_one("#confirm", Button)
            typed.value = expected  # the raw text (not typeable anyway) is not what is shown
            await pilot.pause()
            assert confirm.disabled
            typed.value = ""
            typed.insert_text_at_cursor(shown)  # as pasted (or typed with a compose key)
            await pilot.pause()
            assert typed.value == shown
            assert not confirm.disabled
            await pilot.press("enter")
            await pilot.pause()
        assert app.results == [True]


# -- the table on its own (from test_table.py) ---------------------------------------------------------------


async def test_api_strings_render_literally() -> None:
    hostile = [
        Snapshot(id="aaaaaaaa-1", name="[bold red]x[/]", description="[link=http://x]y[/link]", created_at=NOW),
        Snapshot(id="bbbbbbbb-2", name="\x1b[31mred", status="\x1b]0;pwned\x07", created_at=NOW - timedelta(1)),
    ]

    async def check(table: SnapshotTable, pilot: Pilot[Any], messages: list[Message]) -> None:
        first, second = line(table, 1), line(table, 2)
        assert "[bold red]x[/]" in first and "[link=http://x]y[/link]" in first
        assert "\x1b" not in second and "␛[31mred" in second and "␛]0;pwned␇" in second
        cells = table.row_text("aaaaaaaa-1")
        assert cells is not None and cells["name"].plain == "[bold red]x[/]" and not cells["name"].spans
        assert table.row_text("missing") is None
        svg = pilot.app.export_screenshot()
        assert "\x1b" not in svg and "x[/]" in svg

    await start(check, snapshots=hostile, size=(200, 10))


async def test_edit_dialog_shows_a_blank_name_as_blank_marks() -> None:
    """A name of spaces is drawn ␠␠␠ in the field (its value stays spaces); the counter says 0 will be sent."""
    app = EditHost("   ", "")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#name", Input)
        assert field.value == "   "
        lines = hostile.assert_clean(app)
        assert any("␠␠␠" in line for line in lines)
        assert str(app.screen.query_one("#name-count", Static).render()) == "0/64"
