"""Unit tests of the Textual-free helpers: display text, cache, backoff, key map."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from efs_tui.api.models import Snapshot, StatusGroup
from efs_tui.core.cache import Backoff, SnapshotCache, newest_first
from efs_tui.ui.keys import KEY_GROUPS, markdown_table
from efs_tui.ui.screens.main import MainScreen
from efs_tui.ui.text import clean, format_gb, literal, relative, short_id, status_text

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def snap(i: int, hours_ago: float, status: str = "available") -> Snapshot:
    return Snapshot(id=f"id-{i}", name=f"s{i}", status=status, created_at=NOW - timedelta(hours=hours_ago))


def test_clean_makes_control_characters_visible() -> None:
    assert clean("\x1b[31mred\x1b[0m") == "␛[31mred␛[0m"
    assert clean("a\nb\tc") == "a␊b␉c"
    assert clean("a\nb", keep_newlines=True) == "a\nb"
    assert clean("bell\x07\x7f") == "bell␇␡"
    assert clean("\u202eevil") == "\ufffdevil"
    assert clean("\x9b") == "\ufffd"
    assert clean("[bold red]x[/] café 🚀") == "[bold red]x[/] café 🚀"
    assert clean(None) == ""


def test_literal_is_never_markup() -> None:
    text = literal("[bold red]x[/]")
    assert text.plain == "[bold red]x[/]" and not text.spans


def test_status_text_keeps_exact_value() -> None:
    assert status_text("error_deleting", StatusGroup.ERROR).plain == "error_deleting"
    assert status_text(None, StatusGroup.UNKNOWN).plain == "?"


def test_relative_and_sizes() -> None:
    assert relative(NOW - timedelta(seconds=12), NOW) == "12 s ago"
    assert relative(NOW - timedelta(hours=3, minutes=5), NOW) == "3 h ago"
    assert relative(NOW + timedelta(minutes=5), NOW) == "in 5 min"
    assert relative(None, NOW) == "?"
    assert format_gb(2048) == "2,048 GB" and format_gb(10240) == "10.2 TB" and format_gb(None) == "?"
    assert short_id("371ecd7b-27cd-4130") == "371ecd7b"


def test_cache_orders_updates_and_evicts() -> None:
    cache = SnapshotCache(max_shares=2)
    entry = cache.put(("svc", "a"), [snap(1, 5), snap(2, 1), snap(3, 3)], NOW)
    assert [s.id for s in entry.ordered()] == ["id-2", "id-3", "id-1"]
    assert entry.age(NOW + timedelta(seconds=12)) == 12
    cache.upsert(("svc", "a"), snap(4, 0, "creating"))
    assert cache.find(("svc", "a"), "id-4") is not None
    cache.remove(("svc", "a"), "id-1")
    assert "id-1" not in cache.get(("svc", "a")).snapshots  # type: ignore[union-attr]
    cache.upsert(("svc", "zzz"), snap(5, 0))  # not cached: ignored
    assert ("svc", "zzz") not in cache
    cache.put(("svc", "b"), [], NOW)
    cache.get(("svc", "a"))  # a is now the most recent
    cache.put(("svc", "c"), [], NOW)
    assert ("svc", "b") not in cache and ("svc", "a") in cache and len(cache) == 2
    cache.invalidate()
    assert len(cache) == 0


def test_newest_first_puts_undated_last() -> None:
    undated = Snapshot(id="x")
    assert newest_first([undated, snap(1, 2), snap(2, 1)])[-1] is undated


def test_backoff_grows_and_caps() -> None:
    backoff = Backoff(1.0, 5.0, 1.5)
    delays = [backoff.next() for _ in range(8)]
    assert delays[:3] == [1.0, 1.5, 2.25] and max(delays) == 5.0 and delays[-1] == 5.0


def test_key_map_documents_real_actions() -> None:
    assert "| n |" in markdown_table()
    assert sum(len(keys) for _, keys in KEY_GROUPS) >= 12
    for action in ("new_snapshot", "delete_snapshot", "refresh", "inspect", "back"):
        assert hasattr(MainScreen, f"action_{action}")
