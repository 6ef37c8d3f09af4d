"""Error answers of the emulated API.

Handlers and the store raise :class:`ApiProblem`; the ASGI layer turns it into
the HTTP status and JSON body. Keeping the body shapes in one place makes it easy
to see which ones are copied from the real API and which ones are guesses.
"""

from __future__ import annotations

from typing import Any


class ApiProblem(Exception):
    """An error answer: HTTP status, JSON body and optional extra headers."""

    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {body.get('message', '')}")
        self.status = status
        self.body = body
        self.headers = headers or {}


def class_problem(status: int, klass: str, message: str, details: dict[str, str] | None = None) -> ApiProblem:
    """The newer `{"class", "message"}` error shape used by the /storage API."""
    body: dict[str, Any] = {"class": klass, "message": message}
    if details:
        body["details"] = details
    return ApiProblem(status, body)


def auth_problem(status: int, reason: str, error_code: str, message: str) -> ApiProblem:
    """The older `{"errorCode", "httpCode", "message"}` shape of the authentication layer."""
    return ApiProblem(status, {"errorCode": error_code, "httpCode": f"{status} {reason}", "message": message})


def class_only(status: int, body: dict[str, Any]) -> dict[str, Any]:
    """An `errorCode` body in the class-only shape the same refusals also come in, e.g.
    `{"class": "Client::Forbidden", "message": "This credential is not valid"}` (ovh-schema/README.md)."""
    reason = str(body.get("httpCode", "")).partition(" ")[2].replace(" ", "") or "Error"
    family = "Client" if status < 500 else "Server"
    return {"class": f"{family}::{reason}", "message": body.get("message", "")}


def not_found() -> ApiProblem:
    """Unknown or vanished service/share/snapshot/policy (body seen in a Trident log)."""
    return class_problem(404, "Client::NotFound", "Resource not found")


def bad_request(message: str) -> ApiProblem:
    """A refused input; the real messages are mostly unknown, ours are meant to be readable."""
    return class_problem(400, "Client::BadRequest", message)


def not_authenticated() -> ApiProblem:
    return auth_problem(401, "Unauthorized", "NOT_AUTHENTICATED", "You must login first")


def invalid_key() -> ApiProblem:
    return auth_problem(403, "Forbidden", "INVALID_KEY", "This application key is invalid")


def invalid_credential() -> ApiProblem:
    return auth_problem(403, "Forbidden", "INVALID_CREDENTIAL", "This credential is not valid")


def not_credential() -> ApiProblem:
    return auth_problem(403, "Forbidden", "NOT_CREDENTIAL", "This credential does not exist")


def invalid_signature() -> ApiProblem:
    return auth_problem(400, "Bad Request", "INVALID_SIGNATURE", "Invalid signature")


def query_time_out() -> ApiProblem:
    return auth_problem(400, "Bad Request", "QUERY_TIME_OUT", "Query out of time")


def not_granted_call() -> ApiProblem:
    return auth_problem(403, "Forbidden", "NOT_GRANTED_CALL", "This call has not been granted")


def invalid_token() -> ApiProblem:
    """Expired/unknown bearer token. GUESS: no captured real body."""
    return class_problem(401, "Client::Unauthorized", "Invalid or expired token")


def iam_forbidden(action: str) -> ApiProblem:
    """An IAM denial for an OAuth2 client (body from the OVH service-account guide)."""
    return class_problem(
        403,
        "Client::Forbidden",
        "User not granted for this request",
        {"unauthorizedActionsByAuthentication": "", "unauthorizedActionsByIAM": action},
    )
