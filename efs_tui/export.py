"""Export snapshot lists to JSON or CSV, for files and for standard output.

Used by the headless CLI (``efs-tui snapshots list --json``) and, later, by the
TUI's export action; it therefore imports nothing from Textual.

Snapshot names and descriptions are untrusted: anybody with write access to the
account chooses them. Two consequences shape this module:

* CSV cells are protected against *formula injection*: a cell that a spreadsheet
  would evaluate (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
  return) is prefixed with ``'``, the OWASP recommendation. A name that really
  starts with ``-`` therefore reads ``'-name`` in the file; that is the price of
  opening exports safely in Excel or LibreOffice.
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

from efs_tui.api.models import Snapshot

ExportFormat = Literal["json", "csv"]

#: Column order of CSV exports, which is also the key order of JSON objects.
COLUMNS: Final[tuple[str, ...]] = (
    "service_id",
    "share_id",
    "id",
    "name",
    "description",
    "type",
    "status",
    "path",
    "createdAt",
)

#: First characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS: Final = frozenset("=+-@\t\r")

#: Characters the JSON encoder leaves raw inside strings but a terminal or editor would interpret:
#: DEL and C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates. (C0 controls
#: are always escaped by the encoder, so a raw one in its output can only be indentation.)
_UNSAFE_JSON_CHARS: Final = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

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
        """The exported object: every snapshot field plus the two ids, dates in RFC 3339 UTC."""
        record: dict[str, Any] = {"service_id": self.service_id, "share_id": self.share_id}
        record.update(self.snapshot.to_json())
        record["createdAt"] = format_utc(self.snapshot.created_at)
        return record


def rows_for(service_id: str, share_id: str, snapshots: Iterable[Snapshot]) -> list[SnapshotRow]:
    """Wrap the snapshots of one share as export rows."""
    return [SnapshotRow(service_id, share_id, snapshot) for snapshot in snapshots]


def format_utc(value: datetime | None) -> str | None:
    """RFC 3339 in UTC with a ``Z`` suffix and second precision, or ``None``.

    UTC with ``Z`` (rather than the API's own offset) so that exports from
    different sources sort and compare as plain strings.
    """
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def safe_json_dumps(data: Any, *, indent: int | None = None) -> str:
    """``json.dumps`` that keeps non-ASCII text readable but escapes every terminal-unsafe character.

    ``ensure_ascii=False`` keeps ``日本語`` as is; the encoder escapes C0 controls
    itself, and the post-pass escapes DEL, C1 controls, bidi overrides and
    U+2028/U+2029, which it leaves raw. Those characters can only occur inside
    JSON strings, so escaping them is always valid and decodes to the same value.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _UNSAFE_JSON_CHARS.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def snapshots_to_json(rows: Iterable[SnapshotRow], *, indent: int | None = 2) -> str:
    """The rows as a JSON array of objects (see :meth:`SnapshotRow.to_json`), newline-terminated."""
    return safe_json_dumps([row.to_json() for row in rows], indent=indent) + "\n"


def csv_cell(value: Any) -> str:
    """One CSV cell: ``None`` is empty, and a would-be formula gets a leading ``'``."""
    if value is None:
        return ""
    text = str(value)
    if text and text[0] in FORMULA_TRIGGERS:
        return "'" + text
    return text


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
        raise FileExistsError(f"{target} already exists (use overwrite to replace it)")
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
        raise FileExistsError(f"{target} already exists (use overwrite to replace it)") from None
    except OSError:
        # No hard links here (FAT, some network file systems): best effort instead.
        if target.exists():
            raise FileExistsError(f"{target} already exists (use overwrite to replace it)") from None
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
    "snapshots_to_csv",
    "snapshots_to_json",
]
