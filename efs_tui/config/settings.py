"""The non-secret half of a profile, kept in ``config.toml``.

Secrets never come here: they go to the OS keyring (:mod:`.keystore`). The file is
written atomically (temporary file + ``os.replace``) with mode 0600 in a 0700
directory, so a crash never leaves half a file and other users cannot read which
application key or endpoint someone uses.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from . import toml_writer
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
    """Other top-level keys (UI preferences…), kept as they are so saving a profile never drops them."""

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

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"default_profile": self.default_profile}
        data.update({k: v for k, v in self.extra.items() if k not in ("default_profile", "profiles")})
        data["profiles"] = {name: p.to_toml() for name, p in self.profiles.items()}
        return data


def load_config(path: Path | None = None) -> ConfigFile:
    """Read the config file; a missing file is an empty configuration, a broken one a :class:`ConfigError`."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ConfigFile(path)
    except OSError as exc:
        raise ConfigError(f"Cannot read {path}: {exc.strerror}") from None
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
    return ConfigFile(path, default, profiles, data)


def save_config(config: ConfigFile) -> None:
    """Write the file atomically, mode 0600, creating its directory with mode 0700."""
    path = config.path
    text = toml_writer.dumps(config.to_toml(), header=_HEADER)
    _ensure_private_dir(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=".config-", suffix=".toml.tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def _ensure_private_dir(directory: Path) -> None:
    """Create the directory 0700; tighten our own ``efs-tui`` dir, leave a shared parent (``$EFS_TUI_CONFIG``) alone."""
    existed = directory.exists()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not existed or directory.name == "efs-tui":
        os.chmod(directory, 0o700)


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
    "update_profile",
    "validate_profile_name",
]
