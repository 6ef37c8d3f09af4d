"""The ASGI application: HTTP plumbing, faults, authentication and the request log.

Written as a raw ASGI callable (with the few answer types of :mod:`.responses`)
rather than with a web framework's routing because two behaviours need the raw
protocol: signature checks must see the path and query string exactly as sent,
and a "dropped connection" fault must be able to start a response and abandon it.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import html
import secrets
import time
from itertools import count
from typing import Any
from urllib.parse import parse_qs, parse_qsl

from . import paging, problems
from .faults import FaultDecision
from .responses import Message, Receive, Response, Scope, Send, html_response, json_response, redirect_response
from .routes import Call, Reply, check_uuid_params, find_route
from .security import Identity
from .spec_check import SpecChecker, checker_for
from .state import EmulatorState, RequestRecord

API_PREFIXES = ("/1.0", "/v1")
TOKEN_PATH = "/auth/oauth2/token"
VALIDATION_PATH = "/auth/"

HAPROXY_408 = (
    "<html><body><h1>408 Request Time-out</h1>\nYour browser didn't send a complete request in time.\n</body></html>\n"
)
_FAULT_BODIES = {
    429: ("Client::TooManyRequests", "Too many requests"),
    500: ("Server::InternalServerError", "Internal server error"),
    502: ("Server::BadGateway", "Bad gateway"),
    503: ("Server::ServiceUnavailable", "Service unavailable"),
    504: ("Server::GatewayTimeout", "Gateway timeout"),
}


class EmulatorApp:
    """ASGI app serving one :class:`EmulatorState`.

    ``spec`` (an OpenAPI file; default ``$EFS_TUI_EMULATOR_SPEC``) turns on the check of every
    exchange against OVH's published description (:mod:`efs_tui.emulator.spec_check`).
    """

    def __init__(self, state: EmulatorState, *, spec: str | None = None) -> None:
        self.state = state
        self.checker: SpecChecker | None = checker_for(spec)
        self._counter = count(1)
        self._instance = secrets.token_hex(4)

    # -- helpers -------------------------------------------------------------------------------------
    def _query_id(self) -> str:
        return f"EU.ext-1.{self._instance}.{next(self._counter)}.{secrets.token_hex(16)}"

    @staticmethod
    async def _read_body(receive: Receive) -> bytes:
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    @staticmethod
    def _headers(scope: Scope) -> dict[str, str]:
        return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}

    @staticmethod
    def _root_url(scope: Scope, headers: dict[str, str]) -> str:
        host = headers.get("host")
        if not host:
            server = scope.get("server") or ("127.0.0.1", 80)
            host = f"{server[0]}:{server[1]}"
        return f"{scope.get('scheme', 'http')}://{host}"

    # -- entry point ------------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        method = scope["method"].upper()
        path: str = scope["path"]
        query_string = scope.get("query_string", b"").decode("latin-1")
        headers = self._headers(scope)
        body = await self._read_body(receive)
        query_id = self._query_id()
        fault_name: str | None = None
        decision = await self._fault(method, path)
        # A "before" fault answers instead of the handler, so nothing happens; an "after" fault lets
        # the handler run (its change is applied) and then loses the answer.
        response: Response | None = None
        if decision is None or decision.after:
            response = await self._handle(scope, method, path, query_string, headers, body)
            self._check(method, path, query_string, headers, body, response)
        if decision is not None:
            fault_name = self._fault_name(decision)
            if response is not None:
                fault_name += f" after {response.status_code}"
            if decision.kind == "drop":
                await self._drop(send, query_id)
                self._log(method, path, query_string, 0, fault_name)
                return
            response = self._fault_response(decision)
        assert response is not None
        response.headers["x-ovh-queryid"] = query_id
        self._log(method, path, query_string, response.status_code, fault_name)
        await response(scope, receive, send)

    async def _handle(
        self, scope: Scope, method: str, path: str, query_string: str, headers: dict[str, str], body: bytes
    ) -> Response:
        """The answer of the emulated service itself (API problems become their JSON error answers)."""
        try:
            if path == TOKEN_PATH:
                return self._token(method, headers, body)
            if path == VALIDATION_PATH:
                return self._validation_page(method, query_string, body)
            api_path = _api_path(path)
            if api_path is None:
                raise _unknown_url()
            try:
                found, route_problem = find_route(method, api_path), None
            except problems.ApiProblem as problem:
                found, route_problem = None, problem
            root_url = self._root_url(scope, headers)
            raw_path = scope.get("raw_path") or path.encode()
            url = root_url + raw_path.decode("latin-1") + (f"?{query_string}" if query_string else "")
            route_found = found[0] if found else None
            identity = self._authenticate(
                route_found.auth if route_found else "full",
                method,
                url,
                api_path,
                headers,
                body,
                route_found.iam_action if route_found else None,
            )
            if found is None:
                raise route_problem or _unknown_url()
            route, params = found
            if api_path.startswith("/storage/"):
                check_uuid_params(params)
            if route.iam_action is not None and route.iam_action in self.state.faults.iam_denied:
                raise problems.iam_forbidden(route.iam_action)
            call = Call(
                state=self.state,
                method=method,
                api_path=api_path,
                params=params,
                query=dict(parse_qsl(query_string, keep_blank_values=True)),
                body=body,
                root_url=root_url,
                identity=identity,
            )
            return self._reply(self._shape_list(method, api_path, headers, route.handler(call)))
        except problems.ApiProblem as problem:
            return json_response(self._error_body(problem), status_code=problem.status, headers=problem.headers)

    def _error_body(self, problem: problems.ApiProblem) -> dict[str, Any]:
        """The error body; with ``auth_error_shape="class"``, auth refusals lose their ``errorCode``."""
        body = problem.body
        if self.state.faults.auth_error_shape == "class" and "errorCode" in body:
            return problems.class_only(problem.status, body)
        return body

    def _shape_list(self, method: str, api_path: str, headers: dict[str, str], reply: Reply) -> Reply:
        """Apply the list switches: an item without ``id`` (fault) and cursor paging."""
        if method != "GET" or not isinstance(reply.body, list):
            return reply
        faults = self.state.faults
        if reply.body and isinstance(reply.body[0], dict) and faults.take_strip_id(api_path):
            reply.body[0] = {k: v for k, v in reply.body[0].items() if k != "id"}
        if faults.page_size > 0:
            reply.body, extra = paging.page(reply.body, headers, faults.page_size)
            reply.headers.update(extra)
        return reply

    def _check(
        self, method: str, path: str, query_string: str, headers: dict[str, str], body: bytes, response: Response
    ) -> None:
        """Hold the emulated service's own answer (not an injected fault) against the spec, if enabled
        (in the background: see :meth:`SpecChecker.submit`)."""
        api_path = _api_path(path)
        if self.checker is None or api_path is None or self.state.spec_exempt:
            return
        self.checker.submit(
            method=method,
            api_path=api_path,
            query=dict(parse_qsl(query_string, keep_blank_values=True)),
            request_body=body,
            request_type=headers.get("content-type", ""),
            user_agent=headers.get("user-agent", ""),
            status=response.status_code,
            response_body=bytes(response.body),
            response_type=response.headers.get("content-type", ""),
        )

    def _authenticate(
        self,
        mode: str,
        method: str,
        url: str,
        api_path: str,
        headers: dict[str, str],
        body: bytes,
        iam_action: str | None = None,
    ) -> Identity | None:
        """Apply the route's authentication mode: "none", "application" (AK only) or "full"."""
        if mode == "none":
            return None
        if mode == "application" and "authorization" not in headers:
            ak = headers.get("x-ovh-application")
            if not ak:
                raise problems.not_authenticated()
            if self.state.security.application(ak) is None:
                raise problems.invalid_key()
            return Identity(kind="application", application_key=ak)
        return self.state.security.authenticate(
            method=method,
            url=url,
            api_path=api_path,
            headers=headers,
            body=body,
            server_time=self.state.server_time(),
            allowed_skew=self.state.allowed_skew,
            iam_action=iam_action,
        )

    @staticmethod
    def _reply(reply: Reply) -> Response:
        if reply.empty:
            return Response(b"", reply.status, reply.headers)
        return json_response(reply.body, status_code=reply.status, headers=reply.headers)

    def _log(self, method: str, path: str, query: str, status: int, fault: str | None) -> None:
        self.state.requests.append(RequestRecord(method, path, query, status, time.time(), fault))

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    # -- faults ---------------------------------------------------------------------------------------------
    async def _fault(self, method: str, path: str) -> FaultDecision | None:
        """The fault for one request: any on ``/storage`` calls, only explicitly scripted ones on the token URL."""
        if path == TOKEN_PATH:
            return self.state.faults.decide(method, path, explicit_only=True)
        api_path = _api_path(path)
        if api_path is None or not api_path.startswith("/storage/"):
            return None
        delay = self.state.faults.latency_seconds()
        if delay > 0:
            await asyncio.sleep(delay)
        while method != "GET" and self.state.faults.hold_writes:
            await asyncio.sleep(0.01)
        return self.state.faults.decide(method, path)

    @staticmethod
    def _fault_name(decision: FaultDecision) -> str:
        """How the request log names a fault: ``"drop"`` or the injected status."""
        return "drop" if decision.kind == "drop" else str(decision.status)

    @staticmethod
    def _fault_response(decision: FaultDecision) -> Response:
        status = decision.status
        if status == 408:
            return html_response(HAPROXY_408, status_code=408, headers={"Cache-Control": "no-cache"})
        klass, message = _FAULT_BODIES.get(
            status, ("Server::InternalServerError" if status >= 500 else "Client::BadRequest", "Injected fault")
        )
        response = json_response({"class": klass, "message": message}, status_code=status)
        if decision.retry_after is not None:
            response.headers["retry-after"] = f"{decision.retry_after:g}"
        return response

    @staticmethod
    async def _drop(send: Send, query_id: str) -> None:
        """Promise a body, send part of it and stop: the server closes the connection mid-response."""
        start: Message = {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", b"4096"),
                (b"x-ovh-queryid", query_id.encode()),
            ],
        }
        await send(start)
        await send({"type": "http.response.body", "body": b'[{"id":', "more_body": True})

    # -- OAuth2 token endpoint ----------------------------------------------------------------------------
    def _token(self, method: str, headers: dict[str, str], body: bytes) -> Response:
        if method != "POST":
            return json_response({"error": "invalid_request", "error_description": "POST expected"}, status_code=405)
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        auth = headers.get("authorization", "")
        if auth[:6].lower() == "basic ":
            try:
                decoded = base64.b64decode(auth[6:].strip()).decode()
            except (binascii.Error, UnicodeDecodeError):
                decoded = ":"
            user, _, password = decoded.partition(":")
            client_id, client_secret = user, password
        if form.get("grant_type") != "client_credentials":
            return json_response(
                {"error": "unsupported_grant_type", "error_description": "only client_credentials is supported"},
                status_code=400,
            )
        try:
            token, expires_in = self.state.security.issue_token(client_id, client_secret)
        except problems.ApiProblem as problem:
            return json_response(problem.body, status_code=problem.status)
        scope = form.get("scope") or "all"
        return json_response(
            {"access_token": token, "token_type": "Bearer", "expires_in": expires_in, "scope": scope},
            headers={"Cache-Control": "no-store"},
        )

    # -- credential validation page (what the user sees in a browser) ----------------------------------------
    def _validation_page(self, method: str, query_string: str, body: bytes) -> Response:
        token = dict(parse_qsl(query_string)).get("credentialToken", "")
        cred = self.state.security.find_credential(token) if token else None
        if cred is None or cred.token != token:
            return html_response("<html><body><h1>Unknown or expired credential token</h1></body></html>", 404)
        app = self.state.security.application(cred.application_key)
        app_name = html.escape(app.name if app else cred.application_key)
        if method == "POST":
            action = dict(parse_qsl(body.decode("utf-8", "replace"))).get("action", "")
            if cred.status != "pendingValidation":
                return html_response(f"<html><body><p>This credential is already {cred.status}.</p></body></html>", 400)
            if action not in ("validate", "refuse"):
                return html_response("<html><body><p>Unknown action.</p></body></html>", 400)
            self.state.security.set_credential_status(token, "validated" if action == "validate" else "refused")
            if action == "validate" and cred.redirection:
                return redirect_response(cred.redirection, status_code=303)
            word = "validated" if action == "validate" else "refused"
            return html_response(f"<html><body><h1>Access {word}</h1><p>{app_name}</p></body></html>")
        rules = "".join(f"<li>{html.escape(m)} {html.escape(p)}</li>" for m, p in cred.rules)
        page = (
            "<!DOCTYPE html><html><head><title>Authorize application</title></head><body>"
            f"<h1>Authorize {app_name}</h1><p>Status: {html.escape(cred.status)}</p>"
            f"<p>The application asks for:</p><ul>{rules}</ul>"
            '<form method="post">'
            '<button name="action" value="validate">Authorize</button> '
            '<button name="action" value="refuse">Refuse</button>'
            "</form></body></html>"
        )
        return html_response(page)


def _api_path(path: str) -> str | None:
    """``path`` without its API prefix (``/1.0`` or ``/v1``), or ``None`` outside the API."""
    prefix = next((p for p in API_PREFIXES if path == p or path.startswith(p + "/")), None)
    return None if prefix is None else path[len(prefix) :]


def _unknown_url() -> problems.ApiProblem:
    """Path outside the emulated API. GUESS of the real body."""
    return problems.class_problem(404, "Client::NotFound", "Got an invalid (or empty) URL")


def create_app(state: EmulatorState) -> EmulatorApp:
    """The ASGI application for a state (factory, e.g. for ``uvicorn --factory``-style use)."""
    return EmulatorApp(state)
