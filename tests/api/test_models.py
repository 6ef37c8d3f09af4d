"""Lenient parsing of API objects: unknown fields, missing nullable fields, any RFC 3339 form."""

from datetime import UTC, datetime, timedelta

import pytest

from efs_tui.api.models import (
    ApiCredential,
    Service,
    Share,
    Snapshot,
    SnapshotPolicy,
    StatusGroup,
    parse_datetime,
    share_status_group,
    snapshot_status_group,
)

EXPECTED = datetime(2025, 1, 15, 10, 42, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "2025-01-15T10:42:07+00:00",
        "2025-01-15T10:42:07Z",
        "2025-01-15t10:42:07z",
        "2025-01-15T10:42:07.000Z",
        "2025-01-15T10:42:07.000000000+00:00",
        "2025-01-15T11:42:07+01:00",
        "2025-01-15 10:42:07Z",
        "2025-01-15T10:42:07",
    ],
)
def test_parse_any_rfc3339(text: str) -> None:
    assert parse_datetime(text) == EXPECTED


def test_parse_keeps_offset() -> None:
    parsed = parse_datetime("2025-01-15T12:42:07+02:00")
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=2)
    assert parsed.astimezone(UTC) == EXPECTED


@pytest.mark.parametrize(
    "value",
    [None, "", "yesterday", 12, "2025-13-45T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"],
)
def test_parse_garbage_is_none(value: object) -> None:
    assert parse_datetime(value) is None


def test_snapshot_tolerates_unknown_and_missing_fields() -> None:
    snap = Snapshot.from_json({"id": "d25a555e-6339-48a7-afb4-a5650d763b67", "futureField": {"x": 1}, "type": "manual"})
    assert snap.name is None and snap.description is None and snap.status is None and snap.created_at is None
    assert snap.label == snap.id
    assert Snapshot.from_json(snap.to_json()) == snap


def test_unknown_enum_values_are_kept_as_text() -> None:
    snap = Snapshot.from_json({"id": "a", "status": "quantum_superposition", "type": "replicated"})
    assert snap.status == "quantum_superposition"
    assert snapshot_status_group(snap.status) is StatusGroup.UNKNOWN


def test_object_without_id_is_refused() -> None:
    with pytest.raises(ValueError, match="without an id"):
        Snapshot.from_json({"name": "x"})
    with pytest.raises(ValueError):
        Share.from_json(["not", "an", "object"])


def test_service_and_share_round_trip() -> None:
    service = Service.from_json(
        {
            "id": "s1",
            "name": "prod",
            "region": "eu-west-gra",
            "status": "running",
            "quota": "2048",
            "performanceLevel": "premium",
            "product": "enterprise-file-storage",
            "createdAt": "2024-02-01T00:00:00Z",
            "iam": {"id": "i", "urn": "urn:v1:eu:resource:storageNetApp:s1", "tags": {"ovh:x": "y"}},
        }
    )
    assert service.quota == 2048 and service.iam is not None and service.iam.tags == {"ovh:x": "y"}
    assert Service.from_json(service.to_json()) == service
    share = Share.from_json({"id": "sh", "mountPointName": "data", "size": 100, "snapshotID": None, "accessMode": "rw"})
    assert share.label == "data"
    assert Share.from_json(share.to_json()) == share


def test_status_groups_follow_the_manager() -> None:
    assert snapshot_status_group("available") is StatusGroup.ACTIVE
    assert snapshot_status_group("manage_error") is StatusGroup.ACTIVE
    assert snapshot_status_group("creating") is StatusGroup.PENDING
    assert snapshot_status_group("error_deleting") is StatusGroup.ERROR
    assert share_status_group("reverting_error") is StatusGroup.ERROR
    assert share_status_group("extending") is StatusGroup.PENDING


def test_policy_and_credential() -> None:
    policy = SnapshotPolicy.from_json(
        {
            "id": "p",
            "isDefault": True,
            "rules": [{"prefix": "daily", "copies": 7, "schedule": {"minutes": [0], "hours": [2], "weekdays": None}}],
        }
    )
    assert policy.rules[0].schedule.hours == (2,) and policy.rules[0].schedule.weekdays == ()
    cred = ApiCredential.from_json(
        {"credentialId": 1, "status": "validated", "rules": [{"method": "get", "path": "/storage/netapp/*"}]}
    )
    assert cred.is_read_only


def test_non_finite_numbers_are_missing_values() -> None:
    share = Share.from_json({"id": "x", "size": float("inf")})
    assert share.size is None
    assert Share.from_json({"id": "x", "size": float("nan")}).size is None
