"""Scenario 7's child on two source trees, alternately, against one emulator: a before/after in one run.

    git worktree add /tmp/efs-before <commit>          # the tree to compare with
    python -m tests.benchmarks.compare_account /tmp/efs-before --runs 10

On a shared machine two separate benchmark runs differ more than most changes do; here both trees
share the emulator, the machine's load and the order (who goes first alternates every run). Each
child starts in its own tree (its ``tests.benchmarks.s7_account`` and ``efs_tui``). Prints medians
and minima per figure. The other tree needs a child that stamps mounted and walk_cpu
(commit 5165307 on). Not part of the benchmark table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from . import common
from .common import PYTHON, emulator_process, run_in_pty

FIGURES = (
    "first rows",
    "mounted",
    "first rows after mount",
    "walk",
    "complete, painted",
    "walk CPU",
    "cache paint",
    "paint after mount",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", type=Path, help="the other source tree (a worktree of another commit)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    trees = {"other": args.other.resolve(), "this": common.ROOT}
    results: dict[str, dict[str, list[float]]] = {name: {f: [] for f in FIGURES} for name in trees}
    with tempfile.TemporaryDirectory() as home, emulator_process(50, "inventory") as emulator:
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            **emulator.env,
            "TERM": "xterm-256color",
            "HOME": home,
            "PYTHONPYCACHEPREFIX": os.path.join(home, "pycache"),
        }

        def child(name: str, cache: str) -> tuple[float, dict[str, float]]:
            common.ROOT = trees[name]  # run_in_pty starts the child in that tree: its code, not this one's
            argv = [PYTHON, "-m", "tests.benchmarks.s7_account", "child", emulator.base_url, cache, "8"]
            started = time.time()
            out = run_in_pty(argv, {**env, "PYTHONPATH": str(trees[name])}, timeout=60)
            data: dict[str, float] = json.loads(out.strip().splitlines()[-1])
            return started, data

        caches = {name: os.path.join(home, f"cache-{name}") for name in trees}
        for name in trees:  # warm the .pyc files, write each tree's cache
            child(name, "-")
            child(name, caches[name])
        for run in range(args.runs):
            for name in list(trees) if run % 2 == 0 else list(trees)[::-1]:
                figures = results[name]
                started, data = child(name, "-")
                figures["first rows"].append((data["first"] - started) * 1000)
                figures["mounted"].append((data["mounted"] - started) * 1000)
                figures["first rows after mount"].append((data["first"] - data["mounted"]) * 1000)
                figures["walk"].append(data["walk"] * 1000)
                if "complete" in data:  # a child that stamps the painted complete table (not before 20e7862)
                    figures["complete, painted"].append(data["complete"] * 1000)
                figures["walk CPU"].append(data["walk_cpu"] * 1000)
                started, data = child(name, caches[name])
                figures["cache paint"].append((data["first"] - started) * 1000)
                figures["paint after mount"].append((data["first"] - data["mounted"]) * 1000)
    print(f"{args.runs} runs each, load average now {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    for figure in FIGURES:
        other, this = results["other"][figure], results["this"][figure]
        if not other or not this:
            print(f"{figure:24s} (not stamped by both trees)")
            continue
        print(
            f"{figure:24s} other {statistics.median(other):7.0f} ms (min {min(other):6.0f})"
            f"   this {statistics.median(this):7.0f} ms (min {min(this):6.0f})"
        )


if __name__ == "__main__":
    main()
