"""Scenario 3: sweeping the tree cursor over 100 shares with key repeat, then revisiting one.

In process (Pilot, headless) against an emulator thread at 50 ms latency, dataset
``many-shares`` (1 service x 120 shares). The debounce must keep the sweep to a couple
of snapshot listings; the last share's table must be right; a revisit must show the
cached rows at once and refresh them in the background.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from textual.pilot import Pilot

from efs_tui.emulator import EmulatorServer
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.demo import demo_client
from efs_tui.ui.screens.main import MainScreen
from efs_tui.ui.widgets.service_tree import ShareItem

from .common import Options, Row

KEY_GAP = 0.03
"""Seconds between key presses: a terminal's key repeat (~33 Hz)."""


def _snapshot_lists(server: EmulatorServer) -> int:
    return sum(1 for r in server.state.requests.entries if r.method == "GET" and r.path.endswith("/snapshot"))


async def _until(pilot: Pilot[Any], predicate: Any, timeout: float = 15.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise AssertionError(f"timed out waiting for {predicate}")
        await asyncio.sleep(0.002)


async def _run(server: EmulatorServer) -> dict[str, float]:
    client = demo_client(server)
    app = EfsTuiApp(client, "bench", close_client=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: app.ready_at is not None)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        first = screen.current
        assert first is not None
        tree = screen.service_tree
        tree.focus()
        await pilot.pause()
        server.state.requests.reset()
        for _ in range(100):
            await pilot.press("down")
            await asyncio.sleep(KEY_GAP)
        stopped = time.perf_counter()
        node = tree.cursor_node
        assert node is not None and isinstance(node.data, ShareItem)
        target: ShareItem = node.data
        key = (target.service.id, target.share.id)
        expected = {s.id for s in server.state.list_snapshots(target.service.id, target.share.id)}

        def correct() -> bool:
            return (
                screen.current is not None
                and (screen.current.service.id, screen.current.share.id) == key
                and set(screen.table.snapshots) == expected
                and screen.pane.listing is None
            )

        await _until(pilot, correct)
        settled = time.perf_counter() - stopped
        await app.workers.wait_for_complete()
        sweep_lists = _snapshot_lists(server)
        assert correct(), "the final share's table is wrong"
        # Revisit the first share (seen at start-up): cached rows at once, refresh behind.
        server.state.requests.reset()
        revisit = tree.share_node(first.service.id, first.share.id)
        assert revisit is not None
        start = time.perf_counter()
        tree.select_node(revisit)
        await _until(
            pilot,
            lambda: (
                screen.current is not None and screen.current.share.id == first.share.id and screen.table.row_count > 0
            ),
        )
        cached = time.perf_counter() - start
        await _until(pilot, lambda: _snapshot_lists(server) >= 1 and screen.pane.listing is None)
        refreshed = time.perf_counter() - start
        return {
            "sweep_lists": sweep_lists,
            "settled_ms": settled * 1000,
            "cached_ms": cached * 1000,
            "refreshed_ms": refreshed * 1000,
            "revisit_lists": _snapshot_lists(server),
        }


def _tree_state_ok(server: EmulatorServer) -> None:
    """The dataset is what the scenario assumes (1 service x 120 shares)."""
    services = server.state.list_services()
    assert len(services) == 1 and len(server.state.list_shares(services[0].id)) == 120


def run(options: Options) -> list[Row]:
    with EmulatorServer(dataset="many-shares") as server:
        _tree_state_ok(server)
        server.state.faults.latency_ms = options.latency_ms
        result = asyncio.run(_run(server))
    latency = options.latency_ms
    return [
        Row(
            "3",
            f"snapshot listings during a 100-share sweep ({KEY_GAP * 1000:.0f} ms key repeat)",
            result["sweep_lists"],
            "req",
            target="≤ 3",
            ok=result["sweep_lists"] <= 3,
        ),
        Row(
            "3",
            f"last key → final share's table correct (floor: 150 ms debounce + {latency:.0f} ms - 30 ms gap)",
            result["settled_ms"],
            "ms",
            baseline=150 + latency - KEY_GAP * 1000,
            target="correct",
            ok=True,
        ),
        Row(
            "3",
            "revisit: cached rows visible",
            result["cached_ms"],
            "ms",
            target="< 100 ms",
            ok=result["cached_ms"] < 100,
        ),
        Row(
            "3",
            "revisit: background refresh done (1 listing)",
            result["refreshed_ms"],
            "ms",
            baseline=latency,
            target="1 request",
            ok=result["revisit_lists"] == 1,
        ),
    ]
