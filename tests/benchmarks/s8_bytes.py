"""Scenario 8: bytes the terminal receives per keystroke, as over a slow SSH link.

Both apps run in a real pty (100x30, ``TERM=xterm-256color``, the Linux driver) and every byte
written to the pty master is counted, as tmux or an SSH client would receive it. efs-tui runs
against a standalone emulator process (``demo``); the baseline is ``bare_bytes_app.py``: the same
layout, data and reactions in plain Textual (Tree + DataTable + a detail ``Static``).

A keystroke's figure is every byte from the key until the output has been quiet for
:data:`QUIET` seconds. efs-tui redraws its header's age once a second for the first minute
after a fetch, so before each key the driver waits for that tick (or 1.1 s of silence) and
sends the key just after it: the tick never lands inside a key's window. Figures are medians.
The idle window runs both apps side by side, untouched, with efs-tui's default auto-refresh.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import tempfile
import termios
import threading
import time
from collections.abc import Sequence

from .common import PYTHON, ROOT, Options, Row, emulator_process, median

SIZE = (100, 30)
QUIET = 0.4
"""Silence that ends a keystroke's window: a frame is written in one burst, but on a busy 2-core
machine a Tab (focus, footer, layout) can take ~300 ms to start; a later answer would be taken
for the next tick and lost (a 0 in the notes)."""
SETTLE = 3.0
"""After the first output: start-up, the three listings at 50 ms and the first table, with room to spare."""
DOWN, TAB = b"\x1b[B", b"\t"


class Terminal:
    """A child process on a pty; a thread drains the master as a terminal would and logs each read."""

    def __init__(self, argv: Sequence[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.proc = subprocess.Popen(
            list(argv), cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
        )
        os.close(slave)
        self.events: list[tuple[float, int]] = []
        """(monotonic time, bytes) of every read from the master."""
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._changed:
                self.events.append((time.monotonic(), len(data)))
                self._changed.notify_all()

    def since(self, start: float, end: float = float("inf")) -> int:
        """Bytes received between ``start`` and ``end`` (monotonic)."""
        with self._changed:
            return sum(n for t, n in self.events if start < t <= end)

    def _last(self) -> float:
        return self.events[-1][0] if self.events else 0.0

    def wait_output(self, after: float, timeout: float) -> bool:
        """Whether anything arrives after ``after`` within ``timeout`` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: self._last() > after, timeout)

    def wait_quiet(self, silence: float, since: float, limit: float = 30.0) -> None:
        """Until ``silence`` seconds have passed since ``since`` and since the last output."""
        deadline = time.monotonic() + limit
        with self._changed:
            while (now := time.monotonic()) < deadline:
                last = max(self._last(), since)
                if now - last >= silence:
                    return
                self._changed.wait(last + silence - now)

    def after_tick(self) -> None:
        """Wait for the next burst of output (up to 1.1 s), then for it to end."""
        now = time.monotonic()
        if self.wait_output(now, 1.1):
            self.wait_quiet(0.06, now)

    def key(self, data: bytes) -> int:
        """Send one key at a quiet moment; the bytes its redraw took."""
        self.after_tick()
        start = time.monotonic()
        os.write(self.master, data)
        self.wait_quiet(QUIET, start)
        return self.since(start)

    def started(self) -> None:
        """Until the first output, then :data:`SETTLE` seconds (data loaded, first table drawn)."""
        if not self.wait_output(0.0, 30.0):
            raise RuntimeError("the app drew nothing in 30 s")
        time.sleep(SETTLE)

    def close(self) -> None:
        self._stop.set()
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(1)
        os.close(self.master)


def _measure(term: Terminal, moves: int, tabs: int) -> tuple[list[int], list[int]]:
    """From the start screen (tree focused): Tab into the table, ``moves`` x Down, then ``tabs`` x Tab."""
    term.key(TAB)
    down = [term.key(DOWN) for _ in range(moves)]
    tab = [term.key(TAB) for _ in range(tabs)]
    return down, tab


def run(options: Options) -> list[Row]:
    moves, tabs = (5, 3) if options.quick else (9, 6)
    idle = 20.0 if options.quick else 60.0
    with tempfile.TemporaryDirectory() as home, emulator_process(options.latency_ms) as emu:
        env = {
            **os.environ,
            **{k: v for k, v in emu.env.items() if k != "OVH_ENDPOINT"},
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "HOME": home,
            "XDG_CONFIG_HOME": home,
            "XDG_DATA_HOME": home,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        }
        ours = Terminal([PYTHON, "-m", "efs_tui", "--endpoint", emu.base_url], env)
        bare = Terminal([PYTHON, "-m", "tests.benchmarks.bare_bytes_app"], env)
        try:
            ours.started()
            bare.started()
            ours_down, ours_tab = _measure(ours, moves, tabs)
            bare_down, bare_tab = _measure(bare, moves, tabs)
            time.sleep(0.5)
            # Side by side, so both idle windows see the same machine.
            start = time.monotonic()
            time.sleep(idle)
            idle_ours, idle_bare = ours.since(start, start + idle), bare.since(start, start + idle)
        finally:
            ours.close()
            bare.close()
    scale = 60.0 / idle
    down, tab = round(median(ours_down)), round(median(tab_o := ours_tab))
    b_down, b_tab = round(median(bare_down)), round(median(bare_tab))
    scaled = f" (measured over {idle:.0f} s, x{scale:.0f})" if scale != 1 else ""
    return [
        Row(
            "8",
            f"cursor down one row, median of {moves}",
            down,
            "B",
            baseline=b_down,
            target="≤ 1.25x",
            ok=down <= 1.25 * b_down,
            note=(
                f"efs-tui {ours_down} (mean {sum(ours_down) / moves:,.0f}), "
                f"bare {bare_down} (mean {sum(bare_down) / moves:,.0f})"
            ),
        ),
        Row(
            "8",
            f"pane switch (Tab), median of {tabs}",
            tab,
            "B",
            baseline=b_tab,
            note=f"efs-tui {tab_o}, bare {bare_tab}",
        ),
        Row(
            "8",
            f"idle minute{scaled}, auto-refresh on",
            idle_ours * scale,
            "B",
            baseline=idle_bare * scale,
            note="efs-tui: header age once a second in the first minute after a fetch, plus each auto-refresh",
        ),
    ]
