"""Edit ``config.toml`` in place, so that the file stays the user's.

A user adds comments, reorders keys, keeps keys of a newer efs-tui or of their own
tools, writes dates. Rewriting the file from efs-tui's own model would drop all
that, so every save edits the file as it is on disk (tomlkit keeps comments,
order, formatting and every TOML type): efs-tui changes only the values it owns
and leaves everything else byte for byte. tomlkit is imported here only, and only
when something is written: reading at start-up stays on the standard library's
``tomllib``, which keeps the cold start fast.

The write is atomic (temporary file in the same directory, ``fsync``, ``os.replace``)
with mode 0600: a crash never leaves half a file, and other users cannot read which
application key or endpoint someone uses.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.items
from tomlkit.container import Container
from tomlkit.toml_document import TOMLDocument

from .errors import ConfigError

Table = tomlkit.items.Table | Container


def read_document(path: Path, header: str) -> TOMLDocument:
    """The file as a style-preserving document; a new document starting with ``header`` comments if absent."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        document = tomlkit.document()
        for line in header.splitlines():
            document.add(tomlkit.comment(line))
        document.add(tomlkit.nl())
        return document
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read {path}: {exc}") from None
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def set_values(table: Table | TOMLDocument, values: Mapping[str, Any]) -> None:
    """Set each key of ``values`` in ``table``; ``None`` removes the key. Equal values are left untouched.

    Leaving an equal value alone keeps how the user wrote it (``2`` stays ``2``
    when efs-tui holds ``2.0``, a comment after the value stays).
    """
    for key, value in values.items():
        if value is None:
            if key in table:
                del table[key]
        elif key not in table or _plain(table[key]) != value:
            table[key] = value


def sub_table(parent: Table | TOMLDocument, key: str, *, only_tables: bool = False) -> Table:
    """``parent[key]`` as a table, created (as a ``[key]`` section) if missing; refuse a non-table value.

    ``only_tables``: a new table that holds only sub-tables (``[profiles.NAME]``) gets no header of its own.
    """
    if key not in parent:
        parent[key] = tomlkit.table(is_super_table=only_tables)
    found = parent[key]
    if not isinstance(found, tomlkit.items.Table | tomlkit.items.InlineTable | Container):
        raise ConfigError(f"'{key}' in the config file is not a table: fix or remove that line")
    return found  # type: ignore[return-value]  # an inline table behaves as a table here


def remove_keys(table: Table | TOMLDocument, keys: Iterable[str]) -> None:
    for key in keys:
        if key in table:
            del table[key]


def _plain(item: Any) -> Any:
    unwrap = getattr(item, "unwrap", None)
    return unwrap() if callable(unwrap) else item


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, mode 0600, creating its directory with mode 0700."""
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
