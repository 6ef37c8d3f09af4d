"""What every ``efs-tui snapshots`` command shares: the session, name resolution, error mapping.

Exit codes come from the one table, :mod:`efs_tui.core.exit_codes`.

The session is the only part that knows where credentials come from
(:func:`_resolve_client`, on top of :mod:`efs_tui.config.resolve`) and how
``--demo`` starts a private emulator; commands receive a ready :class:`Context`.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from efs_tui.api.auth import ENDPOINTS, NO_EFS_WARNING, ApplicationCredentials, endpoint_offers_efs
from efs_tui.api.client import OvhClient
from efs_tui.api.errors import (
    InvalidConfiguration,
    InvalidCredential,
    InvalidKey,
    InvalidSignature,
    NotCredential,
    NotFound,
    NotGrantedCall,
    OAuth2Failure,
    OvhError,
    Unauthorized,
)
from efs_tui.api.models import Service, Share
from efs_tui.core.activity import redact
from efs_tui.core.audit import AuditLog
from efs_tui.core.exit_codes import EXIT_API_ERROR, EXIT_CREDENTIALS, EXIT_NOT_FOUND, EXIT_USAGE
from efs_tui.core.writes import Writer

from .output import clean

#: Errors that mean "these credentials cannot work", as opposed to "this call was refused".
#: An :class:`OAuth2Failure` counts only when the token endpoint refused the client (see
#: :func:`is_credentials_problem`): a 5xx or a garbled answer is the API's failure, not the user's.
_CREDENTIAL_ERRORS: Final = (
    InvalidConfiguration,
    InvalidCredential,
    NotCredential,
    InvalidKey,
    InvalidSignature,
    Unauthorized,
)

#: 4xx answers of the token endpoint that say nothing about the client credentials.
_TRANSIENT_4XX: Final = frozenset({408, 429})


def is_credentials_problem(error: OvhError) -> bool:
    """Whether ``error`` means "fix the credentials" (exit 4) rather than "the API or network failed" (exit 1).

    The OAuth2 token endpoint refusing the client id or secret (a 4xx other than
    408/429) is a credentials problem; a 5xx, a 408/429, a 2xx without a token
    or no answer at all (a :class:`~efs_tui.api.errors.NetworkError`) is not:
    telling the user to log in again would send them the wrong way.
    """
    if isinstance(error, OAuth2Failure):
        status = error.status or 0
        return 400 <= status < 500 and status not in _TRANSIENT_4XX
    return isinstance(error, _CREDENTIAL_ERRORS)


class CliError(Exception):
    """A failure with its exit code and a message for stderr (already terminal-safe)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(slots=True)
class Context:
    """What every command needs: the client, where it points, how to write, and how to report."""

    client: OvhClient
    profile: str | None
    endpoint: str
    audit: AuditLog | None
    """``None`` with ``--demo``: the demo touches no user state, the audit log included."""
    json: bool = False
    secrets: tuple[str, ...] = field(default=(), repr=False)
    writer: Writer = field(init=False, repr=False)
    """The one write path (:mod:`efs_tui.core.writes`): outcome, wording and audit record of every write."""

    def __post_init__(self) -> None:
        self.writer = Writer(
            self.client, self.audit, profile=self.profile, endpoint=self.endpoint, on_audit_error=self._audit_failed
        )

    def out(self, line: str = "") -> None:
        """One line on stdout (resolved at call time, so tests capturing stdout see it)."""
        print(line, file=sys.stdout)

    def note(self, line: str) -> None:
        """One message on stderr."""
        print(self.redact(line), file=sys.stderr)

    def redact(self, text: str) -> str:
        """``text`` without any of the session's secrets (belt and braces: errors carry none)."""
        return redact(text, self.secrets)

    def _audit_failed(self, problem: OSError) -> None:
        """A failure to write the audit log is a warning: the action already happened."""
        path = self.audit.path if self.audit is not None else "?"
        self.note(f"warning: could not write the audit log {path}: {problem.strerror or problem}")


def check_endpoint(endpoint: str) -> None:
    """Refuse an ``--endpoint`` that is neither a known name nor a URL, as a usage error (exit 2).

    Checked before the config is even read, so a typo is not reported as a
    credentials problem.
    """
    if endpoint not in ENDPOINTS and not endpoint.startswith(("http://", "https://")):
        known = ", ".join(ENDPOINTS)
        raise CliError(f"error: unknown endpoint {clean(endpoint)!r}: use one of {known} or an http(s) URL", EXIT_USAGE)


# -- sessions ----------------------------------------------------------------------------------------------


def _resolve_client(args: argparse.Namespace) -> tuple[OvhClient, str | None, str, tuple[str, ...]]:
    """Client, profile name, endpoint label and secrets from flags, environment, profile and keyring.

    The one place that knows the config module: flags first, then ``OVH_*``
    variables, then the profile (secrets from the OS keyring), then ``ovh.conf``.

    Raises:
        CliError: (exit 4) no usable credentials, unknown profile, keyring locked.
    """
    from efs_tui.config.resolve import Overrides, resolve_config

    try:
        resolved = resolve_config(Overrides(endpoint=getattr(args, "endpoint", None), profile=args.profile))
        client = resolved.client()
    except InvalidConfiguration as error:
        # Sanitized line by line: the no-keyring message is several lines, and a newline is not unsafe text.
        text = "\n".join(clean(line, missing="") for line in error.message.split("\n"))
        raise CliError(f"error: {text}", EXIT_CREDENTIALS) from None
    if not endpoint_offers_efs(resolved.endpoint):
        print("warning: " + NO_EFS_WARNING.format(name=clean(resolved.endpoint)), file=sys.stderr)
    return client, resolved.profile, resolved.endpoint, resolved.secrets()


@contextlib.asynccontextmanager
async def open_session(args: argparse.Namespace) -> AsyncIterator[Context]:
    """Open the client (and, with ``--demo``, a private emulator) for the length of one command."""
    as_json = bool(getattr(args, "json", False))
    with contextlib.ExitStack() as stack:
        if args.demo:
            from efs_tui.emulator import EmulatorServer

            server = stack.enter_context(EmulatorServer(dataset="demo"))
            creds = server.credentials
            credentials = ApplicationCredentials(creds.application_key, creds.application_secret, creds.consumer_key)
            client = OvhClient(server.base_url, credentials)
            context = Context(client, "demo", "demo", None, as_json, credentials.secrets())
            context.note("demo: using the embedded emulator with sample data; nothing is kept after this command")
        else:
            client, profile, endpoint, secrets = _resolve_client(args)
            context = Context(client, profile, endpoint, AuditLog(), as_json, secrets)
        try:
            yield context
        finally:
            await client.aclose()


# -- resolving names ---------------------------------------------------------------------------------------


def _candidates(items: Sequence[tuple[str, str | None]]) -> str:
    return "\n".join(f"  {clean(item_id)}  {clean(label)}" for item_id, label in items)


async def resolve_service(ctx: Context, wanted: str) -> Service:
    """The service whose id or exact name is ``wanted`` (id wins).

    Raises:
        CliError: none matches (exit 3) or several share the name (exit 2).
    """
    services = await ctx.client.list_services()
    for service in services:
        if service.id == wanted:
            return service
    matches = [s for s in services if s.name == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listing = _candidates([(s.id, s.name) for s in matches])
        raise CliError(f"error: {len(matches)} services are named {clean(wanted)!r}; use an id:\n{listing}", EXIT_USAGE)
    known = ", ".join(clean(s.label) for s in services[:20]) or "none"
    raise CliError(f"error: no service {clean(wanted)!r} (services: {known})", EXIT_NOT_FOUND)


async def resolve_share(ctx: Context, service: Service, wanted: str) -> Share:
    """The share of ``service`` whose id, name or mount point name is ``wanted`` (id wins).

    Raises:
        CliError: none matches (exit 3) or several do (exit 2).
    """
    try:
        shares = await ctx.client.list_shares(service.id)
    except NotFound:
        raise CliError(f"error: service {clean(service.label)!r} not found", EXIT_NOT_FOUND) from None
    for share in shares:
        if share.id == wanted:
            return share
    matches = [s for s in shares if wanted in (s.name, s.mount_point_name)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listing = _candidates([(s.id, f"{s.name or '-'} (mount point {s.mount_point_name or '-'})") for s in matches])
        raise CliError(f"error: {len(matches)} shares match {clean(wanted)!r}; use an id:\n{listing}", EXIT_USAGE)
    known = ", ".join(clean(s.label) for s in shares[:20]) or "none"
    raise CliError(
        f"error: no share {clean(wanted)!r} in service {clean(service.label)!r} (shares: {known})", EXIT_NOT_FOUND
    )


async def resolve_both(ctx: Context, args: argparse.Namespace) -> tuple[Service, Share]:
    service = await resolve_service(ctx, args.service)
    return service, await resolve_share(ctx, service, args.share)


# -- errors ------------------------------------------------------------------------------------------------


def api_error(ctx: Context | None, error: OvhError) -> CliError:
    """Map an API error to its exit code and a stderr message with status, OVH code, message and query id."""
    text = "\n  ".join(clean(line) for line in error.describe().split("\n"))
    if ctx is not None:
        text = ctx.redact(text)
    if isinstance(error, NotGrantedCall):
        text += "\n  (the credentials do not allow this call: a read-only key?)"
    if isinstance(error, NotFound):
        return CliError(f"error: {text}", EXIT_NOT_FOUND)
    if is_credentials_problem(error):
        hint = "" if "efs-tui login" in text else "\n  (check the credentials: `efs-tui login`)"
        return CliError(f"error: {text}{hint}", EXIT_CREDENTIALS)
    return CliError(f"error: {text}", EXIT_API_ERROR)


__all__ = [
    "CliError",
    "Context",
    "api_error",
    "check_endpoint",
    "is_credentials_problem",
    "open_session",
    "resolve_both",
    "resolve_service",
    "resolve_share",
]
