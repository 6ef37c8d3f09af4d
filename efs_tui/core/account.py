"""Every snapshot of every share of every service as one flat list, Textual-free.

The account view shows thousands of snapshots from hundreds of shares in one table.
A snapshot carries no share id (the API has none), so each row keeps the service and
share it was listed under: the filter needs their names (``share:web*``), a delete
needs their ids, and Enter needs them to find the share in the tree. Snapshot ids are
UUIDs, unique across the account, so marks and the cursor follow a snapshot by id
whichever share it lives in.

The walk itself is :func:`efs_tui.api.inventory.fetch_inventory` (bounded concurrency,
the client's fair-use budget, progress counts). It returns only at the end, so
:func:`walk_account` hands it a thin observer of the client that reports each share's
listing the moment it is answered: the table fills while the walk goes on, with
exactly the requests the walk sends (no second listing).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Final, NamedTuple, cast

from efs_tui.api.client import OvhClient
from efs_tui.api.inventory import Inventory, ProgressCallback, fetch_inventory
from efs_tui.api.models import Service, Share, Snapshot

if TYPE_CHECKING:
    from efs_tui.core.query import Query, QueryRow

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)

SORT_COLUMNS: Final = ("service", "share", "name", "type", "status", "created", "id")
"""What the account table sorts by, in display order."""


class AccountRow(NamedTuple):
    """One snapshot with the service and share it was listed under.

    A named tuple rather than a frozen dataclass: as immutable, and ~2x cheaper to build, which counts
    when a cached start builds 6,000 of them before its first rows' frame (2.2 ms -> 1.1 ms).
    """

    service: Service
    share: Share
    snapshot: Snapshot

    @property
    def id(self) -> str:
        return self.snapshot.id

    @property
    def share_key(self) -> tuple[str, str]:
        """``(service id, share id)``: what a DELETE path and the tree need."""
        return (self.service.id, self.share.id)

    def query_row(self) -> QueryRow:
        """What :mod:`efs_tui.core.query` matches: the share's and service's every name."""
        return query_rows([self])[0]


def query_rows(rows: Iterable[AccountRow]) -> list[QueryRow]:
    """Each row's :meth:`AccountRow.query_row`, for a whole table at once (efs_tui.core.query loads with
    the first filter: a cached start paints without it)."""
    from efs_tui.core.query import QueryRow

    return [
        QueryRow(
            row.snapshot,
            share=(row.share.name or "", row.share.mount_point_name or "", row.share.id),
            service=(row.service.name or "", row.service.id),
        )
        for row in rows
    ]


def rows_for_share(service: Service, share: Share, snapshots: Iterable[Snapshot]) -> list[AccountRow]:
    return [AccountRow(service, share, snap) for snap in snapshots]


def rows_from_inventory(inventory: Inventory) -> list[AccountRow]:
    """Every listed snapshot, service by service and share by share (the API's order)."""
    return [
        AccountRow(svc.service, item.share, snap)
        for svc in inventory.services
        for item in svc.shares
        for snap in item.snapshots
    ]


# -- sorting ------------------------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return value.casefold() if value else ""


SORT_KEYS: Final[dict[str, Callable[[AccountRow], object]]] = {
    "service": lambda row: _text(row.service.label),
    "share": lambda row: _text(row.share.label),
    "name": lambda row: _text(row.snapshot.name),
    "type": lambda row: _text(row.snapshot.type),
    "status": lambda row: _text(row.snapshot.status),
    "id": lambda row: row.snapshot.id,
}
"""Text keys of the sortable columns; ``created`` sorts by date (then id)."""


def created_key(row: AccountRow) -> tuple[datetime, str]:
    return (row.snapshot.created_at or _EPOCH, row.snapshot.id)


def sort_rows(rows: Iterable[AccountRow], column: str, reverse: bool) -> list[AccountRow]:
    """Sort by ``column``; ties newest first then by id, so the order never depends on arrival.

    Raises:
        ValueError: for a column not in :data:`SORT_COLUMNS`.
    """
    if column not in SORT_COLUMNS:
        raise ValueError(f"unknown column {column!r}; choose one of {', '.join(SORT_COLUMNS)}")
    ordered = sorted(rows, key=created_key, reverse=column != "created" or reverse)
    if column != "created":
        ordered.sort(key=SORT_KEYS[column], reverse=reverse)  # type: ignore[arg-type]
    return ordered


# -- filtering ----------------------------------------------------------------------------------------------


def filter_rows(
    rows: Sequence[AccountRow], text: str, now: datetime, *, zone: tzinfo = UTC
) -> tuple[list[AccountRow], Query]:
    """The rows matching ``text`` (the one filter language), in their order, and the parsed query."""
    from efs_tui.core.query import parse_query

    query = parse_query(text, zone=zone)
    if not query.terms:
        return list(rows), query
    matched = query_rows(rows)
    by_row = {id(q.snapshot): row for q, row in zip(matched, rows, strict=True)}
    kept = query.apply(matched, now)
    return [by_row[id(q.snapshot)] for q in kept], query


# -- marks across shares -------------------------------------------------------------------------------


class ShareBatch(NamedTuple):
    """The marked snapshots of one share: one ``delete_many`` call.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    service: Service
    share: Share
    snapshots: tuple[Snapshot, ...]


def group_by_share(rows: Iterable[AccountRow]) -> list[ShareBatch]:
    """Split rows into one batch per share, shares in first-seen order, snapshots in row order."""
    batches: dict[tuple[str, str], tuple[Service, Share, list[Snapshot]]] = {}
    for row in rows:
        entry = batches.setdefault(row.share_key, (row.service, row.share, []))
        entry[2].append(row.snapshot)
    return [ShareBatch(service, share, tuple(snaps)) for service, share, snaps in batches.values()]


# -- the walk -----------------------------------------------------------------------------------------------

ShareCallback = Callable[[Service, Share, list[Snapshot]], None]
SharesCallback = Callable[[Service, list[Share]], None]


class _Observed:
    """The client as :func:`fetch_inventory` uses it, reporting each share's answer on its way back.

    Only the calls the walk makes are passed through, to the same client: the same
    requests, the same concurrency limit, the same fair-use budget.
    """

    def __init__(
        self,
        client: OvhClient,
        on_share: ShareCallback,
        on_shares: SharesCallback | None,
        hold: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._client = client
        self._on_share = on_share
        self._on_shares = on_shares
        self._hold = hold
        self._first: asyncio.Event | None = None
        """Set once the walk's first snapshot listing is answered (with ``hold`` only)."""
        self._services: dict[str, Service] = {}
        self._shares: dict[tuple[str, str], Share] = {}

    @property
    def in_flight(self) -> int:
        return self._client.in_flight

    @property
    def waiting_for_budget(self) -> int:
        return self._client.waiting_for_budget

    async def list_services(self) -> list[Service]:
        services = await self._client.list_services()
        self._services = {s.id: s for s in services}
        return services

    async def list_shares(self, service_id: str) -> list[Share]:
        shares = await self._client.list_shares(service_id)
        self._shares.update({(service_id, s.id): s for s in shares})
        service = self._services.get(service_id)
        if self._on_shares is not None and service is not None:
            with contextlib.suppress(Exception):
                self._on_shares(service, shares)
        return shares

    async def list_snapshots(self, service_id: str, share_id: str) -> list[Snapshot]:
        if self._hold is None:
            return await self._list_snapshots(service_id, share_id)
        if self._first is None:  # the first one asked goes alone
            self._first = asyncio.Event()
            try:
                return await self._list_snapshots(service_id, share_id)
            finally:
                self._first.set()
        await self._first.wait()
        await self._hold()
        return await self._list_snapshots(service_id, share_id)

    async def _list_snapshots(self, service_id: str, share_id: str) -> list[Snapshot]:
        snapshots = await self._client.list_snapshots(service_id, share_id)
        service, share = self._services.get(service_id), self._shares.get((service_id, share_id))
        if service is not None and share is not None:
            with contextlib.suppress(Exception):  # a broken display must not fail the share's branch
                self._on_share(service, share, snapshots)
        return snapshots


async def walk_account(
    client: OvhClient,
    *,
    on_share: ShareCallback,
    on_shares: SharesCallback | None = None,
    progress: ProgressCallback | None = None,
    hold: Callable[[], Awaitable[None]] | None = None,
) -> Inventory:
    """:func:`fetch_inventory`, with ``on_share(service, share, snapshots)`` called as each listing answers
    (and ``on_shares(service, shares)`` as each service's share list does).

    ``on_share`` runs on the event loop before the walk's own bookkeeping; an exception
    in it is swallowed, as ``progress``'s are: a display must never stop the walk.

    ``hold``: the first snapshot listing asked goes alone; every other one waits until it is
    answered, then awaits ``hold()`` (the account view at start: until the first rows are
    painted). At start that first listing is the start-up prefetch's answer (no request), and
    without the hold the walk's own signed sends, and the set-up of the app's first
    connection, ran on the event loop before that answer was handed out and painted.
    """
    observed = _Observed(client, on_share, on_shares, hold)
    return await fetch_inventory(cast(OvhClient, observed), progress=progress)


__all__ = [
    "SORT_COLUMNS",
    "SORT_KEYS",
    "AccountRow",
    "ShareBatch",
    "ShareCallback",
    "SharesCallback",
    "created_key",
    "filter_rows",
    "group_by_share",
    "query_rows",
    "rows_for_share",
    "rows_from_inventory",
    "sort_rows",
    "walk_account",
]
