"""Shared plumbing for the benchmarks: results, subprocesses, a pty, the emulator, RSS.

Everything here is standard library (plus efs-tui itself), so the suite runs
from the project's own virtual environment with no extra tooling.
"""

from __future__ import annotations

import json
import os
import re
import select
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


@dataclass(slots=True)
class Row:
    """One line of the results table.

    ``value`` and ``baseline`` are absolute figures in ``unit``; ``ratio`` is
    value/baseline (or a speed-up when ``higher_is_better``); ``target`` says what issue 5 asks.
    """

    scenario: str
    metric: str
    value: float
    unit: str
    baseline: float | None = None
    target: str = ""
    ok: bool | None = None
    note: str = ""
    higher_is_better: bool = False

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0 or self.value == 0:
            return None
        return self.baseline / self.value if self.higher_is_better else self.value / self.baseline


@dataclass(slots=True)
class Options:
    quick: bool = False
    latency_ms: float = 50.0
    notes: list[str] = field(default_factory=list)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if unit in ("ms", "MB", "%", "x"):
        text = f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    else:
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f"{text} {unit}".strip()


def render_table(rows: Sequence[Row]) -> str:
    """A plain-text table that pastes into Markdown as a code block."""
    header = ("#", "metric", "efs-tui", "baseline", "ratio", "target", "ok")
    lines = [
        (
            r.scenario,
            r.metric,
            fmt(r.value, r.unit),
            fmt(r.baseline, r.unit),
            "-" if r.ratio is None else f"{r.ratio:.2f}x",
            r.target,
            {True: "yes", False: "NO", None: ""}[r.ok],
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h) for i, h in enumerate(header)]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    return "\n".join(out)


# -- child processes ----------------------------------------------------------------------------


def run_child(module: str, *args: str, timeout: float = 120.0, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run ``python -m tests.benchmarks.<module> args…`` and parse the JSON it prints last."""
    result = subprocess.run(
        [PYTHON, "-m", f"tests.benchmarks.{module}", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    data: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def max_rss_mb() -> float:
    """Peak RSS of this process in MB.

    ``VmHWM`` rather than ``getrusage(RUSAGE_SELF).ru_maxrss``: Linux keeps ``ru_maxrss``
    across ``execve``, so a child started by a 70 MB benchmark runner reported at least
    70 MB whatever it did itself. ``VmHWM`` belongs to the new address space.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- a terminal ---------------------------------------------------------------------------------


def run_in_pty(
    argv: Sequence[str], env: dict[str, str], size: tuple[int, int] = (100, 30), timeout: float = 30.0
) -> str:
    """Run ``argv`` with a pseudo-terminal as stdin and stderr (where Textual draws) and return its stdout.

    This is how a user runs the app: a real terminal driver, real escape-sequence output
    (drained by a thread as a terminal emulator would), not the headless driver.
    """
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    # stdout is a pipe here (the child prints its stamp on it), so Textual's driver, which sizes the terminal
    # from stdout (shutil.get_terminal_size), would see 80x24 while the app's console sees the pty's size from
    # stderr: every start then laid out twice and waited for Textual's 1/120 s resize timer. A user's stdout is
    # their terminal; COLUMNS and LINES (which shutil reads first) give the driver the pty's size as it would.
    env = {**env, "COLUMNS": str(size[0]), "LINES": str(size[1])}
    proc = subprocess.Popen(
        list(argv),
        cwd=ROOT,
        env=env,
        stdin=slave,
        stderr=slave,
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    os.close(slave)
    stop = threading.Event()

    def drain() -> None:
        while not stop.is_set():
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    if not os.read(master, 65536):
                        return
                except OSError:
                    return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        raise
    finally:
        stop.set()
        reader.join(1)
        os.close(master)
    return out.decode(errors="replace")


# -- the emulator as a separate process ----------------------------------------------------------


@dataclass(slots=True)
class Emulator:
    base_url: str
    env: dict[str, str]
    """``OVH_ENDPOINT`` and the demo credentials, as the emulator printed them."""


@contextmanager
def emulator_process(latency_ms: float, dataset: str = "demo") -> Iterator[Emulator]:
    """``efs-tui emulator --port 0 --latency-ms N`` in its own process (so it does not share our GIL)."""
    proc = subprocess.Popen(
        [PYTHON, "-m", "efs_tui", "emulator", "--port", "0", "--latency-ms", str(latency_ms), "--seed", dataset],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    env: dict[str, str] = {}
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if m := re.match(r"\s*export (OVH_[A-Z_]+)=(\S+)", line):
                env[m.group(1)] = m.group(2)
            if "Press Ctrl+C" in line:
                break
        if "OVH_ENDPOINT" not in env:
            raise RuntimeError("the emulator did not start")
        threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep its pipe drained
        yield Emulator(env["OVH_ENDPOINT"], env)
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
