"""Delete several snapshots at once: bounded concurrency, one result per snapshot.

A bulk delete must never stop half-way silently: every snapshot gets exactly one
:class:`BulkResult` (deleted, already gone, or failed with the HTTP status,
message and query id), in the order given, whatever happens to its siblings.
DELETE is never retried (the client guarantees that); a few run at a time so a
long selection finishes quickly without tripping the API's rate limits.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from efs_tui.api.client import OvhClient
from efs_tui.api.errors import InvalidResponse, NotFound, OvhError
from efs_tui.api.models import Snapshot, SnapshotStatus
from efs_tui.core.exchange import ExchangeCapture

DEFAULT_CONCURRENCY = 3
"""DELETE requests in flight at once during a bulk delete."""

INTERRUPTED = "interrupted before the API answered: the snapshot may or may not be deleted (refresh to check)"

ANSWER_UNREADABLE = "answer unreadable"
"""Message of a DELETE the API accepted (2xx) with an answer that could not be read: it was done."""


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
    client: OvhClient,
    service_id: str,
    share_id: str,
    snapshots: Sequence[Snapshot],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_start: StartCallback | None = None,
    on_result: ResultCallback | None = None,
) -> list[BulkResult]:
    """DELETE every snapshot, ``concurrency`` at a time; return one result each, in input order.

    Snapshots already ``deleting`` are reported as already gone without a request.
    Callbacks run on the event loop: ``on_start`` just before a snapshot's DELETE
    is sent, ``on_result`` as soon as its result is known (so a screen can show
    progress). If the task is cancelled, the snapshots whose DELETE was in flight
    are reported failed ("interrupted") before the cancellation propagates.

    Args:
        client: The API client.
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
            return await report(BulkResult(snap, BulkOutcome.ALREADY_GONE))
        async with gate:
            if on_start is not None:
                on_start(snap)
            capture = ExchangeCapture(client, "DELETE", snap.id)
            try:
                with capture:
                    await client.delete_snapshot(service_id, share_id, snap.id)
            except asyncio.CancelledError:
                await report(BulkResult(snap, BulkOutcome.FAILED, message=INTERRUPTED))
                raise
            except NotFound as error:
                result = BulkResult(snap, BulkOutcome.ALREADY_GONE, 404, error.message, error.query_id, error)
                return await report(result)
            except InvalidResponse as error:
                if error.status is not None and 200 <= error.status < 300:  # accepted: done, answer unreadable
                    result = BulkResult(snap, BulkOutcome.DELETED, error.status, ANSWER_UNREADABLE, error.query_id)
                else:
                    result = BulkResult(snap, BulkOutcome.FAILED, error.status, error.message, error.query_id, error)
                return await report(result)
            except OvhError as error:
                result = BulkResult(snap, BulkOutcome.FAILED, error.status, error.message, error.query_id, error)
                return await report(result)
            except Exception as error:  # never let one odd failure hide the others' results
                message = f"{type(error).__name__}: {error}"
                return await report(BulkResult(snap, BulkOutcome.FAILED, message=message, error=error))
            return await report(BulkResult(snap, BulkOutcome.DELETED, capture.status, query_id=capture.query_id))

    return list(await asyncio.gather(*(one(snap) for snap in snapshots)))
