"""OAuth2 client credentials: token issue, bearer calls, expiry and IAM-style refusals."""

from __future__ import annotations

import time

import httpx

from efs_tui.emulator import EmulatorServer


def token(emu: EmulatorServer, client_id: str, secret: str, *, basic: bool = True) -> httpx.Response:
    form = {"grant_type": "client_credentials", "scope": "all"}
    if basic:
        return httpx.post(emu.token_url, data=form, auth=(client_id, secret))
    return httpx.post(emu.token_url, data={**form, "client_id": client_id, "client_secret": secret})


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def test_token_with_basic_auth_and_form_fields(emu: EmulatorServer) -> None:
    c = emu.credentials
    for basic in (True, False):
        response = token(emu, c.client_id, c.client_secret, basic=basic)
        assert response.status_code == 200
        data = response.json()
        assert data["token_type"] == "Bearer" and data["scope"] == "all" and data["expires_in"] == 3600
        services = httpx.get(emu.base_url + "/storage/netapp", headers=bearer(data["access_token"]))
        assert services.status_code == 200 and len(services.json()) == 4
        assert "X-Ovh-QueryID" in response.headers


def test_bad_client(emu: EmulatorServer) -> None:
    response = token(emu, "EU.unknown", "nope")
    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client", "error_description": "ovhcloud oauth2 client does not exists"}
    wrong_secret = token(emu, emu.credentials.client_id, "nope", basic=False)
    assert wrong_secret.status_code == 401
    garbage = httpx.post(
        emu.token_url, data={"grant_type": "client_credentials"}, headers={"Authorization": "Basic !!!"}
    )
    assert garbage.status_code == 401
    grant = httpx.post(emu.token_url, data={"grant_type": "password"}, auth=("a", "b"))
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"
    assert httpx.get(emu.token_url).status_code == 405


def test_token_expiry_and_refresh(emu: EmulatorServer) -> None:
    emu.state.token_lifetime = 0.5
    c = emu.credentials
    data = token(emu, c.client_id, c.client_secret).json()
    assert data["expires_in"] == 1
    url = emu.base_url + "/storage/netapp"
    assert httpx.get(url, headers=bearer(data["access_token"])).status_code == 200
    time.sleep(0.6)
    expired = httpx.get(url, headers=bearer(data["access_token"]))
    assert expired.status_code == 401
    assert expired.json() == {"class": "Client::Unauthorized", "message": "Invalid or expired token"}
    fresh = token(emu, c.client_id, c.client_secret).json()["access_token"]
    assert httpx.get(url, headers=bearer(fresh)).status_code == 200
    emu.state.security.expire_tokens()
    assert httpx.get(url, headers=bearer(fresh)).status_code == 401
    assert httpx.get(url, headers=bearer("made-up")).status_code == 401


def test_read_only_client_refused_on_writes(emu: EmulatorServer) -> None:
    c = emu.credentials
    access = token(emu, c.read_only_client_id, c.read_only_client_secret).json()["access_token"]
    headers = bearer(access)
    service = httpx.get(emu.base_url + "/storage/netapp", headers=headers).json()[0]["id"]
    share = httpx.get(emu.base_url + f"/storage/netapp/{service}/share", headers=headers).json()[0]["id"]
    url = emu.base_url + f"/storage/netapp/{service}/share/{share}/snapshot"
    response = httpx.post(url, json={"name": "x"}, headers=headers)
    assert response.status_code == 403
    body = response.json()
    assert body["class"] == "Client::Forbidden" and body["message"] == "User not granted for this request"
    assert body["details"]["unauthorizedActionsByIAM"] == "storageNetApp:apiovh:share/snapshot/create"
    snap = httpx.get(url, headers=headers).json()[0]["id"]
    hold = httpx.post(url + f"/{snap}/hold", headers=headers).json()
    assert hold["details"]["unauthorizedActionsByIAM"] == "storageNetApp:apiovh:share/snapshot/hold"


def test_bearer_and_auth_routes(emu: EmulatorServer) -> None:
    c = emu.credentials
    headers = bearer(token(emu, c.client_id, c.client_secret).json()["access_token"])
    assert httpx.get(emu.base_url + "/auth/details", headers=headers).json()["method"] == "oauth2_client_credentials"
    assert httpx.get(emu.base_url + "/auth/currentCredential", headers=headers).status_code == 403
