"""The non-secret half of a profile, kept in ``config.toml``.

Secrets never come here: they go to the OS keyring (:mod:`.keystore`). The file
belongs to the user: a save edits only the values efs-tui owns and keeps comments,
unknown keys and every TOML type (:mod:`.toml_edit`), atomically and with mode 0600.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from .errors import ConfigError
from .paths import config_path

DEFAULT_PROFILE: Final = "default"

#: Keys that must never appear in config.toml: refusing them beats silently using plain-text secrets.
SECRET_KEYS: Final = frozenset({"application_secret", "consumer_key", "client_secret"})

_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

_HEADER = """efs-tui configuration, written by `efs-tui login`.
Secrets are not stored here: they live in the OS keyring (service "efs-tui")."""


def validate_profile_name(name: str) -> str:
    """Return ``name`` if it can name a profile; a keyring entry is ``<profile>:<field>``, so no colon."""
    if not _PROFILE_NAME.match(name):
        raise ConfigError(
            f"Invalid profile name {name!r}: use letters, digits, '.', '_' or '-' (at most 64, no leading symbol)"
        )
    return name


@dataclass(frozen=True, slots=True)
class ProfileSettings:
    """Everything about a profile except its secrets."""

    name: str
    """Profile name, as given to ``--profile``."""
    endpoint: str = "ovh-eu"
    """Endpoint name (``ovh-eu``…) or base URL (the emulator's)."""
    application_key: str | None = None
    """Application key (AK scheme). Public: it identifies the application, it signs nothing."""
    client_id: str | None = None
    """OAuth2 client id (service-account scheme)."""
    read_only: bool = False
    """Refuse changes in the UI, whatever the credential allows."""
    rate_limit: float | None = None
    """Client-side ceiling, in requests per second."""
    auto_refresh: float | None = None
    """Seconds between automatic refreshes of the snapshot list; ``None`` for the app's default."""
    rate_burst: int | None = None
    """Client-side bucket size (requests at once) with ``rate_limit``; ``None``: the default (10)."""

    @property
    def scheme(self) -> str:
        """``"oauth2"`` or ``"application"``, the names :class:`efs_tui.api.auth.Credentials` uses."""
        return "oauth2" if self.client_id else "application"

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "endpoint": self.endpoint,
            "application_key": self.application_key,
            "client_id": self.client_id,
            "read_only": self.read_only,
            "rate_limit": self.rate_limit,
            "auto_refresh": self.auto_refresh,
            "rate_burst": self.rate_burst,
        }
        return data

    @classmethod
    def from_toml(cls, name: str, data: Any, path: Path) -> ProfileSettings:
        where = f"{path} [profiles.{name}]"
        if not isinstance(data, dict):
            raise ConfigError(f"{where} is not a table")
        leaked = sorted(SECRET_KEYS & data.keys())
        if leaked:
            raise ConfigError(
                f"{where} contains {', '.join(leaked)}: secrets do not belong in the config file. "
                f"Remove those lines and run `efs-tui login --profile {name}` to put them in the keyring."
            )
        if data.get("application_key") and data.get("client_id"):
            raise ConfigError(f"{where} has both application_key and client_id: keep one scheme per profile")
        try:
            return cls(
                name=validate_profile_name(name),
                endpoint=_opt(data, "endpoint", str, where) or "ovh-eu",
                application_key=_opt(data, "application_key", str, where),
                client_id=_opt(data, "client_id", str, where),
                read_only=bool(_opt(data, "read_only", bool, where) or False),
                rate_limit=_number(data, "rate_limit", where),
                auto_refresh=_number(data, "auto_refresh", where),
                rate_burst=int(burst) if (burst := _number(data, "rate_burst", where)) else None,
            )
        except ConfigError:
            raise
        except ValueError as exc:  # pragma: no cover - defensive
            raise ConfigError(f"{where}: {exc}") from None


def _opt(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if value is not None and not isinstance(value, kind):
        raise ConfigError(f"{where}: {key} must be a {kind.__name__}")
    return value


def _number(data: dict[str, Any], key: str, where: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{where}: {key} must be a positive number")
    return float(value)


@dataclass(slots=True)
class ConfigFile:
    """The whole config file: profiles, which one is the default, and tables owned by other parts of the app."""

    path: Path
    default_profile: str | None = None
    profiles: dict[str, ProfileSettings] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    """Other top-level keys (UI preferences such as ``theme``, the user's own keys), as read."""
    loaded_profiles: frozenset[str] = frozenset()
    """Profiles the file had when read: a save removes only those that were dropped since."""
    loaded_extra: frozenset[str] = frozenset()
    """Top-level keys the file had when read: a save removes only those that were dropped from :attr:`extra`."""

    @property
    def default(self) -> ProfileSettings | None:
        """The default profile, or the only one when there is exactly one."""
        if self.default_profile and self.default_profile in self.profiles:
            return self.profiles[self.default_profile]
        if len(self.profiles) == 1:
            return next(iter(self.profiles.values()))
        return self.profiles.get(DEFAULT_PROFILE)

    def set_profile(self, profile: ProfileSettings, *, make_default: bool = False) -> None:
        """Add or replace a profile; the first profile ever saved becomes the default."""
        self.profiles[validate_profile_name(profile.name)] = profile
        if make_default or not self.default_profile or self.default_profile not in self.profiles:
            self.default_profile = profile.name

    def remove_profile(self, name: str) -> ProfileSettings | None:
        """Drop a profile; if it was the default, no profile is the default any more."""
        removed = self.profiles.pop(name, None)
        if self.default_profile == name:
            self.default_profile = next(iter(self.profiles), None)
        return removed


def load_config(path: Path | None = None) -> ConfigFile:
    """Read the config file; a missing file is an empty configuration, a broken one a :class:`ConfigError`."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ConfigFile(path)
    except OSError as exc:
        raise ConfigError(f"Cannot read {path}: {exc.strerror}") from None
    import tomllib  # only for a file there is: a start with none (credentials from OVH_*) never parses TOML

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    profiles_raw = data.pop("profiles", {})
    if not isinstance(profiles_raw, dict):
        raise ConfigError(f"{path}: 'profiles' must be a table of profiles")
    default = data.pop("default_profile", None)
    if default is not None and not isinstance(default, str):
        raise ConfigError(f"{path}: default_profile must be a string")
    leaked = sorted(SECRET_KEYS & data.keys())
    if leaked:
        raise ConfigError(f"{path} contains {', '.join(leaked)}: secrets do not belong in the config file")
    profiles = {name: ProfileSettings.from_toml(name, value, path) for name, value in profiles_raw.items()}
    return ConfigFile(path, default, profiles, data, frozenset(profiles), frozenset(data))


def save_config(config: ConfigFile) -> None:
    """Write ``config`` into the file as it is on disk now, changing only what efs-tui owns.

    Comments, key order, unknown keys (top level and inside profiles) and values of
    any TOML type (dates…) are kept; a profile or key is removed only if it was
    read and has been dropped since.
    """
    from . import toml_edit  # tomlkit only when writing: start-up reads with tomllib

    path = config.path
    document = toml_edit.read_document(path, _HEADER)
    toml_edit.set_values(document, {"default_profile": config.default_profile})
    toml_edit.set_values(document, {k: v for k, v in config.extra.items() if k not in ("default_profile", "profiles")})
    toml_edit.remove_keys(document, config.loaded_extra - config.extra.keys() - {"profiles", "default_profile"})
    if config.profiles or "profiles" in document:
        profiles = toml_edit.sub_table(document, "profiles", only_tables=True)
        toml_edit.remove_keys(profiles, config.loaded_profiles - config.profiles.keys())
        for name, profile in config.profiles.items():
            table = toml_edit.sub_table(profiles, name)
            values = profile.to_toml()
            if not profile.read_only and "read_only" not in table:
                del values["read_only"]  # the default: no need to add a line the user did not write
            toml_edit.set_values(table, values)
    toml_edit.write_atomically(path, document.as_string())


def set_preference(key: str, value: Any, path: Path | None = None) -> ConfigFile:
    """Save one top-level preference (``theme``…) and leave everything else in the file as it is."""
    config = load_config(path)
    config.extra[key] = value
    save_config(config)
    return config


def saved_theme(path: Path | None = None) -> str | None:
    """The ``theme`` key of config.toml, if it is a string (a broken file is reported when it matters, not here)."""
    try:
        value = load_config(path).extra.get("theme")
    except ConfigError:
        return None
    return value if isinstance(value, str) and value else None


def save_theme(name: str, path: Path | None = None) -> None:
    """Keep the theme picked in the TUI as ``theme = "..."`` in config.toml."""
    set_preference("theme", name, path)


def update_profile(path: Path | None, profile: ProfileSettings, *, make_default: bool = False) -> ConfigFile:
    """Load, add or replace ``profile``, save; return the saved configuration."""
    config = load_config(path)
    config.set_profile(profile, make_default=make_default)
    save_config(config)
    return config


__all__ = [
    "DEFAULT_PROFILE",
    "ConfigFile",
    "ProfileSettings",
    "load_config",
    "save_config",
    "save_theme",
    "saved_theme",
    "set_preference",
    "update_profile",
    "validate_profile_name",
]
