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
import keyring.errors
import pytest

from efs_tui.config.resolve import ENV_VARS
from efs_tui.emulator import EmulatorServer


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring in a dict, for speed. Not used by the ``secret_service`` tests."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class LockedKeyring(keyring.backend.KeyringBackend):
    """Behaves like a Secret Service whose collection cannot be unlocked."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    cwd = tmp_path / "cwd"
    for directory in (home, cwd):
        directory.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("EFS_TUI_CONFIG", str(home / ".config" / "efs-tui" / "config.toml"))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    for var in ENV_VARS.values():
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(cwd)
    # /etc/ovh.conf of the machine running the tests must not leak in.
    from efs_tui.config import paths

    monkeypatch.setattr(
        paths, "ovh_conf_paths", lambda: [tmp_path / "etc" / "ovh.conf", home / ".ovh.conf", cwd / "ovh.conf"]
    )
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
