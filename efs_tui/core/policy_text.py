"""Snapshot-policy schedules in words, and when the next automatic snapshot is due.

The API describes a rule's schedule as cron-like lists (minutes, hours, days,
months, weekdays; an empty list means "every"; weekdays 0 = Sunday, and the
Manager may send 7 for Sunday too). Nobody reads ``{"minutes": [10], "hours":
[0]}`` at a glance, and no OVH tool says when the next automatic snapshot will
be taken, so this module turns a schedule into "every day at 00:10 UTC" and
computes the next run. Times are always UTC: that is how the API evaluates them.

Pure Python (no Textual, no Rich) so it is unit-tested on its own.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from efs_tui.api.models import PolicyRule, PolicySchedule

WEEKDAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
"""API weekday numbers (0 = Sunday) to names."""

MONTH_NAMES = tuple(calendar.month_name[1:])
"""``MONTH_NAMES[0]`` is January (API month 1)."""

MAX_TIMES_LISTED = 6
"""Above this many times a day, say "at minutes … past hours …" instead of listing every time."""

SEARCH_DAYS = 366 * 8 + 2
"""How far :func:`next_run` looks ahead. The rarest date a schedule can ask for is 29 February, at
most 8 years apart (2096 → 2104); days and weekdays combine with "or", so nothing rarer exists."""


def _clean(values: Iterable[int], low: int, high: int) -> list[int]:
    """Sorted unique values within ``low..high`` (out-of-range values cannot match and are dropped)."""
    return sorted({v for v in values if low <= v <= high})


def _weekdays(schedule: PolicySchedule) -> list[int]:
    """Weekdays as 0..6 (Sunday = 0), accepting 7 for Sunday."""
    return sorted({v % 7 for v in schedule.weekdays if 0 <= v <= 7})


def _join(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _time_part(minutes: list[int], hours: list[int]) -> str:
    """The time-of-day part: ``at 00:10``, ``every hour at :05``, ``every minute``…"""
    if not hours:
        if not minutes:
            return "every minute"
        if len(minutes) > MAX_TIMES_LISTED:
            return f"every hour at minutes {', '.join(str(m) for m in minutes)}"
        return "every hour at " + _join([f":{m:02d}" for m in minutes])
    if not minutes:
        return f"every minute of hours {', '.join(f'{h:02d}' for h in hours)}"
    if len(hours) * len(minutes) <= MAX_TIMES_LISTED:
        return "at " + _join([f"{h:02d}:{m:02d}" for h in hours for m in minutes])
    return f"at minutes {', '.join(str(m) for m in minutes)} past hours {', '.join(f'{h:02d}' for h in hours)}"


def _day_part(days: list[int], months: list[int], weekdays: list[int]) -> str:
    """The calendar part: ``every day``, ``every Sunday``, ``on the 1st of January``…"""
    month_words = _join([MONTH_NAMES[m - 1] for m in months])
    weekday_words = _join([WEEKDAY_NAMES[w] for w in weekdays])
    if days and weekdays:
        # Cron semantics: when both are restricted, either one matching is enough.
        day_words = f"on the {_join([_ordinal(d) for d in days])} or on {weekday_words}"
        return f"{day_words} of {month_words}" if months else f"{day_words} of every month"
    if days:
        day_words = f"on the {_join([_ordinal(d) for d in days])}"
        return f"{day_words} of {month_words}" if months else f"{day_words} of every month"
    if weekdays:
        every = "every day" if len(weekdays) == 7 else f"every {weekday_words}"
        return f"{every} in {month_words}" if months else every
    return f"every day in {month_words}" if months else "every day"


def describe_schedule(schedule: PolicySchedule) -> str:
    """The schedule in words, times in UTC: ``every day at 00:10 UTC``, ``every Sunday at 02:00 UTC``.

    Hourly schedules read ``every hour at :05`` (no "UTC": minutes past the hour
    are the same in every zone). A schedule that can never run (e.g. 30 February)
    is still described; :func:`next_run` is what tells that it never fires.
    """
    minutes = _clean(schedule.minutes, 0, 59)
    hours = _clean(schedule.hours, 0, 23)
    days = _clean(schedule.days, 1, 31)
    months = _clean(schedule.months, 1, 12)
    weekdays = _weekdays(schedule)
    when = _time_part(minutes, hours)
    calendar_words = _day_part(days, months, weekdays)
    if not hours:
        return when if calendar_words == "every day" else f"{calendar_words}, {when}"
    return f"{calendar_words} {when} UTC"


def describe_rule(rule: PolicyRule) -> str:
    """``every day at 00:10 UTC, keep 7`` (the prefix is shown separately)."""
    text = describe_schedule(rule.schedule)
    if rule.copies is not None:
        text += f", keep {rule.copies}"
    return text


def _day_matches(day: date, days: list[int], months: list[int], weekdays: list[int]) -> bool:
    if months and day.month not in months:
        return False
    weekday = (day.weekday() + 1) % 7  # Python: Monday = 0; API: Sunday = 0
    if days and weekdays:
        return day.day in days or weekday in weekdays
    if days:
        return day.day in days
    if weekdays:
        return weekday in weekdays
    return True


def next_run(schedule: PolicySchedule, now: datetime) -> datetime | None:
    """The first moment strictly after ``now`` at which ``schedule`` fires, in UTC; ``None`` if never.

    Works day by day (at most :data:`SEARCH_DAYS` days, a few thousand cheap
    checks) rather than minute by minute, so it is instant even for yearly rules.

    Args:
        schedule: the rule's schedule (empty lists mean "every").
        now: an aware datetime (a naive one is taken as UTC).
    """
    current = (now if now.tzinfo is not None else now.replace(tzinfo=UTC)).astimezone(UTC)
    minutes = _clean(schedule.minutes, 0, 59) or list(range(60))
    hours = _clean(schedule.hours, 0, 23) or list(range(24))
    days = _clean(schedule.days, 1, 31)
    months = _clean(schedule.months, 1, 12)
    weekdays = _weekdays(schedule)
    times = [time(h, m) for h in hours for m in minutes]
    start = current.date()
    for offset in range(SEARCH_DAYS):
        day = start + timedelta(days=offset)
        if not _day_matches(day, days, months, weekdays):
            continue
        for moment in times:
            candidate = datetime.combine(day, moment, tzinfo=UTC)
            if candidate > current:
                return candidate
    return None


def next_policy_run(rules: Iterable[PolicyRule], now: datetime) -> tuple[datetime, PolicyRule] | None:
    """The soonest next run over ``rules`` and the rule it belongs to (``None`` if no rule ever fires)."""
    best: tuple[datetime, PolicyRule] | None = None
    for rule in rules:
        when = next_run(rule.schedule, now)
        if when is not None and (best is None or when < best[0]):
            best = (when, rule)
    return best


__all__ = ["describe_rule", "describe_schedule", "next_policy_run", "next_run"]
