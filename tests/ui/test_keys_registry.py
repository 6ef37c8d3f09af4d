"""The command registry is the key map: every binding comes from it, and ``[keys]`` rebinds by id."""

from __future__ import annotations

import inspect
from pathlib import Path

from textual.binding import Binding

from efs_tui.config.keymap import load_keymap
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.commands import EfsCommands
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from efs_tui.ui.keys import BY_ID, REGISTRY, display_key, key_groups
from efs_tui.ui.rebinding import check_keymap
from efs_tui.ui.screens.account import AccountScreen
from efs_tui.ui.screens.help import HelpScreen
from efs_tui.ui.screens.main import MainScreen
from efs_tui.ui.screens.policies import PoliciesScreen
from tests.ui.conftest import AppFactory
from tests.ui.helpers import capture_notifications, focus_table, wait_ready, wait_screen, wait_until

OWNERS: dict[type, tuple[str, ...]] = {
    EfsTuiApp: ("app",),
    MainScreen: ("views", "main"),
    AccountScreen: ("account",),
    PoliciesScreen: ("policies",),
}
"""Which registry owners each class declares the bindings of."""


def own_bindings(cls: type) -> list[Binding]:
    """The bindings a class declares itself (not the ones it inherits)."""
    declared = cls.__dict__["BINDINGS"]
    assert all(isinstance(b, Binding) for b in declared)
    return list(declared)


def test_every_registry_entry_is_a_real_binding_and_every_binding_is_in_the_registry() -> None:
    for cls, owners in OWNERS.items():
        declared = own_bindings(cls)
        assert all(b.id for b in declared), f"{cls.__name__}: a binding without an id cannot be rebound"
        entries = [c for c in REGISTRY if c.owner in owners]
        assert {b.id for b in declared} == {c.id for c in entries}
        for command in entries:
            real = next(b for b in declared if b.id == command.id and b.action == command.action)
            assert (real.key, real.show, real.priority) == (command.keys, command.show, command.priority)
            assert hasattr(cls, f"action_{command.action.split('(', 1)[0]}"), command.action
        for binding in declared:
            if binding.action.startswith("read_only_refused"):
                assert BY_ID[str(binding.id)].writes and not binding.show


def test_palette_only_entries_run_real_main_screen_actions() -> None:
    for command in REGISTRY:
        if command.owner == "palette":
            assert hasattr(MainScreen, f"action_{command.action.split('(', 1)[0]}"), command.action


async def test_the_running_app_answers_every_registry_key(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        active = {(b.binding.id, key) for key, b in screen.active_bindings.items()}
        for command in REGISTRY:
            if command.bound and command.screen not in ("account", "policies"):
                for key in command.keys.split(","):
                    assert (command.id, key) in active, (command.id, key)


async def test_the_palette_lists_registry_titles_and_keys(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        offered = {title: help_text for title, help_text, _ in EfsCommands(screen)._available()}
        assert offered["Delete snapshot"].endswith("(d / Delete)")
        assert offered["Help: keys"].endswith("(?)")
        assert {c.title for c in REGISTRY if c.palette and c.owner not in ("palette", "account")} <= set(offered)
        assert "Delete snapshots across shares" not in offered  # the account view's, offered over it only


async def test_the_palette_over_the_account_view_offers_its_actions_and_runs_them_there(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("A")
        await wait_screen(pilot, AccountScreen)
        view = app.screen
        assert isinstance(view, AccountScreen)
        offered = {title: (help_text, run) for title, help_text, run in EfsCommands(view)._available()}
        assert {c.title for c in REGISTRY if c.owner == "account" and c.palette} <= set(offered)
        assert offered["Delete snapshots across shares"][0].endswith("(d / Delete)")
        assert "New snapshot" not in offered  # the main screen under the view is not what the keys act on
        assert view.table.sort_column == "created"
        run = offered["Sort by the next column"][1]()
        assert inspect.isawaitable(run)  # the palette awaits it
        await run
        await wait_until(pilot, lambda: view.table.sort_column != "created")


def test_key_names_are_written_for_people() -> None:
    assert [display_key(k) for k in ("question_mark", "slash", "ctrl+c", "delete", "D", "f5")] == [
        "?",
        "/",
        "Ctrl+C",
        "Delete",
        "D",
        "F5",
    ]


def test_a_bad_keys_table_is_warned_about_and_the_rest_applies() -> None:
    keymap, problems = check_keymap(
        {"delete_snapshot": "D", "bogus": "z", "refresh": "n", "inspect": "j", "export": 5, "copy_id": "nope key"}
    )
    assert keymap == {"delete_snapshot": "D"}
    text = "\n".join(problems)
    assert "bogus: unknown id" in text
    assert "refresh: n is already the key of new_snapshot" in text
    assert "inspect: j moves the cursor" in text
    assert "export: expected a key" in text
    assert "copy_id: 'nope key' is not a key name" in text


def test_swapping_two_keys_is_not_a_clash() -> None:
    assert check_keymap({"delete_snapshot": "r", "refresh": "d"}) == ({"delete_snapshot": "r", "refresh": "d"}, [])


def test_a_key_clashes_only_with_keys_of_the_same_screen() -> None:
    assert check_keymap({"delete_policy": "x"}) == ({"delete_policy": "x"}, [])
    assert check_keymap({"delete_snapshot": "a"}) == ({"delete_snapshot": "a"}, [])  # a: attach, policies only
    keymap, problems = check_keymap({"delete_policy": "a", "new_policy": "q"})
    assert keymap == {}
    assert "delete_policy: a is already the key of attach_policy" in problems[0]
    assert "new_policy: q is already the key of quit" in problems[1]


def test_the_account_views_keys_rebind_by_their_own_ids_and_clash_only_on_that_view() -> None:
    assert check_keymap({"account_delete": "x"}) == ({"account_delete": "x"}, [])  # x: export, main screen only
    keymap, problems = check_keymap({"account_sort": "r"})
    assert keymap == {} and "account_sort: r is already the key of account_refresh" in problems[0]


def test_the_help_shows_the_rebound_key() -> None:
    groups = dict(key_groups({"delete_snapshot": "D,ctrl+d"}))
    row = next(k for k in groups["Snapshots"] if k.description.startswith("delete the highlighted"))
    assert row.keys == "D / Ctrl+D"


def test_keys_table_is_read_from_config_toml(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('default_profile = "x"\n\n[keys]\ndelete_snapshot = "D"\nquit = 3\n', encoding="utf-8")
    assert load_keymap(path) == ({"delete_snapshot": "D", "quit": 3}, [])
    assert load_keymap(tmp_path / "missing.toml") == ({}, [])
    path.write_text('keys = "D"\n', encoding="utf-8")
    table, problems = load_keymap(path)
    assert table == {} and "[keys] must be a table" in problems[0]
    path.write_text("[keys\n", encoding="utf-8")
    table, problems = load_keymap(path)
    assert table == {} and "cannot read" in problems[0]


async def test_a_rebound_key_deletes_and_the_old_one_does_nothing(make_app: AppFactory) -> None:
    app = make_app(keymap={"delete_snapshot": "D"})
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("D")
        await wait_screen(pilot, ConfirmDeleteDialog)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("question_mark")
        await wait_screen(pilot, HelpScreen)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        row = next(line for line in lines if "delete the highlighted" in line)
        assert row.strip("│ ").startswith("D ")
        assert "d / Delete" not in "\n".join(lines)


async def test_a_rebound_write_key_still_explains_the_refusal_in_read_only_mode(make_app: AppFactory) -> None:
    app = make_app(keymap={"delete_snapshot": "D"}, read_only=True)
    notes = capture_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("D")
        await wait_until(pilot, lambda: any("not available" in n["message"] for n in notes))
        assert app.screen is screen


async def test_bad_keys_warn_at_start_up_and_the_app_runs(make_app: AppFactory) -> None:
    app = make_app(keymap={"bogus": "z", "refresh": "n"}, keymap_warnings=("config.toml: oops",))
    notes = capture_notifications(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await wait_ready(pilot)
        warning = next(n for n in notes if n.get("severity") == "warning" and "bogus" in n["message"])
        assert "config.toml: oops" in warning["message"] and "refresh: n is already" in warning["message"]
        assert warning["markup"] is False
        await focus_table(pilot, screen)
        await pilot.press("n")  # still "new snapshot", the default
        await wait_until(pilot, lambda: type(app.screen).__name__ == "CreateSnapshotDialog")
