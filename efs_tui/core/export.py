"""Export snapshot lists to JSON or CSV, for files and for standard output.

Used by the headless CLI (``efs-tui snapshots list --json``) and by the TUI's
export action (``x``); it therefore imports nothing from Textual. Both write the
documented ``efs-tui.snapshots/1`` contract of :mod:`efs_tui.core.output_schema`.

Snapshot names and descriptions are untrusted: anybody with write access to the
account chooses them. Two consequences shape this module:

* CSV cells are protected against *formula injection*: a cell that a spreadsheet
  would evaluate (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
  return) is prefixed with ``'``, the OWASP recommendation. A name that really
  starts with ``-`` therefore reads ``'-name`` in the file; that is the price of
  opening exports safely in Excel or LibreOffice.
* CSV cells never carry raw terminal controls either: ESC, CR, DEL, C1 controls,
  bidi overrides and line separators become the same visible stand-ins as in the
  TUI (``␛``, ``␍``, ``�``; see :func:`efs_tui.core.sanitize.safe_text`), so neither
  ``cat export.csv`` nor a spreadsheet shows a name other than it is. Newlines and
  tabs stay (CSV quotes them), and ``\r\n`` inside a cell becomes ``\n``.
* JSON text never carries raw control, bidi or line-separator characters: they
  are written as ``\\uXXXX`` escapes, which decode to the same string, so a
  ``cat export.json`` cannot send escape sequences to the terminal.

Files are written atomically (temporary file in the same directory, then a
rename), so a reader never sees half an export, and an existing file is never
replaced unless the caller says ``overwrite=True``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Literal

from efs_tui.api.models import Snapshot
from efs_tui.core import output_schema
from efs_tui.core.sanitize import UNSAFE_CHARS, safe_text

ExportFormat = Literal["json", "csv"]

#: Column order of CSV exports, which is also the key order of JSON objects (the snapshot record's fields).
COLUMNS: Final[tuple[str, ...]] = output_schema.CSV_COLUMNS

#: First characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS: Final = frozenset("=+-@\t\r")


_EXTENSIONS: Final[dict[str, ExportFormat]] = {".json": "json", ".csv": "csv"}


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    """A snapshot with the ids of the share and service it belongs to.

    The API's snapshot object carries neither (they are only in the URL), yet an
    export that mixes several shares is useless without them.
    """

    service_id: str
    share_id: str
    snapshot: Snapshot

    def to_json(self) -> dict[str, Any]:
        """The exported object: the contract's snapshot record (the two ids, then the API's fields, dates in UTC)."""
        return output_schema.snapshot_record(self.service_id, self.share_id, self.snapshot)


def rows_for(service_id: str, share_id: str, snapshots: Iterable[Snapshot]) -> list[SnapshotRow]:
    """Wrap the snapshots of one share as export rows."""
    return [SnapshotRow(service_id, share_id, snapshot) for snapshot in snapshots]


def format_utc(value: datetime | None) -> str | None:
    """:func:`efs_tui.core.sanitize.utc_timestamp` (RFC 3339, UTC, ``Z``), or ``None`` for a missing date.

    ``None`` rather than the dialogs' "—" because this is data: JSON ``null``, an empty CSV cell.
    """
    return output_schema.timestamp(value)


def safe_json_dumps(data: Any, *, indent: int | None = None) -> str:
    """``json.dumps`` that keeps non-ASCII text readable but escapes every terminal-unsafe character.

    ``ensure_ascii=False`` keeps ``日本語`` as is; the encoder escapes C0 controls
    itself, and the post-pass escapes every other unsafe character
    (:data:`efs_tui.core.sanitize.UNSAFE_CHARS`: DEL, C1 controls, bidi controls,
    U+2028/U+2029, lone surrogates), which it leaves raw. Those characters can only
    occur inside JSON strings, so escaping them is always valid and decodes to the
    same value; the one raw C0 control left in the output, the newline, is indentation.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return UNSAFE_CHARS.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return char if char == "\n" else f"\\u{ord(char):04x}"


def snapshots_document(rows: Iterable[SnapshotRow]) -> dict[str, Any]:
    """``{"schema": "efs-tui.snapshots/1", "snapshots": [...]}``: the rows as the versioned contract."""
    return output_schema.document(output_schema.SNAPSHOTS, [row.to_json() for row in rows])


def snapshots_to_json(rows: Iterable[SnapshotRow], *, indent: int | None = 2) -> str:
    """The rows as an ``efs-tui.snapshots/1`` document (see :func:`snapshots_document`), newline-terminated."""
    return safe_json_dumps(snapshots_document(rows), indent=indent) + "\n"


def csv_cell(value: Any) -> str:
    """One CSV cell: ``None`` is empty, a would-be formula gets a leading ``'``, unsafe characters a stand-in.

    The formula check looks at the value as the API gave it, so ``"\\rx"``
    becomes ``"'␍x"``. Newlines and tabs are kept (CSV quotes them).
    """
    if value is None:
        return ""
    text = str(value)
    prefix = "'" if text and text[0] in FORMULA_TRIGGERS else ""
    if UNSAFE_CHARS.search(text) is not None:  # not isprintable(): a variation selector is "printable"
        text = safe_text(text.replace("\r\n", "\n"), keep_newlines=True)
    return prefix + text


def snapshots_to_csv(rows: Iterable[SnapshotRow]) -> str:
    """The rows as CSV text: a header row, then one line per snapshot (``\\r\\n`` line ends, RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        data = row.to_json()
        writer.writerow([csv_cell(data.get(column)) for column in COLUMNS])
    return buffer.getvalue()


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> ExportFormat:
    """The export format: ``fmt`` when given, else from the file extension.

    Raises:
        ValueError: the format is unknown or cannot be guessed from the extension.
    """
    if fmt is not None:
        lowered = fmt.lower()
        if lowered == "json":
            return "json"
        if lowered == "csv":
            return "csv"
        raise ValueError(f"unknown export format {fmt!r}: use json or csv")
    suffix = Path(path).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    raise ValueError(f"cannot tell the export format from {Path(path).name!r}: use a .json or .csv name")


def export_snapshots(
    rows: Iterable[SnapshotRow],
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    overwrite: bool = False,
) -> Path:
    """Write the rows to ``path`` as JSON or CSV, atomically.

    The file is first written in full to a temporary file next to ``path`` and
    then moved into place, so an interrupted export leaves no partial file. When
    ``overwrite`` is false the final step is a hard link, which fails if ``path``
    appeared in the meantime (no check-then-write race); on file systems without
    hard links it falls back to a check followed by a rename.

    The new file is private to the user (mode 0600): snapshot names often say
    more about a system than its owner would like.

    Args:
        rows: The snapshots to export (see :func:`rows_for`).
        path: The destination file.
        fmt: ``"json"`` or ``"csv"``; guessed from the extension when ``None``.
        overwrite: Replace an existing file instead of refusing.

    Returns:
        The path written.

    Raises:
        FileExistsError: ``path`` exists and ``overwrite`` is false.
        ValueError: the format is unknown.
        OSError: the file could not be written.
    """
    target = Path(path)
    kind = format_for(target, fmt)
    text = snapshots_to_json(rows) if kind == "json" else snapshots_to_csv(rows)
    if not overwrite and target.exists():
        raise FileExistsError(f"{target} already exists (use --overwrite to replace it)")
    directory = target.parent if str(target.parent) else Path(".")
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temp_name, target)
        else:
            _move_without_replacing(temp_name, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
    return target


def _move_without_replacing(source: str, target: Path) -> None:
    """Give ``source`` the name ``target`` unless ``target`` exists; ``source`` is left for the caller to remove."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise FileExistsError(f"{target} already exists (use --overwrite to replace it)") from None
    except OSError:
        # No hard links here (FAT, some network file systems): best effort instead.
        if target.exists():
            raise FileExistsError(f"{target} already exists (use --overwrite to replace it)") from None
        os.replace(source, target)


__all__ = [
    "COLUMNS",
    "FORMULA_TRIGGERS",
    "ExportFormat",
    "SnapshotRow",
    "csv_cell",
    "export_snapshots",
    "format_for",
    "format_utc",
    "rows_for",
    "safe_json_dumps",
    "snapshots_document",
    "snapshots_to_csv",
    "snapshots_to_json",
]
