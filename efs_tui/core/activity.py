"""The API activity log: the last few hundred HTTP exchanges, for the debug panel and bug reports.

The client reports every exchange as a :class:`~efs_tui.api.client.RequestRecord`
(method, path, status, duration, query id; never a header or a body). This module
keeps the most recent ones in memory and renders them one per line::

    14:03:27  GET     /storage/netapp/…/snapshot?detail=true  200    43 ms  EU.ext-3.6697…
    14:03:29  POST    /storage/netapp/…/snapshot              403    51 ms  EU.ext-3.… NOT_GRANTED_CALL

Nothing is written to disk: the log lives as long as the process. Even though the
client already keeps secrets out of the records, :func:`format_entry` runs a
:func:`redact` pass with whatever secrets the caller knows, because a line of this
log is exactly what users paste into public bug reports.

Feed it with ``client.add_listener(log.record)``. No Textual import here: the TUI
panel wraps this, and scripts can print it.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Final

from efs_tui.api.client import RequestRecord
from efs_tui.core.sanitize import MASK, redact, replace_unsafe

#: Default number of exchanges kept.
DEFAULT_MAXLEN: Final = 500

_MISSING: Final = "—"


class ActivityLog:
    """A bounded, thread-safe ring buffer of :class:`RequestRecord`.

    Thread-safe because the client calls :meth:`record` on its event loop while a
    view (or a test) may read :meth:`entries` from another thread.

    Args:
        maxlen: How many exchanges to keep; older ones are dropped first.
    """

    def __init__(self, maxlen: int = DEFAULT_MAXLEN) -> None:
        if maxlen < 1:
            raise ValueError("maxlen must be at least 1")
        self._entries: deque[RequestRecord] = deque(maxlen=maxlen)
        self._lock = threading.Lock()
        self._total = 0
        self._dropped = 0

    @property
    def maxlen(self) -> int:
        """The capacity of the buffer."""
        return self._entries.maxlen or 0

    @property
    def total(self) -> int:
        """How many exchanges were ever recorded (kept or dropped); a cheap "has it changed?" counter."""
        return self._total

    @property
    def dropped(self) -> int:
        """How many exchanges fell out of the full buffer since the last :meth:`clear`."""
        return self._dropped

    def record(self, entry: RequestRecord) -> None:
        """Append one exchange; the signature matches :data:`efs_tui.api.client.RequestListener`."""
        with self._lock:
            if len(self._entries) == self._entries.maxlen:
                self._dropped += 1
            self._entries.append(entry)
            self._total += 1

    def entries(self, limit: int | None = None) -> list[RequestRecord]:
        """The kept exchanges, oldest first; only the newest ``limit`` when given."""
        with self._lock:
            items = list(self._entries)
        if limit is not None:
            items = items[-limit:] if limit > 0 else []
        return items

    def clear(self) -> None:
        """Forget every kept exchange (``total`` keeps counting, so views notice the change)."""
        with self._lock:
            self._entries.clear()
            self._dropped = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def format(self, *, secrets: Iterable[str | None] = (), utc: bool = False) -> list[str]:
        """Every kept exchange rendered with :func:`format_entry`."""
        known = tuple(secrets)
        return [format_entry(entry, secrets=known, utc=utc) for entry in self.entries()]


def printable(text: str) -> str:
    """``text`` with every control, bidi or line-separator character replaced by ``?``.

    Paths hold ids that came from the command line or the API; a log line must
    never be able to move the cursor or recolour the terminal it is printed on.
    Which characters are unsafe is :func:`efs_tui.core.sanitize.is_unsafe_char`.
    """
    return replace_unsafe(text)


def format_duration(seconds: float) -> str:
    """``43 ms`` below ten seconds, ``12.3 s`` above (a slow call should look slow)."""
    if seconds < 10:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.1f} s"


def format_time(started_at: float, *, utc: bool = False) -> str:
    """``HH:MM:SS`` of a Unix timestamp, local time unless ``utc``; ``--:--:--`` when unknown."""
    if started_at <= 0:
        return "--:--:--"
    moment = datetime.fromtimestamp(started_at, UTC)
    if not utc:
        moment = moment.astimezone()
    return moment.strftime("%H:%M:%S")


_UUID = re.compile(r"\b([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)


def shorten_ids(path: str) -> str:
    """``/storage/netapp/bdd640fb-0667-…`` → ``/storage/netapp/bdd640fb…``: the route stays readable in 80 columns."""
    return _UUID.sub(r"\1…", path)


def format_entry(
    entry: RequestRecord,
    *,
    secrets: Iterable[str | None] = (),
    utc: bool = False,
    short_ids: bool = False,
    query_id_first: bool = False,
) -> str:
    """One log line: time, method, status, duration, path, query id, then error, retry and client notes.

    The client's note says why an exchange is unusual: a resend after the API refused the
    timestamp (safe: nothing was applied), or list items skipped for want of an ``id``.

    The short, fixed-width columns come first so that status and duration stay
    visible however long the path is; ``short_ids`` cuts the UUIDs in the path.

    A request that got no HTTP answer shows its error (``timeout``,
    ``ConnectError``) in the status column. The whole line goes through
    :func:`redact` and :func:`printable`.

    Args:
        entry: The exchange.
        secrets: Values that must never appear (application secret, consumer key, token).
        utc: Show the time in UTC instead of local time.
        short_ids: Show only the first block of each UUID in the path.
        query_id_first: Put the query id before the path (the TUI's order): the query id,
            which support asks for, then always starts at the same column, and only
            the path, whose length varies, can run past the edge of a narrow screen.
    """
    status = str(entry.status) if entry.status is not None else (entry.error or "---")
    path = shorten_ids(entry.path) if short_ids else entry.path
    query_id = entry.query_id or _MISSING
    head = [
        format_time(entry.started_at, utc=utc),
        f"{entry.method:<6}",
        f"{status:>3}",
        f"{format_duration(entry.duration):>7}",
    ]
    line = "  ".join([*head, query_id, path] if query_id_first else [*head, path, query_id])
    if entry.error and entry.status is not None:
        line += f"  {entry.error}"
    if entry.attempt > 1:
        line += f"  (attempt {entry.attempt})"
    if entry.note:
        line += f"  {entry.note}"
    elif entry.skipped:
        line += f"  ({entry.skipped} item(s) without an id skipped)"
    return printable(redact(line, secrets))


__all__ = [
    "DEFAULT_MAXLEN",
    "MASK",
    "ActivityLog",
    "format_duration",
    "format_entry",
    "format_time",
    "printable",
    "redact",
]
