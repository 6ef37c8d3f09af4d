"""Keep every test away from the developer's machine: config, state, keyring and OVH_* variables.

The config tests add their own in-memory keyring (and the Secret Service tests the real
one); every other test gets keyring's "fail" backend, so a test that touched the keyring
by accident would show up as a "no keyring" error instead of reading the developer's secrets.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

OVH_VARS = (
    "OVH_ENDPOINT",
    "OVH_APPLICATION_KEY",
    "OVH_APPLICATION_SECRET",
    "OVH_CONSUMER_KEY",
    "OVH_CLIENT_ID",
    "OVH_CLIENT_SECRET",
)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("env")
    monkeypatch.setenv("EFS_TUI_CONFIG", str(root / "config" / "config.toml"))
    monkeypatch.setenv("EFS_TUI_STATE_DIR", str(root / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(root / "xdg-state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "xdg-data"))
    monkeypatch.delenv("EFS_TUI_REPORT_READY", raising=False)
    for var in OVH_VARS:
        monkeypatch.delenv(var, raising=False)
    yield root


@pytest.fixture(autouse=True)
def no_keyring_by_default(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("secret_service"):
        yield
        return
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)
