"""Schemathesis over every route the emulator serves, requests signed with OVH's `$1$` scheme.

The fuzzed spec is OVH's own file with two changes that aim the generated requests at the
emulator's data instead of at 404s: path ids are drawn from the demo account's real ids (plus an
unknown one), and request bodies declare no extra properties (the emulator, like the API, refuses
unknown fields, so otherwise nearly every body would stop at that 400). A 5xx, a crash or an answer
off the schema fails it: schemathesis checks the documented 200 answers and the content type,
and the emulator's own spec check (enabled for the whole suite in tests/conftest.py) checks every
status, body and error shape, failing the test at teardown.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import checks

from efs_tui.emulator import EmulatorServer, EmulatorState, seed_dataset
from efs_tui.emulator.routes import ROUTES

from .conftest import SPEC, served_operations

BASE_TIME = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
EXAMPLES = 20


def _demo_ids() -> dict[str, list[str]]:
    """Real ids of the demo account for each path parameter (same seed, same ids every run)."""
    state = EmulatorState()
    seed_dataset(state, "demo", base_time=BASE_TIME)
    service = next(s for s in state.list_services() if s.name == "prod-nfs-gra")
    share = next(s for s in state.list_shares(service.id) if s.name == "web-content")
    snapshots = state.list_snapshots(service.id, share.id)
    unknown = "00000000-0000-4000-8000-000000000000"
    return {
        "serviceName": [service.id, unknown],
        "shareId": [share.id, unknown],
        "snapshotId": [s.id for s in snapshots[-4:]] + [unknown],
        "snapshotPolicyId": [p.id for p in state.list_policies(service.id)] + [unknown],
        "accessPathId": [p["id"] for p in state.access_paths(service.id, share.id)] + [unknown],
    }


def _fuzz_spec() -> dict[str, Any]:
    spec = copy.deepcopy(json.loads(SPEC.read_text()))
    served = served_operations()
    ids = _demo_ids()
    for template in list(spec["paths"]):
        item = spec["paths"][template]
        for method in [m for m in item if m in ("get", "post", "put", "delete")]:
            if (method.upper(), template) not in served:
                del item[method]
                continue
            for parameter in item[method].get("parameters", []):
                if parameter["in"] == "path":
                    parameter["schema"] = {"type": "string", "enum": ids[parameter["name"]]}
            body = item[method].get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None:
                body["schema"] = _closed(body["schema"], spec["components"]["schemas"])
        if not any(m in item for m in ("get", "post", "put", "delete")):
            del spec["paths"][template]
    return spec


def _closed(schema: dict[str, Any], models: dict[str, Any]) -> dict[str, Any]:
    """A request body schema inlined, its objects closed to undeclared properties (answers keep theirs)."""
    if "$ref" in schema:
        return _closed(models[schema["$ref"].rsplit("/", 1)[-1]], models)
    result = {k: v for k, v in schema.items()}
    if "allOf" in result:
        result["allOf"] = [_closed(part, models) for part in result["allOf"]]
    if "items" in result:
        result["items"] = _closed(result["items"], models)
    if "properties" in result:
        result["properties"] = {k: _closed(v, models) for k, v in result["properties"].items()}
        result["additionalProperties"] = False
    return result


schema = schemathesis.openapi.from_dict(_fuzz_spec())


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(dataset=None, delay=0.5) as server:
        yield server
        if os.environ.get("EFS_TUI_SPEC_RUN_STATS"):
            counts = Counter(r.status // 100 for r in server.state.requests)
            print(f"\nschemathesis run: {len(server.state.requests)} requests, by status class {dict(counts)}")


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as client:
        yield client


def _signed(emulator: EmulatorServer, case: schemathesis.Case) -> httpx.Request:
    """The request schemathesis built, signed as python-ovh does: `$1$` SHA-1 over AS+CK+method+URL+body+ts."""
    kwargs = case.as_transport_kwargs(base_url=emulator.base_url)
    body = json.dumps(kwargs["json"], separators=(",", ":")) if "json" in kwargs else ""
    request = httpx.Request(kwargs["method"], kwargs["url"], params=kwargs.get("params") or None, content=body)
    c = emulator.credentials
    ts = str(int(time.time()))
    text = "+".join([c.application_secret, c.consumer_key, request.method, str(request.url), body, ts])
    request.headers.update(
        {
            "X-Ovh-Application": c.application_key,
            "X-Ovh-Consumer": c.consumer_key,
            "X-Ovh-Timestamp": ts,
            "X-Ovh-Signature": "$1$" + hashlib.sha1(text.encode()).hexdigest(),
            "Content-Type": "application/json",
            "User-Agent": "schemathesis (efs-tui spec run)",
        }
    )
    return request


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_served_route_answers_on_spec(
    emulator: EmulatorServer, http: httpx.Client, case: schemathesis.Case
) -> None:
    seed_dataset(emulator.state, "demo", base_time=BASE_TIME)
    response = http.send(_signed(emulator, case))
    assert response.status_code < 500, response.text
    if response.status_code == 200:
        case.validate_response(response, checks=[checks.not_a_server_error, checks.response_schema_conformance])


def test_the_fuzzed_routes_are_the_served_ones() -> None:
    fuzzed = {(m.upper(), t) for t, item in _fuzz_spec()["paths"].items() for m in item}
    assert fuzzed == {(r.method, r.template) for r in ROUTES if r.template.startswith("/storage/")}
