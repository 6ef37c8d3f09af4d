"""The oracle itself: the spec check flags what is off OVH's spec and lets what is on it pass."""

from __future__ import annotations

import json
from typing import Any

import pytest

from efs_tui.emulator.spec_check import SpecChecker, ViolationLog

from .conftest import SPEC

SERVICE = "6f9b2c1e-7d5a-4c3b-9e8f-0a1b2c3d4e5f"
SHARE = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
SNAP = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
SNAPSHOTS = f"/storage/netapp/{SERVICE}/share/{SHARE}/snapshot"
GOOD_SNAPSHOT = {
    "id": SNAP,
    "name": None,
    "description": None,
    "type": "manual",
    "status": None,
    "path": ".snapshot/share_snapshot_" + SNAP.replace("-", "_"),
    "createdAt": "2026-03-02T09:30:00+00:00",
}


@pytest.fixture(scope="module")
def checker() -> SpecChecker:
    return SpecChecker(SPEC, log=ViolationLog())


def check(checker: SpecChecker, **kw: Any) -> list[str]:
    exchange: dict[str, Any] = {
        "method": "GET",
        "api_path": SNAPSHOTS,
        "query": {},
        "request_body": b"",
        "request_type": "",
        "user_agent": "efs-tui/0.1 (+httpx)",
        "status": 200,
        "response_body": b"[]",
        "response_type": "application/json; charset=utf-8",
    }
    exchange.update(kw)
    return [v.detail for v in checker.check(**exchange)]


def body(value: Any) -> bytes:
    return json.dumps(value).encode()


def test_on_spec_exchanges_pass(checker: SpecChecker) -> None:
    assert check(checker, response_body=body([GOOD_SNAPSHOT])) == []
    created = dict(GOOD_SNAPSHOT, status="creating")
    assert check(checker, method="POST", request_body=b"{}", status=201, response_body=body(created)) == []
    for status, answer in ((200, b"null"), (202, b""), (204, b""), (200, b"")):
        assert (
            check(checker, method="DELETE", api_path=f"{SNAPSHOTS}/{SNAP}", status=status, response_body=answer) == []
        )
    refusal = {"class": "Client::Forbidden", "message": "x", "details": {"unauthorizedActionsByIAM": "a"}}
    assert check(checker, status=403, response_body=body(refusal)) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"status": "bogus"}, "is not one of"),
        ({"id": "snap-1"}, "is not a 'uuid'"),
        ({"colour": "blue"}, "not declared"),
        ({"createdAt": "yesterday"}, "date-time"),
    ],
)
def test_off_spec_answers_are_flagged(checker: SpecChecker, change: dict[str, Any], expected: str) -> None:
    found = check(checker, response_body=body([dict(GOOD_SNAPSHOT, **change)]))
    assert found and expected in found[0]


def test_wrong_statuses_and_void_bodies_are_flagged(checker: SpecChecker) -> None:
    assert "status 201" in check(checker, status=201, response_body=b"[]")[0]
    delete = {"method": "DELETE", "api_path": f"{SNAPSHOTS}/{SNAP}"}
    assert "void operation" in check(checker, **delete, response_body=b"{}")[0]
    assert "204" in check(checker, **delete, status=204, response_body=b"null")[0]


def test_error_bodies_must_have_an_ovh_shape(checker: SpecChecker) -> None:
    assert "neither OVH shape" in check(checker, status=400, response_body=body({"error": "x"}))[0]
    assert "not JSON" in check(checker, status=500, response_body=b"oops")[0]
    assert (
        check(
            checker, status=401, response_body=body({"errorCode": "X", "httpCode": "401 Unauthorized", "message": "m"})
        )
        == []
    )


def test_requests_the_client_must_not_send(checker: SpecChecker) -> None:
    read_only = check(
        checker,
        method="POST",
        request_body=b'{"status":"available"}',
        status=400,
        response_body=body({"class": "Client::BadRequest", "message": "m"}),
    )
    assert read_only and "efs-tui sent" in read_only[0] and "read-only" in read_only[0]
    other_client = check(
        checker,
        method="POST",
        request_body=b'{"status":"available"}',
        user_agent="curl/8",
        status=400,
        response_body=body({"class": "Client::BadRequest", "message": "m"}),
    )
    assert other_client == []  # refused: a test of the emulator's refusals, not a violation
    accepted = check(
        checker, method="POST", request_body=b"", user_agent="curl/8", status=201, response_body=body(GOOD_SNAPSHOT)
    )
    assert accepted and "the emulator accepted" in accepted[0]
