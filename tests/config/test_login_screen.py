# mypy: disable-error-code="no-untyped-call"
"""The TUI onboarding (NoCredentialsScreen) and NoKeyringScreen, driven with Pilot against the emulator."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import keyring
import keyring.backend
import pytest
from keyring.backends import fail
from textual.app import App
from textual.widgets import Input, Static

from efs_tui.config import KeyringState, KeyringStatus, ResolvedConfig, load_config
from efs_tui.emulator import EmulatorServer
from efs_tui.ui.screens.login import KeyringChoice, NoCredentialsScreen, NoKeyringScreen

from ..keyrings import MemoryKeyring
from .test_cli import APP_KEY, APP_SECRET, CLIENT_ID, CLIENT_SECRET

Switch = Callable[[keyring.backend.KeyringBackend], None]


class Host(App[None]):
    def __init__(self, screen: NoCredentialsScreen | NoKeyringScreen) -> None:
        super().__init__()
        self.start_screen = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.start_screen, self.results.append)


async def wait_until(condition: Callable[[], bool], pilot: object, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    raise AssertionError("condition not met")


async def fill(pilot: object, app: App[None], server: EmulatorServer, key: str, secret: str) -> None:
    screen = app.screen
    from textual.widgets import Select

    screen.query_one("#endpoint", Select).value = "custom"
    screen.query_one("#custom-url", Input).value = server.base_url
    screen.query_one("#key", Input).value = key
    screen.query_one("#secret", Input).value = secret
    await pilot.pause()  # type: ignore[attr-defined]


async def test_onboarding_application_key(emulator: EmulatorServer, memory_keyring: MemoryKeyring) -> None:
    emulator.state.add_application(APP_KEY, APP_SECRET)
    app = Host(NoCredentialsScreen(profile="tui"))
    async with app.run_test(size=(110, 40)) as pilot:
        await fill(pilot, app, emulator, APP_KEY, APP_SECRET)
        assert app.screen.query_one("#secret", Input).password
        assert APP_SECRET not in app.export_screenshot()
        await pilot.click("#continue")
        await wait_until(lambda: app.screen.has_class("-validating"), pilot)
        url = str(app.screen.query_one("#url", Static).render())
        await pilot.click("#validated")  # too early: says so, stays
        await wait_until(
            lambda: "Not validated" in str(app.screen.query_one("#validate-error", Static).render()), pilot
        )
        await asyncio.to_thread(httpx.post, url, data={"action": "validate"})
        await pilot.click("#copy")
        assert app.clipboard == url
        await pilot.click("#validated")
        await wait_until(lambda: bool(app.results), pilot)
    result = app.results[0]
    assert isinstance(result, ResolvedConfig) and result.profile == "tui"
    assert memory_keyring.entries[("efs-tui", "tui:application_secret")] == APP_SECRET
    assert load_config().profiles["tui"].application_key == APP_KEY


async def test_onboarding_oauth2(emulator: EmulatorServer, memory_keyring: MemoryKeyring) -> None:
    emulator.state.add_oauth_client(CLIENT_ID, CLIENT_SECRET)
    app = Host(NoCredentialsScreen())
    async with app.run_test(size=(110, 40)) as pilot:
        await fill(pilot, app, emulator, CLIENT_ID, CLIENT_SECRET)
        await pilot.click("#oauth2")
        await pilot.click("#continue")
        await wait_until(lambda: bool(app.results), pilot)
    assert isinstance(app.results[0], ResolvedConfig) and app.results[0].scheme == "oauth2"
    assert memory_keyring.entries == {("efs-tui", "default:client_secret"): CLIENT_SECRET}


async def test_wrong_secret_is_shown_redacted(emulator: EmulatorServer) -> None:
    emulator.state.add_oauth_client(CLIENT_ID, CLIENT_SECRET)
    app = Host(NoCredentialsScreen())
    async with app.run_test(size=(110, 40)) as pilot:
        await fill(pilot, app, emulator, CLIENT_ID, "wrong-secret-value")
        await pilot.click("#oauth2")
        await pilot.click("#continue")
        error = app.screen.query_one("#error", Static)
        await wait_until(lambda: "OAuth2" in str(error.render()), pilot)
        assert "wrong-secret-value" not in str(error.render())
        assert not app.results


async def test_no_keyring_offers_this_session_only(emulator: EmulatorServer, use_backend: Switch) -> None:
    use_backend(fail.Keyring())
    emulator.state.add_oauth_client(CLIENT_ID, CLIENT_SECRET)
    app = Host(NoCredentialsScreen())
    async with app.run_test(size=(110, 40)) as pilot:
        await fill(pilot, app, emulator, CLIENT_ID, CLIENT_SECRET)
        await pilot.click("#oauth2")
        await pilot.click("#continue")
        await wait_until(lambda: isinstance(app.screen, NoKeyringScreen), pilot)
        text = str(app.screen.query_one("#message Static", Static).render())
        assert "PYTHON_KEYRING_BACKEND" in text and "OVH_APPLICATION_KEY" in text
        await pilot.click("#session")
        await wait_until(lambda: bool(app.results), pilot)
    result = app.results[0]
    assert isinstance(result, ResolvedConfig) and result.profile is None
    assert load_config().profiles == {}  # nothing written


async def test_no_keyring_screen_buttons(use_backend: Switch) -> None:
    status = KeyringStatus(KeyringState.LOCKED, "keyring.backends.SecretService.Keyring", "Failed to unlock")
    app = Host(NoKeyringScreen(status))
    async with app.run_test(size=(110, 40)) as pilot:
        assert not app.screen.query("#session")
        await pilot.click("#retry")  # the memory keyring answers now
        await wait_until(lambda: bool(app.results), pilot)
    assert app.results == ["retry"]
    choice: KeyringChoice = "back"
    app = Host(NoKeyringScreen(status))
    async with app.run_test() as pilot:
        await pilot.press("escape")
        await wait_until(lambda: bool(app.results), pilot)
    assert app.results == [choice]


# -- untrusted text and a failing keyring check ------------------------------------------------------------

HOSTILE = "\x1b[2J\x1b]52;c;ZWNobyBwd25lZA==\x07\u202e"


async def test_api_error_text_is_shown_with_visible_controls(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import efs_tui.ui.screens.login as login_screen
    from efs_tui.api.errors import ApiError

    async def refuse(*args: object, **kwargs: object) -> object:
        raise ApiError(f"refused{HOSTILE}", status=400, query_id=f"q{HOSTILE}")

    monkeypatch.setattr(login_screen, "request_consumer_key", refuse)
    app = Host(NoCredentialsScreen())
    async with app.run_test(size=(110, 40)) as pilot:
        await fill(pilot, app, emulator, APP_KEY, APP_SECRET)
        await pilot.click("#continue")
        error = app.screen.query_one("#error", Static)
        await wait_until(lambda: "refused" in str(error.render()), pilot)
        shown = str(error.render())
        assert "refused\u241b[2J\u241b]52;c;ZWNobyBwd25lZA==\u2407\ufffd" in shown
        assert not any(char in shown for char in ("\x1b", "\x07", "\u202e"))


async def test_validation_url_is_shown_safely_and_never_copied_when_hostile(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import efs_tui.ui.screens.login as login_screen
    from efs_tui.api.auth import ApplicationCredentials
    from efs_tui.config import PendingLogin

    url = f"https://auth.example/?credentialToken=x{HOSTILE}"

    async def pending(endpoint: str, key: str, secret: str, *, read_only: bool = False) -> PendingLogin:
        return PendingLogin(endpoint, ApplicationCredentials(key, secret, "CK-hidden"), url, read_only)

    monkeypatch.setattr(login_screen, "request_consumer_key", pending)
    app = Host(NoCredentialsScreen())
    notes: list[tuple[str, str]] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        notes.append((message, str(kwargs.get("severity", ""))))
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(110, 40)) as pilot:
        await fill(pilot, app, emulator, APP_KEY, APP_SECRET)
        await pilot.click("#continue")
        await wait_until(lambda: app.screen.has_class("-validating"), pilot)
        shown = str(app.screen.query_one("#url", Static).render())
        assert "credentialToken=x\u241b[2J" in shown and "\x1b" not in shown and "\u202e" not in shown
        await pilot.click("#copy")
        await pilot.pause()
        assert app.clipboard == ""
        assert notes and "control characters" in notes[-1][0] and notes[-1][1] == "error"


async def test_a_failing_keyring_check_is_reported_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    import efs_tui.ui.screens.login as login_screen

    def broken() -> KeyringStatus:
        raise RuntimeError("D-Bus went away\x1b[2J")

    monkeypatch.setattr(login_screen, "keyring_status", broken)
    status = KeyringStatus(KeyringState.LOCKED, "SecretService", "the collection is locked")
    app = Host(NoKeyringScreen(status))
    notes: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        notes.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.click("#retry")
        await wait_until(lambda: bool(notes), pilot)
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, NoKeyringScreen)
        assert notes[-1] == "Could not check the keyring: RuntimeError: D-Bus went away\u241b[2J"
        await pilot.click("#back")
        await wait_until(lambda: bool(app.results), pilot)
    assert app.results == ["back"]
