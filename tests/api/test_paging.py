"""OVH cursor paging: a list answered with ``X-Pagination-Cursor-Next`` is followed to its end (issue 11.3).

The next page is asked for with the cursor in ``X-Pagination-Cursor`` (OVH's v1/v2 convention:
request header ``X-Pagination-Cursor``, answer header ``X-Pagination-Cursor-Next``). Served
over real HTTP by ``shapes.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from efs_tui.api import ApplicationCredentials, OvhClient

from .shapes import ShapesServer, shapes_server

SERVICE = "0f6b2a8e-3c1d-4e5f-9a7b-1c2d3e4f5a6b"


def sid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


@pytest.fixture
def shapes() -> Iterator[ShapesServer]:
    with shapes_server() as server:
        yield server


def paged(pages: dict[str | None, tuple[list[int], str | None]]):  # type: ignore[no-untyped-def]
    def route(headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        numbers, following = pages[headers.get("x-pagination-cursor")]
        body = json.dumps([{"id": sid(n), "name": f"svc-{n}"} for n in numbers]).encode()
        return 200, body, ({"X-Pagination-Cursor-Next": following} if following else {})

    return route


async def test_every_page_is_followed(shapes: ShapesServer) -> None:
    shapes.routes[("GET", "/storage/netapp")] = paged({None: ([1, 2], "c2"), "c2": ([3, 4], "c3"), "c3": ([5], None)})
    async with OvhClient(shapes.base_url, ApplicationCredentials("ak", "as", "ck")) as client:
        services = await client.list_services()
        raw = await client.get("/storage/netapp")  # what the start-up prefetch uses: joined too
    assert [s.name for s in services] == [f"svc-{n}" for n in range(1, 6)]
    assert [item["name"] for item in raw] == [s.name for s in services]
    cursors = [seen.headers.get("x-pagination-cursor") for seen in shapes.log if seen.path == "/storage/netapp"]
    assert cursors == [None, "c2", "c3"] * 2


async def test_a_cursor_that_comes_back_ends_the_walk(shapes: ShapesServer) -> None:
    shapes.routes[("GET", "/storage/netapp")] = paged({None: ([1], "again"), "again": ([2], "again")})
    async with OvhClient(shapes.base_url, ApplicationCredentials("ak", "as", "ck")) as client:
        services = await client.list_services()
    assert [s.name for s in services] == ["svc-1", "svc-2"]
    assert shapes.count("/storage/netapp") == 2
