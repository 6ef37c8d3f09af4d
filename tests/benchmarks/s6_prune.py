"""Scenario 6: the retention plan for 6,000 snapshots (10 services x 20 shares x 30), data in hand.

In process and without the network: the snapshots come from the emulator's state
(the ``inventory`` dataset, two of three automatic), as ``fetch_inventory`` would
hand them over. The baseline, measured in the same run, is the floor any planner
pays: sorting each share's snapshots newest first. The target is absolute (issue 12:
< 50 ms), since it is what a preview must cost to open without a pause.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from efs_tui.core.retention import Rules, ShareSnapshots, make_plan
from efs_tui.emulator import EmulatorState, seed_dataset

from .common import Options, Row, median

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def dataset() -> list[ShareSnapshots]:
    """Every share of the ``inventory`` dataset with its snapshots (10 x 20 x 30)."""
    state = EmulatorState()
    seed_dataset(state, "inventory", base_time=NOW)
    return [
        ShareSnapshots(service_id, share_id, state.list_snapshots(service_id, share_id))
        for service_id in state.service_ids()
        for share_id in state.share_ids(service_id)
    ]


def timed(work: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each of ``runs`` calls, after one warm-up; the collector is off while timing.

    CPU time (this thread's) is reported next to the wall time because the benchmark
    machine is shared: a wall-clock median can include time spent waiting for a core.
    """
    work()
    wall, cpu = [], []
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.thread_time()
            work()
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
    finally:
        gc.enable()
    return wall, cpu


def run(options: Options) -> list[Row]:
    runs = 7 if options.quick else 21
    shares = dataset()
    count = sum(len(entry.snapshots) for entry in shares)

    def sort_only() -> None:
        for entry in shares:
            sorted(entry.snapshots, key=lambda s: s.created_at or NOW, reverse=True)

    def planner(rules: Rules, words: bool) -> Callable[[], object]:
        def work() -> object:
            plan = make_plan(shares, rules, now=NOW)
            return [item.rule for item in plan.items] if words else plan

        return work

    manual = Rules(keep=5, older_than=timedelta(hours=12))
    everything = Rules(keep=5, older_than=timedelta(hours=12), include_automatic=True)
    floor_wall, floor_cpu = timed(sort_only, runs)
    floor = median(floor_wall)
    rows = []
    cases = (
        ("manual only", manual, False),
        ("manual + automatic", everything, False),
        ("manual + automatic, then every rule in words", everything, True),
    )
    for label, rules, words in cases:
        wall, cpu = timed(planner(rules, words), runs)
        plan = make_plan(shares, rules, now=NOW)
        value = median(wall)
        # The target is the plan (every decision and its reason code); the words are
        # rendering, built on demand, and are shown for information.
        rows.append(
            Row(
                "6",
                f"prune plan, {count:,} snapshots, {label} (median of {runs}; baseline: sort per share)",
                value,
                "ms",
                floor,
                "" if words else "< 50 ms",
                None if words else value < 50,
                note=(
                    f"keep 5 + older than 12 h: {len(plan.to_delete):,} to delete, {len(plan.kept):,} kept; "
                    f"wall max {max(wall):.1f} ms; CPU median {median(cpu):.1f} ms (sort: {median(floor_cpu):.1f} ms)"
                ),
            )
        )
    return rows
