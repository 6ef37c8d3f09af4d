"""Opt-in check of every exchange against OVHcloud's own OpenAPI description of `/storage/netapp`.

The emulator is the ground truth the whole test suite stands on, and no one here can reach the
real API; so when a spec file is given (``EmulatorServer(spec=...)`` or the environment variable
``EFS_TUI_EMULATOR_SPEC``) each answer the emulator gives and each request it receives is held
against that spec, and every disagreement is recorded as a :class:`Violation` (in memory, and as a
JSON line in ``EFS_TUI_SPEC_VIOLATIONS`` when set, so emulators in child processes report too).
The test suite fails on any recorded violation.

What is checked, and why it goes beyond plain schema validation:

- **answers under `/storage/netapp`**: the status is one the real API is known to give for that
  kind of operation (the spec only ever says 200; OVH's own driver sees 201 for creations and
  202 for void ones), a void answer carries nothing or `null`, and a JSON body validates against
  the operation's schema (openapi-core, types, formats, enums) *and* has no property the schema
  does not declare (the spec leaves ``additionalProperties`` open, so an invented field would
  otherwise pass). Two fields of OVH's newer native schema (2026) are allowed: see
  :data:`NEWER_PROPERTIES`;
- **error answers** anywhere in the API have one of the two OVH error shapes;
- **requests**: the body, path and query parameters validate against the operation, with no
  undeclared or read-only property. A request that does not is a violation when efs-tui's own
  client sent it (the client must only send what the API accepts) or when the emulator accepted
  it (the emulator must refuse what the real API would refuse). Tests that send malformed
  requests on purpose with another client are not violations as long as the emulator refuses them.

openapi-core is a development dependency: it is imported only when a check is enabled.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import queue
import re
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SPEC_ENV = "EFS_TUI_EMULATOR_SPEC"
VIOLATIONS_ENV = "EFS_TUI_SPEC_VIOLATIONS"
CLIENT_AGENT_PREFIX = "efs-tui/"
SPEC_HOST = "https://eu.api.ovh.com"
SPEC_PREFIX = "/1.0"

#: Properties the emulator emits that the OpenAPI export (2025-10) lacks but OVH's native v1 schema
#: (2026-04, ``storage.json``) declares: model -> property -> allowed values (``None`` allowed too).
NEWER_PROPERTIES: dict[str, dict[str, tuple[str, ...]]] = {
    "iam.ResourceMetadata": {"state": ("EXPIRED", "IN_CREATION", "OK", "SUSPENDED")},
    "storage.NetAppShare": {"accessMode": ("ro", "rw")},
}

_ERROR_SHAPES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"class", "message"}), frozenset({"details"})),
    (frozenset({"errorCode", "httpCode", "message"}), frozenset()),
)


@dataclass(frozen=True, slots=True)
class Violation:
    """One disagreement between an exchange and the spec."""

    side: str  # "request" or "response"
    method: str
    path: str
    status: int
    detail: str

    def __str__(self) -> str:
        return f"{self.side} {self.method} {self.path} -> {self.status}: {self.detail}"


class ViolationLog:
    """Recorded violations; the process-wide one (:data:`VIOLATIONS`, shared by every emulator)
    also appends each to the file named by ``$EFS_TUI_SPEC_VIOLATIONS``, so child processes report."""

    def __init__(self, *, mirror: bool = False) -> None:
        self._lock = threading.Lock()
        self._entries: list[Violation] = []
        self._mirror = mirror

    def record(self, violation: Violation) -> None:
        with self._lock:
            self._entries.append(violation)
            target = os.environ.get(VIOLATIONS_ENV) if self._mirror else None
            if target:
                with open(target, "a", encoding="utf-8") as out:
                    out.write(json.dumps(asdict(violation)) + "\n")

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def since(self, start: int) -> list[Violation]:
        with self._lock:
            return self._entries[start:]

    def __iter__(self) -> Iterator[Violation]:
        return iter(self.since(0))


VIOLATIONS = ViolationLog(mirror=True)


@dataclass(frozen=True, slots=True)
class SpecOperation:
    """One operation of the spec, as the emulator and its tests look it up."""

    method: str
    template: str
    void: bool
    iam_actions: tuple[str, ...]
    regex: re.Pattern[str]

    def match(self, path: str) -> bool:
        return self.regex.match(path) is not None


def load_spec(path: str | Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as src:
        spec: dict[str, Any] = json.load(src)
    return spec


def spec_operations(spec: dict[str, Any]) -> list[SpecOperation]:
    """Every (method, path) of the spec, with whether it answers nothing (``void``) and its IAM actions."""
    found: list[SpecOperation] = []
    for template, item in spec["paths"].items():
        pattern = re.compile("^" + re.sub(r"{\w+}", r"[^/]+", template) + "$")
        for method, op in item.items():
            if method not in ("get", "post", "put", "delete"):
                continue
            ok = op.get("responses", {}).get("200", {})
            void = "content" not in ok
            actions = tuple(a["name"] for a in op.get("x-iam-actions", ()))
            found.append(SpecOperation(method.upper(), template, void, actions, pattern))
    return found


def allowed_statuses(op: SpecOperation) -> frozenset[int]:
    """Success codes the real API is known to give: the spec says 200 everywhere; creations answer
    201 (OVH's EFS driver is tested against it) and void operations 200 `null`, 202, 204 or an empty 200."""
    if op.void:
        return frozenset({200, 202, 204})
    if op.method == "POST":
        return frozenset({200, 201})
    return frozenset({200})


class _Request:
    """The request protocol of openapi-core, on the spec's own server URL."""

    def __init__(self, method: str, api_path: str, query: dict[str, str], body: bytes, content_type: str) -> None:
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        self.host_url = SPEC_HOST
        self.path = SPEC_PREFIX + api_path
        self.full_url_pattern = self.host_url + self.path
        self.method = method.lower()
        self.body = body or None
        self.content_type = content_type or "application/json"
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(query), header=Headers(), cookie=ImmutableMultiDict(), path={}
        )


class _Response:
    def __init__(self, data: bytes) -> None:
        from werkzeug.datastructures import Headers

        self.status_code = 200
        self.data = data
        self.content_type = "application/json"
        self.headers = Headers()


class SpecChecker:
    """Holds exchanges against one OpenAPI file and records what disagrees in :data:`VIOLATIONS`."""

    def __init__(self, spec_path: str | Path, log: ViolationLog = VIOLATIONS) -> None:
        from openapi_core import OpenAPI

        self.spec = load_spec(spec_path)
        self.operations = spec_operations(self.spec)
        self._openapi = OpenAPI.from_dict(_null_enums(copy.deepcopy(self.spec)))
        self._schemas: dict[str, Any] = self.spec["components"]["schemas"]
        self._log = log
        self._cache: dict[tuple[str, str, int, str, bytes], str | None] = {}
        self._cache_lock = threading.Lock()
        self._queue: queue.Queue[dict[str, Any]] = queue.Queue()
        self._worker: threading.Thread | None = None

    def submit(self, **exchange: Any) -> None:
        """Check an exchange in the background: the emulator answers at its normal speed (a check
        of a 300-snapshot list takes tens of ms, enough to skew the UI tests' short transitions)."""
        with self._cache_lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="efs-spec-check", daemon=True)
                self._worker.start()
        self._queue.put(exchange)

    def _work(self) -> None:
        while True:
            exchange = self._queue.get()
            try:
                self.check(**exchange)
            except Exception as exc:  # a crash of the checker is a finding too, never a silent pass
                self._log.record(
                    Violation("check", exchange["method"], exchange["api_path"], exchange["status"], repr(exc))
                )
            finally:
                self._queue.task_done()

    def drain(self) -> None:
        """Wait until every submitted exchange has been checked."""
        self._queue.join()

    def operation(self, method: str, api_path: str) -> SpecOperation | None:
        return next((op for op in self.operations if op.method == method and op.match(api_path)), None)

    # -- the whole exchange ---------------------------------------------------------------------------------
    def check(
        self,
        *,
        method: str,
        api_path: str,
        query: dict[str, str],
        request_body: bytes,
        request_type: str,
        user_agent: str,
        status: int,
        response_body: bytes,
        response_type: str,
    ) -> list[Violation]:
        """Check one request and its answer; record and return the violations."""
        found: list[Violation] = []

        def add(side: str, detail: str) -> None:
            found.append(Violation(side, method, api_path, status, detail))

        if status >= 400:
            problem = _error_shape_problem(response_body, response_type)
            if problem:
                add("response", problem)
        op = self.operation(method, api_path)
        if op is not None:
            request_problem = self._request_problem(op, api_path, query, request_body, request_type)
            where = _where(request_problem)
            ours = user_agent.startswith(CLIENT_AGENT_PREFIX) and where in ("query", "body")
            accepted = status < 400 and where in ("path", "body")
            if request_problem and (ours or accepted):
                who = "efs-tui sent" if ours else "the emulator accepted"
                add("request", f"{who} an off-spec request: {request_problem}")
            if 200 <= status < 300:
                response_problem = self._cached_response_problem(op, api_path, status, response_body, response_type)
                if response_problem:
                    add("response", response_problem)
        for violation in found:
            self._log.record(violation)
        return found

    # -- request side ---------------------------------------------------------------------------------------
    def _request_problem(
        self, op: SpecOperation, api_path: str, query: dict[str, str], body: bytes, content_type: str
    ) -> str:
        """What is wrong with a request ("" when nothing); see :func:`_where` for which part."""
        from openapi_core.exceptions import OpenAPIError

        try:
            self._openapi.validate_request(_Request(op.method, api_path, query, body, content_type))
        except OpenAPIError as exc:
            return _describe(exc)
        schema = self._request_schema(op)
        if schema is not None and body.strip():
            try:
                data = json.loads(body)
            except ValueError:
                return "body is not JSON"
            return self._undeclared(data, schema, "body") or ""
        return ""

    def _request_schema(self, op: SpecOperation) -> dict[str, Any] | None:
        item = self.spec["paths"][op.template][op.method.lower()]
        schema = item.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        return schema if isinstance(schema, dict) else None

    # -- response side ----------------------------------------------------------------------------------------
    def _cached_response_problem(
        self, op: SpecOperation, api_path: str, status: int, body: bytes, content_type: str
    ) -> str | None:
        """:meth:`_response_problem`, remembered per identical answer: a 300-snapshot list takes
        ~50 ms to validate and the UI tests read the same lists again and again."""
        key = (op.method, op.template, status, content_type, hashlib.sha1(body).digest())
        with self._cache_lock:
            if key in self._cache:
                return self._cache[key]
        problem = self._response_problem(op, api_path, status, body, content_type)
        with self._cache_lock:
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[key] = problem
        return problem

    def _response_problem(
        self, op: SpecOperation, api_path: str, status: int, body: bytes, content_type: str
    ) -> str | None:
        from openapi_core.exceptions import OpenAPIError

        if status not in allowed_statuses(op):
            return f"status {status} is not one the API gives here ({sorted(allowed_statuses(op))})"
        if op.void:
            if status == 204 and body:
                return "a 204 answer with a body"
            if body.strip() not in (b"", b"null"):
                return f"a void operation answered a body: {body[:120]!r}"
            return None
        if not content_type.startswith("application/json"):
            return f"content type {content_type!r}, JSON expected"
        request = _Request(op.method, api_path, {}, b"", "application/json")
        try:
            self._openapi.validate_response(request, _Response(body))
        except OpenAPIError as exc:
            return _describe(exc)
        item = self.spec["paths"][op.template][op.method.lower()]
        schema = item["responses"]["200"]["content"]["application/json"]["schema"]
        return self._undeclared(json.loads(body), schema, "body")

    # -- properties the spec does not declare ---------------------------------------------------------------
    def _resolve(self, schema: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
        """Follow ``$ref`` and single-element ``allOf`` wrappers to (model name, object schema)."""
        name = None
        while True:
            if "$ref" in schema:
                name = schema["$ref"].rsplit("/", 1)[-1]
                schema = self._schemas[name]
            elif "allOf" in schema and len(schema["allOf"]) == 1:
                schema = schema["allOf"][0]
            else:
                return name, schema

    def _undeclared(self, data: Any, schema: dict[str, Any], where: str) -> str | None:
        name, schema = self._resolve(schema)
        if isinstance(data, list) and "items" in schema:
            for index, item in enumerate(data):
                problem = self._undeclared(item, schema["items"], f"{where}[{index}]")
                if problem:
                    return problem
            return None
        if not isinstance(data, dict) or "properties" not in schema:
            return None
        declared: dict[str, Any] = schema["properties"]
        newer = NEWER_PROPERTIES.get(name or "", {})
        for key, value in data.items():
            if key in declared:
                problem = self._undeclared(value, declared[key], f"{where}.{key}")
                if problem:
                    return problem
            elif key in newer:
                if value is not None and value not in newer[key]:
                    return f"{where}.{key}: {value!r} is not one of {list(newer[key])}"
            else:
                return f"{where}.{key}: property not declared by {name or 'the schema'}"
        return None


def _null_enums(spec: dict[str, Any]) -> dict[str, Any]:
    """Let ``null`` through the nullable enum properties, as OVH means them.

    OVH writes a nullable enum property as ``{"allOf": [{"$ref": enum}], "nullable": true}``. Read
    literally (OpenAPI 3.0), ``nullable`` does not reach inside ``allOf``, so ``null`` would fail the
    enum; OVH's native schema says ``canBeNull: true`` for the same fields. Inline such enums with
    ``None`` added.
    """
    schemas: dict[str, Any] = spec["components"]["schemas"]
    for model in schemas.values():
        for name, prop in list(model.get("properties", {}).items()):
            parts = prop.get("allOf")
            if not prop.get("nullable") or not isinstance(parts, list) or len(parts) != 1 or "$ref" not in parts[0]:
                continue
            target = schemas[parts[0]["$ref"].rsplit("/", 1)[-1]]
            if "enum" not in target:
                continue
            inlined = {k: v for k, v in prop.items() if k != "allOf"}
            inlined.update(type=target.get("type", "string"), enum=[*target["enum"], None])
            model["properties"][name] = inlined
    return spec


def _where(problem: str) -> str:
    """Which part of a request a problem is about: "path", "query", "body" (or "" for none)."""
    if not problem:
        return ""
    lowered = problem.lower()
    if "path parameter" in lowered:
        return "path"
    if "query parameter" in lowered:
        return "query"
    return "body"


def _error_shape_problem(body: bytes, content_type: str) -> str | None:
    """``None`` when ``body`` is one of OVH's two JSON error shapes."""
    if not content_type.startswith("application/json"):
        return f"error answer with content type {content_type!r}"
    try:
        data = json.loads(body)
    except ValueError:
        return "error answer is not JSON"
    if not isinstance(data, dict):
        return f"error answer is not an object: {body[:120]!r}"
    keys = set(data)
    for required, optional in _ERROR_SHAPES:
        if required <= keys <= required | optional:
            if not all(isinstance(data[k], str) for k in required):
                return f"error fields must be strings: {data}"
            details = data.get("details")
            if details is not None and not (
                isinstance(details, dict) and all(isinstance(v, str) for v in details.values())
            ):
                return f"error details must map names to strings: {details!r}"
            return None
    return f"error answer in neither OVH shape: keys {sorted(keys)}"


def _describe(exc: Exception) -> str:
    """The exception and its schema errors on one line (openapi-core nests the useful part)."""
    parts = [f"{type(exc).__name__}: {exc}"]
    cause = exc.__cause__
    errors = getattr(cause, "schema_errors", None) or ()
    parts += [str(getattr(error, "message", error)) for error in errors]
    return "; ".join(parts)[:600]


_CHECKERS: dict[str, SpecChecker] = {}
_CHECKERS_LOCK = threading.Lock()


def checker_for(spec_path: str | Path | None = None) -> SpecChecker | None:
    """The (cached) checker for ``spec_path``, else for ``$EFS_TUI_EMULATOR_SPEC``; ``None`` when neither."""
    target = str(spec_path) if spec_path else os.environ.get(SPEC_ENV)
    if not target:
        return None
    with _CHECKERS_LOCK:
        if target not in _CHECKERS:
            _CHECKERS[target] = SpecChecker(target)
        return _CHECKERS[target]


def drain() -> None:
    """Wait until every checker of this process has checked what it was given (tests call it
    before reading the violations)."""
    with _CHECKERS_LOCK:
        checkers = list(_CHECKERS.values())
    for checker in checkers:
        checker.drain()
