"""Fault injection: scripted and random errors, 408 HTML, drops, latency, request log."""

from __future__ import annotations

import time

import httpx
import pytest

from efs_tui.emulator import EmulatorServer, FaultConfig

from .conftest import Api, Demo


def test_fail_next_is_scripted_and_consumed_in_order(api: Api, demo: Demo, emu: EmulatorServer) -> None:
    snap = api.get(demo.share_path + "/snapshot").json()[1]
    emu.faults.fail_next(500, method="DELETE", path_contains="/snapshot/")
    emu.faults.fail_next(503, times=2)
    assert emu.faults.pending == 3
    first, second = (api.get("/storage/netapp") for _ in range(2))
    assert first.status_code == second.status_code == 503
    assert first.json() == {"class": "Server::ServiceUnavailable", "message": "Service unavailable"}
    failed = api.delete(demo.share_path + f"/snapshot/{snap['id']}")
    assert failed.status_code == 500
    assert failed.json() == {"class": "Server::InternalServerError", "message": "Internal server error"}
    assert api.get(demo.share_path + f"/snapshot/{snap['id']}").json()["status"] == snap["status"]
    assert api.delete(demo.share_path + f"/snapshot/{snap['id']}").status_code == 200
    assert emu.faults.pending == 0


def test_429_with_retry_after(api: Api, emu: EmulatorServer) -> None:
    emu.faults.fail_next(429, retry_after=2)
    response = api.get("/storage/netapp")
    assert response.status_code == 429 and response.headers["Retry-After"] == "2"
    assert response.json() == {"class": "Client::TooManyRequests", "message": "Too many requests"}
    emu.faults.fail_next(429, retry_after=0.25)
    assert api.get("/storage/netapp").headers["Retry-After"] == "0.25"
    emu.faults.fail_next(429)
    assert "Retry-After" not in api.get("/storage/netapp").headers


def test_408_is_an_html_page(api: Api, emu: EmulatorServer) -> None:
    emu.faults.fail_next(408)
    response = api.get("/storage/netapp")
    assert response.status_code == 408
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>408 Request Time-out</h1>" in response.text
    assert "X-Ovh-QueryID" in response.headers


def test_other_scripted_statuses(api: Api, emu: EmulatorServer) -> None:
    emu.faults.fail_next(504)
    assert api.get("/storage/netapp").json()["class"] == "Server::GatewayTimeout"
    emu.faults.fail_next(409)
    assert api.get("/storage/netapp").json()["class"] == "Client::BadRequest"


def test_drop_next(api: Api, emu: EmulatorServer) -> None:
    emu.faults.drop_next(method="GET", path_contains="/storage/netapp")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        api.get("/storage/netapp")
    assert api.get("/storage/netapp").status_code == 200
    assert emu.state.requests.entries[0].fault == "drop"


def test_faults_do_not_touch_auth_routes(emu: EmulatorServer) -> None:
    emu.faults.fail_next(500)
    assert httpx.get(emu.base_url + "/auth/time").status_code == 200
    assert emu.faults.pending == 1


def test_random_rates_are_seeded(api: Api, emu: EmulatorServer) -> None:
    def run() -> list[int]:
        emu.faults.reseed(7)
        emu.faults.error_rate_429 = 0.3
        emu.faults.error_rate_5xx = 0.3
        emu.faults.error_rate_408 = 0.2
        return [api.get("/storage/netapp").status_code for _ in range(20)]

    first, second = run(), run()
    assert first == second
    assert {429, 408} <= set(first) and {500, 503} & set(first) and 200 in first


def test_random_drops(api: Api, emu: EmulatorServer) -> None:
    emu.faults.drop_rate = 1.0
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        api.get("/storage/netapp")


def test_latency_and_jitter(api: Api, emu: EmulatorServer) -> None:
    emu.faults.latency_ms = 150
    start = time.perf_counter()
    api.get("/storage/netapp")
    assert time.perf_counter() - start >= 0.14
    emu.faults.latency_ms, emu.faults.jitter_ms = 0, 50
    delays = [emu.faults.latency_seconds() for _ in range(50)]
    assert all(0 <= d <= 0.05 for d in delays) and len(set(delays)) > 1
    emu.faults.clear()
    assert emu.faults.latency_seconds() == 0


def test_request_log(api: Api, emu: EmulatorServer, demo: Demo) -> None:
    emu.state.requests.reset()
    api.get("/storage/netapp")
    api.get(demo.share_path + "/snapshot", params="detail=true")
    api.get("/storage/netapp/not-a-uuid")
    log = emu.state.requests
    assert len(log) == 3
    assert log[1].path.endswith("/snapshot") and log[1].query == "detail=true" and log[1].status == 200
    assert log.count(method="GET") == 3 and log.count(path_contains="/snapshot") == 1 and log.count(status=400) == 1
    assert [r.method for r in log] == ["GET"] * 3
    log.reset()
    assert len(log) == 0


def test_fault_config_standalone() -> None:
    faults = FaultConfig(error_rate_5xx=1.0, seed=3)
    decisions = {faults.decide("GET", "/x").status for _ in range(40)}  # type: ignore[union-attr]
    assert decisions == {500, 503}
    faults.clear()
    assert faults.decide("GET", "/x") is None
