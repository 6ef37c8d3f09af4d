"""The ``[keys]`` table of config.toml: the user's key rebindings, read as written.

Only the shape is checked here (a table); which ids and key names are valid is
the UI command registry's business (:func:`efs_tui.ui.rebinding.check_keymap`), so the
config package stays free of Textual. A bad table is a warning at start-up, never
a reason not to start.
"""

from __future__ import annotations

from pathlib import Path

from .paths import config_path

KEYS_TABLE = "keys"


def load_keymap(path: Path | None = None) -> tuple[dict[str, object], list[str]]:
    """The ``[keys]`` table (binding id → keys, values unchecked) and why it could not be read, if so."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        return {}, [f"{path}: cannot read the [{KEYS_TABLE}] table ({error})"]
    import tomllib  # only for a file there is (see efs_tui.config.settings.load_config)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return {}, [f"{path}: cannot read the [{KEYS_TABLE}] table ({error})"]
    table = data.get(KEYS_TABLE, {})
    if not isinstance(table, dict):
        return {}, [f'{path}: [{KEYS_TABLE}] must be a table, such as delete_snapshot = "D"']
    return {str(key): value for key, value in table.items()}, []
