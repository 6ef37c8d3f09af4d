"""The core filter means what the share table's filter means, term for term, so the table can switch to it.

Each filter of the share table's own tests (tests/ui/test_table.py) runs through
both parsers over the same snapshots; the rows kept, and their order, must agree.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from efs_tui.api.models import Snapshot
from efs_tui.core.query import QueryRow, parse_query
from efs_tui.ui.widgets.snapshot_table import _apply_terms, _Row, parse_filter

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
TYPES = ("automatic", "manual", "system")
STATUSES = ("available",) * 7 + ("creating", "error", "deleting")

#: The same shape as the share table's test data (names, descriptions, types and statuses varied).
SNAPSHOTS = [
    Snapshot(
        id=f"{i:08x}-0000-4000-8000-{i:012x}",
        name=f"daily.{i:05d}" if i % 3 == 0 else f"{TYPES[i % 3]}-{i:05d}",
        description=f"release {i % 7}" if i % 2 else None,
        type=TYPES[i % 3],
        status=STATUSES[i % len(STATUSES)],
        created_at=NOW - timedelta(hours=i + 1),
    )
    for i in range(2000)
] + [Snapshot(id="ffffffff-0000-4000-8000-000000000000")]  # every optional field missing

#: Every filter the share table's tests type, plus the corners of its syntax.
EXAMPLES = (
    "DAILY",
    "manual error",
    SNAPSHOTS[42].id[-12:],
    "release",
    "type:system",
    "status:creat",
    "desc:release description:5",
    "name:manual",
    f"id:{SNAPSHOTS[7].id}",
    "name:available",
    "-type:system",
    "-daily -available",
    "name:",
    "-",
    "",
    "   ",
    "Daily  -type:System name: - desc:Rel foo:bar",
    "foo:bar",
    "-name:daily -desc:release",
    "type:MANUAL -status:avail",
    "ffffffff",
    "-name:x",
)


@pytest.mark.parametrize("text", EXAMPLES)
def test_same_rows_in_the_same_order_as_the_share_table(text: str) -> None:
    table = [row.snap.id for row in _apply_terms([_Row(s) for s in SNAPSHOTS], parse_filter(text))]
    query = parse_query(text)
    assert query.ok
    core = [row.snapshot.id for row in query.apply([QueryRow(s) for s in SNAPSHOTS], NOW)]
    assert core == table
    assert len(query.terms) == len(parse_filter(text))


def test_the_examples_are_not_trivial() -> None:
    """Guard against a parity that only holds because every filter keeps everything or nothing."""
    counts = {len(_apply_terms([_Row(s) for s in SNAPSHOTS], parse_filter(text))) for text in EXAMPLES}
    assert len(counts) > 8 and 0 in counts and len(SNAPSHOTS) in counts
