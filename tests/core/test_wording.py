"""Counts are said one way everywhere (reports, dialogs, the planner)."""

from efs_tui.core.wording import counted


def test_a_count_takes_the_plural_unless_it_is_exactly_one() -> None:
    assert [counted(n, "snapshot") for n in (0, 1, 2, 6000)] == [
        "0 snapshots",
        "1 snapshot",
        "2 snapshots",
        "6,000 snapshots",
    ]
    assert counted(1, "share") == "1 share"
