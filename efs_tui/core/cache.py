"""Per-share snapshot lists kept in memory, for stale-while-revalidate browsing.

Revisiting a share shows its cached rows at once (with their age) while a fresh
list loads in the background. Updates from polling, create and delete are
applied here too, so the cache never shows a row the UI already knows is gone.
Pure Python (no Textual) so it can be unit-tested in isolation.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from efs_tui.api.models import Snapshot

ShareKey = tuple[str, str]
"""``(service_id, share_id)``: snapshots have no share id of their own."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def newest_first(snapshots: list[Snapshot]) -> list[Snapshot]:
    """Sort snapshots newest first (unknown dates last), ties by id so the order is stable."""
    return sorted(snapshots, key=lambda s: (s.created_at or _EPOCH, s.id), reverse=True)


@dataclass(slots=True)
class CacheEntry:
    """The snapshots of one share, newest first, and when the list was fetched."""

    snapshots: dict[str, Snapshot] = field(default_factory=dict)
    fetched_at: datetime | None = None

    def ordered(self) -> list[Snapshot]:
        return newest_first(list(self.snapshots.values()))

    def age(self, now: datetime) -> float | None:
        """Seconds since the list was fetched, or ``None`` if it never was."""
        return None if self.fetched_at is None else max(0.0, (now - self.fetched_at).total_seconds())


class SnapshotCache:
    """A small LRU of :class:`CacheEntry` by share.

    Args:
        max_shares: how many shares to remember; the least recently used is dropped.
    """

    def __init__(self, max_shares: int = 64) -> None:
        self.max_shares = max_shares
        self._entries: OrderedDict[ShareKey, CacheEntry] = OrderedDict()

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: ShareKey) -> CacheEntry | None:
        """The entry for ``key`` (marking it recently used), or ``None``."""
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: ShareKey, snapshots: list[Snapshot], fetched_at: datetime) -> CacheEntry:
        """Replace the list of ``key`` with a freshly fetched one."""
        entry = CacheEntry({s.id: s for s in newest_first(snapshots)}, fetched_at)
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_shares:
            self._entries.popitem(last=False)
        return entry

    def upsert(self, key: ShareKey, snapshot: Snapshot) -> None:
        """Add or replace one snapshot (after create, poll or inspect); no-op if the share is not cached."""
        entry = self._entries.get(key)
        if entry is not None:
            entry.snapshots[snapshot.id] = snapshot

    def remove(self, key: ShareKey, snapshot_id: str) -> None:
        """Forget one snapshot (deleted, or found gone)."""
        entry = self._entries.get(key)
        if entry is not None:
            entry.snapshots.pop(snapshot_id, None)

    def find(self, key: ShareKey, snapshot_id: str) -> Snapshot | None:
        entry = self._entries.get(key)
        return None if entry is None else entry.snapshots.get(snapshot_id)

    def invalidate(self, key: ShareKey | None = None) -> None:
        """Drop one share's entry, or everything."""
        if key is None:
            self._entries.clear()
        else:
            self._entries.pop(key, None)


class Backoff:
    """Polling delays that grow by ``factor`` from ``initial`` up to ``maximum`` seconds.

    Polling a snapshot every second forever would hammer the API (OVH rate-limits
    per account); a capped backoff keeps a transition visible within seconds
    while costing few requests if it takes minutes.
    """

    def __init__(self, initial: float = 1.0, maximum: float = 5.0, factor: float = 1.5) -> None:
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self._next = initial

    def next(self) -> float:
        """The delay to wait now; the following one will be longer (up to the cap)."""
        delay = self._next
        self._next = min(self.maximum, self._next * self.factor)
        return delay
