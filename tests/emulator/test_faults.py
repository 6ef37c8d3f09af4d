"""Fault injection: scripted and random errors, 408 HTML, drops, latency, request log."""

from __future__ import annotations

import time

import httpx
import pytest

from efs_tui.emulator import EmulatorServer, FaultConfig, FaultDecision

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


# -- "after" faults: the change is applied, its answer is lost ----------------------------------------------


def test_drop_after_next_applies_the_post_then_cuts_the_answer(api: Api, demo: Demo, emu: EmulatorServer) -> None:
    before = {s["id"] for s in api.get(demo.share_path + "/snapshot").json()}
    emu.faults.drop_after_next(method="POST", path_contains="/snapshot")
    assert emu.faults.pending == 1
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        api.post(demo.share_path + "/snapshot", {"name": "lost-answer"})
    assert emu.faults.pending == 0
    created = [s for s in api.get(demo.share_path + "/snapshot").json() if s["id"] not in before]
    assert [s["name"] for s in created] == ["lost-answer"]  # applied, although the client saw nothing
    post = next(r for r in emu.state.requests if r.method == "POST")
    assert (post.status, post.fault) == (0, "drop after 201")
    assert emu.state.requests.count(method="POST") == 1


def test_fail_after_next_applies_the_delete_then_answers_an_error(api: Api, demo: Demo, emu: EmulatorServer) -> None:
    snap = next(
        s for s in api.get(demo.share_path + "/snapshot").json() if s["status"] == "available" and s["type"] != "system"
    )
    emu.faults.fail_after_next(503, method="DELETE", path_contains="/snapshot/", retry_after=3)
    failed = api.delete(demo.share_path + f"/snapshot/{snap['id']}")
    assert failed.status_code == 503 and failed.headers["Retry-After"] == "3"
    assert failed.json() == {"class": "Server::ServiceUnavailable", "message": "Service unavailable"}
    assert "X-Ovh-QueryID" in failed.headers
    assert api.get(demo.share_path + f"/snapshot/{snap['id']}").json()["status"] == "deleting"
    record = next(r for r in emu.state.requests if r.method == "DELETE")
    assert (record.status, record.fault) == (503, "503 after 200")


def test_after_faults_wait_for_a_matching_request(api: Api, demo: Demo, emu: EmulatorServer) -> None:
    emu.faults.fail_after_next(500, method="POST", times=2)
    assert api.get("/storage/netapp").status_code == 200  # a GET does not match
    refused = api.post(demo.share_path + "/snapshot", raw_body="{")  # the handler refuses it: still a 500
    assert refused.status_code == 500
    assert emu.state.requests.entries[-1].fault == "500 after 400"
    assert emu.faults.pending == 1


def test_token_endpoint_faults_are_opt_in(emu: EmulatorServer) -> None:
    c = emu.credentials
    form = {"grant_type": "client_credentials", "scope": "all"}
    emu.faults.fail_next(503)  # unfiltered: only for /storage calls, never the token endpoint
    assert httpx.post(emu.token_url, data=form, auth=(c.client_id, c.client_secret)).status_code == 200
    emu.faults.clear()
    emu.faults.fail_next(503, path_contains="/auth/oauth2/token")
    failed = httpx.post(emu.token_url, data=form, auth=(c.client_id, c.client_secret))
    assert failed.status_code == 503 and failed.json()["class"] == "Server::ServiceUnavailable"
    emu.faults.drop_next(path_contains="/auth/oauth2/token")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        httpx.post(emu.token_url, data=form, auth=(c.client_id, c.client_secret))
    emu.faults.drop_after_next(path_contains="/auth/oauth2/token")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        httpx.post(emu.token_url, data=form, auth=(c.client_id, c.client_secret))
    assert [r.fault for r in emu.state.requests][-3:] == ["503", "drop", "drop after 200"]
    assert httpx.post(emu.token_url, data=form, auth=(c.client_id, c.client_secret)).status_code == 200


def test_after_faults_standalone() -> None:
    faults = FaultConfig()
    faults.fail_after_next(502, method="PUT")
    faults.drop_after_next(path_contains="/x")
    assert faults.decide("GET", "/y") is None
    assert faults.decide("PUT", "/y") == FaultDecision("status", 502, None, after=True)
    assert faults.decide("GET", "/x") == FaultDecision("drop", after=True)
    faults.fail_next(500)
    assert faults.decide("POST", "/auth/oauth2/token", explicit_only=True) is None
    assert faults.pending == 1
