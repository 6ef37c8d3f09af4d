"""``efs-tui login/logout/profiles`` end to end against the emulator, with a scripted user.

The user's secrets are known strings, so every output (stdout, stderr, log records,
the config file) can be searched for them afterwards.
"""

from __future__ import annotations

import io
import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import keyring
import keyring.backend
import pytest
from keyring.backends import fail

from efs_tui.api.auth import ApplicationCredentials
from efs_tui.api.errors import InvalidCredential, NotGrantedCall
from efs_tui.config import Overrides, describe_permission_error, load_config, resolve_config
from efs_tui.config.cli import Terminal, login_main, logout_main, profiles_main
from efs_tui.core.exit_codes import EXIT_CREDENTIALS
from efs_tui.emulator import EmulatorServer

from ..keyrings import LockedKeyring, MemoryKeyring

APP_KEY = "KnownAppKey00001"
APP_SECRET = "KnownAppSecret-9f8e7d6c5b4a3210"
CLIENT_ID = "EU.knownclient01"
CLIENT_SECRET = "KnownClientSecret-0123456789abcd"

Switch = Callable[[keyring.backend.KeyringBackend], None]


def validate(url: str) -> None:
    """What the user does in the browser: press "Authorize" on the validation page."""
    response = httpx.post(url, data={"action": "validate"})
    assert response.status_code in (200, 303), response.text


class ScriptedUser(Terminal):
    """Answers prompts like a person would; validates in the "browser" when asked to press Enter."""

    def __init__(
        self, answers: dict[str, str] | None = None, *, validate_after: int = 1, environ: dict[str, str] | None = None
    ) -> None:
        super().__init__(
            input=self.answer, getpass=self.hidden, out=io.StringIO(), err=io.StringIO(), environ=environ or {}
        )
        self.answers = answers or {}
        self.validate_after = validate_after
        self.enters = 0
        self.prompts: list[str] = []

    def answer(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if prompt.startswith("Press Enter"):
            self.enters += 1
            if self.enters == self.validate_after:
                validate(self.validation_url())
            return ""
        for start, value in self.answers.items():
            if prompt.startswith(start):
                return value
        raise AssertionError(f"unexpected prompt {prompt!r}")

    def hidden(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return APP_SECRET if prompt.startswith("Application secret") else CLIENT_SECRET

    def validation_url(self) -> str:
        match = re.search(r"(http\S+credentialToken=\S+)", self.stdout)
        assert match, self.stdout
        return match.group(1)

    @property
    def stdout(self) -> str:
        return self.out.getvalue()  # type: ignore[attr-defined,no-any-return]

    @property
    def stderr(self) -> str:
        return self.err.getvalue()  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def server(emulator: EmulatorServer) -> EmulatorServer:
    emulator.state.add_application(APP_KEY, APP_SECRET)
    emulator.state.add_oauth_client(CLIENT_ID, CLIENT_SECRET)
    return emulator


def assert_no_secret(texts: list[str], secrets: list[str]) -> None:
    for text in texts:
        for secret in secrets:
            assert secret not in text


def login(server: EmulatorServer, *extra: str, user: ScriptedUser | None = None) -> tuple[int, ScriptedUser]:
    user = user or ScriptedUser({"Application key": APP_KEY})
    return login_main(["--endpoint", server.base_url, *extra], user), user


def test_login_end_to_end(
    server: EmulatorServer, memory_keyring: MemoryKeyring, config_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    user = ScriptedUser({"Endpoint": server.base_url, "Application key": APP_KEY})
    assert login_main([], user) == 0, user.stderr
    ck = memory_keyring.entries[("efs-tui", "default:consumer_key")]
    assert memory_keyring.entries[("efs-tui", "default:application_secret")] == APP_SECRET
    # The request carried exactly efs-tui's rules, and the user saw them and the URL.
    assert "POST   /storage/netapp/*" in user.stdout and "credentialToken=" in user.stdout
    assert "Consumer key validated" in user.stdout and "DELETE /storage/netapp/*" in user.stdout
    assert any(p.startswith("Application secret (hidden)") for p in user.prompts)
    # Settings, not secrets, on disk.
    profile = load_config().profiles["default"]
    assert (profile.endpoint, profile.application_key, profile.read_only) == (server.base_url, APP_KEY, False)
    # A signed call with the resolved profile works.
    resolved = resolve_config(environ={})
    assert resolved.credentials == ApplicationCredentials(APP_KEY, APP_SECRET, ck)

    async def call() -> int:
        async with resolved.client() as client:
            return len(await client.list_services())

    import asyncio

    assert asyncio.run(call()) > 0
    logs = [r.getMessage() for r in caplog.records]
    assert_no_secret([user.stdout, user.stderr, config_file.read_text(), *logs, repr(resolved)], [APP_SECRET, ck])


def test_read_only_login_gets_not_granted_on_delete(server: EmulatorServer) -> None:
    code, user = login(server, "--read-only", "--profile", "ro")
    assert code == 0, user.stderr
    assert "DELETE" not in user.stdout.split("Open this URL")[0]
    assert "read-only" in user.stdout
    resolved = resolve_config(Overrides(profile="ro"), environ={})
    assert resolved.read_only

    async def try_delete() -> None:
        async with resolved.client() as client:
            service = (await client.list_services())[0]
            share = (await client.list_shares(service.id))[0]
            snapshot = (await client.list_snapshots(service.id, share.id))[0]
            await client.delete_snapshot(service.id, share.id, snapshot.id)

    import asyncio

    with pytest.raises(NotGrantedCall) as info:
        asyncio.run(try_delete())
    assert info.value.status == 403 and info.value.error_code == "NOT_GRANTED_CALL"
    assert describe_permission_error(info.value).startswith("This credential is read-only: ")


def test_enter_before_validating_asks_again(server: EmulatorServer) -> None:
    code, user = login(server, user=ScriptedUser({"Application key": APP_KEY}, validate_after=2))
    assert code == 0 and user.enters == 2
    assert "Not yet" in user.stderr


def test_no_wait_polls_until_validated(server: EmulatorServer) -> None:
    user = ScriptedUser({"Application key": APP_KEY})

    def browser() -> None:
        for _ in range(200):
            if "credentialToken=" in user.stdout:
                validate(user.validation_url())
                return
            time.sleep(0.02)

    thread = threading.Thread(target=browser)
    thread.start()
    code, _ = login(server, "--no-wait", "--timeout", "20", user=user)
    thread.join()
    assert code == 0, user.stderr
    assert not any(p.startswith("Press Enter") for p in user.prompts)


def test_no_wait_times_out_and_stores_nothing(
    server: EmulatorServer, config_file: Path, memory_keyring: MemoryKeyring
) -> None:
    code, user = login(server, "--no-wait", "--timeout", "0.1")
    assert code == 1 and "not validated" in user.stderr
    assert not config_file.exists() and memory_keyring.entries == {}


def test_wrong_secret_is_an_api_failure(server: EmulatorServer, memory_keyring: MemoryKeyring) -> None:
    class Typo(ScriptedUser):
        def hidden(self, prompt: str) -> str:
            return "not-the-secret"

    code, user = login(server, user=Typo({"Application key": APP_KEY}))
    assert code == EXIT_CREDENTIALS and "Invalid signature" in user.stderr
    assert memory_keyring.entries == {}


def test_secrets_from_the_environment(server: EmulatorServer) -> None:
    user = ScriptedUser(environ={"OVH_APPLICATION_KEY": APP_KEY, "OVH_APPLICATION_SECRET": APP_SECRET})
    code, _ = login(server, user=user)
    assert code == 0, user.stderr
    assert "taken from OVH_APPLICATION_SECRET" in user.stdout
    assert not any(p.startswith("Application secret") for p in user.prompts)


def test_oauth2_login(server: EmulatorServer, memory_keyring: MemoryKeyring, config_file: Path) -> None:
    user = ScriptedUser({"OAuth2 client id": CLIENT_ID})
    code, _ = login(server, "--oauth2", "--profile", "sa", "--default", user=user)
    assert code == 0, user.stderr
    assert "service(s)" in user.stdout
    assert memory_keyring.entries == {("efs-tui", "sa:client_secret"): CLIENT_SECRET}
    resolved = resolve_config(environ={})
    assert resolved.profile == "sa" and resolved.scheme == "oauth2"
    assert_no_secret([user.stdout, user.stderr, config_file.read_text()], [CLIENT_SECRET])


def test_import_ovh_conf(server: EmulatorServer, isolated: Path, memory_keyring: MemoryKeyring) -> None:
    ck = server.state.add_consumer_key(APP_KEY, consumer_key="KnownConsumerKey-from-ovh-conf0").consumer_key
    conf = isolated / "home" / ".ovh.conf"
    conf.write_text(
        f"[default]\nendpoint={server.base_url}\n[{server.base_url}]\napplication_key={APP_KEY}\n"
        f"application_secret={APP_SECRET}\nconsumer_key={ck}\n"
    )
    user = ScriptedUser()
    assert login_main(["--import-ovh-conf"], user) == 0, user.stderr
    assert memory_keyring.entries[("efs-tui", "default:consumer_key")] == ck
    assert conf.exists() and "you can delete it" in user.stdout and str(conf) in user.stdout
    assert_no_secret([user.stdout, user.stderr], [APP_SECRET, ck])


def test_import_ovh_conf_without_consumer_key_requests_one(server: EmulatorServer, tmp_path: Path) -> None:
    conf = tmp_path / "my.conf"
    conf.write_text(
        f"[default]\nendpoint={server.base_url}\n[{server.base_url}]\napplication_key={APP_KEY}\n"
        f"application_secret={APP_SECRET}\n"
    )
    user = ScriptedUser()
    assert login_main(["--import-ovh-conf", str(conf)], user) == 0, user.stderr
    assert "requesting one" in user.stdout and user.enters == 1


def test_logout_revoke(server: EmulatorServer, memory_keyring: MemoryKeyring) -> None:
    assert login(server)[0] == 0
    ck = memory_keyring.entries[("efs-tui", "default:consumer_key")]
    user = ScriptedUser()
    assert logout_main(["--revoke"], user) == 0, user.stderr
    assert "expired server side" in user.stdout and memory_keyring.entries == {}
    assert "default" in load_config().profiles  # settings stay

    async def check() -> None:
        from efs_tui.api.client import OvhClient

        async with OvhClient(server.base_url, ApplicationCredentials(APP_KEY, APP_SECRET, ck)) as client:
            await client.current_credential()

    import asyncio

    with pytest.raises(InvalidCredential):
        asyncio.run(check())
    assert_no_secret([user.stdout, user.stderr], [APP_SECRET, ck])


def test_profiles_list_default_delete(server: EmulatorServer, memory_keyring: MemoryKeyring) -> None:
    assert login(server, "--profile", "one")[0] == 0
    assert login(server, "--profile", "two", "--read-only")[0] == 0
    user = ScriptedUser(environ={"OVH_CONSUMER_KEY": "x"})
    assert profiles_main([], user) == 0
    lines = user.stdout.splitlines()
    assert any(line.startswith("* one") and "secrets: keyring" in line for line in lines), user.stdout
    assert any(line.startswith("  two") and "read-only" in line for line in lines)
    assert "OVH_CONSUMER_KEY" in user.stdout
    assert profiles_main(["default", "two"], ScriptedUser()) == 0
    assert load_config().default_profile == "two"
    assert profiles_main(["delete", "two"], ScriptedUser()) == 0
    assert list(load_config().profiles) == ["one"]
    assert all(not user.startswith("two:") for _, user in memory_keyring.entries)
    assert profiles_main(["delete", "nope"], (bad := ScriptedUser())) == 2 and "No profile" in bad.stderr


@pytest.mark.parametrize("backend", [fail.Keyring, LockedKeyring], ids=["no-backend", "locked"])
def test_no_usable_keyring_exits_4_and_writes_nothing(
    server: EmulatorServer, use_backend: Switch, isolated: Path, backend: type[keyring.backend.KeyringBackend]
) -> None:
    use_backend(backend())
    before = sorted(str(p) for p in isolated.rglob("*"))
    code, user = login(server)
    assert code == EXIT_CREDENTIALS
    assert "cannot store your credentials" in user.stderr and "cannot read" not in user.stderr
    assert "Ways out:" in user.stderr and "PYTHON_KEYRING_BACKEND" in user.stderr
    assert user.prompts == []  # checked before asking anything or calling the API
    assert server.state.requests.count(path_contains="/auth/credential") == 0
    assert sorted(str(p) for p in isolated.rglob("*")) == before


def test_ctrl_c_exits_130(server: EmulatorServer, config_file: Path) -> None:
    class Impatient(ScriptedUser):
        def answer(self, prompt: str) -> str:
            if prompt.startswith("Press Enter"):
                raise KeyboardInterrupt
            return super().answer(prompt)

    code, user = login(server, user=Impatient({"Application key": APP_KEY}))
    assert code == 130 and "Aborted" in user.stderr and not config_file.exists()


def test_bad_profile_name_and_endpoint_exit_2(server: EmulatorServer) -> None:
    assert login_main(["--profile", "a:b"], (user := ScriptedUser())) == 2 and "Invalid profile" in user.stderr
    assert login_main(["--endpoint", "ovh-mars"], (user := ScriptedUser())) == 2 and "Unknown endpoint" in user.stderr


def test_terminal_output_is_redacted_and_terminal_safe() -> None:
    out, err = io.StringIO(), io.StringIO()
    term = Terminal(out=out, err=err, secrets={"s3cr/t"})
    term.say("url https://x/?t=\x1b]52;c;AAAA\x07 key s3cr/t\nsecond line")
    term.warn("error: \u202eevil s3cr%2Ft")
    assert out.getvalue() == "url https://x/?t=?]52;c;AAAA? key ***\nsecond line\n"
    assert err.getvalue() == "error: ?evil ***\n"


@pytest.mark.parametrize("command", [["logout", "--profile", "one"], ["profiles", "delete", "one"]])
def test_logout_and_profile_delete_without_keyring_exit_4(
    command: list[str], use_backend: Switch, config_file: Path
) -> None:
    from efs_tui.config.settings import ProfileSettings, update_profile

    update_profile(config_file, ProfileSettings("one", application_key="AK"))
    use_backend(fail.Keyring())
    main = logout_main if command[0] == "logout" else profiles_main
    code = main(command[1:], (user := ScriptedUser()))
    assert code == EXIT_CREDENTIALS and "cannot store your credentials" in user.stderr
    assert list(load_config().profiles) == ["one"]


def test_snapshots_without_keyring_prints_readable_lines_and_says_cannot_read(
    use_backend: Switch, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from efs_tui.__main__ import main
    from efs_tui.config.settings import ProfileSettings, update_profile

    update_profile(config_file, ProfileSettings("one", application_key="AK"))
    use_backend(fail.Keyring())
    assert main(["snapshots", "services"]) == EXIT_CREDENTIALS
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0] == "error: No OS keyring is available: efs-tui cannot read your stored credentials."
    assert "cannot store" not in err and "?" not in err.replace("...", "")
    assert len(lines) > 10 and max(len(line) for line in lines) <= 110
    assert any("PYTHON_KEYRING_BACKEND=keyrings.alt" in line for line in lines)


def test_profiles_list_without_keyring_says_cannot_read(use_backend: Switch) -> None:
    use_backend(fail.Keyring())
    assert profiles_main(["list"], (user := ScriptedUser())) == 0  # listing still works: settings are in the file
    assert "cannot read your stored credentials" in user.stdout and "cannot store" not in user.stdout


@pytest.mark.parametrize("name", ["ovh-us", "kimsufi-eu", "soyoustart-ca"])
def test_choosing_an_endpoint_without_efs_warns_before_anything_is_sent(name: str) -> None:
    from efs_tui.config.cli import _ask_endpoint

    out, err = io.StringIO(), io.StringIO()
    assert _ask_endpoint(Terminal(out=out, err=err), name) == name
    assert f"endpoint {name} offers no Enterprise File Storage" in err.getvalue()
    assert "Got an invalid (or empty) URL" in err.getvalue()


def test_endpoints_with_efs_do_not_warn() -> None:
    from efs_tui.config.cli import _ask_endpoint

    for name in ("ovh-eu", "ovh-ca", "http://127.0.0.1:8099/1.0"):
        err = io.StringIO()
        _ask_endpoint(Terminal(out=io.StringIO(), err=err), name)
        assert err.getvalue() == ""
