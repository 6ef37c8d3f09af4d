"""Snapshot policies (``o``): list in words, create, edit, delete, attach with a preview, against the emulator."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Static, TextArea

from efs_tui.api.models import PolicyRule, PolicySchedule, SnapshotPolicy
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.dialogs.confirm_action import ConfirmActionDialog
from efs_tui.ui.dialogs.policy_editor import PolicyEditorDialog
from efs_tui.ui.screens.main import MainScreen
from efs_tui.ui.screens.policies import PoliciesScreen
from efs_tui.ui.widgets.safe_input import SafeInput

from .conftest import AppFactory
from .helpers import capture_notifications, wait_idle, wait_ready, wait_screen, wait_until

TWO_RULES = "daily 3 10 0\nweekly 2 0 3 * * 0"


def plain(renderable: Any, width: int = 200) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def table_text(screen: PoliciesScreen) -> str:
    table: DataTable[Any] = screen.table
    return "\n".join(" | ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count))


def writes(emulator: EmulatorServer) -> list[Any]:
    return [r for r in emulator.state.requests.entries if r.method in ("POST", "PUT", "DELETE")]


def service_id(main: MainScreen) -> str:
    assert main.current is not None
    return main.current.service.id


async def open_policies(pilot: Pilot[Any]) -> tuple[MainScreen, PoliciesScreen]:
    main = await wait_ready(pilot)
    await pilot.press("o")
    app = pilot.app
    await wait_screen(pilot, PoliciesScreen)
    screen = app.screen
    assert isinstance(screen, PoliciesScreen)
    await wait_until(pilot, lambda: screen.table.row_count > 0)
    await wait_idle(pilot)
    return main, screen


async def select_policy(pilot: Pilot[Any], screen: PoliciesScreen, name: str) -> None:
    row = next(i for i, p in enumerate(screen.policies) if p.name == name)
    screen.table.move_cursor(row=row)
    await pilot.pause()


async def new_policy_dialog(pilot: Pilot[Any], rules: str, name: str = "short") -> PolicyEditorDialog:
    app = pilot.app
    await pilot.press("n")
    await wait_screen(pilot, PolicyEditorDialog)
    dialog = app.screen
    assert isinstance(dialog, PolicyEditorDialog)
    dialog.query_one("#name", SafeInput).value = name
    dialog.query_one("#rules", TextArea).load_text(rules)
    await pilot.pause()
    return dialog


async def test_create_a_policy_with_two_rules_shown_in_words(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        main, screen = await open_policies(pilot)
        assert "every day at 00:10 UTC, keep 7" in table_text(screen)  # the default policy, in words
        dialog = await new_policy_dialog(pilot, TWO_RULES)
        await pilot.click("#submit")
        await wait_until(pilot, lambda: app.screen is screen and any(p.name == "short" for p in screen.policies))
        await wait_idle(pilot)
        [post] = writes(emulator)
        assert post.method == "POST" and post.path.endswith("/snapshotPolicy")
        [created] = [p for p in emulator.state.list_policies(service_id(main)) if p.name == "short"]
        assert [(r.prefix, r.copies) for r in created.rules] == [("daily", 3), ("weekly", 2)]
        text = table_text(screen)
        assert "daily: every day at 00:10 UTC, keep 3" in text
        assert "weekly: every Sunday at 03:00 UTC, keep 2" in text
        assert screen.highlighted is not None and screen.highlighted.name == "short"
        assert not dialog.is_attached  # closed once the request was sent


async def test_a_fifth_rule_is_refused_before_any_request(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        _, screen = await open_policies(pilot)
        dialog = await new_policy_dialog(pilot, "\n".join(f"r{i} 1 {i}" for i in range(5)))
        await pilot.click("#submit")
        await pilot.pause()
        assert app.screen is dialog
        assert "at most 4 rules per policy" in plain(dialog.query_one("#error", Static).content)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert writes(emulator) == []


async def test_a_duplicate_prefix_is_refused_before_any_request(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_policies(pilot)
        dialog = await new_policy_dialog(pilot, "daily 7 10 0\ndaily 3 30 12")
        await pilot.click("#submit")
        await pilot.pause()
        assert app.screen is dialog
        assert "prefix 'daily' is already used" in plain(dialog.query_one("#error", Static).content)
        dialog.query_one("#rules", TextArea).load_text("daily 7 10 0\nhourly 3 61")
        await pilot.pause()
        assert "minute 61 is outside 0-59" in plain(dialog.query_one("#error", Static).content)
        assert writes(emulator) == []


async def test_the_preview_lists_next_snapshots_and_the_automatic_ones_that_would_go(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        main, _ = await open_policies(pilot)
        assert main.current is not None and main.current.share.label == "web-content"
        dialog = await new_policy_dialog(pilot, TWO_RULES)
        text = plain(dialog.query_one("#preview", Static).content)
        # The app's clock is frozen at 2026-03-02 09:30 UTC (a Monday).
        assert "Next automatic snapshots: daily.2026-03-03_0010" in text
        assert (
            "daily.2026-03-07_0010" in text
            and "weekly" not in text.split("Next automatic snapshots:")[1].split("\n")[0]
        )
        auto = sorted(
            (s for s in main.pane.snapshots_of(main.current) if s.type == "automatic"),
            key=lambda s: s.created_at.timestamp() if s.created_at else 0,
        )
        assert len(auto) == 7
        assert "If attached to web-content, its rotation would remove 4 automatic snapshot(s)" in text
        assert all((s.name or "") in text for s in auto[:4])
        assert not any((s.name or "") in text for s in auto[4:])


async def test_edit_changes_only_name_and_description(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        main, screen = await open_policies(pilot)
        await select_policy(pilot, screen, "hourly-and-weekly")
        await pilot.press("e")
        await wait_screen(pilot, PolicyEditorDialog)
        dialog = app.screen
        assert isinstance(dialog, PolicyEditorDialog)
        rules = dialog.query_one("#rules", TextArea)
        assert rules.read_only and rules.text == "hourly 24 5\nweekly 4 0 3 * * 0"
        dialog.query_one("#name", SafeInput).value = "hourly-weekly-v2"
        await pilot.click("#submit")
        await wait_until(pilot, lambda: any(p.name == "hourly-weekly-v2" for p in screen.policies))
        [put] = writes(emulator)
        assert put.method == "PUT" and "/snapshotPolicy/" in put.path
        assert any(p.name == "hourly-weekly-v2" for p in emulator.state.list_policies(service_id(main)))


async def test_attach_to_the_share_then_its_detail_shows_it(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        main, screen = await open_policies(pilot)
        assert main.current is not None
        share = main.current
        await select_policy(pilot, screen, "hourly-and-weekly")
        await pilot.press("a")
        await wait_screen(pilot, ConfirmActionDialog)
        body = " ".join(plain(s.content) for s in app.screen.query(".body-line").results(Static))
        assert "Attach snapshot policy hourly-and-weekly to share web-content?" in body
        assert "removes none of the share's existing" in body
        assert "7 automatic snapshot(s) carry no prefix of this policy" in body
        await pilot.press("y")
        policy = next(p for p in emulator.state.list_policies(share.service.id) if p.name == "hourly-and-weekly")
        await wait_until(
            pilot, lambda: emulator.state.get_share_policy(share.service.id, share.share.id).id == policy.id
        )
        await wait_until(pilot, lambda: screen.attached_id == policy.id)
        [put] = writes(emulator)
        assert put.method == "PUT" and put.path.endswith(f"/share/{share.share.id}/snapshotPolicy")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main)
        key = (share.service.id, share.share.id)
        await wait_until(pilot, lambda: key in main.pane.extras and main.pane.extras[key].policy is not None)
        extras = main.pane.extras[key]
        assert extras.policy is not None and extras.policy.name == "hourly-and-weekly"


async def test_delete_asks_and_is_refused_while_attached_with_the_api_words(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        notes = capture_notifications(app)
        _, screen = await open_policies(pilot)
        await select_policy(pilot, screen, "hourly-and-weekly")  # db-backups uses it
        await pilot.press("d")
        await wait_screen(pilot, ConfirmActionDialog)
        assert app.screen.focused is not None and app.screen.focused.id == "cancel"
        await pilot.press("y")
        await wait_until(pilot, lambda: any(n.get("severity") == "error" for n in notes))
        note = next(n for n in notes if n.get("severity") == "error")
        assert "refused by the API: nothing changed" in note["message"]
        assert "attached to shares (db-backups)" in note["message"]
        assert "Query id:" in note["message"]
        [delete] = writes(emulator)
        assert delete.method == "DELETE" and delete.status == 400


async def test_delete_an_unused_policy(make_app: AppFactory, emulator: EmulatorServer) -> None:
    emulator.state.update_delay = 0  # the new policy is `available` at once
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        main, screen = await open_policies(pilot)
        await new_policy_dialog(pilot, "daily 3 10 0", name="spare")
        await pilot.click("#submit")
        await wait_until(pilot, lambda: any(p.name == "spare" for p in screen.policies))
        await select_policy(pilot, screen, "spare")
        await pilot.press("d")
        await wait_screen(pilot, ConfirmActionDialog)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_idle(pilot)
        assert [r.method for r in writes(emulator)] == ["POST", "DELETE"]
        assert writes(emulator)[-1].status in (200, 204)
        spare = [p for p in emulator.state.list_policies(service_id(main)) if p.name == "spare"]
        assert spare == [] or spare[0].status == "deleting"


async def test_read_only_hides_the_policy_write_keys(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app: EfsTuiApp = make_app(read_only=True)
    async with app.run_test(size=(120, 36)) as pilot:
        _, screen = await open_policies(pilot)
        shown = {active.binding.action for active in screen.active_bindings.values()}
        assert "refresh" in shown
        assert {"new_policy", "edit_policy", "delete_policy", "attach_policy"}.isdisjoint(shown)
        for action in ("new_policy", "edit_policy", "delete_policy", "attach_policy"):
            assert screen.check_action(action, ()) is False
        for key in ("n", "e", "d", "a"):
            await pilot.press(key)
        await pilot.pause()
        assert app.screen is screen
        assert writes(emulator) == []


async def test_read_only_policy_write_keys_say_why_they_do_nothing(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app: EfsTuiApp = make_app(read_only=True)
    notes = capture_notifications(app)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        main, screen = await open_policies(pilot)
        for key in ("n", "e", "d", "a"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen
        refusals = [n for n in notes if n.get("title") == "read-only"]
        assert [n["message"].split(" is not available", 1)[0] for n in refusals] == [
            "New snapshot policy",
            "Edit snapshot policy",
            "Delete snapshot policy",
            "Attach snapshot policy",
        ]
        # the main screen's words for the same refusal, not a copy of them
        main.context.refuse_if_read_only("New snapshot policy")
        assert notes[-1]["message"] == refusals[0]["message"]
        assert all(n["markup"] is False and n["severity"] == "warning" for n in refusals)
        assert writes(emulator) == []


async def test_policy_names_and_prefixes_from_the_api_are_shown_literally(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    service = next(s for s in emulator.state.list_services() if s.name == "prod-nfs-gra")
    hostile = SnapshotPolicy(
        id="0b7e3f0e-3c51-4bb8-9a1e-5d0c8d3f7a11",
        name="[bold red]x[/]\x1b[2J",
        is_default=False,
        status="available",
        rules=(PolicyRule("[i]p", 2, PolicySchedule(minutes=(0,))),),
    )
    emulator.state.add_policy(service.id, hostile)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        _, screen = await open_policies(pilot)
        text = table_text(screen)
        assert "[bold red]x[/]" in text and "[i]p: every hour at :00, keep 2" in text
        assert "\x1b" not in text


async def test_an_attach_whose_answer_is_lost_is_not_retried_and_the_truth_is_read_again(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        notes = capture_notifications(app)
        main, screen = await open_policies(pilot)
        assert main.current is not None
        share = main.current
        await select_policy(pilot, screen, "hourly-and-weekly")
        emulator.faults.fail_after_next(500, method="PUT")  # applied, then the answer is a 500
        await pilot.press("a")
        await wait_screen(pilot, ConfirmActionDialog)
        await pilot.press("y")
        await wait_until(pilot, lambda: any(n.get("severity") == "error" for n in notes))
        assert "may or may not have applied" in next(n for n in notes if n.get("severity") == "error")["message"]
        policy = next(p for p in screen.policies if p.name == "hourly-and-weekly")
        await wait_until(pilot, lambda: screen.attached_id == policy.id)  # re-read: it did apply
        assert [r.method for r in writes(emulator)] == ["PUT"]
        key = (share.service.id, share.share.id)
        await wait_until(pilot, lambda: key in main.pane.extras and main.pane.extras[key].policy is not None)
        extras = main.pane.extras[key]
        assert extras.policy is not None and extras.policy.id == policy.id


async def test_a_rebound_policy_key_deletes_and_the_old_one_does_nothing(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app(keymap={"delete_policy": "x", "close_policies": "b"})
    async with app.run_test(size=(120, 36)) as pilot:
        main, screen = await open_policies(pilot)
        await select_policy(pilot, screen, "hourly-and-weekly")  # not the default: d would ask
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("x")
        await wait_screen(pilot, ConfirmActionDialog)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert writes(emulator) == []
        await pilot.press("o")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("b")
        await wait_until(pilot, lambda: app.screen is main)
