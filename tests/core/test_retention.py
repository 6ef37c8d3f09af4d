"""The retention planner's rules, one by one, and the edges where a rotation could delete the wrong snapshot."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from efs_tui.api.models import Snapshot
from efs_tui.core.retention import (
    SCHEMA,
    Decision,
    Plan,
    Reason,
    RuleError,
    Rules,
    ShareSnapshots,
    make_plan,
)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
SERVICE = "00000000-0000-4000-8000-000000000001"
SHARE = "00000000-0000-4000-8000-0000000000a1"


def snap(
    number: int,
    days: float | None,
    *,
    kind: str | None = "manual",
    status: str | None = "available",
    name: str | None = None,
) -> Snapshot:
    """Snapshot ``number``, ``days`` old (``None``: no createdAt)."""
    return Snapshot(
        id=f"00000000-0000-4000-8000-{number:012d}",
        name=name if name is not None else f"{kind}-{number}",
        type=kind,
        status=status,
        created_at=None if days is None else NOW - timedelta(days=days),
    )


def plan(snapshots: list[Snapshot], rules: Rules, **kwargs: object) -> Plan:
    return make_plan([ShareSnapshots(SERVICE, SHARE, snapshots)], rules, now=NOW, **kwargs)  # type: ignore[arg-type]


def decisions(result: Plan) -> dict[str, tuple[Decision, Reason, str]]:
    return {item.snapshot.name or item.snapshot.id: (item.decision, item.reason, item.rule) for item in result.items}


def deleted(result: Plan) -> list[str]:
    return [item.snapshot.name or "" for item in result.to_delete]


# -- the two rules ------------------------------------------------------------------------------------------


def test_keep_the_newest_n_manual_deletes_the_rest_oldest_last() -> None:
    snapshots = [snap(n, days=n) for n in range(1, 9)]  # manual-1 newest … manual-8 oldest
    result = plan(snapshots, Rules(keep=5))
    assert deleted(result) == ["manual-6", "manual-7", "manual-8"]
    found = decisions(result)
    assert found["manual-1"] == (Decision.KEEP, Reason.NEWEST, "kept: among the newest 5 manual")
    assert found["manual-5"][1] is Reason.NEWEST
    assert found["manual-6"] == (Decision.DELETE, Reason.BEYOND_NEWEST, "delete: manual, beyond the newest 5")


def test_older_than_deletes_only_what_is_strictly_older_and_says_how_old() -> None:
    snapshots = [snap(1, days=12), snap(2, days=30), snap(3, days=41), snap(4, days=30.5), snap(5, days=1)]
    result = plan(snapshots, Rules(older_than=timedelta(days=30)))
    found = decisions(result)
    assert found["manual-3"] == (Decision.DELETE, Reason.OLDER_THAN, "delete: manual, older than 30 d (41 d)")
    assert found["manual-4"][2] == "delete: manual, older than 30 d (30 d 12 h)"
    # Exactly 30 days is not older than 30 days.
    assert found["manual-2"] == (Decision.KEEP, Reason.TOO_RECENT, "kept: manual, not older than 30 d (30 d)")
    assert found["manual-1"][2] == "kept: manual, not older than 30 d (12 d)"
    assert sorted(deleted(result)) == ["manual-3", "manual-4"]


def test_keep_and_older_than_together_delete_only_old_snapshots_beyond_the_newest() -> None:
    snapshots = [snap(n, days=10 * n) for n in range(1, 7)]  # 10, 20, … 60 days old
    result = plan(snapshots, Rules(keep=2, older_than=timedelta(days=35)))
    found = decisions(result)
    assert [name for name in found if found[name][1] is Reason.NEWEST] == ["manual-1", "manual-2"]
    assert found["manual-3"] == (Decision.KEEP, Reason.TOO_RECENT, "kept: manual, not older than 35 d (30 d)")
    assert found["manual-4"][2] == "delete: manual, beyond the newest 2 and older than 35 d (40 d)"
    assert deleted(result) == ["manual-4", "manual-5", "manual-6"]


# -- what is never planned ----------------------------------------------------------------------------------


def test_automatic_is_kept_and_explained_unless_included_then_ranked_apart() -> None:
    snapshots = [snap(n, days=n, kind="automatic") for n in range(1, 5)] + [snap(10 + n, days=n) for n in range(1, 4)]
    without = decisions(plan(snapshots, Rules(keep=1)))
    assert without["automatic-3"] == (
        Decision.KEEP,
        Reason.AUTOMATIC,
        "kept: automatic — never planned unless --include-automatic",
    )
    included = plan(snapshots, Rules(keep=1, include_automatic=True))
    found = decisions(included)
    # The newest of each series stays: the automatic and the manual ones are counted apart.
    assert found["automatic-1"][2] == "kept: among the newest 1 automatic"
    assert found["manual-11"][2] == "kept: among the newest 1 manual"
    assert sorted(deleted(included)) == ["automatic-2", "automatic-3", "automatic-4", "manual-12", "manual-13"]


def test_system_snapshots_are_never_deleted_even_with_automatic_included() -> None:
    snapshots = [snap(1, days=1), snap(2, days=400, kind="system"), snap(3, days=500, kind="system")]
    result = plan(snapshots, Rules(keep=0, older_than=timedelta(0), include_automatic=True))
    found = decisions(result)
    assert found["system-2"] == (Decision.KEEP, Reason.SYSTEM, "kept: system — never deleted")
    assert found["system-3"][1] is Reason.SYSTEM
    assert deleted(result) == []  # manual-1 is the latest


def test_unknown_types_and_unavailable_snapshots_are_kept() -> None:
    snapshots = [
        snap(1, days=1),
        snap(2, days=50, kind="clone"),
        snap(3, days=50, kind=None, name="typeless"),
        snap(4, days=50, status="error"),
        snap(5, days=50, status="creating"),
        snap(6, days=50, status="deleting"),
        snap(7, days=50, status=None),
    ]
    found = decisions(plan(snapshots, Rules(keep=0)))
    assert found["clone-2"] == (Decision.KEEP, Reason.OTHER_TYPE, "kept: type 'clone' — never planned")
    assert found["typeless"][2] == "kept: type 'unknown' — never planned"
    assert found["manual-4"] == (Decision.KEEP, Reason.NOT_AVAILABLE, "kept: not available (status error)")
    assert found["manual-5"][2] == "kept: not available (status creating)"
    assert found["manual-6"][2] == "kept: not available (status deleting)"
    assert found["manual-7"][2] == "kept: not available (status unknown)"


# -- never the latest ---------------------------------------------------------------------------------------


def test_the_latest_manual_snapshot_survives_keep_zero_and_older_than_zero() -> None:
    snapshots = [snap(n, days=n) for n in range(1, 4)]
    for rules in (Rules(keep=0), Rules(older_than=timedelta(0)), Rules(keep=0, older_than=timedelta(0))):
        result = plan(snapshots, rules)
        found = decisions(result)
        assert found["manual-1"] == (Decision.KEEP, Reason.LATEST, "kept: the latest manual snapshot of the share")
        assert deleted(result) == ["manual-2", "manual-3"]
    assert decisions(plan(snapshots, Rules(keep=0)))["manual-2"][2] == "delete: manual, none kept (keep 0)"
    assert decisions(plan(snapshots, Rules(keep=0, older_than=timedelta(0))))["manual-3"][2] == (
        "delete: manual, older than 0 s (3 d)"
    )


def test_the_latest_is_the_newest_available_one_not_one_still_being_created() -> None:
    snapshots = [snap(1, days=0.01, status="creating"), snap(2, days=3, status="error"), snap(3, days=5), snap(4, 9)]
    found = decisions(plan(snapshots, Rules(keep=0)))
    assert found["manual-1"][1] is Reason.NOT_AVAILABLE
    assert found["manual-3"][1] is Reason.LATEST  # what a revert could use if the new one fails
    assert found["manual-4"][0] is Decision.DELETE


def test_the_latest_is_protected_whatever_the_selection_and_the_prefix() -> None:
    snapshots = [snap(1, days=1, name="nightly-1"), snap(2, days=2, name="pre-2"), snap(3, days=3, name="pre-3")]
    by_prefix = decisions(plan(snapshots, Rules(keep=0, prefix="pre-")))
    assert by_prefix["nightly-1"][1] is Reason.PREFIX  # the share's latest is not a pre- one: both pre- go
    assert [by_prefix[n][0] for n in ("pre-2", "pre-3")] == [Decision.DELETE, Decision.DELETE]
    only_latest = plan(snapshots, Rules(keep=0), selection={snapshots[0].id})
    assert decisions(only_latest)["nightly-1"][1] is Reason.LATEST
    assert deleted(only_latest) == []


def test_with_automatic_included_the_latest_of_each_type_stays() -> None:
    snapshots = [snap(1, days=1, kind="automatic"), snap(2, days=2, kind="automatic"), snap(3, days=3)]
    result = plan(snapshots, Rules(keep=0, include_automatic=True))
    found = decisions(result)
    assert found["automatic-1"] == (Decision.KEEP, Reason.LATEST, "kept: the latest automatic snapshot of the share")
    assert found["manual-3"] == (Decision.KEEP, Reason.LATEST, "kept: the latest manual snapshot of the share")
    assert deleted(result) == ["automatic-2"]


# -- prefix, selection, missing dates, ties --------------------------------------------------------------------


def test_prefix_scopes_the_rule_and_the_count() -> None:
    snapshots = [snap(1, 1, name="keepme"), *(snap(n, days=n, name=f"pre-{n}") for n in range(2, 6))]
    found = decisions(plan(snapshots, Rules(keep=2, prefix="pre-")))
    assert found["keepme"] == (Decision.KEEP, Reason.PREFIX, "kept: name does not start with 'pre-'")
    # The newest two pre- snapshots are kept: "keepme" does not count towards the two.
    assert [n for n in found if found[n][1] is Reason.NEWEST] == ["pre-2", "pre-3"]
    assert [n for n in found if found[n][0] is Decision.DELETE] == ["pre-4", "pre-5"]


def test_prefix_is_case_sensitive_and_an_unnamed_snapshot_never_matches() -> None:
    snapshots = [
        snap(1, 1),
        snap(2, 2, name="PRE-2"),
        Snapshot(
            id="00000000-0000-4000-8000-000000000003",
            type="manual",
            status="available",
            created_at=NOW - timedelta(days=3),
        ),
    ]
    result = plan(snapshots, Rules(keep=0, prefix="pre-"))
    assert {item.reason for item in result.items} == {Reason.PREFIX}


def test_only_the_selection_can_be_deleted() -> None:
    snapshots = [snap(n, days=n) for n in range(1, 6)]
    chosen = {snapshots[1].id, snapshots[3].id}
    result = plan(snapshots, Rules(keep=0), selection=chosen)
    assert deleted(result) == ["manual-2", "manual-4"]
    found = decisions(result)
    assert found["manual-3"] == (Decision.KEEP, Reason.NOT_SELECTED, "kept: not in the selection")
    assert found["manual-1"][1] is Reason.NOT_SELECTED  # unselected comes first: it says why it was not planned


def test_a_snapshot_without_creation_date_is_kept_and_not_counted() -> None:
    snapshots = [snap(1, days=None), snap(2, days=1), snap(3, days=2), snap(4, days=3)]
    result = plan(snapshots, Rules(keep=2, older_than=timedelta(0)))
    found = decisions(result)
    assert found["manual-1"] == (Decision.KEEP, Reason.UNDATED, "kept: creation date unknown")
    assert [n for n in found if found[n][1] is Reason.NEWEST] == ["manual-2", "manual-3"]
    assert deleted(result) == ["manual-4"]
    assert [item.snapshot.name for item in result.items][-1] == "manual-1"  # undated ones are listed last


def test_ties_on_creation_time_are_broken_by_id_whatever_the_input_order() -> None:
    same = NOW - timedelta(days=5)
    snapshots = [
        Snapshot(
            id=f"00000000-0000-4000-8000-00000000000{n}",
            name=f"m{n}",
            type="manual",
            status="available",
            created_at=same,
        )
        for n in range(1, 7)
    ]
    expected = plan(snapshots, Rules(keep=2))
    assert [i.snapshot.name for i in expected.items] == ["m1", "m2", "m3", "m4", "m5", "m6"]
    assert deleted(expected) == ["m3", "m4", "m5", "m6"]
    rng = random.Random(7)
    for _ in range(5):
        shuffled = snapshots[:]
        rng.shuffle(shuffled)
        assert plan(shuffled, Rules(keep=2)) == expected


def test_every_snapshot_of_every_share_is_listed_once_in_a_stable_order() -> None:
    other_service = "00000000-0000-4000-8000-000000000000"
    shares = [
        ShareSnapshots(SERVICE, SHARE, [snap(1, 1), snap(2, 2), snap(3, 3, kind="system")]),
        ShareSnapshots(other_service, SHARE, [snap(4, 4), snap(5, 5)]),
        ShareSnapshots(SERVICE, "00000000-0000-4000-8000-0000000000a0", [snap(6, 6)]),
    ]
    result = make_plan(shares, Rules(keep=0), now=NOW)
    assert [(i.service_id, i.share_id[-2:], i.snapshot.name) for i in result.items] == [
        (other_service, "a1", "manual-4"),
        (other_service, "a1", "manual-5"),
        (SERVICE, "a0", "manual-6"),
        (SERVICE, "a1", "manual-1"),
        (SERVICE, "a1", "manual-2"),
        (SERVICE, "a1", "system-3"),
    ]
    # Each share keeps its own latest.
    assert deleted(result) == ["manual-5", "manual-2"]
    assert make_plan(list(reversed(shares)), Rules(keep=0), now=NOW) == result
    assert result.deletions() == [
        (other_service, SHARE, [shares[1].snapshots[1]]),
        (SERVICE, SHARE, [shares[0].snapshots[1]]),
    ]


# -- rules validation -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "say what to prune"),
        ({"keep": -1}, "--keep must be 0 or more"),
        ({"older_than": timedelta(days=-1)}, "must not be negative"),
        ({"keep": 1, "prefix": ""}, "Prefix: empty"),
        ({"keep": 1, "prefix": "\x1b[31mpre"}, "Prefix: ESC"),
        ({"keep": 1, "prefix": "pre\u202e"}, "Prefix:"),
        ({"keep": 1, "prefix": "p" * 65}, "65 characters; the limit is 64"),
    ],
)
def test_rules_that_cannot_make_a_plan_are_refused_with_a_reason(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(RuleError, match=message.replace("[", r"\[")):
        Rules(**kwargs)  # type: ignore[arg-type]


def test_a_naive_clock_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        make_plan([], Rules(keep=1), now=NOW.replace(tzinfo=None))


def test_the_rules_in_words() -> None:
    rules = Rules(keep=5, older_than=timedelta(days=30), prefix="pre-", include_automatic=True)
    assert rules.describe() == (
        "keep the newest 5 manual and automatic per share; delete manual and automatic older than 30 d; "
        "only names starting with 'pre-'; never the latest"
    )
    assert Rules(keep=3).describe() == "keep the newest 3 manual per share; delete the other manual; never the latest"


def test_plan_json_carries_the_schema_the_api_field_names_and_the_decision() -> None:
    snapshots = [snap(1, days=1), snap(2, days=2, name="naïve\x1b"), snap(3, days=None, kind="automatic")]
    data = plan(snapshots, Rules(keep=0, older_than=timedelta(hours=36))).to_json()
    assert data["schema"] == SCHEMA == "efs-tui.prune/1"
    assert data["rules"] == {
        "keep": 0,
        "olderThanSeconds": 129600,
        "prefix": None,
        "includeAutomatic": False,
        "neverTheLatest": True,
    }
    assert data["summary"] == {"snapshots": 3, "delete": 1, "keep": 2}
    second = data["snapshots"][1]
    assert second == {
        "serviceId": SERVICE,
        "shareId": SHARE,
        "id": snapshots[1].id,
        "name": "naïve\x1b",
        "type": "manual",
        "status": "available",
        "createdAt": "2026-11-28T12:00:00Z",
        "decision": "delete",
        "reason": "older-than",
        "rule": "delete: manual, older than 36 h (2 d)",
    }
    assert data["snapshots"][2]["createdAt"] is None
    json.dumps(data)  # plain JSON types only
