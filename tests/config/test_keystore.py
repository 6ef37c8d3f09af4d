# mypy: disable-error-code="no-untyped-call"
"""Keyring access and the honest answer when there is none (fail, null, locked backends)."""

from __future__ import annotations

from collections.abc import Callable

import keyring
import keyring.backend
import pytest
from keyring.backends import fail, null

from efs_tui.api.errors import NotGrantedCall, OvhError
from efs_tui.config import (
    KeyringState,
    KeyringUnavailable,
    SecretStore,
    describe_permission_error,
    keyring_status,
    redact,
)

from ..keyrings import LockedKeyring, MemoryKeyring

Switch = Callable[[keyring.backend.KeyringBackend], None]


def test_store_load_delete(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.save("p", {"application_secret": "AS", "consumer_key": "CK"})
    assert memory_keyring.entries == {("efs-tui", "p:application_secret"): "AS", ("efs-tui", "p:consumer_key"): "CK"}
    assert store.load("p") == {"application_secret": "AS", "consumer_key": "CK"}
    store.save("p", {"client_secret": "CS"})  # a scheme change leaves no stale key behind
    assert store.load("p") == {"client_secret": "CS"}
    assert store.delete_profile("p") == ["client_secret"]
    assert memory_keyring.entries == {}


def test_available_status() -> None:
    status = keyring_status()
    assert status.ok and status.state is KeyringState.AVAILABLE and "MemoryKeyring" in status.backend


def test_no_backend(use_backend: Switch) -> None:
    use_backend(fail.Keyring())
    status = keyring_status()
    assert status.state is KeyringState.NO_BACKEND and not status.ok
    message = status.message
    assert message.startswith("No OS keyring is available")
    for way in (
        "gnome-keyring-daemon --unlock",
        "dbus-run-session",
        "OVH_APPLICATION_KEY",
        "PYTHON_KEYRING_BACKEND",
        "keyrings.alt.file.EncryptedKeyring",
        "never falls back to storing secrets in plain text",
    ):
        assert way in message
    with pytest.raises(KeyringUnavailable) as info:
        SecretStore().save("p", {"application_secret": "AS"})
    assert info.value.keyring_status.state is KeyringState.NO_BACKEND


def test_null_backend_is_no_backend(use_backend: Switch) -> None:
    use_backend(null.Keyring())
    assert keyring_status().state is KeyringState.NO_BACKEND
    with pytest.raises(KeyringUnavailable):
        SecretStore().save("p", {"consumer_key": "CK"})


def test_locked(use_backend: Switch) -> None:
    use_backend(LockedKeyring())
    status = keyring_status()
    assert status.state is KeyringState.LOCKED
    assert "locked" in status.headline and "Failed to unlock" in status.message
    with pytest.raises(KeyringUnavailable) as info:
        SecretStore().get("p", "consumer_key")
    assert info.value.keyring_status.state is KeyringState.LOCKED


def test_a_backend_that_drops_secrets_is_caught(use_backend: Switch) -> None:
    class Forgetful(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            pass

    use_backend(Forgetful())
    with pytest.raises(KeyringUnavailable, match="did not keep"):
        SecretStore().save("p", {"consumer_key": "CK"})


def test_redact() -> None:
    assert redact("a SECRET and SECRETLONG", ["SECRET", "SECRETLONG", None, ""]) == "a *** and ***"


def test_describe_permission_error() -> None:
    err = NotGrantedCall(
        "This call has not been granted",
        status=403,
        error_code="NOT_GRANTED_CALL",
        method="DELETE",
        path="/storage/netapp/x",
    )
    assert describe_permission_error(err).startswith("This credential is read-only: ")
    other = OvhError("boom", status=500)
    assert describe_permission_error(other) == other.describe()
