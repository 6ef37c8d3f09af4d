"""Copy over SSH: ``y`` copies the id, ``Y``/``c`` opens the copy menu (emulator over HTTP)."""

from __future__ import annotations

from efs_tui.emulator import EmulatorServer
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.dialogs.copy_menu import CopyMenu

from .conftest import AppFactory
from .helpers import capture_notifications, focus_table, row_of, wait_idle, wait_ready, wait_screen, wait_until


def capture_clipboard(app: EfsTuiApp) -> list[str]:
    """Record what the app puts on the clipboard (instead of writing OSC 52)."""
    copied: list[str] = []

    def copy(text: str) -> None:
        copied.append(text)

    app.copy_to_clipboard = copy  # type: ignore[method-assign]
    return copied


async def test_y_copies_the_highlighted_id_and_says_so_literally(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        copied = capture_clipboard(app)
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("j")
        snap = screen.table.highlighted
        assert snap is not None
        await pilot.press("y")
        assert copied == [snap.id]
        assert snap.id in notes[-1]["message"] and notes[-1]["markup"] is False
        assert "set -g set-clipboard on" in notes[-1]["message"]


async def test_menu_copies_mount_command_path_and_cli(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        copied = capture_clipboard(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        snap = row_of(screen, "pre-migration")
        screen.table.select(snap.id)
        await pilot.press("Y")
        await wait_screen(pilot, CopyMenu)
        menu = app.screen
        assert isinstance(menu, CopyMenu)
        await wait_until(pilot, lambda: menu.choice("mount") is not None and menu.choice("mount").text is not None)  # type: ignore[union-attr]
        await pilot.press("3")
        await wait_until(pilot, lambda: app.screen is screen)
        assert copied == ["mount -t nfs 10.1.0.10:/web_content /mnt/web_content"]
        assert emulator.state.requests.count(method="GET", path_contains="/accessPath") == 1
        # The mount command is kept: opening the menu again sends no request.
        await pilot.press("c")
        await wait_screen(pilot, CopyMenu)
        await pilot.press("2")
        await pilot.press("c")
        await wait_screen(pilot, CopyMenu)
        await pilot.press("4")
        await pilot.press("c")
        await wait_screen(pilot, CopyMenu)
        await pilot.press("5")
        await wait_until(pilot, lambda: len(copied) == 4)
        item = screen.current
        assert item is not None
        assert copied[1] == f"10.1.0.10:/web_content/{snap.path}"  # the full NFS path of the snapshot
        assert copied[2] == f"efs-tui snapshots list {item.service.id} {item.share.id}"
        assert copied[3] == f"GET /storage/netapp/{item.service.id}/share/{item.share.id}/snapshot/{snap.id}"
        assert emulator.state.requests.count(method="GET", path_contains="/accessPath") == 1


async def test_menu_copies_the_query_id_of_the_last_error(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        copied = capture_clipboard(app)
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        await pilot.press("c")
        await wait_screen(pilot, CopyMenu)
        await pilot.press("6")  # no error yet: the entry is disabled, nothing is copied
        await pilot.pause()
        assert isinstance(app.screen, CopyMenu) and copied == []
        await pilot.press("escape")
        emulator.state.faults.fail_next(500, method="GET", path_contains="/snapshot/", times=3)
        await pilot.press("i")
        await wait_until(pilot, lambda: any(n.get("severity") == "error" for n in notes))
        await wait_idle(pilot)
        assert screen.calls.last_error is not None and screen.calls.last_error.query_id
        await pilot.press("c")
        await wait_screen(pilot, CopyMenu)
        await pilot.press("6")
        await wait_until(pilot, lambda: bool(copied))
        assert copied == [screen.calls.last_error.query_id]
        error_note = next(n for n in notes if n.get("severity") == "error")
        assert screen.calls.last_error.query_id in error_note["message"]


async def test_full_nfs_path_from_the_relative_path_in_detail_and_menu(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    """OVH gives `.snapshot/<backend name>`: detail and menu join it to the share's preferred access path."""
    from efs_tui.api.models import Snapshot

    from .conftest import BASE_TIME
    from .hostile import ids_of, terminal_lines

    service_id, share_id = ids_of(emulator.state)
    access = f"10.1.0.10:/share_{share_id.replace('-', '_')}"
    emulator.state.set_access_paths(
        service_id,
        share_id,
        [
            {"id": emulator.state.new_uuid(), "path": "10.1.0.99:/other", "preferred": False},
            {"id": emulator.state.new_uuid(), "path": access, "preferred": True},
        ],
    )
    snap = Snapshot(
        id="0badc0de-0000-4000-8000-000000000042",
        name="relative",
        type="manual",
        status="available",
        path=".snapshot/share_snapshot_0badc0de_0000_4000_8000_000000000042",
        created_at=BASE_TIME,
    )
    emulator.state.add_snapshot(service_id, share_id, snap)
    full = f"{access}/{snap.path}"
    app = make_app()
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        copied = capture_clipboard(app)
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        await focus_table(pilot, screen)
        screen.table.select(snap.id)
        await pilot.pause()
        assert screen.detail.access_paths.get(share_id) == access  # the share's extras brought it
        shown = "".join(line.split("│")[-2].strip() for line in terminal_lines(app) if "│" in line)
        assert full.replace(" ", "") in shown.replace(" ", ""), shown  # the detail's NFS path row (wrapped)
        await pilot.press("c")
        await wait_screen(pilot, CopyMenu)
        menu = app.screen
        assert isinstance(menu, CopyMenu)
        path = menu.choice("path")
        assert path is not None and path.text == full
        await pilot.press("3")
        await wait_until(pilot, lambda: len(copied) == 1)
        assert copied == [f"mount -t nfs {access} /mnt/web_content"]
        assert notes[-1]["message"].startswith("Copied NFS mount command: ")
        assert emulator.state.requests.count(method="GET", path_contains="/accessPath") == 1
        await pilot.press("c")
        await wait_screen(pilot, CopyMenu)
        await pilot.press("2")
        await wait_until(pilot, lambda: len(copied) == 2)
        assert copied[1] == full
        assert notes[-1]["message"].startswith(f"Copied snapshot NFS path: {full}")
