"""What every write and copy action of the main screen shares.

Read-only refusal, permission errors explained in plain words, the audit trail
and a memory of the last API error (its query id is one of the things the copy
menu offers). The action mixins (``actions_*.py``) build on this so each flow
stays a short top-to-bottom worker.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from functools import cached_property, partial
from typing import TypeGuard

from textual.notifications import SeverityLevel

from efs_tui.api.errors import Forbidden, InvalidResponse, OvhError
from efs_tui.api.models import Share, Snapshot
from efs_tui.config.redact import describe_permission_error
from efs_tui.core.cache import ShareKey
from efs_tui.ui.screens.browser import BrowserScreen
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem

READ_ONLY_HINT = "Restart without --read-only (and with a consumer key that may write) to change snapshots."

INTERRUPTED = "interrupted: outcome unknown"
"""Audit error text of a write cut off (``q``, Ctrl+C) before the API answered."""

ANSWER_UNREADABLE = "answer unreadable"
"""Audit error text of a write the API accepted (2xx) with an answer efs-tui could not read."""


def unreadable_success(error: OvhError) -> TypeGuard[InvalidResponse]:
    """Whether ``error`` is a 2xx answer that could not be read: the write was done."""
    return isinstance(error, InvalidResponse) and error.status is not None and 200 <= error.status < 300


def share_key(item: ShareItem) -> ShareKey:
    """``(service id, share id)``: how caches and pollers name a share."""
    return (item.service.id, item.share.id)


class ActionSupport(BrowserScreen):
    """Helpers for the action mixins; holds no state of its own but a few caches."""

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

    # -- audit ----------------------------------------------------------------------------

    @cached_property
    def _audit_order(self) -> asyncio.Lock:
        """Audit records are written off the event loop one at a time, in the order they were asked for."""
        return asyncio.Lock()

    async def audit(
        self,
        action: str,
        result: str,
        item: ShareItem,
        *,
        snapshot_id: str | None = None,
        name: str | None = None,
        error: OvhError | str | None = None,
        status: int | None = None,
        query_id: str | None = None,
        new_snapshot_id: str | None = None,
    ) -> None:
        """Append one audit record in a thread (no-op without an audit log); a write failure only warns."""
        log = self.config.audit
        if log is None:
            return
        record = partial(
            log.record,
            action,
            result=result,
            profile=self.config.profile,
            endpoint=self.client.endpoint.name,
            service_id=item.service.id,
            share_id=item.share.id,
            snapshot_id=snapshot_id,
            name=name,
            status=status,
            query_id=query_id,
            error=error,
            new_snapshot_id=new_snapshot_id,
        )
        try:
            async with self._audit_order:
                await asyncio.to_thread(record)
        except OSError as problem:
            self._audit_failed(problem)

    def audit_interrupted(
        self, action: str, item: ShareItem, *, snapshot_id: str | None = None, name: str | None = None
    ) -> None:
        """Record a write cut off before its answer (``q``, Ctrl+C): result ``error``, outcome unknown.

        Written synchronously on purpose: this runs while the worker is being
        cancelled, often because the app is closing, and a second cancellation
        or the loop's end must not lose the line. It is a few hundred bytes.
        """
        log = self.config.audit
        if log is None:
            return
        try:
            log.record(
                action,
                result="error",
                profile=self.config.profile,
                endpoint=self.client.endpoint.name,
                service_id=item.service.id,
                share_id=item.share.id,
                snapshot_id=snapshot_id,
                name=name,
                error=INTERRUPTED,
            )
        except OSError as problem:
            self._audit_failed(problem)

    def _audit_failed(self, problem: OSError) -> None:
        self.notify(
            f"The audit log could not be written: {clean(str(problem))}",
            title="Audit log",
            severity="warning",
            markup=False,
        )

    # -- a write whose 2xx answer could not be read ----------------------------------------------

    async def write_unreadable(
        self,
        action: str,
        item: ShareItem,
        error: InvalidResponse,
        doing: str,
        *,
        snapshot_id: str | None = None,
        name: str | None = None,
    ) -> None:
        """The API accepted the write but its answer is unreadable: audit ``ok``, warn, reload the list.

        The write is never sent again (it was done); the share's list shows what it did.
        """
        await self.audit(
            action,
            "ok",
            item,
            snapshot_id=snapshot_id,
            name=name,
            status=error.status,
            query_id=error.query_id,
            error=ANSWER_UNREADABLE,
        )
        self.remember_error(error)
        text = (
            f"The API accepted it (HTTP {error.status}), but its answer could not be read. "
            "It is not sent again; the snapshot list is reloaded to show the result."
        )
        self._notify_with_query_id(text, error, f"{clean(doing)}: answer unreadable", "warning")
        self.local_change(item)
        if self._is_current(item):
            self.load_snapshots(item)
        else:
            self.cache.invalidate(share_key(item))

    # -- shared state ---------------------------------------------------------------------

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
