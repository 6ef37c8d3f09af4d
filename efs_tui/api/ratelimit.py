"""A client-side request-rate limit, for accounts whose consumer key is shared.

OVHcloud gives no public quota beyond "about 60 requests a minute per consumer
key is fair use", so the limit is opt-in and expressed in requests per second,
like Terraform's ``api_rate_limit``.
"""

from __future__ import annotations

import asyncio
import time


class RateLimiter:
    """Spaces request starts at least ``1 / rate`` seconds apart (a token bucket of size ``burst``)."""

    def __init__(self, rate: float, burst: int = 1) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = max(1, burst)
        self._tokens = float(self.burst)
        self._updated = time.monotonic()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait until a request may start."""
        async with self._lock:
            while True:
                now = time.monotonic()
                self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
                self._updated = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await asyncio.sleep((1 - self._tokens) / self.rate)
