"""Baseline of scenario 8: a bare Textual app that does what efs-tui's main screen does on a key.

Run as ``python -m tests.benchmarks.bare_bytes_app`` in a terminal. Same layout and borders as
efs-tui (header line, Tree | DataTable over a detail pane, Footer), the same data (the ``demo``
dataset, seeded in process: no I/O), and the same reactions written the plain Textual way: the
DataTable's cursor rewrites the detail ``Static`` with every field of the row, and the detail
follows the focused pane (the share when the tree has the focus). No clock, no refresh: idle,
it has nothing to draw.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Static, Tree

from efs_tui.api.models import Share, Snapshot
from efs_tui.emulator.seed import seed_dataset
from efs_tui.emulator.state import EmulatorState

CSS = """
#header { height: 1; background: $panel; }
#left { width: 30%; min-width: 24; max-width: 44; border: round $panel-lighten-2; }
#left:focus-within { border: round $accent; }
#snap-header { height: 1; padding: 0 1; }
DataTable { height: 1fr; border: round $panel-lighten-2; overflow-x: hidden; }
DataTable:focus { border: round $accent; }
#detail { height: 42%; min-height: 7; border: round $panel-lighten-2; padding: 0 1; }
#detail:focus { border: round $accent; }
"""


def _grid(rows: list[tuple[str, str]]) -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(style="bold cyan", no_wrap=True, width=12)
    grid.add_column(ratio=1, overflow="fold")
    for label, value in rows:
        grid.add_row(label, Text(value))
    return grid


class BareBytesApp(App[None]):
    """The plain-Textual twin of efs-tui's browser screen."""

    CSS = CSS

    def __init__(self) -> None:
        super().__init__()
        state = EmulatorState()
        seed_dataset(state, "demo")
        self.services = state.list_services()
        self.shares = {s.id: state.list_shares(s.id) for s in self.services}
        first = next(share for s in self.services for share in self.shares[s.id])
        self.share: Share = first
        service_id = next(s.id for s in self.services if first in self.shares[s.id])
        self.snapshots: list[Snapshot] = sorted(
            state.list_snapshots(service_id, first.id), key=lambda s: (s.created_at is None, s.created_at), reverse=True
        )

    def compose(self) -> ComposeResult:
        yield Static(Text(f"efs-tui · {self.share.label}"), id="header")
        with Horizontal():
            tree: Tree[None] = Tree("Services", id="tree")
            tree.root.expand()
            for service in self.services:
                node = tree.root.add(Text(service.label), expand=True)
                for share in self.shares[service.id]:
                    node.add_leaf(Text(share.label))
            with Vertical(id="left"):
                yield tree
            with Vertical(id="right"):
                yield Static(Text(f"{self.share.label} │ {len(self.snapshots)} snapshots"), id="snap-header")
                table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="table")
                table.add_columns(" ", "Name", "Type", "Status", "Created", "Id", "Description")
                for snap in self.snapshots:
                    created = snap.created_at.strftime("%m-%d %H:%M") if snap.created_at else "—"
                    table.add_row(
                        *(
                            Text(v)
                            for v in (
                                " ",
                                snap.name or "(no name)",
                                snap.type or "?",
                                snap.status or "?",
                                created,
                                snap.id[:8],
                                (snap.description or "")[:40],
                            )
                        )
                    )
                yield table
                with VerticalScroll(id="detail", can_focus=True):
                    yield Static("detail", id="detail-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#tree").focus()
        self._show_share()

    def _show_share(self) -> None:
        share = self.share
        self.query_one("#detail-body", Static).update(
            _grid([("Name", share.label), ("Id", share.id), ("Status", share.status or "—")])
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.focused is not event.data_table:
            return
        self._show_snapshot(self.snapshots[event.cursor_row])

    def _show_snapshot(self, snap: Snapshot) -> None:
        self.query_one("#detail-body", Static).update(
            _grid(
                [
                    ("Name", snap.name or "—"),
                    ("Id", snap.id),
                    ("Status", snap.status or "—"),
                    ("Type", snap.type or "—"),
                    ("Created", snap.created_at.isoformat() if snap.created_at else "—"),
                    ("Path", snap.path or "—"),
                    ("Description", snap.description or "—"),
                    ("Share", f"{self.share.label}  {self.share.id}"),
                ]
            )
        )

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if focused is None or focused.id == "detail":
            return
        if focused.id == "tree":
            self._show_share()
        else:
            table = self.query_one("#table", DataTable)
            self._show_snapshot(self.snapshots[table.cursor_row])


if __name__ == "__main__":
    BareBytesApp().run()
