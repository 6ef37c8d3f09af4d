# mypy: disable-error-code="no-untyped-call"
"""Resolution order: flags > OVH_* > keyring profile > ovh.conf, and where each value came from."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backend
import pytest

from efs_tui.api.auth import ApplicationCredentials, OAuth2Credentials
from efs_tui.api.errors import InvalidConfiguration
from efs_tui.config import (
    KeyringUnavailable,
    MissingCredentials,
    MixedSchemes,
    Overrides,
    ProfileNotFound,
    ProfileSettings,
    SecretStore,
    resolve_config,
)
from efs_tui.config.settings import update_profile

ENV_AK = {
    "OVH_APPLICATION_KEY": "envAK",
    "OVH_APPLICATION_SECRET": "envAS-secret",
    "OVH_CONSUMER_KEY": "envCK-secret",
}


def make_profile(name: str = "default", **kw: object) -> None:
    settings = ProfileSettings(name, str(kw.pop("endpoint", "ovh-ca")), **kw)  # type: ignore[arg-type]
    update_profile(None, settings)
    if settings.client_id:
        SecretStore().save(name, {"client_secret": f"{name}-client-secret"})
    else:
        SecretStore().save(name, {"application_secret": f"{name}-AS", "consumer_key": f"{name}-CK"})


def write_ovh_conf(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)
    return path


def test_nothing_anywhere_is_missing_credentials() -> None:
    with pytest.raises(MissingCredentials, match="efs-tui login"):
        resolve_config(environ={})


def test_profile_from_keyring(config_file: Path) -> None:
    make_profile(application_key="profAK", read_only=True, rate_limit=2)
    resolved = resolve_config(environ={})
    assert resolved.credentials == ApplicationCredentials("profAK", "default-AS", "default-CK")
    assert resolved.endpoint == "ovh-ca" and resolved.profile == "default"
    assert resolved.read_only and resolved.rate_limit == 2
    assert resolved.origins["consumer_key"].kind == "keyring"
    assert resolved.origins["application_key"].kind == "config"
    assert str(config_file) in str(resolved.origins["endpoint"])


def test_env_beats_profile_and_never_reads_the_keyring(use_backend: object) -> None:
    make_profile(application_key="profAK")

    class Exploding(keyring.backend.KeyringBackend):
        priority = 1

        def get_password(self, service: str, username: str) -> str | None:
            raise AssertionError("keyring read although the environment gave everything")

        set_password = delete_password = get_password  # type: ignore[assignment]

    keyring.set_keyring(Exploding())
    resolved = resolve_config(environ={**ENV_AK, "OVH_ENDPOINT": "ovh-eu"})
    assert resolved.credentials == ApplicationCredentials("envAK", "envAS-secret", "envCK-secret")
    assert resolved.endpoint == "ovh-eu" and resolved.profile is None
    assert str(resolved.origins["consumer_key"]) == "environment variable OVH_CONSUMER_KEY"


def test_env_consumer_key_alone_overrides_only_that_value() -> None:
    make_profile(application_key="profAK")
    resolved = resolve_config(environ={"OVH_CONSUMER_KEY": "otherCK"})
    assert resolved.credentials == ApplicationCredentials("profAK", "default-AS", "otherCK")
    assert resolved.origins["application_secret"].kind == "keyring"
    assert resolved.origins["consumer_key"].kind == "env"


def test_flags_beat_env_for_endpoint_and_read_only() -> None:
    resolved = resolve_config(Overrides(endpoint="ovh-us", read_only=True, rate_limit=1.5), environ=ENV_AK)
    assert resolved.endpoint == "ovh-us" and resolved.read_only and resolved.rate_limit == 1.5
    assert resolved.origins["endpoint"].kind == "flag" and resolved.origins["read_only"].kind == "flag"


def test_explicit_profile_is_chosen_over_the_default() -> None:
    make_profile("default", application_key="A1")
    make_profile("other", endpoint="ovh-eu", client_id="EU.client")
    resolved = resolve_config(Overrides(profile="other"), environ={})
    assert resolved.credentials == OAuth2Credentials("EU.client", "other-client-secret")
    assert resolved.profile == "other"


def test_unknown_profile() -> None:
    with pytest.raises(ProfileNotFound, match="efs-tui login --profile nope"):
        resolve_config(Overrides(profile="nope"), environ={})


def test_profile_beats_ovh_conf(isolated: Path) -> None:
    write_ovh_conf(
        isolated / "home" / ".ovh.conf",
        "[default]\nendpoint=ovh-ca\n[ovh-ca]\napplication_key=confAK\napplication_secret=confAS\nconsumer_key=confCK\n",
    )
    make_profile(application_key="profAK")
    assert resolve_config(environ={}).credentials.application_key == "profAK"  # type: ignore[union-attr]


def test_ovh_conf_endpoint_section_and_later_files_override(isolated: Path) -> None:
    write_ovh_conf(
        isolated / "etc" / "ovh.conf",
        "[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=etcAK\napplication_secret=etcAS\nconsumer_key=etcCK\n",
    )
    local = write_ovh_conf(isolated / "cwd" / "ovh.conf", "[ovh-eu]\nconsumer_key=localCK\n")
    resolved = resolve_config(environ={})
    assert resolved.credentials == ApplicationCredentials("etcAK", "etcAS", "localCK")
    assert str(local) in str(resolved.origins["consumer_key"])
    assert resolved.origins["endpoint"].kind == "ovh.conf"


def test_ovh_conf_section_follows_the_endpoint_given_elsewhere(isolated: Path) -> None:
    write_ovh_conf(
        isolated / "home" / ".ovh.conf",
        "[default]\nendpoint=ovh-eu\n[ovh-eu]\nclient_id=EU.a\nclient_secret=sa\n[ovh-ca]\nclient_id=CA.b\nclient_secret=sb\n",
    )
    assert resolve_config(environ={"OVH_ENDPOINT": "ovh-ca"}).credentials == OAuth2Credentials("CA.b", "sb")


def test_ovh_conf_mixing_schemes_is_refused(isolated: Path) -> None:
    write_ovh_conf(
        isolated / "home" / ".ovh.conf",
        "[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=a\napplication_secret=b\nconsumer_key=c\n"
        "client_id=d\nclient_secret=e\n",
    )
    with pytest.raises(MixedSchemes, match=r"ovh.conf section \[ovh-eu\]"):
        resolve_config(environ={})


def test_a_mixed_ovh_conf_is_ignored_when_earlier_sources_suffice(isolated: Path) -> None:
    write_ovh_conf(isolated / "home" / ".ovh.conf", "[ovh-eu]\napplication_key=a\nclient_id=d\n")
    assert resolve_config(environ=ENV_AK).credentials.application_key == "envAK"  # type: ignore[union-attr]


def test_env_mixing_schemes_is_refused() -> None:
    with pytest.raises(MixedSchemes, match="OVH_"):
        resolve_config(environ={**ENV_AK, "OVH_CLIENT_ID": "x", "OVH_CLIENT_SECRET": "y"})


def test_env_oauth2_beats_an_application_key_profile() -> None:
    make_profile(application_key="profAK")
    resolved = resolve_config(environ={"OVH_CLIENT_ID": "EU.env", "OVH_CLIENT_SECRET": "env-secret"})
    assert resolved.credentials == OAuth2Credentials("EU.env", "env-secret")


@pytest.mark.parametrize(
    ("environ", "missing"),
    [
        ({"OVH_APPLICATION_KEY": "a", "OVH_APPLICATION_SECRET": "b"}, "consumer_key"),
        ({"OVH_APPLICATION_KEY": "a"}, "application_secret"),
        ({"OVH_CLIENT_ID": "a"}, "client_secret"),
    ],
)
def test_incomplete_credentials(environ: dict[str, str], missing: str) -> None:
    with pytest.raises(MissingCredentials, match=missing):
        resolve_config(environ=environ)


def test_oauth2_refused_where_the_endpoint_has_none() -> None:
    with pytest.raises(MissingCredentials, match="kimsufi-eu"):
        resolve_config(environ={"OVH_ENDPOINT": "kimsufi-eu", "OVH_CLIENT_ID": "a", "OVH_CLIENT_SECRET": "b"})


def test_unknown_endpoint() -> None:
    with pytest.raises(InvalidConfiguration, match="Unknown endpoint"):
        resolve_config(environ={**ENV_AK, "OVH_ENDPOINT": "ovh-mars"})


def test_profile_needing_an_unavailable_keyring(use_backend: object) -> None:
    make_profile(application_key="profAK")
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    with pytest.raises(KeyringUnavailable) as info:
        resolve_config(environ={})
    assert "OVH_" in info.value.message and "PYTHON_KEYRING_BACKEND" in info.value.message


def test_repr_and_describe_hide_secrets() -> None:
    resolved = resolve_config(environ=ENV_AK)
    for text in (repr(resolved), resolved.describe(), str(resolved.origins)):
        assert "envAS-secret" not in text and "envCK-secret" not in text
    assert "envAK" in resolved.describe() and "OVH_APPLICATION_KEY" in resolved.describe()


def test_overrides_from_the_apps_arguments() -> None:
    import argparse

    from efs_tui.config.arguments import add_resolution_arguments, overrides_from_args

    parser = argparse.ArgumentParser()
    add_resolution_arguments(parser)
    make_profile(application_key="profAK", read_only=True)
    # --read-only absent must not turn a read-only profile writable.
    assert resolve_config(overrides_from_args(parser.parse_args([])), environ={}).read_only
    args = parser.parse_args(["--endpoint", "ovh-eu", "--rate-limit", "3"])
    resolved = resolve_config(overrides_from_args(args), environ={})
    assert resolved.endpoint == "ovh-eu" and resolved.rate_limit == 3
    plain = argparse.Namespace(read_only=False, application_key="flagAK", auto_refresh=12.0)
    resolved = resolve_config(overrides_from_args(plain), environ={})
    assert resolved.credentials.application_key == "flagAK"  # type: ignore[union-attr]
    assert resolved.auto_refresh == 12.0 and resolved.origins["application_key"].kind == "flag"
