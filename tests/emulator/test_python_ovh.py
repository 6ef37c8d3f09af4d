"""The official python-ovh library (1.2.0) talks to the emulator.

python-ovh only accepts endpoint *names*, so the tests register the emulator's
URL under a new name in ``ovh.client.ENDPOINTS`` (and its token URL in
``OAUTH2_TOKEN_URLS`` for the OAuth2 flow, with oauthlib's plain-HTTP guard
lifted since the emulator serves http on loopback).
"""

from __future__ import annotations

from collections.abc import Iterator

import ovh
import ovh.client
import pytest

from efs_tui.emulator import EmulatorServer

from .conftest import wait_for


@pytest.fixture
def endpoint(emu: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setitem(ovh.client.ENDPOINTS, "efs-emulator", emu.base_url)
    monkeypatch.setitem(ovh.client.OAUTH2_TOKEN_URLS, "efs-emulator", emu.token_url)
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    for name in ("OVH_ENDPOINT", "OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY"):
        monkeypatch.delenv(name, raising=False)
    yield "efs-emulator"


def test_signed_calls(emu: EmulatorServer, endpoint: str) -> None:
    c = emu.credentials
    emu.faults.clock_skew = 3600  # python-ovh signs with the server time from /auth/time
    client = ovh.Client(
        endpoint=endpoint,
        application_key=c.application_key,
        application_secret=c.application_secret,
        consumer_key=c.consumer_key,
    )
    services = client.get("/storage/netapp")
    service = next(s for s in services if s["name"] == "prod-nfs-gra")["id"]
    shares = client.get(f"/storage/netapp/{service}/share", detail=True)
    share = next(s for s in shares if s["name"] == "web-content")["id"]
    base = f"/storage/netapp/{service}/share/{share}/snapshot"
    assert client.get(base, detail=True)
    created = client.post(base, name="from-python-ovh", description="é")
    assert created["status"] == "creating"
    wait_for(lambda: client.get(f"{base}/{created['id']}")["status"] == "available")
    assert client.put(f"{base}/{created['id']}", name="renamed")["name"] == "renamed"
    assert client.delete(f"{base}/{created['id']}") is None
    wait_for(lambda: not any(s["id"] == created["id"] for s in client.get(base)))
    with pytest.raises(ovh.exceptions.ResourceNotFoundError):
        client.get(f"{base}/{created['id']}")
    auto = next(s for s in client.get(base) if s["type"] == "automatic")
    held = client.post(f"{base}/{auto['id']}/hold")
    assert held["type"] == "manual"
    assert client.get("/auth/currentCredential")["status"] == "validated"


def test_python_ovh_exceptions(emu: EmulatorServer, endpoint: str) -> None:
    c = emu.credentials
    read_only = ovh.Client(
        endpoint=endpoint,
        application_key=c.application_key,
        application_secret=c.application_secret,
        consumer_key=c.read_only_consumer_key,
    )
    service = read_only.get("/storage/netapp")[0]["id"]
    with pytest.raises(ovh.exceptions.NotGrantedCall):
        read_only.put(f"/storage/netapp/{service}", name="x")
    wrong = ovh.Client(
        endpoint=endpoint, application_key=c.application_key, application_secret="bad", consumer_key=c.consumer_key
    )
    with pytest.raises(ovh.exceptions.BadParametersError):
        wrong.get("/storage/netapp")
    unknown_ck = ovh.Client(
        endpoint=endpoint, application_key=c.application_key, application_secret="x", consumer_key="nope"
    )
    with pytest.raises(ovh.exceptions.InvalidCredential):
        unknown_ck.get("/storage/netapp")
    emu.faults.fail_next(503)
    with pytest.raises(ovh.exceptions.APIError) as info:
        read_only.get("/storage/netapp")
    assert info.value.query_id


def test_consumer_key_request(emu: EmulatorServer, endpoint: str) -> None:
    c = emu.credentials
    client = ovh.Client(endpoint=endpoint, application_key=c.application_key, application_secret=c.application_secret)
    request = client.new_consumer_key_request()
    request.add_recursive_rules(ovh.API_READ_ONLY, "/storage/netapp")
    answer = request.request()
    assert answer["state"] == "pendingValidation"
    emu.state.validate_credential(answer["consumerKey"])
    assert client.get("/storage/netapp")


def test_oauth2(emu: EmulatorServer, endpoint: str) -> None:
    c = emu.credentials
    client = ovh.Client(endpoint=endpoint, client_id=c.client_id, client_secret=c.client_secret)
    assert len(client.get("/storage/netapp")) == 4
