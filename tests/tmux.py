"""Driving the real `efs-tui` in tmux, as a person would: one set of helpers for every tmux test."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

EFS_TUI = Path(sys.executable).parent / "efs-tui"
"""The installed console script of this virtual environment."""

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def tmux(*args: str) -> str:
    """Run a tmux command; its stdout (a failed command is the caller's to notice on screen)."""
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def screen_with(session: str, text: str, timeout: float = 30.0) -> str:
    """The pane's text once ``text`` shows on it; fail with the last screen after ``timeout``."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-t", session, "-p")
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; last screen:\n{screen}")


def exit_code(marker: Path, timeout: float = 15.0) -> str:
    """The exit code the pane's shell wrote to ``marker`` once the command ended."""
    deadline = time.monotonic() + timeout
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return marker.read_text().strip()
