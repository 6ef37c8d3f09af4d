"""Clone a share from a snapshot through the one write path, and the rules checked before any request."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from efs_tui.api import OvhClient
from efs_tui.api.models import Share, Snapshot
from efs_tui.core.audit import AuditLog
from efs_tui.core.clone import clone_refusal, validate_clone
from efs_tui.core.quota import MANUAL_SNAPSHOT_LIMIT, create_refusal, manual_count, quota_text
from efs_tui.core.writes import Outcome, Writer
from efs_tui.emulator import EmulatorServer

SERVICE = "prod-nfs-gra"
SHARE = "web-content"


def ids(emu: EmulatorServer) -> tuple[str, str]:
    service = next(s for s in emu.state.list_services() if s.name == SERVICE)
    share = next(s for s in emu.state.list_shares(service.id) if s.name == SHARE)
    return service.id, share.id


def source(emu: EmulatorServer) -> tuple[str, Share, Snapshot]:
    service_id, share_id = ids(emu)
    share = next(s for s in emu.state.list_shares(service_id) if s.id == share_id)
    snap = next(s for s in emu.state.list_snapshots(service_id, share_id) if s.name == "pre-migration")
    return service_id, share, snap


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def test_clone_posts_one_share_from_the_snapshot_and_audits_both_ids(
    client: OvhClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    service_id, share, snap = source(emu)
    writer = Writer(client, AuditLog(tmp_path / "audit.jsonl"))
    outcome = await writer.clone(service_id, share.id, snap, size=share.size or 100, name="web-copy")
    assert outcome.kind is Outcome.OK and outcome.status == 201
    new = outcome.value
    assert new is not None and new.status == "creating_from_snapshot" and new.snapshot_id == snap.id
    assert emu.state.requests.count(method="POST", path_contains="/share") == 1
    [record] = lines(tmp_path / "audit.jsonl")
    assert (record["action"], record["result"], record["share_id"], record["snapshot_id"]) == (
        "clone",
        "ok",
        share.id,
        snap.id,
    )
    assert record["new_share_id"] == new.id and record["name"] == "web-copy"


async def test_clone_5xx_may_or_may_not_have_applied_and_is_never_resent(
    client: OvhClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    service_id, share, snap = source(emu)
    emu.faults.fail_after_next(500, method="POST")
    outcome = await Writer(client, None).clone(service_id, share.id, snap, size=share.size or 100, name="x")
    assert outcome.kind is Outcome.UNKNOWN and outcome.wording == "may or may not have applied"
    assert emu.state.requests.count(method="POST", path_contains="/share") == 1


def test_only_a_manual_available_snapshot_can_be_cloned() -> None:
    assert clone_refusal(Snapshot(id="a", name="n", type="manual", status="available")) is None
    held = clone_refusal(Snapshot(id="a", name="daily", type="automatic", status="available"))
    assert held is not None and "Hold it first" in held
    assert "system" in (clone_refusal(Snapshot(id="a", type="system", status="available")) or "")
    assert "creating" in (clone_refusal(Snapshot(id="a", type="manual", status="creating")) or "")


def test_clone_size_below_the_source_share_is_refused_with_the_sizes() -> None:
    share = Share(id="s", size=500)
    draft, errors = validate_clone("copy", "", "", "499", share)
    assert draft is None and errors == ["Size must be at least the source share's 500 GB (asked 499 GB)."]
    assert validate_clone("copy", "", "", "lots", share)[0] is None
    assert validate_clone("copy", "", "", "\uff15\uff10\uff10", share)[0] is None  # full-width digits are not a size
    draft, errors = validate_clone(" copy ", "", " mnt ", "500", share)
    assert errors == [] and draft is not None
    assert (draft.name, draft.description, draft.mount_point_name, draft.size) == ("copy", None, "mnt", 500)


def test_manual_quota_counts_only_manual_and_refuses_at_the_limit() -> None:
    snaps = [Snapshot(id=str(i), type="manual") for i in range(3)] + [Snapshot(id="a", type="automatic")]
    assert manual_count(snaps) == 3 and quota_text(3) == f"manual 3/{MANUAL_SNAPSHOT_LIMIT}"
    assert create_refusal(2, 3) is None
    refusal = create_refusal(3, 3)
    assert refusal is not None and "limit is 3" in refusal and "No request sent" in refusal
    assert "FAQ" in (create_refusal(MANUAL_SNAPSHOT_LIMIT) or "")
