"""Resolving another profile for the in-app switcher: that profile alone, plus the session's flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from efs_tui.api.auth import ApplicationCredentials
from efs_tui.api.errors import InvalidConfiguration
from efs_tui.config import KeyringUnavailable, MissingCredentials, Overrides, ProfileNotFound, ResolvedConfig
from efs_tui.config.keystore import SecretStore
from efs_tui.config.settings import ProfileSettings, update_profile
from efs_tui.config.switch import (
    ConfiguredProfiles,
    ProfileChoice,
    configured_profiles,
    profile_label,
    resolve_profile,
)
from efs_tui.startup.launch import context_label

from ..keyrings import LockedKeyring


def _profile(
    config_file: Path, name: str, *, read_only: bool = False, default: bool = False, secrets: bool = True
) -> None:
    update_profile(
        config_file,
        ProfileSettings(name, "ovh-ca", application_key=f"ak-{name}", read_only=read_only),
        make_default=default,
    )
    if secrets:
        store = SecretStore()
        store.set(name, "application_secret", f"as-{name}")
        store.set(name, "consumer_key", f"ck-{name}")


@pytest.fixture
def two_profiles(config_file: Path) -> Path:
    _profile(config_file, "work", default=True)
    _profile(config_file, "audit", read_only=True)
    _profile(config_file, "bare", secrets=False)
    return config_file


def test_the_switcher_lists_default_first_then_by_name_without_secrets(two_profiles: Path) -> None:
    choices = configured_profiles()
    assert choices == [
        ProfileChoice("work", "ovh-ca", False, default=True),
        ProfileChoice("audit", "ovh-ca", True),
        ProfileChoice("bare", "ovh-ca", False),
    ]
    assert "as-" not in repr(choices) and "ck-" not in repr(choices)


def test_a_switch_uses_the_profile_alone_never_the_environment_or_ovh_conf(
    two_profiles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OVH_CONSUMER_KEY", "ck-from-env")
    Path.home().joinpath(".ovh.conf").write_text(
        "[default]\nendpoint=ovh-ca\n[ovh-ca]\napplication_key=ak-conf\napplication_secret=as-conf\nconsumer_key=ck-conf\n"
    )
    resolved = resolve_profile("audit")
    assert resolved.credentials == ApplicationCredentials("ak-audit", "as-audit", "ck-audit")
    assert resolved.profile == "audit" and resolved.endpoint == "ovh-ca"
    with pytest.raises(MissingCredentials, match="application_secret, consumer_key missing"):
        resolve_profile("bare")  # the environment and ovh.conf would complete it with another account's keys


def test_the_session_flags_carry_over_and_read_only_is_a_floor(two_profiles: Path) -> None:
    start = Overrides(
        endpoint="ovh-eu", profile="work", read_only=True, rate_limit=3.0, rate_burst=4, application_key="ak-flag"
    )
    resolved = resolve_profile("work", start)
    assert resolved.read_only and resolved.rate_limit == 3.0 and resolved.rate_burst == 4
    assert resolved.endpoint == "ovh-ca" and resolved.credentials.secrets()[0] == "as-work"
    assert isinstance(resolved.credentials, ApplicationCredentials)
    assert resolved.credentials.application_key == "ak-work"
    not_given = Overrides(read_only=False)  # a store_true flag that was not passed
    assert resolve_profile("audit", not_given).read_only
    assert not resolve_profile("work", not_given).read_only


def test_a_deleted_profile_or_a_locked_keyring_is_an_error_to_show(two_profiles: Path, use_backend: object) -> None:
    with pytest.raises(ProfileNotFound):
        resolve_profile("gone")
    use_backend(LockedKeyring())  # type: ignore[operator]
    with pytest.raises(KeyringUnavailable):
        ConfiguredProfiles().open("audit")


def test_opening_a_profile_gives_the_header_label_and_the_audit_name(two_profiles: Path) -> None:
    session = ConfiguredProfiles().open("audit")
    assert session.label == "audit · ovh-ca" and session.audit_profile == "audit" and session.name == "audit"
    assert session.resolved.read_only
    assert "as-audit" not in repr(session) and "ck-audit" not in repr(session)


def test_the_header_names_profile_then_endpoint() -> None:
    creds = ApplicationCredentials("ak", "as", "ck")
    assert context_label(ResolvedConfig("ovh-eu", creds, "prod")) == "prod · ovh-eu"
    assert context_label(ResolvedConfig("ovh-us", creds)) == "environment · ovh-us"
    assert profile_label("demo", "emulator") == "demo · emulator"


def test_an_unknown_endpoint_is_a_configuration_error_too(config_file: Path) -> None:
    """Not a ConfigError but the API's InvalidConfiguration: the app catches that base class."""
    update_profile(config_file, ProfileSettings("mars", "ovh-mars", application_key="ak"))
    store = SecretStore()
    store.set("mars", "application_secret", "as")
    store.set("mars", "consumer_key", "ck")
    with pytest.raises(InvalidConfiguration, match="Unknown endpoint 'ovh-mars'"):
        resolve_profile("mars")
