"""Snapshot-policy rules: typed lines checked against the spec's limits, next runs and the rotation preview."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from efs_tui.api import OvhClient
from efs_tui.api.models import PolicyRule, PolicySchedule, Snapshot
from efs_tui.core.audit import AuditLog
from efs_tui.core.policy_rules import (
    RuleError,
    format_rule,
    next_runs,
    parse_rule,
    parse_rules,
    rotation_preview,
)
from efs_tui.core.writes import Outcome, Writer
from efs_tui.emulator import EmulatorServer

NOW = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)


def test_a_rule_line_reads_in_cron_order() -> None:
    rule = parse_rule("weekly 4 0 2 * * 0,6")
    assert rule == PolicyRule("weekly", 4, PolicySchedule(minutes=(0,), hours=(2,), weekdays=(0, 6)))


def test_left_out_fields_and_star_mean_every_and_ranges_expand() -> None:
    rule = parse_rule("work 10 0,30 8-10")
    assert rule.schedule == PolicySchedule(minutes=(0, 30), hours=(8, 9, 10))


def test_format_reads_back_to_the_same_rule() -> None:
    for line in ("daily 7 10 0", "weekly 4 0 2 * * 0", "yearly 2 0 0 1 1", "often 24 5"):
        assert format_rule(parse_rule(line)) == line
        assert parse_rule(format_rule(parse_rule(line))) == parse_rule(line)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("daily 7 60", "minute 60 is outside 0-59"),
        ("daily 7 0 24", "hour 24 is outside 0-23"),
        ("daily 7 0 0 0", "day of month 0 is outside 1-31"),
        ("daily 7 0 0 * 13", "month 13 is outside 1-12"),
        ("daily 7 0 0 * * 7", "weekday 7 is outside 0-6"),
        ("daily 0 0", "keep must be a whole number of at least 1"),
        ("daily x 0", "keep must be a whole number"),
        ("daily 7 *", "at least one"),
        ("daily 7", "expected PREFIX KEEP MINUTE"),
        ("dai.ly 7 0", "prefix must be"),
        ("daily 7 5-1", "runs backwards"),
        ("daily 7 0 0 * * * 9", "too many fields"),
    ],
)
def test_a_bad_field_is_refused_with_its_reason(line: str, words: str) -> None:
    with pytest.raises(RuleError, match=words):
        parse_rule(line)


def test_at_most_four_rules() -> None:
    text = "\n".join(f"r{i} 1 {i}" for i in range(5))
    with pytest.raises(RuleError, match="at most 4 rules"):
        parse_rules(text, NOW)
    assert len(parse_rules("\n".join(f"r{i} 1 {i}" for i in range(4)), NOW)) == 4


def test_prefixes_are_unique() -> None:
    with pytest.raises(RuleError, match="prefix 'daily' is already used"):
        parse_rules("daily 7 0 0\ndaily 3 30 12", NOW)


def test_a_schedule_that_never_fires_is_refused() -> None:
    with pytest.raises(RuleError, match="never fires"):
        parse_rules("feb30 1 0 0 30 2", NOW)


def test_blank_lines_and_comments_are_skipped_and_no_rule_is_refused() -> None:
    assert len(parse_rules("# daily\n\ndaily 7 10 0  # ten past midnight\n", NOW)) == 1
    with pytest.raises(RuleError, match="at least one rule"):
        parse_rules("  \n# nothing\n", NOW)


def test_next_runs_interleave_the_rules_in_time_order() -> None:
    rules = parse_rules("hourly 24 5\ndaily 7 10 0", NOW)
    runs = next_runs(rules, NOW, count=5)
    assert runs[0] == (datetime(2026, 12, 1, 21, 5, tzinfo=UTC), "hourly")
    assert [p for _, p in runs] == ["hourly", "hourly", "hourly", "hourly", "daily"]
    assert runs[4][0] == datetime(2026, 12, 2, 0, 10, tzinfo=UTC)
    assert [w for w, _ in runs] == sorted(w for w, _ in runs)


def _auto(name: str, age_days: int, kind: str = "automatic") -> Snapshot:
    return Snapshot(
        id=f"id-{name}", name=name, type=kind, status="available", created_at=NOW - timedelta(days=age_days)
    )


def test_rotation_keeps_the_newest_copies_per_prefix_and_removes_the_older() -> None:
    snaps = [_auto(f"daily.{i}", i) for i in range(7)] + [
        _auto("weekly.a", 10),
        _auto("other.x", 50),
        _auto("daily-manual", 90, kind="manual"),
    ]
    preview = rotation_preview(parse_rules("daily 3 10 0\nweekly 4 0 2 * * 0", NOW), snaps)
    assert [s.name for s, _ in preview.removed] == ["daily.6", "daily.5", "daily.4", "daily.3"]
    assert all(reason == "rule daily keeps the newest 3" for _, reason in preview.removed)
    assert preview.kept == 4 and preview.untouched == 1


def ids(emu: EmulatorServer, share_name: str = "web-content") -> tuple[str, str]:
    service = next(s for s in emu.state.list_services() if s.name == "prod-nfs-gra")
    share = next(s for s in emu.state.list_shares(service.id) if s.name == share_name)
    return service.id, share.id


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def test_policy_writes_go_through_the_write_path_and_are_audited(
    client: OvhClient, emu: EmulatorServer, tmp_path: Path
) -> None:
    emu.state.update_delay = 0  # the new policy is `available` at the next request: delete may be judged
    writer = Writer(client, AuditLog(tmp_path / "audit.jsonl"), profile="p", endpoint="e")
    service_id, share_id = ids(emu)
    created = await writer.create_policy(service_id, parse_rules("daily 3 10 0", NOW), "short", None)
    assert created.kind is Outcome.OK and created.value is not None
    policy = created.value
    assert emu.state.get_policy(service_id, policy.id).rules == parse_rules("daily 3 10 0", NOW)
    attached = await writer.attach_policy(service_id, share_id, policy)
    assert attached.kind is Outcome.OK
    assert emu.state.get_share_policy(service_id, share_id).id == policy.id
    refused = await writer.delete_policy(service_id, policy)
    assert refused.kind is Outcome.REFUSED and refused.query_id and refused.error is not None
    assert "attached to shares (web-content)" in refused.error.message
    records = lines(tmp_path / "audit.jsonl")
    assert [(r["action"], r["result"]) for r in records] == [
        ("create-policy", "ok"),
        ("attach-policy", "ok"),
        ("delete-policy", "error"),
    ]
    assert {r["policy_id"] for r in records} == {policy.id}
    assert records[1]["share_id"] == share_id and records[0]["share_id"] is None
