"""Catch the HTTP status and query id of one write, for the audit log.

The client returns models, not responses; but it reports every exchange to its
listeners. Filtering those reports by method and by a path fragment (the
snapshot or share id) picks out the one exchange a flow caused, even while other
requests (polls, a bulk delete's siblings) run at the same time.
"""

from __future__ import annotations

from types import TracebackType

from efs_tui.api.client import OvhClient, RequestRecord


class ExchangeCapture:
    """Context manager remembering the last matching exchange's status and query id.

    Args:
        client: The client whose exchanges to watch.
        method: The HTTP method of the call to catch (``"DELETE"``…).
        path_contains: A fragment of its path, typically the id it acts on.
    """

    def __init__(self, client: OvhClient, method: str, path_contains: str) -> None:
        self._client = client
        self._method = method.upper()
        self._fragment = path_contains
        self.status: int | None = None
        """HTTP status of the last matching exchange (``None``: no answer, or none seen)."""
        self.query_id: str | None = None
        """``X-Ovh-QueryID`` of the last matching exchange."""

    def _listen(self, record: RequestRecord) -> None:
        """Keep what support needs from a matching exchange."""
        if record.method == self._method and self._fragment in record.path:
            self.status = record.status
            self.query_id = record.query_id

    def __enter__(self) -> ExchangeCapture:
        self._client.add_listener(self._listen)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._client.remove_listener(self._listen)
