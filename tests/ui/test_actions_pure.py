"""The Textual-free rules behind the actions: revert plan, copy texts, bulk results."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from efs_tui.api.models import Share, Snapshot
from efs_tui.core.bulk import BulkOutcome, BulkResult
from efs_tui.core.copying import api_command, api_path, copy_choices, mount_command, preferred_access_path
from efs_tui.core.revert import confirmation_lines, latest_manual, plan_revert
from efs_tui.ui.dialogs.bulk_report import summary

T0 = datetime(2026, 3, 1, tzinfo=UTC)
SHARE = Share(id="sh-1", name="web", status="available")


def snap(sid: str, hours: int, kind: str = "manual", status: str = "available", name: str | None = None) -> Snapshot:
    return Snapshot(id=sid, name=name or sid, type=kind, status=status, created_at=T0 + timedelta(hours=hours))


SNAPS = [
    snap("m-old", 1),
    snap("sys", 2, "system"),
    snap("m-new", 3),
    snap("auto-1", 4, "automatic"),
    snap("auto-2", 5, "automatic"),
]


def test_latest_manual_is_by_creation_date() -> None:
    assert latest_manual(SNAPS) == SNAPS[2]
    assert latest_manual([s for s in SNAPS if s.type != "manual"]) is None


def test_revert_to_an_older_manual_is_refused_naming_the_latest() -> None:
    plan = plan_revert(SHARE, SNAPS[0], SNAPS)
    assert not plan.allowed and plan.refusal is not None
    assert "m-new" in plan.refusal and "4 snapshots created after it must be deleted" in plan.refusal


def test_revert_to_automatic_or_system_is_refused() -> None:
    auto = plan_revert(SHARE, SNAPS[3], SNAPS)
    assert auto.refusal is not None and "Hold it first" in auto.refusal
    system = plan_revert(SHARE, SNAPS[1], SNAPS)
    assert system.refusal is not None and "system" in system.refusal and "Hold" not in system.refusal


def test_revert_needs_an_available_share_and_snapshot() -> None:
    busy = Share(id="sh-1", name="web", status="reverting")
    assert "reverting" in str(plan_revert(busy, SNAPS[2], SNAPS).refusal)
    restoring = snap("m-new", 3, status="restoring")
    assert "restoring" in str(plan_revert(SHARE, restoring, [*SNAPS[:2], restoring, *SNAPS[3:]]).refusal)


def test_revert_plan_lists_every_newer_snapshot_newest_first() -> None:
    plan = plan_revert(SHARE, SNAPS[2], SNAPS)
    assert plan.allowed
    assert [s.id for s in plan.lost] == ["auto-2", "auto-1"]
    lines = confirmation_lines(SHARE, "svc", plan)
    assert any("auto-2" in line and "automatic" in line for line in lines)
    assert any("irreversibly" in line for line in lines)


def test_revert_lines_show_hostile_names_literally() -> None:
    odd = snap("x", 9, name="\x1b[31m[bold]boom[/]")
    plan = plan_revert(SHARE, odd, [odd])
    text = "\n".join(confirmation_lines(SHARE, "svc", plan))
    assert "\x1b" not in text and "[bold]boom[/]" in text


def test_preferred_access_path() -> None:
    paths = [{"path": "10.0.0.1:/share_x", "preferred": False}, {"path": "10.0.0.1:/web", "preferred": True}]
    assert preferred_access_path(paths) == "10.0.0.1:/web"
    assert preferred_access_path(paths[:1]) == "10.0.0.1:/share_x"
    assert preferred_access_path([{"id": "no-path"}]) is None


def test_mount_command_is_shell_safe() -> None:
    share = Share(id="sh-1", name="my share; rm -rf /")
    assert mount_command("10.0.0.1:/web", share) == "mount -t nfs 10.0.0.1:/web /mnt/my-share-rm--rf"
    assert mount_command("10.0.0.1:/a b", Share(id="sh-1", mount_point_name="web")) == (
        "mount -t nfs '10.0.0.1:/a b' /mnt/web"
    )


def test_api_texts() -> None:
    assert api_command("svc", "sh 1", "work") == "efs-tui snapshots list svc 'sh 1' --profile work"
    assert api_path("svc", "sh", "a/b") == "/storage/netapp/svc/share/sh/snapshot/a%2Fb"


def test_copy_choices_without_snapshot_or_error_say_why() -> None:
    choices = {c.key: c for c in copy_choices("svc", SHARE, None, mount=None, last_query_id=None)}
    assert choices["id"].text is None and "no snapshot" in choices["id"].reason
    assert choices["query"].text is None and choices["cli"].text is not None


def test_bulk_result_lines_and_summary() -> None:
    s = SNAPS[0]
    results = [
        BulkResult(s, BulkOutcome.DELETED, 200),
        BulkResult(s, BulkOutcome.ALREADY_GONE, 404),
        BulkResult(s, BulkOutcome.FAILED, 500, "Internal error", "EU.q.1"),
    ]
    assert [r.describe() for r in results] == [
        "deleted",
        "already gone (404)",
        "failed: HTTP 500 Internal error · query id EU.q.1",
    ]
    assert summary(results) == "1 deleted, 1 already gone, 1 failed"
    assert summary(results[:1]) == "1 deleted"
