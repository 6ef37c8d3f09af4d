"""The one URL gate: an id that is not a UUID never reaches the wire (issue 9.1).

Each malformed id is tried on every client method that takes one, against the real
emulator; the requests are counted on both sides (the client's request listener and the
emulator's own request log) and must stay at zero.
"""

from __future__ import annotations

import ast
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from efs_tui.api import OvhClient, RequestRecord
from efs_tui.api.errors import InvalidIdentifier, OvhError
from efs_tui.api.routes import check_path, is_uuid, netapp_path, require_uuid
from efs_tui.emulator import EmulatorServer

from .conftest import app_credentials

GOOD = "0f6b2a8e-3c1d-4e5f-9a7b-1c2d3e4f5a6b"

MALFORMED = [
    "..",
    ".",
    "a/b",
    "../../x",
    "%2e%2e",
    "%2F",
    "",
    " ",
    GOOD + "\n",
    GOOD + "/..",
    " " + GOOD,
    "{" + GOOD + "}",
    "urn:uuid:" + GOOD,
    GOOD.replace("-", ""),
    GOOD[:-1],
    GOOD + "0",
    GOOD.replace("0", "\uff10"),  # fullwidth digit: \d would accept it
    GOOD.replace("f", "g"),
    "prod-nfs-gra",
    "\x1b[2J",
]


@pytest.mark.parametrize("value", MALFORMED, ids=repr)
def test_gate_refuses_anything_but_a_uuid(value: str) -> None:
    assert not is_uuid(value)
    with pytest.raises(InvalidIdentifier) as caught:
        netapp_path(GOOD, share_id=GOOD, snapshot_id=value)
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, OvhError)
    assert error.what == "snapshot id" and error.value == value
    assert "nothing was sent" in str(error) and error.sent is False  # what a write path branches on
    # terminal-safe: repr() escapes control, format and separator characters
    assert all(ch.isprintable() for ch in str(error).replace("\n", ""))


def test_gate_accepts_upper_case_and_sends_it_lower_case() -> None:
    assert require_uuid(GOOD.upper(), "share id") == GOOD
    assert netapp_path(GOOD.upper(), share_id=GOOD, leaf="snapshot") == f"/storage/netapp/{GOOD}/share/{GOOD}/snapshot"


def test_gate_builds_every_route_of_the_client() -> None:
    base = f"/storage/netapp/{GOOD}"
    assert netapp_path() == "/storage/netapp"
    assert netapp_path(GOOD) == base
    assert netapp_path(GOOD, leaf="share") == f"{base}/share"
    hold = netapp_path(GOOD, share_id=GOOD, snapshot_id=GOOD, leaf="hold")
    assert hold == f"{base}/share/{GOOD}/snapshot/{GOOD}/hold"
    assert netapp_path(GOOD, policy_id=GOOD) == f"{base}/snapshotPolicy/{GOOD}"
    assert netapp_path(GOOD, share_id=GOOD, leaf="accessPath", item_id=GOOD) == f"{base}/share/{GOOD}/accessPath/{GOOD}"
    with pytest.raises(ValueError):
        netapp_path(share_id=GOOD)
    with pytest.raises(ValueError):
        netapp_path(GOOD, leaf="../x")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "path", ["/storage/netapp/..", f"/storage/netapp/{GOOD}/share/a%2Fb", f"/storage/netapp/{GOOD}/../x"]
)
def test_paths_built_elsewhere_are_checked_again(path: str) -> None:
    with pytest.raises(InvalidIdentifier):
        check_path(path)


def _calls(client: OvhClient, sid: str, shid: str, bad: str) -> list[Callable[[], Awaitable[Any]]]:
    """Every client method taking an id, with ``bad`` in each id position in turn."""
    return [
        lambda: client.get_service(bad),
        lambda: client.list_shares(bad),
        lambda: client.get_share(sid, bad),
        lambda: client.get_share(bad, shid),
        lambda: client.list_access_paths(sid, bad),
        lambda: client.list_snapshots(sid, bad),
        lambda: client.get_snapshot(sid, shid, bad),
        lambda: client.create_snapshot(sid, bad, "x"),
        lambda: client.update_snapshot(sid, shid, bad, name="x"),
        lambda: client.delete_snapshot(sid, shid, bad),
        lambda: client.delete_snapshot(bad, shid, GOOD),
        lambda: client.hold_snapshot(sid, shid, bad),
        lambda: client.revert_share(sid, shid, bad),
        lambda: client.revert_share(sid, bad, GOOD),
        lambda: client.list_snapshot_policies(bad),
        lambda: client.get_snapshot_policy(sid, bad),
        lambda: client.get_share_snapshot_policy(sid, bad),
        lambda: client.get_snapshot_reserve(sid, bad),
        lambda: client.delete(f"/storage/netapp/{sid}/share/{shid}/snapshot/{bad}"),
    ]


async def test_malformed_ids_send_no_request_at_all(emu: EmulatorServer) -> None:
    records: list[RequestRecord] = []
    async with OvhClient(emu.base_url, app_credentials(emu)) as client:
        services = await client.list_services()
        service = next(s for s in services if s.name == "prod-nfs-gra")
        share = next(s for s in await client.list_shares(service.id) if s.name == "web-content")
        before = emu.state.requests.count(path_contains="/storage/")
        # the optimistic clock sync's /auth/time may still be answering: only /storage calls count
        client.add_listener(lambda record: records.append(record) if record.path.startswith("/storage") else None)
        refused = 0
        for bad in MALFORMED:
            for call in _calls(client, service.id, share.id, bad):
                with pytest.raises(InvalidIdentifier):
                    await call()
                refused += 1
    assert refused == len(MALFORMED) * 19
    assert records == []
    assert emu.state.requests.count(path_contains="/storage/") == before


async def test_dotdot_snapshot_id_cannot_delete_the_share(emu: EmulatorServer) -> None:
    """The issue's reproduction: DELETE …/snapshot/.. used to target the share itself."""
    async with OvhClient(emu.base_url, app_credentials(emu)) as client:
        service = next(s for s in await client.list_services() if s.name == "prod-nfs-gra")
        share = next(s for s in await client.list_shares(service.id) if s.name == "web-content")
        before = emu.state.requests.count(method="DELETE")
        with pytest.raises(InvalidIdentifier):
            await client.delete_snapshot(service.id, share.id, "..")
        assert (await client.get_share(service.id, share.id)).id == share.id
    assert emu.state.requests.count(method="DELETE") == before


async def test_upper_case_id_finds_the_snapshot(emu: EmulatorServer) -> None:
    async with OvhClient(emu.base_url, app_credentials(emu)) as client:
        service = next(s for s in await client.list_services() if s.name == "prod-nfs-gra")
        share = next(s for s in await client.list_shares(service.id) if s.name == "web-content")
        snapshot = (await client.list_snapshots(service.id, share.id))[0]
        again = await client.get_snapshot(service.id.upper(), share.id.upper(), snapshot.id.upper())
    assert again.id == snapshot.id


PACKAGE = Path(__file__).resolve().parents[2] / "efs_tui"

#: f-strings that mention the route but build display text, never a request (checked by hand).
DISPLAY_ONLY = {("core/copying.py", "api_path")}


def _route_strings(tree: ast.AST) -> list[tuple[str, int]]:
    """(enclosing function, line) of every f-string or ``+`` that glues something onto `/storage/netapp/`."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            glued = isinstance(child, ast.JoinedStr) or (isinstance(child, ast.BinOp) and isinstance(child.op, ast.Add))
            if glued and any(
                isinstance(part, ast.Constant) and isinstance(part.value, str) and "/storage/netapp" in part.value
                for part in ast.walk(child)
            ):
                found.append((name, getattr(child, "lineno", 0)))
                continue
            visit(child, name)

    visit(tree, "<module>")
    return found


def test_no_url_with_an_id_is_built_outside_the_gate() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("emulator/") or relative == "api/routes.py":
            continue  # the emulator's routes are its own; the gate is the one allowed place
        for function, line in _route_strings(ast.parse(path.read_text(encoding="utf-8"))):
            if (relative, function) not in DISPLAY_ONLY:
                offenders.append(f"{relative}:{line} ({function})")
    assert offenders == [], "build /storage/netapp URLs with efs_tui.api.routes.netapp_path"


def test_the_ast_check_sees_an_fstring_route() -> None:
    """The check above would catch the old client code (guards against a check that finds nothing)."""
    sample = 'def get(s):\n    return f"/storage/netapp/{s}/share"\n'
    assert _route_strings(ast.parse(sample)) == [("get", 2)]
