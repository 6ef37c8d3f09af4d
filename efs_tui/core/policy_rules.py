"""Snapshot-policy rules as a user types them, checked before any request, and their preview.

The API takes a policy's rules once, at creation, and never lets them change
(its PUT edits only the name and description). A typo in a schedule therefore
costs a delete and a re-create, and the API's own refusal names only a JSON
path. So every rule is checked here first, with the spec's limits (at most four
rules, unique prefixes, minutes 0-59 and at least one, hours 0-23, days 1-31,
months 1-12, weekdays 0-6 with 0 = Sunday, at least one copy kept), and the
preview says what attaching the policy would do before it is done: when the
next automatic snapshots come, and which of a share's existing automatic
snapshots the rotation would remove (it keeps the newest ``copies`` per rule
prefix, by creation date).

A rule is one line, in cron order after the prefix and the copies kept::

    PREFIX KEEP MINUTE HOUR DAY MONTH WEEKDAY     e.g.  daily 7 10 0   or  weekly 4 0 2 * * 0

Each field is a comma list with ``a-b`` ranges; ``*`` (or a left-out trailing
field) means "every". Pure Python (no Textual), unit-tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter

from efs_tui.api.models import PolicyRule, PolicySchedule, Snapshot, SnapshotType
from efs_tui.core.policy_text import next_run

MAX_RULES = 4
"""At most four rules per policy (OVH's documentation and the Control Panel)."""

FIELDS: tuple[tuple[str, str, int, int], ...] = (
    ("minutes", "minute", 0, 59),
    ("hours", "hour", 0, 23),
    ("days", "day of month", 1, 31),
    ("months", "month", 1, 12),
    ("weekdays", "weekday", 0, 6),
)
"""Schedule field, its name in messages, and the range the spec allows."""

PREFIX_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
"""Prefixes become the first part of snapshot names (``daily.2026-11-26_0010``): no dots, no spaces,
nothing a shell or a terminal would read twice."""

NEXT_RUNS_SHOWN = 5


class RuleError(ValueError):
    """A rule cannot be sent as typed; the message says which line and why (nothing was sent)."""


@dataclass(frozen=True, slots=True)
class PolicyDraft:
    """What the editor hands to the flow: checked, ready to send."""

    name: str | None
    description: str | None
    rules: tuple[PolicyRule, ...]


def _parse_values(text: str, line: int, label: str, low: int, high: int) -> tuple[int, ...]:
    if text == "*":
        return ()
    values: set[int] = set()
    for part in text.split(","):
        bounds = part.split("-")
        if len(bounds) > 2 or not all(b.isdigit() for b in bounds):
            raise RuleError(f"rule {line}: {label} {part!r} is not a number, a range a-b or *")
        first, last = int(bounds[0]), int(bounds[-1])
        if first > last:
            raise RuleError(f"rule {line}: {label} range {part} runs backwards")
        for value in (first, last):
            if not low <= value <= high:
                raise RuleError(f"rule {line}: {label} {value} is outside {low}-{high}")
        values.update(range(first, last + 1))
    return tuple(sorted(values))


def parse_rule(text: str, line: int = 1) -> PolicyRule:
    """One rule line (see the module docstring) as a :class:`PolicyRule`, or :class:`RuleError`."""
    tokens = text.split()
    if len(tokens) < 3:
        raise RuleError(f"rule {line}: expected PREFIX KEEP MINUTE [HOUR DAY MONTH WEEKDAY]")
    if len(tokens) > 2 + len(FIELDS):
        raise RuleError(f"rule {line}: too many fields (PREFIX KEEP MINUTE HOUR DAY MONTH WEEKDAY)")
    prefix, keep, *fields = tokens
    if not PREFIX_PATTERN.match(prefix):
        raise RuleError(f"rule {line}: prefix must be letters, digits, - or _ (at most 64)")
    if not keep.isdigit() or int(keep) < 1:
        raise RuleError(f"rule {line}: keep must be a whole number of at least 1")
    values: dict[str, tuple[int, ...]] = {}
    for (key, label, low, high), field_text in zip(FIELDS, fields + ["*"] * (len(FIELDS) - len(fields)), strict=True):
        values[key] = _parse_values(field_text, line, label, low, high)
    if not values["minutes"]:
        raise RuleError(f"rule {line}: give the minute(s) it runs at: the API needs at least one")
    return PolicyRule(prefix=prefix, copies=int(keep), schedule=PolicySchedule(**values))


def _field_text(values: Sequence[int]) -> str:
    return ",".join(str(v) for v in values) if values else "*"


def format_rule(rule: PolicyRule) -> str:
    """The line :func:`parse_rule` reads back into the same rule (trailing ``*`` left out)."""
    schedule = rule.schedule
    fields = [_field_text(getattr(schedule, key)) for key, *_ in FIELDS]
    while len(fields) > 1 and fields[-1] == "*":
        fields.pop()
    return " ".join([rule.prefix or "?", str(rule.copies if rule.copies is not None else "?"), *fields])


def check_rules(rules: Sequence[PolicyRule], now: datetime) -> None:
    """The whole set's limits: 1 to 4 rules, unique prefixes, each schedule able to fire."""
    if not rules:
        raise RuleError("a policy needs at least one rule")
    if len(rules) > MAX_RULES:
        raise RuleError(f"at most {MAX_RULES} rules per policy ({len(rules)} given)")
    seen: set[str] = set()
    for line, rule in enumerate(rules, start=1):
        if rule.prefix in seen:
            raise RuleError(f"rule {line}: prefix {rule.prefix!r} is already used by another rule")
        seen.add(rule.prefix or "")
        if next_run(rule.schedule, now) is None:
            raise RuleError(f"rule {line}: this schedule never fires (no such date)")


def parse_rules(text: str, now: datetime) -> tuple[PolicyRule, ...]:
    """Every non-blank line as a rule (``#`` starts a comment), then the set's limits."""
    lines = [raw.split("#", 1)[0].strip() for raw in text.splitlines()]
    rules = tuple(parse_rule(line, number) for number, line in enumerate((x for x in lines if x), start=1))
    check_rules(rules, now)
    return rules


def next_runs(rules: Iterable[PolicyRule], now: datetime, count: int = NEXT_RUNS_SHOWN) -> list[tuple[datetime, str]]:
    """The next ``count`` automatic snapshots over all rules: (when, the name prefix it will carry)."""
    cursors = {rule.prefix or "": next_run(rule.schedule, now) for rule in rules}
    schedules = {rule.prefix or "": rule.schedule for rule in rules}
    upcoming: list[tuple[datetime, str]] = []
    while len(upcoming) < count:
        due = [(when, prefix) for prefix, when in cursors.items() if when is not None]
        if not due:
            break
        when, prefix = min(due)
        upcoming.append((when, prefix))
        cursors[prefix] = next_run(schedules[prefix], when)
    return upcoming


def rule_prefix_of(snap: Snapshot, prefixes: Container[str]) -> str | None:
    """The rule prefix an automatic snapshot's name carries (``daily.2026-11-26_0010`` → ``daily``).

    Prefixes hold no dot (:data:`PREFIX_PATTERN`), so the part before the first dot is the only candidate.
    """
    head, dot, _ = (snap.name or "").partition(".")
    return head if dot and head in prefixes else None


@dataclass(frozen=True, slots=True)
class RotationPreview:
    """What the rotation of ``rules`` would do to one share's existing automatic snapshots."""

    removed: tuple[tuple[Snapshot, str], ...]
    """Snapshot and the reason, oldest first."""
    kept: int
    untouched: int
    """Automatic snapshots no rule's prefix names: no rule rotates them; they stay until deleted."""


def rotation_preview(rules: Sequence[PolicyRule], snapshots: Iterable[Snapshot]) -> RotationPreview:
    """Keep the newest ``copies`` automatic snapshots per rule prefix; the older ones would go.

    Manual and system snapshots are never rotated. A snapshot without a creation
    date sorts as the oldest (it cannot be shown to be newer). Recomputed on each
    keystroke in the editor, so it is one pass and one sort per prefix.
    """
    copies = {rule.prefix or "": max(rule.copies or 0, 0) for rule in rules}
    groups: dict[str, list[tuple[float, Snapshot]]] = {prefix: [] for prefix in copies}
    untouched = 0
    for snap in snapshots:
        if snap.type != SnapshotType.AUTOMATIC:
            continue
        prefix = rule_prefix_of(snap, copies)
        if prefix is None:
            untouched += 1
            continue
        stamp = snap.created_at.timestamp() if snap.created_at is not None else float("-inf")
        groups[prefix].append((stamp, snap))
    removed: list[tuple[float, Snapshot, str]] = []
    kept = 0
    for prefix, members in groups.items():
        members.sort(key=itemgetter(0), reverse=True)
        keep = copies[prefix]
        kept += min(len(members), keep)
        reason = f"rule {prefix} keeps the newest {keep}"
        removed.extend((stamp, snap, reason) for stamp, snap in members[keep:])
    removed.sort(key=itemgetter(0))
    return RotationPreview(removed=tuple((snap, reason) for _, snap, reason in removed), kept=kept, untouched=untouched)


__all__ = [
    "MAX_RULES",
    "PolicyDraft",
    "RotationPreview",
    "RuleError",
    "check_rules",
    "format_rule",
    "next_runs",
    "parse_rule",
    "parse_rules",
    "rotation_preview",
]
