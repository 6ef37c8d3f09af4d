"""Snapshot lifecycle over real HTTP: create, update, delete, hold, revert, policies, reserve."""

from __future__ import annotations

from efs_tui.emulator import EmulatorServer

from .conftest import Api, Demo, find, wait_for


def snapshots(api: Api, demo: Demo) -> list[dict[str, object]]:
    response = api.get(demo.share_path + "/snapshot", params="detail=true")
    assert response.status_code == 200
    result: list[dict[str, object]] = response.json()
    return result


def test_services_shares_and_access_paths(api: Api, demo: Demo) -> None:
    services = api.get("/storage/netapp").json()
    assert {s["region"] for s in services} == {"eu-west-gra", "eu-west-rbx", "ca-east-bhs", "eu-west-sbg"}
    assert [s["status"] for s in services].count("suspended") == 1
    one = api.get(f"/storage/netapp/{demo.service}").json()
    assert one["name"] == "prod-nfs-gra" and one["iam"]["urn"].endswith(demo.service)
    plain = api.get(f"/storage/netapp/{demo.service}/share").json()
    assert plain == api.get(f"/storage/netapp/{demo.service}/share", params="detail=true").json()
    assert {"extending"} <= {s["status"] for s in plain}
    only = api.get(f"/storage/netapp/{demo.service}/share", params="mountPointName=web_content").json()
    assert [s["id"] for s in only] == [demo.share]
    assert api.get(demo.share_path).json()["protocol"] == "NFS"
    paths = api.get(demo.share_path + "/accessPath").json()
    assert any(p["preferred"] for p in paths) and all(":/" in p["path"] for p in paths)
    one_path = api.get(demo.share_path + f"/accessPath/{paths[0]['id']}").json()
    assert one_path == paths[0]
    missing = api.get(demo.share_path + "/accessPath/" + "0" * 8 + "-0000-4000-8000-" + "0" * 12)
    assert missing.status_code == 404


def test_create_then_available(api: Api, demo: Demo) -> None:
    response = api.post(demo.share_path + "/snapshot", {"name": "mine", "description": None})
    assert response.status_code == 201
    created = response.json()
    assert created["type"] == "manual" and created["status"] == "creating" and created["name"] == "mine"
    assert created["path"] == ".snapshot/share_snapshot_" + created["id"].replace("-", "_")
    url = demo.share_path + f"/snapshot/{created['id']}"
    wait_for(lambda: api.get(url).json()["status"] == "available")
    assert any(s["id"] == created["id"] for s in snapshots(api, demo))


def test_create_with_an_empty_body_and_refusals(api: Api, demo: Demo) -> None:
    assert api.post(demo.share_path + "/snapshot", {}).json()["name"] is None
    missing = api.post(demo.share_path + "/snapshot")  # the spec declares the body required
    assert missing.status_code == 400 and missing.json()["message"] == "Missing input body"
    bad = api.post(demo.share_path + "/snapshot", {"name": "x", "status": "available"})
    assert bad.status_code == 400 and "read-only" in bad.json()["message"]
    assert api.post(demo.share_path + "/snapshot", {"colour": "blue"}).status_code == 400
    assert api.post(demo.share_path + "/snapshot", {"name": 3}).status_code == 400
    assert api.post(demo.share_path + "/snapshot", [1]).status_code == 400
    invalid = api.post(demo.share_path + "/snapshot", raw_body="{not json")
    assert invalid.status_code == 400 and invalid.json()["class"] == "Client::BadRequest"


def test_create_refused_on_a_share_that_is_not_available(api: Api, demo: Demo) -> None:
    shares = api.get(f"/storage/netapp/{demo.service}/share").json()
    logs = find(shares, "logs")
    response = api.post(f"/storage/netapp/{demo.service}/share/{logs['id']}/snapshot", {"name": "x"})
    assert response.status_code == 400 and "extending" in response.json()["message"]


def test_update(api: Api, demo: Demo) -> None:
    target = find(snapshots(api, demo), "before-upgrade-v2.3")
    url = demo.share_path + f"/snapshot/{target['id']}"
    updated = api.put(url, {"name": "renamed", "description": "été 🚀"})
    assert updated.status_code == 200
    assert updated.json()["name"] == "renamed" and updated.json()["description"] == "été 🚀"
    cleared = api.put(url, {"description": None}).json()
    assert cleared["name"] == "renamed" and cleared["description"] is None
    assert api.put(url, {"type": "automatic"}).status_code == 400
    assert api.put(url).status_code == 400  # a body is required


def test_delete_then_404(api: Api, demo: Demo, emu: EmulatorServer) -> None:
    target = find(snapshots(api, demo), "pre-migration")
    url = demo.share_path + f"/snapshot/{target['id']}"
    emu.state.transitions_paused = True  # "deleting" must be seen however busy the machine is
    response = api.delete(url)
    assert response.status_code == 200 and response.json() is None
    got = api.get(url)
    assert got.json()["status"] == "deleting", got.text
    again = api.delete(url)
    assert again.status_code == 400
    assert api.put(url, {"name": "x"}).status_code == 400
    emu.state.transitions_paused = False
    wait_for(lambda: api.get(url).status_code == 404)
    assert api.get(url).json() == {"class": "Client::NotFound", "message": "Resource not found"}


def test_delete_system_snapshot_refused(api: Api, demo: Demo) -> None:
    target = next(s for s in snapshots(api, demo) if s["type"] == "system")
    response = api.delete(demo.share_path + f"/snapshot/{target['id']}")
    assert response.status_code == 400


def test_hold_gives_a_new_manual_snapshot(api: Api, demo: Demo) -> None:
    auto = next(s for s in snapshots(api, demo) if s["type"] == "automatic")
    old_url = demo.share_path + f"/snapshot/{auto['id']}"
    response = api.post(old_url + "/hold")
    assert response.status_code == 200
    held = response.json()
    assert held["id"] != auto["id"] and held["type"] == "manual" and held["status"] == "manage_starting"
    assert (held["name"], held["createdAt"], held["path"]) == (auto["name"], auto["createdAt"], auto["path"])
    assert api.get(old_url).status_code == 404
    new_url = demo.share_path + f"/snapshot/{held['id']}"
    wait_for(lambda: api.get(new_url).json()["status"] == "available")


def test_hold_refusals(api: Api, demo: Demo) -> None:
    snaps = snapshots(api, demo)
    auto = next(s for s in snaps if s["type"] == "automatic")
    with_body = api.post(demo.share_path + f"/snapshot/{auto['id']}/hold", {})
    assert with_body.status_code == 400
    assert with_body.json()["message"] == "You provided an input body while none was expected"
    manual = next(s for s in snaps if s["type"] == "manual")
    refused = api.post(demo.share_path + f"/snapshot/{manual['id']}/hold")
    assert refused.status_code == 400 and "automatic" in refused.json()["message"]


def test_revert_rules_and_effects(api: Api, demo: Demo, emu: EmulatorServer) -> None:
    snaps = snapshots(api, demo)
    older_manual = find(snaps, "before-upgrade-v2.3")
    latest_manual = find(snaps, "pre-migration")
    auto = next(s for s in snaps if s["type"] == "automatic")
    revert = demo.share_path + "/revert"
    not_latest = api.post(revert, {"snapshotID": older_manual["id"]})
    assert not_latest.status_code == 400 and "latest" in not_latest.json()["message"]
    not_manual = api.post(revert, {"snapshotID": auto["id"]})
    assert not_manual.status_code == 400 and "manual" in not_manual.json()["message"]
    assert api.post(revert, {"snapshotID": "nope"}).status_code == 400
    assert api.post(revert, {}).status_code == 400
    assert api.post(revert, {"snapshotID": "0" * 8 + "-0000-4000-8000-" + "0" * 12}).status_code == 400

    newer = [s for s in snaps if str(s["createdAt"]) > str(latest_manual["createdAt"])]
    assert newer, "the demo share has automatic snapshots newer than its latest manual one"
    emu.state.transitions_paused = True  # "reverting" must be seen however busy the machine is
    response = api.post(revert, {"snapshotID": latest_manual["id"]})
    assert response.status_code == 202 and response.content == b""
    assert api.get(demo.share_path).json()["status"] == "reverting"
    target_url = demo.share_path + f"/snapshot/{latest_manual['id']}"
    assert api.get(target_url).json()["status"] == "restoring"
    assert api.post(demo.share_path + "/snapshot", {"name": "x"}).status_code == 400
    remaining = {s["id"] for s in snapshots(api, demo)}
    assert not remaining & {s["id"] for s in newer}
    emu.state.transitions_paused = False
    wait_for(lambda: api.get(demo.share_path).json()["status"] == "available")
    assert api.get(target_url).json()["status"] == "available"


def test_revert_after_create(api: Api, demo: Demo) -> None:
    created = api.post(demo.share_path + "/snapshot", {"name": "fresh"}).json()
    url = demo.share_path + f"/snapshot/{created['id']}"
    busy = api.post(demo.share_path + "/revert", {"snapshotID": created["id"]})
    assert busy.status_code == 400  # still creating
    wait_for(lambda: api.get(url).json()["status"] == "available")
    assert api.post(demo.share_path + "/revert", {"snapshotID": created["id"]}).status_code == 202


def test_policies(api: Api, demo: Demo) -> None:
    policies = api.get(f"/storage/netapp/{demo.service}/snapshotPolicy").json()
    default = next(p for p in policies if p["isDefault"])
    custom = next(p for p in policies if not p["isDefault"])
    assert custom["rules"] and {"prefix", "copies", "schedule"} <= set(custom["rules"][0])
    assert api.get(f"/storage/netapp/{demo.service}/snapshotPolicy/{custom['id']}").json() == custom
    url = demo.share_path + "/snapshotPolicy"
    assert api.get(url).json() == {"id": default["id"], "status": "active"}
    db_url = f"/storage/netapp/{demo.service}/share/{demo.db_share}/snapshotPolicy"
    assert api.get(db_url).json()["id"] == custom["id"]
    response = api.put(url, {"snapshotPolicyID": custom["id"]})
    assert response.status_code == 200 and response.json() is None
    assert api.get(url).json() == {"id": custom["id"], "status": "updating"}
    wait_for(lambda: api.get(url).json()["status"] == "active")
    missing = "0" * 8 + "-0000-4000-8000-" + "0" * 12
    assert api.put(url, {"snapshotPolicyID": missing}).status_code == 400
    assert api.get(f"/storage/netapp/{demo.service}/snapshotPolicy/{missing}").status_code == 404


def test_reserve(api: Api, demo: Demo) -> None:
    url = demo.share_path + "/snapshotReserve"
    assert api.get(url).json() == {"percent": 5, "status": "active"}
    assert api.put(url, {"percent": 20}).status_code == 200
    assert api.get(url).json() == {"percent": 20, "status": "updating"}
    wait_for(lambda: api.get(url).json()["status"] == "active")
    for bad in (4, 101, "10", True):
        assert api.put(url, {"percent": bad}).status_code == 400


def test_not_found_and_bad_uuids(api: Api, demo: Demo) -> None:
    unknown = "11111111-2222-4333-8444-555555555555"
    for path in (
        f"/storage/netapp/{unknown}",
        f"/storage/netapp/{demo.service}/share/{unknown}",
        demo.share_path + f"/snapshot/{unknown}",
        f"/storage/netapp/{unknown}/share/{unknown}/snapshot",
    ):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"class": "Client::NotFound", "message": "Resource not found"}
    bad = api.get(f"/storage/netapp/{demo.service}/share/not-a-uuid")
    assert bad.status_code == 400
    assert bad.json()["message"].startswith("Invalid value for parameter shareId: not a valid uuid")
    assert api.get("/storage/netapp/x").json()["class"] == "Client::BadRequest"
    assert api.get("/storage/nothing").json()["errorCode"] == "NOT_GRANTED_CALL"  # auth comes first
    assert api.get(demo.share_path + "/nothing").status_code == 404
    assert api.get("/storage/netapp", base=api.server.root_url + "/2.0").status_code == 404
    rules = [(m, "/*") for m in ("GET", "PATCH")]
    everything = api.server.state.add_consumer_key(api.ak, rules).consumer_key
    assert api.get("/storage/nothing", ck=everything).json()["message"] == "Got an invalid (or empty) URL"
    assert api.request("PATCH", demo.share_path, ck=everything).status_code == 405
    assert api.get(demo.share_path + "/snapshot", params="detail=maybe").status_code == 400


def test_rename_service(api: Api, demo: Demo) -> None:
    url = f"/storage/netapp/{demo.service}"
    renamed = api.put(url, {"name": "new-name"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "new-name" and "iam" not in renamed.json()
    assert api.get(url).json()["name"] == "new-name"
    assert api.put(url, {"name": ""}).status_code == 400


def test_v1_alias(api: Api) -> None:
    response = api.get("/storage/netapp", base=api.server.root_url + "/v1")
    assert response.status_code == 200 and len(response.json()) == 4


def test_query_id_header_is_unique(api: Api) -> None:
    ids = {api.get("/storage/netapp").headers["X-Ovh-QueryID"] for _ in range(3)}
    assert len(ids) == 3
    assert all(i.startswith("EU.ext-1.") and len(i.split(".")[-1]) == 32 for i in ids)
