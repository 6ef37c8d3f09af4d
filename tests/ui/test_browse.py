"""Browsing: tree → table → detail, keyboard only, at 80x24 and 100x30."""

from __future__ import annotations

import pytest

from efs_tui.emulator import EmulatorServer
from efs_tui.ui.widgets import DetailPanel, ServiceTree, SnapshotTable
from efs_tui.ui.widgets.service_tree import InfoItem

from .conftest import AppFactory
from .helpers import open_share, row_of, wait_ready, wait_until


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (200, 50)])
async def test_start_shows_services_first_share_and_detail(make_app: AppFactory, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await wait_ready(pilot)
        assert next(iter(screen.services.values())).label == "prod-nfs-gra"
        assert screen.current is not None and screen.current.share.label == "web-content"
        table = screen.table
        assert table.row_count == len(screen.cache.get((screen.current.service.id, screen.current.share.id)).snapshots)  # type: ignore[union-attr]
        created = [s.created_at for s in table.snapshots.values()]
        first = table.highlighted
        assert first is not None and first.created_at == max(c for c in created if c)  # newest first
        assert screen.detail.snapshot == first
        assert isinstance(app.focused, ServiceTree)


async def test_cursor_moves_update_detail_without_requests(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, SnapshotTable)
        before = app.client.request_count
        await pilot.press("j", "j", "down")
        await pilot.pause()
        assert screen.table.cursor_row == 3
        assert screen.detail.snapshot == screen.table.highlighted
        await pilot.press("G")
        assert screen.table.cursor_row == screen.table.row_count - 1
        await pilot.press("g")
        assert screen.table.cursor_row == 0
        assert app.client.request_count == before


async def test_tab_escape_and_enter_move_between_panes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, SnapshotTable)
        await pilot.press("tab")
        assert isinstance(app.focused, DetailPanel)
        await pilot.press("escape")
        assert isinstance(app.focused, SnapshotTable)
        await pilot.press("escape")
        assert isinstance(app.focused, ServiceTree)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, DetailPanel)


async def test_enter_inspects_with_one_get(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("tab", "j")
        snap = screen.table.highlighted
        assert snap is not None
        emulator.state.requests.reset()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.focused, DetailPanel)
        assert emulator.state.requests.count(method="GET", path_contains=f"/snapshot/{snap.id}") == 1
        assert screen.pane.fetched.get(snap.id) is not None


async def test_revisit_shows_cached_rows_at_once(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        first = screen.current
        assert first is not None
        await open_share(pilot, "prod-nfs-gra", "db-backups")
        assert screen.table.row_count > 250
        emulator.state.faults.latency_ms = 500
        await open_share_fast(pilot, screen, first.share.id)
        # Cached rows are on screen before the (slow) refresh answers.
        assert screen.table.row_count == 10
        await wait_until(pilot, lambda: screen.pane.listing is None)


async def open_share_fast(pilot, screen, share_id: str) -> None:  # type: ignore[no-untyped-def]
    tree = screen.service_tree
    service = next(iter(screen.services.values()))
    node = tree.share_node(service.id, share_id)
    tree.select_node(node)
    await pilot.pause()


async def test_tree_shows_share_load_error_in_place(make_app: AppFactory, emulator: EmulatorServer) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        rbx = next(s for s in screen.services.values() if s.label == "prod-nfs-rbx")
        emulator.state.faults.fail_next(503, method="GET", path_contains=f"{rbx.id}/share", times=3)
        node = screen.service_tree.service_node(rbx.id)
        assert node is not None
        node.expand()
        await wait_until(pilot, lambda: any(c.data == InfoItem("error") for c in node.children), timeout=15)
        assert "HTTP 503" in str(node.children[0].label)
        assert rbx.id not in screen.shares
        # r on the tree retries.
        screen.service_tree.focus()
        await pilot.press("r")
        await wait_until(pilot, lambda: rbx.id in screen.shares, timeout=15)
        assert not any(isinstance(c.data, InfoItem) for c in node.children)
        assert len(node.children) == len(screen.shares[rbx.id])


async def test_markup_and_escapes_render_literally(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_share(pilot, "prod-nfs-gra", "logs")
        markup = row_of(screen, "[bold red]x[/]")
        cells = screen.table.row_text(markup.id)
        assert cells is not None
        assert cells["name"].plain == "[bold red]x[/]"
        assert cells["description"].plain == "[link=http://x]y[/link]"
        ansi = next(s for s in screen.table.snapshots.values() if s.name and "\x1b" in s.name)
        name_cell = screen.table.row_text(ansi.id)["name"]  # type: ignore[index]
        assert "\x1b" not in name_cell.plain and "␛[31mred" in name_cell.plain
        screen.table.select(markup.id)
        await pilot.pause()
        svg = app.export_screenshot()
        assert "[bold&#160;red]x[/]" in svg or "[bold red]x[/]" in svg
        assert "\x1b" not in svg
