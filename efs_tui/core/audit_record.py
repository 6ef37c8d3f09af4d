"""One line of the audit log (:mod:`efs_tui.core.audit`), as written and read back."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One line of the audit log. Field names are the JSON keys."""

    time: str
    user: str
    profile: str | None
    endpoint: str | None
    action: str
    service_id: str | None
    share_id: str | None
    snapshot_id: str | None
    name: str | None
    result: str
    status: int | None
    query_id: str | None
    error: str | None
    new_snapshot_id: str | None = None
    """Hold only: the snapshot's id after the hold (``snapshot_id`` is the id it had before)."""
    outcome: str | None = None
    """The write path's finer verdict (:class:`efs_tui.core.writes.Outcome`): ``result`` says
    ``error`` both for a refusal and for "may or may not have applied"; this tells them apart."""
    new_share_id: str | None = None
    """Clone only: the new share's id (``share_id`` and ``snapshot_id`` name the source)."""
    policy_id: str | None = None
    """Snapshot-policy writes only: the policy created, edited, deleted or attached."""

    def to_json(self) -> dict[str, Any]:
        """The record as a JSON-ready dict, keys in declaration order; optional keys only when set."""
        data = asdict(self)
        for optional in ("new_snapshot_id", "outcome", "new_share_id", "policy_id"):
            if data[optional] is None:
                del data[optional]
        return data

    @classmethod
    def from_json(cls, data: Any) -> AuditRecord:
        """Parse one decoded line; unknown keys are ignored, missing ones are ``None``.

        Raises:
            ValueError: ``data`` is not an object or lacks ``time``, ``action`` or ``result``.
        """
        if not isinstance(data, dict):
            raise ValueError("audit line is not a JSON object")
        values: dict[str, Any] = {}
        for item in fields(cls):
            value = data.get(item.name)
            if item.name == "status":
                value = value if isinstance(value, int) and not isinstance(value, bool) else None
            elif value is not None and not isinstance(value, str):
                value = str(value)
            values[item.name] = value
        for required in ("time", "action", "result"):
            if not values.get(required):
                raise ValueError(f"audit line without {required!r}")
        values["user"] = values["user"] or "unknown"
        return cls(**values)


__all__ = ["AuditRecord"]
