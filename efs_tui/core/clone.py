"""Cloning a share from a snapshot: what may be cloned, and the form's rules, checked before any request.

OVHcloud clones only manual snapshots (an automatic one must be held first, a
system one not at all) into a new share at least as large as the source share
(ovh-api.md §2.7). The form is checked here, in Textual-free code, so the
dialog and the CLI refuse the same things with the same words and an
impossible clone costs no request.
"""

from __future__ import annotations

from dataclasses import dataclass

from efs_tui.api.models import Share, Snapshot, SnapshotStatus, SnapshotType
from efs_tui.core.sanitize import safe_text
from efs_tui.core.validation import check_description, check_field, check_name, trim

MOUNT_POINT_MAX = 64
"""Longest mount point name accepted here (the API documents none; the snapshot name's limit)."""


@dataclass(frozen=True, slots=True)
class CloneDraft:
    """A checked clone request: what the POST carries besides the snapshot id."""

    name: str | None
    description: str | None
    mount_point_name: str | None
    size: int


def clone_refusal(snap: Snapshot) -> str | None:
    """Why ``snap`` cannot be cloned as it is (then nothing is sent), else ``None``.

    An automatic snapshot is refused with the way out (hold it first); the
    caller may offer that hold.
    """
    label = safe_text(snap.name or snap.id)
    if snap.type == SnapshotType.AUTOMATIC:
        return f"{label} is automatic: only manual snapshots can be cloned. Hold it first (H) to make it manual."
    if snap.type != SnapshotType.MANUAL:
        return f"Only manual snapshots can be cloned; {label} is {safe_text(snap.type or 'of unknown type')}."
    if snap.status != SnapshotStatus.AVAILABLE:
        state = safe_text(snap.status or "in an unknown state")
        return f"{label} is {state}: only an available snapshot can be cloned."
    return None


def check_mount_point(value: str) -> list[str]:
    """The mount point name's problems: optional, no control characters, at most :data:`MOUNT_POINT_MAX`."""
    return check_field(value, label="Mount point name", limit=MOUNT_POINT_MAX)


def check_size(value: str, source: Share) -> list[str]:
    """The size's problems: a whole number of GB, at least the source share's size."""
    text = value.strip()
    if not text:
        return ["Size is required (GB)."]
    if not (text.isascii() and text.isdigit()):
        return [f"Size must be a whole number of GB, not {safe_text(text)!r}."]
    size = int(text)
    if source.size is not None and size < source.size:
        return [f"Size must be at least the source share's {source.size} GB (asked {size} GB)."]
    if size <= 0:
        return ["Size must be more than 0 GB."]
    return []


def validate_clone(
    name: str, description: str, mount_point: str, size: str, source: Share
) -> tuple[CloneDraft | None, list[str]]:
    """Trim and check every field; a draft only when nothing is wrong."""
    errors = check_name(name) + check_description(description) + check_mount_point(mount_point)
    errors += check_size(size, source)
    if errors:
        return None, errors
    return (
        CloneDraft(
            name=trim(name) or None,
            description=trim(description) or None,
            mount_point_name=trim(mount_point) or None,
            size=int(size.strip()),
        ),
        [],
    )


__all__ = ["MOUNT_POINT_MAX", "CloneDraft", "check_mount_point", "check_size", "clone_refusal", "validate_clone"]
