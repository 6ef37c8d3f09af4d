"""A service's snapshot policies and a share's snapshot settings (`storage.NetAppSnapshotPolicy*`, reserve)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import _int, _require_id, _str, format_datetime, parse_datetime


@dataclass(frozen=True, slots=True)
class PolicySchedule:
    """`storage.NetAppSnapshotPolicySchedule`; an empty list means "every"."""

    minutes: tuple[int, ...] = ()
    hours: tuple[int, ...] = ()
    days: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    weekdays: tuple[int, ...] = ()

    @classmethod
    def from_json(cls, data: Any) -> PolicySchedule:
        if not isinstance(data, dict):
            return cls()

        def ints(key: str) -> tuple[int, ...]:
            values = data.get(key)
            if not isinstance(values, list):
                return ()
            return tuple(int(v) for v in values if isinstance(v, int) and not isinstance(v, bool))

        return cls(
            minutes=ints("minutes"),
            hours=ints("hours"),
            days=ints("days"),
            months=ints("months"),
            weekdays=ints("weekdays"),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "minutes": list(self.minutes),
            "hours": list(self.hours),
            "days": list(self.days),
            "months": list(self.months),
            "weekdays": list(self.weekdays),
        }


@dataclass(frozen=True, slots=True)
class PolicyRule:
    """`storage.NetAppSnapshotPolicyRule`."""

    prefix: str | None = None
    copies: int | None = None
    schedule: PolicySchedule = field(default_factory=PolicySchedule)

    @classmethod
    def from_json(cls, data: Any) -> PolicyRule:
        if not isinstance(data, dict):
            return cls()
        return cls(
            prefix=_str(data, "prefix"),
            copies=_int(data, "copies"),
            schedule=PolicySchedule.from_json(data.get("schedule")),
        )

    def to_json(self) -> dict[str, Any]:
        return {"prefix": self.prefix, "copies": self.copies, "schedule": self.schedule.to_json()}


@dataclass(frozen=True, slots=True)
class SnapshotPolicy:
    """`storage.NetAppSnapshotPolicy` (service level)."""

    id: str
    name: str | None = None
    description: str | None = None
    is_default: bool | None = None
    status: str | None = None
    rules: tuple[PolicyRule, ...] = ()
    created_at: datetime | None = None

    @classmethod
    def from_json(cls, data: Any) -> SnapshotPolicy:
        rules = data.get("rules") if isinstance(data, dict) else None
        is_default = data.get("isDefault") if isinstance(data, dict) else None
        return cls(
            id=_require_id(data, "snapshot policy"),
            name=_str(data, "name"),
            description=_str(data, "description"),
            is_default=is_default if isinstance(is_default, bool) else None,
            status=_str(data, "status"),
            rules=tuple(PolicyRule.from_json(r) for r in rules) if isinstance(rules, list) else (),
            created_at=parse_datetime(data.get("createdAt")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "isDefault": self.is_default,
            "status": self.status,
            "rules": [r.to_json() for r in self.rules],
            "createdAt": format_datetime(self.created_at),
        }


@dataclass(frozen=True, slots=True)
class ShareSnapshotPolicy:
    """`storage.NetAppShareSnapshotPolicy`: which policy a share is attached to."""

    id: str | None
    status: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> ShareSnapshotPolicy:
        if not isinstance(data, dict):
            return cls(id=None)
        return cls(id=_str(data, "id"), status=_str(data, "status"))

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status}


@dataclass(frozen=True, slots=True)
class SnapshotReserve:
    """`storage.NetAppShareSnapshotReserve`."""

    percent: int | None
    status: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> SnapshotReserve:
        if not isinstance(data, dict):
            return cls(percent=None)
        return cls(percent=_int(data, "percent"), status=_str(data, "status"))

    def to_json(self) -> dict[str, Any]:
        return {"percent": self.percent, "status": self.status}
