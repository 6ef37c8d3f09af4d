"""Fair use by default (issue 11.4): a token bucket on real endpoints, settable, lifted on loopback."""

from __future__ import annotations

import argparse
import asyncio
import itertools
from pathlib import Path

import pytest

from efs_tui.api import ApplicationCredentials, OvhClient
from efs_tui.api.inventory import INVENTORY_CONCURRENCY, InventoryProgress, fetch_inventory
from efs_tui.api.ratelimit import DEFAULT_BUDGET, NO_LIMIT, RateBudget, RateLimiter, default_budget
from efs_tui.config.arguments import add_resolution_arguments, overrides_from_args
from efs_tui.config.resolve import ResolvedConfig
from efs_tui.config.settings import ProfileSettings
from efs_tui.emulator import EmulatorServer

from .conftest import app_credentials


def test_default_budget_never_exceeds_60_a_minute() -> None:
    assert DEFAULT_BUDGET.per_minute == pytest.approx(60)
    assert DEFAULT_BUDGET.burst == 10


def test_real_endpoints_get_the_default_and_loopback_none() -> None:
    assert OvhClient("ovh-eu").budget == DEFAULT_BUDGET
    assert OvhClient("https://eu.api.ovh.com/1.0").budget == DEFAULT_BUDGET
    assert OvhClient("http://127.0.0.1:8080/1.0").budget is None  # the emulator: --demo, tests, benchmarks
    assert default_budget("http://localhost:1/1.0") is None and default_budget("http://[::1]:1/1.0") is None


def test_profile_and_flag_values_set_or_lift_it() -> None:
    assert OvhClient("ovh-eu", rate_limit=2, rate_burst=5).budget == RateBudget(2, 5)
    assert OvhClient("ovh-eu", rate_limit=2).budget == RateBudget(2, DEFAULT_BUDGET.burst)
    assert OvhClient("ovh-eu", rate_burst=3).budget == RateBudget(DEFAULT_BUDGET.rate, 3)
    assert OvhClient("ovh-eu", rate_limit=NO_LIMIT).budget is None
    assert OvhClient("http://127.0.0.1:1/1.0", rate_limit=4).budget == RateBudget(4, DEFAULT_BUDGET.burst)


async def test_any_minute_holds_at_most_60_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]

    async def fake_sleep(seconds: float) -> None:
        now[0] += seconds

    monkeypatch.setattr("efs_tui.api.ratelimit.time.monotonic", lambda: now[0])
    monkeypatch.setattr("efs_tui.api.ratelimit.asyncio.sleep", fake_sleep)
    limiter = RateLimiter.of(DEFAULT_BUDGET)
    starts = []
    for _ in range(300):
        await limiter.acquire()
        starts.append(now[0])
    assert starts[:10] == [1000.0] * 10  # the burst: what a person does at once is not slowed
    busiest = max(sum(1 for t in starts if first <= t < first + 60) for first in starts)
    assert busiest <= 60
    gaps = [b - a for a, b in itertools.pairwise(starts[10:])]
    assert all(gap == pytest.approx(60 / 50) for gap in gaps)


async def test_inventory_walk_waits_for_the_budget_and_reports_progress(emu: EmulatorServer) -> None:
    seen: list[InventoryProgress] = []
    budget = RateBudget(rate=20, burst=2)
    async with OvhClient(
        emu.base_url, app_credentials(emu), rate_limit=budget, max_concurrency=INVENTORY_CONCURRENCY
    ) as client:
        await client.sync_time()
        client.request_count = 0
        inventory = await fetch_inventory(client, progress=seen.append)
    shares = sum(len(s.shares) for s in inventory.services)
    assert client.request_count == 1 + len(inventory.services) + shares  # the budget adds no request
    assert seen[-1].finished and seen[-1].shares_done == shares
    assert max(p.waiting for p in seen) >= 1  # held back by the budget instead of bursting
    assert [p.shares_done for p in seen] == sorted(p.shares_done for p in seen)


async def test_broken_progress_display_does_not_stop_the_walk(emu: EmulatorServer) -> None:
    def broken(_: InventoryProgress) -> None:
        raise RuntimeError("display gone")

    async with OvhClient(emu.base_url, app_credentials(emu)) as client:
        inventory = await fetch_inventory(client, progress=broken)
    assert inventory.services and not inventory.errors
    await asyncio.sleep(0)


def test_budget_is_settable_per_profile_and_by_flag(tmp_path: Path) -> None:
    profile = ProfileSettings.from_toml("work", {"rate_limit": 2, "rate_burst": 4}, tmp_path / "config.toml")
    assert (profile.rate_limit, profile.rate_burst) == (2.0, 4)
    assert profile.to_toml()["rate_burst"] == 4
    parser = argparse.ArgumentParser()
    add_resolution_arguments(parser)
    overrides = overrides_from_args(parser.parse_args(["--rate-limit", "0.5", "--rate-burst", "3"]))
    assert (overrides.rate_limit, overrides.rate_burst) == (0.5, 3)
    resolved = ResolvedConfig("ovh-eu", ApplicationCredentials("ak", "as", "ck"), rate_limit=0.5, rate_burst=3)
    assert resolved.client().budget == RateBudget(0.5, 3)
    lifted = overrides_from_args(parser.parse_args(["--rate-limit", "0"]))
    creds = ApplicationCredentials("ak", "as", "ck")
    assert ResolvedConfig("ovh-eu", creds, rate_limit=lifted.rate_limit).client().budget is None


async def test_requests_sent_by_the_prefetch_are_charged_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [500.0]
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    monkeypatch.setattr("efs_tui.api.ratelimit.time.monotonic", lambda: now[0])
    monkeypatch.setattr("efs_tui.api.ratelimit.asyncio.sleep", fake_sleep)
    limiter = RateLimiter.of(RateBudget(rate=1, burst=10))
    limiter.charge(6)  # what the start-up prefetch sent
    for _ in range(4):
        await limiter.acquire()
    assert slept == []  # 10 - 6 = 4 left in the burst
    await limiter.acquire()
    assert sum(slept) == pytest.approx(1.0)  # then the rate applies to both clients together
