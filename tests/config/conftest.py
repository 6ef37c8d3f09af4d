# mypy: disable-error-code="no-untyped-call"
"""Isolate every config test from the developer's machine.

Config and ovh.conf discovery point at ``tmp_path`` (``EFS_TUI_CONFIG``, XDG dirs,
``HOME``, the current directory), ``OVH_*`` variables are cleared, and the keyring is
an in-memory backend unless the test is marked ``secret_service`` (those use the real
Secret Service started by ``scripts/with-secret-service.sh``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest

from efs_tui.emulator import EmulatorServer

from ..keyrings import MemoryKeyring, isolate_machine


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = isolate_machine(tmp_path, monkeypatch)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    return tmp_path


@pytest.fixture
def config_file() -> Path:
    return Path(os.environ["EFS_TUI_CONFIG"])


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> Iterator[MemoryKeyring | None]:
    if request.node.get_closest_marker("secret_service"):
        yield None
        return
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def use_backend() -> Iterator[Any]:
    """Switch to another backend for one test; the autouse fixture restores the original afterwards."""

    def switch(backend: keyring.backend.KeyringBackend) -> None:
        keyring.set_keyring(backend)

    yield switch


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer() as server:
        yield server
