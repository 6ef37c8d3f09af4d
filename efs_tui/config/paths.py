"""Where efs-tui's files live, and where python-ovh's ``ovh.conf`` files are looked for."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

import platformdirs

APP_NAME: Final = "efs-tui"

#: Points at another config file (tests, several set-ups side by side).
CONFIG_ENV_VAR: Final = "EFS_TUI_CONFIG"


def config_path() -> Path:
    """The config file: ``$EFS_TUI_CONFIG`` or ``<user config dir>/efs-tui/config.toml``.

    On Linux the user config dir is ``$XDG_CONFIG_HOME`` (``~/.config`` by default);
    platformdirs gives the native place on macOS and Windows.
    """
    override = os.environ.get(CONFIG_ENV_VAR)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


def ovh_conf_paths() -> list[Path]:
    """python-ovh's files, in the order it reads them (later ones override earlier ones).

    ``/etc/ovh.conf``, ``~/.ovh.conf``, then ``./ovh.conf`` in the current directory.
    """
    return [Path("/etc/ovh.conf"), Path.home() / ".ovh.conf", Path.cwd() / "ovh.conf"]
