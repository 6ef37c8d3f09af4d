"""Switch to another configured profile while the app runs.

A switch resolves the chosen profile through :func:`~efs_tui.config.resolve.resolve_config`
(one resolution order, never a second copy) with the profile as the only credential
source: the ``OVH_*`` variables and ``ovh.conf`` described the session the user
*started*, and letting them fill a gap in another profile would mix two accounts'
keys (an application key from one, a consumer key from the other). A missing
secret is therefore an error the user can act on, not a silent fallback.

What the command line said about the whole session carries over: ``--read-only``
(only when given: it is a floor, never lifted by a switch), ``--rate-limit``,
``--rate-burst`` and ``--auto-refresh``. ``--endpoint``, ``--application-key`` and
``--client-id`` do not: they belong to the profile the session started with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from .keystore import SecretStore
from .resolve import Overrides, ResolvedConfig, resolve_config
from .settings import load_config


class ProfileChoice(NamedTuple):
    """One line of the profile switcher: what a user recognises a profile by, never a secret.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    name: str
    endpoint: str
    read_only: bool
    default: bool = False


class ProfileSession(NamedTuple):
    """What the app needs to become another profile: its header label and its resolved credentials.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    name: str
    """The name the switcher lists (``prod``, ``demo``)."""
    label: str
    """What the header says: ``prod · ovh-eu``."""
    resolved: ResolvedConfig
    audit_profile: str | None
    """The profile recorded in the audit log and put in copied CLI commands (``None`` in the demo)."""

    def __repr__(self) -> str:
        return f"ProfileSession(name={self.name!r}, label={self.label!r})"


class ProfileSource:
    """The profiles the switcher offers, and how to open one (the demo has its own source).

    :meth:`open` may read the keyring, which can block on a locked Secret Service:
    the app calls it from a thread.
    """

    def choices(self) -> list[ProfileChoice]:
        raise NotImplementedError

    def open(self, name: str) -> ProfileSession:
        """Resolve ``name``; raises a :class:`~efs_tui.config.errors.ConfigError` the user can act on."""
        raise NotImplementedError


def profile_label(profile: str | None, endpoint: str) -> str:
    """``prod · ovh-eu``: the header's name for a session (``environment`` when no profile took part)."""
    return f"{profile or 'environment'} · {endpoint}"


def configured_profiles(config_file: Path | None = None) -> list[ProfileChoice]:
    """The profiles of ``config.toml``, default first then by name."""
    config = load_config(config_file)
    default = config.default
    default_name = default.name if default else None
    found = [
        ProfileChoice(name, profile.endpoint, profile.read_only, default=name == default_name)
        for name, profile in config.profiles.items()
    ]
    return sorted(found, key=lambda choice: (not choice.default, choice.name))


def session_overrides(start: Overrides | None) -> Overrides:
    """What of the starting command line applies to every profile of the session (see the module doc)."""
    if start is None:
        return Overrides()
    return Overrides(
        read_only=True if start.read_only else None,
        rate_limit=start.rate_limit,
        auto_refresh=start.auto_refresh,
        rate_burst=start.rate_burst,
    )


def resolve_profile(
    name: str,
    start: Overrides | None = None,
    *,
    config_file: Path | None = None,
    store: SecretStore | None = None,
) -> ResolvedConfig:
    """Resolve profile ``name`` alone (its settings and its keyring secrets, plus the session's flags).

    Raises:
        ProfileNotFound: the profile was deleted from config.toml meanwhile.
        MissingCredentials: a secret of the profile is not in the keyring.
        KeyringUnavailable: the keyring cannot be read (locked, no Secret Service).
        InvalidConfiguration: the profile's endpoint is unknown.
    """
    overrides = replace(session_overrides(start), profile=name)
    return resolve_config(overrides, environ={}, config_file=config_file, store=store, ovh_conf_files=[])


class ConfiguredProfiles(ProfileSource):
    """The profiles of ``config.toml``, opened with their secrets from the keyring."""

    def __init__(
        self,
        start: Overrides | None = None,
        *,
        config_file: Path | None = None,
        store: Callable[[], SecretStore] = SecretStore,
    ) -> None:
        self._start = start
        self._config_file = config_file
        self._store = store

    def choices(self) -> list[ProfileChoice]:
        return configured_profiles(self._config_file)

    def open(self, name: str) -> ProfileSession:
        resolved = resolve_profile(name, self._start, config_file=self._config_file, store=self._store())
        return ProfileSession(name, profile_label(name, resolved.endpoint), resolved, name)
