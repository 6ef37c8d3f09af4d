"""Behaviour of the modal dialogs, driven with Pilot at 80x24 and 100x30.

The pictures are checked by the SVG snapshot tests; these tests check what each
dialog returns for each key, that invalid input is refused without losing it,
and that text from the API is shown literally (no markup, no raw ESC).
"""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Static

import efs_tui.ui.dialogs as dialogs
from efs_tui.api.models import Service, Share, Snapshot
from efs_tui.ui.dialogs import (
    DESCRIPTION_MAX,
    NAME_MAX,
    ConfirmDeleteDialog,
    CreateSnapshotDialog,
    SnapshotDraft,
    TypedConfirmDialog,
    check_name,
    trim,
    validate_draft,
)

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(80, 24), (100, 30)]
MARKUP = "[bold red]x[/]"
SERVICE = Service(id="3f1c2a9e-7b4d-4e8a-9c21-5d6e7f8a9b0c", name="prod-pool")
SHARE = Share(id="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", name="data")
CREATED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def snapshot(**fields: Any) -> Snapshot:
    """A snapshot with plausible defaults, overridden by ``fields``."""
    values: dict[str, Any] = {
        "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
        "name": "before-upgrade",
        "description": "kept until the migration is verified",
        "type": "manual",
        "status": "available",
        "created_at": CREATED,
    }
    values.update(fields)
    return Snapshot(**values)


class Host(App[None]):
    """A bare app that shows one dialog and records what it was dismissed with."""

    def __init__(self, dialog: Screen[Any]) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Static("main screen")

    def on_mount(self) -> None:
        self.push_screen(self.dialog, callback=self.results.append)

    @property
    def dismissed(self) -> bool:
        """Whether the dialog has closed."""
        return bool(self.results)


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    """Every Pilot test runs at the smallest supported terminal and a common larger one."""
    value: tuple[int, int] = request.param
    return value


def plain(widget: Widget) -> str:
    """The text a Static shows, as rendered (after any markup parsing)."""
    assert isinstance(widget, Static)
    return str(widget.visual)


def screen_text(app: App[Any]) -> str:
    """All the text of the dialog as rendered, one Static per line."""
    return "\n".join(plain(widget) for widget in app.screen.query(Static) if not isinstance(widget, Button))


def assert_on_screen(app: App[Any], widget: Widget) -> None:
    """The widget is inside the terminal (not pushed off by a long body)."""
    width, height = app.size
    region = widget.region
    assert region.height > 0
    assert region.y >= 0 and region.bottom <= height and region.right <= width, region


# -- validation (no Textual) ------------------------------------------------------------------


class TestValidation:
    def test_trims_and_empty_becomes_none(self) -> None:
        """Spaces around are dropped silently; nothing left means "not given"."""
        assert validate_draft("  nightly  ", "   ") == (SnapshotDraft("nightly", None), [])
        assert validate_draft("", "") == (SnapshotDraft(None, None), [])

    @pytest.mark.parametrize(
        ("char", "named"),
        [
            ("\x1b", "ESC (U+001B)"),
            ("\x00", "NUL (U+0000)"),
            ("\n", "newline (U+000A)"),
            ("\t", "tab (U+0009)"),
            ("\x7f", "DEL (U+007F)"),
            ("\x85", "C1 control character (U+0085)"),
            ("\u202e", "RIGHT-TO-LEFT OVERRIDE (U+202E)"),
            ("\u2066", "LEFT-TO-RIGHT ISOLATE (U+2066)"),
            ("\u2029", "PARAGRAPH SEPARATOR (U+2029)"),
        ],
    )
    def test_refuses_control_and_bidi_characters(self, char: str, named: str) -> None:
        """The message names the character and its 1-based position as typed."""
        draft, errors = validate_draft(f"  ab{char}c", "")
        assert draft is None
        assert errors == [f"Name: {named} at position 5 is not allowed."]

    def test_control_character_at_the_edge_is_refused_not_trimmed(self) -> None:
        """A trailing tab or newline is reported, never silently dropped."""
        assert validate_draft("name\t", "")[1] == ["Name: tab (U+0009) at position 5 is not allowed."]
        assert validate_draft("", "\ndesc")[1] == ["Description: newline (U+000A) at position 1 is not allowed."]

    def test_length_limits_apply_after_trimming(self) -> None:
        assert validate_draft("x" * NAME_MAX, "y" * DESCRIPTION_MAX)[1] == []
        assert validate_draft(f"  {'x' * NAME_MAX}  ", "")[1] == []
        draft, errors = validate_draft("x" * (NAME_MAX + 1), "y" * (DESCRIPTION_MAX + 1))
        assert draft is None
        assert errors == [
            f"Name: {NAME_MAX + 1} characters; the limit is {NAME_MAX}.",
            f"Description: {DESCRIPTION_MAX + 1} characters; the limit is {DESCRIPTION_MAX}.",
        ]

    def test_limits_are_the_stated_ones(self) -> None:
        assert (NAME_MAX, DESCRIPTION_MAX) == (64, 255)

    def test_unicode_text_is_fine(self) -> None:
        """Accents, CJK and emoji are ordinary text (only invisible controls are refused)."""
        assert validate_draft("sauvegarde-été 快照 📸", "")[1] == []

    def test_trim_keeps_controls(self) -> None:
        assert trim("  a b \u3000") == "a b"
        assert trim("\ta ") == "\ta"

    def test_check_name_reports_both_problems(self) -> None:
        assert len(check_name("\x1b" * (NAME_MAX + 1))) == 2

    def test_draft_is_frozen(self) -> None:
        draft = SnapshotDraft("a", "b")
        with pytest.raises(AttributeError):
            draft.name = "c"  # type: ignore[misc]


class TestPackage:
    def test_every_public_name_resolves(self) -> None:
        for name in dialogs.__all__:
            assert getattr(dialogs, name) is not None
        with pytest.raises(AttributeError):
            dialogs.no_such_name  # noqa: B018

    @pytest.mark.parametrize("module", ["sanitize.py", "validation.py"])
    def test_rules_do_not_import_textual(self, module: str) -> None:
        """The rules are shared with the headless CLI: no Textual in the modules that hold them."""
        tree = ast.parse((ROOT / "efs_tui" / "core" / module).read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {name for name in imported if name.split(".")[0] == "textual"}
        stdlib = {"__future__", "collections.abc", "dataclasses", "datetime", "re", "typing", "unicodedata"}
        assert imported <= stdlib | {
            "urllib.parse",
            "efs_tui.core.sanitize",
        }  # urllib.parse: redacting URL-encoded secrets


# -- create / edit ---------------------------------------------------------------------------


class TestCreateSnapshotDialog:
    async def test_enter_submits_the_trimmed_draft(self, size: tuple[int, int]) -> None:
        app = Host(CreateSnapshotDialog("data"))
        async with app.run_test(size=size) as pilot:
            assert app.focused is app.screen.query_one("#name")
            await pilot.press(*"  nightly ", "tab", *"before upgrade ", "enter")
            await pilot.pause()
        assert app.results == [SnapshotDraft("nightly", "before upgrade")]

    async def test_enter_in_the_name_field_submits_too(self, size: tuple[int, int]) -> None:
        app = Host(CreateSnapshotDialog("data"))
        async with app.run_test(size=size) as pilot:
            await pilot.press(*"n1", "enter")
            await pilot.pause()
        assert app.results == [SnapshotDraft("n1", None)]

    async def test_empty_submit_lets_the_api_name_it(self, size: tuple[int, int]) -> None:
        app = Host(CreateSnapshotDialog("data"))
        async with app.run_test(size=size) as pilot:
            await pilot.press("enter")
            await pilot.pause()
        assert app.results == [SnapshotDraft(None, None)]

    async def test_escape_cancels_with_none(self, size: tuple[int, int]) -> None:
        app = Host(CreateSnapshotDialog("data"))
        async with app.run_test(size=size) as pilot:
            await pilot.press(*"typed", "escape")
            await pilot.pause()
        assert app.results == [None]

    async def test_a_wrong_field_stays_marked_when_the_focus_leaves_it(self, size: tuple[int, int]) -> None:
        app = Host(CreateSnapshotDialog("data"))
        async with app.run_test(size=size) as pilot:
            name = app.screen.query_one("#name", Input)
            await pilot.press(*("x" * (dialogs.NAME_MAX + 1)))
            await pilot.pause()
            assert name.has_class("-invalid")
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is not name and name.has_class("-invalid")

    async def test_tab_order_and_buttons(self, size: tuple[int, int]) -> None:
        """Tab walks name, description, Create, Cancel; Enter on Cancel cancels."""
        app = Host(CreateSnapshotDialog("data"))
        async with app.run_test(size=size) as pilot:
            order = []
            for _ in range(4):
                assert app.focused is not None
                order.append(app.focused.id)
                await pilot.press("tab")
            assert order == ["name", "description", "submit", "cancel"]
            assert_on_screen(app, app.screen.query_one("#cancel"))
            await pilot.press("shift+tab", "enter")
            await pilot.pause()
        assert app.results == [None]

    async def test_create_button_submits(self, size: tuple[int, int]) -> None:
        app = Host(CreateSnapshotDialog("data"))
        async with app.run_test(size=size) as pilot:
            await pilot.press(*"abc", "tab", "tab", "enter")
            await pilot.pause()
        assert app.results == [SnapshotDraft("abc", None)]

    async def test_too_long_turns_the_counter_red_and_is_refused(self, size: tuple[int, int]) -> None:
        app = Host(CreateSnapshotDialog("data"))
        async with app.run_test(size=size) as pilot:
            screen = app.screen
            counter = screen.query_one("#name-count", Static)
            assert plain(counter) == f"0/{NAME_MAX}"
            await pilot.press(*("x" * NAME_MAX))
            assert plain(counter) == f"{NAME_MAX}/{NAME_MAX}"
            assert not counter.has_class("-over")
            await pilot.press("y", "enter")
            await pilot.pause()
            assert plain(counter) == f"{NAME_MAX + 1}/{NAME_MAX}"
            assert counter.has_class("-over")
            assert screen.query_one("#name", Input).has_class("-invalid")
            assert plain(screen.query_one("#name-error", Static)) == (
                f"Name: {NAME_MAX + 1} characters; the limit is {NAME_MAX}."
            )
            assert not app.dismissed
            await pilot.press("backspace", "enter")
            await pilot.pause()
        assert app.results == [SnapshotDraft("x" * NAME_MAX, None)]

    async def test_edit_mode(self, size: tuple[int, int]) -> None:
        """Same form, prefilled, titled "Edit snapshot", with a Save button and the snapshot id."""
        dialog = CreateSnapshotDialog.for_edit("data", "snap-id-1", SnapshotDraft("old", "desc"))
        app = Host(dialog)
        async with app.run_test(size=size) as pilot:
            screen = app.screen
            assert str(screen.query_one("#dialog").border_title) == "Edit snapshot"
            assert str(screen.query_one("#submit", Button).label) == "Save"
            assert plain(screen.query_one("#snapshot-id", Static)) == "Snapshot: snap-id-1"
            assert screen.query_one("#name", Input).value == "old"
            assert plain(screen.query_one("#description-count", Static)) == f"4/{DESCRIPTION_MAX}"
            await pilot.press("end", *"-new", "enter")
            await pilot.pause()
        assert app.results == [SnapshotDraft("old-new", "desc")]

    async def test_default_title_and_button(self) -> None:
        app = Host(CreateSnapshotDialog("data"))
        async with app.run_test(size=(80, 24)):
            assert str(app.screen.query_one("#dialog").border_title) == "New snapshot"
            assert str(app.screen.query_one("#submit", Button).label) == "Create"

    async def test_invalid_initial_values_are_flagged_on_open(self) -> None:
        app = Host(CreateSnapshotDialog("data", initial=SnapshotDraft("x" * 70, None)))
        async with app.run_test(size=(80, 24)) as pilot:
            assert app.screen.query_one("#name-count", Static).has_class("-over")
            assert app.screen.query_one("#name-error", Static).has_class("-shown")
            assert_on_screen(app, app.screen.query_one("#submit"))
            await pilot.press("enter")
            await pilot.pause()
            assert not app.dismissed


# -- delete ----------------------------------------------------------------------------------


def delete_dialog(*snapshots: Snapshot) -> ConfirmDeleteDialog:
    return ConfirmDeleteDialog(snapshots or (snapshot(),), service=SERVICE, share=SHARE)


class TestConfirmDeleteDialog:
    async def test_cancel_has_focus_and_enter_cancels(self, size: tuple[int, int]) -> None:
        app = Host(delete_dialog())
        async with app.run_test(size=size) as pilot:
            assert app.focused is app.screen.query_one("#cancel")
            await pilot.press("enter")
            await pilot.pause()
        assert app.results == [False]

    @pytest.mark.parametrize(("key", "result"), [("y", True), ("n", False), ("escape", False)])
    async def test_keys(self, size: tuple[int, int], key: str, result: bool) -> None:
        app = Host(delete_dialog())
        async with app.run_test(size=size) as pilot:
            await pilot.press(key)
            await pilot.pause()
        assert app.results == [result]

    async def test_enter_on_the_delete_button_confirms(self, size: tuple[int, int]) -> None:
        app = Host(delete_dialog())
        async with app.run_test(size=size) as pilot:
            await pilot.press("shift+tab")
            assert app.focused is app.screen.query_one("#delete")
            await pilot.press("enter")
            await pilot.pause()
        assert app.results == [True]

    async def test_names_the_snapshot_fully(self, size: tuple[int, int]) -> None:
        app = Host(delete_dialog())
        async with app.run_test(size=size):
            text = screen_text(app)
            for expected in (
                "Name: before-upgrade",
                "ID: 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
                "Type: manual",
                "Status: available",
                "Created: 2026-01-02T03:04:05Z",
                "Description: kept until the migration is verified",
                f"Share: data ({SHARE.id})",
                f"Service: prod-pool ({SERVICE.id})",
            ):
                assert expected in text
            assert "⚠" not in text
            assert str(app.screen.query_one("#dialog").border_title) == "Delete snapshot"
            assert_on_screen(app, app.screen.query_one("#cancel"))

    async def test_missing_fields_show_a_dash(self) -> None:
        app = Host(ConfirmDeleteDialog([Snapshot(id="s1")], service=Service(id="svc"), share=Share(id="shr")))
        async with app.run_test(size=(80, 24)):
            text = screen_text(app)
            assert "Name: —" in text and "Created: —" in text and "Description: —" in text
            assert "Share: shr\n" in text and text.endswith("Service: svc")

    async def test_automatic_warning(self, size: tuple[int, int]) -> None:
        app = Host(delete_dialog(snapshot(type="automatic")))
        async with app.run_test(size=size):
            warning = app.screen.query_one(".warning-automatic", Static)
            assert "managed by the share's snapshot policy" in plain(warning)
            assert "removes a restore point the policy expected to keep" in plain(warning)
            assert not app.screen.query(".warning-system")
            assert_on_screen(app, warning)

    async def test_system_warning(self, size: tuple[int, int]) -> None:
        app = Host(delete_dialog(snapshot(type="system")))
        async with app.run_test(size=size):
            warning = app.screen.query_one(".warning-system", Static)
            assert "created by OVHcloud" in plain(warning)
            assert "deleting may be refused or affect the platform" in plain(warning)
            assert not app.screen.query(".warning-automatic")

    async def test_bulk_lists_every_snapshot_with_a_count(self, size: tuple[int, int]) -> None:
        many = [
            snapshot(id=f"id-{i:02d}", name=f"snap-{i}", type="automatic" if i % 4 == 0 else "manual")
            for i in range(15)
        ]
        app = Host(delete_dialog(*many))
        async with app.run_test(size=size) as pilot:
            screen = app.screen
            assert str(screen.query_one("#dialog").border_title) == "Delete 15 snapshots"
            assert "Delete these 15 snapshots?" in screen_text(app)
            assert str(screen.query_one("#delete", Button).label) == "Delete 15 snapshots"
            entries = [plain(entry) for entry in screen.query(".snapshot-entry")]
            assert len(entries) == 15
            assert all(f"snap-{i}" in entry and f"id-{i:02d}" in entry for i, entry in enumerate(entries))
            assert "4 of the 15 are automatic" in plain(screen.query_one(".warning-automatic", Static))
            # The list scrolls; the buttons and the warning stay on screen.
            body = screen.query_one("#body")
            assert body.max_scroll_y > 0
            assert_on_screen(app, screen.query_one("#delete"))
            assert_on_screen(app, screen.query_one(".warning-automatic"))
            assert app.focused is screen.query_one("#cancel")
            await pilot.press("y")
            await pilot.pause()
        assert app.results == [True]

    def test_needs_a_snapshot(self) -> None:
        with pytest.raises(ValueError, match="at least one"):
            ConfirmDeleteDialog([], service=SERVICE, share=SHARE)


# -- typed confirmation ----------------------------------------------------------------------


def typed_dialog(expected: str = "data") -> TypedConfirmDialog:
    return TypedConfirmDialog(
        "Revert share",
        [f"Revert share {MARKUP} to snapshot nightly?", "Data written since then is lost."],
        expected,
        "Revert share",
    )


class TestTypedConfirmDialog:
    async def test_disabled_until_exact_text(self, size: tuple[int, int]) -> None:
        app = Host(typed_dialog("data"))
        async with app.run_test(size=size) as pilot:
            screen = app.screen
            confirm = screen.query_one("#confirm", Button)
            assert app.focused is screen.query_one("#typed")
            assert confirm.disabled
            await pilot.press(*"Dat")
            assert confirm.disabled
            await pilot.press("enter")  # a mismatch: nothing happens
            await pilot.pause()
            assert not app.dismissed
            await pilot.press("backspace", "backspace", "backspace", *"data ")
            assert confirm.disabled  # trailing space: not exact
            await pilot.press("backspace")
            assert not confirm.disabled
            assert_on_screen(app, confirm)
            await pilot.press("enter")
            await pilot.pause()
        assert app.results == [True]

    async def test_confirm_button(self, size: tuple[int, int]) -> None:
        app = Host(typed_dialog("data"))
        async with app.run_test(size=size) as pilot:
            await pilot.press(*"data", "tab", "enter")
            await pilot.pause()
        assert app.results == [True]

    async def test_escape_cancels(self, size: tuple[int, int]) -> None:
        app = Host(typed_dialog())
        async with app.run_test(size=size) as pilot:
            await pilot.press(*"data", "escape")
            await pilot.pause()
        assert app.results == [False]

    async def test_single_keys_do_not_confirm(self) -> None:
        """``y`` is just a letter here: only the typed text can confirm."""
        app = Host(typed_dialog("data"))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("y", "enter")
            await pilot.pause()
            assert not app.dismissed
            assert app.screen.query_one("#typed", Input).value == "y"

    async def test_cancel_button(self) -> None:
        app = Host(typed_dialog())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("tab", "enter")  # the confirm button is disabled, so Tab skips it
            await pilot.pause()
        assert app.results == [False]

    def test_needs_an_expected_text(self) -> None:
        with pytest.raises(ValueError, match="non-empty"):
            TypedConfirmDialog("t", [], "", "Go")
