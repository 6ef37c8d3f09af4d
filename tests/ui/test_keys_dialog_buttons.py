"""Left/Right move between a dialog's buttons; in a text field they still move the cursor."""

from __future__ import annotations

from textual.widgets import Button, Input

from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog
from tests.ui.conftest import AppFactory
from tests.ui.helpers import focus_table, wait_ready, wait_screen, wait_until


async def test_left_and_right_walk_the_button_row(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("d")
        await wait_screen(pilot, ConfirmDeleteDialog)
        dialog = app.screen

        def focused_id() -> str | None:
            return dialog.focused.id if isinstance(dialog.focused, Button) else None

        assert focused_id() == "cancel"  # Cancel first, always
        await pilot.press("left")
        assert focused_id() == "delete"
        await pilot.press("left")  # the row's first button: stays
        assert focused_id() == "delete"
        await pilot.press("right")
        assert focused_id() == "cancel"
        await pilot.press("right")
        assert focused_id() == "cancel"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.table.highlighted is not None  # cancelled: nothing deleted


async def test_arrows_in_a_text_field_still_move_its_cursor(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("n")
        await wait_screen(pilot, CreateSnapshotDialog)
        field = app.screen.focused
        assert isinstance(field, Input)
        await pilot.press(*"abc", "left")
        assert app.screen.focused is field and field.cursor_position == 2
        await pilot.press("escape")
