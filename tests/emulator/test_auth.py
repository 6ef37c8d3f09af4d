"""Application-key signatures, consumer keys and their refusals, like the real API."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import httpx

from efs_tui.emulator import EmulatorServer

from .conftest import Api, Demo


def error_code(response: httpx.Response) -> str:
    return str(response.json().get("errorCode"))


def test_time_is_public_and_skewed(emu: EmulatorServer) -> None:
    now = httpx.get(emu.base_url + "/auth/time").json()
    assert isinstance(now, int) and abs(now - time.time()) < 3
    emu.faults.clock_skew = 500
    assert abs(httpx.get(emu.base_url + "/auth/time").json() - time.time() - 500) < 3


def test_no_auth_is_401(emu: EmulatorServer) -> None:
    response = httpx.get(emu.base_url + "/storage/netapp")
    assert response.status_code == 401
    assert response.json() == {
        "errorCode": "NOT_AUTHENTICATED",
        "httpCode": "401 Unauthorized",
        "message": "You must login first",
    }
    partial = httpx.get(
        emu.base_url + "/storage/netapp", headers={"X-Ovh-Application": emu.credentials.application_key}
    )
    assert partial.status_code == 401


def test_unknown_application_key(api: Api) -> None:
    response = api.get("/storage/netapp", headers={"X-Ovh-Application": "nope"})
    assert response.status_code == 403
    assert response.json() == {
        "errorCode": "INVALID_KEY",
        "httpCode": "403 Forbidden",
        "message": "This application key is invalid",
    }


def test_unknown_consumer_key(api: Api) -> None:
    response = api.get("/storage/netapp", ck="unknownunknownunknown")
    assert response.status_code == 403 and error_code(response) == "INVALID_CREDENTIAL"
    assert response.json()["message"] == "This credential is not valid"


def test_consumer_key_of_another_application(api: Api, emu: EmulatorServer) -> None:
    other = emu.state.add_application()
    ck = emu.state.add_consumer_key(other.application_key).consumer_key
    response = api.get("/storage/netapp", ck=ck)
    assert response.status_code == 403 and error_code(response) == "NOT_CREDENTIAL"
    assert response.json()["message"] == "This credential does not exist"
    mine = Api(emu, other.application_key, other.application_secret, ck)
    assert mine.get("/storage/netapp").status_code == 200


def test_wrong_secret_body_or_url(api: Api, demo: Demo) -> None:
    for kwargs in (
        {"secret": "wrong-secret"},
        {"sign_url": api.server.base_url + "/storage/netapp/other"},
    ):
        response = api.get("/storage/netapp", **kwargs)
        assert response.status_code == 400, kwargs
        assert response.json() == {
            "errorCode": "INVALID_SIGNATURE",
            "httpCode": "400 Bad Request",
            "message": "Invalid signature",
        }
    path = "/storage/netapp/00000000-0000-4000-8000-000000000000/share/00000000-0000-4000-8000-000000000000/snapshot"
    tampered = api.post(path, {"name": "a"}, sign_body='{"name": "a"}')
    assert tampered.status_code == 400 and error_code(tampered) == "INVALID_SIGNATURE"
    query = api.get("/storage/netapp", params="x=1", sign_url=api.server.base_url + "/storage/netapp")
    assert error_code(query) == "INVALID_SIGNATURE"
    garbage = api.get("/storage/netapp", headers={"X-Ovh-Timestamp": "soon"})
    assert error_code(garbage) == "INVALID_SIGNATURE"


def test_signature_covers_the_raw_query_string(api: Api, demo: Demo) -> None:
    response = api.get("/storage/netapp", params="a=%C3%A9&b=x+y")
    assert response.status_code == 200


def test_timestamp_out_of_window(api: Api) -> None:
    response = api.get("/storage/netapp", timestamp=int(time.time()) - 120)
    assert response.status_code == 400
    assert response.json() == {
        "errorCode": "QUERY_TIME_OUT",
        "httpCode": "400 Bad Request",
        "message": "Query out of time",
    }
    assert api.get("/storage/netapp", timestamp=int(time.time()) + 20).status_code == 200


def test_clock_skew_requires_using_server_time(api: Api, emu: EmulatorServer) -> None:
    emu.faults.clock_skew = 3600
    assert error_code(api.get("/storage/netapp")) == "QUERY_TIME_OUT"
    server_now = httpx.get(emu.base_url + "/auth/time").json()
    assert api.get("/storage/netapp", timestamp=server_now).status_code == 200


def test_read_only_key_not_granted_to_write(ro_api: Api, api: Api, demo: Demo) -> None:
    assert ro_api.get(demo.share_path + "/snapshot").status_code == 200
    snap = ro_api.get(demo.share_path + "/snapshot").json()[0]
    response = ro_api.delete(demo.share_path + f"/snapshot/{snap['id']}")
    assert response.status_code == 403
    assert response.json() == {
        "message": "This call has not been granted",
        "httpCode": "403 Forbidden",
        "errorCode": "NOT_GRANTED_CALL",
    }
    assert ro_api.get("/auth/currentCredential").status_code == 200  # /auth/* is always allowed


def test_rules_without_the_bare_path(emu: EmulatorServer, api: Api) -> None:
    ck = emu.state.add_consumer_key(emu.credentials.application_key, [("GET", "/storage/netapp/*")]).consumer_key
    only_sub = Api(emu, api.ak, api.secret, ck)
    assert error_code(only_sub.get("/storage/netapp")) == "NOT_GRANTED_CALL"
    service = api.get("/storage/netapp").json()[0]["id"]
    assert only_sub.get(f"/storage/netapp/{service}").status_code == 200


def test_current_credential_and_logout(api: Api, emu: EmulatorServer) -> None:
    cred = api.get("/auth/currentCredential").json()
    assert cred["status"] == "validated" and cred["applicationId"] and cred["credentialId"]
    assert {"method": "DELETE", "path": "/storage/netapp/*"} in cred["rules"]
    assert set(cred) >= {"creation", "expiration", "lastUse", "allowedIPs", "ovhSupport"}
    assert api.get("/auth/details").json()["method"] == "account"
    other = emu.state.add_consumer_key(api.ak)
    throwaway = Api(emu, api.ak, api.secret, other.consumer_key)
    assert throwaway.post("/auth/logout").status_code == 200
    assert error_code(throwaway.get("/storage/netapp")) == "INVALID_CREDENTIAL"


def test_credential_validity_expires(api: Api, emu: EmulatorServer) -> None:
    cred = emu.state.add_consumer_key(api.ak, status="pendingValidation")
    emu.state.validate_credential(cred.consumer_key, validity_seconds=-1)
    assert error_code(Api(emu, api.ak, api.secret, cred.consumer_key).get("/storage/netapp")) == "INVALID_CREDENTIAL"


def test_credential_request_and_browser_validation(api: Api, emu: EmulatorServer) -> None:
    ak = emu.credentials.application_key
    body = {"accessRules": [{"method": "GET", "path": "/storage/netapp*"}], "redirection": "https://example.org/done"}
    unauth = httpx.post(emu.base_url + "/auth/credential", json=body)
    assert unauth.status_code == 401
    assert (
        httpx.post(emu.base_url + "/auth/credential", json=body, headers={"X-Ovh-Application": "x"}).status_code == 403
    )
    response = httpx.post(emu.base_url + "/auth/credential", json=body, headers={"X-Ovh-Application": ak})
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "pendingValidation"
    assert data["validationUrl"].startswith(emu.root_url + "/auth/?credentialToken=")
    ck = data["consumerKey"]
    pending = Api(emu, ak, emu.credentials.application_secret, ck)
    assert error_code(pending.get("/storage/netapp")) == "INVALID_CREDENTIAL"

    page = httpx.get(data["validationUrl"])
    assert page.status_code == 200 and "efs-tui demo" in page.text and "/storage/netapp*" in page.text
    assert "<form" in page.text
    validated = httpx.post(data["validationUrl"], data={"action": "validate"})
    assert validated.status_code == 303 and validated.headers["location"] == "https://example.org/done"
    assert pending.get("/storage/netapp").status_code == 200
    assert pending.post("/auth/logout").status_code == 200  # /auth/* needs no rule
    again = httpx.post(data["validationUrl"], data={"action": "validate"})
    assert again.status_code == 400


def test_credential_refusal_and_bad_requests(emu: EmulatorServer) -> None:
    ak = {"X-Ovh-Application": emu.credentials.application_key}
    url = emu.base_url + "/auth/credential"
    body = {"accessRules": [{"method": "GET", "path": "/*"}]}
    data = httpx.post(url, json=body, headers=ak).json()
    token = parse_qs(urlparse(data["validationUrl"]).query)["credentialToken"][0]
    assert httpx.post(data["validationUrl"], data={"action": "explode"}).status_code == 400
    refused = httpx.post(data["validationUrl"], data={"action": "refuse"})
    assert refused.status_code == 200 and "refused" in refused.text
    assert emu.state.security.find_credential(token) is not None
    assert httpx.get(emu.root_url + "/auth/?credentialToken=bogus").status_code == 404
    for bad in ({}, {"accessRules": [{"method": "PATCH", "path": "/"}]}, {"accessRules": [{"method": "GET"}]}):
        assert httpx.post(url, json=bad, headers=ak).status_code == 400, bad
    wrong_redirect = {"accessRules": [{"method": "GET", "path": "/*"}], "redirection": 5}
    assert httpx.post(url, json=wrong_redirect, headers=ak).status_code == 400
    assert httpx.post(url, headers=ak).status_code == 400


def test_validate_credential_from_code(api: Api, emu: EmulatorServer) -> None:
    response = httpx.post(
        emu.base_url + "/auth/credential",
        json={"accessRules": [{"method": "GET", "path": "/storage/netapp"}]},
        headers={"X-Ovh-Application": api.ak},
    ).json()
    emu.state.validate_credential(response["consumerKey"])
    assert Api(emu, api.ak, api.secret, response["consumerKey"]).get("/storage/netapp").status_code == 200
    validated = httpx.post(response["validationUrl"], data={"action": "validate"})
    assert validated.status_code == 400  # already validated
