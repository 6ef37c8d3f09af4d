"""What the API says about a consumer key (`auth.ApiCredential*`, `auth.AccessRule`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import _int, _str, parse_datetime


@dataclass(frozen=True, slots=True)
class AccessRule:
    """One `auth.AccessRule` of a consumer key."""

    method: str
    path: str

    @classmethod
    def from_json(cls, data: Any) -> AccessRule:
        if not isinstance(data, dict):
            raise ValueError(f"access rule is not an object: {data!r:.200}")
        return cls(method=str(data.get("method", "")).upper(), path=str(data.get("path", "")))

    def to_json(self) -> dict[str, str]:
        return {"method": self.method, "path": self.path}


@dataclass(frozen=True, slots=True)
class CredentialRequest:
    """`auth.ApiCredentialRequest`: the answer to `POST /auth/credential`.

    The consumer key is a secret: never log or display this object whole.
    """

    consumer_key: str
    state: str | None
    validation_url: str | None

    @classmethod
    def from_json(cls, data: Any) -> CredentialRequest:
        if not isinstance(data, dict) or not isinstance(data.get("consumerKey"), str):
            raise ValueError("credential request answer without a consumerKey")
        return cls(
            consumer_key=data["consumerKey"],
            state=_str(data, "state"),
            validation_url=_str(data, "validationUrl"),
        )

    def __repr__(self) -> str:
        return f"CredentialRequest(consumer_key='***', state={self.state!r}, validation_url={self.validation_url!r})"


@dataclass(frozen=True, slots=True)
class ApiCredential:
    """`auth.ApiCredential`: what `GET /auth/currentCredential` says about the consumer key."""

    credential_id: int | None = None
    application_id: int | None = None
    status: str | None = None
    rules: tuple[AccessRule, ...] = ()
    creation: datetime | None = None
    expiration: datetime | None = None
    last_use: datetime | None = None
    allowed_ips: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: Any) -> ApiCredential:
        if not isinstance(data, dict):
            return cls()
        rules = data.get("rules")
        ips = data.get("allowedIPs")
        return cls(
            credential_id=_int(data, "credentialId"),
            application_id=_int(data, "applicationId"),
            status=_str(data, "status"),
            rules=tuple(AccessRule.from_json(r) for r in rules) if isinstance(rules, list) else (),
            creation=parse_datetime(data.get("creation")),
            expiration=parse_datetime(data.get("expiration")),
            last_use=parse_datetime(data.get("lastUse")),
            allowed_ips=tuple(str(ip) for ip in ips) if isinstance(ips, list) else (),
        )

    @property
    def is_read_only(self) -> bool:
        """True when the rules grant no write method at all (a `--read-only` login)."""
        return bool(self.rules) and all(rule.method == "GET" for rule in self.rules)
