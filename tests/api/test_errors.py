"""Error bodies of the real API become the right, readable exception."""

import json

import pytest

from efs_tui.api import errors
from efs_tui.api.errors import error_from_response


def build(status: int, body: object, **kwargs: object) -> errors.ApiError:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return error_from_response(status, raw, query_id="EU.ext-3.abc", method="GET", path="/storage/netapp", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (
            400,
            {"errorCode": "INVALID_SIGNATURE", "httpCode": "400 Bad Request", "message": "Invalid signature"},
            errors.InvalidSignature,
        ),
        (
            400,
            {"errorCode": "QUERY_TIME_OUT", "httpCode": "400 Bad Request", "message": "Query out of time"},
            errors.QueryOutOfTime,
        ),
        (400, {"class": "Client::BadRequest", "message": "bad"}, errors.BadRequest),
        (401, {"message": "You must login first"}, errors.Unauthorized),
        (403, {"errorCode": "INVALID_CREDENTIAL", "message": "This credential is not valid"}, errors.InvalidCredential),
        (403, {"errorCode": "NOT_GRANTED_CALL", "message": "This call has not been granted"}, errors.NotGrantedCall),
        (403, {"class": "Client::Forbidden", "message": "User not granted for this request"}, errors.Forbidden),
        (404, {"class": "Client::NotFound", "message": "Resource not found"}, errors.NotFound),
        (409, {"class": "Client::Conflict", "message": "busy"}, errors.Conflict),
        (429, {"message": "slow down"}, errors.RateLimited),
        (503, {"class": "Server::ServiceUnavailable", "message": "down"}, errors.ServerError),
        (418, {"message": "teapot"}, errors.ApiError),
    ],
)
def test_status_and_code_pick_the_class(status: int, body: dict[str, str], kind: type[errors.ApiError]) -> None:
    error = build(status, body)
    assert type(error) is kind
    assert error.status == status
    assert error.query_id == "EU.ext-3.abc"
    text = error.describe()
    assert f"HTTP {status}" in text and body["message"] in text and "EU.ext-3.abc" in text


def test_html_408_page_is_readable() -> None:
    page = b"<html><head><title>408 Request Time-out</title></head><body><h1>408</h1>slow</body></html>"
    error = build(408, page)
    assert isinstance(error, errors.RequestTimeout)
    assert error.message == "408 Request Time-out"


def test_empty_and_garbage_bodies() -> None:
    assert "no explanation" in build(500, b"").message
    assert build(502, b"\xff\xfe not json").message


def test_retry_after() -> None:
    error = build(429, {"message": "x"}, retry_after="3")
    assert isinstance(error, errors.RateLimited) and error.retry_after == 3.0
    assert errors.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None
