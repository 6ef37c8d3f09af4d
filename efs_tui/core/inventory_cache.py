"""The last known inventory on disk, so the account view paints at once on the next start.

A full walk costs ``1 + services + shares`` requests: under the fair-use budget a few
minutes for a large account. The cache lets the next start show the last answer
immediately, marked stale with its age, while the walk revalidates it.

What is stored is what the API listed (services and shares as the API's JSON, snapshots as
compact rows of the same fields), when, and for which endpoint; never a credential, token or
signature. One file per profile and endpoint, a digest of the endpoint URL in the name (two
accounts never share a file, and the name says nothing about the account). The directory is
0700, the file 0600, written to a temporary file then renamed, so a crash leaves the old file or
the new one, never half.
A file that cannot be read, or of another format version, is ignored (and replaced by
the next walk): a cache can only ever save time, never break a start.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import zlib
from collections import deque
from dataclasses import fields
from datetime import UTC, datetime
from itertools import accumulate, chain, repeat
from operator import attrgetter
from pathlib import Path
from typing import Any, Final, NamedTuple

import platformdirs

from efs_tui.api.inventory import Inventory, ServiceInventory, ShareInventory
from efs_tui.api.models import Service, Share, Snapshot, format_datetime, parse_datetime

FORMAT: Final = 2
"""The file format version; any other value is ignored (and rebuilt). 2: the file names its endpoint."""

APP_NAME: Final = "efs-tui"
_SAFE_PROFILE: Final = re.compile(r"[^A-Za-z0-9_.-]")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/efs-tui`` (``~/.cache/efs-tui``); the platform's cache dir elsewhere."""
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def cache_file_name(profile: str | None, endpoint_url: str) -> str:
    """``inventory-<profile>-<digest of the endpoint>.json``: one file per profile and endpoint.

    The digest is zlib's CRC-32 and Adler-32 of the URL, not a SHA: hashlib loads OpenSSL (~2 ms), before
    the cached start's first frame, for a name that only has to differ between endpoints and say nothing
    of them. The file also records its endpoint, and one for another endpoint is ignored, so even two
    URLs with the same digest would never read each other's inventory.
    """
    raw = endpoint_url.encode()
    digest = f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}"
    name = _SAFE_PROFILE.sub("_", profile or "environment")[:64]
    return f"inventory-{name}-{digest}.json"


class CachedInventory(NamedTuple):
    """An inventory read back from disk, with when its walk finished.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    inventory: Inventory
    saved_at: datetime

    def age(self, now: datetime) -> float:
        """Seconds since it was saved (never negative)."""
        return max(0.0, (now - self.saved_at).total_seconds())


SNAPSHOT_FIELDS: Final = ("id", "name", "description", "type", "status", "path", "createdAt")
"""A snapshot is stored as a list of these, in this order: a fifth of the size of its JSON object, and
read back without the API model's parsing (measured: 6,000 snapshots in ~15 ms instead of ~85 ms)."""


def _snapshot_row(snap: Snapshot) -> list[str | None]:
    when = snap.created_at.isoformat() if snap.created_at is not None else None
    return [snap.id, snap.name, snap.description, snap.type, snap.status, snap.path, when]


_TEXT_OR_NONE: Final = frozenset({str, type(None)})
_TZINFO: Final = attrgetter("tzinfo")
_SNAPSHOT_SLOTS: Final = tuple(Snapshot.__dict__[field.name].__set__ for field in fields(Snapshot))
"""Each field's slot setter, in :data:`SNAPSHOT_FIELDS`' order (the dataclass's own field order)."""


def _snapshots(shares: list[Any]) -> list[list[Snapshot]]:
    """Each share's snapshots back from its rows; anything unexpected raises (and the whole file is ignored).

    Every share's rows at once, column by column, with no Python-level call per row: the start's
    cached paint waits for 6,000 of these (~6 ms row by row, ~2.5 ms so). Every column's types are
    checked first. The objects are then filled through their slots, as the frozen dataclass's own
    ``__init__`` does (one ``object.__setattr__`` per field and row: 4.5 ms of the 6). The values are
    the fields, already checked, and Snapshot has no ``__post_init__``
    (tests/core/test_inventory_cache.py compares the two ways).
    """
    if set(map(type, shares)) - {list}:
        raise TypeError("not a list of snapshot rows")
    rows: list[Any] = list(chain.from_iterable(shares))
    if not rows:
        return [[] for _ in shares]
    if set(map(type, rows)) != {list} or set(map(len, rows)) != {len(SNAPSHOT_FIELDS)}:
        raise TypeError("not a snapshot row")
    columns: list[Any] = list(zip(*rows, strict=True))
    ids, *texts = columns
    if set(map(type, ids)) != {str} or any(not set(map(type, column)) <= _TEXT_OR_NONE for column in texts):
        raise TypeError("not a snapshot row")
    parse = datetime.fromisoformat
    whens = columns[-1]
    dates = list(map(parse, whens)) if None not in whens else [None if when is None else parse(when) for when in whens]
    if None in map(_TZINFO, filter(None, dates)):
        raise TypeError("not an aware date")
    columns[-1] = dates
    snapshots = list(map(object.__new__, repeat(Snapshot, len(rows))))
    for fill, column in zip(_SNAPSHOT_SLOTS, columns, strict=True):
        deque(map(fill, snapshots, column), maxlen=0)  # consumed in C
    ends = list(accumulate(map(len, shares)))
    return [snapshots[end - len(share) : end] for share, end in zip(shares, ends, strict=True)]


def _encode(inventory: Inventory, saved_at: datetime, endpoint_url: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "endpoint": endpoint_url,
        "saved_at": format_datetime(saved_at),
        "services": [
            {
                "service": svc.service.to_json(),
                "shares": [
                    {"share": item.share.to_json(), "snapshots": [_snapshot_row(snap) for snap in item.snapshots]}
                    for item in svc.shares
                    if item.error is None  # a share that failed to list is not known, not empty
                ],
            }
            for svc in inventory.services
            if svc.error is None
        ],
    }


def _decode(data: Any, endpoint_url: str) -> CachedInventory | None:
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("endpoint") != endpoint_url:
        return None
    saved_at = parse_datetime(data.get("saved_at"))
    services = data.get("services")
    if saved_at is None or not isinstance(services, list):
        return None
    snapshots = iter(_snapshots([item["snapshots"] for svc in services for item in svc["shares"]]))
    inventory = Inventory(
        [
            ServiceInventory(
                Service.from_json(svc["service"]),
                [ShareInventory(Share.from_json(item["share"]), next(snapshots)) for item in svc["shares"]],
            )
            for svc in services
        ]
    )
    return CachedInventory(inventory, saved_at)


class InventoryCache:
    """The cache file of one profile on one endpoint.

    Args:
        profile: the credentials profile (``None``: credentials from the environment).
        endpoint_url: the API base URL (hashed into the file name).
        directory: where the file lives (default :func:`cache_dir`).
    """

    def __init__(self, profile: str | None, endpoint_url: str, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else cache_dir()
        self.endpoint_url = endpoint_url
        self.path = self.directory / cache_file_name(profile, endpoint_url)

    def load(self) -> CachedInventory | None:
        """The last saved inventory, or ``None`` (no file, unreadable, corrupt, another format)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        try:
            return _decode(json.loads(text), self.endpoint_url)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def save(self, inventory: Inventory, saved_at: datetime | None = None) -> None:
        """Write atomically (temporary file, fsync, rename), dir 0700 and file 0600.

        Raises:
            OSError: the directory or the file could not be written (callers may ignore it).
        """
        when = saved_at or datetime.now(UTC)
        payload = json.dumps(_encode(inventory, when, self.endpoint_url), separators=(",", ":"))
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)
        fd, temporary = tempfile.mkstemp(prefix=".inventory-", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp creates it 0600
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def clear(self) -> None:
        """Remove the file (missing is fine)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


__all__ = ["FORMAT", "CachedInventory", "InventoryCache", "cache_dir", "cache_file_name"]
