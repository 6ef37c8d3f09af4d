# mypy: disable-error-code="no-untyped-call"
"""The same storage against a REAL Secret Service (gnome-keyring on a private D-Bus).

Run with ``scripts/with-secret-service.sh .venv/bin/pytest -m secret_service``. Without a
Secret Service these tests skip, unless ``EFS_TUI_REQUIRE_SECRET_SERVICE=1`` (CI), where
they fail: a CI run that silently skipped them would prove nothing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from keyring.backends import SecretService

from efs_tui.config import KeyringState, SecretStore, keyring_status, load_config, resolve_config
from efs_tui.config.cli import login_main, profiles_main
from efs_tui.emulator import EmulatorServer

from .test_cli import APP_KEY, APP_SECRET, ScriptedUser

pytestmark = pytest.mark.secret_service


@pytest.fixture
def secret_service() -> Iterator[SecretService.Keyring]:
    previous = keyring.get_keyring()
    backend = SecretService.Keyring()
    try:
        viable = backend.priority > 0  # raises when no Secret Service answers on the bus
        backend.get_password("efs-tui", "efs-tui:probe")
    except Exception as exc:
        viable, reason = False, f"{type(exc).__name__}: {exc}"
    else:
        reason = "Secret Service not viable"
    if not viable:
        if os.environ.get("EFS_TUI_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail(f"EFS_TUI_REQUIRE_SECRET_SERVICE=1 but no usable Secret Service ({reason})")
        pytest.skip(f"no usable Secret Service ({reason}); run under scripts/with-secret-service.sh")
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def test_store_read_list_delete(secret_service: SecretService.Keyring) -> None:
    assert keyring_status().state is KeyringState.AVAILABLE
    profile = f"t{uuid.uuid4().hex[:8]}"
    store = SecretStore()
    store.save(profile, {"application_secret": "real-AS", "consumer_key": "real-CK"})
    assert secret_service.get_password("efs-tui", f"{profile}:consumer_key") == "real-CK"
    assert store.load(profile) == {"application_secret": "real-AS", "consumer_key": "real-CK"}
    assert sorted(store.delete_profile(profile)) == ["application_secret", "consumer_key"]
    assert store.load(profile) == {}


def test_login_and_profiles_with_the_real_keyring(
    secret_service: SecretService.Keyring, emulator: EmulatorServer
) -> None:
    emulator.state.add_application(APP_KEY, APP_SECRET)
    user = ScriptedUser({"Application key": APP_KEY})
    assert login_main(["--endpoint", emulator.base_url, "--profile", "real"], user) == 0, user.stderr
    resolved = resolve_config(environ={})
    assert resolved.profile == "real" and resolved.origins["consumer_key"].kind == "keyring"
    listing = ScriptedUser()
    assert profiles_main([], listing) == 0
    assert "SecretService" in listing.stdout and "secrets: keyring" in listing.stdout
    assert profiles_main(["delete", "real"], ScriptedUser()) == 0
    assert SecretStore().load("real") == {} and load_config().profiles == {}


def test_locked_collection_is_reported(secret_service: SecretService.Keyring) -> None:
    """Lock the real collection: with no prompter to unlock it, keyring raises and we say "locked"."""
    import secretstorage

    connection = secretstorage.dbus_init()
    collection = secretstorage.get_default_collection(connection)
    collection.lock()
    try:
        status = keyring_status()
        if status.ok:  # a desktop prompter unlocked it (developer machine): nothing to assert
            pytest.skip("the collection was unlocked by a prompt")
        assert status.state is KeyringState.LOCKED, status
        assert "locked" in status.message
    finally:
        if collection.is_locked():
            _unlock(collection)
    assert not collection.is_locked(), "could not unlock the collection again"


def _unlock(collection: Any) -> None:
    """Unlock with the password scripts/with-secret-service.sh used, through gnome-keyring's own
    test interface (the Secret Service API itself only unlocks through a GUI prompt)."""
    from secretstorage.defines import SS_PATH
    from secretstorage.util import DBusAddressWrapper, format_secret, open_session

    password = os.environ.get("EFS_TUI_KEYRING_PASSWORD", "efs-tui-test").encode()
    connection = collection.connection
    secret = format_secret(open_session(connection), password, "text/plain")
    interface = "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"
    DBusAddressWrapper(SS_PATH, interface, connection).call(
        "UnlockWithMasterPassword", "o(oayays)", collection.collection_path, secret
    )
