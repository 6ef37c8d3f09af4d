"""Unit-level checks: signature vectors, rule matching, datasets, lazy transitions, server, CLI."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from efs_tui.emulator import (
    DATASETS,
    DEMO_CREDENTIALS,
    EmulatorServer,
    EmulatorState,
    compute_signature,
    main,
    rule_matches,
    seed_dataset,
)
from efs_tui.emulator import cli as cli_module

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("method", "url", "body", "expected"),
    [
        ("GET", "https://eu.api.ovh.com/1.0/auth", "", "$1$e9556054b6309771395efa467c22e627407461ad"),
        ("POST", "https://eu.api.ovh.com/1.0/auth", '{"a":"b","c":"d"}', "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1"),
        ("GET", "https://eu.api.ovh.com/v1/call", "", "$1$e6e7906d385eb28adcbfbe6b66c1528a42d741ad"),
    ],
)
def test_signature_matches_python_ovh_vectors(method: str, url: str, body: str, expected: str) -> None:
    secret, ck = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk", "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY"
    assert compute_signature(secret, ck, method, url, body.encode(), "1457018875") == expected


def test_rule_matching() -> None:
    assert rule_matches("/storage/netapp/*", "/storage/netapp/a/share/b")
    assert not rule_matches("/storage/netapp/*", "/storage/netapp")
    assert rule_matches("/storage/netapp", "/storage/netapp")
    assert rule_matches("/*", "/anything/at/all")
    assert rule_matches("/storage/*/share", "/storage/netapp/x/share")
    assert not rule_matches("/storage/netapp.x", "/storage/netappXx")


def test_demo_credentials_repr_hides_secrets() -> None:
    text = repr(DEMO_CREDENTIALS)
    assert DEMO_CREDENTIALS.application_key in text
    for secret in (DEMO_CREDENTIALS.application_secret, DEMO_CREDENTIALS.consumer_key, DEMO_CREDENTIALS.client_secret):
        assert secret not in text


def test_datasets_are_deterministic_and_sized() -> None:
    base = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    one, two = EmulatorState(), EmulatorState()
    seed_dataset(one, "demo", base_time=base)
    seed_dataset(two, "demo", base_time=base)
    assert [s.to_json() for s in one.list_services()] == [s.to_json() for s in two.list_services()]
    sizes = {}
    for name in DATASETS:
        seed_dataset(one, name, base_time=base)
        sizes[name] = one.counts()
    assert sizes["empty"] == {"services": 0, "shares": 0, "snapshots": 0}
    assert sizes["inventory"] == {"services": 10, "shares": 200, "snapshots": 6000}
    assert sizes["many-shares"] == {"services": 1, "shares": 120, "snapshots": 600}
    assert sizes["large"]["snapshots"] == 10_000
    seed_dataset(one, "generated", services=2, shares=3, snapshots=4, base_time=base)
    assert one.counts() == {"services": 2, "shares": 6, "snapshots": 24}
    with pytest.raises(ValueError, match="unknown dataset"):
        seed_dataset(one, "nope")


def test_demo_dataset_content() -> None:
    state = EmulatorState()
    seed_dataset(state, "demo", base_time=datetime(2026, 11, 26, 12, 0, tzinfo=UTC))
    names: list[str] = []
    descriptions: list[str] = []
    statuses: set[str] = set()
    counts: list[int] = []
    for service in state.list_services():
        for share in state.list_shares(service.id):
            snaps = state.list_snapshots(service.id, share.id)
            counts.append(len(snaps))
            names += [s.name or "" for s in snaps]
            descriptions += [s.description or "" for s in snaps]
            statuses |= {s.status or "" for s in snaps}
    assert max(counts) >= 290
    assert "daily.2026-11-26_0010" in names and "before-upgrade-v2.3" in names
    assert any("日本語" in n for n in names) and any("\x1b[31m" in n for n in names)
    assert "[bold red]x[/]" in names and "[link=http://x]y[/link]" in descriptions
    assert any(len(d) >= 900 for d in descriptions) and any("🚀" in d for d in descriptions)
    assert {"creating", "error", "error_deleting", "available"} <= statuses


def test_lazy_transitions_follow_an_injected_clock() -> None:
    now = [1_800_000_000.0]
    state = EmulatorState(clock=lambda: now[0], create_delay=10, delete_delay=10)
    seed_dataset(state, "demo")
    service = state.service_ids()[0]
    share = next(s.id for s in state.list_shares(service) if s.name == "web-content")
    snap = state.create_snapshot(service, share, "x")
    assert state.get_snapshot(service, share, snap.id).status == "creating"
    now[0] += 9
    assert state.get_snapshot(service, share, snap.id).status == "creating"
    now[0] += 2
    assert state.get_snapshot(service, share, snap.id).status == "available"
    state.delete_snapshot(service, share, snap.id)
    state.clear()  # pending transitions of vanished objects are dropped quietly
    now[0] += 20
    assert state.list_services() == []


def test_server_start_stop_and_repr() -> None:
    start = time.perf_counter()
    server = EmulatorServer(dataset="empty").start()
    assert time.perf_counter() - start < 1.0
    assert server.start() is server  # idempotent
    assert server.running and "running=True" in repr(server)
    assert httpx.get(server.base_url + "/auth/time").status_code == 200
    assert server.token_url.endswith("/auth/oauth2/token")
    server.stop()
    server.stop()
    assert not server.running


async def test_usable_from_async_tests() -> None:
    with EmulatorServer(dataset="demo") as server:
        async with httpx.AsyncClient() as client:
            response = await client.get(server.base_url + "/auth/time")
        assert response.status_code == 200


def test_server_with_given_state_and_faults() -> None:
    from efs_tui.emulator import FaultConfig

    faults = FaultConfig(error_rate_5xx=1.0)
    state = EmulatorState()
    server = EmulatorServer(state, faults=faults, delay=0.1, token_lifetime=2)
    assert server.state is state and server.faults is faults
    assert state.create_delay == state.revert_delay == 0.1 and state.token_lifetime == 2
    assert EmulatorServer(dataset=None).state.counts()["services"] == 0


def test_cli_refuses_non_loopback(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--host", "0.0.0.0"])
    assert "non-loopback" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--drop-rate", "2"])


def test_cli_banner_and_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(self: EmulatorServer) -> None:
        assert httpx.get(self.base_url + "/auth/time").status_code == 200
        raise KeyboardInterrupt

    monkeypatch.setattr(EmulatorServer, "serve_forever", interrupted)
    assert main(["--port", "0", "--seed", "empty", "--latency-ms", "1", "--create-delay", "0.1"]) == 0
    out = capsys.readouterr().out
    assert "export OVH_ENDPOINT=http://127.0.0.1:" in out
    assert f"export OVH_APPLICATION_KEY={DEMO_CREDENTIALS.application_key}" in out
    assert f"OVH_CLIENT_ID={DEMO_CREDENTIALS.client_id}" in out


def test_cli_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with EmulatorServer(dataset="empty") as busy:
        assert main(["--port", str(busy.port), "--host", "localhost"]) == 1
    assert "cannot listen" in capsys.readouterr().err


def test_cli_helpers() -> None:
    parser = cli_module.build_parser()
    args = parser.parse_args(["--port", "0", "--verbose", "--unsafe-any-host", "--host", "::1"])
    server = cli_module.make_server(args, parser)
    assert server.state.faults.latency_ms == 0
    banner = io.StringIO()
    cli_module.print_banner(server, banner)
    assert "http://[::1]:0/1.0" in banner.getvalue()
    assert cli_module._is_loopback("localhost") and not cli_module._is_loopback("example.org")


def test_python_dash_m_runs_and_stops_on_ctrl_c() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "efs_tui.emulator", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "listening on http://127.0.0.1:" in line
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
