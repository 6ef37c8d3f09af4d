"""The one write path: each way a write can end gets its own outcome, wording and audit record."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from efs_tui.api import OvhClient
from efs_tui.core.audit import AuditLog
from efs_tui.core.writes import WORDING, Outcome, Write, Writer
from efs_tui.emulator import EmulatorServer

from .conftest import FAST_RETRY, credentials

SERVICE = "prod-nfs-gra"
SHARE = "web-content"


def ids(emu: EmulatorServer) -> tuple[str, str]:
    service = next(s for s in emu.state.list_services() if s.name == SERVICE)
    share = next(s for s in emu.state.list_shares(service.id) if s.name == SHARE)
    return service.id, share.id


def a_snapshot(emu: EmulatorServer, name: str = "pre-migration") -> Any:
    service_id, share_id = ids(emu)
    return next(s for s in emu.state.list_snapshots(service_id, share_id) if s.name == name)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def writer(client: OvhClient, tmp_path: Path) -> Writer:
    return Writer(client, AuditLog(tmp_path / "audit.jsonl"), profile="p", endpoint="e")


async def test_accepted_create_is_ok_with_status_and_query_id(
    client: OvhClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    outcome = await writer(client, tmp_path).create(*ids(emu), "nightly", None)
    assert outcome.kind is Outcome.OK and outcome.value is not None
    assert outcome.status is not None and 200 <= outcome.status < 300 and outcome.query_id
    [record] = lines(tmp_path / "audit.jsonl")
    assert (record["action"], record["result"], record["outcome"]) == ("create", "ok", "ok")
    assert record["snapshot_id"] == outcome.value.id and record["query_id"] == outcome.query_id


async def test_a_5xx_after_the_delete_applied_may_or_may_not_have_applied(
    client: OvhClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    victim = a_snapshot(emu)
    emu.faults.fail_after_next(500, method="DELETE")
    outcome = await writer(client, tmp_path).delete(*ids(emu), victim.id, victim.name, seen=True)
    assert outcome.kind is Outcome.UNKNOWN and outcome.uncertain
    assert outcome.wording == "may or may not have applied" and outcome.status == 500
    assert emu.state.requests.count("DELETE") == 1  # never re-sent
    [record] = lines(tmp_path / "audit.jsonl")
    assert (record["result"], record["outcome"], record["status"]) == ("error", "unknown", 500)
    assert record["error"].startswith("may or may not have applied")


async def test_a_lost_answer_is_unknown_and_never_resent(
    client: OvhClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    emu.faults.drop_after_next(method="POST", path_contains="/snapshot")
    outcome = await writer(client, tmp_path).create(*ids(emu), "lost", None)
    assert outcome.kind is Outcome.UNKNOWN
    assert emu.state.requests.count("POST") == 1
    assert lines(tmp_path / "audit.jsonl")[0]["outcome"] == "unknown"


async def test_a_refused_connection_says_nothing_was_sent(emu: EmulatorServer, tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on: the connection is refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/1.0"
    async with OvhClient(base, credentials(emu), retry=FAST_RETRY, time_sync="optimistic") as dead:
        outcome = await writer(dead, tmp_path).create(*ids(emu), "never", None)
    assert outcome.kind is Outcome.NOT_SENT and outcome.wording == "nothing was sent"
    assert "may or may not" not in outcome.describe()
    [record] = lines(tmp_path / "audit.jsonl")
    assert (record["result"], record["outcome"]) == ("error", "not-sent")
    assert "may or may not" not in record["error"]


async def test_a_4xx_is_refused(emu: EmulatorServer, tmp_path: Path) -> None:
    async with OvhClient(emu.base_url, credentials(emu, read_only=True), retry=FAST_RETRY) as read_only:
        outcome = await writer(read_only, tmp_path).create(*ids(emu), "no", None)
    assert outcome.kind is Outcome.REFUSED and outcome.status == 403 and not outcome.applied
    assert lines(tmp_path / "audit.jsonl")[0]["outcome"] == "refused"


async def test_404_is_already_gone_only_for_a_snapshot_seen_to_exist(
    client: OvhClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    writes = writer(client, tmp_path)
    typo = await writes.delete(*ids(emu), missing, None, seen=False)
    seen = await writes.delete(*ids(emu), missing, None, seen=True)
    assert (typo.kind, seen.kind) == (Outcome.REFUSED, Outcome.ALREADY_GONE)
    assert [r["result"] for r in lines(tmp_path / "audit.jsonl")] == ["error", "already-gone"]


async def test_an_interrupted_write_is_audited_at_once_and_leaves_nothing_in_flight(
    client: OvhClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    victim = a_snapshot(emu)
    writes = writer(client, tmp_path)
    await client.sync_time()
    emu.faults.latency_ms = 2000
    task = asyncio.create_task(writes.delete(*ids(emu), victim.id, victim.name, seen=True))
    while not writes.in_flight:
        await asyncio.sleep(0.01)
    assert [w.snapshot_id for w in writes.in_flight] == [victim.id]
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    emu.faults.latency_ms = 0
    assert writes.in_flight == ()
    [record] = lines(tmp_path / "audit.jsonl")
    assert (record["result"], record["outcome"], record["error"]) == (
        "error",
        "interrupted",
        WORDING[Outcome.INTERRUPTED],
    )


async def test_nothing_found_to_delete_is_audited_without_a_request(
    client: OvhClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    victim = a_snapshot(emu)
    outcome = await writer(client, tmp_path).already_gone(Write("delete", *ids(emu), victim.id, victim.name, seen=True))
    assert outcome.applied and len(emu.state.requests) == 0
    assert lines(tmp_path / "audit.jsonl")[0]["result"] == "already-gone"


async def test_without_an_audit_log_nothing_is_written(client: OvhClient, emu: EmulatorServer, tmp_path: Path) -> None:
    outcome = await Writer(client, None).create(*ids(emu), "demo", None)
    assert outcome.kind is Outcome.OK
    assert list(tmp_path.iterdir()) == []
