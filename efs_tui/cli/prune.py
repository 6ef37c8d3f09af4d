"""``efs-tui snapshots prune``: the retention planner for cron, with a dry run that sends nothing but GETs.

Usage::

    efs-tui snapshots prune SERVICE SHARE | --all  [--keep N] [--older-than 30d] [--prefix P]
                                                   [--include-automatic] (--dry-run | --yes) [--json]

The plan comes from :func:`efs_tui.core.retention.make_plan` (the rules and their order
are documented there): every snapshot is listed with its decision and the rule that
made it. ``--dry-run`` prints it and stops: only GET requests, no audit record.
``--yes`` deletes the planned snapshots through :func:`efs_tui.core.bulk.delete_many`
(a few at a time, never retried), records each one in the audit log, and reports
each result as bulk delete does. One of the two is required, so a cron line can never
delete by accident of a missing flag.

``--json`` prints one object, ``"schema": "efs-tui.prune/1"``: ``mode``
(``dry-run``/``delete``), ``now``, ``rules``, ``summary`` (counts), ``snapshots``
(every snapshot with the API's field names ``id``, ``name``, ``type``, ``status``,
``createdAt``, plus ``serviceId``, ``shareId``, ``decision``, ``reason``, ``rule``;
after a delete, planned ones also carry ``result``, ``httpStatus``, ``message``,
``queryId``) and ``errors`` (shares or services that could not be listed with ``--all``).

Exit codes: 0 done (a dry run printed its plan); 1 a listing or a deletion failed
(the others still ran); 2 usage (no rule, neither --dry-run nor --yes, SHARE without
SERVICE or with --all, an unsafe prefix); 3 service or share not found; 4 credentials;
130 interrupted (the deletions in flight are recorded as unknown).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from efs_tui.api.errors import NotFound, OvhError
from efs_tui.api.inventory import fetch_inventory
from efs_tui.core.bulk import BulkOutcome, BulkResult, delete_many
from efs_tui.core.exit_codes import EXIT_API_ERROR, EXIT_CODES, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE
from efs_tui.core.export import format_utc, safe_json_dumps
from efs_tui.core.query import DurationError, parse_duration
from efs_tui.core.retention import Plan, PlanItem, RuleError, Rules, ShareSnapshots, check_prefix, make_plan

from .output import clean, table, truncate
from .session import CliError, Context, resolve_both

#: Widest a snapshot name may get in the human plan before it is cut with "…".
NAME_COLUMN_MAX: Final = 40

_EXIT_LINES: Final = "\n".join(f"  {entry.code:<4} {entry.meaning}" for entry in EXIT_CODES)

EPILOG: Final = f"""\
rules (see README "Retention planner"): only manual snapshots are planned (automatic ones
with --include-automatic, system ones never), only `available` ones, and the newest
available snapshot of each planned type on a share is never deleted. --keep N keeps the
newest N per share; --older-than D deletes only what is older than D (s, m, h, d, w, y:
30d, 12h, 1d12h); given both, the newest N stay and of the rest only the old ones go.

exit codes (with --all, 1 also when a share could not be listed; the others are still planned):
{_EXIT_LINES}

--dry-run sends only GET requests and writes no audit record. With --json, stdout
carries one JSON object ("schema": "efs-tui.prune/1"); messages always go to stderr."""


# -- arguments ----------------------------------------------------------------------------------------------


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{clean(value)!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def _duration(value: str) -> timedelta:
    try:
        return parse_duration(value)
    except DurationError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _prefix(value: str) -> str:
    problems = check_prefix(value)
    if problems:
        raise argparse.ArgumentTypeError(" ".join(problems))
    return value


def add_prune_command(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add ``prune`` with ``command`` (the ``snapshots`` parser's sub-command factory)."""
    prune = command("prune", "delete manual snapshots by retention rules, or show the plan (--dry-run)")
    prune.epilog = EPILOG
    prune.add_argument("service", nargs="?", metavar="SERVICE", help="service id or name (or --all)")
    prune.add_argument("share", nargs="?", metavar="SHARE", help="share id, name or mount point name")
    prune.add_argument("--all", action="store_true", dest="all_shares", help="every share of every service")
    prune.add_argument("--keep", type=_count, metavar="N", help="keep the newest N (per share and type)")
    prune.add_argument("--older-than", type=_duration, metavar="AGE", help="delete only what is older, e.g. 30d")
    prune.add_argument("--prefix", type=_prefix, metavar="P", help="only snapshots whose name starts with P")
    prune.add_argument("--include-automatic", action="store_true", help="plan automatic snapshots too")
    mode = prune.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="print the plan; send nothing but GETs")
    mode.add_argument("--yes", action="store_true", help="delete what the plan says")
    prune.add_argument("--json", action="store_true", help="print the plan or report as JSON")


def check_prune_args(args: argparse.Namespace) -> None:
    """Every check of ``prune`` that needs no request; the rules are left on ``args.prune_rules``.

    Raises:
        CliError: (exit 2) what is wrong, and that nothing was sent.
    """
    if not (args.dry_run or args.yes):
        raise CliError("error: say --dry-run to see the plan or --yes to delete; nothing was sent", EXIT_USAGE)
    if args.all_shares and args.service:
        raise CliError("error: give either SERVICE SHARE or --all, not both", EXIT_USAGE)
    if not args.all_shares and not (args.service and args.share):
        raise CliError("error: give SERVICE SHARE (one share) or --all (every share of the account)", EXIT_USAGE)
    try:
        args.prune_rules = Rules(
            keep=args.keep, older_than=args.older_than, prefix=args.prefix, include_automatic=args.include_automatic
        )
    except RuleError as error:
        raise CliError(f"error: {clean(str(error))}", EXIT_USAGE) from None


# -- gathering ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Scope:
    """What was listed: each share's snapshots, the labels to show, and the listings that failed."""

    shares: list[ShareSnapshots] = field(default_factory=list)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)


def _listing_error(service_id: str, share_id: str | None, error: OvhError) -> dict[str, Any]:
    return {
        "serviceId": service_id,
        "shareId": share_id,
        "httpStatus": error.status,
        "message": error.message,
        "queryId": error.query_id,
    }


async def _one_share(ctx: Context, args: argparse.Namespace) -> _Scope:
    service, share = await resolve_both(ctx, args)
    try:
        snapshots = await ctx.client.list_snapshots(service.id, share.id)
    except NotFound:
        raise CliError(f"error: share {clean(share.label)!r} not found", EXIT_NOT_FOUND) from None
    scope = _Scope([ShareSnapshots(service.id, share.id, snapshots)])
    scope.labels[service.id, share.id] = f"{clean(service.label)} / {clean(share.label)}"
    return scope


async def _whole_account(ctx: Context) -> _Scope:
    inventory = await fetch_inventory(ctx.client)
    scope = _Scope()
    for entry in inventory.services:
        service = entry.service
        if entry.error is not None:
            scope.errors.append(_listing_error(service.id, None, entry.error))
            ctx.note(f"error: cannot list the shares of service {clean(service.label)}: {clean(entry.error.message)}")
        for item in entry.shares:
            if item.error is not None:
                scope.errors.append(_listing_error(service.id, item.share.id, item.error))
                where = f"{clean(service.label)} / {clean(item.share.label)}"
                ctx.note(f"error: cannot list the snapshots of {where}: {clean(item.error.message)}; skipped")
                continue
            scope.shares.append(ShareSnapshots(service.id, item.share.id, item.snapshots))
            scope.labels[service.id, item.share.id] = f"{clean(service.label)} / {clean(item.share.label)}"
    return scope


# -- deleting --------------------------------------------------------------------------------------------------


async def _delete(ctx: Context, plan: Plan) -> dict[str, BulkResult]:
    """Delete the plan's snapshots share by share through the one write path (which audits each result)."""
    results: dict[str, BulkResult] = {}
    for service_id, share_id, snapshots in plan.deletions():
        for result in await delete_many(ctx.writer, service_id, share_id, snapshots):
            results[result.snapshot.id] = result
    return results


# -- output ----------------------------------------------------------------------------------------------------


def _item_json(item: PlanItem, result: BulkResult | None) -> dict[str, Any]:
    data = item.to_json()
    if result is not None:
        data.update(
            result=result.outcome.value,
            httpStatus=result.status,
            message=result.message,
            queryId=result.query_id,
        )
    return data


def _json_report(plan: Plan, scope: _Scope, results: dict[str, BulkResult] | None) -> str:
    data = plan.to_json()
    data["mode"] = "dry-run" if results is None else "delete"
    found = results or {}
    data["snapshots"] = [_item_json(item, found.get(item.snapshot.id)) for item in plan.items]
    if results is not None:
        outcomes = [result.outcome for result in results.values()]
        data["summary"].update(
            deleted=outcomes.count(BulkOutcome.DELETED),
            alreadyGone=outcomes.count(BulkOutcome.ALREADY_GONE),
            failed=outcomes.count(BulkOutcome.FAILED),
        )
    data["errors"] = scope.errors
    ordered = {key: data[key] for key in ("schema", "mode", "now", "rules", "summary", "errors", "snapshots")}
    return safe_json_dumps(ordered, indent=2)


def _created(item: PlanItem) -> str:
    return (format_utc(item.snapshot.created_at) or "-").replace("T", " ").rstrip("Z")


def _human_report(ctx: Context, plan: Plan, scope: _Scope, results: dict[str, BulkResult] | None) -> None:
    ctx.out(f"rules: {clean(plan.rules.describe())}")
    by_share: dict[tuple[str, str], list[PlanItem]] = {}
    for item in plan.items:
        by_share.setdefault((item.service_id, item.share_id), []).append(item)
    headers = ["PLAN", "ID", "NAME", "TYPE", "STATUS", "CREATED (UTC)", "RULE"]
    if results is not None:
        headers.append("RESULT")
    for key, items in by_share.items():
        planned = sum(1 for item in items if item.delete)
        ctx.out("")
        ctx.out(f"{scope.labels.get(key, ' / '.join(key))}: {planned} to delete, {len(items) - planned} kept")
        rows: list[Sequence[str]] = []
        for item in items:
            snap = item.snapshot
            cells = [
                "DELETE" if item.delete else "keep",
                clean(snap.id),
                truncate(clean(snap.name), NAME_COLUMN_MAX),
                clean(snap.type),
                clean(snap.status),
                _created(item),
                clean(item.rule),
            ]
            if results is not None:
                result = results.get(snap.id)
                cells.append(clean(result.describe()) if result is not None else "")
            rows.append(cells)
        for line in table(headers, rows):
            ctx.out(f"  {line}")
    total = len(plan.items)
    planned = len(plan.to_delete)
    summary = f"{total} snapshot(s) on {len(by_share)} share(s): {planned} to delete, {total - planned} kept"
    if results is None:
        ctx.out("")
        ctx.out(f"{summary}; dry run: nothing was sent")
        return
    failed = sum(1 for result in results.values() if not result.ok)
    ctx.out("")
    ctx.out(f"{summary}; {len(results) - failed} deleted or already gone, {failed} failed")


# -- the command -------------------------------------------------------------------------------------------------


async def cmd_prune(ctx: Context, args: argparse.Namespace) -> int:
    """Plan, then print the plan (``--dry-run``) or delete and report (``--yes``)."""
    rules: Rules = args.prune_rules
    scope = await (_whole_account(ctx) if args.all_shares else _one_share(ctx, args))
    # Ages on the API's clock when the signing has learnt it: it is the clock that stamped createdAt.
    now = ctx.client.api_time(datetime.now(UTC))
    plan = make_plan(scope.shares, rules, now=now)
    results = None
    if args.yes and plan.to_delete:
        results = await _delete(ctx, plan)
    elif args.yes:
        results = {}
    if ctx.json:
        ctx.out(_json_report(plan, scope, results))
    else:
        _human_report(ctx, plan, scope, results)
    failed = results is not None and any(not result.ok for result in results.values())
    return EXIT_API_ERROR if failed or scope.errors else EXIT_OK


__all__ = ["EPILOG", "add_prune_command", "check_prune_args", "cmd_prune"]
