"""Filter (``/``) of the table and of the tree, and sort (``s`` / ``S``), through the keyboard."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, Static

from efs_tui.ui.screens.main import MainScreen
from efs_tui.ui.widgets import ServiceTree, SnapshotTable
from efs_tui.ui.widgets.filter_bar import FilterBar
from efs_tui.ui.widgets.service_tree import InfoItem, ShareItem

from .conftest import AppFactory
from .helpers import wait_ready, wait_until


def header_text(screen: MainScreen) -> str:
    """The plain text of the line above the table."""
    content = screen.query_one("#snap-header", Static).content
    assert isinstance(content, Text)
    return content.plain


def share_names(screen: MainScreen, service_label: str) -> list[str]:
    service = next(s for s in screen.services.values() if s.label == service_label)
    return [n.data.share.label for n in screen.service_tree.share_nodes(service.id) if isinstance(n.data, ShareItem)]


async def test_table_filter_narrows_rows_keeps_on_enter_and_esc_restores(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        table = screen.table
        total = table.total_count
        await pilot.press("tab", "slash")
        bar = screen.query_one("#table-filter", FilterBar)
        assert bar.is_open and isinstance(app.focused, Input)
        await pilot.press(*"type:manual")
        await wait_until(pilot, lambda: table.filter_text == "type:manual")
        shown = table.visible_snapshots()
        assert 0 < len(shown) < total and all(s.type == "manual" for s in shown)
        assert f"{len(shown)} of {total} snapshots" in header_text(screen)
        await pilot.press("enter")
        assert isinstance(app.focused, SnapshotTable)
        assert bar.is_open and table.visible_count == len(shown)  # the filter stays, and so does the bar
        await pilot.press("slash")
        assert isinstance(app.focused, Input) and app.focused.value == "type:manual"
        await pilot.press("escape")
        await wait_until(pilot, lambda: table.visible_count == total)
        assert table.filter_text == "" and not bar.is_open
        assert isinstance(app.focused, SnapshotTable)
        assert " of " not in header_text(screen)


async def test_table_filter_with_free_words_and_negation(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("tab", "slash", *"daily")
        await wait_until(pilot, lambda: screen.table.filter_text == "daily")
        assert all("daily" in (s.name or "") for s in screen.table.visible_snapshots())
        await pilot.press("ctrl+u", *"-type:automatic")
        await wait_until(pilot, lambda: screen.table.filter_text == "-type:automatic")
        assert all(s.type != "automatic" for s in screen.table.visible_snapshots())


async def test_tree_filter_narrows_shares_and_esc_restores(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        before = share_names(screen, "prod-nfs-gra")
        assert isinstance(app.focused, ServiceTree)
        await pilot.press("slash")
        bar = screen.query_one("#tree-filter", FilterBar)
        assert bar.is_open and not screen.query_one("#table-filter", FilterBar).is_open
        await pilot.press(*"DB-")
        await wait_until(pilot, lambda: share_names(screen, "prod-nfs-gra") == ["db-backups"])
        await pilot.press("enter")
        assert isinstance(app.focused, ServiceTree)
        await pilot.press("slash", "ctrl+u", *"no-such-share")
        gra = next(s for s in screen.services.values() if s.label == "prod-nfs-gra")
        node = screen.service_tree.service_node(gra.id)
        assert node is not None
        await wait_until(pilot, lambda: share_names(screen, "prod-nfs-gra") == [])
        assert any(isinstance(c.data, InfoItem) for c in node.children)  # "(no match)"
        label = node.label
        assert isinstance(label, Text) and label.style == "dim"  # a service without a match is dimmed, not removed
        await pilot.press("escape")
        await wait_until(pilot, lambda: share_names(screen, "prod-nfs-gra") == before)  # same order as before
        assert not any(isinstance(c.data, InfoItem) for c in node.children)
        assert isinstance(app.focused, ServiceTree) and not bar.is_open


async def test_tree_filter_matches_mount_point(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("slash", *"web_content")  # mount point name, not the share name
        await wait_until(pilot, lambda: share_names(screen, "prod-nfs-gra") == ["web-content"])


async def test_sort_cycles_and_reverses_and_header_says_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await wait_ready(pilot)
        table = screen.table
        assert table.sort_column == "created" and table.sort_reverse
        assert "sorted by created ▼" in header_text(screen)
        await pilot.press("tab")
        cursor_before = table.highlighted
        await pilot.press("s")
        assert table.sort_column != "created"
        column = table.sort_column
        assert f"sorted by {column} " in header_text(screen)
        assert table.highlighted == cursor_before  # sorting keeps the cursor on its snapshot
        await pilot.press("S")
        arrow = "▼" if table.sort_reverse else "▲"
        assert f"sorted by {column} {arrow}" in header_text(screen)
        order = [s.id for s in table.visible_snapshots()]
        await pilot.press("S")
        assert [s.id for s in table.visible_snapshots()] != order


async def test_sort_by_name_orders_rows(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        table = screen.table
        await pilot.press("tab")
        while table.sort_column != "name":
            await pilot.press("s")
        names = [s.name or "" for s in table.visible_snapshots()]
        assert names == sorted(names, key=str.lower, reverse=table.sort_reverse) or names == sorted(
            names, reverse=table.sort_reverse
        )
        await pilot.press("S")
        assert [s.name or "" for s in table.visible_snapshots()] == list(reversed(names))
