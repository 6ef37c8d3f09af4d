"""efs-tui's client treats every shape a void answer comes in as success: 200 `null`, 202 with no
body, 204 and an empty 200 (all seen on OVH's v1 API), for each write it makes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from efs_tui.api import ApplicationCredentials, OvhClient, RetryPolicy
from efs_tui.emulator import EmulatorServer
from efs_tui.emulator.faults import VOID_SHAPES

from .conftest import Api, Demo

EXPECTED = {"null": (200, b"null"), "accepted": (202, b""), "no-content": (204, b""), "empty": (200, b"")}


@pytest.fixture(params=[s for s in VOID_SHAPES if s != "api"])
def shape(request: pytest.FixtureRequest, emu: EmulatorServer) -> str:
    emu.faults.void_shape = request.param
    # each test reads the transitional status its write started: it must not move on under load
    emu.state.transitions_paused = True
    return str(request.param)


@pytest.fixture
async def client(emu: EmulatorServer) -> AsyncIterator[OvhClient]:
    c = emu.credentials
    credentials = ApplicationCredentials(c.application_key, c.application_secret, c.consumer_key)
    async with OvhClient(emu.base_url, credentials, retry=RetryPolicy(attempts=1)) as client:
        yield client


def _latest_manual(api: Api, demo: Demo) -> dict[str, Any]:
    items = api.get(demo.share_path + "/snapshot", params="detail=true").json()
    return max((s for s in items if s["type"] == "manual"), key=lambda s: s["createdAt"])


def test_each_void_shape_is_on_the_wire(api: Api, demo: Demo, shape: str) -> None:
    snapshot = _latest_manual(api, demo)
    answer = api.delete(demo.share_path + f"/snapshot/{snapshot['id']}")
    assert (answer.status_code, answer.content) == EXPECTED[shape]


async def test_client_deletes_in_every_void_shape(client: OvhClient, api: Api, demo: Demo, shape: str) -> None:
    snapshot = _latest_manual(api, demo)
    assert await client.delete_snapshot(demo.service, demo.share, snapshot["id"]) is None
    assert api.get(demo.share_path + f"/snapshot/{snapshot['id']}").json()["status"] == "deleting"


async def test_client_reverts_in_every_void_shape(client: OvhClient, api: Api, demo: Demo, shape: str) -> None:
    snapshot = _latest_manual(api, demo)
    assert await client.revert_share(demo.service, demo.share, snapshot["id"]) is None
    assert api.get(demo.share_path).json()["status"] == "reverting"


async def test_client_void_puts_in_every_void_shape(
    client: OvhClient, api: Api, demo: Demo, shape: str, emu: EmulatorServer
) -> None:
    await client.put(demo.share_path + "/snapshotReserve", {"percent": 15})
    assert api.get(demo.share_path + "/snapshotReserve").json() == {"percent": 15, "status": "updating"}
    policies = api.get(f"/storage/netapp/{demo.service}/snapshotPolicy").json()
    other = next(p for p in policies if not p["isDefault"])
    await client.put(demo.share_path + "/snapshotPolicy", {"snapshotPolicyID": other["id"]})
    assert api.get(demo.share_path + "/snapshotPolicy").json()["id"] == other["id"]


async def test_client_creates_and_edits_around_void_shapes(client: OvhClient, api: Api, demo: Demo, shape: str) -> None:
    created = await client.create_snapshot(demo.service, demo.share, name="shape-check")
    assert created.status == "creating" and created.path is not None and created.path.startswith(".snapshot/")
    edited = await client.update_snapshot(demo.service, demo.share, created.id, description="kept")
    assert edited.description == "kept"


def test_api_default_answers_revert_202_and_other_voids_null(api: Api, demo: Demo) -> None:
    reserve = api.put(demo.share_path + "/snapshotReserve", {"percent": 10})
    assert (reserve.status_code, reserve.content) == (200, b"null")
    snapshot = _latest_manual(api, demo)
    revert = api.post(demo.share_path + "/revert", {"snapshotID": snapshot["id"]})
    assert (revert.status_code, revert.content) == (202, b"")
