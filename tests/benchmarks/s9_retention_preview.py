"""Scenario 9 (``./dev bench --only 9``): what one key typed in the TUI's rule fields costs, 6,000 snapshots.

The preview re-plans the whole account on every change of a field. Measured in one
run, in a headless app at 80x24: ``refresh_plan`` (read the fields, plan, hand the
items to the list that draws only the lines on screen), against the baseline of the
same plan put in a ``DataTable`` (the plan, then one row of six ``Text`` cells per snapshot), and
the planner alone. Medians of 7, after one warm-up; wall time on a shared machine.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from functools import partial
from statistics import median

from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, Input

from efs_tui.core.retention import Rules, make_plan
from efs_tui.ui.screens.retention_plan import RetentionPlanScreen
from efs_tui.ui.widgets.plan_list import PlanList

from .common import Options, Row
from .s6_prune import NOW, dataset

RUNS = 7


class _Host(App[None]):
    def __init__(self, screen: RetentionPlanScreen) -> None:
        super().__init__()
        self._plan_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self._plan_screen)


def _ms(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


async def _measure() -> dict[str, float]:
    shares = dataset()
    screen = RetentionPlanScreen(shares, scope="whole account", now=NOW)
    app = _Host(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        while not screen.is_mounted:
            await pilot.pause(0.02)
        keep = screen.query_one("#plan-keep", Input)
        listing = screen.query_one(PlanList)
        table: DataTable[Text] = DataTable()
        await screen.mount(table)

        def preview(value: str) -> None:
            with keep.prevent(Input.Changed):
                keep.value = value
            screen.refresh_plan()

        def in_a_table() -> None:
            make_plan(shares, rules, now=NOW)  # the preview's own work, then the rows built and added
            table.clear()
            table.add_rows(listing.cells(index) for index in range(len(listing.items)))

        table.add_columns("plan", "name", "share", "rule", "created", "type")
        rules = Rules(keep=3, older_than=None)
        results: dict[str, list[float]] = {"preview": [], "datatable": [], "plan": []}
        for run in range(RUNS + 1):
            value = str(run % 5 + 1)  # a new keep each time: a real re-plan
            times = {
                "preview": _ms(partial(preview, value)),
                "datatable": _ms(in_a_table),
                "plan": _ms(lambda: make_plan(shares, rules, now=NOW)),
            }
            if run:  # the first is the warm-up
                for key, took in times.items():
                    results[key].append(took)
        count = len(listing.items)
    return {"snapshots": count, **{key: median(values) for key, values in results.items()}}


def run(options: Options) -> list[Row]:
    """One row per figure; the DataTable fill of the same plan is the baseline measured in this run."""
    del options  # the same 7 runs in quick mode: the whole scenario takes a few seconds
    found = asyncio.run(_measure())
    count = f"{found['snapshots']:,.0f} snapshots"
    return [
        Row(
            "9",
            f"retention preview, one key in a rule field, {count} (median of {RUNS}; baseline: plan in a DataTable)",
            found["preview"],
            "ms",
            found["datatable"],
            note=f"the planner alone: {found['plan']:.1f} ms",
        )
    ]
