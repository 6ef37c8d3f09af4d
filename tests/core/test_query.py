"""The account view's filter language: age and date terms, share/service globs, errors instead of exceptions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from efs_tui.api.models import Snapshot
from efs_tui.core.query import (
    DurationError,
    QueryRow,
    format_age,
    format_duration,
    parse_duration,
    parse_query,
)

NOW = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)


def row(
    number: int,
    created: datetime | None,
    *,
    kind: str = "manual",
    status: str = "available",
    share: tuple[str, ...] = ("web-content", "web_content"),
    service: tuple[str, ...] = ("prod-nfs-gra",),
) -> QueryRow:
    snapshot = Snapshot(
        id=f"00000000-0000-4000-8000-{number:012d}",
        name=f"snap-{number}",
        type=kind,
        status=status,
        created_at=created,
    )
    return QueryRow(snapshot, share=share, service=service)


ROWS = [
    row(1, NOW - timedelta(minutes=30)),
    row(2, NOW - timedelta(hours=3), kind="automatic", share=("db-backups",)),
    row(3, NOW - timedelta(days=10), status="error", service=("prod-nfs-rbx",)),
    row(4, NOW - timedelta(days=31), share=("logs",), service=("dr-nfs-bhs",)),
    row(5, datetime(2026, 10, 1, 0, 0, tzinfo=UTC), kind="system"),
    row(6, datetime(2026, 9, 30, 23, 59, 59, tzinfo=UTC), status="error_deleting", share=("WEB-Shop",)),
    row(7, datetime(2026, 9, 1, 10, 0, tzinfo=UTC), share=("archive",), service=("archive-nfs-sbg",)),
    row(8, None),
]


def names(text: str, rows: list[QueryRow] = ROWS) -> list[str]:
    query = parse_query(text)
    assert query.ok, query.errors
    return [r.snapshot.name or "" for r in query.apply(rows, NOW)]


# -- durations ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30d", timedelta(days=30)),
        ("2h", timedelta(hours=2)),
        ("90m", timedelta(minutes=90)),
        ("90min", timedelta(minutes=90)),
        ("45s", timedelta(seconds=45)),
        ("2w", timedelta(days=14)),
        ("1y", timedelta(days=365)),
        ("1d12h", timedelta(hours=36)),
        ("30D", timedelta(days=30)),
        ("0d", timedelta(0)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("30", "add a unit"),
        ("", "use a number"),
        ("3x", "use a number"),
        ("d", "use a number"),
        ("-3d", "use a number"),
        ("1.5d", "use a number"),
    ],
)
def test_bad_durations_say_what_to_type(text: str, hint: str) -> None:
    with pytest.raises(DurationError, match=hint):
        parse_duration(text)


def test_durations_and_ages_in_words() -> None:
    assert [format_duration(timedelta(seconds=s)) for s in (86400 * 30, 3600 * 36, 5400, 45, 0)] == [
        "30 d",
        "36 h",
        "90 min",
        "45 s",
        "0 s",
    ]
    ages = (86400 * 41, 86400 * 41 + 3 * 3600 + 59, 3600 * 5 + 60 * 12, 60 * 12 + 5, 30, -5)
    assert [format_age(timedelta(seconds=s)) for s in ages] == [
        "41 d",
        "41 d 3 h",
        "5 h 12 min",
        "12 min",
        "30 s",
        "in the future",
    ]


# -- age and created ---------------------------------------------------------------------------------------------


def test_age_terms_compare_with_now_and_skip_undated_snapshots() -> None:
    assert names("age:>30d") == ["snap-4", "snap-7"]
    assert names("age:<2h") == ["snap-1"]
    assert names("age:>=3h age:<=10d") == ["snap-2", "snap-3"]
    assert "snap-8" in names("-age:>30d")  # an unknown age is not "older than 30 days"
    assert "snap-8" not in names("age:<1000y")


def test_created_terms_treat_a_date_as_the_whole_day() -> None:
    assert names("created:<2026-10-01") == ["snap-4", "snap-6", "snap-7"]
    assert names("created:<=2026-10-01") == ["snap-4", "snap-5", "snap-6", "snap-7"]
    assert names("created:>2026-10-01") == ["snap-1", "snap-2", "snap-3"]
    assert names("created:>=2026-10-01") == ["snap-1", "snap-2", "snap-3", "snap-5"]
    assert names("created:2026-09-30") == ["snap-6"]


def test_created_terms_with_a_time_compare_instants() -> None:
    assert names("created:>=2026-09-01T10:00Z created:<2026-09-02") == ["snap-7"]
    assert names("created:>2026-09-01T10:00Z created:<2026-09-02") == []
    assert names("created:>=2026-09-01T12:00+02:00 created:<2026-09-02") == ["snap-7"]
    assert names("created:<2026-10-01T00:00:00") == ["snap-4", "snap-6", "snap-7"]  # no offset: UTC by default


def test_created_without_offset_uses_the_zone_of_the_table() -> None:
    paris = timezone(timedelta(hours=2))
    query = parse_query("created:<2026-10-01", zone=paris)  # midnight in Paris is 22:00 UTC the day before
    assert [r.snapshot.name for r in query.apply(ROWS, NOW)] == ["snap-4", "snap-7"]
    query = parse_query("created:>=2026-09-01T12:00", zone=paris)
    assert "snap-7" in [r.snapshot.name for r in query.apply(ROWS, NOW)]


# -- share, service, type, status --------------------------------------------------------------------------------------


def test_share_and_service_globs_are_anchored_and_case_insensitive() -> None:
    assert names("share:web*") == ["snap-1", "snap-3", "snap-5", "snap-6", "snap-8"]
    assert names("share:web_*") == ["snap-1", "snap-3", "snap-5", "snap-8"]  # the mount point name
    assert names("share:*backups") == ["snap-2"]
    assert names("share:content") == ["snap-1", "snap-3", "snap-5", "snap-8"]  # no wildcard: contains
    assert names("share:cont*") == []
    assert names("service:prod*") == ["snap-1", "snap-2", "snap-3", "snap-5", "snap-6", "snap-8"]
    assert names("service:prod-nfs-?bx") == ["snap-3"]
    assert names("-service:prod* -service:dr*") == ["snap-7"]


def test_type_status_and_combined_terms() -> None:
    assert names("status:error") == ["snap-3", "snap-6"]  # contains, as the share table does
    assert names("type:manual status:error -status:deleting") == ["snap-3"]
    assert names("type:manual age:>30d share:logs") == ["snap-4"]
    assert names("bhs") == ["snap-4"]  # bare words also look at the service and share names


# -- typing and errors ---------------------------------------------------------------------------------------------


def test_half_typed_terms_are_ignored() -> None:
    for text in ("age:", "age:>", "-age:>=", "created:", "created:<", "share:", "service:", "-", "name:"):
        query = parse_query(text)
        assert query.terms == () and query.ok, text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("age:>3", "age:>3: '3' is not a duration: add a unit"),
        ("age:30d", "say which way"),
        ("age:>soon", "'soon' is not a duration"),
        ("created:<yesterday", "'yesterday' is not a date or date-time"),
        ("created:<2026-13-01", "'2026-13-01' is not a date"),
        ("created:2026-09-01t10:00z", "compare a date-time with <, <=, > or >="),
        ("age:>\x1b[2j", "age:>?[2j: '?[2j' is not a duration"),
    ],
)
def test_invalid_terms_give_an_error_and_the_rest_still_filters(text: str, message: str) -> None:
    query = parse_query(f"type:manual {text}")
    assert not query.ok
    assert len(query.errors) == 1 and message in query.errors[0]
    assert "\x1b" not in query.errors[0]
    assert len(query.terms) == 1  # type:manual still applies
    assert [r.snapshot.name for r in query.apply(ROWS, NOW)] == names("type:manual")


def test_matches_is_the_same_as_apply() -> None:
    query = parse_query("-type:system created:>=2026-09-01 web")
    assert [r for r in ROWS if query.matches(r, NOW)] == query.apply(ROWS, NOW)
