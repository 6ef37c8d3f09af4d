"""The asynchronous OVHcloud API client for `/storage/netapp`.

One :class:`OvhClient` owns one pooled ``httpx.AsyncClient``. It signs what it
actually sends (the request is built first, then the final URL and body bytes are
signed), retries only what is safe to retry (GETs, on transport errors, 408, 429
and 5xx, with jittered backoff), and reports every HTTP exchange to listeners
(the activity log, the benchmarks) without ever exposing headers or secrets.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import json
import random
import ssl
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, NamedTuple, Protocol, TypeVar
from urllib.parse import urlencode

from .auth import (
    ApplicationCredentials,
    Credentials,
    Endpoint,
    NoCredentials,
    OAuth2Credentials,
    resolve_endpoint,
    signature,
)
from .errors import (
    OAUTH2_LOGIN_HINT,
    ApiError,
    InvalidConfiguration,
    InvalidResponse,
    InvalidSignature,
    NetworkError,
    OAuth2Failure,
    OvhError,
    QueryOutOfTime,
    RateLimited,
    RequestTimeout,
    ServerError,
    Unauthorized,
    error_from_response,
)
from .models import Service, Share, Snapshot
from .network import network_error
from .ratelimit import RateBudget, RateLimiter, budget_from
from .routes import check_path, netapp_path, require_uuid

if TYPE_CHECKING:
    # Imported by the first request only (see :meth:`OvhClient._open_pools`): the app builds its
    # client before the first frame and serves its first listings from the start-up prefetch, so
    # the parent process imports httpx (~90 ms) only once its first table is on screen.
    import httpx

    from .models.credentials import ApiCredential, CredentialRequest
    from .models.policies import PolicyRule, ShareSnapshotPolicy, SnapshotPolicy, SnapshotReserve

USER_AGENT: Final = "efs-tui/0.1 (+httpx)"

#: Marks "leave this field unchanged" in updates, as opposed to ``None`` ("clear it").
UNSET: Final = object()

SAFE_METHODS: Final = frozenset({"GET", "HEAD"})

T = TypeVar("T")

POOL_SIZE: Final = 8
"""Connections per ``httpx`` pool; above this many requests in flight the client uses several pools.

httpcore's pool rescans every connection (and, for each idle one, the whole list again; plus a
socket check per connection) whenever a request starts or ends, so its cost per request grows with
the square of the pool size: with 64 connections in one pool a 211-request inventory spent ~0.9 s of
CPU there (the "stall above ~32 connections"). Pools of 8 keep that cost flat; requests go to the
pool with the fewest in flight, so no pool ever holds more than ``ceil(max_concurrency / pools)``.
"""


class RequestRecord(NamedTuple):
    """One HTTP exchange, as shown in the activity log. Holds no header and no body.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    method: str
    path: str
    status: int | None
    duration: float
    query_id: str | None
    attempt: int
    error: str | None = None
    started_at: float = 0.0
    note: str | None = None
    """Why this exchange is unusual, for the activity log: a resend (and why it was safe), or skipped items."""
    skipped: int = 0
    """How many list items the answer held without an ``id`` (skipped, the rest of the list is kept)."""


RESENT_AFTER_CLOCK: Final = "resent once after the API refused the timestamp or signature: nothing was applied"
"""The note on the second attempt after a QUERY_TIME_OUT / INVALID_SIGNATURE refusal (see ``time_sync``)."""

RESENT_AFTER_TOKEN: Final = "resent once with a new OAuth2 token after the API refused the old one: nothing was applied"

MAX_PAGES: Final = 1000
"""A paged list stops after this many pages (a server that never ends its cursor chain)."""


class ItemList(list[T]):
    """One parsed list answer; ``skipped`` counts the items left out because they had no ``id``."""

    skipped: int = 0
    what: str = "items"


class _Call(NamedTuple):
    """One call as every attempt (and page) of it is sent: what the retry loop and the signer share.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    method: str
    url: str
    shown_path: str
    """The path and query string, as logged and named in errors."""
    content: bytes
    headers: dict[str, str]
    authenticate: bool
    parse: Callable[[Any], Any] | None


class _Page:
    """The cursor sent with one page request, and the ``X-Pagination-Cursor-Next`` its answer gave."""

    __slots__ = ("cursor", "next")

    def __init__(self, cursor: str | None) -> None:
        self.cursor = cursor
        self.next: str | None = None


class RetryPolicy(NamedTuple):
    """How many times, and how patiently, a safe request is retried.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    attempts: int = 3
    base_delay: float = 0.3
    max_delay: float = 5.0
    max_retry_after: float = 30.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Jittered exponential backoff, or the server's ``Retry-After`` when it gave one."""
        if retry_after is not None:
            return retry_after
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return random.uniform(ceiling / 2, ceiling)


RequestListener = Callable[[RequestRecord], None]


class PrefetchSource(Protocol):
    """Answers fetched ahead of time by another client (see :mod:`efs_tui.startup.prefetch`).

    Thread-safe: the answers are fetched in another thread, on another event loop.
    """

    def take(self, method: str, url: str) -> concurrent.futures.Future[Any] | None:
        """The one-shot answer (decoded JSON) for exactly this method and full URL, if any."""

    def drain_records(self) -> list[RequestRecord]:
        """The HTTP exchanges the prefetching client made since the last call (for the listeners)."""

    @property
    def time_delta(self) -> int | None:
        """The API's clock minus ours, once the prefetching client knows it."""

    @property
    def active(self) -> bool:
        """``False`` once it has nothing left to serve or to report: the client then forgets it."""


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default verifying context (certifi's CAs), built once per process.

    Building it costs ~20 ms (parsing the CA bundle); every pool of every client shares it.
    """
    import httpx

    return httpx.create_ssl_context()


@functools.cache
def _plain_http_context() -> ssl.SSLContext:
    """The context of pools whose every URL is plain ``http://`` (a loopback emulator): verifying, trusting no CA.

    httpx builds a context for every pool, and its default one parses the CA bundle: work a
    client that never speaks TLS has no use for (on the start-up path of ``--demo`` and the
    tests). Were an ``https://`` URL ever sent through such a pool, its certificate could not be
    verified and the request would fail; it is never sent unverified.
    """
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _speaks_tls(urls: Iterable[str | None]) -> bool:
    """Whether any of ``urls`` (the API base, the OAuth2 token URL) is anything but plain ``http://``."""
    return any(url is not None and not url.lower().startswith("http://") for url in urls)


def _encode_param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


class OvhClient:
    """Async client for the OVHcloud v1 API, specialised for Enterprise File Storage.

    Args:
        endpoint: an endpoint name (``ovh-eu``…) or a base URL such as the emulator's.
        credentials: application (AK/AS/CK) or OAuth2 credentials, or none.
        token_url: OAuth2 token URL override (custom endpoints).
        timeout: read/write timeout in seconds; ``connect_timeout`` for connecting.
        retry: the retry policy for safe requests.
        rate_limit: the client-side budget: ``None`` (default) for fair use on real endpoints
            (:data:`~efs_tui.api.ratelimit.DEFAULT_BUDGET`, none on loopback), requests per
            second, a :class:`~efs_tui.api.ratelimit.RateBudget`, or ``0`` (``NO_LIMIT``) for none.
        rate_burst: the bucket size with a ``rate_limit`` in requests per second (default 10).
        max_concurrency: at most this many requests in flight at once (default 8: the UI's share of
            a rate-limited account; bulk reads such as :func:`~efs_tui.api.inventory.fetch_inventory`
            may opt into more, see ``INVENTORY_CONCURRENCY`` there).
        transport: an httpx transport, for tests that need one.
        time_sync: ``"optimistic"`` (default) signs the first call with the local clock while
            ``GET /auth/time`` runs alongside, saving a round trip at start-up on NTP-synced
            machines; a refusal for the timestamp (or the signature) is then answered by
            re-syncing and resending once, which is safe because the API refused the call
            before doing anything. ``"first"`` fetches the server time before the first call,
            as python-ovh does.
    """

    def __init__(
        self,
        endpoint: str | Endpoint = "ovh-eu",
        credentials: Credentials | None = None,
        *,
        token_url: str | None = None,
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        rate_limit: float | RateBudget | None = None,
        rate_burst: int | None = None,
        max_concurrency: int = 8,
        transport: httpx.AsyncBaseTransport | None = None,
        time_sync: str = "optimistic",
    ) -> None:
        self.endpoint = endpoint if isinstance(endpoint, Endpoint) else resolve_endpoint(endpoint, token_url)
        self.credentials: Credentials = credentials or NoCredentials()
        if isinstance(self.credentials, OAuth2Credentials) and not self.endpoint.token_url:
            raise InvalidConfiguration(f"OAuth2 is not available on endpoint {self.endpoint.name}")
        self.retry = retry or RetryPolicy()
        if max_concurrency < 1:
            raise InvalidConfiguration(f"max_concurrency must be at least 1, not {max_concurrency}")
        pools = -(-max_concurrency // POOL_SIZE)
        per_pool = -(-max_concurrency // pools)
        self._timeouts = (timeout, connect_timeout)
        self._pool_size = per_pool
        self._pool_options: dict[str, Any] = {
            "headers": {"User-Agent": USER_AGENT, "Accept": "application/json"},
            "transport": transport,
            "follow_redirects": False,
        }
        self._pools: list[httpx.AsyncClient] = []
        """Built by :meth:`_open_pools` at the first request."""
        self._in_flight = [0] * pools
        self._closed = False
        if isinstance(rate_limit, RateBudget):
            self.budget: RateBudget | None = rate_limit
        else:
            try:
                self.budget = budget_from(rate_limit, rate_burst, self.endpoint.base_url)
            except ValueError as exc:
                raise InvalidConfiguration(f"invalid rate limit: {exc}") from None
        self._limiter = RateLimiter.of(self.budget) if self.budget else None
        self._concurrency = asyncio.Semaphore(max_concurrency)
        if time_sync not in ("optimistic", "first"):
            raise InvalidConfiguration(f"time_sync must be 'optimistic' or 'first', not {time_sync!r}")
        self.time_sync = time_sync
        self._time_delta: int | None = None
        self._sync_task: asyncio.Future[int] | None = None
        self._token: str | None = None
        self._token_expiry = 0.0
        self._token_lock = asyncio.Lock()
        self._listeners: list[RequestListener] = []
        self._prefetch: PrefetchSource | None = None
        #: Number of HTTP requests sent (every attempt counts), for benchmarks and tests.
        self.request_count = 0

    # -- lifecycle -----------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool (and drop a clock sync still in flight)."""
        if self._sync_task is not None and not self._sync_task.done():
            self._sync_task.cancel()
        self._closed = True
        for pool in self._pools:
            await pool.aclose()

    async def __aenter__(self) -> OvhClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    @property
    def is_closed(self) -> bool:
        return self._closed

    @property
    def in_flight(self) -> int:
        """Requests sent and not answered yet (progress displays)."""
        return sum(self._in_flight)

    @property
    def waiting_for_budget(self) -> int:
        """Requests held back by the rate budget right now (progress displays)."""
        return self._limiter.waiting if self._limiter is not None else 0

    def add_listener(self, listener: RequestListener) -> None:
        """Call ``listener`` after every HTTP exchange (from the event loop)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: RequestListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def time_delta(self) -> int | None:
        """The API's clock minus ours in seconds, once known (``None`` before the first sync)."""
        return self._time_delta

    def api_time(self, local: datetime) -> datetime:
        """``local`` (a reading of our clock) on the API's clock, which stamped ``createdAt``.

        The offset is read to the second, after a round trip (``GET /auth/time`` answers whole
        seconds), so an offset of one second is the reading's own error, not the clocks': it is
        ignored, and a plan made twice at the same moment measures the same ages (the TUI's
        retention preview and ``snapshots prune`` both read the API's clock here).
        """
        delta = self._time_delta or 0
        return local + timedelta(seconds=delta if abs(delta) > 1 else 0)

    def use_prefetch(self, prefetch: PrefetchSource | None) -> None:
        """Serve GETs from answers fetched ahead of time (start-up), each at most once.

        A GET whose exact URL ``prefetch`` holds awaits that answer instead of sending a
        request; if the prefetch failed (or its answer cannot be parsed) the call is sent
        as usual, so errors carry their status and query id exactly as without it. The
        prefetching client's own exchanges are passed on to this client's listeners, and
        its clock offset is adopted if this client has none yet. Writes never use it.
        """
        self._prefetch = prefetch

    def redact(self, text: str) -> str:
        """Remove this client's secrets (and its bearer token) from ``text``."""
        text = self.credentials.redact(text)
        if self._token:
            text = text.replace(self._token, "***")
        return text

    # -- low level -----------------------------------------------------------------------

    def _open_pools(self) -> list[httpx.AsyncClient]:
        """The ``httpx`` pools, built at the first request rather than with the client.

        Building them imports httpcore and, for ``https://``, parses the CA bundle (~20-40 ms
        together): at start-up the app's client is built before the first frame, while its first
        own request comes after it (the first listings come from the prefetch).
        """
        if not self._pools:
            if self._closed:
                raise RuntimeError("Cannot send a request, as the client has been closed.")
            endpoint = self.endpoint
            tls = _speaks_tls((endpoint.base_url, endpoint.token_url))
            verify = _tls_context() if tls else _plain_http_context()
            import httpx

            timeout, connect = self._timeouts
            options = {
                **self._pool_options,
                "timeout": httpx.Timeout(timeout, connect=connect),
                "limits": httpx.Limits(max_connections=self._pool_size * 2, max_keepalive_connections=self._pool_size),
            }
            self._pools = [httpx.AsyncClient(verify=verify, **options) for _ in self._in_flight]
        return self._pools

    @property
    def _http(self) -> httpx.AsyncClient:
        """The first pool: builds every request, and sends the OAuth2 token requests."""
        return self._open_pools()[0]

    def _url(self, path: str, params: dict[str, Any] | None) -> str:
        base = self.endpoint.base_url
        if path.startswith(("/v1/", "/v2/")) and base.endswith("/1.0"):
            base = base[: -len("/1.0")]
        url = base + path
        if params:
            query = urlencode([(k, _encode_param(v)) for k, v in params.items()])
            url += "?" + query
        return url

    async def server_time(self) -> int:
        """``GET /auth/time``: the API's clock, in Unix seconds."""
        value = await self._send("GET", "/auth/time", authenticate=False)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidResponse("GET /auth/time did not answer a number", method="GET", path="/auth/time")
        return int(value)

    async def sync_time(self) -> int:
        """Fetch the API's clock and remember its offset from ours; returns the offset in seconds.

        Concurrent callers share one ``GET /auth/time`` instead of sending one each.
        """
        if self._sync_task is None or self._sync_task.done():
            self._sync_task = self._start_sync()
        return await asyncio.shield(self._sync_task)

    def _start_sync(self) -> asyncio.Future[int]:
        async def fetch() -> int:
            server = await self.server_time()
            self._time_delta = server - int(time.time())
            return self._time_delta

        task = asyncio.ensure_future(fetch())
        # A failed background sync is retried on demand; its error must not be reported as lost.
        task.add_done_callback(lambda done: done.cancelled() or done.exception())
        return task

    async def _timestamp(self) -> int:
        """The server's current time: local clock + a delta fetched once (see ``time_sync``)."""
        if self._time_delta is not None:
            return int(time.time()) + self._time_delta
        if self.time_sync == "optimistic":
            if self._sync_task is None:
                self._sync_task = self._start_sync()
            return int(time.time())
        return int(time.time()) + await self.sync_time()

    async def _bearer(self, force: bool = False) -> str:
        """A valid OAuth2 access token, fetched lazily and refreshed on expiry."""
        assert isinstance(self.credentials, OAuth2Credentials)
        import httpx  # bound for the ``except`` below (a dictionary look-up once the pools exist)

        async with self._token_lock:
            if not force and self._token and time.monotonic() < self._token_expiry:
                return self._token
            token_url = self.endpoint.token_url
            assert token_url is not None
            started = time.monotonic()
            status: int | None = None
            try:
                response = await self._http.post(
                    token_url,
                    data={"grant_type": "client_credentials", "scope": "all"},
                    auth=(self.credentials.client_id, self.credentials.client_secret),
                    headers={"Accept": "application/json"},
                )
                status = response.status_code
            except httpx.TransportError as exc:
                host = httpx.URL(token_url).host
                error = network_error(exc, host, method="POST", path="(oauth2 token)")
                error.message = f"OAuth2 token endpoint: {error.message}"
                error.sent = False  # whatever happened to the token request, the API call never left
                raise error from None
            finally:
                self.request_count += 1
                self._notify(RequestRecord("POST", "(oauth2 token)", status, time.monotonic() - started, None, 1))
            try:
                data = response.json()
            except ValueError:
                data = None
            if response.status_code != 200 or not isinstance(data, dict) or not data.get("access_token"):
                reason = ""
                if isinstance(data, dict) and data.get("error"):
                    reason = f"({data.get('error')}) {data.get('error_description', '')}".strip()
                else:
                    reason = f"token creation failed with status {response.status_code}"
                failure = OAuth2Failure(f"OAuth2 failure: {reason}", status=response.status_code)
                if 400 <= response.status_code < 500 and response.status_code not in (408, 429):
                    failure.hint = OAUTH2_LOGIN_HINT
                raise failure
            expires_in = float(data.get("expires_in") or 3600)
            self._token = str(data["access_token"])
            self._token_expiry = time.monotonic() + expires_in - min(30.0, expires_in * 0.1)
            return self._token

    async def _headers(self, request: httpx.Request, authenticate: bool) -> None:
        creds = self.credentials
        if isinstance(creds, OAuth2Credentials):
            if authenticate:
                request.headers["Authorization"] = f"Bearer {await self._bearer()}"
            return
        if isinstance(creds, ApplicationCredentials):
            request.headers["X-Ovh-Application"] = creds.application_key
            if not authenticate:
                return
            if not creds.consumer_key:
                raise InvalidConfiguration("No consumer key: run `efs-tui login` first")
            timestamp = str(await self._timestamp())
            request.headers["X-Ovh-Consumer"] = creds.consumer_key
            request.headers["X-Ovh-Timestamp"] = timestamp
            request.headers["X-Ovh-Signature"] = signature(
                creds.application_secret,
                creds.consumer_key,
                request.method,
                str(request.url),
                request.content,
                timestamp,
            )
        elif authenticate:
            raise InvalidConfiguration("No credentials configured for an authenticated call")

    def _notify(self, record: RequestRecord) -> None:
        for listener in list(self._listeners):
            with contextlib.suppress(Exception):  # a broken log view must never break API calls
                listener(record)

    def _forward_prefetch(self, prefetch: PrefetchSource) -> None:
        """Report the prefetching client's exchanges and adopt its clock; forget it once spent."""
        try:
            spent = not prefetch.active  # read first: once inactive, nothing more can be recorded
            records = prefetch.drain_records()
            if self._limiter is not None and records:
                self._limiter.charge(len(records))  # the prefetch spent this client's budget
            for record in records:
                self._notify(record)
            if self._time_delta is None:
                self._time_delta = prefetch.time_delta
        except Exception:  # a broken prefetch must never break a call: forget it
            spent = True
        if spent and self._prefetch is prefetch:
            self._prefetch = None

    async def _from_prefetch(
        self, prefetch: PrefetchSource, method: str, url: str, parse: Callable[[Any], Any] | None
    ) -> tuple[bool, Any]:
        """``(True, value)`` when ``prefetch`` answers this call; ``(False, None)``: send it."""
        self._forward_prefetch(prefetch)
        if method != "GET":
            return False, None
        try:
            future = prefetch.take(method, url)
        except Exception:  # a broken prefetch must never break a call: forget it
            self._prefetch = None
            future = None
        if future is None:
            return False, None
        try:
            data = await asyncio.wrap_future(future)
            return True, (data if parse is None else parse(data))
        except Exception:  # a failed (or unreadable) prefetch: the real request reports it properly
            return False, None
        finally:
            self._forward_prefetch(prefetch)

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        authenticate: bool = True,
        parse: Callable[[Any], Any] | None = None,
        pages: bool = False,
    ) -> Any:
        """Send one call, retrying only where that is safe; return the decoded JSON (or ``None``).

        ``parse`` turns the JSON into models while the answer's status and query id are at
        hand, so an answer efs-tui cannot read becomes an :class:`InvalidResponse` that a
        user can report (status, query id), never a bare ``ValueError``. With ``pages`` a
        list answer carrying ``X-Pagination-Cursor-Next`` is followed (OVH's cursor paging:
        the cursor goes back in ``X-Pagination-Cursor``) and the pages are joined.

        Every path goes through :func:`~efs_tui.api.routes.check_path` first: a
        `/storage/netapp` path whose segments are not route words or UUIDs is refused with
        :class:`~efs_tui.api.errors.InvalidIdentifier` before anything is built or sent.
        """
        method = method.upper()
        check_path(path)
        url = self._url(path, params)
        if self._prefetch is not None:
            served, value = await self._from_prefetch(self._prefetch, method, url, parse)
            if served:
                return value
        shown_path = path + (url[url.index("?") :] if "?" in url else "")
        content = b""
        headers: dict[str, str] = {}
        if body is not None:
            content = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        call = _Call(method, url, shown_path, content, headers, authenticate, parse)
        if not pages or method != "GET":
            return await self._send_once(call, None)
        joined: list[Any] = []
        seen: set[str] = set()
        page = _Page(None)
        for _ in range(MAX_PAGES):
            value = await self._send_once(call, page)
            if not isinstance(value, list):
                return joined or value
            joined.extend(value)
            if not page.next or page.next in seen:
                break
            seen.add(page.next)
            page = _Page(page.next)
        return joined if len(seen) else value

    async def _send_once(self, call: _Call, page: _Page | None) -> Any:
        """One request (one page), with the safe retries and the one-time re-sign-and-resend."""
        if page is not None and page.cursor is not None:
            call = call._replace(headers={**call.headers, "X-Pagination-Cursor": page.cursor})
        method, authenticate = call.method, call.authenticate
        attempt = 0
        resynced = False
        reauthed = False
        note: str | None = None
        while True:
            attempt += 1
            try:
                return await self._attempt(call, attempt, page, note)
            except (QueryOutOfTime, InvalidSignature):
                # Refused before anything was done (a clock off, or drifted since the last sync):
                # safe to re-sync the clock and resend once. A wrong secret fails again, and is raised.
                if resynced or not authenticate or not isinstance(self.credentials, ApplicationCredentials):
                    raise
                resynced = True
                note = RESENT_AFTER_CLOCK
                await self.sync_time()
            except Unauthorized:
                # An expired bearer token: nothing was done, fetch a new token and resend once.
                if reauthed or not isinstance(self.credentials, OAuth2Credentials) or not authenticate:
                    raise
                reauthed = True
                note = RESENT_AFTER_TOKEN
                await self._bearer(force=True)
            except (NetworkError, RequestTimeout, RateLimited, ServerError) as error:
                if method not in SAFE_METHODS or attempt >= self.retry.attempts:
                    if method not in SAFE_METHODS and isinstance(error, NetworkError):
                        if error.sent:
                            error.message += " (the server may or may not have applied it: refresh to check)"
                        else:
                            error.message += " (the request never left this machine: nothing was applied)"
                    raise
                retry_after = error.retry_after if isinstance(error, RateLimited) else None
                if retry_after is not None and retry_after > self.retry.max_retry_after:
                    raise
                note = None
                await asyncio.sleep(self.retry.delay(attempt, retry_after))

    async def _attempt(self, call: _Call, attempt: int, page: _Page | None, note: str | None) -> Any:
        request = self._http.build_request(call.method, call.url, content=call.content or None, headers=call.headers)
        async with self._concurrency:
            if self._limiter is not None:
                await self._limiter.acquire()
            # Signed last, right before sending: a request that queued behind the concurrency limit
            # or the rate limit must not carry a timestamp that has aged past the API's tolerance.
            await self._headers(request, call.authenticate)
            return await self._exchange(request, call.method, call.shown_path, attempt, call.parse, page, note)

    async def _exchange(
        self,
        request: httpx.Request,
        method: str,
        shown_path: str,
        attempt: int,
        parse: Callable[[Any], Any] | None = None,
        page: _Page | None = None,
        note: str | None = None,
    ) -> Any:
        """Send one signed request and decode its answer, reporting it to the listeners."""
        import httpx  # bound for the ``except`` below (loaded: a pool built ``request``)

        started_wall = time.time()
        started = time.monotonic()
        status: int | None = None
        query_id: str | None = None
        error_name: str | None = None
        skipped = 0
        try:
            self.request_count += 1
            pool = min(range(len(self._in_flight)), key=self._in_flight.__getitem__)
            self._in_flight[pool] += 1
            try:
                response = await self._open_pools()[pool].send(request)
            except httpx.TransportError as exc:
                error = network_error(exc, request.url.host, method=method, path=shown_path)
                error_name = "timeout" if error.reason == "timeout" else (error.reason or type(exc).__name__)
                raise error from None
            finally:
                self._in_flight[pool] -= 1
            status = response.status_code
            query_id = response.headers.get("X-Ovh-QueryID")
            if status >= 400:
                api_error = error_from_response(
                    status,
                    response.content,
                    query_id=query_id,
                    method=method,
                    path=shown_path,
                    retry_after=response.headers.get("Retry-After"),
                )
                error_name = api_error.error_code or api_error.error_class or type(api_error).__name__
                raise api_error
            if page is not None:
                page.next = response.headers.get("X-Pagination-Cursor-Next") or None
                if page.cursor is not None:
                    note = note or "next page (X-Pagination-Cursor)"
            data = self._decode(response, method, shown_path, query_id)
            if parse is None:
                return data
            try:
                result = parse(data)
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
                error_name = "InvalidResponse"
                raise InvalidResponse(
                    f"The API answered {status} with data efs-tui cannot read ({str(exc)[:160]})",
                    status=status,
                    query_id=query_id,
                    method=method,
                    path=shown_path,
                ) from None
            if isinstance(result, ItemList) and result.skipped:
                skipped = result.skipped
                skip_note = f"skipped {skipped} {result.what} without an id (the rest of the list is shown)"
                note = f"{note}; {skip_note}" if note else skip_note
            return result
        finally:
            self._notify(
                RequestRecord(
                    method,
                    shown_path,
                    status,
                    time.monotonic() - started,
                    query_id,
                    attempt,
                    error_name,
                    started_wall,
                    note,
                    skipped,
                )
            )

    @staticmethod
    def _decode(response: httpx.Response, method: str, path: str, query_id: str | None) -> Any:
        if response.status_code == 204 or not response.content.strip():
            return None
        try:
            return response.json()
        except ValueError:
            raise InvalidResponse(
                "The API answered with a body that is not JSON",
                status=response.status_code,
                query_id=query_id,
                method=method,
                path=path,
            ) from None

    async def _call(
        self,
        method: str,
        path: str,
        *,
        parse: Callable[[Any], T],
        params: dict[str, Any] | None = None,
        body: Any = None,
    ) -> T:
        """:meth:`_send` with a typed result."""
        value: T = await self._send(method, path, params=params, body=body, parse=parse)
        return value

    async def get(self, path: str, **params: Any) -> Any:
        """Signed GET; keyword arguments become the query string; a paged list is followed to its end.

        ``path`` must come from :func:`~efs_tui.api.routes.netapp_path` (it is checked again here).
        """
        return await self._send("GET", path, params=params or None, pages=True)

    async def post(self, path: str, body: Any = None) -> Any:
        return await self._send("POST", path, body=body)

    async def put(self, path: str, body: Any = None) -> Any:
        return await self._send("PUT", path, body=body)

    async def delete(self, path: str) -> Any:
        return await self._send("DELETE", path)

    # -- auth ----------------------------------------------------------------------------

    async def request_credential(
        self,
        access_rules: Iterable[dict[str, str]],
        redirection: str | None = None,
    ) -> CredentialRequest:
        """``POST /auth/credential``: ask for a consumer key (needs only the application key)."""
        from .models.credentials import CredentialRequest

        body: dict[str, Any] = {"accessRules": list(access_rules)}
        if redirection:
            body["redirection"] = redirection
        data = await self._send("POST", "/auth/credential", body=body, authenticate=False)
        try:
            return CredentialRequest.from_json(data)
        except ValueError as exc:
            raise InvalidResponse(str(exc), method="POST", path="/auth/credential") from None

    async def current_credential(self) -> ApiCredential:
        """``GET /auth/currentCredential``: status and rules of the consumer key in use."""
        from .models.credentials import ApiCredential

        return await self._call("GET", "/auth/currentCredential", parse=ApiCredential.from_json)

    async def logout(self) -> None:
        """``POST /auth/logout``: expire the consumer key in use, server side."""
        await self._send("POST", "/auth/logout")

    # -- services and shares ---------------------------------------------------------------
    # Every path below comes from the one gate, efs_tui.api.routes.netapp_path: an id that is not a
    # UUID raises InvalidIdentifier there, before any request is built.

    async def list_services(self) -> list[Service]:
        return await self._list(netapp_path(), Service.from_json, "services")

    async def get_service(self, service_id: str) -> Service:
        return await self._call("GET", netapp_path(service_id), parse=Service.from_json)

    async def list_shares(self, service_id: str) -> list[Share]:
        path = netapp_path(service_id, leaf="share")
        return await self._list(path, Share.from_json, "shares", params={"detail": True})

    async def get_share(self, service_id: str, share_id: str) -> Share:
        return await self._call("GET", netapp_path(service_id, share_id=share_id), parse=Share.from_json)

    async def list_access_paths(self, service_id: str, share_id: str) -> list[dict[str, Any]]:
        path = netapp_path(service_id, share_id=share_id, leaf="accessPath")
        data = await self._send("GET", path, parse=lambda d: _as_list(d, "access paths"), pages=True)
        return [item for item in data if isinstance(item, dict)]

    # -- snapshots ---------------------------------------------------------------------------

    async def list_snapshots(self, service_id: str, share_id: str) -> list[Snapshot]:
        path = netapp_path(service_id, share_id=share_id, leaf="snapshot")
        return await self._list(path, Snapshot.from_json, "snapshots", params={"detail": True})

    async def get_snapshot(self, service_id: str, share_id: str, snapshot_id: str) -> Snapshot:
        path = netapp_path(service_id, share_id=share_id, snapshot_id=snapshot_id)
        return await self._call("GET", path, parse=Snapshot.from_json)

    async def create_snapshot(
        self, service_id: str, share_id: str, name: str | None = None, description: str | None = None
    ) -> Snapshot:
        """``POST …/snapshot``. Never retried: a lost answer may still mean a created snapshot."""
        path = netapp_path(service_id, share_id=share_id, leaf="snapshot")
        body: dict[str, Any] = {}
        if name:
            body["name"] = name
        if description:
            body["description"] = description
        return await self._call("POST", path, body=body, parse=Snapshot.from_json)

    async def update_snapshot(
        self,
        service_id: str,
        share_id: str,
        snapshot_id: str,
        *,
        name: Any = UNSET,
        description: Any = UNSET,
    ) -> Snapshot:
        """``PUT …/snapshot/{id}``; pass ``None`` to clear a field, leave it out to keep it."""
        path = netapp_path(service_id, share_id=share_id, snapshot_id=snapshot_id)
        body: dict[str, Any] = {}
        if name is not UNSET:
            body["name"] = name
        if description is not UNSET:
            body["description"] = description
        snapshot = await self._call("PUT", path, body=body, parse=_optional(Snapshot.from_json))
        if snapshot is None:  # tolerate a void answer: re-read as Terraform does
            return await self.get_snapshot(service_id, share_id, snapshot_id)
        return snapshot

    async def delete_snapshot(self, service_id: str, share_id: str, snapshot_id: str) -> None:
        await self.delete(netapp_path(service_id, share_id=share_id, snapshot_id=snapshot_id))

    async def hold_snapshot(self, service_id: str, share_id: str, snapshot_id: str) -> Snapshot:
        """Beta: turn an automatic snapshot into a manual one. The answer carries the NEW id."""
        path = netapp_path(service_id, share_id=share_id, snapshot_id=snapshot_id, leaf="hold")
        return await self._call("POST", path, parse=Snapshot.from_json)

    async def revert_share(self, service_id: str, share_id: str, snapshot_id: str) -> None:
        """Beta: revert a share to its latest manual snapshot (202, no body). Irreversible."""
        path = netapp_path(service_id, share_id=share_id, leaf="revert")
        await self.post(path, {"snapshotID": require_uuid(snapshot_id, "snapshot id")})

    async def clone_share(
        self,
        service_id: str,
        snapshot_id: str,
        *,
        size: int,
        name: str | None = None,
        description: str | None = None,
        mount_point_name: str | None = None,
    ) -> Share:
        """``POST …/share`` with ``snapshotID``: a new share from a manual snapshot (201, ``creating_from_snapshot``).

        Never retried: a lost answer may still mean a share being created.
        """
        body: dict[str, Any] = {"protocol": "NFS", "size": size, "snapshotID": require_uuid(snapshot_id, "snapshot id")}
        if name:
            body["name"] = name
        if description:
            body["description"] = description
        if mount_point_name:
            body["mountPointName"] = mount_point_name
        return await self._call("POST", netapp_path(service_id, leaf="share"), body=body, parse=Share.from_json)

    # -- policies and reserve -------------------------------------------------------------------

    async def list_snapshot_policies(self, service_id: str) -> list[SnapshotPolicy]:
        from .models.policies import SnapshotPolicy

        path = netapp_path(service_id, leaf="snapshotPolicy")
        return await self._list(path, SnapshotPolicy.from_json, "snapshot policies")

    async def get_snapshot_policy(self, service_id: str, policy_id: str) -> SnapshotPolicy:
        from .models.policies import SnapshotPolicy

        return await self._call("GET", netapp_path(service_id, policy_id=policy_id), parse=SnapshotPolicy.from_json)

    async def create_snapshot_policy(
        self, service_id: str, rules: Sequence[PolicyRule], name: str | None = None, description: str | None = None
    ) -> SnapshotPolicy:
        """``POST …/snapshotPolicy``. Never retried: a lost answer may still mean a created policy.

        Rules are fixed once created (the API edits only the name and description).
        """
        from .models.policies import SnapshotPolicy

        body: dict[str, Any] = {"rules": [rule.to_json() for rule in rules]}
        if name:
            body["name"] = name
        if description:
            body["description"] = description
        path = netapp_path(service_id, leaf="snapshotPolicy")
        return await self._call("POST", path, body=body, parse=SnapshotPolicy.from_json)

    async def update_snapshot_policy(
        self, service_id: str, policy_id: str, *, name: Any = UNSET, description: Any = UNSET
    ) -> None:
        """``PUT …/snapshotPolicy/{id}`` (void): only ``name`` and ``description`` are editable."""
        body: dict[str, Any] = {}
        if name is not UNSET:
            body["name"] = name
        if description is not UNSET:
            body["description"] = description
        await self.put(netapp_path(service_id, policy_id=policy_id), body)

    async def delete_snapshot_policy(self, service_id: str, policy_id: str) -> None:
        """``DELETE …/snapshotPolicy/{id}``; the API refuses it while a share uses the policy."""
        await self.delete(netapp_path(service_id, policy_id=policy_id))

    async def attach_snapshot_policy(self, service_id: str, share_id: str, policy_id: str) -> None:
        """``PUT …/share/{id}/snapshotPolicy`` with ``snapshotPolicyID`` (void): one policy per share."""
        path = netapp_path(service_id, share_id=share_id, leaf="snapshotPolicy")
        body = {"snapshotPolicyID": require_uuid(policy_id, "snapshot policy id")}
        await self.put(path, body)

    async def get_share_snapshot_policy(self, service_id: str, share_id: str) -> ShareSnapshotPolicy:
        from .models.policies import ShareSnapshotPolicy

        path = netapp_path(service_id, share_id=share_id, leaf="snapshotPolicy")
        return await self._call("GET", path, parse=ShareSnapshotPolicy.from_json)

    async def get_snapshot_reserve(self, service_id: str, share_id: str) -> SnapshotReserve:
        from .models.policies import SnapshotReserve

        path = netapp_path(service_id, share_id=share_id, leaf="snapshotReserve")
        return await self._call("GET", path, parse=SnapshotReserve.from_json)

    async def _list(
        self, path: str, parse_item: Callable[[Any], T], what: str, params: dict[str, Any] | None = None
    ) -> list[T]:
        """A list route: every page followed, every item parsed, items without an id skipped and noted."""
        value: list[T] = await self._send("GET", path, params=params, parse=_list_of(parse_item, what), pages=True)
        return value


def _has_id(item: Any) -> bool:
    return not isinstance(item, dict) or (isinstance(item.get("id"), str) and bool(item["id"]))


def _list_of(parse_item: Callable[[Any], T], what: str) -> Callable[[Any], ItemList[T]]:
    """A ``parse`` for list routes: every item through ``parse_item``, except objects without an ``id``.

    Such an item cannot be shown, opened or deleted; failing the whole list for it (as before)
    hid every other snapshot. It is left out and counted in :attr:`ItemList.skipped`, which the
    exchange's :class:`RequestRecord` reports (``note``, ``skipped``). Anything else that cannot
    be read (a number instead of an object, a list that is not a list) still fails the answer.
    """

    def parse(data: Any) -> ItemList[T]:
        items = _as_list(data, what)
        result: ItemList[T] = ItemList(parse_item(item) for item in items if _has_id(item))
        result.skipped = len(items) - len(result)
        result.what = what
        return result

    return parse


def _optional(parse_item: Callable[[Any], T]) -> Callable[[Any], T | None]:
    """A ``parse`` for routes that may answer nothing (``null`` or an empty body)."""

    def parse(data: Any) -> T | None:
        return None if data is None else parse_item(data)

    return parse


def _as_list(data: Any, what: str) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise TypeError(f"expected a list of {what}, got {type(data).__name__}")
    return data


__all__ = [
    "RESENT_AFTER_CLOCK",
    "RESENT_AFTER_TOKEN",
    "UNSET",
    "ApiError",
    "ItemList",
    "OvhClient",
    "OvhError",
    "PrefetchSource",
    "RequestListener",
    "RequestRecord",
    "RetryPolicy",
]
