"""Run the emulator with uvicorn in a background thread.

The server gets its own event loop in a daemon thread, so it works the same
from synchronous tests and from pytest-asyncio tests (the caller's loop is never
touched). The socket is bound here before uvicorn starts, which makes ``port=0``
usable: the chosen port is known as soon as ``start()`` returns.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from datetime import datetime
from types import TracebackType

import uvicorn

from .app import EmulatorApp
from .faults import FaultConfig
from .security import DemoCredentials
from .seed import seed_dataset
from .state import EmulatorState

_DROP_MESSAGES = ("ASGI callable returned without completing response",)


class _QuietDrops(logging.Filter):
    """Hide uvicorn's complaint about the responses we abandon on purpose (drop faults)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not any(text in record.getMessage() for text in _DROP_MESSAGES)


logging.getLogger("uvicorn.error").addFilter(_QuietDrops())


class EmulatorServer:
    """A running emulator: ``with EmulatorServer() as emu: httpx.get(emu.base_url + "/auth/time")``.

    Without ``state`` a new :class:`EmulatorState` is made and seeded with ``dataset``
    (``None`` for none). ``delay`` sets every lifecycle delay, ``token_lifetime`` the
    OAuth2 token lifetime; both apply to a given state too. ``spec`` (an OpenAPI file, default
    ``$EFS_TUI_EMULATOR_SPEC``) checks every exchange against it (see ``spec_check``).
    """

    def __init__(
        self,
        state: EmulatorState | None = None,
        *,
        dataset: str | None = "demo",
        base_time: datetime | None = None,
        faults: FaultConfig | None = None,
        delay: float | None = None,
        token_lifetime: float | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "warning",
        access_log: bool = False,
        spec: str | None = None,
    ) -> None:
        if state is None:
            state = EmulatorState(faults=faults)
            if dataset:
                seed_dataset(state, dataset, base_time=base_time)
        elif faults is not None:
            state.faults = faults
        if delay is not None:
            state.set_delays(delay)
        if token_lifetime is not None:
            state.token_lifetime = token_lifetime
        self.state = state
        self.host = host
        self._requested_port = port
        self._log_level = log_level
        self._access_log = access_log
        self._spec = spec
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- URLs -----------------------------------------------------------------------------------
    @property
    def root_url(self) -> str:
        """``http://host:port`` (the validation page and the token endpoint live here)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The API base URL clients use, ending in ``/1.0``."""
        return self.root_url + "/1.0"

    @property
    def token_url(self) -> str:
        return self.root_url + "/auth/oauth2/token"

    @property
    def credentials(self) -> DemoCredentials:
        return self.state.credentials

    @property
    def faults(self) -> FaultConfig:
        return self.state.faults

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self, timeout: float = 5.0) -> EmulatorServer:
        """Bind, start serving in a daemon thread and wait until uvicorn is ready."""
        if self.running:
            return self
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only when the
        # proto says TCP; with proto 0, Nagle + delayed ACK added ~40 ms to every response
        # (uvicorn writes headers and body separately), which skewed every benchmark.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self._requested_port))
        sock.listen(128)
        sock.setblocking(False)
        self._socket = sock
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            EmulatorApp(self.state, spec=self._spec),
            log_level=self._log_level,
            access_log=self._access_log,
            lifespan="off",
            server_header=False,
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name=f"efs-emulator-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the emulator did not start")
            time.sleep(0.005)
        return self

    def _run(self) -> None:
        assert self._server is not None and self._socket is not None
        asyncio.run(self._server.serve(sockets=[self._socket]))

    def stop(self, timeout: float = 5.0) -> None:
        """Ask uvicorn to exit and wait for the thread; safe to call twice."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive() and self._server is not None:
                self._server.force_exit = True
                self._thread.join(timeout)
        if self._socket is not None:
            self._socket.close()
        self._thread = self._server = self._socket = None

    def serve_forever(self) -> None:
        """Block until interrupted (used by the CLI)."""
        self.start()
        try:
            while self.running:
                time.sleep(0.2)
        finally:
            self.stop()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"EmulatorServer(base_url={self.base_url!r}, running={self.running})"
