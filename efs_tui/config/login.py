"""The login flow shared by ``efs-tui login`` and the TUI's onboarding screen.

Three steps, each a plain coroutine so the CLI drives them with prompts and the
TUI with buttons and workers:

1. :func:`request_consumer_key` asks ``POST /auth/credential`` for exactly the
   rules efs-tui needs (:func:`efs_tui.api.auth.netapp_access_rules`), GET only
   with ``read_only``; the user then opens the validation URL in a browser.
2. :func:`verify_application` (or :func:`verify_oauth2`) proves the credentials
   work before anything is stored, so a typo never ends up in the keyring.
3. :func:`save_login` puts the secrets in the keyring and the rest in config.toml.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from efs_tui.api.auth import ENDPOINTS, ApplicationCredentials, OAuth2Credentials, netapp_access_rules
from efs_tui.api.client import OvhClient
from efs_tui.api.errors import InvalidCredential, OvhError
from efs_tui.api.models import ApiCredential, CredentialRequest

from .keystore import SecretStore
from .resolve import Origin, ResolvedConfig
from .settings import ProfileSettings, load_config, save_config, validate_profile_name

#: Where each named endpoint creates an application key and secret (python-ovh's list; each region's API host).
CREATE_APP_URLS: Final[dict[str, str]] = {
    "ovh-eu": "https://eu.api.ovh.com/createApp/",
    "ovh-ca": "https://ca.api.ovh.com/createApp/",
    "ovh-us": "https://api.us.ovhcloud.com/createApp/",
    "kimsufi-eu": "https://eu.api.kimsufi.com/createApp/",
    "kimsufi-ca": "https://ca.api.kimsufi.com/createApp/",
    "soyoustart-eu": "https://eu.api.soyoustart.com/createApp/",
    "soyoustart-ca": "https://ca.api.soyoustart.com/createApp/",
}


def create_app_hint(endpoint: str) -> str:
    """What to tell a user who has no application key yet, for ``endpoint`` (a name or a base URL).

    Only a known OVHcloud endpoint has a ``/createApp/`` page; a custom URL (the
    emulator, a proxy) has none, and inventing ``<that host>/createApp/`` sends the
    user to a 404. A base URL that is a known endpoint's counts as that endpoint.
    (Endpoints that offer no EFS at all are warned about when chosen, see
    :func:`efs_tui.api.auth.endpoint_offers_efs`.)
    """
    name = endpoint if endpoint in ENDPOINTS else _endpoint_named_by_url(endpoint)
    if name is None:
        return (
            f"No application yet? {endpoint} is not an OVHcloud endpoint, so it has no createApp page: use the "
            "application key and secret its operator gave you (`efs-tui emulator` prints its own), or create an "
            "application on the OVHcloud endpoint it stands for (ovh-eu: " + CREATE_APP_URLS["ovh-eu"] + ")."
        )
    return f"No application yet? Create one at {CREATE_APP_URLS[name]} (keep its secret to type below)."


def _endpoint_named_by_url(url: str) -> str | None:
    wanted = url.rstrip("/").lower()
    return next((e.name for e in ENDPOINTS.values() if e.base_url.lower() == wanted), None)


class NotValidated(OvhError):
    """The consumer key exists but the user has not validated it (yet), or refused it."""

    title = "Not validated"


@dataclass(frozen=True, slots=True, repr=False)
class PendingLogin:
    """A consumer key waiting for the user to validate it in a browser; ``repr`` hides the secrets."""

    endpoint: str
    credentials: ApplicationCredentials
    validation_url: str
    read_only: bool

    def __repr__(self) -> str:
        return f"PendingLogin(endpoint={self.endpoint!r}, validation_url={self.validation_url!r}, secrets hidden)"


@dataclass(frozen=True, slots=True, repr=False)
class LoginResult:
    """Credentials that were just proven to work, and what the API said about them."""

    endpoint: str
    credentials: ApplicationCredentials | OAuth2Credentials
    read_only: bool
    credential: ApiCredential | None = None
    """``GET /auth/currentCredential`` for an application key; ``None`` for OAuth2."""
    service_count: int | None = None
    """How many EFS services ``GET /storage/netapp`` listed (OAuth2 check)."""
    rules: tuple[str, ...] = field(default=())
    """The access rules, as ``"GET /storage/netapp/*"`` lines, for display."""

    def __repr__(self) -> str:
        return f"LoginResult(endpoint={self.endpoint!r}, credentials={self.credentials!r}, read_only={self.read_only})"


async def request_consumer_key(
    endpoint: str,
    application_key: str,
    application_secret: str,
    *,
    read_only: bool = False,
    redirection: str | None = None,
) -> PendingLogin:
    """``POST /auth/credential`` with efs-tui's rules; return the key to validate and its URL."""
    async with OvhClient(endpoint, ApplicationCredentials(application_key, application_secret)) as client:
        request: CredentialRequest = await client.request_credential(netapp_access_rules(read_only), redirection)
    credentials = ApplicationCredentials(application_key, application_secret, request.consumer_key)
    return PendingLogin(endpoint, credentials, request.validation_url or "", read_only)


async def verify_application(endpoint: str, credentials: ApplicationCredentials) -> LoginResult:
    """``GET /auth/currentCredential``: the key must be validated; return its rules.

    Raises:
        NotValidated: the key is still pending (the API says "not valid") or was refused.
        OvhError: any other API or network failure.
    """
    async with OvhClient(endpoint, credentials) as client:
        try:
            info = await client.current_credential()
        except InvalidCredential as exc:
            raise NotValidated(
                "The consumer key is not validated: open the validation URL, log in and authorize efs-tui "
                f"({exc.message})",
                status=exc.status,
                error_code=exc.error_code,
                query_id=exc.query_id,
            ) from None
    if info.status and info.status != "validated":
        raise NotValidated(f"The consumer key is {info.status}, not validated")
    rules = tuple(f"{rule.method} {rule.path}" for rule in info.rules)
    return LoginResult(endpoint, credentials, info.is_read_only, info, rules=rules)


async def wait_for_validation(pending: PendingLogin, *, timeout: float = 300.0, interval: float = 1.0) -> LoginResult:
    """Poll :func:`verify_application` until the user validated, or :class:`NotValidated` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return await verify_application(pending.endpoint, pending.credentials)
        except NotValidated as exc:
            if "refused" in exc.message or "expired" in exc.message or time.monotonic() + interval > deadline:
                raise
        await asyncio.sleep(interval)


async def verify_oauth2(endpoint: str, credentials: OAuth2Credentials, *, read_only: bool = False) -> LoginResult:
    """Fetch a token and call ``GET /storage/netapp``: proves the client id, secret and IAM rights."""
    async with OvhClient(endpoint, credentials) as client:
        services = await client.list_services()
    return LoginResult(endpoint, credentials, read_only, service_count=len(services))


def secrets_of(credentials: ApplicationCredentials | OAuth2Credentials) -> dict[str, str | None]:
    """The keyring fields of a credential object."""
    if isinstance(credentials, OAuth2Credentials):
        return {"client_secret": credentials.client_secret}
    return {"application_secret": credentials.application_secret, "consumer_key": credentials.consumer_key}


def save_login(
    result: LoginResult,
    profile: str,
    *,
    store: SecretStore | None = None,
    config_file: Path | None = None,
    make_default: bool = False,
) -> ResolvedConfig:
    """Store secrets in the keyring first, then settings in config.toml; return the profile as resolved.

    The keyring goes first: if it fails (:class:`~.keystore.KeyringUnavailable`)
    nothing at all is written, so no half profile points at missing secrets.
    Settings already in the profile (rate limit, auto refresh) are kept.
    """
    validate_profile_name(profile)
    store = store or SecretStore()
    config = load_config(config_file)
    store.save(profile, secrets_of(result.credentials))
    previous = config.profiles.get(profile)
    creds = result.credentials
    settings = ProfileSettings(
        name=profile,
        endpoint=result.endpoint,
        application_key=creds.application_key if isinstance(creds, ApplicationCredentials) else None,
        client_id=creds.client_id if isinstance(creds, OAuth2Credentials) else None,
        read_only=result.read_only,
        rate_limit=previous.rate_limit if previous else None,
        auto_refresh=previous.auto_refresh if previous else None,
        rate_burst=previous.rate_burst if previous else None,
    )
    config.set_profile(settings, make_default=make_default)
    save_config(config)
    origin = Origin("login", f"login (profile {profile!r})")
    names = ["endpoint", *(k for k in ("application_key", "client_id") if getattr(settings, k))]
    origins = {name: origin for name in [*names, *secrets_of(creds), "read_only"]}
    return ResolvedConfig(
        result.endpoint,
        creds,
        profile,
        origins,
        settings.read_only,
        settings.rate_limit,
        settings.auto_refresh,
        rate_burst=settings.rate_burst,
    )
