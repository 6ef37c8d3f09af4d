"""Keyring backends and machine isolation shared by the CLI and config test suites.

``MemoryKeyring`` keeps secrets in a dict so that no test reaches the developer's real
keyring; ``LockedKeyring`` behaves like a Secret Service whose collection cannot be
unlocked. ``isolate_machine`` points ``HOME``, the XDG config dir, the config file, the
current directory and the ``ovh.conf`` search path into ``tmp_path`` and clears the
``OVH_*`` variables; each suite's ``isolated`` fixture adds what it needs on top.
"""

from __future__ import annotations

from pathlib import Path

import keyring.backend
import keyring.errors
import pytest

from efs_tui.config.resolve import ENV_VARS


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring in a dict: tests must never reach the developer's real keyring."""

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


def isolate_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point config, ``HOME``, the current directory and ``ovh.conf`` into ``tmp_path``; return ``HOME``."""
    home = tmp_path / "home"
    cwd = tmp_path / "cwd"
    for directory in (home, cwd):
        directory.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
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
    return home
