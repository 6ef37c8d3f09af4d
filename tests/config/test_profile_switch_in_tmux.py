"""The profile switcher as a user meets it: the real ``efs-tui --profile``, a real Secret Service, tmux at 80x24.

Two emulators stand for two accounts; the secrets of both profiles are in the
Secret Service that ``scripts/with-secret-service.sh`` starts, as ``efs-tui login``
leaves them. The switch must read the second profile's secrets from there,
reload the tree from the second account and apply its ``read_only``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import SecretService

from efs_tui.config.keystore import SecretStore
from efs_tui.config.settings import ProfileSettings, update_profile
from efs_tui.emulator import EmulatorServer

from . import test_secret_service
from .test_no_keyring_in_tmux import screen_with, tmux

pytestmark = [
    pytest.mark.secret_service,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

EFS_TUI = Path(sys.executable).parent / "efs-tui"

secret_service = test_secret_service.secret_service


@pytest.fixture
def accounts() -> Iterator[tuple[EmulatorServer, EmulatorServer]]:
    with EmulatorServer(dataset="demo") as first, EmulatorServer(dataset="inventory") as second:
        yield first, second


@pytest.fixture
def session(
    secret_service: SecretService.Keyring,
    config_file: Path,
    tmp_path: Path,
    accounts: tuple[EmulatorServer, EmulatorServer],
) -> Iterator[tuple[str, str, str]]:
    suffix = uuid.uuid4().hex[:8]
    names = (f"work-{suffix}", f"audit-{suffix}")
    store = SecretStore()
    for name, server in zip(names, accounts, strict=True):
        creds = server.credentials
        update_profile(
            None,
            ProfileSettings(name, server.base_url, application_key=creds.application_key, read_only=name[0] == "a"),
            make_default=name == names[0],
        )
        store.set(name, "application_secret", creds.application_secret)
        store.set(name, "consumer_key", creds.consumer_key)
    session_name = f"efs-tui-profiles-{suffix}"
    env = {
        "EFS_TUI_CONFIG": str(config_file),
        "HOME": str(Path.home()),
        "EFS_TUI_STATE_DIR": str(tmp_path / "state"),
        "DBUS_SESSION_BUS_ADDRESS": os.environ.get("DBUS_SESSION_BUS_ADDRESS", ""),
    }
    command = " ".join(
        ["env", *(f"{k}={shlex.quote(v)}" for k, v in env.items()), str(EFS_TUI), "--profile", names[0], "; sleep 30"]
    )
    subprocess.run(["tmux", "new-session", "-d", "-s", session_name, "-x", "80", "-y", "24", command], check=True)
    try:
        yield session_name, names[0], names[1]
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session_name], capture_output=True, check=False)
        for name in names:
            for field in ("application_secret", "consumer_key"):
                store.delete(name, field)


def test_switching_profile_in_the_real_app_reloads_the_other_account(session: tuple[str, str, str]) -> None:
    name, work, audit = session
    screen = screen_with(name, "prod-nfs-gra")
    assert f"efs-tui │ {work} · http://127.0.0.1" in screen.splitlines()[0] and "read-only" not in screen
    tmux("send-keys", "-t", name, "P")
    screen = screen_with(name, "Switch profile")
    assert work in screen and audit in screen and "read-only" in screen
    tmux("send-keys", "-t", name, "Down", "Enter")
    screen = screen_with(name, "bench-00-gra")
    header = screen.splitlines()[0]
    assert f"{audit} · http://127.0.0.1" in header and "read-only" in header
    assert "prod-nfs-gra" not in screen and "n New" not in screen  # the other tree; writes hidden
    tmux("send-keys", "-t", name, "q")
