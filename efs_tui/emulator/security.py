"""Credentials of the emulated API: applications, consumer keys, OAuth2 clients and tokens.

Signatures are verified with this module's own SHA-1 code, never with the
client's, so that a bug in ``efs_tui.api.auth`` cannot be hidden by the same bug
on the server side. The refusal order and bodies follow ovh-api.md §5/§6.2.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from efs_tui.api.models import format_datetime

from . import problems

#: Fixed demo credentials, so documentation and screenshots can print them. Fake data.
DEMO_APPLICATION_KEY = "EfsTuiDemoAppKey"
DEMO_APPLICATION_SECRET = "EfsTuiDemoAppSecret0123456789abc"
DEMO_CONSUMER_KEY = "EfsTuiDemoConsumerKeyFullRights0"
DEMO_READ_ONLY_CONSUMER_KEY = "EfsTuiDemoConsumerKeyReadOnly000"
DEMO_CLIENT_ID = "EU.efstuidemo0001"
DEMO_CLIENT_SECRET = "EfsTuiDemoOAuth2ClientSecret0000"
DEMO_READ_ONLY_CLIENT_ID = "EU.efstuidemoread"
DEMO_READ_ONLY_CLIENT_SECRET = "EfsTuiDemoOAuth2ReadOnlySecret00"

WRITE_METHODS = ("POST", "PUT", "DELETE")
ALL_METHODS = ("GET", *WRITE_METHODS)

#: The rule set the demo full-rights key has (GET/POST/PUT/DELETE on the service tree).
FULL_RULES: tuple[tuple[str, str], ...] = tuple(
    (method, path) for method in ALL_METHODS for path in ("/storage/netapp", "/storage/netapp/*")
)
READ_ONLY_RULES: tuple[tuple[str, str], ...] = (("GET", "/storage/netapp"), ("GET", "/storage/netapp/*"))


@dataclass(frozen=True, slots=True)
class DemoCredentials:
    """The credentials seeded in every emulator; ``repr`` hides the secrets."""

    application_key: str = DEMO_APPLICATION_KEY
    application_secret: str = field(default=DEMO_APPLICATION_SECRET, repr=False)
    consumer_key: str = field(default=DEMO_CONSUMER_KEY, repr=False)
    read_only_consumer_key: str = field(default=DEMO_READ_ONLY_CONSUMER_KEY, repr=False)
    client_id: str = DEMO_CLIENT_ID
    client_secret: str = field(default=DEMO_CLIENT_SECRET, repr=False)
    read_only_client_id: str = DEMO_READ_ONLY_CLIENT_ID
    read_only_client_secret: str = field(default=DEMO_READ_ONLY_CLIENT_SECRET, repr=False)


DEMO_CREDENTIALS = DemoCredentials()


def compute_signature(
    application_secret: str, consumer_key: str, method: str, url: str, body: bytes, timestamp: str
) -> str:
    """The `X-Ovh-Signature` value: "$1$" + sha1_hex(AS+CK+METHOD+URL+BODY+TS joined by '+')."""
    digest = hashlib.sha1()
    digest.update("+".join([application_secret, consumer_key, method.upper(), url, ""]).encode())
    digest.update(body)
    digest.update(("+" + timestamp).encode())
    return "$1$" + digest.hexdigest()


def rule_matches(pattern: str, path: str) -> bool:
    """Whether an access-rule path pattern covers a path; `*` matches anything, `/` included."""
    regex = "^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$"
    return re.match(regex, path) is not None


def _random_key(length: int = 32) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


@dataclass(slots=True)
class Application:
    """An API application (AK/AS pair)."""

    application_id: int
    application_key: str
    application_secret: str = field(repr=False)
    name: str = "efs-tui"
    description: str = ""


@dataclass(slots=True)
class ConsumerCredential:
    """A consumer key and its `auth.ApiCredential` state."""

    credential_id: int
    consumer_key: str = field(repr=False)
    application_key: str
    rules: list[tuple[str, str]]
    status: str = "pendingValidation"
    token: str = field(default="", repr=False)
    redirection: str | None = None
    allowed_ips: list[str] | None = None
    creation: datetime = field(default_factory=lambda: datetime.now(UTC))
    expiration: datetime | None = None
    last_use: datetime | None = None

    def allows(self, method: str, path: str) -> bool:
        return any(m == method.upper() and rule_matches(p, path) for m, p in self.rules)

    def to_json(self, application_id: int) -> dict[str, Any]:
        """`auth.ApiCredential`."""
        return {
            "credentialId": self.credential_id,
            "applicationId": application_id,
            "status": self.status,
            "rules": [{"method": m, "path": p} for m, p in self.rules],
            "creation": format_datetime(self.creation),
            "expiration": format_datetime(self.expiration),
            "lastUse": format_datetime(self.last_use),
            "allowedIPs": self.allowed_ips,
            "ovhSupport": False,
        }


@dataclass(slots=True)
class OAuthClient:
    """An OAuth2 service account; ``read_only`` stands for IAM policies granting only reads."""

    client_id: str
    client_secret: str = field(repr=False)
    read_only: bool = False


@dataclass(frozen=True, slots=True)
class Identity:
    """Who made an authenticated call."""

    kind: str  # "consumer_key" or "oauth2"
    application_key: str | None = None
    consumer_key: str | None = field(default=None, repr=False)
    client_id: str | None = None
    read_only: bool = False


class CredentialStore:
    """Thread-safe registry of every credential the emulator knows."""

    def __init__(self, clock: Callable[[], float], token_lifetime: float = 3600.0) -> None:
        self._lock = threading.RLock()
        self._clock = clock
        self.token_lifetime = token_lifetime
        self._apps: dict[str, Application] = {}
        self._credentials: dict[str, ConsumerCredential] = {}
        self._clients: dict[str, OAuthClient] = {}
        self._tokens: dict[str, tuple[str, float]] = {}
        self._next_id = 1000

    # -- registration -------------------------------------------------------------------
    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def add_application(
        self, application_key: str | None = None, application_secret: str | None = None, name: str = "efs-tui"
    ) -> Application:
        """Register an application; random AK/AS when not given."""
        with self._lock:
            app = Application(
                application_id=self._new_id(),
                application_key=application_key or _random_key(16),
                application_secret=application_secret or _random_key(32),
                name=name,
            )
            self._apps[app.application_key] = app
            return app

    def add_consumer_key(
        self,
        application_key: str,
        rules: Iterable[tuple[str, str]],
        *,
        consumer_key: str | None = None,
        status: str = "validated",
        redirection: str | None = None,
        allowed_ips: list[str] | None = None,
    ) -> ConsumerCredential:
        """Register a consumer key for an application (validated unless told otherwise)."""
        with self._lock:
            if application_key not in self._apps:
                raise KeyError(f"unknown application key {application_key!r}")
            cred = ConsumerCredential(
                credential_id=self._new_id(),
                consumer_key=consumer_key or _random_key(32),
                application_key=application_key,
                rules=[(m.upper(), p) for m, p in rules],
                status=status,
                token=secrets.token_urlsafe(48),
                redirection=redirection,
                allowed_ips=allowed_ips,
            )
            self._credentials[cred.consumer_key] = cred
            return cred

    def add_oauth_client(
        self, client_id: str | None = None, client_secret: str | None = None, *, read_only: bool = False
    ) -> OAuthClient:
        with self._lock:
            client = OAuthClient(
                client_id=client_id or "EU." + secrets.token_hex(8),
                client_secret=client_secret or _random_key(32),
                read_only=read_only,
            )
            self._clients[client.client_id] = client
            return client

    # -- credential validation (the browser step) ----------------------------------------
    def find_credential(self, consumer_key_or_token: str) -> ConsumerCredential | None:
        with self._lock:
            cred = self._credentials.get(consumer_key_or_token)
            if cred is not None:
                return cred
            for cred in self._credentials.values():
                if cred.token and hmac.compare_digest(cred.token, consumer_key_or_token):
                    return cred
            return None

    def application(self, application_key: str) -> Application | None:
        with self._lock:
            return self._apps.get(application_key)

    def set_credential_status(
        self, consumer_key_or_token: str, status: str, validity_seconds: float | None = None
    ) -> ConsumerCredential:
        """Validate/refuse/expire a credential; ``KeyError`` when unknown."""
        with self._lock:
            cred = self.find_credential(consumer_key_or_token)
            if cred is None:
                raise KeyError("unknown consumer key or credential token")
            cred.status = status
            if status == "validated" and validity_seconds is not None:
                cred.expiration = datetime.fromtimestamp(self._clock() + validity_seconds, UTC)
            if status == "expired":
                cred.expiration = datetime.fromtimestamp(self._clock(), UTC)
            return cred

    # -- OAuth2 --------------------------------------------------------------------------
    def issue_token(self, client_id: str | None, client_secret: str | None) -> tuple[str, int]:
        """A new bearer token and its lifetime in seconds; ``ApiProblem`` for a bad client."""
        with self._lock:
            client = self._clients.get(client_id or "")
            if client is None or not hmac.compare_digest(client.client_secret, client_secret or ""):
                raise problems.ApiProblem(
                    401, {"error": "invalid_client", "error_description": "ovhcloud oauth2 client does not exists"}
                )
            token = secrets.token_urlsafe(32)
            self._tokens[token] = (client.client_id, self._clock() + self.token_lifetime)
            return token, max(1, round(self.token_lifetime))

    def expire_tokens(self) -> None:
        """Make every issued bearer token invalid (to test refresh without waiting)."""
        with self._lock:
            self._tokens.clear()

    # -- request verification --------------------------------------------------------------
    def authenticate(
        self,
        *,
        method: str,
        url: str,
        api_path: str,
        headers: dict[str, str],
        body: bytes,
        server_time: int,
        allowed_skew: float,
        iam_action: str | None = None,
    ) -> Identity:
        """Check the headers of a request to an authenticated route; raise ``ApiProblem`` if refused.

        ``headers`` keys are lower-case. ``api_path`` is the path without `/1.0` and query,
        matched against access rules; ``/auth/*`` is allowed for any valid key.
        """
        authorization = headers.get("authorization", "")
        if authorization[:7].lower() == "bearer ":
            return self._authenticate_bearer(authorization[7:].strip(), method, api_path, iam_action)
        ak = headers.get("x-ovh-application")
        if not ak:
            raise problems.not_authenticated()
        with self._lock:
            app = self._apps.get(ak)
            if app is None:
                raise problems.invalid_key()
            ck = headers.get("x-ovh-consumer")
            signature = headers.get("x-ovh-signature")
            timestamp = headers.get("x-ovh-timestamp")
            if not ck or not signature or not timestamp:
                raise problems.not_authenticated()
            cred = self._credentials.get(ck)
            if cred is None:
                raise problems.invalid_credential()
            if cred.application_key != ak:
                raise problems.not_credential()
            try:
                ts = int(timestamp)
            except ValueError:
                raise problems.invalid_signature() from None
            if abs(ts - server_time) > allowed_skew:
                raise problems.query_time_out()
            expected = compute_signature(app.application_secret, ck, method, url, body, timestamp)
            if not hmac.compare_digest(expected, signature):
                raise problems.invalid_signature()
            if (
                cred.status == "validated"
                and cred.expiration is not None
                and cred.expiration.timestamp() <= self._clock()
            ):
                cred.status = "expired"
            if cred.status != "validated":
                raise problems.invalid_credential()
            if not api_path.startswith("/auth/") and not cred.allows(method, api_path):
                raise problems.not_granted_call()
            cred.last_use = datetime.fromtimestamp(self._clock(), UTC)
            return Identity(kind="consumer_key", application_key=ak, consumer_key=ck)

    def _authenticate_bearer(self, token: str, method: str, api_path: str, iam_action: str | None) -> Identity:
        with self._lock:
            entry = self._tokens.get(token)
            if entry is None or entry[1] <= self._clock():
                self._tokens.pop(token, None)
                raise problems.invalid_token()
            client = self._clients.get(entry[0])
            if client is None:
                raise problems.invalid_token()
            if client.read_only and method.upper() != "GET" and not api_path.startswith("/auth/"):
                raise problems.iam_forbidden(iam_action or _iam_action(method, api_path))
            return Identity(kind="oauth2", client_id=client.client_id, read_only=client.read_only)

    def credential_json(self, consumer_key: str) -> dict[str, Any]:
        with self._lock:
            cred = self._credentials[consumer_key]
            return cred.to_json(self._apps[cred.application_key].application_id)


def _iam_action(method: str, api_path: str) -> str:
    """Approximate IAM action name for a denial's details (shape from the IAM guides)."""
    parts = [p for p in api_path.split("/") if p][2:]
    words = [p for i, p in enumerate(parts) if i % 2 == 1]  # drop ids: serviceName, shareId, ...
    verb = {"POST": "create", "PUT": "edit", "DELETE": "delete"}.get(method.upper(), "get")
    if words and words[-1] in ("hold", "revert"):
        verb = {"hold": "hold", "revert": "revertToSnapshot"}[words.pop()]
    return "storageNetApp:apiovh:" + "/".join([*words, verb])
