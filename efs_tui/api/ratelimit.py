"""Fair use by default: a client-side token bucket in front of every request to a real endpoint.

OVHcloud publishes no quota. An OVH maintainer gives "not over 60 requests a minute per
consumer key" as the safe level (python-ovh issue 81), so efs-tui's default budget for real
endpoints (:data:`DEFAULT_BUDGET`) is a bucket of 10 requests refilled at 50 a minute: a
bucket of ``burst`` tokens refilled at ``rate`` can start at most ``burst + 60 * rate``
requests in any 60 seconds, here 10 + 50 = 60, never more. The burst of 10 covers what a
person does at once (the UI's start-up is 5-6 listings, opening a share is one), so the
budget is felt only by bulk work: deleting 30 marked snapshots takes ~24 s, the walk of a
whole account (:mod:`efs_tui.api.inventory`) ~1.2 s per listing past the first 10, and says so
through its progress callback.

A profile (``rate_limit`` in requests per second, ``rate_burst``) or the flags
``--rate-limit RPS`` / ``--rate-burst N`` change it; ``--rate-limit 0`` lifts it. Loopback
endpoints (the embedded emulator behind ``--demo`` and ``efs-tui emulator``, the test suite
and the benchmarks) get no budget: that is where the default is lifted, in
:func:`default_budget`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from typing import Final, NamedTuple
from urllib.parse import urlsplit


class RateBudget(NamedTuple):
    """At most ``burst`` requests at once, refilled at ``rate`` requests per second.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    rate: float
    burst: int = 1

    def __post_init__(self) -> None:
        if not self.rate > 0:
            raise ValueError("rate must be positive")
        if self.burst < 1:
            raise ValueError("burst must be at least 1")

    @property
    def per_minute(self) -> float:
        """The most requests this budget lets start in any 60 seconds."""
        return self.burst + 60 * self.rate

    def describe(self) -> str:
        return f"{self.rate * 60:g} requests/min, bursts of {self.burst}"


DEFAULT_BUDGET: Final = RateBudget(rate=50 / 60, burst=10)
"""The default for real endpoints: never more than 60 requests in any minute (see the module docstring)."""


NO_LIMIT: Final = 0.0
"""``rate_limit=NO_LIMIT`` (``--rate-limit 0``) lifts the client-side limit explicitly."""


def _is_loopback(base_url: str) -> bool:
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_budget(base_url: str) -> RateBudget | None:
    """:data:`DEFAULT_BUDGET` for every endpoint but loopback ones (the emulator), which get none.

    A tunnel to the real API on localhost therefore gets no default either: give it ``--rate-limit``.
    """
    return None if _is_loopback(base_url) else DEFAULT_BUDGET


def budget_from(rate_limit: float | None, burst: int | None, base_url: str) -> RateBudget | None:
    """The budget a client uses from a profile's or the flags' values (``None``: not given).

    ``rate_limit`` 0 (:data:`NO_LIMIT`) lifts the limit; a rate given without a burst keeps the
    default burst of 10, a burst without a rate the default rate.
    """
    if rate_limit is not None and rate_limit <= 0:
        return None
    base = default_budget(base_url)
    if rate_limit is None and burst is None:
        return base
    rate = rate_limit if rate_limit is not None else (base or DEFAULT_BUDGET).rate
    return RateBudget(rate=rate, burst=burst if burst is not None else (base or DEFAULT_BUDGET).burst)


class RateLimiter:
    """A token bucket of ``burst`` tokens refilled at ``rate`` per second; each request start takes one."""

    def __init__(self, rate: float, burst: int = 1) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = max(1, burst)
        self._tokens = float(self.burst)
        self._updated = time.monotonic()
        self._lock = asyncio.Lock()
        #: Requests currently waiting for a token (for progress displays).
        self.waiting = 0

    @classmethod
    def of(cls, budget: RateBudget) -> RateLimiter:
        return cls(budget.rate, budget.burst)

    def charge(self, count: int = 1) -> None:
        """Count ``count`` requests another client already sent for this one (the start-up prefetch).

        The tokens may go below zero: the next requests then wait until the bucket has refilled,
        so the two clients together stay within one budget.
        """
        now = time.monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate) - count
        self._updated = now

    async def acquire(self) -> None:
        """Wait until a request may start."""
        self.waiting += 1
        try:
            async with self._lock:
                while True:
                    now = time.monotonic()
                    self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
                    self._updated = now
                    if self._tokens >= 1 - 1e-9:  # float rounding must not cost an extra wake-up
                        self._tokens = max(0.0, self._tokens - 1)
                        return
                    await asyncio.sleep((1 - self._tokens) / self.rate)
        finally:
            self.waiting -= 1


__all__ = ["DEFAULT_BUDGET", "NO_LIMIT", "RateBudget", "RateLimiter", "budget_from", "default_budget"]
