"""Answers the emulator never gives but a real API (or a proxy in front of it) might.

Served over real HTTP by the small server in ``shapes.py``: a 2xx whose JSON is not what the
schema says must become a readable InvalidResponse carrying the status and query id, never a
bare ValueError; a list item without an id is skipped and reported, not fatal to the list.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from efs_tui.api import ApplicationCredentials, InvalidResponse, OvhClient, RequestRecord

from .shapes import ShapesServer, shapes_server

QUERY_ID = "EU.ext-9.shapes"
SERVICE = "0f6b2a8e-3c1d-4e5f-9a7b-1c2d3e4f5a6b"
SHARE = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
SNAPSHOT = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"
SNAPSHOTS = f"/storage/netapp/{SERVICE}/share/{SHARE}/snapshot"


@pytest.fixture
def shapes() -> Iterator[ShapesServer]:
    with shapes_server() as server:
        yield server


def client_of(server: ShapesServer) -> OvhClient:
    return OvhClient(server.base_url, ApplicationCredentials("ak", "as", "ck"))


@pytest.mark.parametrize(
    ("body", "call"),
    [
        (b'{"name": "no id"}', "create"),
        (b"[1, 2, 3]", "list"),
        (b'{"not": "a list"}', "list"),
        (b"<html>maintenance</html>", "list"),
        (b'[{"id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"}, 7]', "list"),
    ],
)
async def test_unreadable_answers_are_invalid_responses(shapes: ShapesServer, body: bytes, call: str) -> None:
    shapes.answer("POST" if call == "create" else "GET", SNAPSHOTS, 201 if call == "create" else 200, body)
    async with client_of(shapes) as client:
        with pytest.raises(InvalidResponse) as caught:
            if call == "create":
                await client.create_snapshot(SERVICE, SHARE, "x")
            else:
                await client.list_snapshots(SERVICE, SHARE)
    error = caught.value
    assert error.query_id == QUERY_ID and error.status in (200, 201)
    assert error.method in ("GET", "POST") and error.path and "/snapshot" in error.path
    assert "Query id" in error.describe()


async def test_empty_and_null_write_answers_are_tolerated(shapes: ShapesServer) -> None:
    shapes.answer("DELETE", f"{SNAPSHOTS}/{SNAPSHOT}", 200, b"null")
    shapes.answer("POST", f"/storage/netapp/{SERVICE}/share/{SHARE}/revert", 204, b"")
    async with client_of(shapes) as client:
        assert await client.delete_snapshot(SERVICE, SHARE, SNAPSHOT) is None
        assert await client.revert_share(SERVICE, SHARE, SNAPSHOT) is None


async def test_list_item_without_id_is_skipped_and_reported(shapes: ShapesServer) -> None:
    body = b'[{"id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", "name": "kept"}, {"name": "no id"}, {"id": ""}]'
    shapes.answer("GET", SNAPSHOTS, 200, body)
    records: list[RequestRecord] = []
    async with client_of(shapes) as client:
        client.add_listener(records.append)
        snapshots = await client.list_snapshots(SERVICE, SHARE)
    assert [s.name for s in snapshots] == ["kept"]
    (listing,) = [r for r in records if r.path.startswith(SNAPSHOTS)]
    assert listing.skipped == 2
    assert listing.note is not None and "skipped 2 snapshots without an id" in listing.note
