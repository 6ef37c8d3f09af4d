"""Auth refusals in every shape the real API uses map to the same typed errors (issue 11.3, 9.5).

The class-only bodies (``{"class": "Client::Forbidden", "message": …}``, no ``errorCode``) are
served over real HTTP by ``shapes.py``; the emulator answers the older ``errorCode`` shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from efs_tui.api import ApplicationCredentials, OAuth2Credentials, OvhClient, errors
from efs_tui.api.auth import ENDPOINTS, NO_EFS_WARNING, endpoint_offers_efs
from efs_tui.api.errors import LOGIN_HINT, error_from_response
from efs_tui.config.login import PendingLogin, wait_for_validation
from efs_tui.emulator import EmulatorServer

from .shapes import ShapesServer, shapes_server


def build(status: int, body: object) -> errors.ApiError:
    return error_from_response(
        status, json.dumps(body).encode(), query_id="EU.ext-3.abc", method="GET", path="/storage/netapp"
    )


@pytest.mark.parametrize(
    ("status", "message", "kind", "hinted"),
    [
        (403, "This credential is not valid", errors.InvalidCredential, True),
        (403, "This credential does not exist", errors.NotCredential, True),
        (403, "This application key is invalid", errors.InvalidKey, True),
        (403, "This call has not been granted", errors.NotGrantedCall, False),
        (400, "Invalid signature", errors.InvalidSignature, True),  # persists after the resend: a wrong secret
        (400, "Query out of time", errors.QueryOutOfTime, False),
    ],
)
def test_class_only_bodies_map_like_error_codes(status: int, message: str, kind: type, hinted: bool) -> None:
    klass = "Client::Forbidden" if status == 403 else "Client::BadRequest"
    error = build(status, {"class": klass, "message": message})
    assert type(error) is kind
    assert error.error_class == klass and error.error_code is None  # what the API said is kept as said
    assert (LOGIN_HINT in error.describe()) is hinted


def test_error_code_bodies_name_the_way_out() -> None:
    error = build(403, {"errorCode": "INVALID_CREDENTIAL", "message": "This credential is not valid"})
    assert "efs-tui login" in error.describe()
    assert "efs-tui login" not in error.message  # the hint is a line of its own, not part of the API's text


def test_iam_refusal_names_the_refused_action() -> None:
    body = {
        "class": "Client::Forbidden",
        "message": "User not granted for this request",
        "details": {
            "unauthorizedActionsByAuthentication": "",
            "unauthorizedActionsByIAM": "storageNetApp:apiovh:share/snapshot/delete",
        },
    }
    error = build(403, body)
    assert type(error) is errors.Forbidden
    assert error.refused_actions == ("storageNetApp:apiovh:share/snapshot/delete",)
    assert "storageNetApp:apiovh:share/snapshot/delete" in error.describe()


def test_endpoints_without_efs_are_named() -> None:
    assert [name for name in ENDPOINTS if not endpoint_offers_efs(name)] == [
        "ovh-us",
        "kimsufi-eu",
        "kimsufi-ca",
        "soyoustart-eu",
        "soyoustart-ca",
    ]
    assert endpoint_offers_efs("ovh-eu") and endpoint_offers_efs("http://127.0.0.1:8080/1.0")
    assert "ovh-us" in NO_EFS_WARNING.format(name="ovh-us")


def test_invalid_url_404_is_explained() -> None:
    error = build(404, {"message": "Got an invalid (or empty) URL"})
    assert isinstance(error, errors.NotFound)
    assert "no /storage/netapp section" in error.describe()
    assert "no /storage/netapp" not in build(404, {"message": "Resource not found"}).describe()


@pytest.fixture
def shapes() -> Iterator[ShapesServer]:
    with shapes_server() as server:
        yield server


async def test_class_only_refusal_over_http_is_a_credentials_error(shapes: ShapesServer) -> None:
    body = b'{"class":"Client::Forbidden","message":"This credential is not valid"}'
    shapes.answer("GET", "/storage/netapp", 403, body)
    async with OvhClient(shapes.base_url, ApplicationCredentials("ak", "as", "ck")) as client:
        with pytest.raises(errors.InvalidCredential) as caught:
            await client.list_services()
    assert caught.value.query_id == "EU.ext-9.shapes" and "efs-tui login" in caught.value.describe()


async def test_login_keeps_polling_a_pending_key_refused_class_only(shapes: ShapesServer) -> None:
    """Before: the first class-only "not valid" answer ended the login; a pending key must be polled on."""
    polls = []

    def current_credential(_headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        polls.append(1)
        if len(polls) < 3:
            return 403, b'{"class":"Client::Forbidden","message":"This credential is not valid"}', {}
        body = {"status": "validated", "rules": [{"method": "GET", "path": "/storage/netapp/*"}]}
        return 200, json.dumps(body).encode(), {}

    shapes.routes[("GET", "/auth/currentCredential")] = current_credential
    pending = PendingLogin(shapes.base_url, ApplicationCredentials("ak", "as", "ck"), "https://validate", True)
    result = await wait_for_validation(pending, timeout=10, interval=0.01)
    assert len(polls) == 3 and result.read_only


async def test_refused_service_account_names_the_way_out(emu: EmulatorServer) -> None:
    async with OvhClient(emu.base_url, OAuth2Credentials(emu.credentials.client_id, "wrong")) as client:
        with pytest.raises(errors.OAuth2Failure) as caught:
            await client.list_services()
    assert caught.value.sent is False and "efs-tui login --oauth2" in caught.value.describe()
