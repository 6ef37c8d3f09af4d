"""The emulator's route tables against the spec: every operation is either served or answers an
OVH-shaped 404/405, the two tables together are exactly the spec's list, and IAM names match."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest

from efs_tui.emulator import EmulatorServer
from efs_tui.emulator.routes import IAM_PREFIX, ROUTES, UNSERVED_ROUTES
from efs_tui.emulator.spec_check import spec_operations

from ..emulator.conftest import Api
from .conftest import served_operations, spec


def test_served_and_unserved_routes_are_exactly_the_spec() -> None:
    in_spec = {(op.method, op.template) for op in spec_operations(spec())}
    unserved = set(UNSERVED_ROUTES)
    assert len(unserved) == len(UNSERVED_ROUTES)
    assert not served_operations() & unserved
    assert served_operations() | unserved == in_spec


def test_iam_actions_are_the_spec_names() -> None:
    by_route = {(op.method, op.template): op.iam_actions for op in spec_operations(spec())}
    for route in ROUTES:
        if route.template.startswith("/storage/"):
            assert (route.iam_action,) == by_route[(route.method, route.template)]
            assert route.iam_action is not None and route.iam_action.startswith(IAM_PREFIX)


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(dataset="demo") as server:
        yield server


@pytest.mark.parametrize(("method", "template"), UNSERVED_ROUTES, ids=[f"{m} {t}" for m, t in UNSERVED_ROUTES])
def test_unserved_routes_answer_ovh_shaped_404_or_405(emulator: EmulatorServer, method: str, template: str) -> None:
    c = emulator.credentials
    api = Api(emulator, c.application_key, c.application_secret, c.consumer_key)
    path = re.sub(r"{\w+}", lambda _: str(uuid.uuid4()), template)
    answer = api.request(method, path, {} if method in ("POST", "PUT") else None)
    served_path = any(r.match(path) for r in ROUTES)
    assert answer.status_code == (405 if served_path else 404)
    body = answer.json()
    assert set(body) == {"class", "message"}
    assert body["class"] == ("Client::MethodNotAllowed" if served_path else "Client::NotFound")
    assert "X-Ovh-QueryID" in answer.headers
