"""Profiles in the app: the switcher (``P`` and the palette) changes account or endpoint without restarting.

Two emulators stand for two accounts (the ``demo`` and the ``inventory`` datasets);
the profiles live in a temporary config.toml and their secrets in an in-memory
keyring, exactly where ``efs-tui login`` puts them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from efs_tui.api.auth import Endpoint
from efs_tui.api.client import OvhClient
from efs_tui.config.keystore import SecretStore
from efs_tui.config.resolve import ResolvedConfig
from efs_tui.config.settings import ProfileSettings, update_profile
from efs_tui.config.switch import ConfiguredProfiles, ProfileChoice, ProfileSession, ProfileSource, profile_label
from efs_tui.emulator import EmulatorServer
from efs_tui.startup.endpoint_notice import NO_EFS_TITLE, endpoint_notice
from efs_tui.ui import scenes
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.demo import demo_credentials, make_demo_app
from efs_tui.ui.demo_profiles import DEMO, DemoProfiles
from efs_tui.ui.dialogs.profile_switcher import ProfileSwitcher
from efs_tui.ui.screens.activity import ActivityScreen
from efs_tui.ui.screens.main import MainScreen

from ..keyrings import LockedKeyring, MemoryKeyring, isolate_machine
from .conftest import BASE_TIME, fast_config
from .helpers import (
    capture_notifications,
    delete_highlighted,
    focus_table,
    main_screen,
    wait_idle,
    wait_ready,
    wait_screen,
    wait_until,
)


@pytest.fixture
def other_account() -> Iterator[EmulatorServer]:
    """A second account: another dataset, so its tree cannot be mistaken for the first one's."""
    with EmulatorServer(dataset="inventory", base_time=BASE_TIME) as server:
        yield server


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def _add_profile(
    config: Path, name: str, server: EmulatorServer, *, read_only: bool = False, key: str = "rw", secrets: bool = True
) -> None:
    creds = server.credentials
    settings = ProfileSettings(name, server.base_url, application_key=creds.application_key, read_only=read_only)
    update_profile(config, settings, make_default=name == "alpha")
    if secrets:
        store = SecretStore()
        store.set(name, "application_secret", creds.application_secret)
        store.set(name, "consumer_key", creds.read_only_consumer_key if key == "ro" else creds.consumer_key)


@pytest.fixture
def profiles(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    emulator: EmulatorServer,
    other_account: EmulatorServer,
) -> ConfiguredProfiles:
    """alpha (the default, full rights), beta (the other account, ``read_only`` in config.toml),
    gamma (a read-only consumer key, config says nothing), nokey (no secret in the keyring)."""
    isolate_machine(tmp_path, monkeypatch)
    config = Path(tmp_path / "home" / ".config" / "efs-tui" / "config.toml")
    _add_profile(config, "alpha", emulator)
    _add_profile(config, "beta", other_account, read_only=True)
    _add_profile(config, "gamma", emulator, key="ro")
    _add_profile(config, "nokey", other_account, secrets=False)
    return ConfiguredProfiles()


@pytest.fixture
async def app(profiles: ConfiguredProfiles) -> AsyncIterator[EfsTuiApp]:
    """The app started on profile alpha, as ``efs-tui --profile alpha`` would be."""
    session = profiles.open("alpha")
    client = session.resolved.client()
    config = fast_config(client, context_label=session.label, profile="alpha", profile_name="alpha", profiles=profiles)
    yield EfsTuiApp(client, config=config, close_client=True)


async def _open_switcher(pilot: Pilot[Any]) -> ProfileSwitcher:
    await pilot.press("P")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProfileSwitcher))
    screen = pilot.app.screen
    assert isinstance(screen, ProfileSwitcher)
    return screen


async def _switch_to(pilot: Pilot[Any], name: str, old: MainScreen) -> MainScreen:
    """Pick ``name`` in the switcher and wait until the new main screen has loaded its tree and opened a share."""
    switcher = await _open_switcher(pilot)
    options = switcher.query_one(OptionList)
    options.highlighted = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == name)
    await pilot.press("enter")
    app = pilot.app
    assert isinstance(app, EfsTuiApp)
    await wait_until(pilot, lambda: app.screen_stack[0] is not old and app.screen is app.screen_stack[0])
    new = main_screen(app)
    # Not idle alone: between the services answer and the shares request no worker runs for a moment.
    await wait_until(pilot, lambda: bool(new.services) and new.current is not None)
    await wait_idle(pilot)
    return new


def _header(screen: MainScreen) -> str:
    return str(screen.query_one("#header-title").render())


def _ids(switcher: ProfileSwitcher) -> list[str | None]:
    options = switcher.query_one(OptionList)
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


def _prompts(switcher: ProfileSwitcher) -> list[str]:
    options = switcher.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_switcher_lists_the_profiles_with_endpoint_and_read_only_never_a_secret(
    app: EfsTuiApp, emulator: EmulatorServer, other_account: EmulatorServer
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        switcher = await _open_switcher(pilot)
        lines = _prompts(switcher)
        assert _ids(switcher) == ["alpha", "beta", "gamma", "nokey"]
        assert lines[0].startswith("● alpha") and "(active)" in lines[0] and "default" in lines[0]
        assert emulator.base_url in lines[0] and other_account.base_url in lines[1]
        assert "read-only" in lines[1] and "read-only" not in lines[0]
        secrets = [
            value
            for server in (emulator, other_account)
            for value in (
                server.credentials.application_secret,
                server.credentials.consumer_key,
                server.credentials.read_only_consumer_key,
            )
        ]
        assert not [secret for secret in secrets if any(secret in line for line in lines)]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert main_screen(app) is screen


async def test_palette_offers_switch_profile(app: EfsTuiApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await wait_screen(pilot, CommandPalette)
        await pilot.press(*"Switch profile")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_screen(pilot, ProfileSwitcher)


async def test_switch_reloads_the_tree_from_the_other_account_and_applies_its_read_only(
    app: EfsTuiApp, emulator: EmulatorServer, other_account: EmulatorServer
) -> None:
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        alpha = await wait_ready(pilot)
        assert _header(alpha).startswith(" efs-tui │ alpha · http://127.0.0.1")
        alpha_labels = {s.label for s in alpha.services.values()}
        old_client = app.client
        assert alpha.check_action("new_snapshot", ()) is True

        before = len(other_account.state.requests)
        beta = await _switch_to(pilot, "beta", alpha)
        assert f"beta · {other_account.base_url}" in _header(beta) and "read-only" in _header(beta)
        assert {s.label for s in beta.services.values()} != alpha_labels
        assert len(other_account.state.requests) > before
        assert app.client is not old_client and old_client.is_closed
        assert app.config.profile == "beta" and beta.config.read_only
        for action in ("new_snapshot", "delete_snapshot", "edit_snapshot", "hold_snapshot", "revert_share"):
            assert beta.check_action(action, ()) is False
        await focus_table(pilot, beta)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is beta
        assert sum(other_account.state.requests.count(method=m) for m in ("POST", "PUT", "DELETE")) == 0
        assert any(n["message"].startswith("Switched to profile beta") for n in notes)

        back = await _switch_to(pilot, "alpha", beta)
        assert "alpha ·" in _header(back) and "read-only" not in _header(back)
        assert {s.label for s in back.services.values()} == alpha_labels
        assert back.check_action("new_snapshot", ()) is True
        assert back.cache is app.profile_caches[("alpha", back.config.context_label)]


async def test_the_activity_log_starts_fresh_for_the_new_profile(
    app: EfsTuiApp, emulator: EmulatorServer, other_account: EmulatorServer
) -> None:
    """After a switch, ``L`` lists the new account's requests only: the old account's are not this one's."""
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        alpha_log = app.activity
        assert len(alpha_log) > 0
        alpha_records = {id(r) for r in alpha_log.entries()}
        beta = await _switch_to(pilot, "beta", main_screen(app))
        await pilot.press("L")
        await wait_screen(pilot, ActivityScreen)
        log = pilot.app.screen
        assert isinstance(log, ActivityScreen) and log.activity is app.activity is not alpha_log
        entries = log.activity.entries()
        assert entries and not any(id(r) in alpha_records for r in entries)
        assert entries[0].path == "/storage/netapp"  # from the new profile's first request on
        assert beta.services and len(entries) <= len(other_account.state.requests)


async def test_a_read_only_key_is_detected_per_profile(app: EfsTuiApp, emulator: EmulatorServer) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        alpha = await wait_ready(pilot)
        gamma = await _switch_to(pilot, "gamma", alpha)
        await wait_until(pilot, lambda: gamma.config.read_only)
        assert "read-only" in _header(gamma) and gamma.check_action("new_snapshot", ()) is False
        back = await _switch_to(pilot, "alpha", gamma)
        assert not back.config.read_only and back.check_action("new_snapshot", ()) is True


async def test_a_missing_secret_keeps_the_current_profile(app: EfsTuiApp, other_account: EmulatorServer) -> None:
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        alpha = await wait_ready(pilot)
        client = app.client
        switcher = await _open_switcher(pilot)
        switcher.query_one(OptionList).highlighted = 3
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(n.get("severity") == "error" for n in notes))
        await wait_idle(pilot)
        error = next(n for n in notes if n.get("severity") == "error")
        assert "nokey" in error["title"] and "missing" in error["message"] and "stays active" in error["message"]
        assert error["markup"] is False
        assert main_screen(app) is alpha and app.client is client and not client.is_closed
        assert app.config.profile_name == "alpha" and "alpha ·" in _header(alpha)
        assert len(other_account.state.requests) == 0


async def test_a_locked_keyring_keeps_the_current_profile(app: EfsTuiApp, other_account: EmulatorServer) -> None:
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        alpha = await wait_ready(pilot)
        client = app.client
        switcher = await _open_switcher(pilot)
        switcher.query_one(OptionList).highlighted = 1
        keyring.set_keyring(LockedKeyring())  # the memory_keyring fixture puts its own back afterwards
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(n.get("severity") == "error" for n in notes))
        await wait_idle(pilot)
        error = next(n for n in notes if n.get("severity") == "error")
        assert "beta" in error["title"] and "keyring" in error["title"].lower()
        assert main_screen(app) is alpha and app.client is client and not client.is_closed
        assert "alpha ·" in _header(alpha) and len(other_account.state.requests) == 0


async def test_switch_is_refused_while_a_write_is_in_flight(app: EfsTuiApp, emulator: EmulatorServer) -> None:
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        notes = capture_notifications(app)
        alpha = await wait_ready(pilot)
        await focus_table(pilot, alpha)
        emulator.state.faults.hold_writes = True  # the DELETE below stays in flight while P is pressed
        await delete_highlighted(pilot, alpha)
        await wait_until(pilot, lambda: app.screen is alpha and bool(app.writes_in_flight()))
        assert [write.action for write in app.writes_in_flight()] == ["delete"]
        await pilot.press("P")
        await pilot.pause()
        assert app.screen is alpha
        refusal = next(n for n in notes if n.get("title") == "Switch profile")
        assert "write is in flight" in refusal["message"] and "delete snapshot" in refusal["message"]
        emulator.state.faults.hold_writes = False
        await wait_until(pilot, lambda: not app.writes_in_flight())
        assert emulator.state.requests.count(method="DELETE") == 1
        await _open_switcher(pilot)


async def test_demo_switches_between_demo_and_demo_read_only(emulator: EmulatorServer) -> None:
    app = make_demo_app(emulator, clock=lambda: BASE_TIME)
    async with app.run_test(size=(100, 30)) as pilot:
        demo = await wait_ready(pilot)
        assert "demo · emulator" in _header(demo) and "read-only" not in _header(demo)
        switcher = await _open_switcher(pilot)
        assert _ids(switcher) == ["demo", "demo-read-only"]
        assert "(active)" in _prompts(switcher)[0] and "read-only" in _prompts(switcher)[1]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is demo)
        read_only = await _switch_to(pilot, "demo-read-only", demo)
        assert "demo-read-only · emulator │ read-only" in _header(read_only)
        assert read_only.check_action("delete_snapshot", ()) is False
        back = await _switch_to(pilot, DEMO, read_only)
        assert back.check_action("new_snapshot", ()) is True and "read-only" not in _header(back)


class _UsNamedConfig(ResolvedConfig):
    """The emulator under the name ``ovh-us``: an endpoint whose real API has no ``/storage/netapp``."""

    def client(self, **kwargs: Any) -> OvhClient:
        return OvhClient(Endpoint("ovh-us", self.endpoint, None), self.credentials, **kwargs)


class _EuAndUs(ProfileSource):
    """``eu`` (an EFS endpoint) and ``us`` (ovh-us), both answered by the one emulator."""

    def __init__(self, server: EmulatorServer) -> None:
        self._server = server

    def choices(self) -> list[ProfileChoice]:
        return [ProfileChoice("eu", "emulator", False, default=True), ProfileChoice("us", "ovh-us", False)]

    def open(self, name: str) -> ProfileSession:
        kind = _UsNamedConfig if name == "us" else ResolvedConfig
        resolved = kind(self._server.base_url, demo_credentials(self._server))
        return ProfileSession(name, profile_label(name, "ovh-us" if name == "us" else "emulator"), resolved, None)


async def test_switching_to_an_endpoint_without_efs_repeats_the_start_up_warning(emulator: EmulatorServer) -> None:
    source = _EuAndUs(emulator)
    session = source.open("eu")
    client = session.resolved.client()
    config = fast_config(client, context_label=session.label, profile_name="eu", profiles=source)
    app = EfsTuiApp(client, config=config, close_client=True)
    notes = capture_notifications(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        eu = await wait_ready(pilot)
        assert not [n for n in notes if n.get("title") == NO_EFS_TITLE]
        us = await _switch_to(pilot, "us", eu)
        [warning] = [n for n in notes if n.get("title") == NO_EFS_TITLE]
        assert warning["message"] == endpoint_notice("ovh-us")  # the start-up words, from the one rule
        assert warning["severity"] == "warning" and warning["markup"] is False
        await _switch_to(pilot, "eu", us)
        assert len([n for n in notes if n.get("title") == NO_EFS_TITLE]) == 1


async def _switcher_scene(pilot: Pilot[Any]) -> None:
    await scenes.main_screen(pilot)
    await pilot.press("P")
    await pilot.pause(0.1)
    await scenes.main_screen(pilot)


def test_switcher_picture_80x24(snap_compare: Any) -> None:
    """The demo's two profiles over the main screen, the active one marked."""
    with EmulatorServer(dataset="demo", base_time=scenes.SCENE_TIME) as server:
        app = scenes.scene_app(server)
        app.config.profile_name = DEMO
        app.config.profiles = DemoProfiles(server)
        assert snap_compare(app, terminal_size=(80, 24), run_before=_switcher_scene)


async def test_header_keeps_read_only_in_view_when_a_long_endpoint_is_shortened(make_app: Any) -> None:
    label = "customer-production-eu · https://api.example.invalid/very/long/custom/base/path/1.0"
    app = make_app(read_only=True, context_label=label)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        header = _header(screen)
        assert header.startswith(" efs-tui │ customer-production-eu · https://") and "…" in header
        assert header.endswith(" │ read-only")
