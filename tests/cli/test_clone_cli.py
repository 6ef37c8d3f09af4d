"""`efs-tui snapshots clone`: a new share from a manual snapshot, checked before the one POST, audited."""

from __future__ import annotations

import json
from pathlib import Path

from efs_tui.core.audit import AuditLog
from efs_tui.core.exit_codes import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE
from efs_tui.emulator import EmulatorServer

from .conftest import Run
from .test_snapshots_cli import SERVICE, SHARE, ids, snapshot_id


def share_posts(emulator: EmulatorServer) -> int:
    return sum(1 for r in emulator.state.requests.entries if r.method == "POST" and r.path.endswith("/share"))


def source_size(emulator: EmulatorServer) -> int:
    service_id, share_id = ids(emulator)
    share = next(s for s in emulator.state.list_shares(service_id) if s.id == share_id)
    assert share.size is not None
    return share.size


def test_clone_wait_creates_the_share_from_the_snapshot_and_audits_it(
    cli: Run, emulator: EmulatorServer, audit_path: Path
) -> None:
    snap = snapshot_id(emulator, "pre-migration")
    result = cli("clone", SERVICE, SHARE, snap, "--name", "web-copy", "--mount-point", "web-copy", "--wait", "--json")
    assert result.code == EXIT_OK, result.err
    share = json.loads(result.out)
    assert (share["name"], share["status"], share["snapshotID"]) == ("web-copy", "available", snap)
    assert share["size"] == source_size(emulator) and share["mountPointName"] == "web-copy"
    assert share_posts(emulator) == 1
    [record] = AuditLog(audit_path).read()
    assert (record.action, record.result, record.snapshot_id, record.new_share_id) == ("clone", "ok", snap, share["id"])


def test_clone_smaller_than_the_source_is_refused_before_the_post(cli: Run, emulator: EmulatorServer) -> None:
    size = source_size(emulator)
    result = cli(
        "clone", SERVICE, SHARE, snapshot_id(emulator, "pre-migration"), "--name", "x", "--size", str(size - 1)
    )
    assert result.code == EXIT_USAGE
    assert f"at least the source share's {size} GB" in result.err and "nothing was sent" in result.err
    assert share_posts(emulator) == 0


def test_clone_of_an_automatic_snapshot_says_hold_it_first(cli: Run, emulator: EmulatorServer) -> None:
    service_id, share_id = ids(emulator)
    auto = next(s for s in emulator.state.list_snapshots(service_id, share_id) if s.type == "automatic")
    result = cli("clone", SERVICE, SHARE, auto.id, "--name", "x")
    assert result.code == EXIT_USAGE and "Hold it first" in result.err
    assert share_posts(emulator) == 0


def test_clone_with_a_malformed_id_sends_nothing(cli: Run, emulator: EmulatorServer) -> None:
    result = cli("clone", SERVICE, SHARE, "../x", "--name", "x")
    assert result.code == EXIT_USAGE and len(emulator.state.requests) == 0


def test_clone_5xx_may_or_may_not_have_applied(cli: Run, emulator: EmulatorServer) -> None:
    emulator.faults.fail_after_next(500, method="POST")
    result = cli("clone", SERVICE, SHARE, snapshot_id(emulator, "pre-migration"), "--name", "lost")
    assert result.code == EXIT_API_ERROR and "may or may not have applied" in result.err
    assert "list the shares to see whether it happened" in result.err
    assert share_posts(emulator) == 1
