"""Start the UI's first three listings while Textual is still importing (cold start).

The main screen's first data is three dependent round trips: services, then
shares, then the first share's snapshots. Without help they start only once
Textual and every screen are imported and mounted. :func:`start_prefetch` sends
the very same GETs, in the very same order, with its own
:class:`~efs_tui.api.client.OvhClient` (same endpoint, credentials and rate
limit) as soon as the credentials are known; the app's client is then given the
answers with :meth:`OvhClient.use_prefetch <efs_tui.api.client.OvhClient.use_prefetch>`.

Where it runs (:func:`prefetch_mode`): on Linux, while the process has a single
thread (the normal start: nothing has started one yet), in a child made with
``os.fork()`` (:mod:`efs_tui.startup.prefetch_child`). A thread of this process
would run its event loop, httpx and JSON under the same GIL as Textual's import
and mount (measured: 45-60 ms of its CPU, all of it while the main thread
imports, and Textual's import ~40 ms slower); a forked child runs on another
core, starts at once (the credentials are in memory: nothing secret crosses a pipe,
argv or the environment; it imports httpx itself, which the parent does not load before
its first table) and streams its answers back.
Elsewhere it is a daemon thread with its own event loop: ``fork`` without
``exec`` is not offered on Windows, is unsafe on macOS once system frameworks
have run (CPython's own default there is ``spawn``), and is unsafe in any
process that already runs another thread (a lock that thread holds at the fork
stays held in the child forever), e.g. the demo's emulator thread.

What it mirrors (``efs_tui.ui.widgets.service_tree`` and ``snapshot_pane``): ``GET /storage/netapp``; the
shares (``?detail=true``) of every service when there are at most
``eager_services`` of them, else of the first one; the snapshots
(``?detail=true``) of the first share of the first service that has one, in list
order, decided only once every earlier service's shares are known; and, with
``credential_check``, the main screen's ``GET /auth/currentCredential``
(alongside the services; the screen asks for it once its first table is
painted). That last one matters in the child mode: it would otherwise be the
app's first request of its own, and the first request of a process imports
anyio's asyncio backend and builds the pools (~40-85 ms measured on a busy
2-core machine), on the main thread just as the user starts to type. With ``account``
(``efs-tui --account``) it mirrors the account view's walk instead (``efs_tui.api.inventory``):
the services, the shares of every service, and the snapshots of the first share of the first
shares listing to answer (see :func:`_chain`). A follow-up
answer is registered *before* the answer it depends on is handed out, so the UI
can never ask for it in between and send a duplicate.

It is one-shot and short-lived: each answer is served at most once, only within
``ttl`` seconds of the start, and a failure is never served (the UI then sends
its own request, which reports the error as usual). It never raises into the
app and never delays exit: :meth:`Prefetch.close` fails whatever is still
pending, stops the thread or the child and waits for it a bounded time (a child
is killed if it must be, and always reaped). No Textual import here.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import queue
import sys
import threading
import time
from typing import Any, Final, Literal, Protocol

from efs_tui.api.auth import ApplicationCredentials, Credentials, Endpoint
from efs_tui.api.client import OvhClient, RequestRecord, RetryPolicy
from efs_tui.api.models import Service, Share
from efs_tui.api.ratelimit import RateBudget
from efs_tui.api.routes import is_uuid, netapp_path

DEFAULT_EAGER_SERVICES: Final = 3
"""The UI's default ``UiConfig.eager_services``: pass the value the app really uses."""

SERVICES_PATH: Final = netapp_path()

CREDENTIAL_PATH: Final = "/auth/currentCredential"
"""What the main screen asks first (``check_credential``: is the key read-only?)."""

_NO_RETRY: Final = RetryPolicy(attempts=1)
"""A failed prefetch is not retried: the UI's own request (with its retries) takes over at once."""

Answer = concurrent.futures.Future[Any]
Mode = Literal["auto", "process", "thread"]


class PrefetchAborted(Exception):
    """The prefetch was closed, failed or timed out before this answer arrived."""


def _settle(future: Answer, result: Any = None, error: BaseException | None = None) -> None:
    """Complete ``future`` unless it is already done or was cancelled by a caller that gave up."""
    with contextlib.suppress(concurrent.futures.InvalidStateError):
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)


class Sink(Protocol):
    """Where the fetching side puts what it learns: this process's :class:`Prefetch`, or a pipe to it."""

    def register(self, url: str) -> bool:
        """Announce ``GET url`` before it is sent (the UI may ask for it from now on); ``False``: stop."""

    def answer(self, url: str, data: Any) -> None:
        """The decoded JSON of ``url``'s answer."""

    def fail(self, url: str) -> None:
        """``url`` failed: never serve it, the UI sends its own request."""

    def record(self, record: RequestRecord) -> None:
        """One HTTP exchange of the prefetching client (for the app's listeners and rate budget)."""


class Runner(Protocol):
    """The thread or the child process that fetches for a :class:`Prefetch`."""

    @property
    def running(self) -> bool: ...

    @property
    def time_delta(self) -> int | None: ...

    def join(self, timeout: float | None) -> None: ...

    def stop(self, timeout: float) -> None: ...

    def pump(self) -> None:
        """Take in what the fetching side reported so far (the child's pipe; nothing for a thread)."""

    def watch(self) -> None:
        """An answer still on its way is awaited: make sure it is read as soon as it arrives."""


class Prefetch:
    """Answers of the UI's first GETs, fetched ahead of time (see :func:`start_prefetch`).

    Implements :class:`efs_tui.api.client.PrefetchSource`, and :class:`Sink` for its runner.
    """

    def __init__(self, *, ttl: float = 10.0) -> None:
        self._lock = threading.Lock()
        self._answers: dict[tuple[str, str], Answer] = {}
        self._by_url: dict[str, Answer] = {}
        self._all: list[Answer] = []
        self._records: queue.SimpleQueue[RequestRecord] = queue.SimpleQueue()
        self._deadline = time.monotonic() + ttl
        self._closed = False
        self._runner: Runner | None = None
        self.mode: Literal["process", "thread"] | None = None
        """Where the requests run, once started: ``"process"`` (a forked child) or ``"thread"``."""
        self.urls: list[str] = []
        """Every URL prefetched, in the order the requests were started (tests, diagnostics)."""

    # -- what the client reads (any thread) ---------------------------------------------------

    def take(self, method: str, url: str) -> Answer | None:
        """Pop the answer for ``method url`` (GET only) if it is still fresh."""
        if method.upper() != "GET":
            return None
        self._pump()
        with self._lock:
            if self._closed or time.monotonic() > self._deadline:
                return None
            future = self._answers.pop(("GET", url), None)
        runner = self._runner
        if future is not None and not future.done() and runner is not None:
            runner.watch()
        return future

    def drain_records(self) -> list[RequestRecord]:
        """The prefetching client's HTTP exchanges since the last call."""
        self._pump()
        records: list[RequestRecord] = []
        with contextlib.suppress(queue.Empty):
            while True:
                records.append(self._records.get_nowait())
        return records

    @property
    def time_delta(self) -> int | None:
        """The prefetching client's clock offset, as soon as its ``GET /auth/time`` answered."""
        runner = self._runner
        return None if runner is None else runner.time_delta

    @property
    def active(self) -> bool:
        """Still running, or holding answers that may be served."""
        self._pump()
        with self._lock:
            if self._closed or time.monotonic() > self._deadline:
                return False
            return bool(self._answers) or self.running

    @property
    def running(self) -> bool:
        runner = self._runner
        return runner is not None and runner.running

    @property
    def pid(self) -> int | None:
        """The child's process id in ``"process"`` mode (tests, diagnostics)."""
        return getattr(self._runner, "pid", None)

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the fetching to end (tests, diagnostics); ``True`` if it has."""
        runner = self._runner
        if runner is not None:
            runner.join(timeout)
        return not self.running

    def expire(self) -> None:
        """Serve nothing more from now on, as when ``ttl`` runs out (tests, and a caller that knows better)."""
        with self._lock:
            self._deadline = time.monotonic() - 1

    def pending(self) -> list[str]:
        """The URLs whose answers have not been taken yet."""
        self._pump()
        with self._lock:
            return [url for _, url in self._answers]

    def _pump(self) -> None:
        runner = self._runner
        if runner is not None:
            runner.pump()

    # -- what the runner reports (its thread, or the pipe's reader) ---------------------------

    def register(self, url: str) -> bool:
        future: Answer = concurrent.futures.Future()
        with self._lock:
            if self._closed:
                return False
            if url in self._by_url:  # announced ahead for a child (see ``announce_first``): one answer
                return True
            self._answers[("GET", url)] = future
            self._by_url[url] = future
            self._all.append(future)
            self.urls.append(url)
        return True

    def answer(self, url: str, data: Any) -> None:
        with self._lock:
            future = self._by_url.get(url)
        if future is not None:
            _settle(future, data)

    def fail(self, url: str) -> None:
        with self._lock:
            future = self._by_url.get(url)
        if future is not None:
            _settle(future, error=PrefetchAborted("the prefetch's request failed"))

    def record(self, record: RequestRecord) -> None:
        self._records.put(record)

    def abort_pending(self) -> None:
        """The fetching ended: whatever was announced and never answered fails (the UI asks itself)."""
        with self._lock:
            futures = list(self._all)
        for future in futures:
            _settle(future, error=PrefetchAborted("the prefetch ended without this answer"))

    # -- lifecycle (the app's thread) ---------------------------------------------------------

    def close(self, timeout: float = 0.5) -> None:
        """Fail what is still pending, stop the thread or child and wait at most ``timeout`` s.

        Safe to call twice, from any thread, before or after the prefetch ended.
        """
        with self._lock:
            self._closed = True
            self._answers.clear()
        self.abort_pending()
        runner = self._runner
        if runner is not None:
            runner.stop(timeout)

    def __enter__(self) -> Prefetch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- the requests (in the thread or in the child) ------------------------------------------------


async def run_chain(
    client: OvhClient,
    sink: Sink,
    eager_services: int,
    timeout: float,
    credential_check: bool = False,
    account: bool = False,
) -> None:
    """Send the UI's first GETs with ``client`` and report everything to ``sink``.

    ``account``: the first screen is the account view, whose walk asks for other GETs first.
    """
    async with client:
        client.add_listener(sink.record)
        work = [_chain(client, sink, eager_services, account)]
        if credential_check:
            work.append(_credential(client, sink))
        await asyncio.wait_for(asyncio.gather(*work), timeout)


async def _credential(client: OvhClient, sink: Sink) -> None:
    url = _announce(client, sink, CREDENTIAL_PATH, None)
    if url is not None:
        await _relay(client, sink, url, CREDENTIAL_PATH)


async def _relay(client: OvhClient, sink: Sink, url: str, path: str, **params: Any) -> None:
    """``GET path`` and hand its answer over as it came (a failure is reported, never served)."""
    try:
        data = await client.get(path, **params)
    except Exception:
        sink.fail(url)
        return
    sink.answer(url, data)


def announce_first(client: OvhClient, sink: Sink, credential_check: bool) -> None:
    """Announce, in the parent, the GETs a child sends first, before it has run at all.

    The child is a process at a lower priority: on a busy machine its first frame can come after
    the app's first ask, and the app then sent the same request itself (the services listing
    twice). Announced here, the app waits for the child's answer instead; the child's own
    announcement of the same URL is then a no-op, and its failure or end still fails the
    answer, so the app sends its own request only then. The follow-ups need nothing of this:
    the child announces them before the answer they follow, and the pipe keeps that order.
    """
    _announce(client, sink, SERVICES_PATH, None)
    if credential_check:
        _announce(client, sink, CREDENTIAL_PATH, None)


def _announce(client: OvhClient, sink: Sink, path: str, params: dict[str, Any] | None) -> str | None:
    """Register ``GET path?params`` with the exact URL the app's client builds for the same call."""
    url = client._url(path, params)
    return url if sink.register(url) else None


async def _services(client: OvhClient, sink: Sink) -> tuple[str, Any, list[str]] | None:
    """``GET /storage/netapp``: its URL, its data (not handed out yet) and the service ids; ``None``: done."""
    services_url = _announce(client, sink, SERVICES_PATH, None)
    if services_url is None:
        return None
    try:
        data = await client.get(SERVICES_PATH)
    except Exception:
        sink.fail(services_url)
        return None
    try:
        # As the app's client reads it: an item without an id is skipped there too.
        service_ids = [Service.from_json(item).id for item in data or [] if _has_id(item)]
    except Exception:  # the UI cannot read it either: it will ask itself and report it
        sink.answer(services_url, data)
        return None
    return services_url, data, service_ids


async def _chain(client: OvhClient, sink: Sink, eager_services: int, account: bool) -> None:
    """The services, then shares listings, then one share's snapshots: what the first screen asks first.

    The main screen lists the shares of every service when there are at most ``eager_services``
    (else of the first), and opens the first share of the first service that has one. The account
    view's walk (``efs_tui.api.inventory.fetch_inventory``) asks for the shares of every service at
    once, then a service's snapshot listings the moment its shares answer; the first of them to
    answer paints the first rows. Only that one is prefetched: the others are the walk's, within
    the app's budget.
    """
    listed = await _services(client, sink)
    if listed is None:
        return
    services_url, data, service_ids = listed
    chain: _FirstShare
    if account:
        eager, chain = service_ids, _FirstListed(sink, client, service_ids)
    else:
        eager = service_ids if len(service_ids) <= eager_services else service_ids[:1]
        chain = _FirstShare(sink, client, service_ids)
    # The shares answers are registered before the services answer is handed out (no duplicate).
    # An id the URL gate would refuse is not prefetched: the app's own call reports it.
    urls = {sid: _announce(client, sink, _shares_path(sid), {"detail": True}) for sid in eager if is_uuid(sid)}
    sink.answer(services_url, data)
    await asyncio.gather(*(chain.load_shares(sid, url) for sid, url in urls.items() if url is not None))
    if chain.snapshots is not None:
        await chain.snapshots


class _FirstShare:
    """The shares listings, and the first share's snapshots once the UI's rule can decide it."""

    def __init__(self, sink: Sink, client: OvhClient, service_ids: list[str]) -> None:
        self.sink = sink
        self.client = client
        self.service_ids = service_ids
        self.shares: dict[str, list[str] | None] = {}
        """Share ids by service, ``None`` for a failed or unreadable listing; absent: not known."""
        self.snapshots: asyncio.Task[None] | None = None

    async def load_shares(self, service_id: str, url: str) -> None:
        try:
            data = await self.client.get(_shares_path(service_id), detail=True)
        except Exception:
            self.shares[service_id] = None
            self.sink.fail(url)
            return
        try:
            self.shares[service_id] = [Share.from_json(item).id for item in data or [] if _has_id(item)]
        except Exception:
            self.shares[service_id] = None
        # No await between here and the answer: the snapshots answer exists before the UI can ask.
        self._maybe_start_snapshots(service_id)
        self.sink.answer(url, data)

    def _start_snapshots(self, service_id: str, share_id: str) -> None:
        """Register the snapshots answer of ``share_id`` now (synchronously) and fetch it."""
        path = netapp_path(service_id, share_id=share_id, leaf="snapshot")
        url = _announce(self.client, self.sink, path, {"detail": True})
        if url is not None:
            self.snapshots = asyncio.ensure_future(_relay(self.client, self.sink, url, path, detail=True))

    def _maybe_start_snapshots(self, service_id: str) -> None:
        """``_pick_first_share``: the first share of the first service that has one, in list order.

        Registers the snapshots answer at once (synchronously): the caller hands out the shares
        answer right after, and the UI may ask for the snapshots as soon as it has it.
        """
        del service_id  # the rule looks at every service in list order
        if self.snapshots is not None:
            return
        for service_id in self.service_ids:
            if service_id not in self.shares:
                return  # an earlier service is still loading (or is never loaded): the UI waits too
            share_ids = self.shares[service_id]
            if share_ids is None:
                return  # its listing failed here: the UI asks again itself and decides then
            if share_ids:
                if is_uuid(share_ids[0]):  # else the URL gate refuses it: the app's own call reports that
                    self._start_snapshots(service_id, share_ids[0])
                return


class _FirstListed(_FirstShare):
    """The account walk's rule: the first share of whichever shares listing answers first (not empty)."""

    def _maybe_start_snapshots(self, service_id: str) -> None:
        if self.snapshots is not None:
            return
        share_ids = self.shares.get(service_id)
        if share_ids and is_uuid(share_ids[0]):  # failed, empty or refused: the next listing to answer decides
            self._start_snapshots(service_id, share_ids[0])


def _has_id(item: Any) -> bool:
    """The app's client skips list items without an id (``efs_tui.api.client._list_of``): so does this."""
    return not isinstance(item, dict) or (isinstance(item.get("id"), str) and bool(item["id"]))


def _shares_path(service_id: str) -> str:
    return netapp_path(service_id, leaf="share")


# -- the thread runner ----------------------------------------------------------------------------


class _ThreadRunner:
    """The requests on a daemon thread with its own event loop (where ``fork`` is not safe)."""

    def __init__(
        self,
        prefetch: Prefetch,
        client: OvhClient,
        eager_services: int,
        timeout: float,
        credential_check: bool,
        account: bool = False,
    ) -> None:
        self._prefetch = prefetch
        self._client = client
        self._lock = threading.Lock()
        self._stopped = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Future[None] | None = None
        self._thread = threading.Thread(
            target=self._main,
            args=(eager_services, timeout, credential_check, account),
            name="efs-prefetch",
            daemon=True,
        )
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    @property
    def time_delta(self) -> int | None:
        return self._client.time_delta

    def join(self, timeout: float | None) -> None:
        self._thread.join(timeout)

    def pump(self) -> None:
        pass  # the thread reports as it goes

    def watch(self) -> None:
        pass

    def stop(self, timeout: float) -> None:
        with self._lock:
            self._stopped = True
            loop, task = self._loop, self._task
        if loop is not None and task is not None:
            with contextlib.suppress(RuntimeError):  # the loop is already closed: nothing to cancel
                loop.call_soon_threadsafe(task.cancel)
        if self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _main(self, eager_services: int, timeout: float, credential_check: bool, account: bool) -> None:
        loop = asyncio.new_event_loop()
        # Nothing from this thread may reach the terminal the TUI is drawing on.
        loop.set_exception_handler(lambda _loop, _context: None)
        # Any failure (timeout, close, network, a bug) only means the UI sends its own requests.
        try:
            with self._lock:
                if self._stopped:
                    return
                self._loop = loop
                chain = run_chain(self._client, self._prefetch, eager_services, timeout, credential_check, account)
                task = self._task = loop.create_task(chain)
            with contextlib.suppress(BaseException):
                loop.run_until_complete(task)
        finally:
            self._prefetch.abort_pending()
            with contextlib.suppress(BaseException):
                loop.run_until_complete(loop.shutdown_asyncgens())
            with self._lock:
                self._loop = None
            loop.close()


# -- which one, and the entry point -----------------------------------------------------------------


def prefetch_mode() -> Literal["process", "thread"]:
    """``"process"`` on Linux while this process runs a single thread, else ``"thread"`` (module docstring).

    The thread count is read from ``/proc/self/task``, which also sees threads started by C
    libraries; without ``/proc`` nothing is assumed and the thread is used.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return "thread"
    try:
        return "process" if len(os.listdir("/proc/self/task")) == 1 else "thread"
    except OSError:
        return "thread"


def start_prefetch(
    endpoint: str | Endpoint,
    credentials: Credentials,
    *,
    eager_services: int = DEFAULT_EAGER_SERVICES,
    rate_limit: float | RateBudget | None = None,
    rate_burst: int | None = None,
    max_concurrency: int = 8,
    timeout: float = 10.0,
    ttl: float = 10.0,
    credential_check: bool = False,
    account: bool = False,
    mode: Mode = "auto",
) -> Prefetch:
    """Start fetching the UI's first listings in a child process or a daemon thread; never raises.

    Args:
        endpoint, credentials, rate_limit, rate_burst, max_concurrency: as for the app's client. The
            prefetch has a bucket of its own (another event loop), and every request it made is
            charged to the app's client when handed over (``RateLimiter.charge``), so the two
            together stay within one fair-use budget.
        eager_services: the app's ``UiConfig.eager_services`` (which services' shares it loads).
        timeout: the whole prefetch gives up after this many seconds (what is pending then fails,
            so the UI sends those requests itself); a child is gone by then too.
        ttl: answers are served only within this many seconds of the start (never stale data).
        credential_check: also fetch ``GET /auth/currentCredential``, as the main screen does
            unless the session is read-only (pass ``not read_only``); only with an application
            key (an OAuth2 session has no such route: a failure would only be sent twice).
        account: the first screen is the account view (``efs-tui --account``): fetch what its walk
            asks first (services, every service's shares, the first listed share's snapshots)
            instead of the main screen's listings; ``eager_services`` is then not used.
        mode: ``"auto"`` (:func:`prefetch_mode`); ``"process"`` or ``"thread"`` force one (tests:
            ``"process"`` forks even beside other threads, which the automatic rule never does).

    Give the result to the app's client with ``client.use_prefetch(prefetch)`` and call
    :meth:`Prefetch.close` when the app exits.
    """
    prefetch = Prefetch(ttl=ttl)
    try:
        # Built here, so a configuration the client refuses fails here, before any fork or
        # thread; its pools (httpx, httpcore, the TLS context) are imported and built at its first
        # request, in the child or the thread.
        client = OvhClient(
            endpoint,
            credentials,
            rate_limit=rate_limit,
            rate_burst=rate_burst,
            max_concurrency=max_concurrency,
            retry=_NO_RETRY,
        )
        credential_check = credential_check and isinstance(credentials, ApplicationCredentials)
        chosen = prefetch_mode() if mode == "auto" else mode
        runner: Runner | None = None
        if chosen == "process":
            from efs_tui.startup.prefetch_child import fork_runner

            runner = fork_runner(prefetch, client, eager_services, timeout, credential_check, account)
            if runner is not None:
                announce_first(client, prefetch, credential_check)
        if runner is None:  # not forking, or the fork failed: the thread does the same work
            chosen = "thread"
            runner = _ThreadRunner(prefetch, client, eager_services, timeout, credential_check, account)
        prefetch._runner, prefetch.mode = runner, chosen
    except Exception:  # a bad configuration, no thread…: the UI simply loads as it always did
        prefetch.close()
    return prefetch


__all__ = ["DEFAULT_EAGER_SERVICES", "Prefetch", "PrefetchAborted", "prefetch_mode", "start_prefetch"]
