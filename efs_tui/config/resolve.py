"""Decide which endpoint and credentials efs-tui uses, and remember where each came from.

Resolution order (the first source that gives a value wins):

1. command-line flags (``--endpoint``, ``--profile``, ``--read-only``, ``--rate-limit``);
2. ``OVH_*`` environment variables: ``OVH_ENDPOINT``, ``OVH_APPLICATION_KEY``,
   ``OVH_APPLICATION_SECRET``, ``OVH_CONSUMER_KEY``, ``OVH_CLIENT_ID``, ``OVH_CLIENT_SECRET``;
3. the efs-tui profile (``--profile NAME``, else the default profile): its settings from
   ``config.toml`` and its secrets from the OS keyring;
4. python-ovh's ``ovh.conf`` (``/etc/ovh.conf``, ``~/.ovh.conf``, ``./ovh.conf``; read only).

The endpoint is resolved first (defaulting to ``ovh-eu``) because ovh.conf keeps keys
in a section named after it. The authentication scheme (application key or OAuth2)
is then that of the first source that names any credential; each value of that
scheme is taken from the first source that has it, as python-ovh does, so
``OVH_CONSUMER_KEY=… efs-tui`` swaps only the consumer key. A source that gives
both an application key and a client id is refused (:class:`MixedSchemes`), as
python-ovh refuses it. The keyring is only asked for what the sources above it did
not give, so a session run entirely from ``OVH_*`` variables never touches it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from efs_tui.api.auth import ApplicationCredentials, OAuth2Credentials, resolve_endpoint

from .errors import MissingCredentials, MixedSchemes, ProfileNotFound
from .keystore import SecretStore
from .ovhconf import load_ovh_conf
from .settings import ProfileSettings, load_config

if TYPE_CHECKING:
    from efs_tui.api.client import OvhClient

APPLICATION_FIELDS: Final = ("application_key", "application_secret", "consumer_key")
OAUTH2_FIELDS: Final = ("client_id", "client_secret")
SECRET_FIELDS: Final = frozenset({"application_secret", "consumer_key", "client_secret"})
ENV_VARS: Final = {name: "OVH_" + name.upper() for name in ("endpoint", *APPLICATION_FIELDS, *OAUTH2_FIELDS)}
DEFAULT_ENDPOINT: Final = "ovh-eu"


class Origin(NamedTuple):
    """Where one value came from, in words a user can act on.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    kind: str
    """``flag``, ``env``, ``config``, ``keyring``, ``ovh.conf``, ``login`` or ``default``."""
    detail: str
    """E.g. ``environment variable OVH_CONSUMER_KEY`` or ``keyring (profile 'work')``."""

    def __str__(self) -> str:
        return self.detail


@dataclass(frozen=True, slots=True)
class Overrides:
    """What the command line says. ``None`` means "not given"."""

    endpoint: str | None = None
    profile: str | None = None
    read_only: bool | None = None
    rate_limit: float | None = None
    auto_refresh: float | None = None
    rate_burst: int | None = None
    application_key: str | None = None
    client_id: str | None = None


@dataclass(frozen=True, slots=True, repr=False)
class ResolvedConfig:
    """The endpoint and credentials to use, plus the profile's preferences; ``repr`` hides the secrets."""

    endpoint: str
    credentials: ApplicationCredentials | OAuth2Credentials
    profile: str | None = None
    """The efs-tui profile that contributed, if any (``None`` for pure env/ovh.conf sessions)."""
    origins: Mapping[str, Origin] = field(default_factory=dict)
    read_only: bool = False
    rate_limit: float | None = None
    auto_refresh: float | None = None
    rate_burst: int | None = None

    @property
    def scheme(self) -> str:
        return self.credentials.scheme

    def secrets(self) -> tuple[str, ...]:
        """The secret strings, for :func:`efs_tui.config.redact.redact`."""
        return self.credentials.secrets()

    def client(self, **kwargs: Any) -> OvhClient:
        """A client for this configuration (extra keyword arguments go to :class:`OvhClient`)."""
        from efs_tui.api.client import OvhClient  # the client when asked for: resolving needs none

        kwargs.setdefault("rate_limit", self.rate_limit)
        kwargs.setdefault("rate_burst", self.rate_burst)
        return OvhClient(self.endpoint, self.credentials, **kwargs)

    def describe(self) -> str:
        """One line per value: what it is (secrets masked) and where it came from."""
        values: dict[str, str] = {"endpoint": self.endpoint}
        if isinstance(self.credentials, ApplicationCredentials):
            values["application_key"] = self.credentials.application_key
            values["application_secret"] = "***"
            values["consumer_key"] = "***"
        else:
            values["client_id"] = self.credentials.client_id
            values["client_secret"] = "***"
        lines = [f"{name}: {value}  ({self.origins.get(name, 'unknown')})" for name, value in values.items()]
        lines.append(f"read_only: {str(self.read_only).lower()}  ({self.origins.get('read_only', 'default')})")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"ResolvedConfig(endpoint={self.endpoint!r}, credentials={self.credentials!r}, "
            f"profile={self.profile!r}, read_only={self.read_only!r})"
        )


class _Layer:
    """One source of values; secrets of the profile layer are read from the keyring only when asked for."""

    def __init__(self, name: str, values: dict[str, tuple[str, Origin]]) -> None:
        self.name = name
        self.values = values

    def names(self) -> set[str]:
        return set(self.values)

    def get(self, key: str) -> tuple[str, Origin] | None:
        return self.values.get(key)


class _ProfileLayer(_Layer):
    def __init__(self, profile: ProfileSettings, config_file: Path, store: SecretStore) -> None:
        origin = Origin("config", f"config file {config_file} (profile {profile.name!r})")
        values: dict[str, tuple[str, Origin]] = {"endpoint": (profile.endpoint, origin)}
        if profile.application_key:
            values["application_key"] = (profile.application_key, origin)
        if profile.client_id:
            values["client_id"] = (profile.client_id, origin)
        super().__init__(f"profile {profile.name!r}", values)
        self.profile = profile
        self.store = store
        self.used = False

    def names(self) -> set[str]:
        # The secrets this profile's scheme stores, without reading them yet.
        secret = {"client_secret"} if self.profile.client_id else {"application_secret", "consumer_key"}
        return set(self.values) | secret

    def get(self, key: str) -> tuple[str, Origin] | None:
        if key in SECRET_FIELDS:
            wanted = "oauth2" if key == "client_secret" else "application"
            if wanted != self.profile.scheme:
                return None
            value = self.store.get(self.profile.name, key)
            if not value:
                return None
            self.used = True
            return value, Origin("keyring", f"keyring (profile {self.profile.name!r})")
        found = self.values.get(key)
        if found and key != "endpoint":
            self.used = True
        return found


def _scheme_of(layer: _Layer) -> str | None:
    names = layer.names()
    has_app = bool(names & set(APPLICATION_FIELDS))
    has_oauth = bool(names & set(OAUTH2_FIELDS))
    if has_app and has_oauth:
        raise MixedSchemes(
            f"{layer.name} gives both an application key/secret/consumer key and an OAuth2 client id/secret: "
            "use one scheme only"
        )
    return "application" if has_app else "oauth2" if has_oauth else None


def resolve_config(
    overrides: Overrides | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    config_file: Path | None = None,
    store: SecretStore | None = None,
    ovh_conf_files: list[Path] | None = None,
) -> ResolvedConfig:
    """Resolve flags, environment, profile and ovh.conf into one :class:`ResolvedConfig`.

    Raises:
        MixedSchemes: one source mixes the two schemes.
        ProfileNotFound: ``overrides.profile`` names no profile.
        MissingCredentials: nothing usable anywhere (the app then shows onboarding).
        KeyringUnavailable: the profile's secrets are needed but the keyring cannot be read.
        InvalidConfiguration: unknown endpoint, OAuth2 on an endpoint without it.
    """
    overrides = overrides or Overrides()
    environ = os.environ if environ is None else environ
    store = store or SecretStore()
    layers: list[_Layer] = []

    flag = Origin("flag", "command line")
    layers.append(
        _Layer(
            "the command line",
            {
                k: (v, flag)
                for k, v in (
                    ("endpoint", overrides.endpoint),
                    ("application_key", overrides.application_key),
                    ("client_id", overrides.client_id),
                )
                if v
            },
        )
    )
    layers.append(
        _Layer(
            "the OVH_* environment variables",
            {
                k: (environ[var], Origin("env", f"environment variable {var}"))
                for k, var in ENV_VARS.items()
                if environ.get(var)
            },
        )
    )

    config = load_config(config_file)
    profile = config.profiles.get(overrides.profile) if overrides.profile else config.default
    if overrides.profile and profile is None:
        known = ", ".join(sorted(config.profiles)) or "none yet"
        raise ProfileNotFound(
            f"No profile {overrides.profile!r} in {config.path} (profiles: {known}). "
            f"Create it with `efs-tui login --profile {overrides.profile}`."
        )
    profile_layer = _ProfileLayer(profile, config.path, store) if profile else None
    if profile_layer:
        layers.append(profile_layer)

    endpoint, endpoint_origin = _first(layers, "endpoint") or (None, None)
    ovh_conf = load_ovh_conf(ovh_conf_files)
    if endpoint is None and ovh_conf.endpoint:
        endpoint = ovh_conf.endpoint.value
        endpoint_origin = Origin("ovh.conf", f"{ovh_conf.endpoint.path} [default]")
    if endpoint is None:
        endpoint, endpoint_origin = DEFAULT_ENDPOINT, Origin("default", "default")
    assert endpoint_origin is not None
    resolved_endpoint = resolve_endpoint(endpoint)
    section = ovh_conf.credentials_for(endpoint)
    layers.append(
        _Layer(
            f"ovh.conf section [{endpoint}]",
            {k: (v.value, Origin("ovh.conf", f"{v.path} [{endpoint}]")) for k, v in section.items()},
        )
    )

    scheme = None
    for layer in layers:
        scheme = _scheme_of(layer)
        if scheme:
            break
    if scheme is None:
        raise MissingCredentials(
            "No OVHcloud credentials found: run `efs-tui login`, or set OVH_APPLICATION_KEY, "
            "OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY (or OVH_CLIENT_ID and OVH_CLIENT_SECRET)."
        )

    fields = APPLICATION_FIELDS if scheme == "application" else OAUTH2_FIELDS
    values: dict[str, str] = {}
    origins: dict[str, Origin] = {"endpoint": endpoint_origin}
    for name in fields:
        found = _first(layers, name, scheme)
        if found:
            values[name], origins[name] = found

    credentials = _credentials(scheme, values, origins)
    if isinstance(credentials, OAuth2Credentials) and not resolved_endpoint.token_url:
        raise MissingCredentials(f"OAuth2 service accounts are not available on {endpoint}: use an application key")

    read_only, rate_limit, auto_refresh = False, None, None
    origins["read_only"] = Origin("default", "default")
    if profile is not None:
        read_only, rate_limit, auto_refresh = profile.read_only, profile.rate_limit, profile.auto_refresh
        origins["read_only"] = Origin("config", f"config file {config.path} (profile {profile.name!r})")
    if overrides.read_only is not None:
        read_only, origins["read_only"] = overrides.read_only, flag
    if overrides.rate_limit is not None:
        rate_limit = overrides.rate_limit
    rate_burst = overrides.rate_burst if overrides.rate_burst is not None else (profile.rate_burst if profile else None)
    if overrides.auto_refresh is not None:
        auto_refresh = overrides.auto_refresh
    used_profile = profile_layer.profile.name if profile_layer and profile_layer.used else None
    return ResolvedConfig(
        endpoint, credentials, used_profile, origins, read_only, rate_limit, auto_refresh, rate_burst=rate_burst
    )


def _first(layers: list[_Layer], key: str, scheme: str | None = None) -> tuple[str, Origin] | None:
    """The first layer's value for ``key``, skipping layers of the other scheme.

    A layer's scheme is checked only when it is reached, so a mixed ovh.conf that
    the earlier sources make irrelevant does not stop the app.
    """
    for layer in layers:
        if scheme is not None and _scheme_of(layer) not in (scheme, None):
            continue
        found = layer.get(key)
        if found:
            return found
    return None


def _credentials(
    scheme: str, values: dict[str, str], origins: dict[str, Origin]
) -> ApplicationCredentials | OAuth2Credentials:
    def need(*names: str) -> None:
        missing = [n for n in names if n not in values]
        if missing:
            have = ", ".join(f"{n} from {origins[n]}" for n in names if n in values)
            raise MissingCredentials(
                f"Incomplete credentials: {', '.join(missing)} missing (found {have or 'nothing'}). "
                "Run `efs-tui login` to create a complete profile, or set the matching OVH_* variables."
            )

    if scheme == "oauth2":
        need(*OAUTH2_FIELDS)
        return OAuth2Credentials(values["client_id"], values["client_secret"])
    need(*APPLICATION_FIELDS)
    return ApplicationCredentials(values["application_key"], values["application_secret"], values["consumer_key"])
