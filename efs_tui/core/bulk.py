"""Delete several snapshots at once: bounded concurrency, one result per snapshot.

A bulk delete must never stop half-way silently: every snapshot gets exactly one
:class:`BulkResult` (deleted, already gone, or failed with the HTTP status,
message and query id), in the order given, whatever happens to its siblings.
Each DELETE goes through the one write path (:mod:`efs_tui.core.writes`), which
never retries it and audits it; a few run at a time so a long selection
finishes quickly without tripping the API's rate limits.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from efs_tui.api.models import Snapshot, SnapshotStatus
from efs_tui.core.writes import Outcome, Write, WriteOutcome, Writer

DEFAULT_CONCURRENCY = 3
"""DELETE requests in flight at once during a bulk delete."""


class BulkOutcome(StrEnum):
    """What happened to one snapshot of a bulk delete."""

    DELETED = "deleted"
    """The API accepted the DELETE (the snapshot is now ``deleting``)."""
    ALREADY_GONE = "already-gone"
    """404, or it was already being deleted: nothing to do, the wish is (being) met."""
    FAILED = "failed"
    """The API refused, or the outcome is unknown."""


@dataclass(frozen=True, slots=True)
class BulkResult:
    """One snapshot's result, with what support needs when it failed."""

    snapshot: Snapshot
    outcome: BulkOutcome
    status: int | None = None
    message: str | None = None
    query_id: str | None = None
    error: BaseException | None = None
    write: WriteOutcome[None] | None = None
    """The write path's verdict (``None`` only for results built by hand)."""

    @property
    def ok(self) -> bool:
        """Whether the snapshot is (or will shortly be) gone."""
        return self.outcome is not BulkOutcome.FAILED

    def describe(self) -> str:
        """One line: ``deleted``, ``already gone (404)`` or ``failed: HTTP 500 message · query id …``."""
        if self.outcome is BulkOutcome.DELETED:
            return "deleted"
        if self.outcome is BulkOutcome.ALREADY_GONE:
            return f"already gone ({self.status})" if self.status else "already being deleted"
        parts = [f"HTTP {self.status}" if self.status else None, self.message]
        text = "failed: " + " ".join(p for p in parts if p)
        if self.query_id:
            text += f" · query id {self.query_id}"
        return text


ResultCallback = Callable[[BulkResult], Awaitable[None] | None]
"""Called with each result; may be a coroutine function (awaited before the next step of that snapshot)."""
StartCallback = Callable[[Snapshot], None]


async def delete_many(
    writer: Writer,
    service_id: str,
    share_id: str,
    snapshots: Sequence[Snapshot],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_start: StartCallback | None = None,
    on_result: ResultCallback | None = None,
) -> list[BulkResult]:
    """DELETE every snapshot through the one write path, ``concurrency`` at a time; one result each, in order.

    Snapshots already ``deleting`` are reported as already gone without a request.
    Callbacks run on the event loop: ``on_start`` just before a snapshot's DELETE
    is sent, ``on_result`` as soon as its result is known (so a screen can show
    progress). Every snapshot here was seen to exist (it is in the list), so a
    404 means already gone. If the task is cancelled, the writer audits the
    DELETEs in flight as interrupted and the cancellation propagates.

    Args:
        writer: The write path (outcome, wording, audit record of each DELETE).
        service_id: The service the share belongs to.
        share_id: The share the snapshots belong to.
        snapshots: What to delete.
        concurrency: DELETE requests in flight at once (at least 1).
        on_start: Called when a snapshot's DELETE is about to be sent.
        on_result: Called with each result as it arrives (awaited if it returns an awaitable).
    """
    gate = asyncio.Semaphore(max(1, concurrency))

    async def report(result: BulkResult) -> BulkResult:
        if on_result is not None:
            outcome = on_result(result)
            if inspect.isawaitable(outcome):
                await outcome
        return result

    async def one(snap: Snapshot) -> BulkResult:
        if snap.status == SnapshotStatus.DELETING:
            write = Write("delete", service_id, share_id, snap.id, snap.name, seen=True)
            return await report(result_of(snap, await writer.already_gone(write)))
        async with gate:
            if on_start is not None:
                on_start(snap)
            outcome = await writer.delete(service_id, share_id, snap.id, snap.name, seen=True)
            return await report(result_of(snap, outcome))

    return list(await asyncio.gather(*(one(snap) for snap in snapshots)))


def result_of(snap: Snapshot, outcome: WriteOutcome[None]) -> BulkResult:
    """The report's line for one snapshot, in the write path's words."""
    error = outcome.error
    if outcome.kind is Outcome.OK:
        return BulkResult(snap, BulkOutcome.DELETED, outcome.status, query_id=outcome.query_id, write=outcome)
    if outcome.kind is Outcome.UNREADABLE:
        return BulkResult(
            snap, BulkOutcome.DELETED, outcome.status, outcome.wording, outcome.query_id, error, write=outcome
        )
    if outcome.kind is Outcome.ALREADY_GONE:
        message = error.message if error is not None else None
        return BulkResult(
            snap, BulkOutcome.ALREADY_GONE, outcome.status, message, outcome.query_id, error, write=outcome
        )
    detail = error.message if error is not None else None
    message = detail if outcome.kind is Outcome.REFUSED else ": ".join(p for p in (outcome.wording, detail) if p)
    return BulkResult(snap, BulkOutcome.FAILED, outcome.status, message, outcome.query_id, error, write=outcome)
