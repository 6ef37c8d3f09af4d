"""Snapshot export: JSON/CSV content, formula-injection safety, atomic no-overwrite writes."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from efs_tui.api.models import Snapshot
from efs_tui.core.export import (
    COLUMNS,
    SnapshotRow,
    csv_cell,
    export_snapshots,
    format_for,
    rows_for,
    safe_json_dumps,
    snapshots_to_csv,
    snapshots_to_json,
)

SERVICE = "11111111-1111-4111-8111-111111111111"
SHARE = "22222222-2222-4222-8222-222222222222"


def sample() -> list[SnapshotRow]:
    paris = timezone(timedelta(hours=2))
    return rows_for(
        SERVICE,
        SHARE,
        [
            Snapshot(
                id="a1",
                name="before-upgrade",
                description="Taken before the rollout, with a comma",
                type="manual",
                status="available",
                path="10.0.0.1:/share/.snapshot/before-upgrade",
                created_at=datetime(2026, 5, 1, 12, 0, 0, tzinfo=paris),
            ),
            Snapshot(id="a2", name='=HYPERLINK("http://evil")', description="+cmd|' /C calc'!A0", type="manual"),
            Snapshot(id="a3", name="日本語 « été »", description="line one\nline two", created_at=None),
            Snapshot(id="a4", name="\x1b[31mred\x1b[0m", description="\u202eevil\u2028x\x9b"),
        ],
    )


def test_json_has_every_field_plus_ids_and_utc_dates() -> None:
    document = json.loads(snapshots_to_json(sample()))
    assert list(document) == ["schema", "snapshots"] and document["schema"] == "efs-tui.snapshots/1"
    data = document["snapshots"]
    assert [list(item) for item in data] == [list(COLUMNS)] * 4
    first = data[0]
    assert first["serviceId"] == SERVICE and first["shareId"] == SHARE
    assert first["createdAt"] == "2026-05-01T10:00:00Z"  # converted from +02:00 to UTC
    assert data[2]["createdAt"] is None
    assert data[1]["description"] == "+cmd|' /C calc'!A0"  # JSON is data: no formula prefix


def test_json_round_trips_to_the_same_snapshots() -> None:
    rows = sample()
    back = [Snapshot.from_json(item) for item in json.loads(snapshots_to_json(rows))["snapshots"]]
    for original, parsed in zip(rows, back, strict=True):
        assert parsed.id == original.snapshot.id
        assert parsed.name == original.snapshot.name
        assert parsed.description == original.snapshot.description
        assert parsed.created_at == original.snapshot.created_at


def test_json_text_carries_no_raw_terminal_controls() -> None:
    text = snapshots_to_json(sample())
    for char in ("\x1b", "\x9b", "\u202e", "\u2028"):
        assert char not in text
    assert "日本語" in text  # readable, not \\u-escaped
    assert json.loads(text)["snapshots"][3]["description"] == "\u202eevil\u2028x\x9b"


def test_safe_json_dumps_keeps_indentation_newlines() -> None:
    assert safe_json_dumps({"a": "\x85"}, indent=2) == '{\n  "a": "\\u0085"\n}'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\u240dx"),  # CR is a terminal control: shown as its Control Picture (still prefixed)
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_csv_cell_neutralises_formulas(value: str | None, expected: str) -> None:
    assert csv_cell(value) == expected


def test_csv_has_a_header_and_round_trips() -> None:
    text = snapshots_to_csv(sample())
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[0] == list(COLUMNS)
    assert len(parsed) == 5
    first = dict(zip(COLUMNS, parsed[1], strict=True))
    assert first["description"] == "Taken before the rollout, with a comma"
    assert first["createdAt"] == "2026-05-01T10:00:00Z"
    injected = dict(zip(COLUMNS, parsed[2], strict=True))
    assert injected["name"] == '\'=HYPERLINK("http://evil")'
    assert injected["description"] == "'+cmd|' /C calc'!A0"
    assert injected["createdAt"] == ""
    multiline = dict(zip(COLUMNS, parsed[3], strict=True))
    assert multiline["description"] == "line one\nline two"


def test_csv_text_carries_no_raw_terminal_controls() -> None:
    text = snapshots_to_csv(sample())
    for char in ("\x1b", "\x9b", "\u202e", "\u2028"):
        assert char not in text
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    hostile = dict(zip(COLUMNS, parsed[4], strict=True))
    assert hostile["name"] == "\u241b[31mred\u241b[0m"  # ␛[31mred␛[0m: visible, inert
    assert hostile["description"] == "\ufffdevil\ufffdx\ufffd"
    assert dict(zip(COLUMNS, parsed[3], strict=True))["name"] == "日本語 « été »"  # readable text untouched


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\x1bb", "a\u241bb"),
        ("\u202eexe.txt", "\ufffdexe.txt"),
        ("=\x1b[2J", "'=\u241b[2J"),  # the formula prefix is kept
        ("\x07bell", "\u2407bell"),
        ("del\x7f", "del\u2421"),
        ("line\r\nnext\ttab", "line\nnext\ttab"),
        ("\ud800lone", "\ufffdlone"),
    ],
)
def test_csv_cell_escapes_unsafe_characters(value: str, expected: str) -> None:
    assert csv_cell(value) == expected


def test_exported_csv_file_is_terminal_safe(tmp_path: Path) -> None:
    data = export_snapshots(sample(), tmp_path / "e.csv").read_text(encoding="utf-8")
    assert not any(char in data for char in ("\x1b", "\x9b", "\u202e", "\u2028"))


def test_json_escapes_every_unsafe_character_of_the_shared_rule() -> None:
    value = "a\u200fb\u061cc\ud800d\u2066e"
    text = safe_json_dumps({"v": value})
    assert text == '{"v": "a\\u200fb\\u061cc\\ud800d\\u2066e"}'
    assert json.loads(text)["v"] == value


def test_every_csv_cell_is_injection_safe() -> None:
    for row in csv.reader(io.StringIO(snapshots_to_csv(sample()), newline="")):
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r"


def test_format_comes_from_argument_or_extension() -> None:
    assert format_for("x.JSON") == "json"
    assert format_for("x.csv") == "csv"
    assert format_for("x.txt", "CSV") == "csv"
    with pytest.raises(ValueError, match="cannot tell"):
        format_for("x.txt")
    with pytest.raises(ValueError, match="unknown export format"):
        format_for("x.json", "xml")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty directory of its own (``tmp_path`` also holds the isolated HOME)."""
    directory = tmp_path / "out"
    directory.mkdir()
    return directory


def test_export_writes_file_and_returns_path(out: Path) -> None:
    target = out / "snaps.json"
    assert export_snapshots(sample(), target) == target
    assert json.loads(target.read_text(encoding="utf-8"))["snapshots"][0]["id"] == "a1"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    csv_target = export_snapshots(sample(), out / "snaps.data", "csv")
    assert csv_target.read_bytes().startswith(b"serviceId,shareId,id,")


def test_export_refuses_to_overwrite(out: Path) -> None:
    target = out / "snaps.csv"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(FileExistsError):
        export_snapshots(sample(), target)
    assert target.read_text(encoding="utf-8") == "precious"
    assert os.listdir(out) == ["snaps.csv"]  # no temporary file left behind
    export_snapshots(sample(), target, overwrite=True)
    assert target.read_text(encoding="utf-8").startswith("serviceId,")


def test_export_leaves_nothing_when_the_format_is_unknown(out: Path) -> None:
    with pytest.raises(ValueError):
        export_snapshots(sample(), out / "snaps.txt")
    assert os.listdir(out) == []


def test_export_of_nothing_is_a_valid_empty_document(out: Path) -> None:
    empty = {"schema": "efs-tui.snapshots/1", "snapshots": []}
    assert json.loads(export_snapshots([], out / "e.json").read_text(encoding="utf-8")) == empty
    assert (out / "e.csv").exists() is False
    assert export_snapshots([], out / "e.csv").read_bytes() == (",".join(COLUMNS) + "\r\n").encode()


def test_naive_datetimes_are_taken_as_utc() -> None:
    row = SnapshotRow("s", "h", Snapshot(id="x", created_at=datetime(2026, 1, 2, 3, 4, 5)))
    assert row.to_json()["createdAt"] == "2026-01-02T03:04:05Z"
    aware = SnapshotRow("s", "h", Snapshot(id="x", created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)))
    assert aware.to_json()["createdAt"] == "2026-01-02T03:04:05Z"
