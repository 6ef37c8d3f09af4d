"""Fault injection: latency, error answers, dropped connections and clock skew.

Random faults use a seeded RNG so a benchmark run is reproducible; scripted
faults (``fail_next``/``drop_next``) are consumed in order and let tests provoke
exactly one failure on exactly one call. Everything is settable at runtime from
another thread (the server reads the config on every request).

Two timings exist. A *before* fault (``fail_next``, ``drop_next``, every random
fault) answers instead of the handler: the request had no effect. An *after*
fault (``fail_after_next``, ``drop_after_next``) lets the handler run first and
then loses its answer: the POST or DELETE *was applied*, yet the client sees an
error or a cut connection, the case where a client must not blindly resend.

Random faults and unfiltered scripted faults only touch ``/storage`` calls. A
scripted fault whose ``path_contains`` names the OAuth2 token endpoint
(``"/auth/oauth2/token"``) applies to it too, so token failures can be provoked.

The same object carries the *shape* switches: answers the real API is known to give in more
than one form, so the client can be tested against each (``void_shape``, ``auth_error_shape``,
``iam_denied``, ``page_size``, ``strip_id_next``). They are not faults of the service, only
choices among its real behaviours, and :meth:`FaultConfig.clear` resets them too.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field


@dataclass(slots=True)
class ScriptedFault:
    """A planned failure for the next matching request(s)."""

    kind: str  # "status" or "drop"
    status: int = 500
    method: str | None = None
    path_contains: str | None = None
    times: int = 1
    retry_after: float | None = None
    after: bool = False
    """Run the handler first, then lose its answer (the change is applied)."""

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path_contains is None or self.path_contains in path


@dataclass(frozen=True, slots=True)
class FaultDecision:
    """What to do to one request: ``kind`` is "status" or "drop"; ``after`` once the handler has run."""

    kind: str
    status: int = 0
    retry_after: float | None = None
    after: bool = False


#: How void operations (DELETE, revert, PUT of a share's policy/reserve...) answer. ``"api"``: 202
#: with no body for revert (OVH's guide), 200 ``null`` for the others (what python-ovh decodes);
#: the other values force one shape everywhere (see ``routes.void``).
VOID_SHAPES = ("api", "null", "accepted", "no-content", "empty")
#: ``"errorCode"``: `{"errorCode", "httpCode", "message"}`; ``"class"``: `{"class", "message"}` only.
AUTH_ERROR_SHAPES = ("errorCode", "class")


@dataclass
class FaultConfig:
    """Fault settings; all rates are probabilities in [0, 1] drawn per /storage request."""

    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    error_rate_429: float = 0.0
    error_rate_5xx: float = 0.0
    error_rate_408: float = 0.0
    drop_rate: float = 0.0
    clock_skew: float = 0.0
    retry_after: float | None = 1.0
    seed: int = 0
    void_shape: str = "api"
    auth_error_shape: str = "errorCode"
    iam_denied: frozenset[str] = frozenset()
    """IAM actions refused to every identity (e.g. ``storageNetApp:apiovh:share/snapshot/delete``)."""
    page_size: int = 0
    """When > 0, list answers come in pages of this size with ``X-Pagination-Cursor-Next``."""
    hold_writes: bool = False
    """While ``True``, POST/PUT/DELETE calls under /storage wait unanswered: a test can act while a
    write is provably in flight (close a report, quit the app) and then let it through."""
    _strip_ids: list[ScriptedFault] = field(init=False, repr=False)
    _rng: random.Random = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False)
    _script: list[ScriptedFault] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._script = []
        self._strip_ids = []
        if self.void_shape not in VOID_SHAPES:
            raise ValueError(f"void_shape must be one of {', '.join(VOID_SHAPES)}")
        if self.auth_error_shape not in AUTH_ERROR_SHAPES:
            raise ValueError(f"auth_error_shape must be one of {', '.join(AUTH_ERROR_SHAPES)}")

    def reseed(self, seed: int) -> None:
        with self._lock:
            self.seed = seed
            self._rng = random.Random(seed)

    def fail_next(
        self,
        status: int = 500,
        *,
        method: str | None = None,
        path_contains: str | None = None,
        times: int = 1,
        retry_after: float | None = None,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` (429/408/5xx/any)."""
        with self._lock:
            self._script.append(ScriptedFault("status", status, method, path_contains, times, retry_after))

    def drop_next(self, *, method: str | None = None, path_contains: str | None = None, times: int = 1) -> None:
        """Cut the connection of the next ``times`` matching requests mid-response."""
        with self._lock:
            self._script.append(ScriptedFault("drop", 0, method, path_contains, times))

    def fail_after_next(
        self,
        status: int = 500,
        *,
        method: str | None = None,
        path_contains: str | None = None,
        times: int = 1,
        retry_after: float | None = None,
    ) -> None:
        """Apply the next ``times`` matching requests, then answer ``status`` instead of their result."""
        with self._lock:
            self._script.append(ScriptedFault("status", status, method, path_contains, times, retry_after, after=True))

    def drop_after_next(self, *, method: str | None = None, path_contains: str | None = None, times: int = 1) -> None:
        """Apply the next ``times`` matching requests, then cut the connection mid-response."""
        with self._lock:
            self._script.append(ScriptedFault("drop", 0, method, path_contains, times, after=True))

    def strip_id_next(self, *, path_contains: str | None = None, times: int = 1) -> None:
        """Remove ``id`` from the first item of the next ``times`` matching list answers."""
        with self._lock:
            self._strip_ids.append(ScriptedFault("strip_id", 0, "GET", path_contains, times))

    def take_strip_id(self, path: str) -> bool:
        """Whether this list answer must lose an item's ``id`` (consumes the scripted fault)."""
        with self._lock:
            for fault in self._strip_ids:
                if fault.matches("GET", path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._strip_ids.remove(fault)
                    return True
            return False

    def clear(self) -> None:
        """Forget scripted faults, switch every random fault off and every shape back to the default."""
        with self._lock:
            self._script.clear()
            self._strip_ids.clear()
            self.void_shape, self.auth_error_shape = "api", "errorCode"
            self.iam_denied = frozenset()
            self.page_size = 0
            self.hold_writes = False
            self.latency_ms = self.jitter_ms = 0.0
            self.error_rate_429 = self.error_rate_5xx = self.error_rate_408 = self.drop_rate = 0.0
            self.clock_skew = 0.0

    @property
    def pending(self) -> int:
        """How many scripted faults are still waiting."""
        with self._lock:
            return sum(f.times for f in self._script)

    def latency_seconds(self) -> float:
        with self._lock:
            if self.latency_ms <= 0 and self.jitter_ms <= 0:
                return 0.0
            jitter = self._rng.uniform(-self.jitter_ms, self.jitter_ms) if self.jitter_ms > 0 else 0.0
            return max(0.0, self.latency_ms + jitter) / 1000.0

    def decide(self, method: str, path: str, *, explicit_only: bool = False) -> FaultDecision | None:
        """Pick the fault for one request: scripted ones first, then random draws.

        ``explicit_only`` (used for the OAuth2 token endpoint) considers only the
        scripted faults with a ``path_contains`` that matches, and no random draw.
        """
        with self._lock:
            for fault in self._script:
                if explicit_only and fault.path_contains is None:
                    continue
                if fault.matches(method, path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._script.remove(fault)
                    if fault.kind == "drop":
                        return FaultDecision("drop", after=fault.after)
                    return FaultDecision("status", fault.status, fault.retry_after, after=fault.after)
            if explicit_only:
                return None
            draw = self._rng.random()
            for kind, status, rate in (
                ("drop", 0, self.drop_rate),
                ("status", 429, self.error_rate_429),
                ("status", 408, self.error_rate_408),
                ("status", 500, self.error_rate_5xx),
            ):
                if draw < rate:
                    if status == 500 and self._rng.random() < 0.5:
                        status = 503
                    return FaultDecision(kind, status, self.retry_after if status == 429 else None)
                draw -= rate
            return None
