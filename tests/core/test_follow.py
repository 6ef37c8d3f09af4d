"""The one follower: one policy for what happens between a write and its final state."""

from __future__ import annotations

from functools import partial

from efs_tui.api import OvhClient
from efs_tui.api.models import Snapshot
from efs_tui.core.cache import Backoff
from efs_tui.core.follow import Ending, follow
from efs_tui.emulator import EmulatorServer

from .conftest import FAST_RETRY, credentials
from .test_writes import a_snapshot, ids


def quick() -> Backoff:
    return Backoff(0.02, 0.05)


def settled(snapshot: Snapshot) -> bool:
    return not snapshot.is_transitional


async def test_a_new_snapshot_is_followed_until_available_through_server_errors(
    client: OvhClient, emu: EmulatorServer
) -> None:
    created = await client.create_snapshot(*ids(emu), "followed")
    emu.faults.fail_next(503, method="GET", path_contains=created.id, times=5)  # beyond the client's own retries
    transient: list[int | None] = []
    seen: list[str | None] = []
    followed = await follow(
        partial(client.get_snapshot, *ids(emu), created.id),
        settled,
        backoff=quick(),
        timeout=10,
        on_update=lambda s: seen.append(s.status),
        on_transient=lambda error: transient.append(error.status),
    )
    assert followed.ending is Ending.SETTLED and followed.last is not None
    assert followed.last.status == "available" and seen[-1] == "available"
    assert transient and set(transient) == {503}


async def test_a_deleted_snapshot_ends_gone(client: OvhClient, emu: EmulatorServer) -> None:
    victim = a_snapshot(emu)
    await client.delete_snapshot(*ids(emu), victim.id)
    followed = await follow(partial(client.get_snapshot, *ids(emu), victim.id), settled, backoff=quick(), timeout=10)
    assert followed.ending is Ending.GONE


async def test_a_refusal_stops_the_follow(emu: EmulatorServer) -> None:
    victim = a_snapshot(emu)
    emu.faults.fail_next(403, method="GET", path_contains=victim.id)
    async with OvhClient(emu.base_url, credentials(emu), retry=FAST_RETRY) as client:
        fetch = partial(client.get_snapshot, *ids(emu), victim.id)
        followed = await follow(fetch, settled, backoff=quick(), timeout=10)
    assert followed.ending is Ending.FAILED and followed.error is not None and followed.error.status == 403


async def test_the_deadline_ends_the_follow_with_the_last_state(client: OvhClient, emu: EmulatorServer) -> None:
    emu.state.create_delay = 60
    created = await client.create_snapshot(*ids(emu), "slow")
    followed = await follow(
        partial(client.get_snapshot, *ids(emu), created.id), settled, backoff=quick(), timeout=0.2, first=created
    )
    assert followed.ending is Ending.TIMED_OUT and followed.last is not None and followed.last.is_transitional
