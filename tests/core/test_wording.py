"""Counts and durations are said one way everywhere (reports, dialogs, the planner, the account title)."""

from efs_tui.core.wording import counted


def test_a_count_takes_the_plural_unless_it_is_exactly_one() -> None:
    assert [counted(n, "snapshot") for n in (0, 1, 2, 6000)] == [
        "0 snapshots",
        "1 snapshot",
        "2 snapshots",
        "6,000 snapshots",
    ]
    assert counted(1, "share") == "1 share"


def test_a_duration_is_said_in_its_largest_whole_unit_in_words_or_as_typed() -> None:
    """One rule for the planner's summary (``30 d``) and what its fields take back (``30d``)."""
    from datetime import timedelta

    from efs_tui.core.query import parse_duration
    from efs_tui.core.wording import format_duration

    values = [timedelta(days=30), timedelta(hours=36), timedelta(minutes=90), timedelta(seconds=45)]
    assert [format_duration(v) for v in values] == ["30 d", "36 h", "90 min", "45 s"]
    typed = [format_duration(v, as_typed=True) for v in values]
    assert typed == ["30d", "36h", "90m", "45s"]
    assert [parse_duration(text) for text in typed] == values  # as the filter and the fields read them
