"""The filter language of the snapshot tables, Textual-free, with age and date terms for the account view.

One language for the share table and the account-wide table, so a filter typed in
one means the same in the other. It is the share table's syntax
(:func:`efs_tui.ui.widgets.snapshot_table.parse_filter`) with the same meaning
for every term it knows, plus the terms an account needs:

* ``daily``: a bare word; any of name, description, id, type, status (and, on
  account rows, the service and share names) contains it, case-insensitively;
* ``name:x``, ``desc:x`` / ``description:x``, ``id:x``, ``type:x``, ``status:x``:
  that field contains ``x`` (so ``status:error`` also matches ``error_deleting``,
  as in the share table);
* ``share:web*``, ``service:prod*``: a shell glob on the share's (service's) names,
  anchored; without ``*``, ``?`` or ``[`` it is a "contains" like the other fields;
* ``age:>30d``, ``age:<2h`` (``<``, ``<=``, ``>``, ``>=``; units ``s``, ``m``/``min``,
  ``h``, ``d``, ``w``, ``y``, combinable: ``1d12h``);
* ``created:<2026-10-01``, ``created:>=2026-09-01T10:00Z``, ``created:2026-10-01``:
  a date stands for the whole day (``>2026-10-01`` starts the next day, as in
  GitHub's search), a date-time for that instant; dates without an offset are UTC;
* ``-term``: the term must not match. All terms must match (AND).

A snapshot without ``createdAt`` matches no age or date comparison (so ``-age:>30d``
keeps it). Half-typed terms (``-``, ``name:``, ``age:``, ``age:>``) are ignored, as the
share table does, so rows do not blank while the user types. A term that cannot mean
anything (``age:>3``, ``created:<yesterday``) is reported in :attr:`Query.errors`
and left out; nothing raises.
"""

from __future__ import annotations

import fnmatch
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Final

from efs_tui.api.models import Snapshot, parse_datetime
from efs_tui.core.sanitize import replace_unsafe
from efs_tui.core.wording import format_age, format_duration

#: ``field:`` prefixes with a "contains" match, as the share table has them (same names, same fields).
TEXT_FIELDS: Final[dict[str, str]] = {
    "name": "name",
    "desc": "description",
    "description": "description",
    "id": "id",
    "type": "type",
    "status": "status",
}

#: ``field:`` prefixes matched as a glob on the names a row's share or service answers to.
GLOB_FIELDS: Final = frozenset({"share", "service"})

#: ``field:`` prefixes compared with an operator.
COMPARED_FIELDS: Final = frozenset({"age", "created"})

_UNITS: Final[dict[str, int]] = {
    "s": 1,
    "m": 60,
    "min": 60,
    "h": 3600,
    "d": 86400,
    "w": 7 * 86400,
    "y": 365 * 86400,
}
_DURATION_PART: Final = re.compile(r"(\d+)(min|[smhdwy])")
_DURATION: Final = re.compile(r"(?:\d+(?:min|[smhdwy]))+")
_OPERATORS: Final[dict[str, Callable[[Any, Any], bool]]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
_DATE_ONLY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_GLOB_CHARS: Final = frozenset("*?[")
_OFFSET: Final = re.compile(r"(z|[+-]\d{2}:?\d{2})$")


class DurationError(ValueError):
    """A duration that is not ``<number><unit>…``; the message says what to type instead."""


def parse_duration(text: str) -> timedelta:
    """``30d`` → 30 days; ``1d12h``, ``90m``, ``2w``, ``45s``, ``1y`` (365 days). Case-insensitive.

    The one duration syntax of efs-tui: the ``age:`` filter term and ``snapshots prune
    --older-than`` both read it, so a cron line and a filter agree on what ``30d`` is.

    Raises:
        DurationError: empty, no unit, unknown unit, or anything else (the message names the units).
    """
    value = text.strip().lower()
    if not _DURATION.fullmatch(value):
        shown = replace_unsafe(text, "?")
        hint = "add a unit" if value.isdigit() else "use a number and a unit"
        raise DurationError(f"{shown!r} is not a duration: {hint} (s, m, h, d, w, y), e.g. 30d or 1d12h")
    seconds = sum(int(number) * _UNITS[unit] for number, unit in _DURATION_PART.findall(value))
    try:
        return timedelta(seconds=seconds)
    except OverflowError:
        raise DurationError(f"{value!r} is too long a duration") from None


# -- rows ---------------------------------------------------------------------------------------------------


class QueryRow:
    """What a filter looks at for one snapshot: the snapshot, its share's and service's names, a haystack.

    ``share`` and ``service`` are every name the share (service) answers to, e.g.
    its name, mount point name and id; the share table leaves them empty. The
    haystack is built once, so a keystroke costs one pass of substring tests.
    """

    __slots__ = ("hay", "service", "share", "snapshot")

    def __init__(self, snapshot: Snapshot, *, share: Sequence[str] = (), service: Sequence[str] = ()) -> None:
        self.snapshot = snapshot
        self.share = tuple(name.lower() for name in share if name)
        self.service = tuple(name.lower() for name in service if name)
        # Newlines keep a bare term from matching across two fields (terms never hold one).
        self.hay = "\n".join(
            (
                snapshot.name or "",
                snapshot.description or "",
                snapshot.id,
                snapshot.type or "",
                snapshot.status or "",
                *self.share,
                *self.service,
            )
        ).lower()


# -- terms --------------------------------------------------------------------------------------------------

Predicate = Callable[[QueryRow, datetime], bool]


@dataclass(frozen=True, slots=True)
class Term:
    """One understood term: its text (lowercased, as typed), whether negated, and its test."""

    text: str
    negate: bool
    test: Predicate = field(repr=False, compare=False)

    def matches(self, row: QueryRow, now: datetime) -> bool:
        return self.test(row, now) is not self.negate


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed filter: the terms to AND, and a sentence for each term that was left out."""

    terms: tuple[Term, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def matches(self, row: QueryRow, now: datetime) -> bool:
        return all(term.matches(row, now) for term in self.terms)

    def apply(self, rows: Iterable[QueryRow], now: datetime) -> list[QueryRow]:
        """The rows every term matches, in their order: one tight pass per term, as the share table does."""
        kept = list(rows)
        for term in self.terms:
            test, negate = term.test, term.negate
            kept = [row for row in kept if test(row, now) is not negate]
        return kept


def _contains(needle: str) -> Predicate:
    return lambda row, now: needle in row.hay


def _field_contains(attribute: str, needle: str) -> Predicate:
    def test(row: QueryRow, now: datetime) -> bool:
        value = getattr(row.snapshot, attribute)
        return bool(value) and needle in value.lower()

    return test


def _names_match(kind: str, pattern: str) -> Predicate:
    if _GLOB_CHARS.isdisjoint(pattern):
        if kind == "share":
            return lambda row, now: any(pattern in name for name in row.share)
        return lambda row, now: any(pattern in name for name in row.service)
    compiled = re.compile(fnmatch.translate(pattern), re.DOTALL)
    if kind == "share":
        return lambda row, now: any(compiled.match(name) for name in row.share)
    return lambda row, now: any(compiled.match(name) for name in row.service)


def _split_operator(value: str) -> tuple[str, str]:
    for symbol in _OPERATORS:  # two-character operators first
        if value.startswith(symbol):
            return symbol, value[len(symbol) :]
    return "", value


def _age_term(raw: str, value: str) -> Predicate | str:
    symbol, amount = _split_operator(value)
    if not symbol:
        return f"{raw}: say which way, e.g. age:>30d (older than 30 days) or age:<2h (younger than 2 hours)"
    try:
        limit = parse_duration(amount)
    except DurationError as error:
        return f"{raw}: {error}"
    compare = _OPERATORS[symbol]

    def test(row: QueryRow, now: datetime) -> bool:
        created = row.snapshot.created_at
        return created is not None and compare(now - created, limit)

    return test


def _day_bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), zone)
    return start, start + timedelta(days=1)


def _created_term(raw: str, value: str, zone: tzinfo) -> Predicate | str:
    symbol, moment = _split_operator(value)
    example = "e.g. created:<2026-10-01 or created:>=2026-09-01T10:00Z"
    if _DATE_ONLY.fullmatch(moment):
        try:
            start, end = _day_bounds(date.fromisoformat(moment), zone)
        except (ValueError, OverflowError):
            return f"{raw}: {replace_unsafe(moment, '?')!r} is not a date ({example})"
        # A day is an interval: "<d" before it starts, ">d" after it ends, "d" within it.
        bounds = {"<": (None, start), "<=": (None, end), ">": (end, None), ">=": (start, None), "": (start, end)}
        low, high = bounds[symbol]

        def in_range(row: QueryRow, now: datetime) -> bool:
            created = row.snapshot.created_at
            if created is None:
                return False
            return (low is None or created >= low) and (high is None or created < high)

        return in_range
    parsed = parse_datetime(moment)
    if parsed is None or "t" not in moment:
        return f"{raw}: {replace_unsafe(moment, '?')!r} is not a date or date-time ({example})"
    if not _OFFSET.search(moment):
        parsed = parsed.replace(tzinfo=zone)  # no offset given: the zone the dates are shown in
    if not symbol:
        return f"{raw}: compare a date-time with <, <=, > or >= ({example})"
    compare = _OPERATORS[symbol]

    def test(row: QueryRow, now: datetime) -> bool:
        created = row.snapshot.created_at
        return created is not None and compare(created, parsed)

    return test


def _half_typed(prefix: str, value: str) -> bool:
    """Whether a compared term is still being typed (``age:``, ``age:>``, ``created:>=``): ignore it silently."""
    return prefix in COMPARED_FIELDS and value in ("", *_OPERATORS)


def parse_query(text: str, *, zone: tzinfo = UTC) -> Query:
    """Parse a filter (see the module docstring); never raises.

    Args:
        text: What the user typed.
        zone: The zone of dates typed without an offset (the table's display zone); UTC by default.
    """
    terms: list[Term] = []
    errors: list[str] = []
    for raw in text.lower().split():
        negate = raw.startswith("-")
        body = raw[1:] if negate else raw
        prefix, sep, value = body.partition(":")
        test: Predicate | str | None = None
        if sep and prefix in TEXT_FIELDS:
            test = _field_contains(TEXT_FIELDS[prefix], value) if value else None
        elif sep and prefix in GLOB_FIELDS:
            test = _names_match(prefix, value) if value else None
        elif sep and prefix == "age":
            test = None if _half_typed(prefix, value) else _age_term(replace_unsafe(raw, "?"), value)
        elif sep and prefix == "created":
            test = None if _half_typed(prefix, value) else _created_term(replace_unsafe(raw, "?"), value, zone)
        elif body:  # a bare word, or an unknown "foo:bar" (a plain term, as in the share table)
            test = _contains(body)
        if isinstance(test, str):
            errors.append(test)
        elif test is not None:
            terms.append(Term(raw, negate, test))
    return Query(tuple(terms), tuple(errors))


__all__ = [
    "COMPARED_FIELDS",
    "GLOB_FIELDS",
    "TEXT_FIELDS",
    "DurationError",
    "Query",
    "QueryRow",
    "Term",
    "format_age",
    "format_duration",
    "parse_duration",
    "parse_query",
]
