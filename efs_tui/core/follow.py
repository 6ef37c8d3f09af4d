"""The one follower: poll a snapshot or a share until it reaches a final state.

After a write, the API answers at once while the change takes seconds or
minutes (``creating``, ``deleting``, ``reverting``). The TUI rows, the revert
follower and the CLI's ``--wait`` all wait the same way, with one policy for
errors along the way:

* **transient** (no answer, 5xx, 429, 408): not knowing is not failing; keep
  polling on the same backoff until the deadline, and say why if asked;
* **404**: the object is gone (a delete finished, or someone else removed it);
* **any other error** (403, 400…): polling again will not help; stop and say so.

The deadline is checked before each sleep, so a follow never overshoots it by
a full interval.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Generic, TypeVar

from efs_tui.api.errors import NetworkError, NotFound, OvhError, RateLimited, RequestTimeout, ServerError
from efs_tui.core.cache import Backoff

T = TypeVar("T")

TRANSIENT: Final = (NetworkError, ServerError, RateLimited, RequestTimeout)
"""Errors worth polling through: the state is unknown, not wrong."""


class Ending(StrEnum):
    """How a follow ended."""

    SETTLED = "settled"
    """``settled`` said yes: the object is in a final state (``last`` holds it)."""
    GONE = "gone"
    """404: the object no longer exists."""
    FAILED = "failed"
    """A non-transient error (``error`` holds it)."""
    TIMED_OUT = "timed-out"
    """The deadline passed first; ``last`` is the last state seen, ``error`` the last transient error."""


@dataclass(frozen=True, slots=True)
class Followed(Generic[T]):
    ending: Ending
    last: T | None = None
    error: OvhError | None = None


async def follow(
    fetch: Callable[[], Awaitable[T]],
    settled: Callable[[T], bool],
    *,
    backoff: Backoff,
    timeout: float,
    on_update: Callable[[T], None] | None = None,
    on_transient: Callable[[OvhError], None] | None = None,
    first: T | None = None,
) -> Followed[T]:
    """GET with ``fetch`` until ``settled`` is true, the object is gone, a real error, or ``timeout`` seconds.

    Args:
        fetch: One GET of the object.
        settled: Whether a state is final.
        backoff: The delays between GETs (the first GET waits one delay too: the write just answered).
        timeout: Seconds before giving up.
        on_update: Called with every state read.
        on_transient: Called with every transient error polled through.
        first: The state known before the first GET (returned as ``last`` if nothing newer comes).
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last, last_error = first, None
    while True:
        remaining = deadline - loop.time()
        if remaining <= 0:
            return Followed(Ending.TIMED_OUT, last, last_error)
        await asyncio.sleep(min(backoff.next(), remaining))
        try:
            current = await fetch()
        except NotFound:
            return Followed(Ending.GONE, last)
        except TRANSIENT as error:
            last_error = error
            if on_transient is not None:
                on_transient(error)
            continue
        except OvhError as error:
            return Followed(Ending.FAILED, last, error)
        last = current
        if on_update is not None:
            on_update(current)
        if settled(current):
            return Followed(Ending.SETTLED, current)


__all__ = ["TRANSIENT", "Ending", "Followed", "follow"]
