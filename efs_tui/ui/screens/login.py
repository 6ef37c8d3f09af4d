"""Onboarding inside the TUI: log in when no credentials exist, and explain a missing keyring.

:class:`NoCredentialsScreen` runs the same flow as ``efs-tui login`` (the steps
live in :mod:`efs_tui.config.login`): endpoint, application key, secret (a password
input), ``POST /auth/credential``, the validation URL with a copy button, then
"I have validated" → verify → store → dismiss with the :class:`ResolvedConfig`.
Network and keyring calls run in workers; secrets are never rendered, logged or
notified (every error text is redacted with the secrets typed so far). Text from
the API (error messages, the validation URL) is untrusted: it is shown literally
(``markup=False``) with control and bidi characters as visible stand-ins
(:func:`~efs_tui.core.sanitize.safe_text`), and a validation URL holding any is never
put on the clipboard.

:class:`NoKeyringScreen` is the friendly version of the CLI's exit code 4 (credentials).
"""

from __future__ import annotations

import asyncio
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, Static

from efs_tui.api.auth import ENDPOINTS, ApplicationCredentials, OAuth2Credentials, resolve_endpoint
from efs_tui.api.errors import OvhError
from efs_tui.config import (
    DEFAULT_PROFILE,
    KeyringStatus,
    KeyringUnavailable,
    LoginResult,
    NotValidated,
    PendingLogin,
    ResolvedConfig,
    SecretStore,
    keyring_status,
    redact,
    request_consumer_key,
    save_login,
    verify_application,
    verify_oauth2,
)
from efs_tui.config.resolve import Origin
from efs_tui.core import gc_pause
from efs_tui.core.copying import clipboard_safe
from efs_tui.core.sanitize import safe_text

KeyringChoice = Literal["retry", "session", "back"]
CUSTOM = "custom"


class NoKeyringScreen(ModalScreen[KeyringChoice | None]):
    """Why efs-tui cannot read or store credentials here, and the three ways out.

    It is the first screen an SSH user without a Secret Service meets, so it must
    work in 80x24: the explanation scrolls between a fixed headline and the buttons,
    the first button has the focus (Enter presses it), q and Ctrl+C quit as in the
    rest of the app, and the footer shows Esc.

    Dismisses with ``"retry"`` (the keyring now answers), ``"session"`` (use the
    credentials for this session only, kept in memory) or ``"back"``; quitting
    leaves ``None`` to the caller.
    """

    DEFAULT_CSS = """
    NoKeyringScreen { align: center middle; }
    NoKeyringScreen > #dialog { width: 100; max-width: 100%; height: 1fr; max-height: 40;
        border: thick $warning; background: $surface; padding: 0 1; }
    NoKeyringScreen #headline { text-style: bold; width: 1fr; margin-bottom: 1; }
    NoKeyringScreen #message { height: 1fr; }
    NoKeyringScreen #buttons { height: auto; margin-top: 1; }
    NoKeyringScreen Button { margin-right: 2; }
    """

    AUTO_FOCUS = "#retry"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("q", "app.quit", "Quit"),
        Binding("ctrl+c", "app.quit", "Quit", show=False, priority=True),
    ]
    """| Key | Action |\n|---|---|\n| Escape | Back |\n| q, ctrl+c | Quit |"""

    def __init__(self, status: KeyringStatus, *, allow_session: bool = False) -> None:
        super().__init__()
        self.status = status
        """What :func:`keyring_status` found."""
        self.allow_session = allow_session
        """Offer "this session only" (only when there are credentials to use)."""

    def on_mount(self) -> None:
        gc_pause.resume()  # the start is over: this screen waits for the user (efs_tui.core.gc_pause)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(safe_text(self.status.headline), id="headline", markup=False)
            with VerticalScroll(id="message"):
                yield Static(safe_text(self.status.explanation, keep_newlines=True), markup=False)
            with Horizontal(id="buttons"):
                yield Button("Check again", id="retry", variant="primary")
                if self.allow_session:
                    yield Button("Use for this session only", id="session")
                yield Button("Back", id="back")
        yield Footer()

    @on(Button.Pressed, "#retry")
    def retry(self) -> None:
        self.check_again()

    @work(
        thread=True, exclusive=True, group="keyring-check", exit_on_error=False, description="checking the OS keyring"
    )
    def check_again(self) -> None:
        """Probe the keyring again (it may block on D-Bus, hence the thread); a failure is shown, never fatal."""
        try:
            status = keyring_status()
        except Exception as exc:  # a broken backend must not take the whole app down
            self.app.call_from_thread(self._check_failed, exc)
            return
        self.app.call_from_thread(self._after_check, status)

    def _after_check(self, status: KeyringStatus) -> None:
        if status.ok:
            self.dismiss("retry")
        else:
            self.status = status
            self.query_one("#headline", Label).update(safe_text(status.headline))
            self.query_one("#message Static", Static).update(safe_text(status.explanation, keep_newlines=True))
            self.notify("Still no usable keyring.", severity="warning", markup=False)

    def _check_failed(self, error: Exception) -> None:
        detail = safe_text(str(error) or type(error).__name__)
        self.notify(
            f"Could not check the keyring: {type(error).__name__}: {detail}",
            title="Keyring check failed",
            severity="error",
            markup=False,
        )

    @on(Button.Pressed, "#session")
    def session(self) -> None:
        self.dismiss("session")

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss("back")


class NoCredentialsScreen(Screen[ResolvedConfig | None]):
    """First-run onboarding: get credentials, prove they work, store them, dismiss with them."""

    DEFAULT_CSS = """
    NoCredentialsScreen { align: center top; }
    NoCredentialsScreen #form, NoCredentialsScreen #validate { width: 100; max-width: 100%; height: auto;
        padding: 1 2; }
    NoCredentialsScreen #validate { display: none; }
    NoCredentialsScreen.-validating #validate { display: block; }
    NoCredentialsScreen.-validating #form { display: none; }
    NoCredentialsScreen #custom-url { display: none; }
    NoCredentialsScreen.-custom #custom-url { display: block; }
    NoCredentialsScreen Label { margin-top: 1; }
    NoCredentialsScreen Horizontal { height: auto; margin-top: 1; }
    NoCredentialsScreen Button { margin-right: 2; }
    NoCredentialsScreen #error { color: $error; height: auto; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    """| Key | Action |\n|---|---|\n| Escape | Leave without credentials |"""

    def __init__(self, *, profile: str = DEFAULT_PROFILE, endpoint: str | None = None, reason: str = "") -> None:
        super().__init__()
        self.profile = profile
        """The profile the credentials are saved to."""
        self.initial_endpoint = endpoint or "ovh-eu"
        """Endpoint preselected (a URL selects "custom")."""
        self.reason = reason
        """Why onboarding is shown (e.g. the resolution error), displayed above the form."""
        self._pending: PendingLogin | None = None
        """The consumer key waiting for validation in the user's browser."""
        self._secrets: set[str] = set()
        """Everything secret typed or received, for redacting error texts."""
        self._session_only = False
        """No usable keyring and the user chose to use the credentials for this session only."""

    def compose(self) -> ComposeResult:
        preset = self.initial_endpoint if self.initial_endpoint in ENDPOINTS else CUSTOM
        with VerticalScroll(id="form"):
            yield Static(
                "No OVHcloud credentials were found. Log in once: efs-tui keeps the secrets in the OS "
                "keyring and the rest in its config file." + (f"\n\n{self.reason}" if self.reason else ""),
                id="intro",
                markup=False,
            )
            yield Label("Endpoint")
            yield Select(
                [*((name, name) for name in ENDPOINTS), ("Custom URL…", CUSTOM)],
                value=preset,
                allow_blank=False,
                id="endpoint",
            )
            yield Input(self.initial_endpoint if preset == CUSTOM else "", placeholder="https://…/1.0", id="custom-url")
            yield Checkbox("OAuth2 service account (client id + secret) instead of an application key", id="oauth2")
            yield Label("Application key", id="key-label")
            yield Input(placeholder="e.g. 7kbG7Bk7S9Nt7ZSV", id="key")
            yield Label("Application secret", id="secret-label")
            yield Input(password=True, id="secret")
            yield Checkbox("Read-only (GET only: efs-tui will never change anything)", id="read-only")
            with Horizontal():
                yield Button("Continue", id="continue", variant="primary")
                yield Button("Cancel", id="cancel")
            yield Static("", id="error", markup=False)
        with Vertical(id="validate"):
            yield Static("Open this URL in a browser, log in and authorize efs-tui:", markup=False)
            yield Static("", id="url", markup=False)
            with Horizontal():
                yield Button("Copy URL", id="copy")
                yield Button("I have validated", id="validated", variant="primary")
                yield Button("Back", id="back")
            yield Static("", id="validate-error", markup=False)
        yield Footer()

    # -- form ----------------------------------------------------------------------------------

    @on(Select.Changed, "#endpoint")
    def endpoint_changed(self, event: Select.Changed) -> None:
        self.set_class(event.value == CUSTOM, "-custom")

    def on_mount(self) -> None:
        gc_pause.resume()  # the start is over: this screen waits for the user (efs_tui.core.gc_pause)
        self.set_class(self.query_one("#endpoint", Select).value == CUSTOM, "-custom")

    @on(Checkbox.Changed, "#oauth2")
    def scheme_changed(self, event: Checkbox.Changed) -> None:
        oauth2 = event.value
        self.query_one("#key-label", Label).update("OAuth2 client id" if oauth2 else "Application key")
        self.query_one("#secret-label", Label).update("OAuth2 client secret" if oauth2 else "Application secret")

    def _endpoint(self) -> str:
        choice = self.query_one("#endpoint", Select).value
        endpoint = self.query_one("#custom-url", Input).value.strip() if choice == CUSTOM else str(choice)
        resolve_endpoint(endpoint)  # InvalidConfiguration on a typo
        return endpoint

    def _show_error(self, text: str, where: str = "#error") -> None:
        """Show ``text`` (often from the API) redacted, literally, with control/bidi characters made visible."""
        self.query_one(where, Static).update(safe_text(redact(text, self._secrets), keep_newlines=True))

    @on(Button.Pressed, "#continue")
    @on(Input.Submitted, "#secret")
    def start(self) -> None:
        self._show_error("")
        key = self.query_one("#key", Input).value.strip()
        secret = self.query_one("#secret", Input).value.strip()
        if not key or not secret:
            self._show_error("Both the key and the secret are needed.")
            return
        try:
            endpoint = self._endpoint()
        except OvhError as exc:
            self._show_error(exc.message)
            return
        self._secrets.add(secret)
        self.run_start(
            endpoint,
            key,
            secret,
            self.query_one("#oauth2", Checkbox).value,
            self.query_one("#read-only", Checkbox).value,
        )

    @work(exclusive=True, group="login", exit_on_error=False, description="logging in")
    async def run_start(self, endpoint: str, key: str, secret: str, oauth2: bool, read_only: bool) -> None:
        """Check the keyring first (a user must not validate a key we cannot keep), then call the API."""
        try:
            session_only = not await self._keyring_usable()
        except _Cancelled:
            return
        self.query_one("#continue", Button).disabled = True
        try:
            if oauth2:
                result = await verify_oauth2(endpoint, OAuth2Credentials(key, secret), read_only=read_only)
                await self._finish(result, session_only)
                return
            pending = await request_consumer_key(endpoint, key, secret, read_only=read_only)
        except OvhError as exc:
            self._show_error(f"{exc.title}: {exc.describe()}")
            return
        finally:
            self.query_one("#continue", Button).disabled = False
        self._secrets.add(pending.credentials.consumer_key or "")
        self._pending = pending
        self._session_only = session_only
        self.query_one("#url", Static).update(safe_text(pending.validation_url))
        self.add_class("-validating")
        self.query_one("#validated", Button).focus()

    async def _keyring_usable(self) -> bool:
        """``True`` if the keyring works; else ask the user (``False``: this session only)."""
        while True:
            status = await asyncio.to_thread(keyring_status)
            if status.ok:
                return True
            choice = await self.app.push_screen_wait(NoKeyringScreen(status, allow_session=True))
            if choice == "session":
                return False
            if choice == "back":
                raise _Cancelled

    # -- validation ----------------------------------------------------------------------------

    @on(Button.Pressed, "#copy")
    def copy_url(self) -> None:
        if self._pending:
            if not clipboard_safe(self._pending.validation_url):
                self.notify(
                    "The validation URL contains control characters: not copied. Check where it comes from.",
                    severity="error",
                    markup=False,
                )
                return
            self.app.copy_to_clipboard(self._pending.validation_url)
            self.notify("Validation URL copied to the clipboard.", markup=False)

    @on(Button.Pressed, "#back")
    def back(self) -> None:
        self._pending = None
        self.remove_class("-validating")

    @on(Button.Pressed, "#validated")
    def validated(self) -> None:
        if self._pending:
            self.run_verify(self._pending)

    @work(exclusive=True, group="login", exit_on_error=False, description="verifying the consumer key")
    async def run_verify(self, pending: PendingLogin) -> None:
        assert isinstance(pending.credentials, ApplicationCredentials)
        try:
            result = await verify_application(pending.endpoint, pending.credentials)
        except NotValidated:
            self._show_error(
                "Not validated yet: open the URL, authorize, then press the button again.", "#validate-error"
            )
            return
        except OvhError as exc:
            self._show_error(f"{exc.title}: {exc.describe()}", "#validate-error")
            return
        await self._finish(result, self._session_only)

    async def _finish(self, result: LoginResult, session_only: bool) -> None:
        if session_only:
            origin = Origin("login", "typed in the TUI (this session only, not stored)")
            config = ResolvedConfig(result.endpoint, result.credentials, None, {"endpoint": origin}, result.read_only)
            self.dismiss(config)
            return
        try:
            config = await asyncio.to_thread(save_login, result, self.profile, store=SecretStore())
        except KeyringUnavailable as exc:
            choice = await self.app.push_screen_wait(NoKeyringScreen(exc.keyring_status, allow_session=True))
            if choice == "retry":
                await self._finish(result, False)
            elif choice == "session":
                await self._finish(result, True)
            return
        except OvhError as exc:
            self._show_error(exc.message, "#validate-error")
            return
        self.notify(f"Saved profile {self.profile!r}.", markup=False)
        self.dismiss(config)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class _Cancelled(Exception):
    """The user went back from the keyring explanation."""
