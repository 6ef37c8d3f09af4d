"""``efs-tui snapshots …``: list, create and delete EFS snapshots from scripts.

Usage::

    efs-tui snapshots services                                   [--json]
    efs-tui snapshots shares   SERVICE                           [--json]
    efs-tui snapshots list     SERVICE SHARE [--json|--csv] [--type T] [--status S] [--output FILE]
    efs-tui snapshots create   SERVICE SHARE [--name N] [--description D] [--wait] [--timeout S] [--json]
    efs-tui snapshots delete   SERVICE SHARE SNAPSHOT_ID --yes   [--wait] [--timeout S] [--json]
    efs-tui snapshots clone    SERVICE SHARE SNAPSHOT_ID --name N [--size GB] [--mount-point M] [--wait] [--json]

Every sub-command also takes ``--demo`` (the embedded emulator, no credentials),
``--profile NAME`` and ``--endpoint ovh-eu|…|URL``. SERVICE is a service id or
its exact name; SHARE a share id, name or mount point name. A name that matches
several objects is refused with the candidates listed, never guessed.

Exit codes: the one table of :mod:`efs_tui.core.exit_codes` (also in ``--help``). A
snapshot id that is not a UUID is refused with exit 2 before any request; a
well-formed id that does not exist is exit 3; "already gone" (exit 0) is said
only of a snapshot this run saw exist, or with ``--missing-ok``.

Rules that make it safe to script: output on stdout is either aligned text
(API strings made terminal-safe) or, with ``--json``, JSON only; every message
goes to stderr. Name and description are validated before any request.
POST and DELETE are never retried (the client retries only GETs); every create
and delete goes through the one write path (:mod:`efs_tui.core.writes`), which
words its outcome and appends it to the audit log (never with ``--demo``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any, Final, NoReturn

from efs_tui.api.errors import InvalidIdentifier, NotFound, OvhError
from efs_tui.api.models import Service, Share, Snapshot, SnapshotStatus, SnapshotType
from efs_tui.api.routes import require_uuid
from efs_tui.core import output_schema
from efs_tui.core.cache import Backoff
from efs_tui.core.clone import clone_refusal, validate_clone
from efs_tui.core.exit_codes import (
    EXIT_API_ERROR,
    EXIT_CODES,
    EXIT_INTERRUPTED,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
)
from efs_tui.core.export import (
    SnapshotRow,
    export_snapshots,
    rows_for,
    safe_json_dumps,
    snapshots_document,
    snapshots_to_csv,
)
from efs_tui.core.export import format_utc as rfc3339_utc
from efs_tui.core.follow import Ending, Followed, follow
from efs_tui.core.validation import validate_draft
from efs_tui.core.writes import WORDING, Outcome, Write, WriteOutcome

from .output import clean, table, truncate
from .prune import add_prune_command, check_prune_args, cmd_prune
from .session import (
    CliError,
    Context,
    api_error,
    check_endpoint,
    open_session,
    resolve_both,
    resolve_service,
)

EPILOG: Final = (
    "exit codes:\n"
    + "\n".join(f"  {entry.code:<4} {entry.meaning}" for entry in EXIT_CODES)
    + """

SERVICE is a service id or exact name; SHARE a share id, name or mount point name;
SNAPSHOT_ID a UUID. Deleting a snapshot reports "already gone" only if this run saw
it exist (or with --missing-ok): a mistyped id is "not found" (exit 3).
With --json, stdout carries JSON only, one object whose "schema" names its version
(efs-tui.snapshots/1, …; documented in docs/scripting-output.md); messages always go to stderr.
Every create and delete is recorded in the audit log ($EFS_TUI_STATE_DIR/audit.jsonl
or the user state directory); --demo records nothing."""
)

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
    try:
        number = float(value)
    except ValueError:
        # Without this, argparse names the function: "invalid _positive value".
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not number > 0:
        raise argparse.ArgumentTypeError("must be a positive number of seconds")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The ``efs-tui snapshots`` parser with its five sub-commands."""
    parser = _Parser(prog="efs-tui snapshots")
    configure_parser(parser)
    return parser


def _connection_arguments(parser: argparse.ArgumentParser) -> None:
    from efs_tui.config.arguments import ENDPOINT_COMPLETION, PROFILE_COMPLETION

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
    delete.add_argument(
        "--missing-ok",
        action="store_true",
        help="a snapshot that does not exist counts as already gone (exit 0) instead of not found (exit 3)",
    )
    wait_arguments(delete, "gone")
    delete.add_argument("--json", action="store_true", help="print the outcome as JSON")
    clone = command("clone", "create a new share from a manual snapshot (POST share with snapshotID)")
    share_arguments(clone)
    clone.add_argument("snapshot", metavar="SNAPSHOT_ID", help="id of the manual snapshot to clone")
    clone.add_argument("--name", required=True, help="name of the new share")
    clone.add_argument("--description", default="", help="description of the new share")
    clone.add_argument("--size", default="", metavar="GB", help="size in GB, at least the source's (default: it)")
    clone.add_argument("--mount-point", default="", metavar="M", help="mount point name (unique in the service)")
    clone.add_argument("--wait", action="store_true", help="wait until the new share is available")
    clone.add_argument("--timeout", type=_positive, default=DEFAULT_WAIT_TIMEOUT, metavar="SECONDS")
    clone.add_argument("--json", action="store_true", help="print the new share as JSON")
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
        except (FileExistsError, ValueError) as exc:
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
    outcome = await ctx.writer.create(service.id, share.id, name, description)
    snapshot = outcome.value
    if outcome.kind is Outcome.UNREADABLE or (outcome.kind is Outcome.OK and snapshot is None):
        ctx.note(f"created a snapshot on share {clean(share.label)}, but the answer could not be read")
        ctx.note("  it is not sent again: `efs-tui snapshots list` shows it")
        return EXIT_API_ERROR
    if snapshot is None:
        raise _write_failed(ctx, outcome, f"share {clean(share.label)!r} not found")
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


async def cmd_clone(ctx: Context, args: argparse.Namespace) -> int:
    """Check the snapshot (manual, available) and the size against the source share, then POST once."""
    service, share = await resolve_both(ctx, args)
    try:
        snapshot = await ctx.client.get_snapshot(service.id, share.id, args.snapshot)
    except NotFound:
        raise CliError(
            f"error: snapshot {clean(args.snapshot)} not found on share {clean(share.label)!r}", EXIT_NOT_FOUND
        ) from None
    refusal = clone_refusal(snapshot)
    size = args.size or ("" if share.size is None else str(share.size))
    draft, errors = validate_clone(args.name, args.description, args.mount_point, size, share)
    if refusal is not None or draft is None:
        problems = [refusal.replace("(H)", "in the TUI") if refusal else "", *errors]
        raise CliError("\n".join(f"error: {p}" for p in problems if p) + "\n  (nothing was sent)", EXIT_USAGE)
    fields = {"name": draft.name, "description": draft.description, "mount_point_name": draft.mount_point_name}
    outcome = await ctx.writer.clone(service.id, share.id, snapshot, size=draft.size, **fields)
    new = outcome.value
    if new is None:
        raise _write_failed(ctx, outcome, f"share {clean(share.label)!r} or its snapshot not found")
    if args.wait:
        new_id = new.id
        ctx.note(f"waiting up to {args.timeout:g} s for share {clean(new_id)} to become available…")
        followed = await follow(
            lambda: ctx.client.get_share(service.id, new_id),
            lambda current: current.status not in ("creating", "creating_from_snapshot"),
            backoff=Backoff(POLL_INITIAL, POLL_MAX, POLL_FACTOR),
            timeout=args.timeout,
        )
        new = followed.last or new
        if followed.ending is not Ending.SETTLED or new.status != "available":
            raise CliError(f"error: share {clean(new.id)} is {clean(new.status or 'unknown')}", EXIT_TIMEOUT)
    if ctx.json:
        ctx.out(safe_json_dumps({"service_id": service.id, **new.to_json()}, indent=2))
    else:
        ctx.out(f"share {clean(new.id)} ({clean(new.label)}) from snapshot {clean(snapshot.id)}: {clean(new.status)}")
    return EXIT_OK


async def cmd_delete(ctx: Context, args: argparse.Namespace) -> int:
    """GET first, so that "already gone" is said only of a snapshot this run saw exist (or with --missing-ok)."""
    service, share = await resolve_both(ctx, args)
    writes = ctx.writer
    try:
        current = await ctx.client.get_snapshot(service.id, share.id, args.snapshot)
    except NotFound as error:
        if not args.missing_ok:
            message = (
                f"error: snapshot {clean(args.snapshot)} not found on share {clean(share.label)!r}"
                " (nothing deleted; --missing-ok treats a missing snapshot as already gone)"
            )
            raise CliError(message, EXIT_NOT_FOUND) from None
        gone = Write("delete", service.id, share.id, args.snapshot)
        await writes.already_gone(gone, status=404, query_id=error.query_id)
        return _delete_done(ctx, args, service, share, None, "already-gone", "already deleted")
    if current.status == SnapshotStatus.DELETING:
        deleting = Write("delete", service.id, share.id, args.snapshot, current.name, seen=True)
        await writes.already_gone(deleting)
        if args.wait:
            await _wait_gone(ctx, service.id, share.id, args.snapshot, args.timeout)
            return _delete_done(ctx, args, service, share, current, "already-gone", "already deleted")
        return _delete_done(ctx, args, service, share, current, "deleting", "already being deleted")
    outcome = await writes.delete(service.id, share.id, args.snapshot, current.name, seen=True)
    if outcome.kind is Outcome.ALREADY_GONE:
        return _delete_done(ctx, args, service, share, current, "already-gone", "already deleted")
    if not outcome.applied:
        raise _write_failed(ctx, outcome, f"snapshot {clean(args.snapshot)} not found")
    if args.wait:
        await _wait_gone(ctx, service.id, share.id, args.snapshot, args.timeout)
        return _delete_done(ctx, args, service, share, current, "deleted", "deleted")
    return _delete_done(ctx, args, service, share, current, "deleting", "deletion requested (status deleting)")


def _write_failed(ctx: Context, outcome: WriteOutcome[Any], not_found: str) -> CliError:
    """The exit code and stderr text of a write that did not (certainly) apply, in the write path's words."""
    error = outcome.error
    if outcome.kind is Outcome.REFUSED and isinstance(error, NotFound):
        return CliError(f"error: {not_found}", EXIT_NOT_FOUND)
    if error is None:
        return CliError(f"error: {outcome.write.describe()}: {outcome.wording}", EXIT_API_ERROR)
    failure = api_error(ctx, error)
    if outcome.kind in (Outcome.UNKNOWN, Outcome.NOT_SENT):
        headline = f"error: {clean(outcome.write.describe())}: {outcome.wording}"
        hint = (
            f"list the {'shares' if outcome.write.action == 'clone' else 'snapshots'} to see whether it happened;"
            " it is not sent again"
            if outcome.kind is Outcome.UNKNOWN
            else "the API never received it: it is safe to run the command again"
        )
        detail = failure.message.removeprefix("error: ")
        return CliError(f"{headline}\n  {detail}\n  ({hint})", EXIT_API_ERROR)
    return failure


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


async def _wait(
    ctx: Context, fetch: Callable[[], Awaitable[Snapshot]], timeout: float, what: str
) -> Followed[Snapshot]:
    """Follow the snapshot with the one follower; a timeout is exit 5, a non-transient error exit 1."""

    def transient(error: OvhError) -> None:
        ctx.note(f"warning: {clean(error.message)}; still waiting")

    followed = await follow(
        fetch,
        lambda snapshot: not snapshot.is_transitional,
        backoff=Backoff(POLL_INITIAL, POLL_MAX, POLL_FACTOR),
        timeout=timeout,
        on_transient=transient,
    )
    if followed.ending is Ending.TIMED_OUT:
        last = (followed.last.status or "unknown") if followed.last is not None else "unknown"
        message = f"error: timed out after {timeout:g} s waiting for {what} (last status: {clean(last)})"
        raise CliError(message, EXIT_TIMEOUT)
    if followed.ending is Ending.FAILED and followed.error is not None:
        raise api_error(ctx, followed.error)
    return followed


async def _wait_available(ctx: Context, service_id: str, share_id: str, snapshot: Snapshot, timeout: float) -> Snapshot:
    """Poll until the new snapshot is ``available``; an error status or its disappearance is exit 1."""
    if not ctx.json:
        ctx.note(f"waiting up to {timeout:g} s for snapshot {clean(snapshot.id)} to become available…")
    followed = await _wait(
        ctx, lambda: ctx.client.get_snapshot(service_id, share_id, snapshot.id), timeout, "the snapshot"
    )
    current = followed.last
    if followed.ending is Ending.GONE or current is None:
        raise CliError(f"error: snapshot {clean(snapshot.id)} disappeared while being created", EXIT_API_ERROR)
    if current.status != SnapshotStatus.AVAILABLE:
        raise CliError(f"error: snapshot {clean(snapshot.id)} ended in status {clean(current.status)}", EXIT_API_ERROR)
    return current


async def _wait_gone(ctx: Context, service_id: str, share_id: str, snapshot_id: str, timeout: float) -> None:
    """Poll until the snapshot answers 404; ``error_deleting`` or another settled status is exit 1."""
    if not ctx.json:
        ctx.note(f"waiting up to {timeout:g} s for snapshot {clean(snapshot_id)} to disappear…")
    followed = await _wait(
        ctx, lambda: ctx.client.get_snapshot(service_id, share_id, snapshot_id), timeout, "the deletion"
    )
    if followed.ending is not Ending.GONE:
        status = followed.last.status if followed.last is not None else None
        message = f"error: deleting snapshot {clean(snapshot_id)} failed: status {clean(status)}"
        raise CliError(message, EXIT_API_ERROR)


# -- entry point -----------------------------------------------------------------------------------------------

COMMANDS: Final = {
    "services": cmd_services,
    "shares": cmd_shares,
    "list": cmd_list,
    "create": cmd_create,
    "clone": cmd_clone,
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
    except asyncio.CancelledError:  # Ctrl+C: say which write was cut off (the writer audited it)
        cut = ctx.writer.interrupted if ctx is not None else []
        unknown = f"{WORDING[Outcome.INTERRUPTED]} (it may or may not have applied)"
        for write in cut:
            print(f"interrupted: {clean(write.describe())}: {unknown}", file=sys.stderr)
        raise


def _preflight(args: argparse.Namespace) -> None:
    """Every check that needs no request, so a refused command costs no API call."""
    if args.demo and (args.profile or args.endpoint):
        raise CliError("error: --demo cannot be combined with --profile or --endpoint", EXIT_USAGE)
    if args.endpoint:
        check_endpoint(args.endpoint)
    if args.command == "create":
        validate_fields(args.name, args.description)
    if args.command in ("delete", "clone"):
        try:
            require_uuid(args.snapshot, "SNAPSHOT_ID")
        except InvalidIdentifier as error:
            raise CliError(f"error: {clean(str(error))}", EXIT_USAGE) from None
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
    except BrokenPipeError:
        return _reader_went_away()


def _reader_went_away() -> int:
    """The reader of stdout closed it (``| head``): stop quietly, as Unix tools do.

    Output already lost cannot be reported anywhere useful, and the interpreter
    would print a second BrokenPipeError when it flushes stdout at exit; pointing
    stdout at /dev/null lets it exit cleanly. Exit 0: the reader chose to stop,
    and any write already went through the write path and its audit record.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout without a file descriptor (tests capturing it)
        pass
    return EXIT_OK


__all__ = [
    "CliError",
    "build_parser",
    "configure_parser",
    "main",
    "run",
    "validate_fields",
]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
