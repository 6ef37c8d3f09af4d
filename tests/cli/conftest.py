"""Fixtures for the CLI, export, activity and audit tests.

Every test runs isolated from the developer's machine: the state directory (audit
log), config file, ``HOME``, current directory and ``ovh.conf`` search path point
into ``tmp_path``, ``OVH_*`` variables are cleared and the keyring is an
in-memory dict. End-to-end tests talk to a real emulator over HTTP, in a thread,
with short state transitions so that ``--wait`` tests take well under a second.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

from efs_tui.cli.snapshots import main
from efs_tui.config.resolve import ENV_VARS
from efs_tui.emulator import EmulatorServer, EmulatorState, seed_dataset

#: Seconds the emulator takes to create or delete a snapshot in these tests.
FAST = 0.3


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring in a dict: the CLI must never reach the developer's real keyring."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class LockedKeyring(keyring.backend.KeyringBackend):
    """A Secret Service whose collection cannot be unlocked."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    cwd = tmp_path / "cwd"
    for directory in (home, cwd):
        directory.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("EFS_TUI_CONFIG", str(home / ".config" / "efs-tui" / "config.toml"))
    monkeypatch.setenv("EFS_TUI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    for var in ENV_VARS.values():
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(cwd)
    from efs_tui.config import paths

    monkeypatch.setattr(
        paths, "ovh_conf_paths", lambda: [tmp_path / "etc" / "ovh.conf", home / ".ovh.conf", cwd / "ovh.conf"]
    )
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        yield tmp_path
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def audit_path(isolated: Path) -> Path:
    return Path(os.environ["EFS_TUI_STATE_DIR"]) / "audit.jsonl"


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    """The demo dataset on a fresh emulator, with fast create/delete transitions."""
    state = EmulatorState(create_delay=FAST, delete_delay=FAST)
    seed_dataset(state, "demo")
    with EmulatorServer(state) as server:
        yield server


@dataclass
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def cli(emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """``cli("list", "svc", "share", "--json")`` against the emulator with its full-rights key.

    Credentials come from the ``OVH_*`` variables, as a cron job would pass them;
    ``consumer_key=`` swaps the consumer key (the emulator's read-only one, say).
    """
    creds = emulator.credentials

    def run(*args: str, consumer_key: str | None = None) -> Result:
        monkeypatch.setenv("OVH_APPLICATION_KEY", creds.application_key)
        monkeypatch.setenv("OVH_APPLICATION_SECRET", creds.application_secret)
        monkeypatch.setenv("OVH_CONSUMER_KEY", consumer_key or creds.consumer_key)
        capsys.readouterr()
        code = main([*args, "--endpoint", emulator.base_url])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
