"""The manual snapshot quota: how many manual snapshots a share holds against the limit.

The API exposes no such limit (neither ``storage.NetAppShare`` nor
``storage.NetAppService`` has a quota or limit field for snapshots; the
service's ``quota`` is its capacity in GB). OVHcloud's FAQ gives 200 manual
snapshots per share, so that documented number is the default here; the
Control Panel's own constant (50 per service) disagrees, and is not used.
Automatic and system snapshots do not count: the policy rotates them.

Creating past the limit is refused here, before any request, so the user
learns why instead of reading an API 400.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, NamedTuple

from efs_tui.api.models import Snapshot, SnapshotType

MANUAL_SNAPSHOT_LIMIT: Final = 200
"""Manual snapshots per share, from OVHcloud's FAQ (the API does not say)."""

LIMIT_SOURCE: Final = "OVHcloud FAQ: 200 manual snapshots per share; the API does not expose it"


class ManualQuota(NamedTuple):
    """A service's manual snapshots, summed over the shares whose lists are loaded.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    used: int
    counted: int
    """Shares whose snapshot list is loaded (only those are summed)."""
    shares: int
    limit: int = MANUAL_SNAPSHOT_LIMIT
    """Per share."""

    def describe(self) -> str:
        """``12 manual (limit 200 per share)``, with ``, 2 of 3 shares counted`` while some lists are not loaded."""
        text = f"{self.used} manual (limit {self.limit} per share"
        if self.counted < self.shares:
            text += f"; {self.counted} of {self.shares} shares counted, open a share to count it"
        return text + ")"


def manual_count(snapshots: Iterable[Snapshot]) -> int:
    """Manual snapshots among ``snapshots`` (the ones that count against the limit)."""
    return sum(1 for snap in snapshots if snap.type == SnapshotType.MANUAL)


def quota_text(used: int, limit: int = MANUAL_SNAPSHOT_LIMIT) -> str:
    """``manual 12/200``, as the Control Panel shows it."""
    return f"manual {used}/{limit}"


def create_refusal(used: int, limit: int = MANUAL_SNAPSHOT_LIMIT) -> str | None:
    """Why a new manual snapshot cannot be made on a share holding ``used`` (then nothing is sent), else ``None``."""
    if used < limit:
        return None
    return (
        f"This share already holds {used} manual snapshots, the limit is {limit} "
        f"({LIMIT_SOURCE if limit == MANUAL_SNAPSHOT_LIMIT else 'as configured'}). "
        "Delete a manual snapshot first. No request sent."
    )


__all__ = ["LIMIT_SOURCE", "MANUAL_SNAPSHOT_LIMIT", "ManualQuota", "create_refusal", "manual_count", "quota_text"]
