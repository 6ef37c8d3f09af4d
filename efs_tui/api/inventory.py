"""The whole account in the fewest calls: services, their shares, and every share's snapshots.

The API has no bulk route, so the minimum is ``1 + services + shares`` requests.
They are independent once their parent is known, so they run concurrently,
bounded by the client's own concurrency limit (and its optional rate limit),
instead of one after the other as a naive script would.

How many run at once is the client's ``max_concurrency``. The UI's client keeps the default (8):
it only ever lists one share at a time, and shares the account's rate limit with whatever else
the user runs. A bulk read of the whole account (an inventory, an export) may build its client
with :data:`INVENTORY_CONCURRENCY` instead: the same number of requests, sent in 4 waves instead
of 25 (with 50 ms of latency, ~0.4 s instead of ~1.5 s for 211 listings) on the emulator.

Against a real endpoint the client's fair-use budget (:mod:`efs_tui.api.ratelimit`: bursts of
10, 50 a minute) applies on top and wins: every listing waits for a token before it is sent,
so the walk never bursts 64 requests at a real API; 211 listings then take ~4 minutes. The
``progress`` callback says how far it got (shares done/total, requests in flight and waiting
for the budget) so a caller can show it rather than appear stuck.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, NamedTuple

from .client import OvhClient
from .errors import OvhError
from .models import Service, Share, Snapshot

INVENTORY_CONCURRENCY: Final = 64
"""``max_concurrency`` for a client that walks the whole account (see the module docstring)."""


@dataclass(slots=True)
class ShareInventory:
    """One share and its snapshots (or the error met while listing them)."""

    share: Share
    snapshots: list[Snapshot] = field(default_factory=list)
    error: OvhError | None = None


@dataclass(slots=True)
class ServiceInventory:
    """One service and its shares (or the error met while listing them)."""

    service: Service
    shares: list[ShareInventory] = field(default_factory=list)
    error: OvhError | None = None


@dataclass(slots=True)
class Inventory:
    """Everything listed, with per-branch errors kept rather than aborting the whole walk."""

    services: list[ServiceInventory] = field(default_factory=list)

    @property
    def snapshot_count(self) -> int:
        return sum(len(s.snapshots) for svc in self.services for s in svc.shares)

    @property
    def errors(self) -> list[OvhError]:
        found: list[OvhError] = []
        for svc in self.services:
            if svc.error:
                found.append(svc.error)
            found.extend(s.error for s in svc.shares if s.error)
        return found


class InventoryProgress(NamedTuple):
    """How far a walk got: listings done out of those known so far, and what the client is doing.

    ``shares_total`` grows as services' share lists arrive; it is final once
    ``services_done == services_total``.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    services_done: int
    services_total: int
    shares_done: int
    shares_total: int
    in_flight: int
    """Requests sent and not answered yet."""
    waiting: int
    """Requests held back by the client's rate budget (fair use) right now."""

    @property
    def finished(self) -> bool:
        return self.services_done == self.services_total and self.shares_done == self.shares_total


ProgressCallback = Callable[[InventoryProgress], None]


async def fetch_inventory(client: OvhClient, progress: ProgressCallback | None = None) -> Inventory:
    """List every service, share and snapshot; a failing branch is recorded, not fatal.

    ``progress`` is called after the services list and after every listing (never raises into
    the walk: a broken progress display must not stop it).
    """
    services = await client.list_services()
    inventory = Inventory([ServiceInventory(service) for service in services])
    counts = {"services": 0, "shares": 0, "shares_total": 0}

    def report() -> None:
        if progress is None:
            return
        state = InventoryProgress(
            counts["services"],
            len(services),
            counts["shares"],
            counts["shares_total"],
            client.in_flight,
            client.waiting_for_budget,
        )
        with contextlib.suppress(Exception):
            progress(state)

    async def walk_service(entry: ServiceInventory) -> None:
        try:
            shares = await client.list_shares(entry.service.id)
        except OvhError as error:
            entry.error = error
            counts["services"] += 1
            report()
            return
        entry.shares = [ShareInventory(share) for share in shares]
        counts["services"] += 1
        counts["shares_total"] += len(shares)
        report()
        await asyncio.gather(*(walk_share(entry.service, item) for item in entry.shares))

    async def walk_share(service: Service, item: ShareInventory) -> None:
        try:
            item.snapshots = await client.list_snapshots(service.id, item.share.id)
        except OvhError as error:
            item.error = error
        counts["shares"] += 1
        report()

    report()
    await asyncio.gather(*(walk_service(entry) for entry in inventory.services))
    return inventory
