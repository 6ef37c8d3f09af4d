"""Share creation and cloning, share edit/delete, snapshot policy create/edit/delete, the manual
snapshot limit and the path shapes, modelled on OVH's spec and guides (ovh-api.md §2.4-2.8)."""

from __future__ import annotations

from typing import Any

from efs_tui.emulator import EmulatorServer

from .conftest import Api, Demo, find, wait_for

RULE = {"prefix": "nightly", "copies": 3, "schedule": {"minutes": [15], "hours": [2]}}


def _snapshots(api: Api, demo: Demo) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = api.get(demo.share_path + "/snapshot", params="detail=true").json()
    return items


def test_paths_are_relative_and_exports_named_after_the_share(api: Api, demo: Demo) -> None:
    snapshots = _snapshots(api, demo)
    manual = find(snapshots, "before-upgrade-v2.3")
    assert manual["path"] == ".snapshot/share_snapshot_" + manual["id"].replace("-", "_")
    automatic = next(s for s in snapshots if s["type"] == "automatic")
    assert automatic["path"] == f".snapshot/{automatic['name']}" and automatic["name"].startswith("daily.")
    paths = api.get(demo.share_path + "/accessPath").json()
    share_path = next(p["path"] for p in paths if "/share_" in p["path"])
    assert share_path.split(":", 1)[1] == "/share_" + demo.share.replace("-", "_")


def test_new_share_is_created_then_available(api: Api, demo: Demo) -> None:
    created = api.post(f"/storage/netapp/{demo.service}/share", {"protocol": "NFS", "size": 100, "name": "fresh"})
    assert created.status_code == 201
    share = created.json()
    assert share["status"] == "creating" and share["snapshotID"] is None
    url = f"/storage/netapp/{demo.service}/share/{share['id']}"
    wait_for(lambda: api.get(url).json()["status"] == "available")


def test_clone_from_a_manual_snapshot(api: Api, demo: Demo) -> None:
    source = find(_snapshots(api, demo), "before-upgrade-v2.3")
    size = api.get(demo.share_path).json()["size"]
    body = {"protocol": "NFS", "size": size, "snapshotID": source["id"], "name": "clone"}
    created = api.post(f"/storage/netapp/{demo.service}/share", body)
    assert created.status_code == 201
    clone = created.json()
    assert clone["status"] == "creating_from_snapshot" and clone["snapshotID"] == source["id"]
    url = f"/storage/netapp/{demo.service}/share/{clone['id']}"
    wait_for(lambda: api.get(url).json()["status"] == "available")


def test_clone_refusals(api: Api, demo: Demo) -> None:
    snapshots = _snapshots(api, demo)
    manual = find(snapshots, "before-upgrade-v2.3")
    automatic = next(s for s in snapshots if s["type"] == "automatic")
    size = api.get(demo.share_path).json()["size"]
    url = f"/storage/netapp/{demo.service}/share"
    not_manual = api.post(url, {"protocol": "NFS", "size": size, "snapshotID": automatic["id"]})
    assert not_manual.status_code == 400 and "manual" in not_manual.json()["message"]
    too_small = api.post(url, {"protocol": "NFS", "size": size - 1, "snapshotID": manual["id"]})
    assert too_small.status_code == 400 and "at least" in too_small.json()["message"]
    assert api.post(url, {"size": size}).status_code == 400  # protocol is required
    assert api.post(url, {"protocol": "NFS", "size": 10}).status_code == 400  # under the minimum


def test_share_edit_and_delete(api: Api) -> None:
    service = find(api.get("/storage/netapp").json(), "prod-nfs-rbx")["id"]
    empty = find(api.get(f"/storage/netapp/{service}/share").json(), "empty-share")
    url = f"/storage/netapp/{service}/share/{empty['id']}"
    edited = api.put(url, {"name": "spare", "description": "tmp"})
    assert edited.status_code == 200 and edited.json()["name"] == "spare"
    assert api.put(url, {"size": 200}).status_code == 400  # not in storage.NetAppShareUpdate
    deleted = api.delete(url)
    assert deleted.status_code == 200 and deleted.json() is None
    assert api.get(url).json()["status"] == "deleting"
    wait_for(lambda: api.get(url).status_code == 404)


def test_a_share_with_manual_snapshots_cannot_be_deleted(api: Api, demo: Demo) -> None:
    refused = api.delete(demo.share_path)
    assert refused.status_code == 400 and "manual snapshots" in refused.json()["message"]


def test_policy_lifecycle(api: Api, demo: Demo) -> None:
    base = f"/storage/netapp/{demo.service}/snapshotPolicy"
    created = api.post(base, {"name": "nightly", "description": None, "rules": [RULE]})
    assert created.status_code == 201
    policy = created.json()
    assert policy["status"] == "creating" and policy["isDefault"] is False and policy["rules"][0]["prefix"] == "nightly"
    url = f"{base}/{policy['id']}"
    wait_for(lambda: api.get(url).json()["status"] == "available")
    renamed = api.put(url, {"name": "nightly-3"})
    assert renamed.status_code == 200 and api.get(url).json()["name"] == "nightly-3"
    assert api.put(url, {"rules": [RULE]}).status_code == 400  # rules cannot be edited
    api.put(demo.share_path + "/snapshotPolicy", {"snapshotPolicyID": policy["id"]})
    attached = api.delete(url)
    assert attached.status_code == 400 and "attached" in attached.json()["message"]
    default = next(p for p in api.get(base).json() if p["isDefault"])
    api.put(demo.share_path + "/snapshotPolicy", {"snapshotPolicyID": default["id"]})
    assert api.delete(url).status_code == 200
    wait_for(lambda: api.get(url).status_code == 404)
    assert api.delete(f"{base}/{default['id']}").status_code == 400  # the default policy stays


def test_policy_rule_limits(api: Api, demo: Demo) -> None:
    base = f"/storage/netapp/{demo.service}/snapshotPolicy"
    five = [dict(RULE, prefix=f"p{i}") for i in range(5)]
    too_many = api.post(base, {"rules": five})
    assert too_many.status_code == 400 and "at most 4" in too_many.json()["message"]
    assert api.post(base, {"rules": five[:4]}).status_code == 201
    twice = api.post(base, {"rules": [RULE, RULE]})
    assert twice.status_code == 400 and "used twice" in twice.json()["message"]
    no_minutes = api.post(base, {"rules": [dict(RULE, schedule={"hours": [1]})]})
    assert no_minutes.status_code == 400 and "minutes" in no_minutes.json()["message"]
    out_of_range = api.post(base, {"rules": [dict(RULE, schedule={"minutes": [60]})]})
    assert out_of_range.status_code == 400
    assert api.post(base, {"rules": []}).status_code == 400
    for refused in (api.post(base, {"name": "x"}), api.post(base, {"rules": [RULE], "isDefault": True})):
        assert refused.status_code == 400 and refused.json()["class"] == "Client::BadRequest"


def test_manual_snapshot_limit_per_share(api: Api, demo: Demo, emu: EmulatorServer) -> None:
    manual = sum(1 for s in _snapshots(api, demo) if s["type"] == "manual")
    emu.state.manual_snapshot_limit = manual + 1
    assert api.post(demo.share_path + "/snapshot", {"name": "last-one"}).status_code == 201
    refused = api.post(demo.share_path + "/snapshot", {"name": "one-too-many"})
    assert refused.status_code == 400
    assert refused.json() == {
        "class": "Client::BadRequest",
        "message": f"Maximum number of manual snapshots reached for this share ({manual + 1})",
    }
