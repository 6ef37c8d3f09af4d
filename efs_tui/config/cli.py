"""``efs-tui login``, ``efs-tui logout`` and ``efs-tui profiles``.

Each ``*_main(argv)`` returns a process exit code from the one table of the whole
CLI (:mod:`efs_tui.core.exit_codes`), so a script sees the same number for a
keyring problem here as in ``efs-tui snapshots``.
Prompts, hidden prompts and output go through a :class:`Terminal` that tests
replace; everything printed is passed through :func:`~.redact.redact` with every
secret the command has seen, as a last line of defence.
"""

from __future__ import annotations

import argparse
import asyncio
import builtins
import getpass
import os
import sys
from collections.abc import Callable, Coroutine, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar

from efs_tui.api.auth import (
    ENDPOINTS,
    NO_EFS_WARNING,
    ApplicationCredentials,
    OAuth2Credentials,
    endpoint_offers_efs,
    netapp_access_rules,
    resolve_endpoint,
)
from efs_tui.api.client import OvhClient
from efs_tui.api.errors import (
    InvalidConfiguration,
    InvalidCredential,
    InvalidKey,
    InvalidSignature,
    NotCredential,
    OvhError,
    Unauthorized,
)
from efs_tui.core.exit_codes import EXIT_API_ERROR, EXIT_CREDENTIALS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from efs_tui.core.sanitize import replace_unsafe

from .arguments import ENDPOINT_COMPLETION, PROFILE_COMPLETION
from .errors import ConfigError
from .keystore import KeyringUnavailable, SecretStore, backend_name, keyring_status
from .login import (
    LoginResult,
    NotValidated,
    PendingLogin,
    create_app_hint,
    request_consumer_key,
    save_login,
    verify_application,
    verify_oauth2,
    wait_for_validation,
)
from .ovhconf import load_ovh_conf
from .redact import redact
from .resolve import ENV_VARS
from .settings import DEFAULT_PROFILE, load_config, save_config, validate_profile_name

T = TypeVar("T")


@dataclass
class Terminal:
    """The command's I/O. Tests pass their own ``input``/``getpass`` (a scripted user) and streams."""

    input: Callable[[str], str] = builtins.input
    getpass: Callable[[str], str] = getpass.getpass
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    secrets: set[str] = field(default_factory=set)
    """Every secret typed or received so far; nothing containing one is ever printed."""

    def say(self, text: str = "") -> None:
        print(self.safe(text), file=self.out, flush=True)

    def warn(self, text: str) -> None:
        print(self.safe(text), file=self.err, flush=True)

    def safe(self, text: str) -> str:
        """``text`` fit for the terminal: secrets masked, control/bidi characters (API text, URLs) as ``?``."""
        return replace_unsafe(redact(text, self.secrets), keep_newlines=True)

    def ask(self, prompt: str, default: str | None = None) -> str:
        suffix = f" [{default}]" if default else ""
        answer = self.input(redact(f"{prompt}{suffix}: ", self.secrets)).strip()
        return answer or (default or "")

    def ask_secret(self, prompt: str, env_var: str) -> str:
        """A hidden prompt, unless the secret is in the environment (then say so, never echo it)."""
        value = self.environ.get(env_var, "")
        if value:
            self.say(f"{prompt}: taken from {env_var}")
        else:
            value = self.getpass(f"{prompt} (hidden): ").strip()
        if not value:
            raise ConfigError(f"{prompt} is required")
        self.secrets.add(value)
        return value


def _run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@contextmanager
def _exit_codes(term: Terminal, result: list[int]) -> Iterator[None]:
    """Map exceptions to exit codes and messages (redacted); ``result[0]`` receives the code."""
    try:
        yield
    except KeyboardInterrupt:
        term.warn("\nAborted.")
        result[0] = EXIT_INTERRUPTED
    except EOFError:
        term.warn(
            "\nNo answer (input closed). Pass --endpoint/--application-key and set OVH_* secrets to run unattended."
        )
        result[0] = EXIT_USAGE
    except KeyringUnavailable as exc:
        term.warn(exc.keyring_status.message)
        result[0] = EXIT_CREDENTIALS
    except (ConfigError, InvalidConfiguration) as exc:
        term.warn(f"efs-tui: {exc.message}")
        result[0] = EXIT_USAGE
    except (InvalidCredential, NotCredential, InvalidKey, InvalidSignature, Unauthorized) as exc:
        # The API rejected the key or secret typed: the same "credentials" code as `efs-tui snapshots`.
        term.warn(f"efs-tui: {exc.title}: {exc.describe()}")
        result[0] = EXIT_CREDENTIALS
    except OvhError as exc:
        term.warn(f"efs-tui: {exc.title}: {exc.describe()}")
        result[0] = EXIT_API_ERROR


def _keyring_ok(term: Terminal) -> bool:
    status = keyring_status()
    if not status.ok:
        term.warn(status.message)
    return status.ok


# -- login ------------------------------------------------------------------------------------------------


Runner = Callable[[argparse.Namespace], int]
"""What a sub-command runs once :mod:`efs_tui.__main__` has parsed its arguments."""

LOGIN_DESCRIPTION = (
    "Create or refresh a profile: check your OVHcloud credentials, then store the secrets in the OS "
    "keyring and the other settings in the config file. Secrets are typed at hidden prompts or read "
    "from OVH_APPLICATION_SECRET / OVH_CLIENT_SECRET, never passed as arguments."
)


def login_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="efs-tui login")
    configure_login(parser)
    return parser


def configure_login(parser: argparse.ArgumentParser) -> Runner:
    """Give ``parser`` the options of ``efs-tui login``; return what runs the parsed command."""
    parser.description = LOGIN_DESCRIPTION
    profile = parser.add_argument("--profile", default=DEFAULT_PROFILE, help="profile name (default: %(default)s)")
    profile.complete = PROFILE_COMPLETION  # type: ignore[attr-defined]  # read by shtab (`efs-tui completion`)
    endpoint = parser.add_argument("--endpoint", help=f"API endpoint: {', '.join(ENDPOINTS)} or a base URL (emulator)")
    endpoint.complete = ENDPOINT_COMPLETION  # type: ignore[attr-defined]
    parser.add_argument("--application-key", metavar="AK", help="application key (else OVH_APPLICATION_KEY or prompt)")
    parser.add_argument("--read-only", action="store_true", help="ask for a consumer key that may only GET")
    parser.add_argument("--oauth2", action="store_true", help="use an OAuth2 service account instead of an app key")
    parser.add_argument("--client-id", help="OAuth2 client id (else OVH_CLIENT_ID or prompt)")
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="do not wait for Enter: poll the API until the consumer key is validated (see --timeout)",
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to poll with --no-wait (default 300)")
    parser.add_argument("--default", action="store_true", help="make this profile the default one")
    parser.add_argument(
        "--import-ovh-conf",
        nargs="?",
        const="",
        metavar="PATH",
        help="move the credentials of an ovh.conf (default: python-ovh's locations) into the keyring",
    )
    parser.add_argument("--no-verify", action="store_true", help="with --import-ovh-conf: store without checking")
    return run_login


def login_main(argv: list[str], terminal: Terminal | None = None) -> int:
    """``efs-tui login``: verify credentials with the API, then store them (see :func:`configure_login`)."""
    return run_login(login_parser().parse_args(argv), terminal)


def run_login(args: argparse.Namespace, terminal: Terminal | None = None) -> int:
    term = terminal or Terminal()
    code = [EXIT_OK]
    with _exit_codes(term, code):
        validate_profile_name(args.profile)
        if not _keyring_ok(term):
            return EXIT_CREDENTIALS
        if args.import_ovh_conf is not None:
            result = _import_ovh_conf(term, args)
        elif args.oauth2:
            result = _login_oauth2(term, args)
        else:
            result = _login_application(term, args)
        if result is None:
            return EXIT_API_ERROR
        resolved = save_login(result, args.profile, make_default=args.default)
        config = load_config()
        term.say(
            f"Saved profile {args.profile!r}"
            + (" (default)" if config.default_profile == args.profile else "")
            + f": secrets in the OS keyring ({backend_name()}), settings in {config.path}."
        )
        if resolved.read_only:
            term.say("This profile is read-only: efs-tui will not offer to create, change or delete snapshots.")
    return code[0]


def _ask_endpoint(term: Terminal, given: str | None) -> str:
    endpoint = given or term.ask(f"Endpoint ({', '.join(ENDPOINTS)} or URL)", "ovh-eu")
    resolve_endpoint(endpoint)  # raises InvalidConfiguration on a typo
    if not endpoint_offers_efs(endpoint):
        term.warn("warning: " + NO_EFS_WARNING.format(name=endpoint))
    return endpoint


def _login_application(term: Terminal, args: argparse.Namespace, endpoint: str | None = None) -> LoginResult | None:
    endpoint = endpoint or _ask_endpoint(term, args.endpoint)
    ak = args.application_key or term.environ.get(ENV_VARS["application_key"]) or ""
    if not ak:
        term.say(replace_unsafe(create_app_hint(endpoint), "?"))
        ak = term.ask("Application key")
    if not ak:
        raise ConfigError("An application key is required")
    secret = term.ask_secret("Application secret", ENV_VARS["application_secret"])
    return _validate_and_verify(term, args, endpoint, ak, secret)


def _validate_and_verify(
    term: Terminal, args: argparse.Namespace, endpoint: str, ak: str, secret: str
) -> LoginResult | None:
    rules = netapp_access_rules(args.read_only)
    term.say("Requesting a consumer key with these rights:")
    for rule in rules:
        term.say(f"  {rule['method']:6} {rule['path']}")
    pending = _run(request_consumer_key(endpoint, ak, secret, read_only=args.read_only))
    term.secrets.add(pending.credentials.consumer_key or "")
    term.say("")
    term.say("Open this URL in a browser, log in to your OVHcloud account and authorize the request:")
    term.say(f"  {pending.validation_url}")
    term.say("")
    result = _wait(term, args, pending)
    if result is not None:
        term.say(f"Consumer key validated. Granted rules: {', '.join(result.rules) or 'none listed'}")
    return result


def _wait(term: Terminal, args: argparse.Namespace, pending: PendingLogin) -> LoginResult | None:
    if args.no_wait:
        term.say(f"Waiting up to {args.timeout:g} s for the validation…")
        try:
            return _run(wait_for_validation(pending, timeout=args.timeout))
        except NotValidated as exc:
            term.warn(f"efs-tui: {exc.message}")
            return None
    while True:
        term.input("Press Enter once you have authorized it (Ctrl+C to abort)… ")
        try:
            return _run(verify_application(pending.endpoint, pending.credentials))
        except NotValidated as exc:
            term.warn(f"Not yet: {exc.message}")


def _login_oauth2(term: Terminal, args: argparse.Namespace, endpoint: str | None = None) -> LoginResult:
    endpoint = endpoint or _ask_endpoint(term, args.endpoint)
    client_id = args.client_id or term.environ.get(ENV_VARS["client_id"]) or term.ask("OAuth2 client id")
    if not client_id:
        raise ConfigError("An OAuth2 client id is required")
    secret = term.ask_secret("OAuth2 client secret", ENV_VARS["client_secret"])
    term.say("Checking the service account (token, then GET /storage/netapp)…")
    result = _run(verify_oauth2(endpoint, OAuth2Credentials(client_id, secret), read_only=args.read_only))
    term.say(f"OK: the service account sees {result.service_count} Enterprise File Storage service(s).")
    return result


def _import_ovh_conf(term: Terminal, args: argparse.Namespace) -> LoginResult | None:
    paths = [Path(args.import_ovh_conf).expanduser()] if args.import_ovh_conf else None
    conf = load_ovh_conf(paths)
    if not conf.files:
        where = args.import_ovh_conf or "/etc/ovh.conf, ~/.ovh.conf or ./ovh.conf"
        raise ConfigError(f"No ovh.conf found at {where}")
    endpoint = args.endpoint or (conf.endpoint.value if conf.endpoint else "ovh-eu")
    values = conf.credentials_for(endpoint)
    for value in values.values():
        term.secrets.add(value.value)
    names = set(values)
    if names & {"application_key", "application_secret", "consumer_key"} and names & {"client_id", "client_secret"}:
        raise ConfigError(f"[{endpoint}] in ovh.conf mixes an application key and an OAuth2 client: keep one")
    sources = sorted({str(v.path) for v in values.values()})
    if not values:
        raise ConfigError(f"No credentials in section [{endpoint}] of {', '.join(map(str, conf.files))}")
    term.say(f"Importing [{endpoint}] from {', '.join(sources)}")
    result: LoginResult | None
    if "client_id" in names:
        if "client_secret" not in names:
            raise ConfigError("ovh.conf has client_id without client_secret")
        creds = OAuth2Credentials(values["client_id"].value, values["client_secret"].value)
        result = (
            LoginResult(endpoint, creds, args.read_only)
            if args.no_verify
            else _run(verify_oauth2(endpoint, creds, read_only=args.read_only))
        )
    else:
        if not {"application_key", "application_secret"} <= names:
            raise ConfigError("ovh.conf needs both application_key and application_secret")
        ak, secret = values["application_key"].value, values["application_secret"].value
        if "consumer_key" not in names:
            term.say("ovh.conf has no consumer key: requesting one.")
            result = _validate_and_verify(term, args, endpoint, ak, secret)
        else:
            creds_ak = ApplicationCredentials(ak, secret, values["consumer_key"].value)
            result = (
                LoginResult(endpoint, creds_ak, args.read_only)
                if args.no_verify
                else _run(verify_application(endpoint, creds_ak))
            )
    if result is not None:
        term.say(
            "The secrets are now in the OS keyring. efs-tui no longer needs the plain-text file; "
            f"if no other tool uses it, you can delete it: {' '.join(sources)}"
        )
    return result


# -- logout -----------------------------------------------------------------------------------------------


def logout_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="efs-tui logout")
    configure_logout(parser)
    return parser


def configure_logout(parser: argparse.ArgumentParser) -> Runner:
    """Give ``parser`` the options of ``efs-tui logout``; return what runs the parsed command."""
    parser.description = "Remove a profile's secrets from the OS keyring (its settings stay in the config file)."
    profile = parser.add_argument("--profile", help="profile name (default: the default profile)")
    profile.complete = PROFILE_COMPLETION  # type: ignore[attr-defined]
    parser.add_argument(
        "--revoke", action="store_true", help="first expire the consumer key server side (POST /auth/logout)"
    )
    return run_logout


def logout_main(argv: list[str], terminal: Terminal | None = None) -> int:
    """``efs-tui logout [--profile P] [--revoke]``."""
    return run_logout(logout_parser().parse_args(argv), terminal)


def run_logout(args: argparse.Namespace, terminal: Terminal | None = None) -> int:
    term = terminal or Terminal()
    code = [EXIT_OK]
    with _exit_codes(term, code):
        config = load_config()
        profile = config.profiles.get(args.profile) if args.profile else config.default
        if profile is None:
            raise ConfigError(f"No profile {args.profile or DEFAULT_PROFILE!r} in {config.path}")
        if not _keyring_ok(term):
            return EXIT_CREDENTIALS
        store = SecretStore()
        if args.revoke:
            secrets = store.load(profile.name)
            term.secrets.update(secrets.values())
            if profile.scheme == "oauth2":
                term.say(
                    "OAuth2 client secrets cannot be revoked from here: delete the service account in the "
                    "OVHcloud Control Panel (or DELETE /me/api/oauth2/client/{clientId})."
                )
            elif profile.application_key and secrets.get("application_secret") and secrets.get("consumer_key"):
                creds = ApplicationCredentials(
                    profile.application_key, secrets["application_secret"], secrets["consumer_key"]
                )
                _revoke(term, profile.endpoint, creds)
        removed = store.delete_profile(profile.name)
        term.say(
            f"Removed {len(removed)} secret(s) of profile {profile.name!r} from the keyring. "
            f"Its settings remain in {config.path} (`efs-tui profiles delete {profile.name}` removes them)."
        )
    return code[0]


def _revoke(term: Terminal, endpoint: str, creds: ApplicationCredentials) -> None:
    async def call() -> None:
        async with OvhClient(endpoint, creds) as client:
            await client.logout()

    try:
        _run(call())
        term.say("The consumer key is expired server side (POST /auth/logout).")
    except (InvalidCredential, NotCredential):
        term.say("The consumer key was already invalid server side.")


# -- profiles ---------------------------------------------------------------------------------------------


def profiles_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="efs-tui profiles")
    configure_profiles(parser)
    return parser


def configure_profiles(parser: argparse.ArgumentParser) -> Runner:
    """Give ``parser`` the sub-commands of ``efs-tui profiles``; return what runs the parsed command."""
    parser.description = "List, choose or delete profiles."
    sub = parser.add_subparsers(dest="command")
    listing = sub.add_parser("list", help="list profiles and where their secrets are (the default)")
    listing.add_argument(
        "--names", action="store_true", help="only the profile names, one per line (for scripts and completion)"
    )
    default = sub.add_parser("default", help="make a profile the default one")
    default.add_argument("name").complete = PROFILE_COMPLETION  # type: ignore[attr-defined]
    delete = sub.add_parser("delete", help="delete a profile: its secrets and its settings")
    delete.add_argument("name").complete = PROFILE_COMPLETION  # type: ignore[attr-defined]
    return run_profiles


def profiles_main(argv: list[str], terminal: Terminal | None = None) -> int:
    """``efs-tui profiles [list [--names] | default NAME | delete NAME]``."""
    return run_profiles(profiles_parser().parse_args(argv), terminal)


def run_profiles(args: argparse.Namespace, terminal: Terminal | None = None) -> int:
    term = terminal or Terminal()
    code = [EXIT_OK]
    with _exit_codes(term, code):
        config = load_config()
        if getattr(args, "names", False):
            # Completion calls this on every Tab: the config file only, no keyring, no ovh.conf.
            for name in config.profiles:
                term.say(name)
            return EXIT_OK
        if args.command in ("default", "delete") and args.name not in config.profiles:
            raise ConfigError(f"No profile {args.name!r} in {config.path}")
        if args.command == "default":
            config.default_profile = args.name
            save_config(config)
            term.say(f"Default profile: {args.name}")
        elif args.command == "delete":
            if not _keyring_ok(term):
                return EXIT_CREDENTIALS
            removed = SecretStore().delete_profile(args.name)
            config.remove_profile(args.name)
            save_config(config)
            term.say(f"Deleted profile {args.name!r} ({len(removed)} secret(s) removed from the keyring).")
        else:
            _list_profiles(term)
    return code[0]


def _list_profiles(term: Terminal) -> None:
    config = load_config()
    status = keyring_status(operation="read")  # listing only looks the secrets up
    term.say(f"Config file: {config.path}{'' if config.path.exists() else ' (not created yet)'}")
    term.say(f"Keyring: {status.backend} ({status.state.value})")
    if not config.profiles:
        term.say("No profiles yet: run `efs-tui login`.")
    store = SecretStore()
    for name, profile in config.profiles.items():
        mark = "*" if config.default and config.default.name == name else " "
        ident = f"client id {profile.client_id}" if profile.client_id else f"application key {profile.application_key}"
        fields = ("client_secret",) if profile.scheme == "oauth2" else ("application_secret", "consumer_key")
        if status.ok:
            present = [f for f in fields if store.get(name, f)]
            missing = [f for f in fields if f not in present]
            where = "keyring" + (f" (missing: {', '.join(missing)})" if missing else "")
        else:
            where = f"keyring {status.state.value}"
        flags = " read-only" if profile.read_only else ""
        term.say(f"{mark} {name:12} {profile.endpoint:14} {ident}{flags}; secrets: {where}")
    env = [var for var in ENV_VARS.values() if term.environ.get(var)]
    if env:
        term.say(f"Also set: {', '.join(env)} (environment variables come before profiles).")
    conf = load_ovh_conf()
    if conf.files:
        files = ", ".join(map(str, conf.files))
        term.say(f"Also found: {files} (plain text; `efs-tui login --import-ovh-conf` moves it into the keyring).")
    if not status.ok:
        term.say("")
        term.say(status.message)
