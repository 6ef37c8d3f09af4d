"""Handlers of the emulated `/1.0` API and the table that maps paths to them.

Handlers are plain synchronous functions over :class:`Call` (the parsed
request) returning a :class:`Reply`; authentication, faults, logging and HTTP
plumbing live in :mod:`efs_tui.emulator.app`. Input checks follow the schema
of ovh-api.md §4 (read-only fields refused, nullable strings, required keys).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import problems
from .security import Identity
from .state import EmulatorState

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_NO_BODY = object()


@dataclass(slots=True)
class Call:
    """One parsed API request as handlers see it."""

    state: EmulatorState
    method: str
    api_path: str
    params: dict[str, str]
    query: dict[str, str]
    body: bytes
    root_url: str
    identity: Identity | None = None

    def json(self, default: Any = _NO_BODY) -> Any:
        """The decoded body; ``default`` when empty (else 400); 400 on invalid JSON."""
        if not self.body.strip():
            if default is _NO_BODY:
                raise problems.bad_request("Missing input body")
            return default
        try:
            return json.loads(self.body)
        except ValueError:
            raise problems.bad_request("Invalid JSON received") from None

    def flag(self, name: str) -> bool | None:
        value = self.query.get(name)
        if value is None:
            return None
        if value not in ("true", "false"):
            raise problems.bad_request(f"Invalid value for parameter {name}: not a boolean ({value!r})")
        return value == "true"


@dataclass(slots=True)
class Reply:
    """A successful answer: JSON (``body`` may be ``None`` → `null`) or no body at all."""

    status: int = 200
    body: Any = None
    empty: bool = False
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Call], Reply]


def _object(call: Call, *, writable: tuple[str, ...], read_only: tuple[str, ...], optional: bool) -> dict[str, Any]:
    """Decode a JSON object body and refuse read-only/unknown fields and non-string values."""
    data = call.json({} if optional else _NO_BODY)
    if not isinstance(data, dict):
        raise problems.bad_request("Invalid input body: a JSON object was expected")
    for key in data:
        if key in read_only:
            raise problems.bad_request(f"Invalid parameter {key}: this property is read-only")
        if key not in writable:
            raise problems.bad_request(f"Invalid parameter {key}: unknown property")
    return data


def _nullable_strings(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    for key in keys:
        if key in data and data[key] is not None and not isinstance(data[key], str):
            raise problems.bad_request(f"Invalid value for parameter {key}: not a string")
    return data


def _uuid_field(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        raise problems.bad_request(f"Missing parameter {key}")
    if not isinstance(value, str) or not UUID_RE.match(value):
        raise problems.bad_request(f"Invalid value for parameter {key}: not a valid uuid")
    return value


def _no_body(call: Call) -> None:
    if call.body:
        raise problems.bad_request("You provided an input body while none was expected")


# -- auth ---------------------------------------------------------------------------------------
def auth_time(call: Call) -> Reply:
    return Reply(body=call.state.server_time())


def auth_credential(call: Call) -> Reply:
    data = _object(call, writable=("accessRules", "redirection", "allowedIPs"), read_only=(), optional=False)
    rules = data.get("accessRules")
    if not isinstance(rules, list) or not rules:
        raise problems.bad_request("Missing parameter accessRules")
    parsed: list[tuple[str, str]] = []
    for rule in rules:
        if not isinstance(rule, dict) or rule.get("method") not in ("GET", "POST", "PUT", "DELETE"):
            raise problems.bad_request("Invalid value for parameter accessRules: bad method")
        if not isinstance(rule.get("path"), str) or not rule["path"].startswith("/"):
            raise problems.bad_request("Invalid value for parameter accessRules: bad path")
        parsed.append((rule["method"], rule["path"]))
    redirection = data.get("redirection")
    if redirection is not None and not isinstance(redirection, str):
        raise problems.bad_request("Invalid value for parameter redirection: not a string")
    ips = data.get("allowedIPs")
    assert call.identity is not None and call.identity.application_key is not None
    cred = call.state.security.add_consumer_key(
        call.identity.application_key,
        parsed,
        status="pendingValidation",
        redirection=redirection,
        allowed_ips=[str(ip) for ip in ips] if isinstance(ips, list) else None,
    )
    return Reply(
        body={
            "consumerKey": cred.consumer_key,
            "state": "pendingValidation",
            "validationUrl": f"{call.root_url}/auth/?credentialToken={cred.token}",
        }
    )


def _consumer_key(call: Call) -> str:
    if call.identity is None or call.identity.consumer_key is None:
        raise problems.class_problem(
            403, "Client::Forbidden", "This call is only available to application-key credentials"
        )
    return call.identity.consumer_key


def auth_current_credential(call: Call) -> Reply:
    return Reply(body=call.state.security.credential_json(_consumer_key(call)))


def auth_logout(call: Call) -> Reply:
    call.state.expire_credential(_consumer_key(call))
    return Reply(body=None)


def auth_details(call: Call) -> Reply:
    ident = call.identity
    assert ident is not None
    method = "oauth2_client_credentials" if ident.kind == "oauth2" else "account"
    return Reply(body={"account": "xx1111-ovh", "method": method, "description": "efs-tui emulator", "roles": []})


# -- storage ------------------------------------------------------------------------------------
def services_list(call: Call) -> Reply:
    return Reply(body=[s.to_json() for s in call.state.list_services()])


def service_get(call: Call) -> Reply:
    return Reply(body=call.state.get_service(call.params["serviceName"]).to_json())


def service_update(call: Call) -> Reply:
    """`PUT /storage/netapp/{serviceName}`: rename; answers `storage.NetAppService` (no `iam`)."""
    data = _object(call, writable=("name",), read_only=(), optional=False)
    if not isinstance(data.get("name"), str) or not data["name"]:
        raise problems.bad_request("Missing parameter name")
    body = call.state.rename_service(call.params["serviceName"], data["name"]).to_json()
    body.pop("iam", None)
    return Reply(body=body)


def shares_list(call: Call) -> Reply:
    call.flag("detail")  # full objects either way (real reduced form unknown)
    shares = call.state.list_shares(call.params["serviceName"], call.query.get("mountPointName"))
    return Reply(body=[s.to_json() for s in shares])


def share_get(call: Call) -> Reply:
    return Reply(body=call.state.get_share(call.params["serviceName"], call.params["shareId"]).to_json())


def access_paths(call: Call) -> Reply:
    return Reply(body=call.state.access_paths(call.params["serviceName"], call.params["shareId"]))


def access_path_get(call: Call) -> Reply:
    for path in call.state.access_paths(call.params["serviceName"], call.params["shareId"]):
        if path["id"] == call.params["accessPathId"]:
            return Reply(body=path)
    raise problems.not_found()


def _share_args(call: Call) -> tuple[str, str]:
    return call.params["serviceName"], call.params["shareId"]


def _snapshot_args(call: Call) -> tuple[str, str, str]:
    return call.params["serviceName"], call.params["shareId"], call.params["snapshotId"]


_SNAPSHOT_RO = ("id", "type", "status", "path", "createdAt")


def snapshots_list(call: Call) -> Reply:
    call.flag("detail")
    return Reply(body=[s.to_json() for s in call.state.list_snapshots(*_share_args(call))])


def snapshot_create(call: Call) -> Reply:
    """The spec declares the body required: an absent one is refused (send at least ``{}``)."""
    data = _object(call, writable=("name", "description"), read_only=_SNAPSHOT_RO, optional=False)
    _nullable_strings(data, "name", "description")
    snapshot = call.state.create_snapshot(*_share_args(call), data.get("name"), data.get("description"))
    return Reply(body=snapshot.to_json())


def snapshot_get(call: Call) -> Reply:
    return Reply(body=call.state.get_snapshot(*_snapshot_args(call)).to_json())


def snapshot_update(call: Call) -> Reply:
    data = _object(call, writable=("name", "description"), read_only=_SNAPSHOT_RO, optional=False)
    _nullable_strings(data, "name", "description")
    return Reply(body=call.state.update_snapshot(*_snapshot_args(call), data).to_json())


def snapshot_delete(call: Call) -> Reply:
    call.state.delete_snapshot(*_snapshot_args(call))
    return Reply(body=None)


def snapshot_hold(call: Call) -> Reply:
    _no_body(call)
    return Reply(body=call.state.hold_snapshot(*_snapshot_args(call)).to_json())


def share_revert(call: Call) -> Reply:
    data = _object(call, writable=("snapshotID",), read_only=(), optional=False)
    call.state.revert_share(*_share_args(call), _uuid_field(data, "snapshotID"))
    return Reply(status=202, empty=True)


def policies_list(call: Call) -> Reply:
    return Reply(body=[p.to_json() for p in call.state.list_policies(call.params["serviceName"])])


def policy_get(call: Call) -> Reply:
    return Reply(body=call.state.get_policy(call.params["serviceName"], call.params["snapshotPolicyId"]).to_json())


def share_policy_get(call: Call) -> Reply:
    return Reply(body=call.state.get_share_policy(*_share_args(call)).to_json())


def share_policy_put(call: Call) -> Reply:
    data = _object(call, writable=("snapshotPolicyID",), read_only=("id", "status"), optional=False)
    call.state.set_share_policy(*_share_args(call), _uuid_field(data, "snapshotPolicyID"))
    return Reply(body=None)


def share_reserve_get(call: Call) -> Reply:
    return Reply(body=call.state.get_share_reserve(*_share_args(call)).to_json())


def share_reserve_put(call: Call) -> Reply:
    data = _object(call, writable=("percent",), read_only=("status",), optional=False)
    percent = data.get("percent")
    if isinstance(percent, bool) or not isinstance(percent, int):
        raise problems.bad_request("Invalid value for parameter percent: not an integer")
    call.state.set_share_reserve(*_share_args(call), percent)
    return Reply(body=None)


@dataclass(frozen=True, slots=True)
class Route:
    """One API route; ``auth`` is "none", "application" (AK only) or "full"."""

    method: str
    template: str
    handler: Handler
    auth: str = "full"
    regex: re.Pattern[str] = field(init=False)
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        names = tuple(re.findall(r"{(\w+)}", self.template))
        pattern = re.sub(r"{\w+}", r"([^/]+)", self.template)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "regex", re.compile(f"^{pattern}$"))

    def match(self, path: str) -> dict[str, str] | None:
        found = self.regex.match(path)
        return dict(zip(self.names, found.groups(), strict=True)) if found else None


_S = "/storage/netapp/{serviceName}"
_SH = _S + "/share/{shareId}"
_SN = _SH + "/snapshot/{snapshotId}"

ROUTES: tuple[Route, ...] = (
    Route("GET", "/auth/time", auth_time, auth="none"),
    Route("POST", "/auth/credential", auth_credential, auth="application"),
    Route("GET", "/auth/currentCredential", auth_current_credential),
    Route("POST", "/auth/logout", auth_logout),
    Route("GET", "/auth/details", auth_details),
    Route("GET", "/storage/netapp", services_list),
    Route("GET", _S, service_get),
    Route("PUT", _S, service_update),
    Route("GET", _S + "/share", shares_list),
    Route("GET", _SH, share_get),
    Route("GET", _SH + "/accessPath", access_paths),
    Route("GET", _SH + "/accessPath/{accessPathId}", access_path_get),
    Route("GET", _SH + "/snapshot", snapshots_list),
    Route("POST", _SH + "/snapshot", snapshot_create),
    Route("GET", _SN, snapshot_get),
    Route("PUT", _SN, snapshot_update),
    Route("DELETE", _SN, snapshot_delete),
    Route("POST", _SN + "/hold", snapshot_hold),
    Route("POST", _SH + "/revert", share_revert),
    Route("GET", _S + "/snapshotPolicy", policies_list),
    Route("GET", _S + "/snapshotPolicy/{snapshotPolicyId}", policy_get),
    Route("GET", _SH + "/snapshotPolicy", share_policy_get),
    Route("PUT", _SH + "/snapshotPolicy", share_policy_put),
    Route("GET", _SH + "/snapshotReserve", share_reserve_get),
    Route("PUT", _SH + "/snapshotReserve", share_reserve_put),
)


def find_route(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route for a method and path; ``ApiProblem`` 405 when only the method is wrong."""
    path_known = False
    for route in ROUTES:
        params = route.match(path)
        if params is None:
            continue
        path_known = True
        if route.method == method:
            return route, params
    if path_known:
        raise problems.class_problem(405, "Client::MethodNotAllowed", f"Method {method} not allowed on {path}")
    return None


def check_uuid_params(params: dict[str, str]) -> None:
    """Path parameters under /storage/netapp are all declared `uuid`."""
    for name, value in params.items():
        if not UUID_RE.match(value):
            raise problems.bad_request(f"Invalid value for parameter {name}: not a valid uuid ({value[:64]!r})")
