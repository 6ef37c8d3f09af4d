"""The output contract: real CLI output, over HTTP from the emulator, validated with the shipped JSON Schema.

The schema file, the documentation's field tables and the README are all checked
against ``efs_tui/core/output_schema.py``, so a field cannot be added to one and
forgotten in another.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # ships no type information
import pytest

from efs_tui.api.models import IamMetadata, Service, Share, Snapshot
from efs_tui.core import output_schema
from efs_tui.emulator import EmulatorServer

from .conftest import Run

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "docs" / "output-schema.json"
DOC = (ROOT / "docs" / "scripting-output.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")

SERVICE = "prod-nfs-gra"
SHARE = "web-content"
PARIS = timezone(timedelta(hours=2))

#: A service, share and snapshot whose API answers carry a +02:00 offset and every optional field.
ODD_SERVICE = "aaaaaaaa-0000-4000-8000-00000000000a"
ODD_SHARE = "bbbbbbbb-0000-4000-8000-00000000000b"


def shipped_schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return data


def validate(document: Any) -> None:
    """Raise unless ``document`` is valid against the shipped schema (format checks on)."""
    validator = jsonschema.Draft202012Validator(shipped_schema(), format_checker=jsonschema.FormatChecker())
    validator.validate(document)


def run_json(cli: Run, *args: str) -> dict[str, Any]:
    result = cli(*args, "--json")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out)
    validate(document)
    return document


@pytest.fixture
def odd(emulator: EmulatorServer) -> EmulatorServer:
    """Add objects dated in +02:00 with IAM tags and a clone origin, as the API may answer them."""
    created = datetime(2026, 5, 1, 12, 0, 5, tzinfo=PARIS)
    iam = IamMetadata(
        id="ffffffff-0000-4000-8000-00000000000f",
        urn=f"urn:v1:eu:resource:storageNetApp:{ODD_SERVICE}",
        display_name="odd-offsets",
        state="OK",
        tags={"team": "web", "env": "prod"},
    )
    emulator.state.add_service(
        Service(id=ODD_SERVICE, name="odd-offsets", region="eu-west-gra", status="running", quota=2048,
                performance_level="premium", product="enterprise-file-storage-premium", created_at=created, iam=iam)
    )  # fmt: skip
    emulator.state.add_share(
        ODD_SERVICE,
        Share(id=ODD_SHARE, name="clone", protocol="NFS", size=150, status="available",
              snapshot_id="cccccccc-0000-4000-8000-00000000000c", created_at=created),
    )  # fmt: skip
    emulator.state.add_snapshot(
        ODD_SERVICE, ODD_SHARE, Snapshot(id="dddddddd-0000-4000-8000-00000000000d", created_at=created)
    )
    return emulator


# -- real output against the schema -------------------------------------------------------------------------------


def test_services_json_follows_the_contract(cli: Run, odd: EmulatorServer) -> None:
    document = run_json(cli, "services")
    assert document["schema"] == "efs-tui.services/1"
    services = {s["id"]: s for s in document["services"]}
    assert set(services) == set(odd.state.service_ids())
    assert services[ODD_SERVICE]["createdAt"] == "2026-05-01T10:00:05Z"  # the API's +02:00, in UTC with Z
    assert services[ODD_SERVICE]["iam"]["tags"] == {"team": "web", "env": "prod"}
    assert services[ODD_SERVICE]["quota"] == 2048


def test_shares_json_follows_the_contract(cli: Run, odd: EmulatorServer) -> None:
    document = run_json(cli, "shares", ODD_SERVICE)
    assert document["schema"] == "efs-tui.shares/1"
    (share,) = document["shares"]
    assert (share["serviceId"], share["id"]) == (ODD_SERVICE, ODD_SHARE)
    assert share["snapshotID"] == "cccccccc-0000-4000-8000-00000000000c"
    assert share["createdAt"] == "2026-05-01T10:00:05Z"
    demo = run_json(cli, "shares", SERVICE)["shares"]
    assert demo and all(s["createdAt"] is None or s["createdAt"].endswith("Z") for s in demo)


def test_list_json_follows_the_contract(cli: Run, odd: EmulatorServer) -> None:
    document = run_json(cli, "list", SERVICE, SHARE)
    assert document["schema"] == "efs-tui.snapshots/1"
    assert len(document["snapshots"]) > 1
    undated = run_json(cli, "list", ODD_SERVICE, ODD_SHARE)["snapshots"]
    assert [s["createdAt"] for s in undated] == ["2026-05-01T10:00:05Z"]
    assert undated[0]["name"] is None and undated[0]["shareId"] == ODD_SHARE
    empty = run_json(cli, "list", SERVICE, SHARE, "--status", "no-such-status")
    assert empty == {"schema": "efs-tui.snapshots/1", "snapshots": []}


def test_create_and_delete_json_follow_the_contract(cli: Run, emulator: EmulatorServer) -> None:
    created = run_json(cli, "create", SERVICE, SHARE, "--name", "contract", "--wait")
    assert created["schema"] == "efs-tui.create/1"
    snapshot = created["snapshot"]
    assert snapshot["name"] == "contract" and snapshot["status"] == "available"
    deleted = run_json(cli, "delete", SERVICE, SHARE, snapshot["id"], "--yes", "--wait")
    assert deleted["schema"] == "efs-tui.delete/1"
    assert (deleted["id"], deleted["name"], deleted["result"]) == (snapshot["id"], "contract", "deleted")
    assert (deleted["serviceId"], deleted["shareId"]) == (snapshot["serviceId"], snapshot["shareId"])
    again = run_json(cli, "delete", SERVICE, SHARE, snapshot["id"], "--yes", "--missing-ok")
    assert again["result"] == "already-gone" and again["name"] is None


def test_json_file_and_csv_header_follow_the_contract(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    assert cli("list", SERVICE, SHARE, "-o", str(target)).code == 0
    validate(json.loads(target.read_text(encoding="utf-8")))
    result = cli("list", SERVICE, SHARE, "--csv")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out, newline="")))
    snapshot_keys = list(shipped_schema()["$defs"]["snapshot"]["properties"])
    assert rows[0] == snapshot_keys == list(output_schema.CSV_COLUMNS)
    assert all(re.fullmatch(output_schema.TIMESTAMP_PATTERN, row[-1]) for row in rows[1:])


def test_the_schema_refuses_what_the_contract_rules_out() -> None:
    """The schema is strict enough to catch a regression: old key names, another offset, a missing key."""
    good = output_schema.snapshot_record("s", "h", Snapshot(id="x", created_at=datetime(2026, 1, 2, tzinfo=PARIS)))
    validate(output_schema.document(output_schema.SNAPSHOTS, [good]))
    old_names = {"service_id": "s", "share_id": "h"} | {k: v for k, v in good.items() if not k.endswith("Id")}
    offset = good | {"createdAt": "2026-01-01T22:00:00+00:00"}
    missing = {k: v for k, v in good.items() if k != "path"}
    for bad in (old_names, offset, missing):
        with pytest.raises(jsonschema.ValidationError):
            validate({"schema": "efs-tui.snapshots/1", "snapshots": [bad]})
    with pytest.raises(jsonschema.ValidationError):
        validate({"schema": "efs-tui.snapshots/2", "snapshots": []})
    with pytest.raises(jsonschema.ValidationError):
        validate([good])  # the 0.1 bare array


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        (datetime(2026, 5, 1, 12, 0, 5, 999999, tzinfo=PARIS), "2026-05-01T10:00:05Z"),  # a fraction is dropped
        (datetime(5, 1, 2, 3, 4, 5, tzinfo=UTC), "0005-01-02T03:04:05Z"),  # four-digit years, as RFC 3339 says
        (datetime(2026, 1, 1, 0, 30), "2026-01-01T00:30:00Z"),  # naive is UTC, as the models parse it
    ],
)
def test_every_timestamp_has_the_one_form(created: datetime, expected: str) -> None:
    record = output_schema.snapshot_record("s", "h", Snapshot(id="x", created_at=created))
    assert record["createdAt"] == expected
    validate(output_schema.document(output_schema.SNAPSHOTS, [record]))


# -- the shipped files and the documentation ----------------------------------------------------------------------


def test_the_shipped_schema_file_is_generated_from_the_contract() -> None:
    assert shipped_schema() == output_schema.json_schema(), "run: python scripts/update_output_docs.py"
    jsonschema.Draft202012Validator.check_schema(shipped_schema())


def test_the_documented_fields_are_the_schema_fields() -> None:
    block = re.search(r"<!-- output-fields:start[^>]*-->\n(.*?)<!-- output-fields:end -->", DOC, re.S)
    assert block is not None
    regenerate = "run: python scripts/update_output_docs.py"
    assert block.group(1).strip() == output_schema.markdown_tables().strip(), regenerate
    # And, read back from the page as a reader would, each section lists exactly the schema's keys.
    sections = re.findall(r"^### `(efs-tui\.[a-z]+/\d+)`\n(.*?)(?=^### |\Z)", block.group(1), re.S | re.M)
    schema = shipped_schema()
    by_marker = {branch["properties"]["schema"]["const"]: branch for branch in schema["oneOf"]}
    assert [marker for marker, _ in sections] == list(by_marker)
    for marker, body in sections:
        documented = [name for name in re.findall(r"^\| `([\w.]+)` \|", body, re.M) if "." not in name]
        branch = by_marker[marker]
        records = [key for key in branch["properties"] if key != "schema"]
        if len(records) == 1 and "$ref" in json.dumps(branch["properties"][records[0]]):
            ref = json.dumps(branch["properties"][records[0]]).split("#/$defs/")[1].split('"')[0]
            keys = list(schema["$defs"][ref]["properties"])
        else:
            keys = ["schema", *records]
        assert documented == keys, marker


def test_the_readme_names_every_schema_and_links_the_contract() -> None:
    scripting = README.split("## Scripting", 1)[1].split("\n## ", 1)[0]
    assert "docs/scripting-output.md" in scripting and "docs/output-schema.json" in scripting
    for document in output_schema.DOCUMENTS:
        assert f"`{document.schema}`" in scripting
    assert "service_id" in scripting and "serviceId" in scripting  # the note on what changed since 0.1
