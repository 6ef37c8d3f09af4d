"""What the user is told when a write did not simply succeed: one wording per outcome, for every flow.

Refused: the API's reason (a 403 explained: "this credential is read-only…").
Not sent: nothing happened, trying again is safe. Unknown: it may or may not
have applied, so the share's list is read again at once. Unreadable: it was
done, and the list is read again to show it. Nothing is ever sent again here.
"""

from __future__ import annotations

from typing import Any

from textual.notifications import SeverityLevel

from efs_tui.api.errors import Forbidden, OvhError
from efs_tui.config.redact import describe_permission_error
from efs_tui.core.writes import Outcome, WriteOutcome
from efs_tui.ui.flows.context import FlowContext
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem


def say_error(ctx: FlowContext, error: OvhError, doing: str) -> None:
    """An API error as every toast shows one (the API text literally), kept as "the last error"."""
    ctx.remember_error(error)
    title = f"{clean(doing)}: {clean(error.title)}"
    ctx.say(clean(error.describe(), keep_newlines=True), title=title, severity="error", timeout=12)


def say_refused(ctx: FlowContext, error: OvhError, doing: str) -> None:
    """A refused write: a 403 is explained, anything else shown as the API said it (with its query id)."""
    if not isinstance(error, Forbidden):
        say_error(ctx, error, doing)
        return
    ctx.remember_error(error)
    text = describe_permission_error(error) + (f"\nQuery id: {error.query_id}" if error.query_id else "")
    title = f"{clean(doing)}: {clean(error.title)}"
    ctx.say(clean(text, keep_newlines=True), title=title, severity="error", timeout=15)


def say_not_applied(ctx: FlowContext, outcome: WriteOutcome[Any], item: ShareItem, doing: str) -> None:
    """Say what became of a write that did not simply succeed, and show the truth (see the module)."""
    error = outcome.error
    if error is not None:
        ctx.remember_error(error)
    if outcome.kind is Outcome.REFUSED and error is not None:
        say_refused(ctx, error, doing)
        return
    detail = f"\n{error.describe()}" if error is not None and outcome.kind is not Outcome.UNREADABLE else ""
    if outcome.kind is Outcome.NOT_SENT:
        text = f"Nothing was sent: the API could not be reached. Trying again is safe.{detail}"
        ctx.say(
            clean(text, keep_newlines=True), title=f"{clean(doing)}: nothing was sent", severity="error", timeout=15
        )
        return
    severity: SeverityLevel
    if outcome.kind is Outcome.UNREADABLE:
        text = (
            f"The API accepted it (HTTP {outcome.status}), but its answer could not be read. "
            "It is not sent again; the snapshot list is reloaded to show the result."
        )
        title, severity = f"{clean(doing)}: answer unreadable", "warning"
    else:
        text = (
            f"It may or may not have applied: the API's answer was lost or an error.{detail}\n"
            "It is not sent again; the snapshot list is reloaded to show what happened."
        )
        title, severity = f"{clean(doing)}: may or may not have applied", "error"
    if outcome.query_id and (error is None or error.query_id != outcome.query_id or not detail):
        text += f"\nQuery id: {outcome.query_id}"
    ctx.say(clean(text, keep_newlines=True), title=title, severity=severity, timeout=15)
    ctx.pane.reload_truth(item)
