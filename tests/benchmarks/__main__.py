"""``python -m tests.benchmarks [--quick] [--only N] [--latency-ms MS]``: run and print the table.

Every ratio is against a baseline measured in the same run (never a stored figure).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable

from . import (
    s1_cold_start,
    s2_inventory,
    s3_navigation,
    s4_large_share,
    s5_idle,
    s6_prune,
    s7_account,
    s8_bytes,
    s9_retention_preview,
)
from .common import Options, Row, render_table

SCENARIOS: dict[int, tuple[str, Callable[[Options], list[Row]]]] = {
    1: ("cold start to the first table", s1_cold_start.run),
    2: ("full inventory vs python-ovh", s2_inventory.run),
    3: ("tree sweep with key repeat, revisit", s3_navigation.run),
    4: ("10,000-snapshot share vs DataTable", s4_large_share.run),
    5: ("idle footprint", s5_idle.run),
    6: ("retention plan for 6,000 snapshots", s6_prune.run),
    7: ("account view: 6,000 snapshots, cache", s7_account.run),
    8: ("bytes per keystroke in a pty vs bare Textual", s8_bytes.run),
    9: ("retention preview: one key, 6,000 snapshots", s9_retention_preview.run),
}


def _load() -> str:
    """The 1, 5 and 15 minute load averages: on a shared machine the ratios only mean something next to them."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, 10 s idle (under a minute)")
    parser.add_argument("--only", type=int, action="append", choices=sorted(SCENARIOS), help="run scenario N only")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="injected API latency (default 50)")
    args = parser.parse_args(argv)
    options = Options(quick=args.quick, latency_ms=args.latency_ms)
    print(
        f"efs-tui benchmarks: {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, latency {options.latency_ms:.0f} ms/request{', quick' if options.quick else ''}, "
        f"load average {_load()}",
        flush=True,
    )
    rows: list[Row] = []
    started = time.perf_counter()
    for number in args.only or sorted(SCENARIOS):
        title, run = SCENARIOS[number]
        print(f"  [{number}] {title}…", end="", flush=True)
        t0 = time.perf_counter()
        rows += run(options)
        print(f" {time.perf_counter() - t0:.1f} s", flush=True)
    print()
    print(render_table(rows))
    notes = [f"  [{r.scenario}] {r.metric}: {r.note}" for r in rows if r.note]
    if notes:
        print("\nnotes:\n" + "\n".join(notes))
    missed = [r for r in rows if r.ok is False]
    print(
        f"\n{len(rows) - len(missed)}/{len(rows)} rows on target; total {time.perf_counter() - started:.0f} s; "
        f"load average {_load()}"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
