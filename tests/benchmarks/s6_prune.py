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


def timed(work: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds of each of ``runs`` calls, after one warm-up; the collector is off while timing."""
    work()
    samples = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            started = time.perf_counter()
            work()
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        gc.enable()
    return samples


def run(options: Options) -> list[Row]:
    runs = 7 if options.quick else 21
    shares = dataset()
    count = sum(len(entry.snapshots) for entry in shares)

    def sort_only() -> None:
        for entry in shares:
            sorted(entry.snapshots, key=lambda s: s.created_at or NOW, reverse=True)

    manual = Rules(keep=5, older_than=timedelta(hours=12))
    everything = Rules(keep=5, older_than=timedelta(hours=12), include_automatic=True)
    floor = median(timed(sort_only, runs))
    rows = []
    for label, rules in (("manual", manual), ("manual + automatic", everything)):
        samples = timed(lambda rules=rules: make_plan(shares, rules, now=NOW), runs)  # type: ignore[misc]
        plan = make_plan(shares, rules, now=NOW)
        value = median(samples)
        rows.append(
            Row(
                "6",
                f"prune plan, {count:,} snapshots, keep 5 + older than 12 h, {label} (median of {runs}; "
                "baseline: sort each share)",
                value,
                "ms",
                floor,
                "< 50 ms",
                value < 50,
                note=f"{len(plan.to_delete):,} to delete, {len(plan.kept):,} kept; max {max(samples):.1f} ms",
            )
        )
    return rows
