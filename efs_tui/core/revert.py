"""Which snapshot a share may be reverted to, and what a revert destroys.

OVHcloud reverts a share only to its latest *manual* snapshot, and the revert
deletes every snapshot created after it together with all data written since.
These rules are checked locally, from the loaded list, so an impossible revert
is explained before any request is sent, and the confirmation can name exactly
what will be lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from efs_tui.api.models import Share, ShareStatus, Snapshot, SnapshotStatus, SnapshotType
from efs_tui.core.sanitize import format_utc, safe_text

_OLDEST = datetime.min.replace(tzinfo=UTC)


def _created(snapshot: Snapshot) -> datetime:
    """Sort key: creation time, unknown dates counting as oldest."""
    return snapshot.created_at or _OLDEST


def latest_manual(snapshots: Iterable[Snapshot]) -> Snapshot | None:
    """The most recently created manual snapshot, if any."""
    manual = [s for s in snapshots if s.type == SnapshotType.MANUAL]
    return max(manual, key=_created) if manual else None


def describe(snapshot: Snapshot) -> str:
    """``name (id, type, created …)``, every part made literal and visible."""
    name = safe_text(snapshot.name) if snapshot.name else "(no name)"
    kind = safe_text(snapshot.type or "?")
    return f"{name} ({safe_text(snapshot.id)}, {kind}, created {format_utc(snapshot.created_at)})"


@dataclass(frozen=True, slots=True)
class RevertPlan:
    """The outcome of checking a revert: either a refusal or what will be lost."""

    target: Snapshot
    refusal: str | None = None
    """Why the revert cannot be done (then nothing is sent), else ``None``."""
    lost: tuple[Snapshot, ...] = field(default=())
    """Snapshots created after the target, newest first: the revert deletes them."""

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def plan_revert(share: Share, target: Snapshot, snapshots: Iterable[Snapshot]) -> RevertPlan:
    """Check the API's revert rules for ``target`` against the share's loaded snapshots.

    Args:
        share: The share to revert (its status must be ``available``).
        target: The snapshot to revert to.
        snapshots: Every snapshot of the share (the whole list, not a filtered view).
    """
    every = list(snapshots)
    if target.type != SnapshotType.MANUAL:
        hint = " Hold it first (H) to make it a manual snapshot." if target.type == SnapshotType.AUTOMATIC else ""
        return RevertPlan(
            target,
            f"A share can only be reverted to a manual snapshot; {safe_text(target.label)} is "
            f"{safe_text(target.type or 'of unknown type')}.{hint}",
        )
    latest = latest_manual(every)
    if latest is not None and latest.id != target.id and _created(latest) > _created(target):
        newer = sum(1 for s in every if _created(s) > _created(target))
        return RevertPlan(
            target,
            "A share can only be reverted to its latest manual snapshot, which is "
            f"{describe(latest)}. To go back to {safe_text(target.label)}, the {newer} snapshot"
            f"{'s' if newer != 1 else ''} created after it must be deleted first "
            "(to revert to an automatic snapshot instead, hold it first with H).",
        )
    if share.status != ShareStatus.AVAILABLE:
        return RevertPlan(
            target,
            f"The share is {safe_text(share.status or 'in an unknown state')}; it can be reverted only when available.",
        )
    if target.status != SnapshotStatus.AVAILABLE:
        return RevertPlan(
            target,
            f"The snapshot is {safe_text(target.status or 'in an unknown state')}; it can be used only when available.",
        )
    lost = sorted(
        (s for s in every if s.id != target.id and _created(s) > _created(target)), key=_created, reverse=True
    )
    return RevertPlan(target, lost=tuple(lost))


def confirmation_lines(share: Share, service_label: str, plan: RevertPlan) -> list[str]:
    """The typed confirmation's paragraphs: what happens, what is lost, for good."""
    lines = [
        f"Revert share {safe_text(share.label)} (service {safe_text(service_label)}) "
        f"to snapshot {describe(plan.target)}.",
        "All data written to the share since that snapshot was taken is lost, irreversibly.",
    ]
    if plan.lost:
        count = len(plan.lost)
        lines.append(
            "This snapshot, created after it, will be deleted too:"
            if count == 1
            else f"These {count} snapshots, created after it, will be deleted too:"
        )
        lines.extend(f"• {describe(s)}" for s in plan.lost)
    else:
        lines.append("No snapshot was created after it: no other snapshot is lost.")
    lines.append("Revert is a beta feature of the OVHcloud API. The share is 'reverting' until done.")
    return lines
