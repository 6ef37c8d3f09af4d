"""Answers the emulator never gives but a real API (or a proxy in front of it) might.

These few cases use httpx's MockTransport because they are about bodies, not the
protocol: a 2xx whose JSON is not what the schema says must become a readable
InvalidResponse carrying the status and query id, never a bare ValueError.
"""

from __future__ import annotations

import httpx
import pytest

from efs_tui.api import ApplicationCredentials, InvalidResponse, OvhClient

QUERY_ID = "EU.ext-9.test.malformed"


def client_answering(status: int, body: bytes) -> OvhClient:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/time"):
            return httpx.Response(200, content=b"1795750000")
        return httpx.Response(status, content=body, headers={"X-Ovh-QueryID": QUERY_ID})

    creds = ApplicationCredentials("ak", "as", "ck")
    return OvhClient("https://eu.api.ovh.com/1.0", creds, transport=httpx.MockTransport(handler))


@pytest.mark.parametrize(
    ("body", "call"),
    [
        (b'{"name": "no id"}', "create"),
        (b"[1, 2, 3]", "list"),
        (b'{"not": "a list"}', "list"),
        (b"<html>maintenance</html>", "list"),
        (b'[{"id": "ok"}, {"name": "missing id"}]', "list"),
    ],
)
async def test_unreadable_answers_are_invalid_responses(body: bytes, call: str) -> None:
    async with client_answering(201 if call == "create" else 200, body) as client:
        with pytest.raises(InvalidResponse) as caught:
            if call == "create":
                await client.create_snapshot("s", "sh", "x")
            else:
                await client.list_snapshots("s", "sh")
    error = caught.value
    assert error.query_id == QUERY_ID and error.status in (200, 201)
    assert error.method in ("GET", "POST") and error.path and "/snapshot" in error.path
    assert "Query id" in error.describe()


async def test_empty_and_null_write_answers_are_tolerated() -> None:
    async with client_answering(200, b"null") as client:
        assert await client.delete_snapshot("s", "sh", "id") is None
    async with client_answering(204, b"") as client:
        assert await client.revert_share("s", "sh", "id") is None
