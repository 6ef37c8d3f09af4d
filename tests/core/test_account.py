"""Account rows: flattening, sorting, filtering and grouping across shares; the walk against the emulator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from efs_tui.api.models import Service, Share, Snapshot
from efs_tui.core.account import (
    AccountRow,
    filter_rows,
    group_by_share,
    rows_for_share,
    rows_from_inventory,
    sort_rows,
    walk_account,
)
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.demo import demo_client

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

PROD = Service("11111111-1111-4111-8111-111111111111", name="prod-gra")
ARCHIVE = Service("22222222-2222-4222-8222-222222222222", name="archive-sbg")
WEB = Share("33333333-3333-4333-8333-333333333333", name="web-content", mount_point_name="vol_web")
DB = Share("44444444-4444-4444-8444-444444444444", name="db-backups")
OLD = Share("55555555-5555-4555-8555-555555555555", name="archive-2024")


def snap(n: int, name: str, *, days: float, kind: str = "manual", status: str = "available") -> Snapshot:
    return Snapshot(
        f"{n:08d}-0000-4000-8000-000000000000",
        name=name,
        type=kind,
        status=status,
        created_at=NOW - timedelta(days=days),
    )


@pytest.fixture
def rows() -> list[AccountRow]:
    return [
        *rows_for_share(PROD, WEB, [snap(1, "daily-1", days=1, kind="automatic"), snap(2, "before-upgrade", days=40)]),
        *rows_for_share(PROD, DB, [snap(3, "nightly", days=2, kind="automatic", status="error")]),
        *rows_for_share(ARCHIVE, OLD, [snap(4, "final", days=120)]),
    ]


def names(rows: list[AccountRow]) -> list[str | None]:
    return [row.snapshot.name for row in rows]


class TestFilter:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("age:>30d", ["before-upgrade", "final"]),
            ("created:<2026-01-01", ["final"]),
            ("type:manual", ["before-upgrade", "final"]),
            ("share:web*", ["daily-1", "before-upgrade"]),
            ("share:vol_*", ["daily-1", "before-upgrade"]),
            ("service:archive*", ["final"]),
            ("status:error", ["nightly"]),
            ("-share:web* type:manual", ["final"]),
            ("prod-gra", ["daily-1", "before-upgrade", "nightly"]),
        ],
    )
    def test_terms_see_share_and_service_names(self, rows: list[AccountRow], text: str, expected: list[str]) -> None:
        kept, query = filter_rows(rows, text, NOW)
        assert query.ok
        assert names(kept) == expected

    def test_a_term_that_means_nothing_is_reported_not_applied(self, rows: list[AccountRow]) -> None:
        kept, query = filter_rows(rows, "age:>3", NOW)
        assert kept == rows
        assert query.errors and "age:>3" in query.errors[0]


class TestSort:
    def test_by_share_then_newest_first_within_a_share(self, rows: list[AccountRow]) -> None:
        ordered = sort_rows(rows, "share", reverse=False)
        assert [r.share.name for r in ordered] == ["archive-2024", "db-backups", "web-content", "web-content"]
        assert names(ordered)[2:] == ["daily-1", "before-upgrade"]

    def test_by_service_reversed(self, rows: list[AccountRow]) -> None:
        assert [r.service.name for r in sort_rows(rows, "service", reverse=True)] == ["prod-gra"] * 3 + ["archive-sbg"]

    def test_created_newest_first_regardless_of_arrival(self, rows: list[AccountRow]) -> None:
        assert names(sort_rows(reversed(rows), "created", reverse=True)) == [
            "daily-1",
            "nightly",
            "before-upgrade",
            "final",
        ]

    def test_unknown_column(self, rows: list[AccountRow]) -> None:
        with pytest.raises(ValueError, match="unknown column 'size'"):
            sort_rows(rows, "size", reverse=False)


class TestGroupByShare:
    def test_one_batch_per_share_in_first_seen_order(self, rows: list[AccountRow]) -> None:
        marked = [rows[3], rows[0], rows[2], rows[1]]
        batches = group_by_share(marked)
        assert [(b.service.name, b.share.name) for b in batches] == [
            ("archive-sbg", "archive-2024"),
            ("prod-gra", "web-content"),
            ("prod-gra", "db-backups"),
        ]
        assert [s.name for s in batches[1].snapshots] == ["daily-1", "before-upgrade"]


class TestWalk:
    async def test_every_share_is_reported_once_with_what_the_walk_returns(self) -> None:
        with EmulatorServer(dataset="inventory") as server:
            client = demo_client(server)
            seen: list[tuple[str, str, int]] = []
            lists: dict[str, int] = {}
            try:
                inventory = await walk_account(
                    client,
                    on_share=lambda svc, sh, snaps: seen.append((svc.id, sh.id, len(snaps))),
                    on_shares=lambda svc, shares: lists.__setitem__(svc.id, len(shares)),
                )
            finally:
                await client.aclose()
            assert len(seen) == 200 and len(set(seen)) == 200
            assert len(lists) == 10 and set(lists.values()) == {20}
            assert all(count == 30 for _s, _h, count in seen)
            flat = rows_from_inventory(inventory)
            assert len(flat) == 6000
            assert {r.share_key for r in flat} == {(s, h) for s, h, _n in seen}
            assert server.state.requests.count("GET", "/storage/") == 211

    async def test_a_failing_display_does_not_stop_the_walk(self) -> None:
        with EmulatorServer(dataset="demo") as server:
            client = demo_client(server)

            def broken(service: Service, share: Share, snapshots: list[Snapshot]) -> None:
                raise RuntimeError("display broke")

            try:
                inventory = await walk_account(client, on_share=broken)
            finally:
                await client.aclose()
            assert inventory.snapshot_count > 0 and not inventory.errors
