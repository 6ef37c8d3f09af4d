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

from .tmux import EFS_TUI, needs_tmux, tmux
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
