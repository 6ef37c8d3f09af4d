"""Scenario 2: the full inventory (10 services x 20 shares x 30 snapshots, dataset ``inventory``).

efs-tui: :func:`efs_tui.api.inventory.fetch_inventory` on an :class:`OvhClient` with
``max_concurrency`` requests in flight. Baseline: the same calls one after the other with
the official ``ovh`` library (python-ovh), the way a naive script does it. Request counts
come from the emulator's own log: both must send 1 + 10 + 200 listings and one /auth/time.
"""

from __future__ import annotations

import asyncio
import time

import ovh
import ovh.client

from efs_tui.api.auth import ApplicationCredentials
from efs_tui.api.client import OvhClient
from efs_tui.api.inventory import INVENTORY_CONCURRENCY, fetch_inventory
from efs_tui.emulator import EmulatorServer

from .common import Options, Row

CONCURRENCIES = (8, 32, INVENTORY_CONCURRENCY)
"""The client's default (8, the UI's), 32, and the inventory's opt-in (64): 200 listings in
ceil(200/64) = 4 waves, 6 dependent round trips in all instead of 211 (at 50 ms: a 300 ms floor
against 10.5 s). The 20x target is the inventory path's; at 8 or 32 in flight the floor alone
(1,350 / 450 ms) allows at most ~8x / ~24x, so those rows are held to their floor instead."""
FLOOR_SLACK = 1.25
MINIMUM = 1 + 10 + 200


def _python_ovh(server: EmulatorServer) -> int:
    ovh.client.ENDPOINTS["efs-bench"] = server.base_url
    creds = server.credentials
    client = ovh.Client(
        endpoint="efs-bench",
        application_key=creds.application_key,
        application_secret=creds.application_secret,
        consumer_key=creds.consumer_key,
    )
    count = 0
    for service in client.get("/storage/netapp"):
        sid = service["id"]
        for share in client.get(f"/storage/netapp/{sid}/share", detail=True):
            count += len(client.get(f"/storage/netapp/{sid}/share/{share['id']}/snapshot", detail=True))
    return count


async def _efs(server: EmulatorServer, concurrency: int) -> int:
    creds = server.credentials
    client = OvhClient(
        server.base_url,
        ApplicationCredentials(creds.application_key, creds.application_secret, creds.consumer_key),
        max_concurrency=concurrency,
    )
    try:
        inventory = await fetch_inventory(client)
    finally:
        await client.aclose()
    assert not inventory.errors, inventory.errors
    return inventory.snapshot_count


def _counts(server: EmulatorServer) -> tuple[int, int]:
    log = server.state.requests
    return log.count(path_contains="/storage/"), log.count(path_contains="/auth/time")


def run(options: Options) -> list[Row]:
    latency = options.latency_ms / 1000
    results: list[tuple[int, float, int, int, int]] = []
    with EmulatorServer(dataset="inventory") as server:
        server.state.faults.latency_ms = options.latency_ms
        for concurrency in CONCURRENCIES:
            server.state.requests.reset()
            start = time.perf_counter()
            snapshots = asyncio.run(_efs(server, concurrency))
            results.append((concurrency, time.perf_counter() - start, snapshots, *_counts(server)))
        server.state.requests.reset()
        start = time.perf_counter()
        base_snapshots = _python_ovh(server)
        base = time.perf_counter() - start
        base_storage, base_time = _counts(server)
    rows: list[Row] = []
    for concurrency, elapsed, snapshots, storage, auth_time in results:
        assert snapshots == base_snapshots == 10 * 20 * 30, (snapshots, base_snapshots)
        floor = (2 + (200 + concurrency - 1) // concurrency) * latency
        inventory_path = concurrency == INVENTORY_CONCURRENCY
        rows.append(
            Row(
                "2",
                f"inventory, max_concurrency={concurrency} (floor {floor * 1000:.0f} ms) vs python-ovh sequential",
                elapsed * 1000,
                "ms",
                baseline=base * 1000,
                target="≥ 20x faster" if inventory_path else f"≤ {FLOOR_SLACK:g}x floor",
                ok=base / elapsed >= 20 if inventory_path else elapsed <= FLOOR_SLACK * floor,
                higher_is_better=True,
                note=f"{storage}+{auth_time} requests; {elapsed / floor:.2f}x its floor",
            )
        )
    _, _, _, storage, auth_time = results[-1]
    rows.append(
        Row(
            "2",
            "requests /storage + /auth/time (efs-tui | python-ovh)",
            storage + auth_time,
            "req",
            baseline=base_storage + base_time,
            target=f"= {MINIMUM} + 1",
            ok=all(r[3] == MINIMUM and r[4] == 1 for r in results) and (base_storage, base_time) == (MINIMUM, 1),
        )
    )
    return rows
