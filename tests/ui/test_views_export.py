"""Export (``x``): the visible rows, in display order, to CSV or JSON; no silent overwrite."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Input, RadioButton, Static

from efs_tui.ui.dialogs.export import ExportDialog, default_export_path, with_format

from .conftest import AppFactory
from .helpers import capture_notifications, wait_ready, wait_screen, wait_until


async def open_export(pilot: Pilot[Any], app: App[Any]) -> ExportDialog:
    await pilot.press("x")
    await wait_screen(pilot, ExportDialog)
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def set_path(pilot: Pilot[Any], dialog: ExportDialog, path: Path) -> None:
    dialog.query_one("#export-path", Input).value = str(path)
    await pilot.pause()


async def test_export_writes_visible_rows_in_display_order(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await pilot.press("tab", "slash", *"type:manual", "enter", "S")  # filtered, oldest first
        expected = [s.id for s in screen.table.visible_snapshots()]
        assert 0 < len(expected) < screen.table.total_count
        dialog = await open_export(pilot, app)
        assert dialog.query_one("#export-path", Input).value.startswith("./snapshots-web-content-20260302-")
        target = tmp_path / "manual.csv"
        await set_path(pilot, dialog, target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        with target.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert [r["id"] for r in rows] == expected
        assert all(r["type"] == "manual" for r in rows)
        assert any(str(target.resolve()) in n["message"] for n in notes)


async def test_json_by_toggle_and_overwrite_needs_confirmation(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        target = tmp_path / "all.json"
        target.write_text("keep me", encoding="utf-8")
        dialog = await open_export(pilot, app)
        await set_path(pilot, dialog, tmp_path / "all.csv")
        dialog.query_one("#fmt-json", RadioButton).value = True  # the toggle switches the extension
        await wait_until(pilot, lambda: dialog.query_one("#export-path", Input).value.endswith("all.json"))
        dialog.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and target.read_text(encoding="utf-8") == "keep me"  # refused…
        assert "exists" in str(dialog.query_one("#export-status", Static).content)
        assert str(dialog.query_one("#submit", Button).label) == "Overwrite"
        await pilot.press("enter")  # …until confirmed
        await wait_until(pilot, lambda: app.screen is screen)
        data = json.loads(target.read_text(encoding="utf-8"))["snapshots"]
        assert [d["id"] for d in data] == [s.id for s in screen.table.visible_snapshots()]


async def test_export_error_is_readable_and_keeps_the_dialog(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        dialog = await open_export(pilot, app)
        bad = tmp_path / "missing-dir" / "out.csv"
        await set_path(pilot, dialog, bad)
        await pilot.press("enter")
        status = dialog.query_one("#export-status", Static)
        await wait_until(pilot, lambda: "Could not write" in str(status.content))
        assert "No such file or directory" in str(status.content)
        assert app.screen is dialog and dialog.query_one("#export-path", Input).value == str(bad)  # nothing lost
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportDialog)


def test_default_path_and_format_switch() -> None:
    when = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert default_export_path("web content/../x", when) == "./snapshots-web_content_.._x-20260302-0930.csv"
    assert with_format("./a.csv", "json") == "./a.json"
    assert with_format("./a", "csv") == "./a.csv"
