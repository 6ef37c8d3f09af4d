"""The on-disk inventory cache: one private file per profile and endpoint, versioned, atomic, never a secret."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from efs_tui.api.inventory import Inventory, ServiceInventory, ShareInventory
from efs_tui.api.models import Service, Share, Snapshot
from efs_tui.core.inventory_cache import FORMAT, InventoryCache, cache_dir, cache_file_name

SAVED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SERVICE = Service("11111111-1111-4111-8111-111111111111", name="prod", region="eu-west-gra")
SHARE = Share("33333333-3333-4333-8333-333333333333", name="web", mount_point_name="vol_web", size=100)
SNAP = Snapshot("44444444-4444-4444-8444-444444444444", name="daily", type="automatic", created_at=SAVED)


def inventory() -> Inventory:
    return Inventory([ServiceInventory(SERVICE, [ShareInventory(SHARE, [SNAP])])])


@pytest.fixture
def cache(tmp_path: Path) -> InventoryCache:
    return InventoryCache("work", "https://eu.api.ovh.com/1.0", tmp_path / "efs-tui")


def test_round_trip(cache: InventoryCache) -> None:
    cache.save(inventory(), SAVED)
    loaded = cache.load()
    assert loaded is not None
    assert loaded.saved_at == SAVED
    assert loaded.inventory.services[0].service == SERVICE
    assert loaded.inventory.services[0].shares[0].share == SHARE
    assert loaded.inventory.services[0].shares[0].snapshots == [SNAP]
    assert loaded.age(datetime(2026, 3, 2, 12, 30, tzinfo=UTC)) == 3 * 3600


def test_private_modes_and_format(cache: InventoryCache) -> None:
    cache.save(inventory(), SAVED)
    assert stat.S_IMODE(cache.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.directory.stat().st_mode) == 0o700
    assert json.loads(cache.path.read_text())["format"] == FORMAT
    assert [p.name for p in cache.directory.iterdir()] == [cache.path.name]  # no temporary file left


def test_a_file_of_another_endpoint_is_never_read(cache: InventoryCache, tmp_path: Path) -> None:
    """The names' digest is a checksum, not a SHA: the file says which endpoint it is for, and a file found
    under one endpoint's name but saved for another (two URLs with the same digest) is ignored."""
    other = InventoryCache("work", "https://ca.api.ovh.com/1.0", cache.directory)
    other.save(inventory(), SAVED)
    other.path.rename(cache.path)
    assert cache.load() is None
    cache.save(inventory(), SAVED)
    assert cache.load() is not None and json.loads(cache.path.read_text())["endpoint"] == cache.endpoint_url


def test_one_file_per_profile_and_endpoint() -> None:
    eu = cache_file_name("work", "https://eu.api.ovh.com/1.0")
    assert eu != cache_file_name("work", "https://ca.api.ovh.com/1.0")
    assert eu != cache_file_name("home", "https://eu.api.ovh.com/1.0")
    assert "ovh" not in eu and eu.startswith("inventory-work-") and eu.endswith(".json")
    assert "/" not in cache_file_name("../../etc", "x")


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{not json",
        '{"format": 3, "endpoint": "ENDPOINT", "saved_at": "2026-03-02T09:30:00Z", "services": []}',
        '{"format": 1, "saved_at": "2026-03-02T09:30:00Z", "services": []}',
        '{"format": FORMAT, "endpoint": "ENDPOINT", "services": []}',
        '{"format": FORMAT, "endpoint": "ENDPOINT", "saved_at": "2026-03-02T09:30:00Z", "services": [{"service": {}}]}',
        "[1, 2]",
    ],
    ids=["empty", "broken", "future-format", "format-1", "no-date", "missing-fields", "not-an-object"],
)
def test_unreadable_or_other_format_is_ignored_then_rebuilt(cache: InventoryCache, content: str) -> None:
    cache.directory.mkdir(parents=True)
    cache.path.write_text(content.replace("FORMAT", str(FORMAT)).replace("ENDPOINT", cache.endpoint_url))
    assert cache.load() is None
    cache.save(inventory(), SAVED)
    assert cache.load() is not None


def test_a_share_that_failed_to_list_is_not_saved_as_empty(cache: InventoryCache) -> None:
    from efs_tui.api.errors import OvhError

    failed = ShareInventory(SHARE, [], error=OvhError("boom"))
    cache.save(Inventory([ServiceInventory(SERVICE, [failed])]), SAVED)
    loaded = cache.load()
    assert loaded is not None and loaded.inventory.services[0].shares == []


def test_default_dir_follows_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "efs-tui"
    assert InventoryCache(None, "http://127.0.0.1:1/1.0").path.parent == tmp_path / "efs-tui"


@pytest.mark.parametrize(
    "row",
    [
        ["44444444-4444-4444-8444-444444444444", "n", None, "manual", "available", None, "2026-03-02T09:30:00"],
        ["44444444-4444-4444-8444-444444444444", 5, None, "manual", "available", None, None],
        [None, "n", None, "manual", "available", None, None],
        ["44444444-4444-4444-8444-444444444444", "n"],
        ["44444444-4444-4444-8444-444444444444", "n", None, "manual", ["available"], None, None],
        ["44444444-4444-4444-8444-444444444444", "n", None, "manual", "available", None, 1767225600],
        "44444444-4444-4444-8444-444444444444",
    ],
    ids=["naive-date", "number-as-name", "no-id", "short-row", "list-as-status", "number-as-date", "not-a-row"],
)
@pytest.mark.parametrize("among_good_rows", [False, True], ids=["alone", "among-good-rows"])
def test_a_malformed_snapshot_row_voids_the_file(
    cache: InventoryCache, row: list[object], among_good_rows: bool
) -> None:
    cache.save(inventory(), SAVED)
    data = json.loads(cache.path.read_text())
    good = data["services"][0]["shares"][0]["snapshots"][0]
    data["services"][0]["shares"][0]["snapshots"] = [good, row, good] if among_good_rows else [row]
    cache.path.write_text(json.dumps(data))
    assert cache.load() is None


def test_cached_snapshots_are_the_ones_the_model_builds(cache: InventoryCache) -> None:
    """The decoder fills the frozen dataclass's slots itself (the start's paint waits for 6,000): what it
    gives back must be what ``Snapshot(...)`` builds, every field set, and as frozen and hashable."""
    snaps = [
        SNAP,
        Snapshot("55555555-5555-4555-8555-555555555555"),
        Snapshot(
            "66666666-6666-4666-8666-666666666666",
            name="pré-migration ✓",
            description="before\tthe move",
            type="manual",
            status="creating",
            path="/snap/x",
            created_at=datetime.fromisoformat("2026-11-30T23:15:00.123456+05:30"),
        ),
    ]
    cache.save(Inventory([ServiceInventory(SERVICE, [ShareInventory(SHARE, snaps)])]), SAVED)
    loaded = cache.load()
    assert loaded is not None
    back = loaded.inventory.services[0].shares[0].snapshots
    assert back == snaps and [repr(s) for s in back] == [repr(s) for s in snaps]
    assert {hash(s) for s in back} == {hash(s) for s in snaps}
    with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError
        back[0].name = "changed"  # type: ignore[misc]
