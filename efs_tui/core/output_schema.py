"""The contract of ``--json`` / ``--csv`` output, as data: one place that says which fields a script gets.

Scripts outlive releases, so the machine-readable output is a versioned contract
rather than whatever the models happen to serialize. Every document is an object
with a ``schema`` marker (``efs-tui.snapshots/1``…), as the retention planner's
``efs-tui.prune/1`` already is, so a script can refuse a version it does not know
instead of misreading it.

The rules the field lists below follow:

* field names are the API's (camelCase as OVHcloud spells them, ``snapshotID``
  included); the ids of the service and share a record belongs to, which the API
  only has in the URL, are ``serviceId`` and ``shareId`` everywhere;
* every timestamp is RFC 3339 in UTC with ``Z`` and second precision
  (``2026-05-01T10:00:00Z``): one fixed-width form sorts and compares as text,
  and the API documents nothing finer (its examples carry whole seconds);
* a value the API did not give is ``null`` in JSON and an empty CSV cell;
* adding a field keeps the version (scripts ignore keys they do not know);
  removing or renaming one, or changing its type or meaning, bumps it.

The same field lists build the records (:func:`service_record`…), the JSON
Schema shipped in ``docs/output-schema.json`` and the tables of
``docs/scripting-output.md``, and the tests check all three against each other
and against real CLI output, so none of them can drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from efs_tui.api.models import Service, Share, Snapshot
from efs_tui.core.sanitize import utc_timestamp

#: The version shared by every document below; see the module docstring for what bumps it.
VERSION: Final = 1

SERVICES: Final = f"efs-tui.services/{VERSION}"
SHARES: Final = f"efs-tui.shares/{VERSION}"
SNAPSHOTS: Final = f"efs-tui.snapshots/{VERSION}"
CREATE: Final = f"efs-tui.create/{VERSION}"
DELETE: Final = f"efs-tui.delete/{VERSION}"

#: ``createdAt`` and every other timestamp: UTC, ``Z``, whole seconds.
TIMESTAMP_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"


@dataclass(frozen=True, slots=True)
class Field:
    """One key of an output record: its JSON type, whether it may be ``null``, and what it means."""

    name: str
    type: str  # "string", "integer", "timestamp" (a string in TIMESTAMP_PATTERN), "object" or "tags"
    description: str
    nullable: bool = True
    enum: tuple[str, ...] = ()
    properties: tuple[Field, ...] = ()  # for "object"

    def json_schema(self) -> dict[str, Any]:
        """This field as a JSON Schema (draft 2020-12) property."""
        schema: dict[str, Any]
        if self.type == "timestamp":
            schema = {"type": "string", "pattern": TIMESTAMP_PATTERN}
        elif self.type == "object":
            schema = object_schema(self.properties)
        elif self.type == "tags":
            schema = {"type": "object", "additionalProperties": {"type": "string"}}
        else:
            schema = {"type": self.type}
        if self.enum:
            schema["enum"] = list(self.enum)
        if self.nullable:
            schema["type"] = [schema["type"], "null"]
            if self.enum:
                schema["enum"].append(None)
        schema["description"] = self.description
        return schema

    @property
    def doc_type(self) -> str:
        """The type as the documentation's tables write it."""
        words = {"timestamp": "string (RFC 3339 UTC)", "tags": "object (string values)"}.get(self.type, self.type)
        return f"{words} or null" if self.nullable else words


def object_schema(fields: Iterable[Field]) -> dict[str, Any]:
    """A closed object of ``fields``: every key always present (maybe ``null``), no other key."""
    fields = tuple(fields)
    return {
        "type": "object",
        "properties": {field.name: field.json_schema() for field in fields},
        "required": [field.name for field in fields],
        "additionalProperties": False,
    }


SERVICE_ID: Final = Field("serviceId", "string", "id of the service (UUID) the record belongs to", nullable=False)
SHARE_ID: Final = Field("shareId", "string", "id of the share (UUID) the snapshot belongs to", nullable=False)

IAM_FIELDS: Final = (
    Field("id", "string", "IAM resource id"),
    Field("urn", "string", "IAM resource URN"),
    Field("displayName", "string", "IAM display name"),
    Field("state", "string", "IAM resource state"),
    Field("tags", "tags", "IAM tags, name to value (null: none)"),
)

SERVICE_FIELDS: Final = (
    Field("id", "string", "service id (UUID), the `serviceId` of its shares and snapshots", nullable=False),
    Field("name", "string", "service name"),
    Field("region", "string", "region, e.g. `eu-west-gra`"),
    Field("status", "string", "`running`, `creating`, `suspended`…"),
    Field("quota", "integer", "capacity of the service in GB, the unit of share `size`"),
    Field("performanceLevel", "string", "performance level, e.g. `premium`"),
    Field("product", "string", "product name"),
    Field("createdAt", "timestamp", "creation time"),
    Field("iam", "object", "IAM metadata (`id`, `urn`, `displayName`, `state`, `tags`)", properties=IAM_FIELDS),
)

SHARE_FIELDS: Final = (
    SERVICE_ID,
    Field("id", "string", "share id (UUID), the `shareId` of its snapshots", nullable=False),
    Field("name", "string", "share name"),
    Field("description", "string", "share description"),
    Field("mountPointName", "string", "mount point name"),
    Field("protocol", "string", "`NFS`"),
    Field("size", "integer", "size in GB, the unit the API's schema names"),
    Field("status", "string", "`available`, `creating`, `error`…"),
    Field("snapshotID", "string", "the snapshot the share was created from (the API's spelling)"),
    Field("accessMode", "string", "access mode"),
    Field("createdAt", "timestamp", "creation time"),
)

SNAPSHOT_FIELDS: Final = (
    SERVICE_ID,
    SHARE_ID,
    Field("id", "string", "snapshot id (UUID); `hold` gives the snapshot a new one", nullable=False),
    Field("name", "string", "snapshot name"),
    Field("description", "string", "snapshot description"),
    Field("type", "string", "`manual`, `automatic` or `system`"),
    Field("status", "string", "`available`, `creating`, `deleting`, `error`…"),
    Field("path", "string", "as the API gives it: `.snapshot/<backend name>`, relative to the share's export"),
    Field("createdAt", "timestamp", "creation time"),
)

DELETE_RESULTS: Final = ("deleted", "deleting", "already-gone")

DELETE_FIELDS: Final = (
    SERVICE_ID,
    SHARE_ID,
    Field("id", "string", "id of the snapshot asked for", nullable=False),
    Field("name", "string", "its name, when this run found the snapshot"),
    Field(
        "result",
        "string",
        "`deleted` (gone, after --wait), `deleting` (accepted, not yet gone) or `already-gone` "
        "(this run saw it exist, or --missing-ok)",
        nullable=False,
        enum=DELETE_RESULTS,
    ),
)


@dataclass(frozen=True, slots=True)
class Document:
    """One kind of output: its ``schema`` marker, the command that prints it and its layout."""

    schema: str
    produced_by: str  # Markdown, for the documentation
    key: str | None  # the key holding the records, or None when the fields sit at the top level
    fields: tuple[Field, ...]
    defs: str | None = None  # the name of the record under ``$defs`` (records shared by several documents)
    many: bool = True

    def json_schema(self) -> dict[str, Any]:
        marker = {"schema": {"const": self.schema, "description": "what this document is, and its version"}}
        if self.key is None:
            body = object_schema(self.fields)
            body["properties"] = marker | body["properties"]
            body["required"] = ["schema", *body["required"]]
            return body
        records: dict[str, Any] = {"$ref": f"#/$defs/{self.defs}"}
        if self.many:
            records = {"type": "array", "items": records}
        return {
            "type": "object",
            "properties": marker | {self.key: records},
            "required": ["schema", self.key],
            "additionalProperties": False,
        }


DOCUMENTS: Final = (
    Document(SERVICES, "`efs-tui snapshots services --json`", "services", SERVICE_FIELDS, "service"),
    Document(SHARES, "`efs-tui snapshots shares SERVICE --json`", "shares", SHARE_FIELDS, "share"),
    Document(
        SNAPSHOTS,
        "`efs-tui snapshots list SERVICE SHARE --json`, `-o FILE.json` and the TUI's JSON export (`x`)",
        "snapshots",
        SNAPSHOT_FIELDS,
        "snapshot",
    ),
    Document(
        CREATE, "`efs-tui snapshots create SERVICE SHARE --json`", "snapshot", SNAPSHOT_FIELDS, "snapshot", many=False
    ),
    Document(DELETE, "`efs-tui snapshots delete SERVICE SHARE ID --yes --json`", None, DELETE_FIELDS),
)

#: CSV column order (``snapshots list --csv``, ``-o FILE.csv``, the TUI's CSV export): the snapshot record's keys.
CSV_COLUMNS: Final = tuple(field.name for field in SNAPSHOT_FIELDS)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of every document above, one ``oneOf`` branch per ``schema`` marker."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"efs-tui-output/{VERSION}",
        "title": f"efs-tui --json output, version {VERSION}",
        "$defs": {
            "service": object_schema(SERVICE_FIELDS),
            "share": object_schema(SHARE_FIELDS),
            "snapshot": object_schema(SNAPSHOT_FIELDS),
        },
        "oneOf": [document.json_schema() for document in DOCUMENTS],
    }


# -- records ---------------------------------------------------------------------------------------------


def timestamp(value: datetime | None) -> str | None:
    """The contract's one timestamp form (see :data:`TIMESTAMP_PATTERN`); ``None`` stays JSON ``null``."""
    return None if value is None else utc_timestamp(value)


def _pick(fields: tuple[Field, ...], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` in the contract's key order, with exactly the contract's keys (a missing one is ``None``)."""
    return {field.name: values.get(field.name) for field in fields}


def service_record(service: Service) -> dict[str, Any]:
    iam = service.iam.to_json() if service.iam else None
    return _pick(SERVICE_FIELDS, service.to_json() | {"createdAt": timestamp(service.created_at), "iam": iam})


def share_record(service_id: str, share: Share) -> dict[str, Any]:
    values = share.to_json() | {"serviceId": service_id, "createdAt": timestamp(share.created_at)}
    return _pick(SHARE_FIELDS, values)


def snapshot_record(service_id: str, share_id: str, snapshot: Snapshot) -> dict[str, Any]:
    values = snapshot.to_json() | {
        "serviceId": service_id,
        "shareId": share_id,
        "createdAt": timestamp(snapshot.created_at),
    }
    return _pick(SNAPSHOT_FIELDS, values)


def delete_record(service_id: str, share_id: str, snapshot_id: str, name: str | None, result: str) -> dict[str, Any]:
    if result not in DELETE_RESULTS:
        raise ValueError(f"unknown delete result {result!r}")
    values = {"serviceId": service_id, "shareId": share_id, "id": snapshot_id, "name": name, "result": result}
    return {"schema": DELETE} | _pick(DELETE_FIELDS, values)


def document(schema: str, records: list[dict[str, Any]] | dict[str, Any]) -> dict[str, Any]:
    """Wrap records in the envelope of ``schema`` (``{"schema": …, "<key>": records}``)."""
    kind = next(doc for doc in DOCUMENTS if doc.schema == schema)
    if kind.key is None:
        raise ValueError(f"{schema} has no records to wrap")
    return {"schema": schema, kind.key: records}


# -- documentation ---------------------------------------------------------------------------------------


def _rows(fields: Iterable[Field], prefix: str = "") -> list[str]:
    lines = []
    for field in fields:
        lines.append(f"| `{prefix}{field.name}` | {field.doc_type} | {field.description} |")
        if field.properties:
            lines.extend(_rows(field.properties, prefix=f"{prefix}{field.name}."))
    return lines


def markdown_tables() -> str:
    """The field tables of ``docs/scripting-output.md``, generated so the doc cannot drift from the data."""
    out: list[str] = []
    for doc in DOCUMENTS:
        if doc.key is None:
            shape = "one record, its fields beside `schema`"
        else:
            shape = f"{'a list of records' if doc.many else 'one record'} under `{doc.key}`"
        out.append(f"### `{doc.schema}`")
        out.append("")
        out.append(f"Printed by {doc.produced_by}: {shape}.")
        out.append("")
        out.append("| field | type | meaning |")
        out.append("| --- | --- | --- |")
        if doc.key is None:
            out.append(f"| `schema` | string | `{doc.schema}` |")
        out.extend(_rows(doc.fields))
        out.append("")
    return "\n".join(out)


__all__ = [
    "CREATE",
    "CSV_COLUMNS",
    "DELETE",
    "DELETE_RESULTS",
    "DOCUMENTS",
    "SERVICES",
    "SHARES",
    "SNAPSHOTS",
    "TIMESTAMP_PATTERN",
    "VERSION",
    "Document",
    "Field",
    "delete_record",
    "document",
    "json_schema",
    "markdown_tables",
    "service_record",
    "share_record",
    "snapshot_record",
    "timestamp",
]
