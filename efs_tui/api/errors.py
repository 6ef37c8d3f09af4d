"""The client's error hierarchy.

Every error carries what a user needs to report a problem to OVHcloud support
(HTTP status, OVH ``class``/``errorCode``, message and the ``X-Ovh-QueryID``) and
nothing secret: request headers and bodies are never stored on the exception.
"""

from __future__ import annotations

import json
from typing import Any


class OvhError(Exception):
    """Base of every error raised by :mod:`efs_tui.api`."""

    #: Short human title for notifications.
    title = "OVHcloud API error"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        error_class: str | None = None,
        error_code: str | None = None,
        query_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.error_class = error_class
        self.error_code = error_code
        self.query_id = query_id
        self.method = method
        self.path = path
        self.details = details or {}

    def describe(self) -> str:
        """One readable paragraph: status, OVH code, message, request and query id."""
        head = []
        if self.status:
            head.append(f"HTTP {self.status}")
        code = self.error_code or self.error_class
        if code:
            head.append(code)
        text = " ".join(head)
        text = f"{text}: {self.message}" if text else self.message
        if self.method and self.path:
            text += f"\n{self.method} {self.path}"
        if self.query_id:
            text += f"\nQuery id: {self.query_id}"
        return text

    def __str__(self) -> str:
        return self.describe()


class InvalidConfiguration(OvhError):
    """The credentials or endpoint given to the client cannot work (nothing was sent)."""

    title = "Invalid configuration"


class InvalidIdentifier(ValueError):
    """An id that is not a UUID: refused before any request is built (see :mod:`efs_tui.api.ids`).

    A ``ValueError``, not an :class:`OvhError`: it is the caller's input that is wrong, and
    nothing was sent, so it must never be reported like an API failure.
    """

    def __init__(self, what: str, value: object) -> None:
        super().__init__(f"{what} must be a UUID (8-4-4-4-12 hex digits), got {value!r}")
        self.what = what
        self.value = value


class NetworkError(OvhError):
    """No HTTP answer at all: DNS, refused or dropped connection."""

    title = "Network error"

    sent: bool = True
    """Whether the request may have reached the server. ``False`` only when the connection was
    never made (refused, DNS, connect timeout): then a write certainly did not happen."""


class ApiTimeout(NetworkError):
    """The API did not answer within the client's timeout."""

    title = "Request timed out"


class InvalidResponse(OvhError):
    """A 2xx answer whose body is not the JSON we expected."""

    title = "Invalid API response"


class OAuth2Failure(OvhError):
    """The OAuth2 token endpoint refused the client credentials or answered garbage."""

    title = "OAuth2 failure"


class ApiError(OvhError):
    """An HTTP error answer from the API."""


class BadRequest(ApiError):
    title = "Bad request"


class InvalidSignature(BadRequest):
    title = "Invalid signature"


class QueryOutOfTime(BadRequest):
    """The signed timestamp is too far from the server's clock."""

    title = "Clock out of sync"


class Unauthorized(ApiError):
    title = "Not authenticated"


class Forbidden(ApiError):
    title = "Forbidden"


class InvalidCredential(Forbidden):
    """The consumer key is expired, revoked or not validated yet."""

    title = "Invalid credential"


class NotGrantedCall(Forbidden):
    """The consumer key's access rules do not cover this call (e.g. a read-only key)."""

    title = "Call not granted"


class NotCredential(Forbidden):
    title = "Unknown credential"


class InvalidKey(Forbidden):
    title = "Invalid application key"


class NotFound(ApiError):
    title = "Not found"


class Conflict(ApiError):
    title = "Conflict"


class RequestTimeout(ApiError):
    """HTTP 408, typically an HTML page from a front proxy under load."""

    title = "Request timed out"


class RateLimited(ApiError):
    """HTTP 429; ``retry_after`` holds the server's hint in seconds when it gave one."""

    title = "Rate limited"

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ResourceExpired(ApiError):
    title = "Service expired"


class ServerError(ApiError):
    title = "OVHcloud server error"


_FORBIDDEN_BY_CODE: dict[str, type[Forbidden]] = {
    "INVALID_CREDENTIAL": InvalidCredential,
    "NOT_GRANTED_CALL": NotGrantedCall,
    "NOT_CREDENTIAL": NotCredential,
    "INVALID_KEY": InvalidKey,
}


def _error_type(status: int, code: str | None) -> type[ApiError]:
    if status == 400:
        if code == "INVALID_SIGNATURE":
            return InvalidSignature
        if code == "QUERY_TIME_OUT":
            return QueryOutOfTime
        return BadRequest
    if status == 401:
        return Unauthorized
    if status == 403:
        return _FORBIDDEN_BY_CODE.get(code or "", Forbidden)
    if status == 404:
        return NotFound
    if status == 408:
        return RequestTimeout
    if status == 409:
        return Conflict
    if status == 429:
        return RateLimited
    if status == 460:
        return ResourceExpired
    if status >= 500:
        return ServerError
    return ApiError


def _short_text(body: bytes, limit: int = 160) -> str:
    """A readable one-line summary of a non-JSON body (an HTML 408 page, say)."""
    text = body.decode("utf-8", errors="replace")
    if "<" in text:
        import re

        title = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
        text = title.group(1) if title else re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:limit] + ("…" if len(text) > limit else "")


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds form only; dates are ignored)."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return max(0.0, seconds)


def error_from_response(
    status: int,
    body: bytes,
    *,
    query_id: str | None,
    method: str,
    path: str,
    retry_after: str | None = None,
) -> ApiError:
    """Build the right :class:`ApiError` subclass from an HTTP error answer."""
    data: Any = None
    if body:
        try:
            data = json.loads(body)
        except ValueError:
            data = None
    error_class = error_code = None
    details: dict[str, Any] = {}
    if isinstance(data, dict):
        message = str(data.get("message") or "").strip()
        error_class = data.get("class") if isinstance(data.get("class"), str) else None
        error_code = data.get("errorCode") if isinstance(data.get("errorCode"), str) else None
        if isinstance(data.get("details"), dict):
            details = data["details"]
    else:
        message = _short_text(body) if body else ""
    if not message:
        message = f"HTTP {status} with no explanation from the API"
    kind = _error_type(status, error_code)
    kwargs: dict[str, Any] = {
        "status": status,
        "error_class": error_class,
        "error_code": error_code,
        "query_id": query_id,
        "method": method,
        "path": path,
        "details": details,
    }
    if kind is RateLimited:
        return RateLimited(message, retry_after=parse_retry_after(retry_after), **kwargs)
    return kind(message, **kwargs)
