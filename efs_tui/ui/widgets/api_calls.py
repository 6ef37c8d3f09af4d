"""Every read of the main screen's panes goes through one small object handed down to them.

The tree, the snapshot pane and the screen's own actions all await client calls
and all turn errors into toasts; both concerns belong to no pane. The screen
builds one :class:`ApiCalls` and gives it to each pane (as braindrop injects its
API), so the header's connection indicator counts every request and "the last
error" the copy menu offers is one value, whoever hit it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from textual.css.query import NoMatches
from textual.worker import Worker, WorkerState

from efs_tui.api.client import OvhClient
from efs_tui.api.errors import NotFound, OvhError
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.header import StatusHeader

T = TypeVar("T")


def short_error(error: OvhError) -> str:
    """``HTTP 503`` or the error's title: what fits on one line of the tree."""
    return f"HTTP {error.status}" if error.status else error.title


def panel_error(error: OvhError) -> str:
    """``HTTP 403 NOT_GRANTED_CALL: message · query id EU.ext-…``: an error as one line of a panel."""
    first = clean(error.describe().split("\n", 1)[0])
    return f"{first} · query id {clean(error.query_id)}" if error.query_id else first


class ApiCalls:
    """The client, the header's request meter and the error toasts, shared by the panes of one screen."""

    def __init__(self, client: OvhClient, header: StatusHeader, notify: Callable[..., Any]) -> None:
        self.client = client
        self.header = header
        self._notify = notify
        self.last_error: OvhError | None = None
        """The last API error shown that carried a query id (for the copy menu)."""

    async def __call__(self, awaitable: Awaitable[T]) -> T:
        """Await one client call, keeping the header's connection indicator true."""
        header = self.header
        header.in_flight += 1
        try:
            result = await awaitable
        except NotFound:
            header.conn_state = "ok"  # the API answered; "gone" is information, not an outage
            raise
        except OvhError:
            header.conn_state = "error"
            raise
        finally:
            with contextlib.suppress(NoMatches):  # the screen may be closing under us
                header.in_flight = max(0, header.in_flight - 1)
        header.conn_state = "ok"
        return result

    def remember(self, error: OvhError) -> None:
        """Keep ``error`` as "the last error" when it has a query id worth copying."""
        if error.query_id:
            self.last_error = error

    def report(self, error: OvhError, doing: str) -> None:
        """An error toast with everything support needs; the API text is shown literally."""
        self.remember(error)
        self._notify(
            clean(error.describe(), keep_newlines=True),
            title=f"{clean(doing)}: {clean(error.title)}",
            severity="error",
            markup=False,
            timeout=12,
        )

    def worker_failed(self, event: Worker.StateChanged) -> None:
        """Safety net of every pane: an unexpected exception in a worker becomes a toast, not a crash.

        ``Worker.StateChanged`` does not bubble, so each widget that runs workers forwards it here.
        """
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            if isinstance(error, OvhError):
                self.report(error, event.worker.description or "Request")
            else:
                self._notify(
                    f"{type(error).__name__}: {clean(str(error))}",
                    title="Unexpected error",
                    severity="error",
                    markup=False,
                    timeout=12,
                )
