"""What the plain-text listings say when a filter matched nothing, and the unit of the QUOTA column."""

from __future__ import annotations

from efs_tui.api.models import Share
from efs_tui.emulator import EmulatorServer

from .conftest import Run

SERVICE = "prod-nfs-gra"
SHARE = "web-content"


def test_status_filter_that_matches_nothing_says_so(cli: Run) -> None:
    result = cli("list", SERVICE, SHARE, "--status", "foo")
    assert result.code == 0, result.err
    assert result.out == ""
    assert result.err.strip() == "no snapshots on share 'web-content' match --status foo"


def test_type_and_status_filters_are_both_named(cli: Run) -> None:
    result = cli("list", SERVICE, SHARE, "--type", "system", "--status", "error")
    assert result.err.strip() == "no snapshots on share 'web-content' match --type system --status error"


def test_a_hostile_status_filter_is_echoed_terminal_safe(cli: Run) -> None:
    result = cli("list", SERVICE, SHARE, "--status", "\x1b[2Jx")
    assert "\x1b" not in result.err and "match --status ?[2Jx" in result.err


def test_an_empty_share_still_says_it_is_empty(cli: Run, emulator: EmulatorServer) -> None:
    service_id = next(s.id for s in emulator.state.list_services() if s.name == SERVICE)
    emulator.state.add_share(service_id, Share(id="eeeeeeee-0000-4000-8000-00000000000e", name="fresh", size=100))
    result = cli("list", SERVICE, "fresh")
    assert result.code == 0, result.err
    assert result.err.strip() == "no snapshots on share 'fresh'"


def test_quota_column_carries_its_unit(cli: Run, emulator: EmulatorServer) -> None:
    result = cli("services")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    quota = lines[0].index("QUOTA")
    for service in emulator.state.list_services():
        line = next(line for line in lines[1:] if line.startswith(service.id))
        expected = f"{service.quota} GB" if service.quota is not None else "-"
        assert line[quota:].strip() == expected
