"""`efs-tui snapshots …` end to end: the real client over real HTTP against the emulator in a thread."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from efs_tui.api.models import Share
from efs_tui.cli import snapshots as cli_module
from efs_tui.cli.snapshots import main
from efs_tui.config.settings import ProfileSettings, update_profile
from efs_tui.core.audit import AuditLog
from efs_tui.emulator import EmulatorServer

from ..keyrings import LockedKeyring
from .conftest import Run

SERVICE = "prod-nfs-gra"
SHARE = "web-content"


def ids(server: EmulatorServer, service: str = SERVICE, share: str = SHARE) -> tuple[str, str]:
    state = server.state
    service_id = next(s.id for s in state.list_services() if s.name == service)
    share_id = next(s.id for s in state.list_shares(service_id) if share in (s.name, s.mount_point_name))
    return service_id, share_id


def snapshot_id(server: EmulatorServer, name: str, service: str = SERVICE, share: str = SHARE) -> str:
    service_id, share_id = ids(server, service, share)
    return next(s.id for s in server.state.list_snapshots(service_id, share_id) if s.name == name)


# -- discovery and listing ---------------------------------------------------------------------------------


def test_services_human_and_json(cli: Run) -> None:
    human = cli("services")
    assert human.code == 0, human.err
    assert human.out.splitlines()[0].split() == ["ID", "NAME", "REGION", "STATUS", "QUOTA"]
    assert "prod-nfs-gra" in human.out and "archive-nfs-sbg" in human.out
    as_json = cli("services", "--json")
    assert {s["name"] for s in json.loads(as_json.out)["services"]} >= {"prod-nfs-gra", "prod-nfs-rbx"}


def test_shares_by_service_name(cli: Run, emulator: EmulatorServer) -> None:
    result = cli("shares", SERVICE, "--json")
    assert result.code == 0, result.err
    shares = json.loads(result.out)["shares"]
    service_id, _ = ids(emulator)
    assert {s["name"] for s in shares} >= {"web-content", "db-backups", "logs"}
    assert all(s["serviceId"] == service_id for s in shares)


def test_list_human_is_aligned_and_terminal_safe(cli: Run) -> None:
    result = cli("list", SERVICE, "logs")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "TYPE", "STATUS", "CREATED", "(UTC)"]
    assert "\x1b" not in result.out
    assert "?[31mred?[0m alert" in result.out  # the hostile ANSI name, defused
    assert "[bold red]x[/]" in result.out  # markup-looking text shown literally
    status_column = lines[0].index("STATUS")
    assert all(line[status_column - 2 : status_column] == "  " for line in lines[1:])


def test_list_json_parses_and_is_newest_first(cli: Run, emulator: EmulatorServer) -> None:
    result = cli("list", SERVICE, SHARE, "--json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)["snapshots"]  # stdout is JSON and nothing else
    service_id, share_id = ids(emulator)
    assert len(rows) == len(emulator.state.list_snapshots(service_id, share_id))
    assert all(r["serviceId"] == service_id and r["shareId"] == share_id for r in rows)
    dates = [r["createdAt"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    assert all(d.endswith("Z") for d in dates)


def test_list_filters_by_type_and_status(cli: Run) -> None:
    manual = json.loads(cli("list", SERVICE, SHARE, "--json", "--type", "manual").out)["snapshots"]
    assert manual and {r["type"] for r in manual} == {"manual"}
    errors = json.loads(cli("list", SERVICE, "scratch", "--json", "--status", "error").out)["snapshots"]
    assert [r["name"] for r in errors] == ["broken"]


def test_list_csv(cli: Run) -> None:
    result = cli("list", SERVICE, SHARE, "--csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out, newline="")))
    assert rows and rows[0]["serviceId"] and "before-upgrade-v2.3" in {r["name"] for r in rows}


def test_list_to_file_refuses_to_overwrite(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    first = cli("list", SERVICE, SHARE, "--output", str(target))
    assert first.code == 0, first.err
    assert first.out == "" and "wrote" in first.err
    assert json.loads(target.read_text(encoding="utf-8"))
    again = cli("list", SERVICE, SHARE, "--output", str(target))
    assert again.code == 2 and "already exists" in again.err
    assert cli("list", SERVICE, SHARE, "--output", str(target), "--overwrite").code == 0


def test_share_by_mount_point_name_and_by_id(cli: Run, emulator: EmulatorServer) -> None:
    service_id, share_id = ids(emulator)
    by_mount_point = json.loads(cli("list", SERVICE, "web_content", "--json").out)
    by_ids = json.loads(cli("list", service_id, share_id, "--json").out)
    assert by_mount_point == by_ids


def test_ambiguous_share_is_refused_with_candidates(cli: Run, emulator: EmulatorServer) -> None:
    service_id, logs_id = ids(emulator, share="logs")
    emulator.state.add_share(service_id, Share(id="dddddddd-0000-4000-8000-000000000001", name="logs", size=100))
    result = cli("list", SERVICE, "logs")
    assert result.code == 2
    assert logs_id in result.err and "dddddddd-0000-4000-8000-000000000001" in result.err
    assert result.out == ""


@pytest.mark.parametrize(
    "args",
    [
        ("list", "no-such-service", SHARE),
        ("list", SERVICE, "no-such-share"),
        ("shares", "no-such-service"),
        ("create", SERVICE, "no-such-share", "--name", "x"),
        ("delete", "no-such-service", SHARE, "00000000-0000-4000-8000-000000000000", "--yes"),
    ],
)
def test_not_found_exits_3(cli: Run, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 3, result.err
    assert "no s" in result.err and result.out == ""


# -- create ------------------------------------------------------------------------------------------------


def test_create_wait_json(cli: Run, emulator: EmulatorServer, audit_path: Path) -> None:
    result = cli("create", SERVICE, SHARE, "--name", "  nightly  ", "--description", "from cron", "--wait", "--json")
    assert result.code == 0, result.err
    snapshot = json.loads(result.out)["snapshot"]
    assert snapshot["status"] == "available" and snapshot["name"] == "nightly" and snapshot["type"] == "manual"
    service_id, share_id = ids(emulator)
    assert emulator.state.get_snapshot(service_id, share_id, snapshot["id"]).status == "available"
    assert emulator.state.requests.count("POST") == 1
    (record,) = AuditLog().read()
    assert (record.action, record.result, record.snapshot_id, record.name) == (
        "create",
        "ok",
        snapshot["id"],
        "nightly",
    )
    assert record.service_id == service_id and record.share_id == share_id
    assert record.status == 201 and record.query_id and record.endpoint == emulator.base_url


def test_create_without_wait_human(cli: Run) -> None:
    result = cli("create", SERVICE, SHARE)
    assert result.code == 0, result.err
    assert result.out.startswith("created snapshot ") and "creating" in result.out


def test_create_wait_times_out_with_exit_5(cli: Run, emulator: EmulatorServer) -> None:
    emulator.state.create_delay = 60.0
    result = cli("create", SERVICE, SHARE, "--wait", "--timeout", "0.6")
    assert result.code == 5
    assert "timed out" in result.err and "creating" in result.err


@pytest.mark.parametrize(
    ("name", "description", "message"),
    [
        ("bad\x1bname", "", "ESC"),
        ("tab\tname", "", "tab"),
        ("ok", "line\nbreak", "newline"),
        ("x" * 65, "", "limit is 64"),
        ("ok", "d" * 256, "limit is 255"),
    ],
)
def test_invalid_fields_exit_2_before_any_request(
    cli: Run, emulator: EmulatorServer, name: str, description: str, message: str
) -> None:
    before = len(emulator.state.requests)
    result = cli("create", SERVICE, SHARE, "--name", name, "--description", description)
    assert result.code == 2
    assert message in result.err and "\x1b" not in result.err
    assert len(emulator.state.requests) == before  # not even the service lookup was sent


def test_read_only_key_gets_not_granted_call(cli: Run, emulator: EmulatorServer, audit_path: Path) -> None:
    read_only = emulator.credentials.read_only_consumer_key
    assert cli("list", SERVICE, SHARE, consumer_key=read_only).code == 0  # reads are allowed
    result = cli("create", SERVICE, SHARE, "--name", "x", consumer_key=read_only)
    assert result.code == 1
    assert "HTTP 403" in result.err and "NOT_GRANTED_CALL" in result.err and "Query id:" in result.err
    (record,) = AuditLog().read()
    assert (record.action, record.result, record.status) == ("create", "error", 403)
    assert record.query_id and record.query_id in result.err
    assert record.error and record.error.startswith("NOT_GRANTED_CALL")


def test_post_is_never_retried(cli: Run, emulator: EmulatorServer) -> None:
    emulator.faults.fail_next(503, method="POST")
    result = cli("create", SERVICE, SHARE, "--name", "once")
    assert result.code == 1 and "HTTP 503" in result.err
    assert emulator.state.requests.count("POST") == 1
    assert AuditLog().read()[-1].result == "error"


# -- delete ------------------------------------------------------------------------------------------------


def test_delete_without_yes_exits_2_before_any_request(cli: Run, emulator: EmulatorServer) -> None:
    target = snapshot_id(emulator, "pre-migration")
    result = cli("delete", SERVICE, SHARE, target)
    assert result.code == 2 and "--yes" in result.err
    assert len(emulator.state.requests) == 0


def test_delete_then_delete_again(cli: Run, emulator: EmulatorServer, audit_path: Path) -> None:
    target = snapshot_id(emulator, "pre-migration")
    first = cli("delete", SERVICE, SHARE, target, "--yes")
    assert first.code == 0, first.err
    assert "pre-migration" in first.out
    assert emulator.state.requests.count("DELETE") == 1
    second = cli("delete", SERVICE, SHARE, target, "--yes", "--wait")  # still `deleting`: waits for it to go
    assert second.code == 0, second.err
    assert "already" in second.out
    third = cli("delete", SERVICE, SHARE, target, "--yes", "--json", "--missing-ok")  # gone before this run
    assert third.code == 0
    assert json.loads(third.out)["result"] == "already-gone"
    assert emulator.state.requests.count("DELETE") == 1  # never re-sent
    results = [(r.action, r.result) for r in AuditLog().read()]
    assert results == [("delete", "ok"), ("delete", "already-gone"), ("delete", "already-gone")]
    assert AuditLog().read()[-1].status == 404


def test_delete_wait_until_gone(cli: Run, emulator: EmulatorServer) -> None:
    target = snapshot_id(emulator, "before-upgrade-v2.3")
    result = cli("delete", SERVICE, SHARE, target, "--yes", "--wait", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["result"] == "deleted"
    service_id, share_id = ids(emulator)
    assert target not in {s.id for s in emulator.state.list_snapshots(service_id, share_id)}


def test_delete_404_on_the_delete_itself_is_already_gone(cli: Run, emulator: EmulatorServer) -> None:
    target = snapshot_id(emulator, "pre-migration")
    emulator.faults.fail_next(404, method="DELETE")
    result = cli("delete", SERVICE, SHARE, target, "--yes")
    assert result.code == 0 and "already deleted" in result.out
    assert AuditLog().read()[-1].result == "already-gone"


def test_delete_refused_by_the_api_exits_1(cli: Run, emulator: EmulatorServer) -> None:
    target = snapshot_id(emulator, "system-initial", service="prod-nfs-rbx", share="failed-share")
    result = cli("delete", "prod-nfs-rbx", "failed-share", target, "--yes")
    assert result.code == 1 and "HTTP 400" in result.err
    assert AuditLog().read()[-1].result == "error"


# -- credentials, secrets, misc --------------------------------------------------------------------------


def test_no_credentials_exits_4(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["services", "--endpoint", "http://127.0.0.1:9"]) == 4
    assert "efs-tui login" in capsys.readouterr().err


def test_locked_keyring_exits_4(capsys: pytest.CaptureFixture[str], isolated: Path) -> None:
    update_profile(None, ProfileSettings(name="work", application_key="AK"), make_default=True)
    keyring.set_keyring(LockedKeyring())
    assert main(["services", "--profile", "work"]) == 4
    assert capsys.readouterr().err.startswith("error:")


def test_unknown_profile_exits_4(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["services", "--profile", "nope"]) == 4


def test_wrong_consumer_key_exits_4(cli: Run) -> None:
    result = cli("services", consumer_key="NotAKnownConsumerKey000000000000")
    assert result.code == 4 and "HTTP 403" in result.err


def test_no_secret_in_audit_or_output(cli: Run, emulator: EmulatorServer, audit_path: Path) -> None:
    creds = emulator.credentials
    secrets = [creds.application_secret, creds.consumer_key, creds.read_only_consumer_key]
    outputs = [
        cli("create", SERVICE, SHARE, "--name", "s1", "--wait"),
        cli("create", SERVICE, SHARE, "--name", "s2", consumer_key=creds.read_only_consumer_key),
        cli("delete", SERVICE, SHARE, snapshot_id(emulator, "s1"), "--yes"),
        cli("delete", SERVICE, SHARE, "00000000-0000-4000-8000-000000000000", "--yes", "--missing-ok"),
    ]
    text = audit_path.read_text(encoding="utf-8") + "".join(r.out + r.err for r in outputs)
    assert len(audit_path.read_text(encoding="utf-8").splitlines()) == 4
    for secret in secrets:
        assert secret not in text


def test_demo_needs_no_credentials(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--demo", SERVICE, SHARE, "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) and "demo" in captured.err


def test_global_options_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--demo", "services"]) == 0
    assert "prod-nfs-gra" in capsys.readouterr().out


def test_demo_with_endpoint_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["services", "--demo", "--endpoint", "ovh-eu"]) == 2


def test_unknown_endpoint_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["services", "--endpoint", "ovh-mars"]) == 2
    assert "unknown endpoint" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["list", "only-one-arg"]) == 2
    assert main(["list", "a", "b", "--json", "--csv"]) == 2
    assert main(["create", "a", "b", "--timeout", "-1"]) == 2


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for code in ("0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "130"):
        assert f"  {code}" in text
    assert main(["delete", "--help"]) == 0
    assert "exit codes" in capsys.readouterr().out


def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    async def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "_run", interrupted)
    assert main(["services", "--demo"]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_dispatch_through_efs_tui_main(capsys: pytest.CaptureFixture[str]) -> None:
    from efs_tui.__main__ import main as efs_tui_main

    assert efs_tui_main(["snapshots", "services", "--demo"]) == 0
    assert "prod-nfs-gra" in capsys.readouterr().out


def test_cli_modules_do_not_load_textual() -> None:
    code = (
        "import sys, efs_tui.cli.snapshots, efs_tui.core.export, efs_tui.core.audit, efs_tui.core.activity;"
        "efs_tui.cli.snapshots.validate_fields('a', 'b');"
        "print('textual' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "False"


# -- lost answers, hostile ids, OAuth2 token failures -------------------------------------------------------


def test_create_whose_answer_is_lost_is_reported_and_never_resent(cli: Run, emulator: EmulatorServer) -> None:
    emulator.faults.drop_after_next(method="POST", path_contains="/snapshot")
    result = cli("create", SERVICE, SHARE, "--name", "lost-answer", "--wait")
    assert result.code == 1, result.err
    assert "may or may not have applied it" in result.err
    assert emulator.state.requests.count("POST") == 1  # never a second POST
    assert [r.fault for r in emulator.state.requests if r.method == "POST"] == ["drop after 201"]
    (record,) = AuditLog().read()
    assert (record.action, record.result) == ("create", "error")
    listing = cli("list", SERVICE, SHARE, "--json")
    assert listing.code == 0, listing.err
    listed = json.loads(listing.out)["snapshots"]
    assert "lost-answer" in {row["name"] for row in listed}  # the POST was applied after all


HOSTILE = "\x1b[2J\x1b]0;pwned\x07\u202e"


def test_hostile_ids_are_cleaned_in_tables(cli: Run, emulator: EmulatorServer) -> None:
    from dataclasses import replace

    from efs_tui.api.models import Service

    service_id, share_id = ids(emulator)
    state = emulator.state
    state.spec_exempt = True  # ids and enums off OVH's spec on purpose
    state.add_service(Service(id=f"svc{HOSTILE}", name="evil-service", region="GRA", status="active"))
    template = state.list_snapshots(service_id, share_id)[0]
    state.add_snapshot(service_id, share_id, replace(template, id=f"snap{HOSTILE}", name="evil-id"))
    for args in (("services",), ("list", SERVICE, SHARE)):
        result = cli(*args)
        assert result.code == 0, result.err
        assert "\x1b" not in result.out and "\x07" not in result.out and "\u202e" not in result.out
    assert "svc?[2J?]0;pwned??" in cli("services").out
    assert "snap?[2J?]0;pwned??" in cli("list", SERVICE, SHARE).out


def test_hostile_ids_are_cleaned_in_candidates(cli: Run, emulator: EmulatorServer) -> None:
    from efs_tui.api.models import Service

    emulator.state.spec_exempt = True  # ids off OVH's spec on purpose
    for n in (1, 2):
        emulator.state.add_service(Service(id=f"dup{n}{HOSTILE}", name="twin", status="active"))
    result = cli("shares", "twin")
    assert result.code == 2
    assert "dup1?[2J" in result.err and "\x1b" not in result.err and "\u202e" not in result.err


def test_hostile_id_of_a_created_snapshot_is_cleaned(
    cli: Run, emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator.state.spec_exempt = True  # an id off OVH's spec on purpose
    monkeypatch.setattr(emulator.state, "new_uuid", lambda: f"new{HOSTILE}")
    result = cli("create", SERVICE, SHARE, "--name", "x")
    assert result.code == 0, result.err
    assert "created snapshot new?[2J?]0;pwned??" in result.out
    assert "\x1b" not in result.out + result.err


def oauth2_cli(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], secret: str = ""
) -> tuple[int, str]:
    creds = emulator.credentials
    monkeypatch.setenv("OVH_CLIENT_ID", creds.client_id)
    monkeypatch.setenv("OVH_CLIENT_SECRET", secret or creds.client_secret)
    capsys.readouterr()
    code = main(["services", "--endpoint", emulator.base_url])
    return code, capsys.readouterr().err


TOKEN_PATH = "/auth/oauth2/token"


def test_oauth2_token_endpoint_5xx_is_an_api_error_not_a_credentials_one(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator.faults.fail_next(503, path_contains=TOKEN_PATH)
    code, err = oauth2_cli(emulator, monkeypatch, capsys)
    assert code == 1, err
    assert "503" in err and "efs-tui login" not in err
    assert emulator.state.requests.count(method="POST", path_contains=TOKEN_PATH) == 1


def test_oauth2_token_endpoint_unreachable_is_an_api_error(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator.faults.drop_next(path_contains=TOKEN_PATH, times=3)  # every attempt of the (retried) GET
    code, err = oauth2_cli(emulator, monkeypatch, capsys)
    assert code == 1, err
    assert "OAuth2 token endpoint" in err and "efs-tui login" not in err
    assert emulator.state.requests.count(method="POST", path_contains=TOKEN_PATH) == 3


def test_oauth2_refused_client_is_still_a_credentials_problem(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = oauth2_cli(emulator, monkeypatch, capsys, secret="wrong-secret")
    assert code == 4, err
    assert "efs-tui login" in err and "wrong-secret" not in err
    code, _ = oauth2_cli(emulator, monkeypatch, capsys)
    assert code == 0  # the same setup with the right secret works: the 4 was about the secret


def test_is_credentials_problem() -> None:
    from efs_tui.api.errors import NetworkError, OAuth2Failure
    from efs_tui.cli.session import is_credentials_problem

    assert is_credentials_problem(OAuth2Failure("refused", status=401))
    assert is_credentials_problem(OAuth2Failure("bad request", status=400))
    assert not is_credentials_problem(OAuth2Failure("down", status=503))
    assert not is_credentials_problem(OAuth2Failure("slow down", status=429))
    assert not is_credentials_problem(OAuth2Failure("no token in a 200", status=200))
    assert not is_credentials_problem(NetworkError("no answer"))


@pytest.mark.parametrize(("endpoint", "warned"), [("ovh-us", True), ("kimsufi-eu", True), ("ovh-eu", False)])
async def test_an_endpoint_without_efs_is_warned_about_before_any_call(
    endpoint: str, warned: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ovh-us, kimsufi-* and soyoustart-* have no /storage: every call would answer 404 "invalid URL"."""
    import argparse

    from efs_tui.cli.session import _resolve_client

    for name, value in {"OVH_APPLICATION_KEY": "ak", "OVH_APPLICATION_SECRET": "as", "OVH_CONSUMER_KEY": "ck"}.items():
        monkeypatch.setenv(name, value)
    client, *_ = _resolve_client(argparse.Namespace(endpoint=endpoint, profile=None))
    await client.aclose()  # nothing was sent: the warning comes from the endpoint's name alone
    err = capsys.readouterr().err
    assert ("offers no Enterprise File Storage" in err) is warned
