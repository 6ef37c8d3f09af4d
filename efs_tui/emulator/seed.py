"""Deterministic datasets: the hand-made `demo` account and generated ones for benchmarks.

Every dataset draws from its own seeded ``random.Random`` (UUIDs included) and
dates everything relative to ``base_time``, so a test can pin both and get the
same ids, names and timestamps on every run.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from efs_tui.api.models import (
    IamMetadata,
    PolicyRule,
    PolicySchedule,
    Service,
    Share,
    Snapshot,
    SnapshotPolicy,
)

from .state import EmulatorState, snapshot_path

DATASETS = ("demo", "empty", "inventory", "many-shares", "large")

ANSI_TEXT = "\x1b[31mred\x1b[0m alert"
LONG_DESCRIPTION = (
    "Long description used to check wrapping and truncation in every view. "
    + " ".join(f"Segment {i:02d}: the quick brown fox jumps over the lazy dog." for i in range(1, 16))
)[:1000]


class _Gen:
    """Random source + helpers shared by the dataset builders."""

    def __init__(self, state: EmulatorState, seed: int, base_time: datetime | None) -> None:
        self.state = state
        self.rng = random.Random(seed)
        base = base_time or datetime.now(UTC)
        self.base = (base if base.tzinfo else base.replace(tzinfo=UTC)).replace(microsecond=0)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def ago(self, **delta: float) -> datetime:
        return self.base - timedelta(**delta)

    def service(self, name: str, region: str, status: str = "running", quota: int = 4096, age_days: int = 400) -> str:
        sid = self.uuid()
        prefix = "ca" if region.startswith("ca-") else "eu"
        self.state.add_service(
            Service(
                id=sid,
                name=name,
                region=region,
                status=status,
                quota=quota,
                performance_level="premium",
                product="enterprise-file-storage-premium",
                created_at=self.ago(days=age_days),
                iam=IamMetadata(
                    id=self.uuid(),
                    urn=f"urn:v1:{prefix}:resource:storageNetApp:{sid}",
                    display_name=name,
                    state="OK",
                    tags={},
                ),
            )
        )
        self.state.add_policy(
            sid,
            SnapshotPolicy(
                id=self.uuid(),
                name="default",
                description="Default snapshot policy",
                is_default=True,
                status="available",
                rules=(PolicyRule("daily", 7, PolicySchedule(minutes=(10,), hours=(0,))),),
                created_at=self.ago(days=age_days),
            ),
        )
        return sid

    def policy(self, service_id: str, name: str, description: str | None, rules: tuple[PolicyRule, ...]) -> str:
        pid = self.uuid()
        self.state.add_policy(
            service_id,
            SnapshotPolicy(
                id=pid,
                name=name,
                description=description,
                is_default=False,
                status="available",
                rules=rules,
                created_at=self.ago(days=90),
            ),
        )
        return pid

    def share(
        self,
        service_id: str,
        name: str | None,
        size: int,
        *,
        status: str = "available",
        description: str | None = None,
        mount_point_name: str | None = None,
        policy_id: str | None = None,
        reserve: int = 5,
        age_days: float = 200,
    ) -> str:
        share_id = self.uuid()
        self.state.add_share(
            service_id,
            Share(
                id=share_id,
                name=name,
                description=description,
                mount_point_name=mount_point_name,
                protocol="NFS",
                size=size,
                status=status,
                created_at=self.ago(days=age_days),
            ),
            policy_id=policy_id,
            reserve_percent=reserve,
        )
        return share_id

    def snapshot(
        self,
        service_id: str,
        share_id: str,
        name: str | None,
        created_at: datetime,
        *,
        kind: str = "manual",
        status: str = "available",
        description: str | None = None,
    ) -> str:
        snapshot_id = self.uuid()
        self.state.add_snapshot(
            service_id,
            share_id,
            Snapshot(
                id=snapshot_id,
                name=name,
                description=description,
                type=kind,
                status=status,
                path=snapshot_path(kind, snapshot_id, name),
                created_at=created_at,
            ),
        )
        return snapshot_id

    def policy_snapshots(
        self, service_id: str, share_id: str, prefix: str, count: int, every: timedelta, minute: int = 10, hour: int = 0
    ) -> datetime:
        """``count`` automatic snapshots, oldest first, named like ``daily.2026-11-26_0010``; returns the newest."""
        last = self.base.replace(minute=minute, second=0)
        if every >= timedelta(days=1):
            last = last.replace(hour=hour)
        while last > self.base:
            last -= min(every, timedelta(days=1))
        for i in range(count - 1, -1, -1):
            when = last - every * i
            self.snapshot(service_id, share_id, f"{prefix}.{when:%Y-%m-%d_%H%M}", when, kind="automatic")
        return last


def _demo(g: _Gen) -> None:
    """Four services, varied shares and every awkward name the UI must survive."""
    day, hour = timedelta(days=1), timedelta(hours=1)
    hourly_weekly = (
        PolicyRule("hourly", 24, PolicySchedule(minutes=(5,))),
        PolicyRule("weekly", 4, PolicySchedule(minutes=(0,), hours=(3,), weekdays=(0,))),
    )
    nightly = (PolicyRule("nightly", 14, PolicySchedule(minutes=(30,), hours=(1,))),)

    gra = g.service("prod-nfs-gra", "eu-west-gra", quota=10240, age_days=700)
    gra_hw = g.policy(gra, "hourly-and-weekly", "24 hourly + 4 weekly copies", hourly_weekly)
    web = g.share(gra, "web-content", 2048, mount_point_name="web_content", description="Static assets of the shop")
    last_daily = g.policy_snapshots(gra, web, "daily", 7, day)
    g.snapshot(gra, web, "before-upgrade-v2.3", g.ago(days=3, hours=4), description="Taken before the v2.3 rollout")
    system_time = g.ago(days=5, hours=2)
    g.snapshot(gra, web, f"system-{system_time:%Y%m%d-%H%M}", system_time, kind="system")
    g.snapshot(gra, web, "pre-migration", last_daily - timedelta(hours=2), description=None)
    db = g.share(gra, "db-backups", 4096, policy_id=gra_hw, reserve=20, description="PostgreSQL base backups")
    g.policy_snapshots(gra, db, "hourly", 280, hour, minute=5)
    g.policy_snapshots(gra, db, "weekly", 4, timedelta(days=7))
    for i in range(1, 11):
        g.snapshot(gra, db, f"manual-check-{i:02d}", g.ago(days=30 - i * 2, hours=6))
    g.snapshot(gra, db, "restore-point-日本語", g.ago(hours=30), description="Point de restauration « été » 🚀")
    logs = g.share(gra, "logs", 500, status="extending", mount_point_name="logs")
    g.snapshot(gra, logs, "[bold red]x[/]", g.ago(days=2), description="[link=http://x]y[/link]")
    g.snapshot(gra, logs, ANSI_TEXT, g.ago(days=1, hours=2), description=ANSI_TEXT)
    g.snapshot(gra, logs, "very-long-description", g.ago(hours=12), description=LONG_DESCRIPTION)
    g.snapshot(gra, logs, "stuck-creating", g.ago(minutes=1), status="creating")
    scratch = g.share(gra, None, 100, mount_point_name="scratch", age_days=3)
    g.snapshot(gra, scratch, "broken", g.ago(hours=5), status="error", description="Snapshot failed on the backend")

    rbx = g.service("prod-nfs-rbx", "eu-west-rbx", quota=8192, age_days=500)
    rbx_night = g.policy(rbx, "nightly", None, nightly)
    home = g.share(rbx, "home-directories", 3000, policy_id=rbx_night, reserve=10)
    g.policy_snapshots(rbx, home, "nightly", 14, day, minute=30, hour=1)
    g.snapshot(rbx, home, "café-crème", g.ago(days=8), description="Unicode: é à ç ü ß — ✓")
    g.snapshot(rbx, home, "stuck-delete", g.ago(days=40), status="error_deleting")
    ci = g.share(rbx, "ci-cache", 250, description="Build cache 🧱")
    g.snapshot(rbx, ci, "weekly-cleanup", g.ago(days=6))
    g.share(rbx, "empty-share", 100)
    failed = g.share(rbx, "failed-share", 1000, status="error", description="Creation failed")
    g.snapshot(rbx, failed, "system-initial", g.ago(days=30), kind="system")

    bhs = g.service("dr-nfs-bhs", "ca-east-bhs", quota=4096, age_days=300)
    for i, size in enumerate((1024, 2048, 512)):
        sh = g.share(bhs, f"replica-{i + 1}", size, mount_point_name=f"replica_{i + 1}")
        g.policy_snapshots(bhs, sh, "daily", 3 + i, day)
        g.snapshot(bhs, sh, f"dr-test-{i + 1}", g.ago(days=1 + i, hours=3))

    sbg = g.service("archive-nfs-sbg", "eu-west-sbg", status="suspended", quota=1024, age_days=900)
    old = g.share(sbg, "archive-2024", 800, description="Suspended service: read-only in practice")
    g.snapshot(sbg, old, "final", g.ago(days=120))
    g.share(sbg, "archive-2025", 200)


def _generated(g: _Gen, services: int, shares: int, snapshots: int) -> None:
    """Uniform synthetic accounts for benchmarks (`inventory`, `many-shares`, `large`)."""
    regions = ("eu-west-gra", "eu-west-rbx", "eu-west-sbg", "ca-east-bhs", "eu-west-lim")
    for s in range(services):
        sid = g.service(f"bench-{s:02d}-{regions[s % len(regions)][-3:]}", regions[s % len(regions)], quota=102400)
        for h in range(shares):
            sh = g.share(sid, f"share-{s:02d}-{h:03d}", 100 + (h * 37) % 4000, mount_point_name=f"vol_{s}_{h}")
            for n in range(snapshots):
                kind = "automatic" if n % 3 else "manual"
                when = g.ago(hours=snapshots - n)
                name = f"hourly.{when:%Y-%m-%d_%H%M}" if kind == "automatic" else f"manual-{n:05d}"
                g.snapshot(sid, sh, name, when, kind=kind)


_BUILDERS: dict[str, Callable[[_Gen], None]] = {
    "demo": _demo,
    "empty": lambda g: None,
    "inventory": lambda g: _generated(g, 10, 20, 30),
    "many-shares": lambda g: _generated(g, 1, 120, 5),
    "large": lambda g: _generated(g, 1, 1, 10_000),
}


def seed_dataset(
    state: EmulatorState,
    name: str = "demo",
    *,
    base_time: datetime | None = None,
    seed: int = 42,
    services: int | None = None,
    shares: int | None = None,
    snapshots: int | None = None,
) -> None:
    """Replace the state's services by a dataset; ``generated`` takes the three sizes.

    Names: ``demo``, ``empty``, ``inventory`` (10x20x30), ``many-shares`` (1x120x5),
    ``large`` (1x1x10000) and ``generated`` (give services/shares/snapshots).
    """
    g = _Gen(state, seed, base_time)
    with state.lock:
        state.clear()
        if name == "generated":
            _generated(g, services or 1, shares or 1, snapshots or 0)
            return
        builder = _BUILDERS.get(name)
        if builder is None:
            raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join((*DATASETS, 'generated'))}")
        builder(g)
