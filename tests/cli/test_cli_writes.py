"""`efs-tui snapshots create/delete` tell the truth: a typo never reads as success, an unknown outcome is said.

Requests are counted at the emulator, so "nothing was sent" is checked where it matters.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from efs_tui.cli.snapshots import main
from efs_tui.core.audit import AuditLog
from efs_tui.core.exit_codes import EXIT_API_ERROR, EXIT_INTERRUPTED, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE
from efs_tui.core.writes import Writer
from efs_tui.emulator import EmulatorServer

from .conftest import Run
from .test_snapshots_cli import SERVICE, SHARE, ids, snapshot_id

MISSING = "00000000-0000-4000-8000-000000000000"
"""Well formed, and no snapshot has it."""

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "bad_id", ["..", "a/b", "../../x", "%2e%2e", "", "abc", "{" + MISSING + "}", MISSING + "/hold"]
)
def test_malformed_snapshot_id_is_refused_before_any_request(
    cli: Run, emulator: EmulatorServer, audit_path: Path, bad_id: str
) -> None:
    result = cli("delete", SERVICE, SHARE, bad_id, "--yes")
    assert result.code == EXIT_USAGE
    assert "must be a UUID" in result.err and "nothing was sent" in result.err
    assert len(emulator.state.requests) == 0
    assert not audit_path.exists()


def test_a_well_formed_id_that_does_not_exist_is_not_found(
    cli: Run, emulator: EmulatorServer, audit_path: Path
) -> None:
    result = cli("delete", SERVICE, SHARE, MISSING, "--yes")
    assert result.code == EXIT_NOT_FOUND
    assert "not found" in result.err and "nothing deleted" in result.err
    assert result.out == ""  # nothing on stdout a script could read as "already deleted"
    assert emulator.state.requests.count("DELETE") == 0
    assert not audit_path.exists()  # nothing was attempted


def test_missing_ok_reads_a_missing_snapshot_as_already_gone(cli: Run, emulator: EmulatorServer) -> None:
    result = cli("delete", SERVICE, SHARE, MISSING, "--yes", "--missing-ok", "--json")
    assert result.code == EXIT_OK, result.err
    assert json.loads(result.out)["result"] == "already-gone"
    assert emulator.state.requests.count("DELETE") == 0
    [record] = AuditLog().read()
    assert (record.result, record.outcome, record.status) == ("already-gone", "already-gone", 404)


def test_a_5xx_on_delete_may_or_may_not_have_applied(cli: Run, emulator: EmulatorServer) -> None:
    target = snapshot_id(emulator, "pre-migration")
    emulator.faults.fail_after_next(502, method="DELETE")
    result = cli("delete", SERVICE, SHARE, target, "--yes")
    assert result.code == EXIT_API_ERROR
    assert "may or may not have applied" in result.err and "HTTP 502" in result.err
    assert emulator.state.requests.count("DELETE") == 1  # never re-sent
    [record] = AuditLog().read()
    assert (record.result, record.outcome, record.status) == ("error", "unknown", 502)
    service_id, share_id = ids(emulator)
    assert emulator.state.get_snapshot(service_id, share_id, target).status == "deleting"  # it did apply


def test_a_refused_create_says_nothing_changed(cli: Run, emulator: EmulatorServer) -> None:
    creds = emulator.credentials
    result = cli("create", SERVICE, SHARE, "--name", "nope", consumer_key=creds.read_only_consumer_key)
    assert result.code != EXIT_OK and "HTTP 403" in result.err
    assert "may or may not" not in result.err
    assert AuditLog().read()[-1].outcome == "refused"


def test_demo_writes_touch_no_audit_log(
    isolated: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    state_home = isolated / "xdg-state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state_home))
    monkeypatch.delenv("EFS_TUI_STATE_DIR")
    assert main(["create", "--demo", SERVICE, SHARE, "--name", "demo-only", "--json"]) == EXIT_OK
    created = json.loads(capsys.readouterr().out)["snapshot"]["id"]
    assert main(["delete", "--demo", SERVICE, SHARE, created, "--yes", "--missing-ok"]) == EXIT_OK
    assert not state_home.exists() or not any(state_home.rglob("*"))
    assert not any(isolated.rglob("audit.jsonl"))


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_list_into_a_closed_pipe_exits_quietly() -> None:
    """The reader is gone before the first byte: the case `| head -c 10` hits once its 10 bytes are in."""
    command = [sys.executable, "-m", "efs_tui", "snapshots", "list", "--demo", SERVICE, SHARE, "--json"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=_env())
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == EXIT_OK, err
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_list_piped_into_head_exits_quietly() -> None:
    script = f"{sys.executable} -m efs_tui snapshots list --demo {SERVICE} {SHARE} --json | head -c 10"
    done = subprocess.run(
        ["sh", "-c", f"set -e; {script}; exit $?"], capture_output=True, text=True, cwd=ROOT, env=_env(), timeout=60
    )
    assert len(done.stdout) == 10
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr


def test_ctrl_c_during_a_delete_says_its_outcome_is_unknown(
    cli: Run, emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import efs_tui.cli.session as session

    writers: list[Writer] = []

    class SeenWriter(Writer):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            writers.append(self)

    def interrupt_once_sent() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if writers and writers[0].in_flight:
                time.sleep(0.05)  # the DELETE is on the wire, its answer a second away
                if writers[0].in_flight:  # checked again: a signal must never land after the command
                    os.kill(os.getpid(), signal.SIGINT)
                return
            time.sleep(0.01)

    monkeypatch.setattr(session, "Writer", SeenWriter)
    target = snapshot_id(emulator, "pre-migration")
    emulator.faults.latency_ms = 1000  # every request, the DELETE included, takes a second to answer
    interrupter = threading.Thread(target=interrupt_once_sent)
    interrupter.start()
    result = cli("delete", SERVICE, SHARE, target, "--yes")
    interrupter.join()
    emulator.faults.latency_ms = 0
    assert result.code == EXIT_INTERRUPTED
    assert "outcome unknown" in result.err and target in result.err
    [record] = AuditLog().read()
    assert (record.action, record.outcome, record.error) == ("delete", "interrupted", "interrupted: outcome unknown")
