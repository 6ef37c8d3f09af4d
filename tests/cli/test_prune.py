"""`efs-tui snapshots prune` against the emulator: a dry run sends only GETs, --yes deletes what the plan says."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from efs_tui.api.models import Snapshot
from efs_tui.cli.snapshots import main
from efs_tui.core.audit import AuditLog
from efs_tui.emulator import EmulatorServer

from .conftest import Run

SERVICE = "prod-nfs-gra"
SHARE = "db-backups"


def ids(server: EmulatorServer, service: str = SERVICE, share: str = SHARE) -> tuple[str, str]:
    state = server.state
    service_id = next(s.id for s in state.list_services() if s.name == service)
    share_id = next(s.id for s in state.list_shares(service_id) if share in (s.name, s.mount_point_name))
    return service_id, share_id


def snapshots(server: EmulatorServer, service: str = SERVICE, share: str = SHARE) -> list[Snapshot]:
    return server.state.list_snapshots(*ids(server, service, share))


def manual_newest_first(server: EmulatorServer, share: str = SHARE) -> list[Snapshot]:
    manual = [s for s in snapshots(server, share=share) if s.type == "manual" and s.created_at]
    return sorted(manual, key=lambda s: s.created_at or 0, reverse=True)


def writes(server: EmulatorServer) -> list[str]:
    return [f"{r.method} {r.path}" for r in server.state.requests if r.method != "GET"]


def all_snapshots(server: EmulatorServer) -> dict[str, Snapshot]:
    state = server.state
    return {
        snap.id: snap
        for service_id in state.service_ids()
        for share_id in state.share_ids(service_id)
        for snap in state.list_snapshots(service_id, share_id)
    }


# -- dry run ------------------------------------------------------------------------------------------------


def test_dry_run_prints_the_plan_as_json_and_sends_only_gets(
    cli: Run, emulator: EmulatorServer, audit_path: Path
) -> None:
    before = all_snapshots(emulator)
    result = cli("prune", SERVICE, SHARE, "--keep", "3", "--dry-run", "--json")
    assert result.code == 0, result.err
    plan = json.loads(result.out)
    assert plan["schema"] == "efs-tui.prune/1" and plan["mode"] == "dry-run"
    assert plan["rules"]["keep"] == 3 and plan["rules"]["olderThanSeconds"] is None
    assert plan["errors"] == []
    service_id, share_id = ids(emulator)
    listed = snapshots(emulator)
    assert len(plan["snapshots"]) == len(listed) == plan["summary"]["snapshots"]  # every snapshot, kept ones too
    assert {s["serviceId"] for s in plan["snapshots"]} == {service_id}
    assert {s["shareId"] for s in plan["snapshots"]} == {share_id}
    assert set(plan["snapshots"][0]) >= {"id", "name", "type", "status", "createdAt", "decision", "rule"}
    manual = manual_newest_first(emulator)
    planned = [s["id"] for s in plan["snapshots"] if s["decision"] == "delete"]
    assert planned == [s.id for s in manual[3:]] and plan["summary"]["delete"] == len(planned) == 8
    kept_rules = {s["rule"] for s in plan["snapshots"] if s["decision"] == "keep"}
    assert kept_rules == {
        "kept: among the newest 3 manual",
        "kept: automatic — never planned unless --include-automatic",
    }
    # Nothing written: no request but GETs, no audit file, nothing changed at the API.
    assert writes(emulator) == []
    assert emulator.state.requests.count() > 0
    assert not audit_path.exists()
    assert not (Path(os.environ["XDG_STATE_HOME"]) / "efs-tui").exists()
    assert all_snapshots(emulator) == before


def test_dry_run_human_output_is_terminal_safe_and_says_nothing_was_sent(
    cli: Run, emulator: EmulatorServer, audit_path: Path
) -> None:
    result = cli("prune", SERVICE, "logs", "--older-than", "1d", "--dry-run")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "rules: delete manual older than 1 d; never the latest"
    assert "\x1b" not in result.out and "?[31mred?[0m alert" in result.out
    assert "[bold red]x[/]" in result.out
    assert "delete: manual, older than 1 d (2 d)" in result.out  # the markup-named one, 2 days old
    assert "kept: not available (status creating)" in result.out
    assert lines[-1].endswith("dry run: nothing was sent")
    assert writes(emulator) == [] and not audit_path.exists()


def test_dry_run_of_the_whole_account_plans_every_share(cli: Run, emulator: EmulatorServer) -> None:
    result = cli("prune", "--all", "--keep", "0", "--include-automatic", "--dry-run", "--json")
    assert result.code == 0, result.err
    plan = json.loads(result.out)
    assert len(plan["snapshots"]) == len(all_snapshots(emulator))
    by_id = {s["id"]: s for s in plan["snapshots"]}
    assert all(by_id[s.id]["decision"] == "keep" for s in all_snapshots(emulator).values() if s.type == "system")
    # Every share keeps its latest available manual and automatic snapshot.
    latest = [s for s in plan["snapshots"] if s["reason"] == "latest"]
    assert {s["type"] for s in latest} == {"manual", "automatic"}
    assert len({(s["shareId"], s["type"]) for s in latest}) == len(latest)
    assert writes(emulator) == []


def test_a_share_that_cannot_be_listed_is_reported_and_the_others_are_planned(
    cli: Run, emulator: EmulatorServer
) -> None:
    _, share_id = ids(emulator)
    emulator.faults.fail_next(404, method="GET", path_contains=f"/share/{share_id}/snapshot", times=3)
    result = cli("prune", "--all", "--keep", "1", "--dry-run", "--json")
    assert result.code == 1  # the plan is incomplete: a cron job must notice
    plan = json.loads(result.out)
    assert [e["shareId"] for e in plan["errors"]] == [share_id] and plan["errors"][0]["httpStatus"] == 404
    assert share_id not in {s["shareId"] for s in plan["snapshots"]}
    assert len({s["shareId"] for s in plan["snapshots"]}) > 5
    assert "cannot list the snapshots of prod-nfs-gra / db-backups" in result.err


# -- deleting -------------------------------------------------------------------------------------------------


def test_yes_deletes_exactly_the_plan_and_audits_each_deletion(
    cli: Run, emulator: EmulatorServer, audit_path: Path
) -> None:
    manual = manual_newest_first(emulator)
    automatic = {s.id for s in snapshots(emulator) if s.type == "automatic"}
    result = cli("prune", SERVICE, SHARE, "--keep", "3", "--yes", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["mode"] == "delete"
    assert report["summary"] | {"snapshots": 0} == {
        "snapshots": 0,
        "delete": 8,
        "keep": len(automatic) + 3,
        "deleted": 8,
        "alreadyGone": 0,
        "failed": 0,
    }
    done = [s for s in report["snapshots"] if s["decision"] == "delete"]
    assert {s["result"] for s in done} == {"deleted"} and all(s["httpStatus"] for s in done)
    assert all("result" not in s for s in report["snapshots"] if s["decision"] == "keep")
    deletes = writes(emulator)
    assert len(deletes) == 8 and all(line.startswith("DELETE ") for line in deletes)
    left = {s.id: s for s in snapshots(emulator)}
    assert all(left[s.id].status == "deleting" for s in manual[3:] if s.id in left)
    assert all(left[s.id].status == "available" for s in manual[:3])
    assert automatic <= set(left)
    records = AuditLog(audit_path).read()
    assert sorted(r.snapshot_id or "" for r in records) == sorted(s.id for s in manual[3:])
    assert {(r.action, r.result) for r in records} == {("delete", "ok")}
    assert all(r.status == 204 or r.status == 200 for r in records)


def test_yes_human_report_has_one_result_per_planned_snapshot(cli: Run, emulator: EmulatorServer) -> None:
    result = cli("prune", SERVICE, "web-content", "--keep", "0", "--yes")
    assert result.code == 0, result.err
    rows = [line.split() for line in result.out.splitlines() if line.strip().startswith("DELETE")]
    assert len(rows) == 1 and rows[0][-1] == "deleted"  # before-upgrade-v2.3; pre-migration is the latest
    assert "kept: the latest manual snapshot of the share" in result.out
    assert "kept: system — never deleted" in result.out
    assert result.out.splitlines()[-1].endswith("1 deleted or already gone, 0 failed")


def test_a_failed_deletion_is_reported_the_others_still_run_and_the_exit_code_is_1(
    cli: Run, emulator: EmulatorServer, audit_path: Path
) -> None:
    manual = manual_newest_first(emulator)
    victim = manual[-1]
    emulator.faults.fail_next(500, method="DELETE", path_contains=victim.id)
    result = cli("prune", SERVICE, SHARE, "--keep", "3", "--yes", "--json")
    assert result.code == 1
    report = json.loads(result.out)
    outcomes = {s["id"]: s for s in report["snapshots"] if s["decision"] == "delete"}
    assert outcomes[victim.id]["result"] == "failed" and outcomes[victim.id]["httpStatus"] == 500
    assert outcomes[victim.id]["queryId"]
    assert sum(1 for s in outcomes.values() if s["result"] == "deleted") == 7
    assert report["summary"]["failed"] == 1 and report["summary"]["deleted"] == 7
    assert len(writes(emulator)) == 8  # never retried
    errors = [r for r in AuditLog(audit_path).read() if r.result == "error"]
    assert [r.snapshot_id for r in errors] == [victim.id] and errors[0].status == 500


def test_a_read_only_key_fails_every_deletion_with_exit_1(cli: Run, emulator: EmulatorServer) -> None:
    read_only = emulator.credentials.read_only_consumer_key
    result = cli("prune", SERVICE, "web-content", "--keep", "0", "--yes", consumer_key=read_only)
    assert result.code == 1
    assert "failed: HTTP 403" in result.out
    assert result.out.splitlines()[-1].endswith("0 deleted or already gone, 1 failed")


def test_prefix_and_included_automatic_snapshots_on_one_share(cli: Run, emulator: EmulatorServer) -> None:
    hourly = sorted(
        (s for s in snapshots(emulator) if (s.name or "").startswith("hourly.")),
        key=lambda s: s.created_at or 0,
        reverse=True,
    )
    result = cli(
        "prune", SERVICE, SHARE, "--keep", "24", "--prefix", "hourly.", "--include-automatic", "--dry-run", "--json"
    )
    assert result.code == 0, result.err
    plan = json.loads(result.out)
    planned = [s["id"] for s in plan["snapshots"] if s["decision"] == "delete"]
    assert planned == [s.id for s in hourly[24:]]
    assert {s["rule"] for s in plan["snapshots"] if s["name"].startswith("weekly.")} == {
        "kept: name does not start with 'hourly.'"
    }


def test_nothing_to_delete_is_success(cli: Run, emulator: EmulatorServer) -> None:
    result = cli("prune", "prod-nfs-rbx", "ci-cache", "--keep", "5", "--yes")
    assert result.code == 0, result.err
    assert writes(emulator) == []
    assert "1 snapshot(s) on 1 share(s): 0 to delete, 1 kept" in result.out


# -- refusals ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("prune", SERVICE, SHARE, "--keep", "3"), "say --dry-run to see the plan or --yes to delete"),
        (("prune", SERVICE, SHARE, "--keep", "3", "--dry-run", "--yes"), "not allowed with argument"),
        (("prune", SERVICE, SHARE, "--dry-run"), "say what to prune: --keep N"),
        (("prune", SERVICE, "--keep", "3", "--dry-run"), "give SERVICE SHARE (one share) or --all"),
        (("prune", "--keep", "3", "--dry-run"), "give SERVICE SHARE (one share) or --all"),
        (("prune", SERVICE, SHARE, "--all", "--keep", "3", "--dry-run"), "either SERVICE SHARE or --all"),
        (("prune", "--all", "--keep", "-1", "--yes"), "must be 0 or more"),
        (("prune", "--all", "--keep", "x", "--yes"), "'x' is not a whole number"),
        (("prune", "--all", "--older-than", "30", "--yes"), "'30' is not a duration: add a unit"),
        (
            ("prune", "--all", "--keep", "1", "--prefix", "\x1b[2Jpre", "--yes"),
            "Prefix: ESC (U+001B) at position 1 is not allowed",
        ),
        (("prune", "--all", "--keep", "1", "--prefix", "", "--yes"), "Prefix: empty"),
    ],
)
def test_usage_errors_exit_2_before_any_request(
    cli: Run, emulator: EmulatorServer, audit_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli(*args)
    assert result.code == 2
    assert message in result.err
    assert "\x1b" not in result.err
    assert len(emulator.state.requests) == 0
    assert not audit_path.exists()


def test_unknown_service_or_share_is_exit_3(cli: Run, emulator: EmulatorServer) -> None:
    assert cli("prune", "nope", SHARE, "--keep", "1", "--yes").code == 3
    assert cli("prune", SERVICE, "nope", "--keep", "1", "--yes").code == 3
    assert writes(emulator) == []


def test_help_lists_the_rules_and_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prune", "--help"]) == 0
    text = capsys.readouterr().out
    assert "--dry-run" in text and "--include-automatic" in text and "never deleted" in text.replace("\n", " ")
    assert "  2    bad arguments" in text and "  130  Ctrl+C" in text


def test_a_snapshot_gone_before_its_delete_counts_as_done(cli: Run, emulator: EmulatorServer, audit_path: Path) -> None:
    gone = manual_newest_first(emulator)[-1]
    emulator.faults.fail_next(404, method="DELETE", path_contains=gone.id)
    result = cli("prune", SERVICE, SHARE, "--keep", "3", "--yes", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert {s["id"]: s["result"] for s in report["snapshots"] if s["decision"] == "delete"}[gone.id] == "already-gone"
    assert report["summary"]["alreadyGone"] == 1 and report["summary"]["deleted"] == 7
    record = next(r for r in AuditLog(audit_path).read() if r.snapshot_id == gone.id)
    assert (record.result, record.status) == ("already-gone", 404)  # the one write path audits it
