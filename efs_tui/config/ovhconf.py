"""Read python-ovh's ``ovh.conf`` files (never write them).

Many OVHcloud users already have one. efs-tui reads it as the last resort of the
resolution order and ``efs-tui login --import-ovh-conf`` moves its secrets into
the keyring. The semantics follow python-ovh: INI files read in order
(``/etc/ovh.conf``, ``~/.ovh.conf``, ``./ovh.conf``) with later files overriding
earlier ones, ``endpoint`` in ``[default]``, keys in the section named after the
endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from . import paths as _paths
from .errors import ConfigError

CREDENTIAL_KEYS: Final = ("application_key", "application_secret", "consumer_key", "client_id", "client_secret")


@dataclass(frozen=True, slots=True)
class OvhConfValue:
    """One value and the file it came from."""

    value: str = field(repr=False)
    path: Path


@dataclass(frozen=True, slots=True)
class OvhConf:
    """The merged content of the ovh.conf files found; ``repr`` shows no value."""

    files: tuple[Path, ...] = ()
    sections: dict[str, dict[str, OvhConfValue]] = field(default_factory=dict, repr=False)

    @property
    def endpoint(self) -> OvhConfValue | None:
        """``endpoint`` from ``[default]``."""
        return self.sections.get("default", {}).get("endpoint")

    def credentials_for(self, endpoint: str) -> dict[str, OvhConfValue]:
        """The credential keys of the section named after ``endpoint`` (empty values left out)."""
        section = self.sections.get(endpoint, {})
        return {key: section[key] for key in CREDENTIAL_KEYS if key in section and section[key].value}


def load_ovh_conf(paths: Iterable[Path] | None = None) -> OvhConf:
    """Read the files that exist among ``paths`` (python-ovh's locations by default)."""
    files: list[Path] = []
    sections: dict[str, dict[str, OvhConfValue]] = {}
    for path in _paths.ovh_conf_paths() if paths is None else paths:
        if not path.is_file():
            continue
        # Only when an ovh.conf exists: configparser compiles its regular expressions on import,
        # which every start paid for nothing when the credentials come from elsewhere (s1).
        import configparser

        parser = configparser.RawConfigParser()
        try:
            with path.open(encoding="utf-8") as handle:
                parser.read_file(handle)
        except (OSError, UnicodeDecodeError, configparser.Error) as exc:
            raise ConfigError(f"Cannot read {path}: {exc}") from None
        files.append(path)
        for name in parser.sections():
            target = sections.setdefault(name, {})
            for key, value in parser.items(name):
                target[key] = OvhConfValue(value.strip(), path)
    return OvhConf(tuple(files), sections)
