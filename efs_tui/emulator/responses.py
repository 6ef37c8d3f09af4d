"""The few HTTP answers the emulator sends, written straight to ASGI.

The emulator is a raw ASGI callable (signature checks need the path exactly as sent, a dropped
connection must be able to abandon a started answer), so all it needs from a web framework is
"status, headers, bytes". These dozen lines replace the five Starlette response classes it used,
which removes Starlette from the runtime dependencies (and its major-version churn with it).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class Response:
    """An answer: ``status_code``, ``headers`` (settable until sent) and the ``body`` bytes."""

    def __init__(
        self,
        body: bytes = b"",
        status_code: int = 200,
        headers: dict[str, str] | None = None,
        media_type: str | None = None,
    ) -> None:
        self.body = body
        self.status_code = status_code
        self.headers: dict[str, str] = {k.lower(): v for k, v in (headers or {}).items()}
        if media_type is not None:
            self.headers.setdefault("content-type", media_type)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in self.headers.items()]
        headers.append((b"content-length", str(len(self.body)).encode()))
        await send({"type": "http.response.start", "status": self.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


def json_response(content: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """JSON with the compact separators and UTF-8 (not ASCII escapes) the API uses."""
    body = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, status_code, headers, "application/json; charset=utf-8")


def html_response(page: str, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(page.encode(), status_code, headers, "text/html; charset=utf-8")


def redirect_response(url: str, status_code: int = 303) -> Response:
    return Response(b"", status_code, {"location": url})
