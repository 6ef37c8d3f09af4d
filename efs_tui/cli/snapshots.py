"""``efs-tui snapshots …``: list, create and delete EFS snapshots from scripts.

Usage::

    efs-tui snapshots services                                   [--json]
    efs-tui snapshots shares   SERVICE                           [--json]
    efs-tui snapshots list     SERVICE SHARE [--json|--csv] [--type T] [--status S] [--output FILE]
    efs-tui snapshots create   SERVICE SHARE [--name N] [--description D] [--wait] [--timeout S] [--json]
    efs-tui snapshots delete   SERVICE SHARE SNAPSHOT_ID --yes   [--wait] [--timeout S] [--json]

Every sub-command also takes ``--demo`` (the embedded emulator, no credentials),
``--profile NAME`` and ``--endpoint ovh-eu|…|URL``. SERVICE is a service id or
its exact name; SHARE a share id, name or mount point name. A name that matches
several objects is refused with the candidates listed, never guessed.

Exit codes (also in ``--help``):

    0    success (including deleting a snapshot that was already gone)
    1    the API refused or failed (HTTP status, OVH message and query id on stderr), or a file error
    2    usage or validation error, or a delete without --yes
    3    service, share or snapshot not found
    4    credentials, profile or keyring problem
    5    timed out while waiting (--wait)
    130  interrupted (Ctrl+C)

Rules that make it safe to script: output on stdout is either aligned text
(API strings made terminal-safe) or, with ``--json``, JSON only; every message
goes to stderr. Name and description are validated before any request.
POST and DELETE are never retried (the client retries only GETs), and every
create or delete that reached the API is appended to the audit log.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Final, NoReturn

from efs_tui.api.errors import (
    NetworkError,
    NotFound,
    OvhError,
    RateLimited,
    RequestTimeout,
    ServerError,
)
from efs_tui.api.models import Service, Share, Snapshot, SnapshotType
from efs_tui.core import output_schema
from efs_tui.core.export import (
    SnapshotRow,
    export_snapshots,
    rows_for,
    safe_json_dumps,
    snapshots_document,
    snapshots_to_csv,
)
from efs_tui.core.export import format_utc as rfc3339_utc
from efs_tui.core.validation import validate_draft

from .output import clean, table, truncate
from .prune import add_prune_command, check_prune_args, cmd_prune
from .session import (
    EXIT_API_ERROR,
    EXIT_CREDENTIALS,
    EXIT_INTERRUPTED,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    CliError,
    Context,
    api_error,
    check_endpoint,
    open_session,
    resolve_both,
    resolve_service,
)

#: Audit message for a mutation cut short by Ctrl+C: the API may or may not have done it.
_INTERRUPTED: Final = "interrupted before the API answered: outcome unknown"

#: Errors worth polling through while waiting: the state is unknown, not wrong.
_TRANSIENT: Final = (NetworkError, ServerError, RateLimited, RequestTimeout)

EPILOG: Final = """\
exit codes:
  0    success (deleting a snapshot that is already gone counts as success)
  1    API error: HTTP status, OVH message and query id are printed on stderr
  2    usage or validation error, or delete without --yes
  3    service, share or snapshot not found
  4    credentials, profile or keyring problem (try `efs-tui login`)
  5    timed out while waiting (--wait)
  130  interrupted

SERVICE is a service id or exact name; SHARE a share id, name or mount point name.
With --json, stdout carries JSON only, one object whose "schema" names its version
(efs-tui.snapshots/1, …; documented in docs/scripting-output.md); messages always go to stderr.
Every create and delete is recorded in the audit log ($EFS_TUI_STATE_DIR/audit.jsonl
or the user state directory)."""

#: Default and ceiling of ``--timeout`` for ``--wait`` (Terraform waits 360 s for a snapshot).
DEFAULT_WAIT_TIMEOUT: Final = 360.0

#: Poll schedule while waiting: first check soon, then back off up to the cap (Trident caps at 5 s).
POLL_INITIAL: Final = 0.5
POLL_FACTOR: Final = 1.5
POLL_MAX: Final = 5.0

#: Widest a name may get in a human table before it is cut with "…".
NAME_COLUMN_MAX: Final = 48

# -- argument parsing -------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose usage errors raise instead of exiting, so :func:`main` returns 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise CliError(f"{self.prog}: error: {message}", EXIT_USAGE)


def _positive(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError("must be a positive number of seconds")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The ``efs-tui snapshots`` parser with its five sub-commands."""
    parser = _Parser(prog="efs-tui snapshots")
    configure_parser(parser)
    return parser


def _connection_arguments(parser: argparse.ArgumentParser) -> None:
    from efs_tui.config.cli import ENDPOINT_COMPLETION, PROFILE_COMPLETION

    group = parser.add_argument_group("connection")
    # SUPPRESS: the options are accepted before and after the sub-command without one hiding the other.
    group.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help="use the embedded emulator")
    profile = group.add_argument(
        "--profile", default=argparse.SUPPRESS, help="credentials profile (default: the default one)"
    )
    profile.complete = PROFILE_COMPLETION  # type: ignore[attr-defined]  # read by shtab (`efs-tui completion`)
    endpoint = group.add_argument(
        "--endpoint", default=argparse.SUPPRESS, help="ovh-eu, ovh-ca, ovh-us, … or a base URL"
    )
    endpoint.complete = ENDPOINT_COMPLETION  # type: ignore[attr-defined]


def configure_parser(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    """Give ``parser`` the five sub-commands (``efs-tui`` builds one parser tree); return what runs them."""
    parser.description = "Scriptable OVHcloud Enterprise File Storage snapshot commands."
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    _connection_arguments(parser)
    # type(parser): _Parser (usage errors raise CliError) for `main`, argparse's own under `efs-tui`'s tree.
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=type(parser))
    sub.required = True

    def command(name: str, help_: str) -> argparse.ArgumentParser:
        sub_parser = sub.add_parser(
            name,
            help=help_,
            description=help_[0].upper() + help_[1:] + ".",
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _connection_arguments(sub_parser)
        return sub_parser

    services = command("services", "list the EFS services of the account")
    services.add_argument("--json", action="store_true", help="print JSON")

    shares = command("shares", "list the shares of a service")
    shares.add_argument("service", metavar="SERVICE", help="service id or name")
    shares.add_argument("--json", action="store_true", help="print JSON")

    def share_arguments(sub_parser: argparse.ArgumentParser) -> None:
        sub_parser.add_argument("service", metavar="SERVICE", help="service id or name")
        sub_parser.add_argument("share", metavar="SHARE", help="share id, name or mount point name")

    def wait_arguments(sub_parser: argparse.ArgumentParser, until: str) -> None:
        sub_parser.add_argument("--wait", action="store_true", help=f"wait until the snapshot is {until}")
        sub_parser.add_argument(
            "--timeout",
            type=_positive,
            default=DEFAULT_WAIT_TIMEOUT,
            metavar="SECONDS",
            help="give up waiting after SECONDS (default: %(default)g)",
        )

    listing = command("list", "list the snapshots of a share, newest first")
    share_arguments(listing)
    fmt = listing.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON (efs-tui.snapshots/1, with serviceId and shareId)")
    fmt.add_argument("--csv", action="store_true", help="print CSV (formula-safe)")
    listing.add_argument("--type", choices=[t.value for t in SnapshotType], help="only snapshots of this type")
    listing.add_argument("--status", metavar="S", help="only snapshots in this status (e.g. available, error)")
    listing.add_argument("-o", "--output", metavar="FILE", help="write to FILE (.json or .csv) instead of stdout")
    listing.add_argument("--overwrite", action="store_true", help="allow --output to replace an existing file")

    create = command("create", "create a manual snapshot")
    share_arguments(create)
    create.add_argument("--name", default="", help="snapshot name (at most 64 characters)")
    create.add_argument("--description", default="", help="snapshot description (at most 255 characters)")
    wait_arguments(create, "available")
    create.add_argument("--json", action="store_true", help="print the snapshot as JSON")

    delete = command("delete", "delete a snapshot (needs --yes)")
    share_arguments(delete)
    delete.add_argument("snapshot", metavar="SNAPSHOT_ID", help="id of the snapshot to delete")
    delete.add_argument("--yes", action="store_true", help="confirm the deletion (required)")
    wait_arguments(delete, "gone")
    delete.add_argument("--json", action="store_true", help="print the outcome as JSON")
    add_prune_command(command)
    return run


# -- validation ---------------------------------------------------------------------------------------


def validate_fields(name: str, description: str) -> tuple[str | None, str | None]:
    """Trim and check a snapshot's name and description with the TUI dialog's rules.

    Raises:
        CliError: (exit 2) a control character, or a field over its length limit.
    """
    draft, errors = validate_draft(name, description)
    if draft is None:
        raise CliError("\n".join(f"error: {clean(error)}" for error in errors), EXIT_USAGE)
    return draft.name, draft.description


# -- commands ---------------------------------------------------------------------------------------------


def _newest_first(snapshots: list[Snapshot]) -> list[Snapshot]:
    """Newest first, as the Manager shows them; undated snapshots last."""
    return sorted(snapshots, key=lambda s: s.created_at.timestamp() if s.created_at else float("-inf"), reverse=True)


def _created(snapshot: Snapshot) -> str:
    return (rfc3339_utc(snapshot.created_at) or "-").replace("T", " ").rstrip("Z")


async def cmd_services(ctx: Context, args: argparse.Namespace) -> int:
    services = await ctx.client.list_services()
    if ctx.json:
        records = [output_schema.service_record(s) for s in services]
        ctx.out(safe_json_dumps(output_schema.document(output_schema.SERVICES, records), indent=2))
        return EXIT_OK
    rows = [
        [
            clean(s.id),
            truncate(clean(s.name), NAME_COLUMN_MAX),
            clean(s.region),
            clean(s.status),
            f"{s.quota} GB" if s.quota is not None else "-",  # the unit of share sizes (the API's schema: GB)
        ]
        for s in services
    ]
    for line in table(["ID", "NAME", "REGION", "STATUS", "QUOTA"], rows):
        ctx.out(line)
    return EXIT_OK


async def cmd_shares(ctx: Context, args: argparse.Namespace) -> int:
    service = await resolve_service(ctx, args.service)
    try:
        shares = await ctx.client.list_shares(service.id)
    except NotFound:
        raise CliError(f"error: service {clean(service.label)!r} not found", EXIT_NOT_FOUND) from None
    if ctx.json:
        records = [output_schema.share_record(service.id, s) for s in shares]
        ctx.out(safe_json_dumps(output_schema.document(output_schema.SHARES, records), indent=2))
        return EXIT_OK
    rows = [
        [
            clean(s.id),
            truncate(clean(s.name), NAME_COLUMN_MAX),
            truncate(clean(s.mount_point_name), NAME_COLUMN_MAX),
            f"{s.size} GB" if s.size is not None else "-",
            clean(s.status),
        ]
        for s in shares
    ]
    for line in table(["ID", "NAME", "MOUNT POINT", "SIZE", "STATUS"], rows):
        ctx.out(line)
    return EXIT_OK


async def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    service, share = await resolve_both(ctx, args)
    try:
        snapshots = await ctx.client.list_snapshots(service.id, share.id)
    except NotFound:
        raise CliError(f"error: share {clean(share.label)!r} not found", EXIT_NOT_FOUND) from None
    if args.type:
        snapshots = [s for s in snapshots if s.type == args.type]
    if args.status:
        snapshots = [s for s in snapshots if s.status == args.status]
    rows = rows_for(service.id, share.id, _newest_first(snapshots))
    if args.output:
        fmt = "json" if args.json else "csv" if args.csv else None
        try:
            path = export_snapshots(rows, args.output, fmt, overwrite=args.overwrite)
        except FileExistsError as exc:
            raise CliError(f"error: {clean(str(exc))} (use --overwrite to replace it)", EXIT_USAGE) from None
        except ValueError as exc:
            raise CliError(f"error: {clean(str(exc))}", EXIT_USAGE) from None
        except OSError as exc:
            raise CliError(f"error: cannot write {clean(args.output)}: {exc.strerror or exc}", EXIT_API_ERROR) from None
        ctx.note(f"wrote {len(rows)} snapshot(s) to {clean(str(path))}")
        return EXIT_OK
    if args.json:
        ctx.out(_json_rows(rows))
    elif args.csv:
        text = snapshots_to_csv(rows)
        if _is_tty():  # CSV is data, kept exact for pipes; only a terminal gets the '?' treatment
            text = "\n".join(clean(line, missing="") for line in text.split("\r\n"))
        sys.stdout.write(text)
    elif not rows:
        ctx.note(_nothing_listed(share, args))
    else:
        table_rows = [_snapshot_cells(row.snapshot) for row in rows]
        for line in table(["ID", "NAME", "TYPE", "STATUS", "CREATED (UTC)"], table_rows):
            ctx.out(line)
    return EXIT_OK


def _nothing_listed(share: Share, args: argparse.Namespace) -> str:
    """Why the table is empty: the share has no snapshot, or the filters matched none of them."""
    filters = [f"--{option} {clean(value)}" for option in ("type", "status") if (value := getattr(args, option))]
    if filters:
        return f"no snapshots on share {clean(share.label)!r} match {' '.join(filters)}"
    return f"no snapshots on share {clean(share.label)!r}"


def _snapshot_cells(snapshot: Snapshot) -> list[str]:
    name = truncate(clean(snapshot.name), NAME_COLUMN_MAX)
    return [clean(snapshot.id), name, clean(snapshot.type), clean(snapshot.status), _created(snapshot)]


def _is_tty() -> bool:
    isatty: Callable[[], bool] | None = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def _json_rows(rows: list[SnapshotRow]) -> str:
    return safe_json_dumps(snapshots_document(rows), indent=2)


async def cmd_create(ctx: Context, args: argparse.Namespace) -> int:
    name, description = validate_fields(args.name, args.description)
    service, share = await resolve_both(ctx, args)
    where = {"service_id": service.id, "share_id": share.id}
    try:
        snapshot = await ctx.client.create_snapshot(service.id, share.id, name, description)
    except asyncio.CancelledError:
        ctx.record("create", result="error", name=name, error=_INTERRUPTED, **where)
        raise
    except OvhError as error:
        ctx.record("create", result="error", name=name, error=error, **where)
        if isinstance(error, NotFound):
            raise CliError(f"error: share {clean(share.label)!r} not found", EXIT_NOT_FOUND) from None
        raise
    ctx.record("create", result="ok", snapshot_id=snapshot.id, name=snapshot.name or name, **where)
    if not ctx.json:
        ctx.out(f"created snapshot {clean(snapshot.id)} ({clean(snapshot.name)}) on share {clean(share.label)}")
    if args.wait:
        snapshot = await _wait_available(ctx, service.id, share.id, snapshot, args.timeout)
    if ctx.json:
        record = SnapshotRow(service.id, share.id, snapshot).to_json()
        ctx.out(safe_json_dumps(output_schema.document(output_schema.CREATE, record), indent=2))
    elif args.wait:
        ctx.out(f"snapshot {clean(snapshot.id)} is {clean(snapshot.status)}")
    else:
        ctx.out(f"status: {clean(snapshot.status)} (use --wait to wait until it is available)")
    return EXIT_OK


async def cmd_delete(ctx: Context, args: argparse.Namespace) -> int:
    service, share = await resolve_both(ctx, args)
    where = {"service_id": service.id, "share_id": share.id, "snapshot_id": args.snapshot}
    try:
        current: Snapshot | None = await ctx.client.get_snapshot(service.id, share.id, args.snapshot)
    except NotFound:
        current = None
    if current is None or current.status == "deleting":
        # Deleting is idempotent for scripts: the state the user asked for is (being) reached.
        ctx.record("delete", result="already-gone", name=current.name if current else None, **where)
        outcome = "already-gone" if current is None else "deleting"
        if current is not None and args.wait:
            await _wait_gone(ctx, service.id, share.id, args.snapshot, args.timeout)
            outcome = "already-gone"
        message = "already deleted" if outcome == "already-gone" else "already being deleted"
        return _delete_done(ctx, args, service, share, current, outcome, message)
    try:
        await ctx.client.delete_snapshot(service.id, share.id, args.snapshot)
    except asyncio.CancelledError:
        ctx.record("delete", result="error", name=current.name, error=_INTERRUPTED, **where)
        raise
    except NotFound:
        ctx.record("delete", result="already-gone", name=current.name, **where)
        return _delete_done(ctx, args, service, share, current, "already-gone", "already deleted")
    except OvhError as error:
        ctx.record("delete", result="error", name=current.name, error=error, **where)
        raise
    ctx.record("delete", result="ok", name=current.name, **where)
    if args.wait:
        await _wait_gone(ctx, service.id, share.id, args.snapshot, args.timeout)
        return _delete_done(ctx, args, service, share, current, "deleted", "deleted")
    return _delete_done(ctx, args, service, share, current, "deleting", "deletion requested (status deleting)")


def _delete_done(
    ctx: Context,
    args: argparse.Namespace,
    service: Service,
    share: Share,
    snapshot: Snapshot | None,
    outcome: str,
    message: str,
) -> int:
    if ctx.json:
        name = snapshot.name if snapshot else None
        data = output_schema.delete_record(service.id, share.id, args.snapshot, name, outcome)
        ctx.out(safe_json_dumps(data, indent=2))
    else:
        label = f" ({clean(snapshot.name)})" if snapshot and snapshot.name else ""
        ctx.out(f"snapshot {clean(args.snapshot)}{label}: {message}")
    return EXIT_OK


# -- waiting --------------------------------------------------------------------------------------------------


async def _poll(
    ctx: Context,
    fetch: Callable[[], Awaitable[Snapshot]],
    judge: Callable[[Snapshot | None], bool],
    timeout: float,
    what: str,
) -> Snapshot | None:
    """Call ``fetch`` (a GET) until ``judge`` says done, backing off from 0.5 s to 5 s between calls.

    ``judge`` returns True when done and raises :class:`CliError` on a failure
    state. Transient errors (network, 5xx, 429, 408) only delay the next check:
    while waiting, not knowing is not failing. The deadline is checked before
    each sleep so the command never overshoots ``timeout`` by a full interval.
    """
    deadline = time.monotonic() + timeout
    delay = POLL_INITIAL
    last = "unknown"
    while True:
        known = True
        snapshot: Snapshot | None = None
        try:
            snapshot = await fetch()
        except NotFound:
            snapshot = None
        except _TRANSIENT as error:
            known = False
            ctx.note(f"warning: {clean(error.message)}; still waiting")
        if known:
            last = (snapshot.status or "unknown") if snapshot else "gone"
            if judge(snapshot):
                return snapshot
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            message = f"error: timed out after {timeout:g} s waiting for {what} (last status: {clean(last)})"
            raise CliError(message, EXIT_TIMEOUT)
        await asyncio.sleep(min(delay, remaining))
        delay = min(delay * POLL_FACTOR, POLL_MAX)


async def _wait_available(ctx: Context, service_id: str, share_id: str, snapshot: Snapshot, timeout: float) -> Snapshot:
    """Poll until the new snapshot is ``available``; an error status or its disappearance is exit 1."""
    if not ctx.json:
        ctx.note(f"waiting up to {timeout:g} s for snapshot {clean(snapshot.id)} to become available…")

    def judge(current: Snapshot | None) -> bool:
        if current is None:
            raise CliError(f"error: snapshot {clean(snapshot.id)} disappeared while being created", EXIT_API_ERROR)
        if current.status == "available":
            return True
        if current.is_transitional:
            return False
        raise CliError(f"error: snapshot {clean(snapshot.id)} ended in status {clean(current.status)}", EXIT_API_ERROR)

    result = await _poll(
        ctx, lambda: ctx.client.get_snapshot(service_id, share_id, snapshot.id), judge, timeout, "the snapshot"
    )
    assert result is not None
    return result


async def _wait_gone(ctx: Context, service_id: str, share_id: str, snapshot_id: str, timeout: float) -> None:
    """Poll until the snapshot answers 404; ``error_deleting`` or another settled status is exit 1."""
    if not ctx.json:
        ctx.note(f"waiting up to {timeout:g} s for snapshot {clean(snapshot_id)} to disappear…")

    def judge(current: Snapshot | None) -> bool:
        if current is None:
            return True
        if current.is_transitional:
            return False
        message = f"error: deleting snapshot {clean(snapshot_id)} failed: status {clean(current.status)}"
        raise CliError(message, EXIT_API_ERROR)

    await _poll(ctx, lambda: ctx.client.get_snapshot(service_id, share_id, snapshot_id), judge, timeout, "the deletion")


# -- entry point -----------------------------------------------------------------------------------------------

COMMANDS: Final = {
    "services": cmd_services,
    "shares": cmd_shares,
    "list": cmd_list,
    "create": cmd_create,
    "delete": cmd_delete,
    "prune": cmd_prune,
}


async def _run(args: argparse.Namespace) -> int:
    ctx: Context | None = None
    try:
        async with open_session(args) as ctx:
            return await COMMANDS[args.command](ctx, args)
    except OvhError as error:
        raise api_error(ctx, error) from None


def _preflight(args: argparse.Namespace) -> None:
    """Every check that needs no request, so a refused command costs no API call."""
    if args.demo and (args.profile or args.endpoint):
        raise CliError("error: --demo cannot be combined with --profile or --endpoint", EXIT_USAGE)
    if args.endpoint:
        check_endpoint(args.endpoint)
    if args.command == "create":
        validate_fields(args.name, args.description)
    if args.command == "delete" and not args.yes:
        raise CliError("error: refusing to delete without --yes (deleting a snapshot cannot be undone)", EXIT_USAGE)
    if args.command == "prune":
        check_prune_args(args)


def main(argv: list[str] | None = None) -> int:
    """Run one ``efs-tui snapshots`` command; return its exit code (see the module docstring)."""
    try:
        try:
            args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
        except SystemExit as done:  # --help and --version exit 0 through argparse
            return done.code if isinstance(done.code, int) else EXIT_OK
    except CliError as error:
        print(error.message, file=sys.stderr)
        return error.code
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Run the parsed command; return its exit code."""
    try:
        for option, default in (("demo", False), ("profile", None), ("endpoint", None)):
            if not hasattr(args, option):
                setattr(args, option, default)
        _preflight(args)
        return asyncio.run(_run(args))
    except CliError as error:
        print(error.message, file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


__all__ = [
    "EXIT_API_ERROR",
    "EXIT_CREDENTIALS",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "CliError",
    "build_parser",
    "configure_parser",
    "main",
    "run",
    "validate_fields",
]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
