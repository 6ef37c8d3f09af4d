"""Clone (``C``): a new share from a manual snapshot, shown in the tree and followed to available."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, Static

from efs_tui.core.audit import AuditLog
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.dialogs.clone_share import CloneShareDialog
from efs_tui.ui.dialogs.confirm_action import ConfirmActionDialog

from .conftest import AppFactory
from .helpers import capture_notifications, focus_table, row_of, wait_ready, wait_screen, wait_until


def share_posts(emulator: EmulatorServer) -> int:
    """``POST …/share`` (a new share), not the hold or snapshot POSTs below a share."""
    return sum(1 for r in emulator.state.requests.entries if r.method == "POST" and r.path.endswith("/share"))


def share_lists(emulator: EmulatorServer) -> int:
    return sum(1 for r in emulator.state.requests.entries if r.method == "GET" and r.path.endswith("/share"))


async def test_clone_of_a_manual_snapshot_creates_selects_and_follows_the_new_share(
    make_app: AppFactory, emulator: EmulatorServer, tmp_path: Path
) -> None:
    audit = AuditLog(tmp_path / "audit.jsonl")
    app = make_app(audit=audit)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        source = screen.current
        assert source is not None
        snap = row_of(screen, "pre-migration")
        await focus_table(pilot, screen)
        screen.table.select(snap.id)
        await pilot.press("C")
        await wait_screen(pilot, CloneShareDialog)
        dialog = app.screen
        assert dialog.query_one("#size", Input).value == str(source.share.size)
        dialog.query_one("#name", Input).value = "web-copy"
        dialog.query_one("#mount-point", Input).value = "web-copy-mnt"
        emulator.state.transitions_paused = True  # see creating_from_snapshot before it settles
        dialog.query_one("#submit", Button).press()
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: screen.current is not None and screen.current.share.label == "web-copy")
        new = screen.current
        assert new is not None and new.share.status == "creating_from_snapshot"
        assert new.share.snapshot_id == snap.id and new.share.size == source.share.size
        node = screen.service_tree.share_node(new.service.id, new.share.id)
        assert node is not None
        await wait_until(pilot, lambda: screen.service_tree.cursor_node is node)
        emulator.state.transitions_paused = False
        await wait_until(pilot, lambda: screen.current is not None and screen.current.share.status == "available")
        await wait_until(pilot, lambda: any(s.id == new.share.id for s in screen.shares[new.service.id]))
        assert share_posts(emulator) == 1
    [record] = audit.read()
    assert (record.action, record.result, record.share_id, record.snapshot_id, record.status) == (
        "clone",
        "ok",
        source.share.id,
        snap.id,
        201,
    )
    assert record.new_share_id == new.share.id


async def test_clone_of_an_automatic_snapshot_offers_to_hold_it_first(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        auto = screen.table.highlighted
        assert auto is not None and auto.type == "automatic"
        await pilot.press("C")
        await wait_screen(pilot, ConfirmActionDialog)
        body = "\n".join(str(s.render()) for s in app.screen.query(Static).results(Static))
        assert "only manual snapshots can be cloned" in body and "NEW id" in body
        await pilot.press("y")
        await wait_screen(pilot, CloneShareDialog, timeout=30)
        assert emulator.state.requests.count(method="POST", path_contains="/hold") == 1
        held = screen.table.highlighted
        assert held is not None and held.id != auto.id and held.type == "manual"
        await wait_until(pilot, lambda: screen.table.snapshots[held.id].status == "available")
        await wait_until(pilot, lambda: bool(app.screen.query("#source-snapshot")))
        source = app.screen.query_one("#source-snapshot", Static)
        assert held.id in str(source.render())
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert share_posts(emulator) == 0


async def test_clone_smaller_than_the_source_is_refused_in_the_form_with_no_request(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        source = screen.current
        assert source is not None and source.share.size is not None
        await focus_table(pilot, screen)
        screen.table.select(row_of(screen, "pre-migration").id)
        await pilot.press("C")
        await wait_screen(pilot, CloneShareDialog)
        dialog = app.screen
        before = len(emulator.state.requests.entries)
        dialog.query_one("#size", Input).value = str(source.share.size - 1)
        dialog.query_one("#submit", Button).press()
        await pilot.pause()
        assert app.screen is dialog
        error = str(dialog.query_one("#size-error", Static).render())
        assert f"at least the source share's {source.share.size} GB" in error
        assert len(emulator.state.requests.entries) == before and share_posts(emulator) == 0


async def test_clone_5xx_may_or_may_not_have_applied_and_lists_the_shares_again(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        screen.table.select(row_of(screen, "pre-migration").id)
        await pilot.press("C")
        await wait_screen(pilot, CloneShareDialog)
        app.screen.query_one("#name", Input).value = "lost-answer"
        lists = share_lists(emulator)
        emulator.faults.fail_after_next(500, method="POST")
        app.screen.query_one("#submit", Button).press()
        await wait_until(pilot, lambda: any("may or may not have applied" in str(n.get("title")) for n in notes))
        await wait_until(pilot, lambda: share_lists(emulator) > lists)
        await wait_until(pilot, lambda: any(s.name == "lost-answer" for v in screen.shares.values() for s in v))
        assert share_posts(emulator) == 1  # never sent again


async def test_read_only_hides_clone(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        screen.table.select(row_of(screen, "pre-migration").id)
        assert screen.check_action("clone_share", ()) is False
        await pilot.press("C")
        await pilot.pause()
        assert app.screen is screen
        assert notes and notes[-1].get("title") == "read-only"
        assert share_posts(emulator) == 0
