"""Child process of scenario 4: one table of 10,000 snapshots, efs-tui's or a bare DataTable.

``python -m tests.benchmarks.large_child MODE`` prints one JSON line. Modes:

* ``table`` / ``datatable``: data already in hand (10,000 ``Snapshot`` objects built like the
  emulator's ``large`` dataset), time to fill the widget until its visible page is rendered,
  then per-keystroke filter times, then the peak RSS of the process.
* ``e2e-table`` / ``e2e-datatable``: from app start against an emulator thread (``large``,
  latency from argv) until the 10,000 rows are renderable, the list fetched by the same client.

Each mode runs in its own process so that peak RSS figures are comparable.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import DataTable

from efs_tui.api.models import Snapshot, snapshot_status_group
from efs_tui.ui.text import literal, local_time, relative, short_id, status_text
from efs_tui.ui.widgets import SnapshotTable

from .common import max_rss_mb

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
KEYS = [*"manual", *(["backspace"] * 6)]


def snapshots(count: int = 10_000) -> list[Snapshot]:
    """Like the emulator's ``large`` dataset: hourly automatic snapshots, every third manual."""
    out = []
    for n in range(count - 1, -1, -1):
        kind = "automatic" if n % 3 else "manual"
        when = NOW - timedelta(hours=count - n)
        name = f"hourly.{when:%Y-%m-%d_%H%M}" if kind == "automatic" else f"manual-{n:05d}"
        out.append(
            Snapshot(
                id=f"{n:08x}-1111-4222-8333-{n:012x}",
                name=name,
                type=kind,
                status="available",
                path=f"10.0.0.1:/share_x/.snapshot/{name}",
                created_at=when,
            )
        )
    return out


def datatable_cells(snap: Snapshot) -> tuple[Text, ...]:
    """The cells the old DataTable-based table built: literal Text, never markup."""
    return (
        literal(snap.name or "(no name)"),
        status_text(snap.status, snapshot_status_group(snap.status)),
        Text(f"{local_time(snap.created_at, UTC)}  {relative(snap.created_at, NOW)}"),
        literal(snap.type or "?"),
        literal(snap.description or ""),
        Text(short_id(snap.id), style="dim"),
    )


class Host(App[None]):
    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode

    def compose(self) -> ComposeResult:
        if self.mode == "table":
            yield SnapshotTable(clock=lambda: NOW, zone=UTC)
        else:
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
            yield table

    def on_mount(self) -> None:
        if self.mode == "datatable":
            self.query_one(DataTable).add_columns("Name", "Status", "Created", "Type", "Description", "Id")


def render_page(widget: Widget) -> None:
    """Draw the visible page now (what the compositor will ask for on the next frame)."""
    widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))


def fill(app: Host, data: list[Snapshot]) -> Widget:
    if app.mode == "table":
        table = app.query_one(SnapshotTable)
        table.show(data)
        return table
    grid: DataTable[Text] = app.query_one(DataTable)
    grid.add_rows(datatable_cells(s) for s in data)
    return grid


async def data_in_hand(mode: str) -> dict[str, Any]:
    data = snapshots()
    app = Host(mode)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        widget = fill(app, data)
        await pilot.pause()  # DataTable measures new rows on idle: count it
        render_page(widget)
        fill_ms = (time.perf_counter() - start) * 1000
        times = []
        text = ""
        for key in KEYS:
            text = text[:-1] if key == "backspace" else text + key
            start = time.perf_counter()
            if isinstance(widget, SnapshotTable):
                widget.set_filter(text)
            else:  # the only way with a DataTable: rebuild it
                assert isinstance(widget, DataTable)
                widget.clear()
                needle = text.lower()
                widget.add_rows(datatable_cells(s) for s in data if needle in (s.name or "").lower())
                await pilot.pause()
            render_page(widget)
            times.append((time.perf_counter() - start) * 1000)
        await pilot.pause()
        return {
            "fill_ms": fill_ms,
            "filter_median_ms": statistics.median(times),
            "filter_max_ms": max(times),
            "rss_mb": max_rss_mb(),
        }


async def end_to_end(mode: str, latency_ms: float) -> dict[str, Any]:
    from efs_tui.emulator import EmulatorServer
    from efs_tui.ui.app import EfsTuiApp
    from efs_tui.ui.demo import demo_client

    with EmulatorServer(dataset="large") as server:
        server.state.faults.latency_ms = latency_ms
        client = demo_client(server)
        if mode == "e2e-table":
            start = time.perf_counter()
            efs = EfsTuiApp(client, "bench", close_client=True)
            async with efs.run_test(size=(120, 40)) as pilot:
                while efs.ready_at is None:
                    await asyncio.sleep(0.002)
                render_page(efs.screen.query_one(SnapshotTable))
                elapsed = time.perf_counter() - start
                await pilot.pause()
        else:
            start = time.perf_counter()
            app = Host("datatable")
            async with app.run_test(size=(120, 40)) as pilot:
                services = await client.list_services()
                shares = await client.list_shares(services[0].id)
                data = await client.list_snapshots(services[0].id, shares[0].id)
                widget = fill(app, data)
                await pilot.pause()
                render_page(widget)
                elapsed = time.perf_counter() - start
            await client.aclose()
    return {"e2e_ms": elapsed * 1000}


def main() -> None:
    mode = sys.argv[1]
    if mode.startswith("e2e-"):
        result = asyncio.run(end_to_end(mode, float(sys.argv[2])))
    else:
        result = asyncio.run(data_in_hand(mode))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
