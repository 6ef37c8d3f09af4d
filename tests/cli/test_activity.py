"""The in-memory API activity log: bounded buffer, line format, redaction."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from efs_tui.api.client import OvhClient, RequestRecord
from efs_tui.core.activity import ActivityLog, format_duration, format_entry, printable, redact
from efs_tui.emulator import EmulatorServer

STARTED = datetime(2026, 11, 27, 14, 3, 27, tzinfo=UTC).timestamp()
PATH = "/storage/netapp/9a1e/share/77c2/snapshot?detail=true"


def rec(**changes: object) -> RequestRecord:
    values: dict[str, object] = {
        "method": "GET",
        "path": PATH,
        "status": 200,
        "duration": 0.0432,
        "query_id": "EU.ext-3.669795c6.3806160",
        "attempt": 1,
        "error": None,
        "started_at": STARTED,
    }
    values.update(changes)
    return RequestRecord(**values)  # type: ignore[arg-type]


def test_format_entry_columns() -> None:
    line = format_entry(rec(), utc=True)
    assert line == f"14:03:27  GET     200    43 ms  {PATH}  EU.ext-3.669795c6.3806160"


def test_format_entry_can_shorten_ids() -> None:
    path = "/storage/netapp/bdd640fb-0667-4ad1-9c80-317fa3b1799d/share/17fc695a-07a0-4a6e-8822-e8f36c031199"
    line = format_entry(rec(path=path), utc=True, short_ids=True)
    assert "/storage/netapp/bdd640fb…/share/17fc695a…  EU.ext-3" in line


def test_format_entry_error_answer_and_retry() -> None:
    line = format_entry(rec(method="POST", status=403, error="NOT_GRANTED_CALL", attempt=2), utc=True)
    assert line.startswith("14:03:27  POST    ")
    assert "  403  " in line
    assert line.endswith("EU.ext-3.669795c6.3806160  NOT_GRANTED_CALL  (attempt 2)")


def test_format_entry_shows_the_clients_note_or_the_skipped_items() -> None:
    note = "resent once after the API refused the timestamp or signature: nothing was applied"
    assert format_entry(rec(attempt=2, note=note)).endswith(f"(attempt 2)  {note}")
    assert format_entry(rec(skipped=2)).endswith("(2 item(s) without an id skipped)")


def test_format_entry_without_answer_shows_the_error_and_no_query_id() -> None:
    line = format_entry(rec(status=None, error="timeout", query_id=None, duration=30.0), utc=True)
    assert "timeout" in line and "30.0 s" in line and line.endswith("—")


def test_format_entry_local_time_by_default() -> None:
    expected = datetime.fromtimestamp(STARTED).strftime("%H:%M:%S")
    assert format_entry(rec()).startswith(expected)
    assert format_entry(rec(started_at=0.0)).startswith("--:--:--")


def test_format_entry_redacts_and_neutralises() -> None:
    line = format_entry(rec(path="/x/SECRETCK/\x1b[2J"), secrets=["SECRETCK", None, ""])
    assert "SECRETCK" not in line and "***" in line
    assert "\x1b" not in line and "?[2J" in line


def test_redact_longest_first_and_url_encoded() -> None:
    assert redact("abc abcdef", ["abc", "abcdef"]) == "*** ***"
    assert redact("k=a%2Fb", ["a/b"]) == "k=***"
    assert redact("nothing", [None, ""]) == "nothing"


def test_printable() -> None:
    assert printable("ok/日本語") == "ok/日本語"
    assert printable("a\u202eb\nc\x00") == "a?b?c?"


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.0004, "0 ms"), (0.0432, "43 ms"), (9.5, "9500 ms"), (12.34, "12.3 s")]
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_ring_buffer_is_bounded_and_counts() -> None:
    log = ActivityLog(maxlen=3)
    for i in range(5):
        log.record(rec(attempt=i + 1))
    assert len(log) == 3 and log.maxlen == 3
    assert [e.attempt for e in log.entries()] == [3, 4, 5]
    assert [e.attempt for e in log.entries(limit=2)] == [4, 5]
    assert log.entries(limit=0) == []
    assert log.total == 5 and log.dropped == 2
    log.clear()
    assert log.entries() == [] and log.total == 5 and log.dropped == 0
    with pytest.raises(ValueError):
        ActivityLog(maxlen=0)


def test_default_capacity_is_500() -> None:
    assert ActivityLog().maxlen == 500


async def test_fed_by_a_real_client_without_secrets() -> None:
    """Wired as the TUI will wire it: every exchange lands in the log, with no header or secret."""
    with EmulatorServer(dataset="demo") as server:
        from efs_tui.api.auth import ApplicationCredentials

        creds = server.credentials
        credentials = ApplicationCredentials(creds.application_key, creds.application_secret, creds.consumer_key)
        log = ActivityLog()
        async with OvhClient(server.base_url, credentials) as client:
            client.add_listener(log.record)
            started = time.time()
            services = await client.list_services()
            await client.list_shares(services[0].id)
        entries = log.entries()
        assert [e.method for e in entries] == ["GET"] * len(entries)
        assert entries[-1].path.startswith(f"/storage/netapp/{services[0].id}/share")
        assert all(e.started_at >= started - 1 for e in entries)
        text = "\n".join(log.format(secrets=credentials.secrets()))
        for secret in (creds.application_secret, creds.consumer_key):
            assert secret not in text
        assert "/storage/netapp" in text and " 200 " in text


def test_one_rule_for_unsafe_characters() -> None:
    """The activity log, the CLI, CSV/JSON exports and the TUI agree on which characters are unsafe."""
    from efs_tui.cli.output import clean
    from efs_tui.core.export import csv_cell, safe_json_dumps
    from efs_tui.core.sanitize import UNSAFE_CHARS, is_unsafe_char, safe_text

    samples = [chr(c) for c in (*range(0x0, 0x250), *range(0x2000, 0x2070), 0x061C, 0xFEFF, 0xD800, 0xDFFF)]
    for char in samples:
        unsafe = is_unsafe_char(char)
        assert (printable(char) != char) == unsafe, repr(char)
        assert (clean(char) != char) == unsafe, repr(char)
        assert (safe_text(char) != char) == unsafe, repr(char)
        assert bool(UNSAFE_CHARS.fullmatch(char)) == unsafe, repr(char)
        if char not in "\n\t":
            assert (csv_cell(f"x{char}") != f"x{char}") == unsafe, repr(char)
        if ord(char) >= 0x20:
            assert (char not in safe_json_dumps(char)) == unsafe, repr(char)


def test_one_redact_for_activity_and_config() -> None:
    from efs_tui.config import redact as config_redact
    from efs_tui.config.redact import redact as config_redact_function
    from efs_tui.core import sanitize

    assert redact is config_redact is config_redact_function is sanitize.redact
    assert config_redact("k=a%2Fb and a/b", ["a/b"]) == "k=*** and ***"  # the URL-encoded form too


def test_one_utc_format() -> None:
    from datetime import datetime, timedelta, timezone

    from efs_tui.core.export import format_utc as export_format_utc
    from efs_tui.core.sanitize import format_utc, utc_timestamp

    moment = datetime(2026, 1, 2, 4, 4, 5, tzinfo=timezone(timedelta(hours=1)))
    assert export_format_utc(moment) == format_utc(moment) == utc_timestamp(moment) == "2026-01-02T03:04:05Z"
    assert export_format_utc(None) is None and format_utc(None) == "—"
