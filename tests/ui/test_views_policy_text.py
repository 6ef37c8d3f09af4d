"""Snapshot-policy schedules in words and the next automatic run (pure functions, no app)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from efs_tui.api.models import PolicyRule, PolicySchedule
from efs_tui.core.policy_text import describe_rule, describe_schedule, next_policy_run, next_run

MONDAY = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
"""2 March 2026 is a Monday."""


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        (PolicySchedule(minutes=(10,), hours=(0,)), "every day at 00:10 UTC"),
        (PolicySchedule(minutes=(0,), hours=(2,), weekdays=(0,)), "every Sunday at 02:00 UTC"),
        (PolicySchedule(minutes=(0,), hours=(2,), weekdays=(7,)), "every Sunday at 02:00 UTC"),
        (PolicySchedule(minutes=(5,)), "every hour at :05"),
        (PolicySchedule(minutes=(0, 30)), "every hour at :00 and :30"),
        (PolicySchedule(), "every minute"),
        (PolicySchedule(minutes=(0,), hours=(6, 18)), "every day at 06:00 and 18:00 UTC"),
        (
            PolicySchedule(minutes=(15,), hours=(1,), weekdays=(1, 3, 5)),
            "every Monday, Wednesday and Friday at 01:15 UTC",
        ),
        (PolicySchedule(minutes=(0,), hours=(2,), days=(1, 15)), "on the 1st and 15th of every month at 02:00 UTC"),
        (
            PolicySchedule(minutes=(0,), hours=(4,), days=(1,), months=(1, 7)),
            "on the 1st of January and July at 04:00 UTC",
        ),
        (PolicySchedule(minutes=(0,), hours=(4,), months=(12,)), "every day in December at 04:00 UTC"),
        (PolicySchedule(minutes=(15,), weekdays=(6,)), "every Saturday, every hour at :15"),
        (
            PolicySchedule(minutes=(0,), hours=(3,), days=(1,), weekdays=(0,)),
            "on the 1st or on Sunday of every month at 03:00 UTC",
        ),
        (PolicySchedule(minutes=(0, 99), hours=(3, 25)), "every day at 03:00 UTC"),  # out-of-range values dropped
    ],
)
def test_describe_schedule(schedule: PolicySchedule, words: str) -> None:
    assert describe_schedule(schedule) == words


def test_describe_rule_adds_copies() -> None:
    rule = PolicyRule("daily", 7, PolicySchedule(minutes=(10,), hours=(0,)))
    assert describe_rule(rule) == "every day at 00:10 UTC, keep 7"
    assert describe_rule(PolicyRule("x", None, PolicySchedule(minutes=(0,), hours=(2,), weekdays=(0,)))) == (
        "every Sunday at 02:00 UTC"
    )


def test_many_times_are_summarised() -> None:
    words = describe_schedule(PolicySchedule(minutes=(0, 30), hours=(1, 2, 3, 4)))
    assert words == "every day at minutes 0, 30 past hours 01, 02, 03, 04 UTC"


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        (PolicySchedule(minutes=(10,), hours=(0,)), datetime(2026, 3, 3, 0, 10, tzinfo=UTC)),
        (PolicySchedule(minutes=(45,), hours=(9,)), datetime(2026, 3, 2, 9, 45, tzinfo=UTC)),  # later today
        (PolicySchedule(minutes=(30,), hours=(9,)), datetime(2026, 3, 3, 9, 30, tzinfo=UTC)),  # strictly after now
        (PolicySchedule(minutes=(5,)), datetime(2026, 3, 2, 10, 5, tzinfo=UTC)),
        (PolicySchedule(minutes=(0,), hours=(3,), weekdays=(0,)), datetime(2026, 3, 8, 3, 0, tzinfo=UTC)),
        (PolicySchedule(minutes=(0,), hours=(3,), weekdays=(1,)), datetime(2026, 3, 9, 3, 0, tzinfo=UTC)),
        (PolicySchedule(minutes=(0,), hours=(2,), days=(1,)), datetime(2026, 4, 1, 2, 0, tzinfo=UTC)),
        (PolicySchedule(minutes=(0,), hours=(2,), days=(31,), months=(4, 6)), None),  # no 31 April / June
        (PolicySchedule(minutes=(0,), hours=(2,), days=(29,), months=(2,)), datetime(2028, 2, 29, 2, 0, tzinfo=UTC)),
        (PolicySchedule(minutes=(0,), hours=(2,), days=(2,), weekdays=(3,)), datetime(2026, 3, 4, 2, 0, tzinfo=UTC)),
        (PolicySchedule(), datetime(2026, 3, 2, 9, 31, tzinfo=UTC)),
    ],
)
def test_next_run(schedule: PolicySchedule, expected: datetime | None) -> None:
    assert next_run(schedule, MONDAY) == expected


def test_next_run_takes_any_zone_and_answers_in_utc() -> None:
    paris = timezone(timedelta(hours=1))
    now = datetime(2026, 3, 2, 1, 30, tzinfo=paris)  # 00:30 UTC
    when = next_run(PolicySchedule(minutes=(10,), hours=(0,)), now)
    assert when == datetime(2026, 3, 3, 0, 10, tzinfo=UTC) and when.tzinfo is UTC
    naive = next_run(PolicySchedule(minutes=(10,), hours=(0,)), datetime(2026, 3, 2, 0, 5))
    assert naive == datetime(2026, 3, 2, 0, 10, tzinfo=UTC)


def test_next_policy_run_picks_the_soonest_rule() -> None:
    hourly = PolicyRule("hourly", 24, PolicySchedule(minutes=(5,)))
    weekly = PolicyRule("weekly", 4, PolicySchedule(minutes=(0,), hours=(3,), weekdays=(0,)))
    assert next_policy_run([weekly, hourly], MONDAY) == (datetime(2026, 3, 2, 10, 5, tzinfo=UTC), hourly)
    never = PolicyRule("never", 1, PolicySchedule(minutes=(0,), hours=(0,), days=(30,), months=(2,)))
    assert next_policy_run([never], MONDAY) is None
    assert next_policy_run([], MONDAY) is None
