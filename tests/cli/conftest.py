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
import pytest

from efs_tui.cli.snapshots import main
from efs_tui.emulator import EmulatorServer, EmulatorState, seed_dataset

from ..keyrings import MemoryKeyring, isolate_machine

#: Seconds the emulator takes to create or delete a snapshot in these tests.
FAST = 0.3


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = isolate_machine(tmp_path, monkeypatch)
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("EFS_TUI_STATE_DIR", str(tmp_path / "state"))
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
