"""A tiny real HTTP server (uvicorn, loopback) answering exact bodies the emulator does not give.

The client is tested over real HTTP, never a mock transport: this serves the shapes seen
from the real API (or a proxy in front of it) that the emulator has no switch for yet
(class-only auth refusals, IAM details, cursor paging, malformed 2xx bodies). Each answer
is ``(status, body bytes, headers)``, chosen by method and path (and, for paging, by the
``X-Pagination-Cursor`` request header); every request is logged so tests count what
reached the server.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn

Answer = tuple[int, bytes, dict[str, str]]
Route = Callable[[dict[str, str]], Answer]


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class ShapesServer:
    routes: dict[tuple[str, str], Route | Answer] = field(default_factory=dict)
    log: list[Seen] = field(default_factory=list)
    base_url: str = ""

    def answer(self, method: str, path: str, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.routes[(method, path)] = (status, body, headers or {})

    def count(self, path_contains: str = "/storage/netapp") -> int:
        return sum(1 for seen in self.log if path_contains in seen.path)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        method, path = scope["method"], scope["path"]
        if path.startswith("/1.0"):
            path = path[len("/1.0") :]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        self.log.append(Seen(method, path, headers))
        extra: dict[str, str]
        if path == "/auth/time":
            status, body, extra = 200, str(int(time.time())).encode(), {}
        else:
            route = self.routes.get((method, path))
            if route is None:
                status, body, extra = 404, b'{"class":"Client::NotFound","message":"Resource not found"}', {}
            elif callable(route):
                status, body, extra = route(headers)
            else:
                status, body, extra = route
        raw = [(b"content-type", b"application/json"), (b"x-ovh-queryid", b"EU.ext-9.shapes")]
        raw += [(k.lower().encode(), v.encode()) for k, v in extra.items()]
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})


@contextmanager
def shapes_server() -> Iterator[ShapesServer]:
    app = ShapesServer()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.setblocking(False)
    app.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}/1.0"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 5
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the shapes server did not start"
        time.sleep(0.005)
    try:
        yield app
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()
