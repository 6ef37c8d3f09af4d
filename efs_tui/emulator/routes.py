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

from efs_tui.api.models import PolicyRule, PolicySchedule

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

_VOID_REPLIES = {
    "null": (200, False),
    "accepted": (202, True),
    "no-content": (204, True),
    "empty": (200, True),
}


def void(call: Call) -> Reply:
    """The answer of a void operation, in the shape ``faults.void_shape`` asks for.

    ``"api"`` (the default): 202 with no body for revert (OVH's guide says so), 200 ``null`` for the
    other void operations. OVH's EFS driver is tested against 202 with no body for DELETE too, but
    python-ovh, OVH's own SDK, fails on an empty non-204 answer, so the default stays the shape it
    decodes; ``"accepted"`` gives the driver's shape everywhere.
    """
    shape = call.state.faults.void_shape
    if shape == "api":
        shape = "accepted" if call.api_path.endswith("/revert") else "null"
    status, empty = _VOID_REPLIES[shape]
    return Reply(status=status, empty=empty)


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
    return Reply(body=None)  # outside /storage: python-ovh's logout expects JSON


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


_SHARE_WRITABLE = ("name", "description", "mountPointName", "protocol", "size", "snapshotID")
_SHARE_RO = ("id", "status", "createdAt", "accessMode")


def share_create(call: Call) -> Reply:
    """`POST …/share`: a new share (``creating``), or a clone of a manual snapshot (``snapshotID``,
    ``creating_from_snapshot``); 201 with the share, as OVH documents for the clone."""
    data = _object(call, writable=_SHARE_WRITABLE, read_only=_SHARE_RO, optional=False)
    _nullable_strings(data, "name", "description", "mountPointName", "snapshotID")
    if data.get("protocol") != "NFS":
        raise problems.bad_request("Invalid value for parameter protocol: must be NFS")
    size = data.get("size")
    if isinstance(size, bool) or not isinstance(size, int):
        raise problems.bad_request("Invalid value for parameter size: not an integer")
    snapshot_id = data.get("snapshotID")
    if snapshot_id is not None and not UUID_RE.match(snapshot_id):
        raise problems.bad_request("Invalid value for parameter snapshotID: not a valid uuid")
    share = call.state.create_share(
        call.params["serviceName"],
        name=data.get("name"),
        description=data.get("description"),
        mount_point_name=data.get("mountPointName"),
        size=size,
        snapshot_id=snapshot_id,
    )
    return Reply(status=201, body=share.to_json())


def share_update(call: Call) -> Reply:
    """`PUT …/share/{shareId}`: `storage.NetAppShareUpdate` holds only name and description."""
    data = _object(call, writable=("name", "description"), read_only=(*_SHARE_WRITABLE[2:], *_SHARE_RO), optional=False)
    _nullable_strings(data, "name", "description")
    return Reply(body=call.state.update_share(*_share_args(call), data).to_json())


def share_delete(call: Call) -> Reply:
    call.state.delete_share(*_share_args(call))
    return void(call)


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
    return Reply(status=201, body=snapshot.to_json())


def snapshot_get(call: Call) -> Reply:
    return Reply(body=call.state.get_snapshot(*_snapshot_args(call)).to_json())


def snapshot_update(call: Call) -> Reply:
    data = _object(call, writable=("name", "description"), read_only=_SNAPSHOT_RO, optional=False)
    _nullable_strings(data, "name", "description")
    return Reply(body=call.state.update_snapshot(*_snapshot_args(call), data).to_json())


def snapshot_delete(call: Call) -> Reply:
    call.state.delete_snapshot(*_snapshot_args(call))
    return void(call)


def snapshot_hold(call: Call) -> Reply:
    _no_body(call)
    return Reply(body=call.state.hold_snapshot(*_snapshot_args(call)).to_json())


def share_revert(call: Call) -> Reply:
    data = _object(call, writable=("snapshotID",), read_only=(), optional=False)
    call.state.revert_share(*_share_args(call), _uuid_field(data, "snapshotID"))
    return void(call)


def policies_list(call: Call) -> Reply:
    return Reply(body=[p.to_json() for p in call.state.list_policies(call.params["serviceName"])])


def policy_get(call: Call) -> Reply:
    return Reply(body=call.state.get_policy(call.params["serviceName"], call.params["snapshotPolicyId"]).to_json())


def policy_create(call: Call) -> Reply:
    """`POST …/snapshotPolicy`: rules are required and immutable afterwards; 201 with the policy."""
    data = _object(
        call,
        writable=("name", "description", "rules"),
        read_only=("id", "isDefault", "status", "createdAt"),
        optional=False,
    )
    _nullable_strings(data, "name", "description")
    policy = call.state.create_policy(
        call.params["serviceName"], data.get("name"), data.get("description"), parse_rules(data.get("rules"))
    )
    return Reply(status=201, body=policy.to_json())


def policy_update(call: Call) -> Reply:
    """`PUT …/snapshotPolicy/{id}`: only name and description (rules cannot be edited)."""
    data = _object(
        call,
        writable=("name", "description"),
        read_only=("id", "isDefault", "status", "createdAt", "rules"),
        optional=False,
    )
    _nullable_strings(data, "name", "description")
    call.state.update_policy(call.params["serviceName"], call.params["snapshotPolicyId"], data)
    return void(call)


def policy_delete(call: Call) -> Reply:
    call.state.delete_policy(call.params["serviceName"], call.params["snapshotPolicyId"])
    return void(call)


_SCHEDULE_RANGES = {"minutes": (0, 59), "hours": (0, 23), "days": (1, 31), "months": (1, 12), "weekdays": (0, 6)}
MAX_POLICY_RULES = 4


def parse_rules(rules: Any) -> tuple[PolicyRule, ...]:
    """Rules of a new policy: 1 to 4, unique prefixes, ``schedule.minutes`` not empty (ovh-api.md §2.8)."""
    if not isinstance(rules, list) or not rules:
        raise problems.bad_request("Missing parameter rules: a snapshot policy needs at least one rule")
    if len(rules) > MAX_POLICY_RULES:
        raise problems.bad_request(f"Invalid value for parameter rules: at most {MAX_POLICY_RULES} rules per policy")
    parsed: list[PolicyRule] = []
    for index, rule in enumerate(rules):
        where = f"rules[{index}]"
        if not isinstance(rule, dict):
            raise problems.bad_request(f"Invalid value for parameter {where}: an object was expected")
        unknown = set(rule) - {"prefix", "copies", "schedule"}
        if unknown:
            raise problems.bad_request(f"Invalid parameter {where}.{sorted(unknown)[0]}: unknown property")
        prefix, copies, schedule = rule.get("prefix"), rule.get("copies"), rule.get("schedule")
        if not isinstance(prefix, str) or not prefix:
            raise problems.bad_request(f"Missing parameter {where}.prefix")
        if isinstance(copies, bool) or not isinstance(copies, int) or copies < 1:
            raise problems.bad_request(f"Invalid value for parameter {where}.copies: a positive integer is required")
        if not isinstance(schedule, dict):
            raise problems.bad_request(f"Missing parameter {where}.schedule")
        values: dict[str, tuple[int, ...]] = {}
        for key, items in schedule.items():
            if key not in _SCHEDULE_RANGES:
                raise problems.bad_request(f"Invalid parameter {where}.schedule.{key}: unknown property")
            low, high = _SCHEDULE_RANGES[key]
            items = [] if items is None else items
            if not isinstance(items, list) or any(
                isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high for v in items
            ):
                raise problems.bad_request(
                    f"Invalid value for parameter {where}.schedule.{key}: integers from {low} to {high}"
                )
            values[key] = tuple(items)
        if not values.get("minutes"):
            raise problems.bad_request(f"Missing parameter {where}.schedule.minutes: at least one value is required")
        if any(p.prefix == prefix for p in parsed):
            raise problems.bad_request(f"Invalid value for parameter rules: prefix {prefix!r} is used twice")
        parsed.append(PolicyRule(prefix, copies, PolicySchedule(**values)))
    return tuple(parsed)


def share_policy_get(call: Call) -> Reply:
    return Reply(body=call.state.get_share_policy(*_share_args(call)).to_json())


def share_policy_put(call: Call) -> Reply:
    data = _object(call, writable=("snapshotPolicyID",), read_only=("id", "status"), optional=False)
    call.state.set_share_policy(*_share_args(call), _uuid_field(data, "snapshotPolicyID"))
    return void(call)


def share_reserve_get(call: Call) -> Reply:
    return Reply(body=call.state.get_share_reserve(*_share_args(call)).to_json())


def share_reserve_put(call: Call) -> Reply:
    data = _object(call, writable=("percent",), read_only=("status",), optional=False)
    percent = data.get("percent")
    if isinstance(percent, bool) or not isinstance(percent, int):
        raise problems.bad_request("Invalid value for parameter percent: not an integer")
    call.state.set_share_reserve(*_share_args(call), percent)
    return void(call)


@dataclass(frozen=True, slots=True)
class Route:
    """One API route; ``auth`` is "none", "application" (AK only) or "full"; ``iam`` its IAM action
    (without the ``storageNetApp:apiovh:`` prefix; a test keeps them equal to the spec's)."""

    method: str
    template: str
    handler: Handler
    auth: str = "full"
    iam: str | None = None
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

    @property
    def iam_action(self) -> str | None:
        return IAM_PREFIX + self.iam if self.iam is not None else None


IAM_PREFIX = "storageNetApp:apiovh:"


_S = "/storage/netapp/{serviceName}"
_SH = _S + "/share/{shareId}"
_SN = _SH + "/snapshot/{snapshotId}"

ROUTES: tuple[Route, ...] = (
    Route("GET", "/auth/time", auth_time, auth="none"),
    Route("POST", "/auth/credential", auth_credential, auth="application"),
    Route("GET", "/auth/currentCredential", auth_current_credential),
    Route("POST", "/auth/logout", auth_logout),
    Route("GET", "/auth/details", auth_details),
    Route("GET", "/storage/netapp", services_list, iam="get"),
    Route("GET", _S, service_get, iam="get"),
    Route("PUT", _S, service_update, iam="edit"),
    Route("GET", _S + "/share", shares_list, iam="share/get"),
    Route("POST", _S + "/share", share_create, iam="share/create"),
    Route("GET", _SH, share_get, iam="share/get"),
    Route("PUT", _SH, share_update, iam="share/edit"),
    Route("DELETE", _SH, share_delete, iam="share/delete"),
    Route("GET", _SH + "/accessPath", access_paths, iam="share/accessPath/get"),
    Route("GET", _SH + "/accessPath/{accessPathId}", access_path_get, iam="share/accessPath/get"),
    Route("GET", _SH + "/snapshot", snapshots_list, iam="share/snapshot/get"),
    Route("POST", _SH + "/snapshot", snapshot_create, iam="share/snapshot/create"),
    Route("GET", _SN, snapshot_get, iam="share/snapshot/get"),
    Route("PUT", _SN, snapshot_update, iam="share/snapshot/edit"),
    Route("DELETE", _SN, snapshot_delete, iam="share/snapshot/delete"),
    Route("POST", _SN + "/hold", snapshot_hold, iam="share/snapshot/hold"),
    Route("POST", _SH + "/revert", share_revert, iam="share/revertToSnapshot"),
    Route("GET", _S + "/snapshotPolicy", policies_list, iam="snapshotPolicy/get"),
    Route("POST", _S + "/snapshotPolicy", policy_create, iam="snapshotPolicy/create"),
    Route("GET", _S + "/snapshotPolicy/{snapshotPolicyId}", policy_get, iam="snapshotPolicy/get"),
    Route("PUT", _S + "/snapshotPolicy/{snapshotPolicyId}", policy_update, iam="snapshotPolicy/edit"),
    Route("DELETE", _S + "/snapshotPolicy/{snapshotPolicyId}", policy_delete, iam="snapshotPolicy/delete"),
    Route("GET", _SH + "/snapshotPolicy", share_policy_get, iam="share/snapshotPolicy/get"),
    Route("PUT", _SH + "/snapshotPolicy", share_policy_put, iam="share/snapshotPolicy/edit"),
    Route("GET", _SH + "/snapshotReserve", share_reserve_get, iam="share/snapshotReserve/get"),
    Route("PUT", _SH + "/snapshotReserve", share_reserve_put, iam="share/snapshotReserve/edit"),
)

#: The routes of OVH's published `/storage/netapp` spec that the emulator does not serve (ACLs,
#: networks, billing, resizing...). They answer 405 when their path is served for another method,
#: else 404, both in OVH's `{"class", "message"}` shape; tests/spec keeps this table, with
#: :data:`ROUTES`, equal to the spec's list of operations.
UNSERVED_ROUTES: tuple[tuple[str, str], ...] = (
    ("POST", _S + "/changeContact"),
    ("POST", _S + "/confirmTermination"),
    ("GET", _S + "/metricsToken"),
    ("GET", _S + "/network"),
    ("GET", _S + "/network/{networkId}"),
    ("GET", _S + "/serviceInfos"),
    ("PUT", _S + "/serviceInfos"),
    ("GET", _SH + "/acl"),
    ("POST", _SH + "/acl"),
    ("GET", _SH + "/acl/{aclRuleId}"),
    ("DELETE", _SH + "/acl/{aclRuleId}"),
    ("POST", _SH + "/extend"),
    ("POST", _SH + "/shrink"),
    ("POST", _S + "/terminate"),
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
    for unserved_method, template in UNSERVED_ROUTES:
        if unserved_method == method and re.match("^" + re.sub(r"{\w+}", "[^/]+", template) + "$", path):
            raise problems.class_problem(404, "Client::NotFound", f"Not emulated: {method} {template}")
    return None


def check_uuid_params(params: dict[str, str]) -> None:
    """Path parameters under /storage/netapp are all declared `uuid`."""
    for name, value in params.items():
        if not UUID_RE.match(value):
            raise problems.bad_request(f"Invalid value for parameter {name}: not a valid uuid ({value[:64]!r})")
