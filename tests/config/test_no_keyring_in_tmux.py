"""The no-keyring screen as an SSH user meets it: the real `efs-tui`, no keyring backend, tmux at 80x24."""

from __future__ import annotations

import shlex
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from efs_tui.config.settings import ProfileSettings, update_profile

from ..tmux import EFS_TUI, exit_code, needs_tmux, screen_with, tmux

pytestmark = needs_tmux

HEADLINE = "No OS keyring is available: efs-tui cannot read your stored credentials."


@pytest.fixture
def session(config_file: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    update_profile(None, ProfileSettings("work", application_key="AK"))  # secrets would be in the keyring
    name = f"efs-tui-nokeyring-{uuid.uuid4().hex[:8]}"
    marker = tmp_path / "exit-code"
    command = (
        f"env EFS_TUI_CONFIG={shlex.quote(str(config_file))} PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring "
        f"{EFS_TUI}; echo $? > {marker}; sleep 30"
    )
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command], check=True)
    try:
        yield name, marker
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)


def test_no_keyring_screen_at_80x24_scrolls_and_quits_with_q(session: tuple[str, Path]) -> None:
    name, marker = session
    screen = screen_with(name, "Check again")
    assert screen.count("cannot read your stored credentials") == 1 and HEADLINE in screen
    assert "esc Back" in screen and "q Quit" in screen  # the footer says how to leave
    assert "Ways out:" in screen and "never falls back" not in screen  # the rest is below: it scrolls
    tmux("send-keys", "-t", name, "BTab")  # focus the explanation
    time.sleep(0.3)
    tmux("send-keys", "-t", name, "End")
    screen = screen_with(name, "never falls back to storing secrets in plain text")
    assert "Check again" in screen and HEADLINE in screen  # buttons and headline stay in view
    tmux("send-keys", "-t", name, "q")
    assert exit_code(marker) == "4"  # EXIT_CREDENTIALS, as `efs-tui snapshots` and `efs-tui login`
    after = tmux("capture-pane", "-t", name, "-p")
    assert "Traceback" not in after and "PYTHON_KEYRING_BACKEND" in after  # the ways out stay on the terminal
