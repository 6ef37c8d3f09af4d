"""The client's error hierarchy.

Every error carries what a user needs to report a problem to OVHcloud support
(HTTP status, OVH ``class``/``errorCode``, message and the ``X-Ovh-QueryID``) and
nothing secret: request headers and bodies are never stored on the exception.
"""

from __future__ import annotations

import json
from typing import Any, Final


class OvhError(Exception):
    """Base of every error raised by :mod:`efs_tui.api`."""

    #: Short human title for notifications.
    title = "OVHcloud API error"
    #: The way out, when there is one ("run `efs-tui login`"…): the last line of :meth:`describe`.
    hint: str | None = None
    #: Whether the call may have reached the API. ``False``: it provably never left this machine
    #: (refused id, bad configuration, no token, no connection), so a write was not applied.
    #: ``True``: it was sent (an HTTP answer, or a connection lost after sending). A write path
    #: branches on this first, then on :class:`NetworkError` / 5xx for "outcome unknown".
    sent: bool = True

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
        if self.hint:
            text += f"\n{self.hint}"
        return text

    def __str__(self) -> str:
        return self.describe()


class InvalidConfiguration(OvhError):
    """The credentials or endpoint given to the client cannot work (nothing was sent)."""

    title = "Invalid configuration"
    sent = False


class InvalidIdentifier(OvhError, ValueError):
    """An id that is not a UUID was refused by the URL gate (:mod:`efs_tui.api.routes`); nothing was sent.

    ``value`` is kept raw (it may hold anything a user typed). The message shows it through
    :func:`repr`, which escapes every control, format (bidi) and separator character, so
    ``str(error)`` is safe on a terminal without :mod:`efs_tui.core.sanitize` (which `api`
    must not import); callers wanting the project's stand-ins build their text from
    ``what`` and ``value``. It is also an :class:`OvhError`, so every ``except OvhError``
    shows it rather than crashing; the CLI catches it first for exit 2 (usage).
    """

    title = "Invalid identifier"
    sent = False

    def __init__(self, what: str, value: object) -> None:
        shown = value[:64] + "…" if isinstance(value, str) and len(value) > 64 else value
        super().__init__(f"{what} must be a UUID (8-4-4-4-12 hex digits), got {shown!r}: nothing was sent")
        self.what = what
        self.value = value


class NetworkError(OvhError):
    """No HTTP answer at all: DNS, refused or dropped connection, TLS failure, timeout.

    ``sent`` is what a write path branches on: ``False`` when the request provably never left
    (the name did not resolve, the connection was refused, TLS failed: nothing can have been
    applied), ``True`` when it may have reached the API and the answer was lost (a write's
    outcome is then unknown). ``host`` is the host that could not be reached and ``reason``
    one word: ``"dns"``, ``"refused"``, ``"tls"``, ``"timeout"``, ``"proxy"`` or ``"dropped"``.
    """

    title = "Network error"

    def __init__(
        self,
        message: str,
        *,
        sent: bool = True,
        host: str | None = None,
        reason: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.sent = sent
        self.host = host
        self.reason = reason


class ApiTimeout(NetworkError):
    """The API did not answer within the client's timeout (``sent`` says whether the request left)."""

    title = "Request timed out"


class InvalidResponse(OvhError):
    """A 2xx answer whose body is not the JSON we expected."""

    title = "Invalid API response"


class OAuth2Failure(OvhError):
    """The OAuth2 token endpoint refused the client credentials or answered garbage."""

    title = "OAuth2 failure"
    sent = False  # no token, so the API call itself never went out


class ApiError(OvhError):
    """An HTTP error answer from the API.

    ``refused_actions`` lists the IAM actions an IAM refusal named (``details.unauthorizedActionsByIAM``,
    e.g. ``storageNetApp:apiovh:share/snapshot/delete``); the message names them too.
    """

    refused_actions: tuple[str, ...] = ()


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

#: The same refusals in the newer class-only shape (``{"class": "Client::Forbidden", "message": …}``,
#: no ``errorCode``): the message text is all there is, so it is matched here, lower-cased, against the
#: messages the older shape pairs with each code (as python-ovh, go-ovh and the emulator know them).
#: A message not listed stays a plain :class:`Forbidden` (an IAM refusal is one: "User not granted for
#: this request", with the refused action in ``details``).
CODE_BY_MESSAGE: Final[dict[str, str]] = {
    "this credential is not valid": "INVALID_CREDENTIAL",
    "this credential does not exist": "NOT_CREDENTIAL",
    "this call has not been granted": "NOT_GRANTED_CALL",
    "this application key is invalid": "INVALID_KEY",
    "invalid application key": "INVALID_KEY",
    "invalid signature": "INVALID_SIGNATURE",
    "query out of time": "QUERY_TIME_OUT",
}

LOGIN_HINT: Final = "run `efs-tui login` to create a new consumer key (or check the OVH_* variables in use)"
"""The way out of a refused or expired credential, appended to those errors' text (issue 9.5)."""

OAUTH2_LOGIN_HINT: Final = "check the client id and secret: run `efs-tui login --oauth2`"
"""The way out when the OAuth2 token endpoint refuses the service account."""

_LOGIN_HINTED: Final = (InvalidCredential, NotCredential, InvalidKey, InvalidSignature)

NO_EFS_HINT: Final = (
    "this endpoint serves no /storage/netapp section (only ovh-eu and ovh-ca offer Enterprise File Storage): "
    'the API answers 404 "Got an invalid (or empty) URL" to every EFS call'
)
"""Why a 404 "Got an invalid (or empty) URL" happens: the route does not exist on this API at all."""

_INVALID_URL_MESSAGE: Final = "got an invalid (or empty) url"


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


def refused_actions(details: dict[str, Any]) -> tuple[str, ...]:
    """The IAM actions named in ``details.unauthorizedActionsByIAM`` (a string, a list, or comma-separated)."""
    raw = details.get("unauthorizedActionsByIAM")
    items: list[Any] = raw if isinstance(raw, list) else [raw]
    actions: list[str] = []
    for item in items:
        if isinstance(item, str):
            actions += [part.strip() for part in item.split(",") if part.strip()]
    return tuple(actions)


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
    # A class-only body carries no errorCode: its message says which refusal it is (see CODE_BY_MESSAGE).
    code_for_type = error_code or (CODE_BY_MESSAGE.get(message.lower().rstrip(".")) if status in (400, 403) else None)
    kind = _error_type(status, code_for_type)
    actions = refused_actions(details)
    if actions:
        message += f" (refused IAM action: {', '.join(actions)})"
    hint = None
    if issubclass(kind, _LOGIN_HINTED):
        hint = LOGIN_HINT
    elif status == 404 and message.lower().rstrip(".") == _INVALID_URL_MESSAGE:
        hint = f"{NO_EFS_HINT}; or the endpoint URL is wrong"
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
        error: ApiError = RateLimited(message, retry_after=parse_retry_after(retry_after), **kwargs)
    else:
        error = kind(message, **kwargs)
    error.refused_actions = actions
    error.hint = hint
    return error
