"""The client-side rate limit spaces request starts; checked with a fake clock, not timings."""

import itertools

import pytest

from efs_tui.api.ratelimit import RateLimiter


async def test_requests_are_spaced_by_the_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    monkeypatch.setattr("efs_tui.api.ratelimit.time.monotonic", lambda: now[0])
    monkeypatch.setattr("efs_tui.api.ratelimit.asyncio.sleep", fake_sleep)
    limiter = RateLimiter(rate=2.0, burst=1)
    starts = []
    for _ in range(5):
        await limiter.acquire()
        starts.append(now[0])
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert starts[0] == 100.0
    assert all(gap == pytest.approx(0.5) for gap in gaps)


async def test_burst_allows_an_initial_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [0.0]

    async def fake_sleep(seconds: float) -> None:
        now[0] += seconds

    monkeypatch.setattr("efs_tui.api.ratelimit.time.monotonic", lambda: now[0])
    monkeypatch.setattr("efs_tui.api.ratelimit.asyncio.sleep", fake_sleep)
    limiter = RateLimiter(rate=1.0, burst=3)
    for _ in range(3):
        await limiter.acquire()
    assert now[0] == 0.0
    await limiter.acquire()
    assert now[0] == pytest.approx(1.0)


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        RateLimiter(0)
