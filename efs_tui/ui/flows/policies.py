"""Create, edit, delete and attach a snapshot policy: ask, write through the one write path, show.

The policies screen runs these; like the snapshot flows they know it only
through a small protocol, so each reads top to bottom: check, ask, write,
say what happened. Rules are checked in the editor (nothing is sent while a
line is wrong); the API's refusals (a policy still attached, a default policy)
are shown with its own words and query id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, TypeVar

from textual.notifications import SeverityLevel
from textual.screen import Screen

from efs_tui.api.models import Service, Snapshot, SnapshotPolicy
from efs_tui.core.policy_rules import rotation_preview
from efs_tui.core.writes import Outcome, WriteOutcome, Writer
from efs_tui.ui.dialogs.confirm_action import ConfirmActionDialog
from efs_tui.ui.dialogs.policy_editor import PolicyEditorDialog
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem

T = TypeVar("T")


class PolicyContext(Protocol):
    """The policies screen as the flows see it."""

    @property
    def writer(self) -> Writer: ...

    @property
    def service(self) -> Service: ...

    @property
    def share(self) -> ShareItem | None:
        """The share the screen was opened from (attach target, preview)."""
        ...

    def now(self) -> datetime:
        """The app's clock (next runs are counted from it)."""
        ...

    def share_snapshots(self) -> list[Snapshot]:
        """The share's snapshots as last listed (for the rotation preview)."""
        ...

    async def ask(self, dialog: Screen[T]) -> T: ...

    def say(
        self, text: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float = 5
    ) -> None: ...

    def refuse_if_read_only(self, what: str) -> bool: ...

    async def reload(self, select: str | None = None) -> None:
        """Read the service's policies again (and select ``select``)."""
        ...

    def attached(self, policy: SnapshotPolicy) -> None:
        """The share now uses ``policy``: its detail must show it."""
        ...


def _not_applied(ctx: PolicyContext, outcome: WriteOutcome[Any], doing: str) -> None:
    ctx.say(clean(f"{doing}: {outcome.describe()}", keep_newlines=True), title=doing, severity="error", timeout=12)


def _label(policy: SnapshotPolicy) -> str:
    return clean(policy.name) if policy.name else f"({clean(policy.id)})"


async def create_policy(ctx: PolicyContext) -> None:
    """The editor (rules checked before any request), then POST; the new policy is selected."""
    if ctx.refuse_if_read_only("New policy"):
        return
    item = ctx.share
    draft = await ctx.ask(
        PolicyEditorDialog(
            preview_share=item.share.label if item else None,
            preview_snapshots=ctx.share_snapshots(),
            now=ctx.now(),
        )
    )
    if draft is None:
        return
    outcome = await ctx.writer.create_policy(ctx.service.id, draft.rules, draft.name, draft.description)
    if outcome.kind is not Outcome.OK or outcome.value is None:
        _not_applied(ctx, outcome, "Creating policy")
        await ctx.reload()
        return
    ctx.say(f"Created snapshot policy {_label(outcome.value)}.", timeout=4)
    await ctx.reload(select=outcome.value.id)


async def edit_policy(ctx: PolicyContext, policy: SnapshotPolicy) -> None:
    """Name and description only: the API cannot change a policy's rules (they are shown, read-only)."""
    if ctx.refuse_if_read_only("Edit policy"):
        return
    if policy.is_default:
        ctx.say("The default snapshot policy cannot be changed. No request sent.", severity="warning")
        return
    draft = await ctx.ask(PolicyEditorDialog(policy=policy))
    if draft is None:
        return
    changes: dict[str, Any] = {}
    if draft.name != (policy.name or None):
        changes["name"] = draft.name
    if draft.description != (policy.description or None):
        changes["description"] = draft.description
    if not changes:
        ctx.say("Nothing changed: no request sent.", timeout=3)
        return
    outcome = await ctx.writer.update_policy(ctx.service.id, policy, changes)
    if outcome.kind is not Outcome.OK:
        _not_applied(ctx, outcome, "Editing policy")
    else:
        ctx.say(f"Saved snapshot policy {clean(draft.name or policy.id)}.", timeout=3)
    await ctx.reload(select=policy.id)


async def delete_policy(ctx: PolicyContext, policy: SnapshotPolicy) -> None:
    """Confirm (Cancel focused), DELETE; a policy still attached is refused by the API, which says so."""
    if ctx.refuse_if_read_only("Delete policy"):
        return
    if policy.is_default:
        ctx.say("The default snapshot policy cannot be deleted. No request sent.", severity="warning")
        return
    lines = [
        f"Delete snapshot policy {policy.name or '(no name)'} ({policy.id})?",
        "The API refuses it while a share uses it: attach another policy to those shares first.",
        "Automatic snapshots it made stay until deleted.",
    ]
    if not await ctx.ask(ConfirmActionDialog("Delete snapshot policy", lines, "Delete policy")):
        return
    outcome = await ctx.writer.delete_policy(ctx.service.id, policy)
    if outcome.kind is not Outcome.OK:
        _not_applied(ctx, outcome, "Deleting policy")
    else:
        ctx.say(f"Deleting snapshot policy {_label(policy)}…", timeout=4)
    await ctx.reload()


async def attach_policy(ctx: PolicyContext, policy: SnapshotPolicy) -> None:
    """Confirm with the preview (next snapshots, automatic snapshots the rotation removes), then PUT."""
    if ctx.refuse_if_read_only("Attach policy"):
        return
    item = ctx.share
    if item is None:
        ctx.say("Select a share first: a policy is attached to one share.", severity="warning")
        return
    preview = rotation_preview(policy.rules, ctx.share_snapshots())
    lines = [f"Attach snapshot policy {policy.name or '(no name)'} to share {item.share.label}?"]
    if preview.removed:
        lines.append(
            f"Its rotation would remove {len(preview.removed)} existing automatic snapshot(s): "
            + ", ".join(s.name or s.id for s, _ in preview.removed[:8])
            + (" …" if len(preview.removed) > 8 else "")
        )
    else:
        lines.append("Its rotation removes none of the share's existing automatic snapshots.")
    if preview.untouched:
        lines.append(f"{preview.untouched} automatic snapshot(s) carry no prefix of this policy: kept until deleted.")
    lines.append("Hold an automatic snapshot first (H) to keep it out of the rotation.")
    if not await ctx.ask(ConfirmActionDialog("Attach snapshot policy", lines, "Attach policy")):
        return
    outcome = await ctx.writer.attach_policy(ctx.service.id, item.share.id, policy)
    if outcome.kind is not Outcome.OK:
        _not_applied(ctx, outcome, "Attaching policy")
        await ctx.reload()  # re-reads the share's link: an unknown outcome shows as it really is
        return
    ctx.attached(policy)
    ctx.say(f"Attached snapshot policy {_label(policy)} to {clean(item.share.label)}.", timeout=4)
    await ctx.reload(select=policy.id)


__all__ = ["PolicyContext", "attach_policy", "create_policy", "delete_policy", "edit_policy"]
