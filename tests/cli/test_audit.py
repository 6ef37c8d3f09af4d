"""The audit log: record fields, JSON Lines format, permissions, tail reading, no secrets."""

from __future__ import annotations

import json
import os
import re
import stat
import threading
from pathlib import Path

import pytest

from efs_tui.api.errors import NotGrantedCall
from efs_tui.core.audit import AuditLog, AuditRecord, default_audit_path, state_dir

FIELDS = [
    "time",
    "user",
    "profile",
    "endpoint",
    "action",
    "service_id",
    "share_id",
    "snapshot_id",
    "name",
    "result",
    "status",
    "query_id",
    "error",
]


def test_location_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EFS_TUI_STATE_DIR", str(tmp_path / "elsewhere"))
    assert state_dir() == tmp_path / "elsewhere"
    assert AuditLog().path == tmp_path / "elsewhere" / "audit.jsonl"
    monkeypatch.delenv("EFS_TUI_STATE_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert default_audit_path() == tmp_path / "xdg" / "efs-tui" / "audit.jsonl"


def test_record_writes_one_json_line_with_every_field(audit_path: Path) -> None:
    log = AuditLog()
    entry = log.record(
        "create",
        result="ok",
        profile="work",
        endpoint="ovh-eu",
        service_id="svc",
        share_id="shr",
        snapshot_id="snp",
        name="before-upgrade",
        status=200,
        query_id="EU.ext-1.abc",
    )
    lines = audit_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert list(data) == FIELDS
    assert data["action"] == "create" and data["result"] == "ok" and data["status"] == 200
    assert data["user"] == entry.user and data["user"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", data["time"])
    assert data["error"] is None


def test_file_is_0600_in_a_0700_directory(audit_path: Path) -> None:
    AuditLog().record("delete", result="ok", service_id="s", share_id="h", snapshot_id="x")
    assert stat.S_IMODE(audit_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(audit_path.parent.stat().st_mode) == 0o700


def test_loose_permissions_are_tightened(audit_path: Path) -> None:
    audit_path.parent.mkdir(parents=True)
    audit_path.write_text("", encoding="utf-8")
    os.chmod(audit_path, 0o644)
    AuditLog().record("delete", result="ok")
    assert stat.S_IMODE(audit_path.stat().st_mode) == 0o600


def test_api_error_fills_status_query_id_and_code(audit_path: Path) -> None:
    error = NotGrantedCall(
        "This call has not been granted", status=403, error_code="NOT_GRANTED_CALL", query_id="EU.ext-9.q"
    )
    entry = AuditLog().record("delete", result="error", snapshot_id="x", error=error)
    assert entry.status == 403 and entry.query_id == "EU.ext-9.q"
    assert entry.error == "NOT_GRANTED_CALL: This call has not been granted"


def test_appends_and_reads_back_newest_last(audit_path: Path) -> None:
    log = AuditLog()
    for i in range(30):
        log.record("create", result="ok", name=f"snap-{i}")
    assert [r.name for r in log.read(3)] == ["snap-27", "snap-28", "snap-29"]
    assert len(log.read()) == 30
    assert log.read(0) == []


def test_read_skips_broken_lines_and_handles_big_files(audit_path: Path) -> None:
    log = AuditLog()
    log.record("create", result="ok", name="first")
    with open(audit_path, "a", encoding="utf-8") as handle:
        handle.write("not json\n{}\n")
        handle.write(("x" * 200 + "\n") * 2000)  # 400 kB of junk: the tail reader crosses block boundaries
    for i in range(5):
        log.record("delete", result="already-gone", name=f"gone-{i}")
    assert [r.name for r in log.read(2)] == ["gone-3", "gone-4"]
    assert log.read()[0].name == "first"


def test_missing_file_reads_as_empty(audit_path: Path) -> None:
    assert AuditLog().read(10) == []


def test_unknown_action_or_result_is_refused(audit_path: Path) -> None:
    with pytest.raises(ValueError):
        AuditLog().record("format-disk", result="ok")
    with pytest.raises(ValueError):
        AuditLog().record("delete", result="maybe")
    assert not audit_path.exists()


def test_hostile_text_is_escaped_and_long_errors_cut(audit_path: Path) -> None:
    AuditLog().record("update", result="error", name="\x1b[2J\u202eevil\x85", error="E" * 5000)
    raw = audit_path.read_text(encoding="utf-8")
    assert "\x1b" not in raw and "\u202e" not in raw and "\x85" not in raw
    (entry,) = AuditLog().read()
    assert entry.name == "\x1b[2J\u202eevil\x85"
    assert entry.error is not None and len(entry.error) == 1001


def test_concurrent_writers_never_interleave(audit_path: Path) -> None:
    log = AuditLog()

    def write(worker: int) -> None:
        for i in range(50):
            log.record("create", result="ok", name=f"w{worker}-{i}-" + "n" * 300)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = audit_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200
    assert all(json.loads(line)["action"] == "create" for line in lines)


def test_from_json_is_lenient_but_needs_the_essentials() -> None:
    record = AuditRecord.from_json({"time": "t", "action": "hold", "result": "ok", "status": "200", "extra": 1})
    assert record.status is None and record.user == "unknown"
    with pytest.raises(ValueError):
        AuditRecord.from_json({"time": "t", "action": "hold"})
    with pytest.raises(ValueError):
        AuditRecord.from_json([1, 2])


def test_the_file_never_contains_a_secret(audit_path: Path) -> None:
    """Only ids, names and API messages go in: grepping for the credentials finds nothing.

    The CLI end-to-end test repeats this with real credentials and a real API error.
    """
    secrets = ["EfsTuiDemoAppSecret0123456789abc", "EfsTuiDemoConsumerKeyFullRights0"]
    log = AuditLog()
    log.record("create", result="ok", profile="p", endpoint="ovh-eu", service_id="s", share_id="h", name="n")
    log.record("delete", result="error", error=NotGrantedCall("denied", status=403, query_id="q"))
    data = audit_path.read_bytes()
    for secret in secrets:
        assert secret.encode() not in data


def test_hold_records_the_new_snapshot_id_and_old_lines_still_read(audit_path: Path) -> None:
    """``new_snapshot_id`` is optional: written for a hold, absent elsewhere, ``None`` when reading old lines."""
    log = AuditLog()
    log.record("hold", result="ok", snapshot_id="old-id", name="nightly", new_snapshot_id="new-id")
    log.record("delete", result="ok", snapshot_id="other")
    held, deleted = (json.loads(line) for line in audit_path.read_text(encoding="utf-8").splitlines())
    assert list(held) == [*FIELDS, "new_snapshot_id"]
    assert held["snapshot_id"] == "old-id" and held["new_snapshot_id"] == "new-id"
    assert list(deleted) == FIELDS
    first, second = log.read()
    assert first.new_snapshot_id == "new-id" and second.new_snapshot_id is None
    old_line = {key: held[key] for key in FIELDS}
    assert AuditRecord.from_json(old_line).new_snapshot_id is None
