"""Start the UI's first three listings while Textual is still importing (cold start).

The main screen's first data is three dependent round trips: services, then
shares, then the first share's snapshots. Without help they start only once
Textual and every screen are imported and mounted. :func:`start_prefetch` sends
the very same GETs, in the very same order, from a daemon thread with its own
event loop and its own :class:`~efs_tui.api.client.OvhClient` (same endpoint,
credentials and rate limit) as soon as the credentials are known; the app's
client is then given the answers with :meth:`OvhClient.use_prefetch
<efs_tui.api.client.OvhClient.use_prefetch>`.

What it mirrors (``efs_tui.ui.widgets.service_tree`` and ``snapshot_pane``): ``GET /storage/netapp``; the
shares (``?detail=true``) of every service when there are at most
``eager_services`` of them, else of the first one; the snapshots
(``?detail=true``) of the first share of the first service that has one, in list
order, decided only once every earlier service's shares are known. A follow-up
answer is registered *before* the answer it depends on is handed out, so the UI
can never ask for it in between and send a duplicate.

It is one-shot and short-lived: each answer is served at most once, only within
``ttl`` seconds of the start, and a failure is never served (the UI then sends
its own request, which reports the error as usual). It never raises into the
app and never delays exit: :meth:`Prefetch.close` fails whatever is still
pending, cancels the thread's work and waits for it a bounded time. No Textual
import here.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import queue
import threading
import time
from typing import Any, Final

from efs_tui.api.auth import Credentials, Endpoint
from efs_tui.api.client import OvhClient, RequestRecord, RetryPolicy
from efs_tui.api.models import Service, Share
from efs_tui.api.ratelimit import RateBudget
from efs_tui.api.routes import is_uuid, netapp_path

DEFAULT_EAGER_SERVICES: Final = 3
"""The UI's default ``UiConfig.eager_services``: pass the value the app really uses."""

SERVICES_PATH: Final = netapp_path()

_NO_RETRY: Final = RetryPolicy(attempts=1)
"""A failed prefetch is not retried: the UI's own request (with its retries) takes over at once."""

Answer = concurrent.futures.Future[Any]


class PrefetchAborted(Exception):
    """The prefetch was closed or timed out before this answer arrived."""


def _settle(future: Answer, result: Any = None, error: BaseException | None = None) -> None:
    """Complete ``future`` unless it is already done or was cancelled by a caller that gave up."""
    with contextlib.suppress(concurrent.futures.InvalidStateError):
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)


class Prefetch:
    """Answers of the UI's first GETs, fetched in a background thread (see :func:`start_prefetch`).

    Implements :class:`efs_tui.api.client.PrefetchSource`.
    """

    def __init__(self, *, ttl: float = 10.0) -> None:
        self._lock = threading.Lock()
        self._answers: dict[tuple[str, str], Answer] = {}
        self._all: list[Answer] = []
        self._records: queue.SimpleQueue[RequestRecord] = queue.SimpleQueue()
        self._deadline = time.monotonic() + ttl
        self._closed = False
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Future[None] | None = None
        self._client: OvhClient | None = None
        self.urls: list[str] = []
        """Every URL prefetched, in the order the requests were started (tests, diagnostics)."""

    # -- what the client reads (any thread) ---------------------------------------------------

    def take(self, method: str, url: str) -> Answer | None:
        """Pop the answer for ``method url`` (GET only) if it is still fresh."""
        if method.upper() != "GET":
            return None
        with self._lock:
            if self._closed or time.monotonic() > self._deadline:
                return None
            return self._answers.pop(("GET", url), None)

    def drain_records(self) -> list[RequestRecord]:
        """The prefetching client's HTTP exchanges since the last call."""
        records: list[RequestRecord] = []
        with contextlib.suppress(queue.Empty):
            while True:
                records.append(self._records.get_nowait())
        return records

    @property
    def time_delta(self) -> int | None:
        """The prefetching client's clock offset, as soon as its ``GET /auth/time`` answered."""
        client = self._client
        return None if client is None else client.time_delta

    @property
    def active(self) -> bool:
        """Still running, or holding answers that may be served."""
        with self._lock:
            if self._closed or time.monotonic() > self._deadline:
                return False
            return bool(self._answers) or self.running

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end (tests, diagnostics); ``True`` if it has."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.running

    def expire(self) -> None:
        """Serve nothing more from now on, as when ``ttl`` runs out (tests, and a caller that knows better)."""
        with self._lock:
            self._deadline = time.monotonic() - 1

    def pending(self) -> list[str]:
        """The URLs whose answers have not been taken yet."""
        with self._lock:
            return [url for _, url in self._answers]

    # -- lifecycle (the app's thread) ---------------------------------------------------------

    def close(self, timeout: float = 0.5) -> None:
        """Fail what is still pending, cancel the thread's requests and wait at most ``timeout`` s.

        Safe to call twice, from any thread, before or after the prefetch ended.
        """
        with self._lock:
            self._closed = True
            self._answers.clear()
            futures = list(self._all)
            loop, task = self._loop, self._task
        for future in futures:
            _settle(future, error=PrefetchAborted("the prefetch was closed"))
        if loop is not None and task is not None:
            with contextlib.suppress(RuntimeError):  # the loop is already closed: nothing to cancel
                loop.call_soon_threadsafe(task.cancel)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def __enter__(self) -> Prefetch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the thread ---------------------------------------------------------------------------

    def _start(self, client: OvhClient, eager_services: int, timeout: float) -> None:
        self._thread = threading.Thread(
            target=self._thread_main, args=(client, eager_services, timeout), name="efs-prefetch", daemon=True
        )
        self._thread.start()

    def _thread_main(self, client: OvhClient, eager_services: int, timeout: float) -> None:
        loop = asyncio.new_event_loop()
        # Nothing from this thread may reach the terminal the TUI is drawing on.
        loop.set_exception_handler(lambda _loop, _context: None)
        # Any failure (timeout, close, network, a bug) only means the UI sends its own requests.
        try:
            with self._lock:
                if self._closed:
                    return
                self._loop = loop
                task = self._task = loop.create_task(self._run(client, eager_services, timeout))
            with contextlib.suppress(BaseException):
                loop.run_until_complete(task)
        finally:
            self._abort_pending()
            with contextlib.suppress(BaseException):
                loop.run_until_complete(loop.shutdown_asyncgens())
            with self._lock:
                self._loop = None
            loop.close()

    def _abort_pending(self) -> None:
        with self._lock:
            futures = list(self._all)
        for future in futures:
            _settle(future, error=PrefetchAborted("the prefetch ended without this answer"))

    async def _run(self, client: OvhClient, eager_services: int, timeout: float) -> None:
        self._client = client
        async with client:
            client.add_listener(self._records.put)
            await asyncio.wait_for(self._chain(client, eager_services), timeout)

    def _register(self, client: OvhClient, path: str, params: dict[str, Any] | None) -> tuple[Answer, str] | None:
        """A pending answer for ``GET path?params``, visible to :meth:`take` from now on."""
        url = client._url(path, params)  # the exact URL the app's client builds for the same call
        future: Answer = concurrent.futures.Future()
        with self._lock:
            if self._closed:
                return None
            self._answers[("GET", url)] = future
            self._all.append(future)
            self.urls.append(url)
        return future, url

    async def _fetch(self, client: OvhClient, path: str, params: dict[str, Any] | None) -> Any:
        return await client.get(path, **(params or {}))

    async def _chain(self, client: OvhClient, eager_services: int) -> None:
        slot = self._register(client, SERVICES_PATH, None)
        if slot is None:
            return
        services_answer, _ = slot
        try:
            data = await self._fetch(client, SERVICES_PATH, None)
        except Exception as error:
            _settle(services_answer, error=error)
            return
        try:
            # As the app's client reads it: an item without an id is skipped there too.
            service_ids = [Service.from_json(item).id for item in data or [] if _has_id(item)]
        except Exception:  # the UI cannot read it either: it will ask itself and report it
            _settle(services_answer, data)
            return
        eager = service_ids if len(service_ids) <= eager_services else service_ids[:1]
        chain = _FirstShare(self, client, service_ids)
        # The shares answers are registered before the services answer is handed out (no duplicate).
        # An id the URL gate would refuse is not prefetched: the app's own call reports it.
        slots = {sid: self._register(client, _shares_path(sid), {"detail": True}) for sid in eager if is_uuid(sid)}
        _settle(services_answer, data)
        await asyncio.gather(*(chain.load_shares(sid, slot) for sid, slot in slots.items() if slot is not None))
        if chain.snapshots is not None:
            await chain.snapshots


class _FirstShare:
    """The shares listings, and the first share's snapshots once the UI's rule can decide it."""

    def __init__(self, prefetch: Prefetch, client: OvhClient, service_ids: list[str]) -> None:
        self.prefetch = prefetch
        self.client = client
        self.service_ids = service_ids
        self.shares: dict[str, list[str] | None] = {}
        """Share ids by service, ``None`` for a failed or unreadable listing; absent: not known."""
        self.snapshots: asyncio.Task[None] | None = None

    async def load_shares(self, service_id: str, slot: tuple[Answer, str]) -> None:
        answer, _ = slot
        params = {"detail": True}
        try:
            data = await self.prefetch._fetch(self.client, _shares_path(service_id), params)
        except Exception as error:
            self.shares[service_id] = None
            _settle(answer, error=error)
            return
        try:
            self.shares[service_id] = [Share.from_json(item).id for item in data or [] if _has_id(item)]
        except Exception:
            self.shares[service_id] = None
        # No await between here and the settle: the snapshots answer exists before the UI can ask.
        self._maybe_start_snapshots()
        _settle(answer, data)

    def _maybe_start_snapshots(self) -> None:
        """``_pick_first_share``: the first share of the first service that has one, in list order.

        Registers the snapshots answer at once (synchronously): the caller hands out the shares
        answer right after, and the UI may ask for the snapshots as soon as it has it.
        """
        if self.snapshots is not None:
            return
        for service_id in self.service_ids:
            if service_id not in self.shares:
                return  # an earlier service is still loading (or is never loaded): the UI waits too
            share_ids = self.shares[service_id]
            if share_ids is None:
                return  # its listing failed here: the UI asks again itself and decides then
            if share_ids:
                if not is_uuid(share_ids[0]):
                    return  # the URL gate refuses it: the app's own call reports that
                path = netapp_path(service_id, share_id=share_ids[0], leaf="snapshot")
                slot = self.prefetch._register(self.client, path, {"detail": True})
                if slot is not None:
                    self.snapshots = asyncio.ensure_future(self._load_snapshots(path, slot[0]))
                return

    async def _load_snapshots(self, path: str, answer: Answer) -> None:
        try:
            data = await self.prefetch._fetch(self.client, path, {"detail": True})
        except Exception as error:
            _settle(answer, error=error)
            return
        _settle(answer, data)


def _has_id(item: Any) -> bool:
    """The app's client skips list items without an id (``efs_tui.api.client._list_of``): so does this."""
    return not isinstance(item, dict) or (isinstance(item.get("id"), str) and bool(item["id"]))


def _shares_path(service_id: str) -> str:
    return netapp_path(service_id, leaf="share")


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
) -> Prefetch:
    """Start fetching the UI's first listings in a daemon thread; never raises.

    Args:
        endpoint, credentials, rate_limit, rate_burst, max_concurrency: as for the app's client. The
            prefetch has a bucket of its own (another thread, another event loop), and every request
            it made is charged to the app's client when handed over (``RateLimiter.charge``), so the
            two together stay within one fair-use budget.
        eager_services: the app's ``UiConfig.eager_services`` (which services' shares it loads).
        timeout: the whole prefetch gives up after this many seconds (what is pending then fails,
            so the UI sends those requests itself).
        ttl: answers are served only within this many seconds of the start (never stale data).

    Give the result to the app's client with ``client.use_prefetch(prefetch)`` and call
    :meth:`Prefetch.close` when the app exits.
    """
    prefetch = Prefetch(ttl=ttl)
    try:
        # Built here, not in the thread: its one-off costs (the TLS context, httpcore's import,
        # ~30 ms) are the app client's too and then paid once; in the thread they would compete
        # for the GIL with Textual's import and delay the first request (measured: ~50 ms).
        client = OvhClient(
            endpoint,
            credentials,
            rate_limit=rate_limit,
            rate_burst=rate_burst,
            max_concurrency=max_concurrency,
            retry=_NO_RETRY,
        )
        prefetch._start(client, eager_services, timeout)
    except Exception:  # a bad configuration, no thread…: the UI simply loads as it always did
        prefetch.close()
    return prefetch


__all__ = ["DEFAULT_EAGER_SERVICES", "Prefetch", "PrefetchAborted", "start_prefetch"]
