"""Scenario 7's child on two source trees, alternately, against one emulator: a before/after in one run.

    git worktree add /tmp/efs-before <commit>          # the tree to compare with
    python -m tests.benchmarks.compare_account /tmp/efs-before --runs 10

On a shared machine two separate benchmark runs differ more than most changes do; here both trees
share the emulator, the machine's load and the order (who goes first alternates every run). Each
child starts in its own tree (its ``tests.benchmarks.s7_account`` and ``efs_tui``). Prints medians
and minima per figure. The other tree needs a child that stamps mounted and walk_cpu
(commit 5165307 on). Not part of the benchmark table.

``--real``: only real starts, as scenario 7's first-rows figure takes them: ``efs-tui --account
--no-cache`` (first rows) and ``efs-tui --account`` on a cache file written beforehand (the cached rows
painted), each to its ready stamp, and the bare Textual start to its first frame; the other tree needs
``--account`` (branch accountstart on).
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

REAL_FIGURES = ("bare, painted", "real first rows", "real cache paint")

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
    parser.add_argument("--real", action="store_true", help="only real efs-tui --account starts (and the bare one)")
    args = parser.parse_args()
    if args.real:
        real_starts(args.other.resolve(), args.runs)
        return
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


def real_starts(other: Path, runs: int) -> None:
    """``efs-tui --account`` of both trees from launch to the ready stamp, without and with a cache file."""
    from .s7_account import _copy_cache

    trees = {"other": other, "this": common.ROOT}
    results: dict[str, dict[str, list[float]]] = {name: {f: [] for f in REAL_FIGURES} for name in trees}
    with tempfile.TemporaryDirectory() as home, emulator_process(50, "inventory") as emulator:
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            **{k: v for k, v in emulator.env.items() if k != "OVH_ENDPOINT"},
            "TERM": "xterm-256color",
            "HOME": home,
            "XDG_CONFIG_HOME": home,
            "XDG_DATA_HOME": home,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "PYTHONPYCACHEPREFIX": os.path.join(home, "pycache"),
            "EFS_TUI_REPORT_READY": "1",
        }

        def stamp(name: str, argv: list[str], cache_home: str) -> float:
            common.ROOT = trees[name]
            started = time.time()
            out = run_in_pty(argv, {**env, "PYTHONPATH": str(trees[name]), "XDG_CACHE_HOME": cache_home}, timeout=60)
            return (float(out.strip().splitlines()[-1]) - started) * 1000

        real = [PYTHON, "-m", "efs_tui", "--account", "--endpoint", emulator.base_url]
        bare = [PYTHON, "-m", "tests.benchmarks.bare_app", "--painted"]
        # The cache file a real start reads: written by scenario 7's child, copied to where launch looks.
        caches = {name: os.path.join(home, f"xdg-cache-{name}") for name in trees}
        for name in trees:
            common.ROOT = trees[name]
            written = os.path.join(home, f"child-cache-{name}")
            argv = [PYTHON, "-m", "tests.benchmarks.s7_account", "child", emulator.base_url, written, "8"]
            run_in_pty(argv, {**env, "PYTHONPATH": str(trees[name])}, timeout=60)
            _copy_cache(written, emulator.base_url, Path(caches[name]))
            stamp(name, [*real, "--no-cache"], caches[name])  # warm the .pyc files
            stamp(name, real, caches[name])
        stamp("this", bare, home)
        for run in range(runs):
            for name in list(trees) if run % 2 == 0 else list(trees)[::-1]:
                figures = results[name]
                figures["bare, painted"].append(stamp(name, bare, home))
                figures["real first rows"].append(stamp(name, [*real, "--no-cache"], caches[name]))
                figures["real cache paint"].append(stamp(name, real, caches[name]))
    print(f"{runs} runs each, load average now {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    for figure in REAL_FIGURES:
        other_, this = results["other"][figure], results["this"][figure]
        print(
            f"{figure:24s} other {statistics.median(other_):7.0f} ms (min {min(other_):6.0f}, max {max(other_):6.0f})"
            f"   this {statistics.median(this):7.0f} ms (min {min(this):6.0f}, max {max(this):6.0f})"
        )


if __name__ == "__main__":
    main()
