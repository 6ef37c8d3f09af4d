"""The retention planner: which snapshots a rotation would delete, and the rule that decided each one.

Pure and Textual-free: it takes snapshots already listed and a clock reading, and
sends nothing, so the TUI's preview, ``efs-tui snapshots prune --dry-run`` and the
real run all show the same plan, and a test can pin every rule. Deleting is the
caller's business (through :func:`efs_tui.core.bulk.delete_many`).

The rules, checked in this order for each snapshot; the first that applies decides:

1. outside the selection (a marked set): kept;
2. ``system``: kept, always. The platform made it and the API says nothing on
   deleting it, so no option plans it;
3. ``automatic``: kept unless ``include_automatic``: the snapshot policy rotates them
   itself, and deleting one is a deliberate act;
4. any other type (the API may grow one): kept;
5. not ``available`` (``creating``, ``error``, ``deleting``…): kept. A DELETE on it
   fails or means nothing, and an ``error`` snapshot deserves a look, not a cron job;
6. the name does not start with ``prefix`` (when one is given): kept;
7. no ``createdAt``: kept, since neither its age nor its rank can be known;
8. among the ``keep`` newest of its type on its share (the ones left by 1-7): kept;
9. with ``older_than``: kept unless strictly older than that;
10. otherwise deleted, **unless it is the latest**: the newest ``available`` snapshot of
    its type on its share, whatever the selection and the prefix, is never deleted.
    Always on, with no switch: a share pruned by cron must keep the snapshot a revert
    would use (a revert only goes to the latest manual snapshot).

``keep`` and ``older_than`` combine as "keep the newest N, and of the rest delete only
what is older than D"; at least one must be given. Ranks are per type (with
``include_automatic`` the policy's series and the manual ones are counted apart).
Ordering is deterministic: shares by (service id, share id), snapshots newest first,
equal creation times by id, undated ones last.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Final, NamedTuple

from efs_tui.api.models import Snapshot, SnapshotStatus, SnapshotType
from efs_tui.core.query import format_age, format_duration
from efs_tui.core.sanitize import utc_timestamp
from efs_tui.core.validation import NAME_MAX, check_field

#: Version of the JSON a script reads (``efs-tui snapshots prune --json``); bumped on any incompatible change.
SCHEMA: Final = "efs-tui.prune/1"


class RuleError(ValueError):
    """Rules that cannot make a plan; the message says what to change."""


class Decision(StrEnum):
    DELETE = "delete"
    KEEP = "keep"


class Reason(StrEnum):
    """Why a snapshot got its decision: a stable code for scripts, next to the words for people."""

    NOT_SELECTED = "not-selected"
    SYSTEM = "system"
    AUTOMATIC = "automatic"
    OTHER_TYPE = "other-type"
    NOT_AVAILABLE = "not-available"
    PREFIX = "prefix"
    UNDATED = "undated"
    NEWEST = "newest"
    TOO_RECENT = "too-recent"
    LATEST = "latest"
    BEYOND_NEWEST = "beyond-newest"
    OLDER_THAN = "older-than"


@dataclass(frozen=True, slots=True)
class Rules:
    """What to prune; checked on creation, so a plan is never made from nonsense.

    Raises:
        RuleError: neither ``keep`` nor ``older_than``, a negative one, or a prefix that is
            empty, too long or holds a control or bidi character (as a snapshot name may not).
    """

    keep: int | None = None
    older_than: timedelta | None = None
    prefix: str | None = None
    include_automatic: bool = False

    def __post_init__(self) -> None:
        if self.keep is None and self.older_than is None:
            raise RuleError("say what to prune: --keep N (the newest N stay), --older-than D, or both")
        if self.keep is not None and self.keep < 0:
            raise RuleError(f"--keep must be 0 or more, not {self.keep}")
        if self.older_than is not None and self.older_than < timedelta(0):
            raise RuleError("--older-than must not be negative")
        if self.prefix is not None:
            problems = check_prefix(self.prefix)
            if problems:
                raise RuleError(" ".join(problems))

    @property
    def types(self) -> tuple[str, ...]:
        """The snapshot types this plan may delete."""
        if self.include_automatic:
            return (SnapshotType.MANUAL.value, SnapshotType.AUTOMATIC.value)
        return (SnapshotType.MANUAL.value,)

    def describe(self) -> str:
        """The rules in one line, e.g. ``keep the newest 5 manual; delete older than 30 d; name starts with 'pre-'``."""
        kinds = " and ".join(self.types)
        parts = []
        if self.keep is not None:
            parts.append(f"keep the newest {self.keep} {kinds} per share")
        if self.older_than is not None:
            parts.append(f"delete {kinds} older than {format_duration(self.older_than)}")
        else:
            parts.append(f"delete the other {kinds}")
        if self.prefix is not None:
            parts.append(f"only names starting with {self.prefix!r}")
        parts.append("never the latest")
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "keep": self.keep,
            "olderThanSeconds": None if self.older_than is None else int(self.older_than.total_seconds()),
            "prefix": self.prefix,
            "includeAutomatic": self.include_automatic,
            "neverTheLatest": True,
        }


def check_prefix(prefix: str) -> list[str]:
    """The problems with a name prefix, as sentences; empty if fine (the name field's rules, plus non-empty)."""
    if not prefix:
        return ["Prefix: empty; leave --prefix out to match every name."]
    return check_field(prefix, label="Prefix", limit=NAME_MAX)


@dataclass(frozen=True, slots=True)
class ShareSnapshots:
    """The input for one share: every snapshot it has (not only the candidates: "the latest" needs them all)."""

    service_id: str
    share_id: str
    snapshots: Sequence[Snapshot]


class PlanItem(NamedTuple):
    """One snapshot's decision and the rule that made it, in words (``rule``) and as a code (``reason``).

    A named tuple rather than a frozen dataclass: a plan builds one per snapshot, and a
    tuple is built several times faster (6,000 of them are a third of the plan's time otherwise).
    """

    service_id: str
    share_id: str
    snapshot: Snapshot
    decision: Decision
    reason: Reason
    rules: Rules
    now: datetime

    @property
    def delete(self) -> bool:
        return self.decision is Decision.DELETE

    @property
    def rule(self) -> str:
        """The rule in words, e.g. ``delete: manual, older than 30 d (41 d 3 h)``.

        Built when asked (a preview shows one screenful, the CLI every line), not while
        planning: the words cost more than the decision.
        """
        return _words(self)

    def to_json(self) -> dict[str, Any]:
        """The snapshot's API fields (``createdAt`` in UTC) with where it lives and what the plan says."""
        snap = self.snapshot
        return {
            "serviceId": self.service_id,
            "shareId": self.share_id,
            "id": snap.id,
            "name": snap.name,
            "type": snap.type,
            "status": snap.status,
            "createdAt": None if snap.created_at is None else utc_timestamp(snap.created_at),
            "decision": self.decision.value,
            "reason": self.reason.value,
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class Plan:
    """Every snapshot given, each with its decision, in a deterministic order."""

    rules: Rules
    now: datetime
    items: tuple[PlanItem, ...]

    @property
    def to_delete(self) -> tuple[PlanItem, ...]:
        return tuple(item for item in self.items if item.delete)

    @property
    def kept(self) -> tuple[PlanItem, ...]:
        return tuple(item for item in self.items if not item.delete)

    def deletions(self) -> list[tuple[str, str, list[Snapshot]]]:
        """``(service id, share id, snapshots)`` per share with something to delete, in plan order (for bulk delete)."""
        grouped: dict[tuple[str, str], list[Snapshot]] = {}
        for item in self.items:
            if item.delete:
                grouped.setdefault((item.service_id, item.share_id), []).append(item.snapshot)
        return [(service_id, share_id, snaps) for (service_id, share_id), snaps in grouped.items()]

    def to_json(self) -> dict[str, Any]:
        deleting = sum(1 for item in self.items if item.delete)
        return {
            "schema": SCHEMA,
            "now": utc_timestamp(self.now),  # the one timestamp form of every --json output
            "rules": self.rules.to_json(),
            "summary": {"snapshots": len(self.items), "delete": deleting, "keep": len(self.items) - deleting},
            "snapshots": [item.to_json() for item in self.items],
        }


# -- planning ---------------------------------------------------------------------------------------------

_AVAILABLE: Final = SnapshotStatus.AVAILABLE.value
_SYSTEM: Final = SnapshotType.SYSTEM.value
_AUTOMATIC: Final = SnapshotType.AUTOMATIC.value

_FIXED_WORDS: Final = {
    Reason.NOT_SELECTED: "kept: not in the selection",
    Reason.SYSTEM: "kept: system — never deleted",
    Reason.AUTOMATIC: "kept: automatic — never planned unless --include-automatic",
    Reason.UNDATED: "kept: creation date unknown",
}


def _words(item: PlanItem) -> str:
    """The sentence for ``item.reason``: what the rule is, and the figures it compared."""
    snap, rules, reason = item.snapshot, item.rules, item.reason
    kind = snap.type or "unknown"
    if reason is Reason.OLDER_THAN or reason is Reason.TOO_RECENT or reason is Reason.BEYOND_NEWEST:
        beyond = f"beyond the newest {rules.keep}" if rules.keep else ""
        if rules.older_than is None or snap.created_at is None:
            return f"delete: {kind}, {beyond or 'none kept (keep 0)'}"
        limit, age = _duration_words(rules.older_than), format_age(item.now - snap.created_at)
        if reason is Reason.TOO_RECENT:
            return f"kept: {kind}, not older than {limit} ({age})"
        return f"delete: {kind}, {f'{beyond} and ' if beyond else ''}older than {limit} ({age})"
    if reason is Reason.NEWEST:
        return f"kept: among the newest {rules.keep} {kind}"
    if reason is Reason.OTHER_TYPE:
        return f"kept: type {kind!r} — never planned"
    if reason is Reason.NOT_AVAILABLE:
        return f"kept: not available (status {snap.status or 'unknown'})"
    if reason is Reason.PREFIX:
        return f"kept: name does not start with {rules.prefix!r}"
    if reason is Reason.LATEST:
        return f"kept: the latest {kind} snapshot of the share"
    return _FIXED_WORDS[reason]


@functools.lru_cache(maxsize=16)
def _duration_words(value: timedelta) -> str:
    return format_duration(value)


_NEVER: Final = datetime.min.replace(tzinfo=UTC)
"""Sort key of an undated snapshot: older than any date, so it comes last."""


def _by_id(snap: Snapshot) -> str:
    return snap.id


def _by_date(snap: Snapshot) -> datetime:
    return snap.created_at or _NEVER


def _newest_first(snapshots: Iterable[Snapshot]) -> list[Snapshot]:
    """Newest first; equal times by id; undated last (by id): the same order whatever order the API used."""
    ordered = sorted(snapshots, key=_by_id)
    ordered.sort(key=_by_date, reverse=True)
    return ordered  # sort() is stable, reverse=True included: equal times stay in id order


def _plan_share(
    entry: ShareSnapshots, rules: Rules, now: datetime, selection: Collection[str] | None
) -> list[PlanItem]:
    types = rules.types
    prefix, keep, older_than, include_automatic = rules.prefix, rules.keep, rules.older_than, rules.include_automatic
    ordered = _newest_first(entry.snapshots)
    latest: set[str] = set()
    for planned in types:
        newest = next(
            (s for s in ordered if s.type == planned and s.status == _AVAILABLE and s.created_at is not None), None
        )
        if newest is not None:
            latest.add(newest.id)
    ranks = dict.fromkeys(types, 0)
    service_id, share_id = entry.service_id, entry.share_id
    keep_decision, delete_decision = Decision.KEEP, Decision.DELETE
    items: list[PlanItem] = []
    add, new = items.append, tuple.__new__  # the named tuple's own __new__ is a Python call per snapshot
    for snap in ordered:
        kind = snap.type
        decision = keep_decision
        if selection is not None and snap.id not in selection:
            reason = Reason.NOT_SELECTED
        elif kind == _SYSTEM:
            reason = Reason.SYSTEM
        elif kind == _AUTOMATIC and not include_automatic:
            reason = Reason.AUTOMATIC
        elif kind not in ranks:
            reason = Reason.OTHER_TYPE
        elif snap.status != _AVAILABLE:
            reason = Reason.NOT_AVAILABLE
        elif prefix is not None and not (snap.name or "").startswith(prefix):
            reason = Reason.PREFIX
        elif snap.created_at is None:
            reason = Reason.UNDATED
        else:
            rank = ranks[kind]
            ranks[kind] = rank + 1
            if keep is not None and rank < keep:
                reason = Reason.NEWEST
            elif older_than is not None and not now - snap.created_at > older_than:
                reason = Reason.TOO_RECENT
            elif snap.id in latest:
                reason = Reason.LATEST
            else:
                decision = delete_decision
                reason = Reason.BEYOND_NEWEST if older_than is None else Reason.OLDER_THAN
        add(new(PlanItem, (service_id, share_id, snap, decision, reason, rules, now)))
    return items


def make_plan(
    shares: Iterable[ShareSnapshots],
    rules: Rules,
    *,
    now: datetime,
    selection: Collection[str] | None = None,
) -> Plan:
    """Decide for every snapshot of ``shares`` (one share, a service, the whole account).

    Args:
        shares: Each share with **all** its snapshots, even when only a few are selected.
        rules: What to prune.
        now: The clock reading ages are measured from (timezone-aware).
        selection: Snapshot ids the plan may delete (a marked set); ``None`` means every snapshot.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    chosen = None if selection is None else frozenset(selection)
    items: list[PlanItem] = []
    for entry in sorted(shares, key=lambda e: (e.service_id, e.share_id)):
        items += _plan_share(entry, rules, now, chosen)
    return Plan(rules, now, tuple(items))


__all__ = [
    "SCHEMA",
    "Decision",
    "Plan",
    "PlanItem",
    "Reason",
    "RuleError",
    "Rules",
    "ShareSnapshots",
    "check_prefix",
    "make_plan",
]
