"""The start-up prefetch in a forked child, so its CPU never takes the GIL from Textual's import.

Used by :func:`efs_tui.startup.prefetch.start_prefetch` on Linux while the process has
a single thread (the rule and the reasons are in that module). ``os.fork()`` happens
right after the credentials are resolved: the child has the credentials in memory, so
nothing secret is ever serialised, and imports httpx itself at its first request, on the
other core (the parent never loads it before its first table: ~45 ms of CPU and ~95 modules
off Textual's path). It runs :func:`~efs_tui.startup.prefetch.run_chain` (the very same
GETs, URL gate, signing and rules as the thread) and streams what it learns over a
pipe, in order: each URL as it is registered, each answer's decoded JSON (or only "it
failed"), each exchange's :class:`~efs_tui.api.client.RequestRecord` (which holds no
header and no body) and the clock offset. Because the pipe keeps that order, a
follow-up URL is registered in the parent before the answer it depends on is handed
out. The parent reads the pipe only when the app asks (see :class:`_ChildRunner`: no
thread is woken while Textual imports) and fills the same
:class:`~efs_tui.startup.prefetch.Prefetch` the thread would.

The child never writes to the terminal (stdin, stdout and stderr become
``/dev/null`` before anything else), never runs the parent's exit handlers or
finalizers (it ends with ``os._exit``), ignores Ctrl+C (the parent decides), and does
not outlive the parent for long: it stops when the parent closes its end of a second
pipe (or dies, which closes it), after its own ``timeout``, and ``SIGALRM`` kills it
two seconds after that whatever it is doing. :meth:`Prefetch.close` waits for it a
bounded time, kills it if it must, and always reaps it (no zombie).

Frames are ``marshal`` data (dicts, lists, strings, numbers: the JSON types), length
prefixed; both ends are the same interpreter, and a frame the parent cannot read only
ends the prefetch (the UI then sends its own requests).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import marshal
import math
import os
import select
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING, Any, Final, NoReturn

from efs_tui.api.client import OvhClient, RequestRecord

if TYPE_CHECKING:
    from efs_tui.startup.prefetch import Prefetch

_HEADER: Final = 4
"""Bytes of the little-endian length before each frame."""

_NICENESS: Final = 5
"""Lower priority for the child: with a free core it changes nothing; with none, the main thread
(importing Textual, the critical path) keeps its share and the child, which has slack, waits."""

_KILL_AFTER: Final = 2
"""Seconds past its own timeout after which ``SIGALRM`` ends a child whatever it is doing."""


# -- the child ------------------------------------------------------------------------------------


class _PipeSink:
    """A :class:`~efs_tui.startup.prefetch.Sink` that writes frames to the parent.

    Frames are written in order, those of one step of the event loop in one ``os.write`` (the
    shares registered just before the services answer travel with it): an answer at once, a
    registration or record at the end of the step, while the request it announces is connecting.
    """

    def __init__(self, fd: int, client: OvhClient, loop: asyncio.AbstractEventLoop) -> None:
        self._fd = fd
        self._client = client
        self._loop = loop
        self._buffer = bytearray()
        self._delta: int | None = None
        self._flush_scheduled = False

    def _soon(self) -> None:
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self._loop.call_soon(self.flush)

    def _put(self, frame: tuple[Any, ...]) -> None:
        data = marshal.dumps(frame)
        self._buffer += len(data).to_bytes(_HEADER, "little") + data

    def flush(self) -> None:
        self._flush_scheduled = False
        delta = self._client.time_delta
        if delta is not None and delta != self._delta:
            self._delta = delta
            self._put(("delta", delta))
        if not self._buffer:
            return
        view = memoryview(bytes(self._buffer))
        self._buffer.clear()
        while view:  # the parent gone (EPIPE) raises: the child then simply ends
            view = view[os.write(self._fd, view) :]

    def register(self, url: str) -> bool:
        self._put(("register", url))
        self._soon()
        return True

    def answer(self, url: str, data: Any) -> None:
        try:
            self._put(("answer", url, data))
        except ValueError:  # not marshallable (cannot happen with JSON): the UI asks itself
            self._put(("fail", url))
        self.flush()

    def fail(self, url: str) -> None:
        self._put(("fail", url))
        self.flush()

    def record(self, record: RequestRecord) -> None:
        self._put(("record", tuple(record)))  # a plain tuple: marshal takes no subclass
        self._soon()


def _detach(timeout: float) -> None:
    """Cut every way the child could reach the terminal or the parent's signal handling."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    faulthandler = sys.modules.get("faulthandler")
    if faulthandler is not None:  # it writes to a copy of the parent's stderr
        faulthandler.disable()
    with contextlib.suppress(ValueError):  # a byte there would wake the parent's event loop
        signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.alarm(math.ceil(timeout) + _KILL_AFTER)
    with contextlib.suppress(OSError):  # on a busy machine the main thread (Textual) goes first
        os.nice(_NICENESS)
    # Everything inherited stays out of the collector: no finalizer of the parent's objects runs
    # here, and the pages they sit on are not written to (copy-on-write stays shared).
    gc.freeze()


def _child_main(
    client: OvhClient,
    eager_services: int,
    timeout: float,
    credential_check: bool,
    account: bool,
    data_fd: int,
    stop_fd: int,
) -> None:
    from efs_tui.startup.prefetch import run_chain

    _detach(timeout)
    asyncio.events._set_running_loop(None)  # forked from inside a running loop (tests): not ours
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(lambda _loop, _context: None)
    sink = _PipeSink(data_fd, client, loop)
    task = loop.create_task(run_chain(client, sink, eager_services, timeout, credential_check, account))
    loop.add_reader(stop_fd, task.cancel)  # readable = the parent closed its end, or exited
    with contextlib.suppress(BaseException):
        loop.run_until_complete(task)
    sink.flush()


def _child(
    client: OvhClient,
    eager_services: int,
    timeout: float,
    credential_check: bool,
    account: bool,
    data_fd: int,
    stop_fd: int,
) -> NoReturn:
    try:
        _child_main(client, eager_services, timeout, credential_check, account, data_fd, stop_fd)
    finally:
        os._exit(0)


# -- the parent -----------------------------------------------------------------------------------


class _ChildRunner:
    """The parent's side: reads the child's frames into a ``Prefetch``, stops and reaps the child.

    Nothing reads the pipe while Textual imports: a thread woken for each frame would take the
    GIL from the main thread each time (and, on a busy machine, make it wait for that thread to
    be scheduled). The frames wait in the pipe until the app asks (:meth:`pump`, called by every
    ``Prefetch`` read); an answer the app awaits that is not there yet is read by the app's own
    event loop (``add_reader``), or by a thread for a caller without a running loop.
    """

    def __init__(self, prefetch: Prefetch, pid: int, data_fd: int, stop_fd: int) -> None:
        self.pid = pid
        self._prefetch = prefetch
        os.set_blocking(data_fd, False)
        self._data_fd: int | None = data_fd
        self._stop_fd: int | None = stop_fd
        self._buffer = bytearray()
        self._lock = threading.Lock()
        """Guards the pipe, the buffer and the loop registration."""
        self._reap_lock = threading.Lock()
        self._reaped = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self.time_delta: int | None = None

    @property
    def running(self) -> bool:
        return self._data_fd is not None or not self._reaped

    # -- reading ------------------------------------------------------------------------------

    def pump(self) -> None:
        """Apply every frame already in the pipe; at its end, finish (fail what is left, reap)."""
        with self._lock:
            fd = self._data_fd
            if fd is None:
                return
            ended = False
            try:
                while True:
                    try:
                        chunk = os.read(fd, 1 << 16)
                    except BlockingIOError:
                        break
                    if not chunk:
                        ended = True
                        break
                    self._buffer += chunk
                    self._apply_frames()
            except Exception:  # an unreadable frame or pipe: what is pending fails, the UI asks itself
                ended = True
            if ended:
                self._close_pipe()
        if ended:
            self._prefetch.abort_pending()
            self._wait(0.05)  # at end of file the child is exiting: reap it now (close() waits longer)

    def _apply_frames(self) -> None:
        buffer = self._buffer
        while len(buffer) >= _HEADER:
            size = int.from_bytes(buffer[:_HEADER], "little")
            if len(buffer) < _HEADER + size:
                return
            frame = marshal.loads(bytes(buffer[_HEADER : _HEADER + size]))
            del buffer[: _HEADER + size]
            self._apply(frame)

    def _apply(self, frame: tuple[Any, ...]) -> None:
        kind = frame[0]
        if kind == "register":
            self._prefetch.register(str(frame[1]))
        elif kind == "answer":
            self._prefetch.answer(str(frame[1]), frame[2])
        elif kind == "fail":
            self._prefetch.fail(str(frame[1]))
        elif kind == "record":
            self._prefetch.record(RequestRecord(*frame[1]))
        elif kind == "delta":
            self.time_delta = int(frame[1])

    def watch(self) -> None:
        """Someone awaits an answer still on its way: read the pipe as soon as it has data."""
        with self._lock:
            old = self._loop
            if old is not None and (old.is_closed() or not old.is_running()):  # a loop that ended
                if not old.is_closed() and self._data_fd is not None:
                    old.remove_reader(self._data_fd)
                self._loop = None
            if self._data_fd is None or self._loop is not None or self._thread is not None:
                return
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # no event loop here: a thread waits on the pipe instead
                self._thread = threading.Thread(target=self._wait_frames, name="efs-prefetch-pipe", daemon=True)
                self._thread.start()
                return
            loop.add_reader(self._data_fd, self.pump)
            self._loop = loop

    def _wait_frames(self) -> None:
        while self._data_fd is not None:
            fd = self._data_fd
            with contextlib.suppress(OSError, ValueError):  # closed meanwhile: the loop ends
                select.select([fd], [], [], 0.2)
            self.pump()

    def _close_pipe(self) -> None:
        """Forget the pipe (with ``_lock`` held): off the event loop first, then closed."""
        fd, self._data_fd = self._data_fd, None
        loop, self._loop = self._loop, None
        if fd is None:
            return
        if loop is not None and not loop.is_closed():
            if loop.is_running() and _running_loop() is not loop:
                # Another thread's running loop: it removes the fd and closes it itself.
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(_unwatch, loop, fd)
                    return
            loop.remove_reader(fd)
        with contextlib.suppress(OSError):
            os.close(fd)

    # -- lifecycle ----------------------------------------------------------------------------

    def join(self, timeout: float | None) -> None:
        """Read the pipe until its end (the child is done) or ``timeout``, then reap the child."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            self.pump()
            fd = self._data_fd
            left = None if deadline is None else deadline - time.monotonic()
            if fd is None or (left is not None and left <= 0):
                break
            with contextlib.suppress(OSError, ValueError):
                select.select([fd], [], [], 0.05 if left is None else min(0.05, left))
        if self._data_fd is None:
            self._wait(1.0 if deadline is None else max(0.0, deadline - time.monotonic()))

    def stop(self, timeout: float) -> None:
        """Tell the child to stop (close both pipes), wait ``timeout`` s, then kill; reap it."""
        with self._lock:
            stop_fd, self._stop_fd = self._stop_fd, None
            self._close_pipe()  # a child blocked writing to it gets EPIPE and ends
        if stop_fd is not None:
            with contextlib.suppress(OSError):
                os.close(stop_fd)
        if not self._wait(timeout):
            with self._reap_lock:
                if not self._reaped:
                    with contextlib.suppress(OSError):
                        os.kill(self.pid, signal.SIGKILL)
            self._wait(1.0)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(0.5)

    def _wait(self, timeout: float) -> bool:
        """Reap the child if it has exited within ``timeout`` s; ``True`` once reaped."""
        deadline = time.monotonic() + timeout
        while True:
            with self._reap_lock:
                if self._reaped:
                    return True
                try:
                    pid, _status = os.waitpid(self.pid, os.WNOHANG)
                except ChildProcessError:  # reaped by someone else (a SIGCHLD handler): gone anyway
                    pid = self.pid
                if pid:
                    self._reaped = True
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _unwatch(loop: asyncio.AbstractEventLoop, fd: int) -> None:
    loop.remove_reader(fd)
    with contextlib.suppress(OSError):
        os.close(fd)


def fork_runner(
    prefetch: Prefetch,
    client: OvhClient,
    eager_services: int,
    timeout: float,
    credential_check: bool,
    account: bool = False,
) -> _ChildRunner | None:
    """Fork the child that runs the requests; ``None`` if the fork failed (the caller uses a thread)."""
    data_read, data_write = os.pipe()
    stop_read, stop_write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (data_read, data_write, stop_read, stop_write):
            os.close(fd)
        return None
    if pid == 0:  # the child: whatever happens, it never returns into the parent's code
        try:
            os.close(data_read)
            os.close(stop_write)
            _child(client, eager_services, timeout, credential_check, account, data_write, stop_read)
        finally:
            os._exit(0)
    os.close(data_write)
    os.close(stop_read)
    return _ChildRunner(prefetch, pid, data_read, stop_write)


__all__ = ["fork_runner"]
