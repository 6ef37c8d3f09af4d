"""The write path and the follower, against a real emulator over HTTP (never a mock transport)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from efs_tui.api import ApplicationCredentials, OvhClient, RetryPolicy
from efs_tui.emulator import EmulatorServer, EmulatorState, seed_dataset

#: Backoff short enough for tests; the policy (what is retried, how often) is unchanged.
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05)


@pytest.fixture
def emu() -> Iterator[EmulatorServer]:
    state = EmulatorState(create_delay=0.2, delete_delay=0.2)
    seed_dataset(state, "demo")
    state.faults.retry_after = 0.01
    with EmulatorServer(state) as server:
        yield server


def credentials(emu: EmulatorServer, *, read_only: bool = False) -> ApplicationCredentials:
    c = emu.credentials
    return ApplicationCredentials(
        c.application_key, c.application_secret, c.read_only_consumer_key if read_only else c.consumer_key
    )


@pytest.fixture
async def client(emu: EmulatorServer) -> AsyncIterator[OvhClient]:
    async with OvhClient(emu.base_url, credentials(emu), retry=FAST_RETRY) as c:
        yield c
