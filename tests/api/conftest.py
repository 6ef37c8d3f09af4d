"""Client tests run against the emulator over real HTTP on loopback (never a mock transport)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from efs_tui.api import ApplicationCredentials, OvhClient, RetryPolicy
from efs_tui.emulator import EmulatorServer, seed_dataset

#: Backoff short enough for tests; the policy (what is retried, how often) is unchanged.
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05)


@pytest.fixture(scope="session")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(dataset=None, delay=0.2) as srv:
        yield srv


@pytest.fixture
def emu(server: EmulatorServer) -> EmulatorServer:
    """The session server with fresh demo data, no faults and an empty request log."""
    state = server.state
    seed_dataset(state, "demo")
    state.faults.clear()
    state.faults.latency_ms = 0
    state.faults.clock_skew = 0
    state.faults.retry_after = 0.01
    state.requests.reset()
    state.token_lifetime = 3600
    state.security.expire_tokens()
    return server


def app_credentials(emu: EmulatorServer, *, read_only: bool = False) -> ApplicationCredentials:
    c = emu.credentials
    return ApplicationCredentials(
        c.application_key, c.application_secret, c.read_only_consumer_key if read_only else c.consumer_key
    )


@pytest.fixture
async def client(emu: EmulatorServer) -> AsyncIterator[OvhClient]:
    async with OvhClient(emu.base_url, app_credentials(emu), retry=FAST_RETRY) as c:
        yield c
