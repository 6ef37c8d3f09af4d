"""The emulator's shape switches: class-only auth refusals, IAM refusals, cursor paging, a list
item without id; each settable on the fault config and by `efs-tui emulator` flags."""

from __future__ import annotations

import pytest

from efs_tui.emulator import EmulatorServer
from efs_tui.emulator.cli import build_parser, make_server

from .conftest import Api, Demo

DELETE_ACTION = "storageNetApp:apiovh:share/snapshot/delete"


def test_auth_refusals_in_the_class_only_shape(api: Api, emu: EmulatorServer) -> None:
    emu.faults.auth_error_shape = "class"
    refused = api.get("/storage/netapp", ck="not-a-known-consumer-key")
    assert refused.status_code == 403
    assert refused.json() == {"class": "Client::Forbidden", "message": "This credential is not valid"}
    bad_signature = api.get("/storage/netapp", secret="wrong-secret")
    assert bad_signature.status_code == 400
    assert bad_signature.json() == {"class": "Client::BadRequest", "message": "Invalid signature"}


def test_auth_refusals_keep_the_error_code_by_default(api: Api) -> None:
    refused = api.get("/storage/netapp", ck="not-a-known-consumer-key")
    assert refused.json()["errorCode"] == "INVALID_CREDENTIAL"


def test_iam_refusal_names_the_refused_action(api: Api, demo: Demo, emu: EmulatorServer) -> None:
    emu.faults.iam_denied = frozenset({DELETE_ACTION})
    snapshot = api.get(demo.share_path + "/snapshot").json()[0]
    refused = api.delete(demo.share_path + f"/snapshot/{snapshot['id']}")
    assert refused.status_code == 403
    body = refused.json()
    assert body["class"] == "Client::Forbidden"
    assert body["details"]["unauthorizedActionsByIAM"] == DELETE_ACTION
    assert api.get(demo.share_path + f"/snapshot/{snapshot['id']}").json()["status"] == snapshot["status"]
    assert api.get(demo.share_path + "/snapshot").status_code == 200  # other actions still pass


def test_cursor_paging_covers_the_whole_list_once(api: Api, demo: Demo, emu: EmulatorServer) -> None:
    everything = api.get(f"/storage/netapp/{demo.service}/share/{demo.db_share}/snapshot").json()
    emu.faults.page_size = 100
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        headers = {"X-Pagination-Mode": "CachedObjectList-Cursor"}
        if cursor:
            headers["X-Pagination-Cursor"] = cursor
        answer = api.get(f"/storage/netapp/{demo.service}/share/{demo.db_share}/snapshot", headers=headers)
        assert answer.status_code == 200
        seen += [s["id"] for s in answer.json()]
        pages += 1
        cursor = answer.headers.get("X-Pagination-Cursor-Next")
        if not cursor:
            break
    assert seen == [s["id"] for s in everything] and pages == -(-len(everything) // 100)


def test_paging_honours_the_asked_size_and_refuses_a_bad_cursor(api: Api, demo: Demo, emu: EmulatorServer) -> None:
    emu.faults.page_size = 50
    small = api.get(demo.share_path + "/snapshot", headers={"X-Pagination-Size": "2"})
    assert len(small.json()) == 2 and small.headers["X-Pagination-Cursor-Next"]
    bad = api.get(demo.share_path + "/snapshot", headers={"X-Pagination-Cursor": "nonsense"})
    assert bad.status_code == 400 and bad.json() == {"class": "Client::BadRequest", "message": "invalid cursor"}


def test_no_paging_header_without_the_switch(api: Api, demo: Demo) -> None:
    assert "X-Pagination-Cursor-Next" not in api.get(demo.share_path + "/snapshot").headers


def test_a_list_item_without_id_once(api: Api, demo: Demo, emu: EmulatorServer) -> None:
    emu.faults.strip_id_next(path_contains="/snapshot")
    first = api.get(demo.share_path + "/snapshot").json()
    assert "id" not in first[0] and all("id" in s for s in first[1:])
    assert all("id" in s for s in api.get(demo.share_path + "/snapshot").json())


def test_clear_resets_every_switch(emu: EmulatorServer) -> None:
    faults = emu.faults
    faults.void_shape, faults.auth_error_shape, faults.page_size = "no-content", "class", 3
    faults.iam_denied = frozenset({DELETE_ACTION})
    faults.strip_id_next()
    faults.clear()
    assert (faults.void_shape, faults.auth_error_shape, faults.page_size, faults.iam_denied) == (
        "api",
        "errorCode",
        0,
        frozenset(),
    )
    assert not faults.take_strip_id("/storage/netapp")


def test_cli_flags_set_the_switches() -> None:
    parser = build_parser()
    args = parser.parse_args(
        [
            "--void-shape",
            "no-content",
            "--auth-error-shape",
            "class",
            "--iam-deny",
            DELETE_ACTION,
            "--page-size",
            "25",
            "--manual-snapshot-limit",
            "3",
            "--port",
            "0",
        ]
    )
    server = make_server(args, parser)
    faults = server.faults
    assert (faults.void_shape, faults.auth_error_shape, faults.page_size) == ("no-content", "class", 25)
    assert faults.iam_denied == frozenset({DELETE_ACTION})
    assert server.state.manual_snapshot_limit == 3


def test_cli_refuses_an_unknown_void_shape() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--void-shape", "teapot"])
