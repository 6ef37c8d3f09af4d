"""The audit trail: one JSON line per mutating action, kept in the user's state directory.

Snapshots are the last line of defence of someone's data, so "who deleted that
snapshot, from which tool, and what did the API answer?" must be answerable
after the fact, with the OVH query id to hand to support. Every create, delete,
update, hold and revert attempt that reached the API is appended here, from
the TUI and from the CLI alike.

Design choices:

* **JSON Lines, append-only.** One ``os.write`` of one line on a file opened with
  ``O_APPEND``: concurrent writers (the TUI and a cron job running the CLI)
  never interleave within a line, and a crash loses at most the line being
  written. Nothing here ever rewrites or truncates the file.
* **No fsync.** The TUI calls :meth:`AuditLog.record` from workers; an fsync can
  take tens of milliseconds on a busy disk. A record is a few hundred bytes and
  reaches the page cache immediately, which survives everything but a power cut.
* **Private.** The directory is created 0700 and the file 0600 (tightened again
  on every open, in case someone loosened it): ids and names of snapshots are not
  for other local users.
* **Additive format.** A field added later is optional and written only when
  set (``new_snapshot_id``: the id a hold gave the snapshot; ``outcome``: the
  write path's verdict, e.g. ``unknown`` for a 5xx that may have applied), so lines written
  before it and readers written before it still agree; readers ignore unknown
  keys and read a missing one as ``null``.
* **No secret, by construction.** The API secret, consumer key and bearer token
  are never arguments of anything in this module; the record holds ids, names,
  statuses and the API's error message. Free text is written with terminal-unsafe
  characters escaped, so ``tail audit.jsonl`` is safe on a hostile snapshot name.

Location: ``$EFS_TUI_STATE_DIR/audit.jsonl`` when that variable is set (tests,
side-by-side set-ups), else ``platformdirs.user_state_dir("efs-tui")/audit.jsonl``
(``~/.local/state/efs-tui/audit.jsonl`` on Linux).
"""

from __future__ import annotations

import getpass
import json
import os
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, get_args

import platformdirs

from efs_tui.api.errors import OvhError
from efs_tui.lazy_names import lazy_names

if TYPE_CHECKING:
    from efs_tui.core.audit_record import AuditRecord

APP_NAME: Final = "efs-tui"

#: Points the state directory elsewhere (tests, several set-ups side by side).
STATE_DIR_ENV_VAR: Final = "EFS_TUI_STATE_DIR"

AUDIT_FILE_NAME: Final = "audit.jsonl"

#: The mutating actions efs-tui can perform.
Action = Literal[
    "create",
    "delete",
    "update",
    "hold",
    "revert",
    "clone",
    "create-policy",
    "update-policy",
    "delete-policy",
    "attach-policy",
]
ACTIONS: Final[tuple[str, ...]] = get_args(Action)

#: ``ok``: the API accepted it; ``error``: it refused, or the outcome is unknown (interrupted);
#: ``already-gone``: a delete found nothing to delete (404) or a deletion already under way,
#: so no DELETE was needed: what the user wanted is (being) reached.
Result = Literal["ok", "error", "already-gone"]
RESULTS: Final[tuple[str, ...]] = get_args(Result)

_FILE_MODE: Final = 0o600
_DIR_MODE: Final = 0o700

#: Longest error message kept; an HTML error page has no place in an audit line.
_MAX_ERROR_CHARS: Final = 1000


def state_dir() -> Path:
    """The directory for efs-tui's state files: ``$EFS_TUI_STATE_DIR`` or the platform's user state dir."""
    override = os.environ.get(STATE_DIR_ENV_VAR)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_state_path(APP_NAME, appauthor=False)


def default_audit_path() -> Path:
    """Where the audit log lives by default (see the module docstring)."""
    return state_dir() / AUDIT_FILE_NAME


def local_user() -> str:
    """The local OS user name, or ``"unknown"`` (containers may have no passwd entry for the uid)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def utc_now() -> str:
    """The current time as RFC 3339 UTC with milliseconds, e.g. ``2026-11-27T03:25:07.123Z``.

    Milliseconds because a bulk delete writes several records per second and their
    order must be visible.
    """
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


class AuditLog:
    """Append-only JSON Lines audit file.

    Args:
        path: The file; :func:`default_audit_path` when ``None`` (resolved at each
            write, so a test can set ``EFS_TUI_STATE_DIR`` after construction).
        user: The user name to record; :func:`local_user` by default.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, user: str | None = None) -> None:
        self._path = Path(path) if path is not None else None
        self._user = user
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        """The audit file this log writes to."""
        return self._path if self._path is not None else default_audit_path()

    def record(
        self,
        action: str,
        *,
        result: str,
        profile: str | None = None,
        endpoint: str | None = None,
        service_id: str | None = None,
        share_id: str | None = None,
        snapshot_id: str | None = None,
        name: str | None = None,
        status: int | None = None,
        query_id: str | None = None,
        error: OvhError | BaseException | str | None = None,
        new_snapshot_id: str | None = None,
        outcome: str | None = None,
        new_share_id: str | None = None,
        policy_id: str | None = None,
    ) -> AuditRecord:
        """Append one record and return it.

        ``new_snapshot_id`` is for a hold, which gives the snapshot a new id: the
        record keeps both (``snapshot_id`` the old one).

        ``error`` may be the exception itself: an :class:`OvhError` then also fills
        ``status`` and ``query_id`` when they were not given, and its OVH code
        (``NOT_GRANTED_CALL``…) prefixes the message.

        Raises:
            ValueError: ``action`` or ``result`` is not one of the known values.
            OSError: the file could not be written. The action itself has already
                happened by then, so callers should warn rather than fail.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        if result not in RESULTS:
            raise ValueError(f"unknown audit result {result!r}")
        message: str | None
        if isinstance(error, OvhError):
            status = status if status is not None else error.status
            query_id = query_id or error.query_id
            code = error.error_code or error.error_class
            message = f"{code}: {error.message}" if code else error.message
        elif isinstance(error, BaseException):
            message = str(error) or type(error).__name__
        else:
            message = error
        if message is not None and len(message) > _MAX_ERROR_CHARS:
            message = message[:_MAX_ERROR_CHARS] + "…"
        from efs_tui.core.audit_record import AuditRecord

        entry = AuditRecord(
            time=utc_now(),
            user=self._user or local_user(),
            profile=profile,
            endpoint=endpoint,
            action=action,
            service_id=service_id,
            share_id=share_id,
            snapshot_id=snapshot_id,
            name=name,
            result=result,
            status=status,
            query_id=query_id,
            error=message,
            new_snapshot_id=new_snapshot_id,
            outcome=outcome,
            new_share_id=new_share_id,
            policy_id=policy_id,
        )
        # Imported at the first record, not with the module: every TUI start builds an AuditLog,
        # and the export module (and its output schema) is otherwise only needed by an export.
        from efs_tui.core.export import safe_json_dumps

        self._append(safe_json_dumps(entry.to_json()) + "\n")
        return entry

    def _append(self, line: str) -> None:
        path = self.path
        data = line.encode("utf-8")
        with self._lock:
            _ensure_private_dir(path.parent)
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(path, flags, _FILE_MODE)
            try:
                _tighten(fd)
                written = os.write(fd, data)
                while written < len(data):  # a short write is rare on regular files, but legal
                    written += os.write(fd, data[written:])
            finally:
                os.close(fd)

    def read(self, limit: int | None = None) -> list[AuditRecord]:
        """The newest ``limit`` records (all when ``None``), oldest first.

        Reads backwards from the end in blocks, so showing the last 50 entries of
        a years-old file costs as much as of a new one. Lines that cannot be
        parsed (a torn last line, a hand edit) are skipped.
        """
        path = self.path
        if limit is not None and limit <= 0:
            return []
        try:
            lines = _tail_lines(path, limit)
        except FileNotFoundError:
            return []
        from efs_tui.core.audit_record import AuditRecord

        records: list[AuditRecord] = []
        for raw in lines:
            try:
                records.append(AuditRecord.from_json(json.loads(raw)))
            except ValueError:
                continue
        return records[-limit:] if limit is not None else records


def _ensure_private_dir(directory: Path) -> None:
    """Create ``directory`` (and parents) as 0700; an existing directory is left as it is."""
    if directory.is_dir():
        return
    directory.mkdir(parents=True, exist_ok=True, mode=_DIR_MODE)
    os.chmod(directory, _DIR_MODE)  # mkdir's mode is filtered by the umask


def _tighten(fd: int) -> None:
    """Make an open audit file 0600 if it is not (created by hand, or by an older version)."""
    if not hasattr(os, "fchmod"):  # Windows: permissions are ACLs, nothing sensible to do here
        return
    mode = stat.S_IMODE(os.fstat(fd).st_mode)
    if mode != _FILE_MODE:
        os.fchmod(fd, _FILE_MODE)


def _tail_lines(path: Path, limit: int | None, block: int = 65536) -> list[bytes]:
    """The last ``limit`` non-empty lines of ``path`` (all when ``None``), parsing tolerance aside.

    Reads a few extra lines so that skipped unparseable ones do not leave the
    caller short in the common case.
    """
    with open(path, "rb") as handle:
        if limit is None:
            return [line for line in handle.read().splitlines() if line.strip()]
        wanted = limit + 8
        handle.seek(0, os.SEEK_END)
        position = handle.tell()
        buffer = b""
        while position > 0 and buffer.count(b"\n") <= wanted:
            step = min(block, position)
            position -= step
            handle.seek(position)
            buffer = handle.read(step) + buffer
        lines = [line for line in buffer.splitlines() if line.strip()]
        if position > 0:
            lines = lines[1:]  # the first line may be cut in the middle
        return lines[-wanted:]


__all__ = [
    "ACTIONS",
    "AUDIT_FILE_NAME",
    "RESULTS",
    "STATE_DIR_ENV_VAR",
    "Action",
    "AuditLog",
    "AuditRecord",
    "Result",
    "default_audit_path",
    "local_user",
    "state_dir",
    "utc_now",
]

# One line of the log, defined with its first write or read: every TUI start builds an AuditLog, and a
# 17-field frozen dataclass costs ~0.8 ms to define before a cached start's first frame.
__getattr__ = lazy_names(__name__, {"AuditRecord": "efs_tui.core.audit_record"}, globals())
