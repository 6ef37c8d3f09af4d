"""The real console script in a real terminal: `efs-tui --demo` in tmux, driven with send-keys.

Pilot tests drive the app in-process; this one checks what a person gets: the installed
command, the embedded emulator thread, a real pty, keys typed, and a clean exit on `q`.
"""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .tmux import EFS_TUI, exit_code, needs_tmux, tmux
from .tmux import screen_with as wait_for_screen

pytestmark = needs_tmux


@pytest.fixture
def session(tmp_path: Path) -> Iterator[str]:
    name = f"efs-tui-test-{uuid.uuid4().hex[:8]}"
    marker = tmp_path / "exit-code"
    command = f"{EFS_TUI} --demo --latency-ms 20; echo $? > {marker}; sleep 30"
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command], check=True)
    try:
        yield name
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)


def test_demo_starts_browses_and_quits_cleanly(session: str, tmp_path: Path) -> None:
    screen = wait_for_screen(session, "daily.")
    assert "demo" in screen and "prod-nfs-gra" in screen
    tmux("send-keys", "-t", session, "?")
    wait_for_screen(session, "Ctrl+P")
    tmux("send-keys", "-t", session, "Escape")
    time.sleep(0.5)
    tmux("send-keys", "-t", session, "q")
    marker = tmp_path / "exit-code"
    deadline = time.monotonic() + 10
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.read_text().strip() == "0"
    assert "Traceback" not in tmux("capture-pane", "-t", session, "-p")


def test_quitting_the_demo_with_a_delete_in_flight_says_so_and_exits_130(tmp_path: Path) -> None:
    """The real terminal: the question, then "Quit anyway" prints what was cut off, no traceback."""
    name = f"efs-tui-test-{uuid.uuid4().hex[:8]}"
    marker = tmp_path / "exit-code"
    command = f"{EFS_TUI} --demo --latency-ms 4000; echo $? > {marker}; sleep 30"
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command], check=True)
    try:
        wait_for_screen(name, "daily.", timeout=60)
        tmux("send-keys", "-t", name, "Tab")
        time.sleep(0.5)
        tmux("send-keys", "-t", name, "d")
        wait_for_screen(name, "Delete snapshot")
        tmux("send-keys", "-t", name, "y")
        time.sleep(0.5)
        tmux("send-keys", "-t", name, "q")
        wait_for_screen(name, "Quit anyway")
        tmux("send-keys", "-t", name, "Right")
        time.sleep(0.3)
        tmux("send-keys", "-t", name, "Enter")
        assert exit_code(marker, timeout=20) == "130"
        screen = tmux("capture-pane", "-t", name, "-p", "-S", "-50")
        assert "outcome is unknown" in screen and "Traceback" not in screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)
