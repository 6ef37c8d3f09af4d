"""The main screen as the write flows see it (:class:`efs_tui.ui.flows.FlowContext`), plus what copy shares.

Read-only refusal, permission errors explained in plain words, the one write
path (:mod:`efs_tui.core.writes`) and what the screen does with its outcomes
(re-reading the list when one is unknown), the reads and the follower a revert
needs, and a memory of the last API error (its query id is one of the things
the copy menu offers). The flows themselves live in :mod:`efs_tui.ui.flows`.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from typing import Any, TypeVar

from textual.notifications import SeverityLevel
from textual.screen import Screen

from efs_tui.api.errors import Forbidden, OvhError
from efs_tui.api.models import Share, ShareStatus, Snapshot
from efs_tui.config.redact import describe_permission_error
from efs_tui.core.cache import Backoff, ShareKey
from efs_tui.core.follow import Ending, follow
from efs_tui.core.writes import Outcome, WriteOutcome, Writer
from efs_tui.ui.screens.browser import BrowserScreen
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem

T = TypeVar("T")

READ_ONLY_HINT = "Restart without --read-only (and with a consumer key that may write) to change snapshots."


def share_key(item: ShareItem) -> ShareKey:
    """``(service id, share id)``: how caches and pollers name a share."""
    return (item.service.id, item.share.id)


class ActionSupport(BrowserScreen):
    """What the flows and the copy and mark actions need; holds no state of its own but a few caches."""

    last_error: OvhError | None = None
    """The last API error shown that carried a query id (for the copy menu)."""

    @cached_property
    def mount_commands(self) -> dict[ShareKey, str]:
        """NFS mount commands already built, by share (access paths rarely change)."""
        return {}

    # -- errors ---------------------------------------------------------------------------

    def remember_error(self, error: OvhError) -> None:
        """Keep ``error`` as "the last error" when it has a query id worth copying."""
        if error.query_id:
            self.last_error = error

    def notify_error(self, error: OvhError, doing: str) -> None:
        """As the browser's, and remember the error for "copy the last query id"."""
        self.remember_error(error)
        super().notify_error(error, doing)

    def write_failed(self, error: OvhError, doing: str) -> None:
        """A refused write: a 403 is explained ("this credential is read-only…"), anything else as usual."""
        if isinstance(error, Forbidden):
            self.remember_error(error)
            self._notify_with_query_id(
                describe_permission_error(error), error, f"{clean(doing)}: {clean(error.title)}", "error"
            )
        else:
            self.notify_error(error, doing)

    def _notify_with_query_id(self, text: str, error: OvhError, title: str, severity: SeverityLevel) -> None:
        """A long (15 s) plain-text notification of ``text``, with the error's query id on a line of its own."""
        if error.query_id:
            text += f"\nQuery id: {error.query_id}"
        self.notify(clean(text, keep_newlines=True), title=title, severity=severity, markup=False, timeout=15)

    # -- what the flows see (efs_tui.ui.flows.FlowContext) ---------------------------------

    async def ask(self, dialog: Screen[T]) -> T:
        """Show a modal dialog and wait for its answer (from a worker)."""
        return await self.app.push_screen_wait(dialog)

    async def show(self, screen: Screen[Any]) -> None:
        """Push a screen without waiting for it to close (a live report)."""
        await self.app.push_screen(screen)

    def say(self, text: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float = 5) -> None:
        """A plain-text notification: API text in it is never parsed as markup."""
        self.notify(text, title=title, severity=severity, markup=False, timeout=timeout)

    def note_delete_error(self, snapshot_id: str, text: str | None) -> None:
        """Show (or clear) why the last delete of a snapshot failed, in its detail."""
        if text is None:
            self.delete_errors.pop(snapshot_id, None)
        else:
            self.delete_errors[snapshot_id] = text
        self._update_detail()

    # -- read-only ------------------------------------------------------------------------

    def refuse_if_read_only(self, what: str) -> bool:
        """In read-only mode, say so and return ``True`` (the caller then does nothing)."""
        if not self.config.read_only:
            return False
        self.notify(
            f"{what} is not available: efs-tui is read-only. {READ_ONLY_HINT}",
            title="read-only",
            severity="warning",
            markup=False,
        )
        return True

    def action_read_only_refused(self, what: str) -> None:
        """Hidden fallback of every write key while read-only: explain instead of ignoring the key."""
        self.refuse_if_read_only(what)

    # -- the write path -------------------------------------------------------------------

    @cached_property
    def writer(self) -> Writer:
        """The one write path (:mod:`efs_tui.core.writes`): outcome, wording and audit record of every write.

        The app asks it what is in flight when the user quits.
        """
        return Writer(
            self.client,
            self.config.audit,
            profile=self.config.profile,
            endpoint=self.client.endpoint.name,
            on_audit_error=self._audit_failed,
            wrap=self.call_api,
        )

    def _audit_failed(self, problem: OSError) -> None:
        self.notify(
            f"The audit log could not be written: {clean(str(problem))}",
            title="Audit log",
            severity="warning",
            markup=False,
        )

    def write_not_applied(self, outcome: WriteOutcome[Any], item: ShareItem, doing: str) -> None:
        """Say what became of a write that did not simply succeed, and show the truth.

        Refused: the API's reason (a 403 explained). Not sent: nothing happened,
        trying again is safe. Unknown: it may or may not have applied, so the
        share's list is read again at once. Unreadable: it was done, and the list
        is read again to show it. Nothing is ever sent again from here.
        """
        error = outcome.error
        if error is not None:
            self.remember_error(error)
        if outcome.kind is Outcome.REFUSED and error is not None:
            self.write_failed(error, doing)
            return
        detail = f"\n{error.describe()}" if error is not None and outcome.kind is not Outcome.UNREADABLE else ""
        if outcome.kind is Outcome.NOT_SENT:
            text = f"Nothing was sent: the API could not be reached. Trying again is safe.{detail}"
            self.notify(
                clean(text, keep_newlines=True),
                title=f"{clean(doing)}: nothing was sent",
                severity="error",
                markup=False,
                timeout=15,
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
        self.notify(clean(text, keep_newlines=True), title=title, severity=severity, markup=False, timeout=15)
        self.reload_truth(item)

    def reload_truth(self, item: ShareItem) -> None:
        """After a write whose effect is not known here: read the share's list again at once."""
        self.local_change(item)
        if self._is_current(item):
            self.load_snapshots(item)
        else:
            self.cache.invalidate(share_key(item))

    # -- shared state ---------------------------------------------------------------------

    @property
    def manual_snapshot_limit(self) -> int:
        """Manual snapshots a share may hold: the API does not say, so the configured (FAQ) number."""
        return self.config.manual_snapshot_limit

    def all_snapshots(self, item: ShareItem) -> list[Snapshot]:
        """Every loaded snapshot of the share (the cache, not the possibly filtered table)."""
        entry = self.cache.get(share_key(item))
        return entry.ordered() if entry is not None else list(self.table.snapshots.values())

    def apply_share(self, item: ShareItem, share: Share) -> ShareItem:
        """A share changed (e.g. ``reverting``): update the tree, the share list and the selection."""
        service = self.services.get(item.service.id, item.service)
        shares = self.shares.get(service.id)
        if shares is not None:
            self.shares[service.id] = [share if s.id == share.id else s for s in shares]
            self.service_tree.set_shares(service, self.shares[service.id])
        updated = ShareItem(service, share)
        if self.current is not None and share_key(self.current) == share_key(item):
            self.current = updated
            self._update_detail()
        return updated

    def share_with_status(self, item: ShareItem, status: str) -> ShareItem:
        """Show the share in ``status`` at once (before the API confirms it)."""
        return self.apply_share(item, replace(item.share, status=status))

    # -- a share's revert: what the revert flow asks of the screen -------------------------------

    async def reread_share(self, item: ShareItem) -> tuple[ShareItem, list[Snapshot]] | None:
        """GET the share and its snapshot list and show them; ``None`` (said why, with the query id) on failure.

        A revert is never planned from a list that may be stale.
        """
        try:
            share = await self.call_api(self.client.get_share(item.service.id, item.share.id))
            snapshots = await self.call_api(self.client.list_snapshots(item.service.id, item.share.id))
        except OvhError as error:
            self.remember_error(error)
            text = (
                "The share and its snapshots must be read again just before a revert, "
                f"and that failed: {error.describe()}\nNo request sent."
            )
            self.notify(
                clean(text, keep_newlines=True),
                title=f"Cannot revert: {clean(error.title)}",
                severity="error",
                markup=False,
                timeout=15,
            )
            return None
        item = self.apply_share(item, share)
        self.local_change(item)  # a list requested before this one must not replace it
        self.apply_list(item, snapshots)
        return item, snapshots

    def follow_revert(self, item: ShareItem, target_label: str) -> None:
        """Follow the reverting share in the background until it settles."""
        self.run_worker(
            self._follow_share(item, target_label),
            group="poll",
            exit_on_error=False,
            description="Follow share revert",
        )

    async def _follow_share(self, item: ShareItem, target_label: str) -> None:
        """Follow the share (the one follower) until it leaves ``reverting``; then reload its snapshots."""
        key = share_key(item)
        current = item

        def update(share: Share) -> None:
            nonlocal current
            current = self.apply_share(current, share)

        followed = await follow(
            lambda: self.call_api(self.client.get_share(*key)),
            lambda share: share.status != ShareStatus.REVERTING,
            backoff=Backoff(self.config.poll_initial, self.config.poll_max),
            timeout=self.config.poll_timeout,
            on_update=update,
            first=item.share,
        )
        share = followed.last or item.share
        if followed.ending is Ending.FAILED and followed.error is not None:
            self.notify_error(followed.error, "Following the revert")
            return
        if followed.ending is Ending.GONE:
            self.notify(f"Share {clean(share.label)} no longer exists.", severity="error", markup=False)
            return
        if share.status == ShareStatus.AVAILABLE:
            self.notify(f"Share {clean(share.label)} reverted to {clean(target_label)}.", markup=False, timeout=6)
        elif share.status == ShareStatus.REVERTING:
            self.notify(
                f"Share {clean(share.label)} is still reverting; refresh (r) later to check.",
                severity="warning",
                markup=False,
            )
        else:
            self.notify(
                f"Share {clean(share.label)} is {clean(share.status or 'in an unknown state')} after the revert.",
                title="Revert",
                severity="error",
                markup=False,
                timeout=15,
            )
        if self.current is not None and self.current.share.id == share.id:
            self.load_snapshots(self.current)
