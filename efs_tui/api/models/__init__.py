"""Typed models of the `/storage/netapp` objects, shared by the client and the emulator.

The real API grows new fields and enum values over time (the 2026 schema added
`accessMode` and the `awaiting_replication` status), so parsing is lenient on
purpose: unknown keys are ignored, missing nullable keys become ``None`` and enum
fields keep the raw string when the value is not one we know. Only ``id`` is
required, because nothing useful can be done with an object that has none.

What an inventory is made of (services, shares, snapshots, their enums) is defined here; the
snapshot policies (:mod:`.policies`) and the consumer key's description (:mod:`.credentials`)
load on first use (:mod:`efs_tui.lazy_names`), as they are re-exported from here: a cached
``--account`` start paints 6,000 snapshots before its first frame and needs neither (their eight
frozen dataclasses cost ~3 ms to define).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from efs_tui.lazy_names import lazy_names

if TYPE_CHECKING:
    from .credentials import AccessRule, ApiCredential, CredentialRequest
    from .policies import PolicyRule, PolicySchedule, ShareSnapshotPolicy, SnapshotPolicy, SnapshotReserve


class ServiceStatus(StrEnum):
    """`storage.NetAppServiceStatusEnum`."""

    CREATING = "creating"
    DELETED = "deleted"
    DELETING = "deleting"
    REOPENING = "reopening"
    RUNNING = "running"
    SUSPENDED = "suspended"
    SUSPENDING = "suspending"


class Region(StrEnum):
    """`storage.RegionEnum` (2025 names; the 2024 short names are still accepted as text)."""

    CA_EAST_BHS = "ca-east-bhs"
    EU_WEST_GRA = "eu-west-gra"
    EU_WEST_LIM = "eu-west-lim"
    EU_WEST_RBX = "eu-west-rbx"
    EU_WEST_SBG = "eu-west-sbg"


class ShareStatus(StrEnum):
    """`storage.NetAppShareStatusEnum`."""

    AVAILABLE = "available"
    AWAITING_REPLICATION = "awaiting_replication"
    CREATING = "creating"
    CREATING_FROM_SNAPSHOT = "creating_from_snapshot"
    DELETED = "deleted"
    DELETING = "deleting"
    ERROR = "error"
    ERROR_DELETING = "error_deleting"
    EXTENDING = "extending"
    EXTENDING_ERROR = "extending_error"
    INACTIVE = "inactive"
    MANAGE_ERROR = "manage_error"
    MANAGE_STARTING = "manage_starting"
    MIGRATING = "migrating"
    MIGRATING_TO = "migrating_to"
    REPLICATION_CHANGE = "replication_change"
    REVERTING = "reverting"
    REVERTING_ERROR = "reverting_error"
    SHRINKING = "shrinking"
    SHRINKING_ERROR = "shrinking_error"
    SHRINKING_POSSIBLE_DATA_LOSS_ERROR = "shrinking_possible_data_loss_error"
    UNMANAGE_ERROR = "unmanage_error"
    UNMANAGE_STARTING = "unmanage_starting"
    UNMANAGED = "unmanaged"


class SnapshotStatus(StrEnum):
    """`storage.NetAppSnapshotStatusEnum`."""

    AVAILABLE = "available"
    CREATING = "creating"
    DELETING = "deleting"
    ERROR = "error"
    ERROR_DELETING = "error_deleting"
    MANAGE_ERROR = "manage_error"
    MANAGE_STARTING = "manage_starting"
    RESTORING = "restoring"
    UNMANAGE_ERROR = "unmanage_error"
    UNMANAGE_STARTING = "unmanage_starting"


class SnapshotType(StrEnum):
    """`storage.NetAppSnapshotTypeEnum`."""

    AUTOMATIC = "automatic"
    MANUAL = "manual"
    SYSTEM = "system"


class PolicyStatus(StrEnum):
    """`storage.NetAppSnapshotPolicyStatusEnum`."""

    AVAILABLE = "available"
    CREATING = "creating"
    DELETING = "deleting"
    ERROR = "error"
    UPDATING = "updating"


class AssociationStatus(StrEnum):
    """Status of a per-share policy association or snapshot reserve."""

    ACTIVE = "active"
    ERROR = "error"
    UPDATING = "updating"


class StatusGroup(StrEnum):
    """How the OVHcloud Manager groups snapshot statuses, used for colouring."""

    ACTIVE = "active"
    PENDING = "pending"
    ERROR = "error"
    UNKNOWN = "unknown"


#: Snapshot statuses in which the object is still changing and worth polling.
TRANSITIONAL_SNAPSHOT_STATUSES = frozenset(
    {
        SnapshotStatus.CREATING,
        SnapshotStatus.DELETING,
        SnapshotStatus.RESTORING,
        SnapshotStatus.MANAGE_STARTING,
        SnapshotStatus.UNMANAGE_STARTING,
    }
)


def snapshot_status_group(status: str | None) -> StatusGroup:
    """Group a snapshot status as the Manager does (plus `error_deleting` as an error).

    The Manager hides `manage_error` behind "active"; we keep its grouping for the
    colour but the exact status text is always shown next to it.
    """
    if status is None:
        return StatusGroup.UNKNOWN
    if status in ("available", "manage_starting", "manage_error", "unmanage_starting", "unmanage_error"):
        return StatusGroup.ACTIVE
    if status in ("creating", "deleting", "restoring"):
        return StatusGroup.PENDING
    if status in ("error", "error_deleting"):
        return StatusGroup.ERROR
    return StatusGroup.UNKNOWN


def share_status_group(status: str | None) -> StatusGroup:
    """Group a share status for colouring."""
    if status is None:
        return StatusGroup.UNKNOWN
    if status == "available":
        return StatusGroup.ACTIVE
    if status.endswith("error") or status in ("error", "inactive", "deleted", "unmanaged"):
        return StatusGroup.ERROR
    return StatusGroup.PENDING


def service_status_group(status: str | None) -> StatusGroup:
    """Group a service status for colouring (the Manager's active/inactive/pending)."""
    if status == "running":
        return StatusGroup.ACTIVE
    if status in ("deleted", "suspended"):
        return StatusGroup.ERROR
    if status is None:
        return StatusGroup.UNKNOWN
    return StatusGroup.PENDING


_RFC3339_LOWER = re.compile(r"[tz]")


def parse_datetime(value: Any) -> datetime | None:
    """Parse any RFC 3339 / ISO 8601 date-time the API might send; naive values are UTC.

    The exact rendering used by the real API is not documented (fractional
    seconds or not, ``Z`` or ``+00:00``, lower-case ``t``), so accept them all and
    return ``None`` for anything unparseable rather than failing the whole list.
    """
    if not isinstance(value, str) or not value:
        return None
    text = _RFC3339_LOWER.sub(lambda m: m.group(0).upper(), value.strip())
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        # Dates at the very edge of the calendar (0001-01-01T00:00+01:00) parse but cannot be
        # converted to another zone later; refuse them here rather than crash a renderer.
        parsed.astimezone(UTC)
        (parsed - timedelta(days=2)).astimezone(UTC)
        (parsed + timedelta(days=2)).astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return parsed


def format_datetime(value: datetime | None) -> str | None:
    """Render a datetime as RFC 3339 with an explicit offset, second precision."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds")


def _str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _int(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _require_id(data: Any, kind: str) -> str:
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise ValueError(f"{kind} object without an id: {data!r:.200}")
    return str(data["id"])


@dataclass(frozen=True, slots=True)
class IamMetadata:
    """`iam.ResourceMetadata` (only what we show)."""

    id: str | None = None
    urn: str | None = None
    display_name: str | None = None
    state: str | None = None
    tags: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> IamMetadata | None:
        if not isinstance(data, dict):
            return None
        tags = data.get("tags")
        return cls(
            id=_str(data, "id"),
            urn=_str(data, "urn"),
            display_name=_str(data, "displayName"),
            state=_str(data, "state"),
            tags={str(k): str(v) for k, v in tags.items()} if isinstance(tags, dict) else {},
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "urn": self.urn,
            "displayName": self.display_name,
            "state": self.state,
            "tags": dict(self.tags) or None,
        }


@dataclass(frozen=True, slots=True)
class Service:
    """`storage.NetAppServiceWithIAM`: an EFS service ("capacity pool")."""

    id: str
    name: str | None = None
    region: str | None = None
    status: str | None = None
    quota: int | None = None
    performance_level: str | None = None
    product: str | None = None
    created_at: datetime | None = None
    iam: IamMetadata | None = None

    @property
    def label(self) -> str:
        """What to call the service on screen: its name, else its id."""
        return self.name or self.id

    @classmethod
    def from_json(cls, data: Any) -> Service:
        return cls(
            id=_require_id(data, "service"),
            name=_str(data, "name"),
            region=_str(data, "region"),
            status=_str(data, "status"),
            quota=_int(data, "quota"),
            performance_level=_str(data, "performanceLevel"),
            product=_str(data, "product"),
            created_at=parse_datetime(data.get("createdAt")),
            iam=IamMetadata.from_json(data.get("iam")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "region": self.region,
            "status": self.status,
            "quota": self.quota,
            "performanceLevel": self.performance_level,
            "product": self.product,
            "createdAt": format_datetime(self.created_at),
            "iam": self.iam.to_json() if self.iam else None,
        }


@dataclass(frozen=True, slots=True)
class Share:
    """`storage.NetAppShare`: a volume."""

    id: str
    name: str | None = None
    description: str | None = None
    mount_point_name: str | None = None
    protocol: str | None = None
    size: int | None = None
    status: str | None = None
    snapshot_id: str | None = None
    access_mode: str | None = None
    created_at: datetime | None = None

    @property
    def label(self) -> str:
        """What to call the share on screen: name, then mount point name, then id."""
        return self.name or self.mount_point_name or self.id

    @classmethod
    def from_json(cls, data: Any) -> Share:
        return cls(
            id=_require_id(data, "share"),
            name=_str(data, "name"),
            description=_str(data, "description"),
            mount_point_name=_str(data, "mountPointName"),
            protocol=_str(data, "protocol"),
            size=_int(data, "size"),
            status=_str(data, "status"),
            snapshot_id=_str(data, "snapshotID"),
            access_mode=_str(data, "accessMode"),
            created_at=parse_datetime(data.get("createdAt")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "mountPointName": self.mount_point_name,
            "protocol": self.protocol,
            "size": self.size,
            "status": self.status,
            "snapshotID": self.snapshot_id,
            "accessMode": self.access_mode,
            "createdAt": format_datetime(self.created_at),
        }


@dataclass(frozen=True, slots=True)
class Snapshot:
    """`storage.NetAppShareSnapshot`. Carries no share id and no size (the API has neither)."""

    id: str
    name: str | None = None
    description: str | None = None
    type: str | None = None
    status: str | None = None
    path: str | None = None
    created_at: datetime | None = None

    @property
    def label(self) -> str:
        """What to call the snapshot on screen: its name, else its id."""
        return self.name or self.id

    @property
    def is_transitional(self) -> bool:
        """Whether the snapshot is still changing state and should be polled."""
        return self.status in TRANSITIONAL_SNAPSHOT_STATUSES

    @classmethod
    def from_json(cls, data: Any) -> Snapshot:
        return cls(
            id=_require_id(data, "snapshot"),
            name=_str(data, "name"),
            description=_str(data, "description"),
            type=_str(data, "type"),
            status=_str(data, "status"),
            path=_str(data, "path"),
            created_at=parse_datetime(data.get("createdAt")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "type": self.type,
            "status": self.status,
            "path": self.path,
            "createdAt": format_datetime(self.created_at),
        }


__getattr__ = lazy_names(
    __name__,
    {
        "AccessRule": ".credentials",
        "ApiCredential": ".credentials",
        "CredentialRequest": ".credentials",
        "PolicyRule": ".policies",
        "PolicySchedule": ".policies",
        "ShareSnapshotPolicy": ".policies",
        "SnapshotPolicy": ".policies",
        "SnapshotReserve": ".policies",
    },
    globals(),
)

__all__ = [
    "TRANSITIONAL_SNAPSHOT_STATUSES",
    "AccessRule",
    "ApiCredential",
    "AssociationStatus",
    "CredentialRequest",
    "IamMetadata",
    "PolicyRule",
    "PolicySchedule",
    "PolicyStatus",
    "Region",
    "Service",
    "ServiceStatus",
    "Share",
    "ShareSnapshotPolicy",
    "ShareStatus",
    "Snapshot",
    "SnapshotPolicy",
    "SnapshotReserve",
    "SnapshotStatus",
    "SnapshotType",
    "StatusGroup",
    "format_datetime",
    "parse_datetime",
    "service_status_group",
    "share_status_group",
    "snapshot_status_group",
]
