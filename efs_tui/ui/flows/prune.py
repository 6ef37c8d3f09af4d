"""The retention planner in the TUI: preview the plan, type ``delete N``, then the bulk delete's report.

The plan is made from snapshots already listed (no request until the confirmation).
On the main screen the scope is the selected share, or its marked snapshots when
there are marks (the other snapshots of the share still count for "never the
latest"). The account view hands in its own scope (:func:`account_scope`). Deleting
is the bulk delete's: :func:`efs_tui.ui.flows.bulk_delete.delete_with_report` on the
main screen, the account view's own per-share loop there; both go through
:func:`efs_tui.core.bulk.delete_many`, the one write path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from efs_tui.api.models import Snapshot
from efs_tui.core.account import AccountRow
from efs_tui.core.bulk import DEFAULT_CONCURRENCY, BulkResult
from efs_tui.core.retention import Plan, ShareSnapshots
from efs_tui.ui.config import UiConfig
from efs_tui.ui.flows.bulk_delete import delete_with_report
from efs_tui.ui.flows.context import FlowContext
from efs_tui.ui.screens.retention_plan import RetentionPlanScreen
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem

TITLE = "Retention plan"
"""The report's and the toasts' title."""


def api_now(config: UiConfig) -> datetime:
    """The clock ages are measured on: the app's, corrected by the API's offset once the signing has learnt it.

    The same reading as ``efs-tui snapshots prune`` (the API's clock stamped ``createdAt``),
    so the preview and a ``--dry-run`` at the same moment make the same plan.
    """
    return config.client.api_time(config.clock())


async def plan_retention(
    ctx: FlowContext,
    item: ShareItem,
    marked: Sequence[Snapshot],
    concurrency: int = DEFAULT_CONCURRENCY,
    *,
    now: datetime,
    zone: tzinfo | None = None,
) -> list[BulkResult]:
    """Preview the plan on ``item`` (or its ``marked`` snapshots); once confirmed, delete with the live report."""
    if ctx.refuse_if_read_only(TITLE):
        return []
    share_label = clean(item.share.label)
    scope = f"{len(marked)} marked snapshots of {share_label}" if marked else f"share {share_label}"
    screen = RetentionPlanScreen(
        [ShareSnapshots(item.service.id, item.share.id, ctx.pane.all_snapshots(item))],
        scope=scope,
        now=now,
        selection=[snap.id for snap in marked] if marked else None,
        zone=zone,
    )
    plan: Plan | None = await ctx.ask(screen)
    if plan is None or not plan.to_delete or ctx.refuse_if_read_only("Delete"):
        return []
    return await delete_with_report(ctx, item, [entry.snapshot for entry in plan.to_delete], concurrency, title=TITLE)


@dataclass(frozen=True, slots=True)
class AccountScope:
    """What the account view plans on: each share's whole list, the labels, and which snapshots may go."""

    shares: list[ShareSnapshots]
    labels: dict[tuple[str, str], str]
    selection: frozenset[str] | None
    words: str


def account_scope(
    every_row: Iterable[AccountRow], chosen: Sequence[AccountRow] | None, *, what: str = ""
) -> AccountScope:
    """The plan's input from the account view's rows.

    Args:
        every_row: Every row the view holds (a chosen row's share is planned with all its snapshots).
        chosen: The rows the plan may delete (marks, filtered rows); ``None``: the whole account.
        what: How ``chosen`` was picked, for the title (``12 marked snapshots``).
    """
    keys = None if chosen is None else {row.share_key for row in chosen}
    grouped: dict[tuple[str, str], list[Snapshot]] = {}
    labels: dict[tuple[str, str], str] = {}
    for row in every_row:
        key = row.share_key
        if keys is not None and key not in keys:
            continue
        grouped.setdefault(key, []).append(row.snapshot)
        if key not in labels:
            labels[key] = f"{clean(row.share.label)} · {clean(row.service.label)}"
    shares = [ShareSnapshots(service_id, share_id, snaps) for (service_id, share_id), snaps in grouped.items()]
    count = len(shares)
    where = f"{count} share{'' if count == 1 else 's'}"
    if chosen is None:
        return AccountScope(shares, labels, None, f"whole account: {where}")
    return AccountScope(shares, labels, frozenset(row.snapshot.id for row in chosen), f"{what} on {where}")


__all__ = ["TITLE", "AccountScope", "account_scope", "api_now", "plan_retention"]
