"""Fixtures for the UI tests: a real emulator over HTTP, a client, an app factory.

Nothing is mocked: the app talks HTTP to :class:`EmulatorServer`, which runs in
its own thread (so it also serves the synchronous snapshot tests, whose event
loop belongs to ``snap_compare``). Dates are pinned (``BASE_TIME``, UTC, a fixed
clock) so relative ages and pictures are the same on every run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime

import pytest

from efs_tui.api.client import OvhClient
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.config import UiConfig
from efs_tui.ui.demo import demo_client

BASE_TIME = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
"""The emulator's "now" for seeded data, and the app's fixed clock."""


def fixed_clock() -> datetime:
    return BASE_TIME


def fast_config(client: OvhClient, **overrides: object) -> UiConfig:
    """A UI config with fast polling and a fixed clock, for tests."""
    values: dict[str, object] = {
        "client": client,
        "context_label": "demo · emulator",
        "clock": fixed_clock,
        "zone": UTC,
        "poll_initial": 0.05,
        "poll_max": 0.2,
    }
    values.update(overrides)
    return UiConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    """The demo dataset, fast transitions (create/delete settle after 0.3 s)."""
    server = EmulatorServer(dataset="demo", base_time=BASE_TIME)
    server.state.create_delay = 0.3
    server.state.delete_delay = 0.3
    with server:
        yield server


@pytest.fixture
async def client(emulator: EmulatorServer) -> AsyncIterator[OvhClient]:
    c = demo_client(emulator)
    yield c
    await c.aclose()


AppFactory = Callable[..., EfsTuiApp]


@pytest.fixture
def make_app(client: OvhClient) -> AppFactory:
    """Build an app on the test client; keyword arguments override :class:`UiConfig` fields."""

    def factory(**overrides: object) -> EfsTuiApp:
        config = fast_config(client, **overrides)
        return EfsTuiApp(client, config=config)

    return factory
