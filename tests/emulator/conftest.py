"""Shared fixtures: one emulator server per session, state re-seeded before every test.

The signing helper here is deliberately independent of ``efs_tui.api`` (and of
the emulator's own ``compute_signature``) so the tests check the emulator
against the documented formula, not against another copy of the same code.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from efs_tui.emulator import EmulatorServer, seed_dataset

FAST = 0.2  # tests that must see a transitional status pause the transitions (state.transitions_paused)


def ovh_signature(secret: str, ck: str, method: str, url: str, body: str, ts: str) -> str:
    """The documented formula, written out plainly (ovh-api.md §5.2)."""
    return "$1$" + hashlib.sha1("+".join([secret, ck, method, url, body, ts]).encode()).hexdigest()


@dataclass
class Api:
    """A tiny signed client for the tests."""

    server: EmulatorServer
    ak: str
    secret: str
    ck: str

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: str = "",
        raw_body: str | None = None,
        ck: str | None = None,
        secret: str | None = None,
        timestamp: int | None = None,
        sign_url: str | None = None,
        sign_body: str | None = None,
        base: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        url = (base or self.server.base_url) + path + (f"?{params}" if params else "")
        text = raw_body if raw_body is not None else ("" if body is None else json.dumps(body, separators=(",", ":")))
        ts = str(timestamp if timestamp is not None else int(time.time()))
        ck = self.ck if ck is None else ck
        all_headers = {
            "X-Ovh-Application": self.ak,
            "X-Ovh-Consumer": ck,
            "X-Ovh-Timestamp": ts,
            "X-Ovh-Signature": ovh_signature(
                secret or self.secret,
                ck,
                method,
                sign_url or url,
                text if sign_body is None else sign_body,
                ts,
            ),
        }
        if text:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        return httpx.request(method, url, content=text.encode(), headers=all_headers, timeout=10)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> httpx.Response:
        return self.request("POST", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> httpx.Response:
        return self.request("PUT", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("DELETE", path, **kw)


@pytest.fixture(scope="session")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(dataset=None, delay=FAST) as srv:
        yield srv


@pytest.fixture
def emu(server: EmulatorServer) -> EmulatorServer:
    """The session server with fresh demo data, no faults and an empty request log."""
    state = server.state
    seed_dataset(state, "demo")
    state.faults.clear()
    state.faults.retry_after = 1.0
    state.faults.reseed(0)
    state.requests.reset()
    state.token_lifetime = 3600
    state.allowed_skew = 30
    state.security.expire_tokens()
    state.transitions_paused = False
    return server


@pytest.fixture
def api(emu: EmulatorServer) -> Api:
    c = emu.credentials
    return Api(emu, c.application_key, c.application_secret, c.consumer_key)


@pytest.fixture
def ro_api(emu: EmulatorServer) -> Api:
    c = emu.credentials
    return Api(emu, c.application_key, c.application_secret, c.read_only_consumer_key)


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def find(items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(item for item in items if item["name"] == name)


@dataclass
class Demo:
    """Ids of well-known demo objects."""

    service: str
    share: str  # "web-content": daily automatic + manual + system snapshots
    db_share: str  # ~300 snapshots, custom policy

    @property
    def share_path(self) -> str:
        return f"/storage/netapp/{self.service}/share/{self.share}"


@pytest.fixture
def demo(api: Api) -> Demo:
    services = api.get("/storage/netapp").json()
    service = find(services, "prod-nfs-gra")["id"]
    shares = api.get(f"/storage/netapp/{service}/share", params="detail=true").json()
    return Demo(service, find(shares, "web-content")["id"], find(shares, "db-backups")["id"])
