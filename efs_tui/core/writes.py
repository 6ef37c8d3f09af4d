"""The one write path: every POST, PUT and DELETE becomes one honest :class:`WriteOutcome`, audited once.

A write that fails is not one thing. The API may have refused it (nothing
changed), the request may never have left the machine (nothing was sent), or
the answer may be lost after the API acted (a 5xx, a cut connection, a timeout:
it may or may not have applied). Each case needs its own words on screen and in
the audit log, and a user deciding whether to try again must be able to trust
them. So the ladder from exception to outcome lives here only, for the TUI,
bulk delete and the CLI alike, and so does the audit call.

Nothing here retries a write: the client resends only GETs, plus the one
re-sign after ``QUERY_TIME_OUT``/``INVALID_SIGNATURE``, which the API refuses
before acting on anything.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from types import MappingProxyType
from typing import Any, Final, Generic, Protocol, TypeVar

from efs_tui.api.client import OvhClient
from efs_tui.api.errors import (
    InvalidConfiguration,
    InvalidResponse,
    NetworkError,
    NotFound,
    OAuth2Failure,
    OvhError,
    RequestTimeout,
    ServerError,
)
from efs_tui.api.models import PolicyRule, Share, Snapshot, SnapshotPolicy
from efs_tui.core.audit import Action, AuditLog
from efs_tui.core.exchange import ExchangeCapture
from efs_tui.core.sanitize import safe_text

T = TypeVar("T")


class Outcome(StrEnum):
    """What one write did, as far as efs-tui can know."""

    OK = "ok"
    """The API accepted it."""
    ALREADY_GONE = "already-gone"
    """A delete of a snapshot seen to exist answered 404, or it was already being deleted."""
    REFUSED = "refused"
    """The API answered with an error before acting (4xx): nothing changed."""
    UNREADABLE = "unreadable"
    """The API accepted it (2xx), but its answer could not be read: done, never sent again."""
    INTERRUPTED = "interrupted"
    """Cut off (quit, Ctrl+C) after it was sent and before the answer."""
    UNKNOWN = "unknown"
    """Sent, then a 5xx, a lost connection or a timeout: the API may or may not have applied it."""
    NOT_SENT = "not-sent"
    """The connection was never made (or no token could be had): the API never saw it."""


WORDING: Final[Mapping[Outcome, str]] = MappingProxyType(
    {
        Outcome.OK: "done",
        Outcome.ALREADY_GONE: "already gone: nothing left to do",
        Outcome.REFUSED: "refused by the API: nothing changed",
        Outcome.UNREADABLE: "answer unreadable",
        Outcome.INTERRUPTED: "interrupted: outcome unknown",
        Outcome.UNKNOWN: "may or may not have applied",
        Outcome.NOT_SENT: "nothing was sent",
    }
)
"""The one sentence for each outcome, on screen, on stderr and in the audit log's ``error``."""

#: How a snapshot-policy write names itself in messages (the quit dialog, the activity of the write path).
POLICY_VERBS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "create-policy": "create",
        "update-policy": "edit",
        "delete-policy": "delete",
        "attach-policy": "attach",
    }
)

#: The audit ``result`` of each outcome: the API's change happened (``ok``), was not needed, or is not known to.
_AUDIT_RESULT: Final[Mapping[Outcome, str]] = MappingProxyType(
    {
        Outcome.OK: "ok",
        Outcome.UNREADABLE: "ok",
        Outcome.ALREADY_GONE: "already-gone",
        Outcome.REFUSED: "error",
        Outcome.INTERRUPTED: "error",
        Outcome.UNKNOWN: "error",
        Outcome.NOT_SENT: "error",
    }
)


@dataclass(frozen=True, slots=True)
class Write:
    """One intended change, named the way the audit log and the quit dialog name it."""

    action: Action
    service_id: str
    share_id: str
    snapshot_id: str | None = None
    name: str | None = None
    seen: bool = False
    """Delete only: this run saw the snapshot exist, so a 404 means it is already gone, not a typo."""
    policy_id: str | None = None
    """Snapshot-policy writes: the policy (``share_id`` is empty except for an attach)."""

    def describe(self) -> str:
        """``delete snapshot nightly (8c1f…)``, terminal-safe, for messages about this write."""
        if self.action in POLICY_VERBS:
            name = f"{safe_text(self.name)} " if self.name else ""
            target = f"({self.policy_id})" if self.policy_id else ""
            return f"{POLICY_VERBS[self.action]} snapshot policy {name}{target}".rstrip()
        verb = {"update": "edit", "revert": "revert share to"}.get(self.action, self.action)
        if self.action == "create":
            return f"create snapshot {safe_text(self.name) if self.name else '(no name)'}"
        if self.action == "clone":
            return f"clone snapshot {self.snapshot_id} into share {safe_text(self.name) if self.name else '(no name)'}"
        name = f"{safe_text(self.name)} " if self.name else ""
        noun = "" if self.action == "revert" else " snapshot"
        return f"{verb}{noun} {name}({self.snapshot_id})"


@dataclass(frozen=True, slots=True)
class WriteOutcome(Generic[T]):
    """The verdict on one write, with what support needs (HTTP status, OVH query id)."""

    write: Write
    kind: Outcome
    status: int | None = None
    query_id: str | None = None
    error: OvhError | None = None
    value: T | None = field(default=None)
    """The API's answer when it could be read (the created, edited or held snapshot)."""

    @property
    def wording(self) -> str:
        return WORDING[self.kind]

    @property
    def applied(self) -> bool:
        """Whether the change certainly happened (or was not needed)."""
        return self.kind in (Outcome.OK, Outcome.UNREADABLE, Outcome.ALREADY_GONE)

    @property
    def uncertain(self) -> bool:
        """Whether nobody knows if it happened: the screen must re-read the truth at once."""
        return self.kind in (Outcome.UNKNOWN, Outcome.INTERRUPTED)

    def describe(self) -> str:
        """One paragraph: the wording, then the API's own words, status and query id when there are some."""
        text = self.wording
        if self.error is not None:
            text += f" ({self.error.describe()})"
        elif self.status is not None:
            text += f" (HTTP {self.status})"
        return text


class Wrap(Protocol):
    """Something every API call is awaited through (the TUI's connection indicator)."""

    def __call__(self, awaitable: Awaitable[T], /) -> Awaitable[T]: ...


async def _plain(awaitable: Awaitable[T]) -> T:
    return await awaitable


def classify(error: BaseException, write: Write) -> Outcome:
    """The outcome an exception from a write call stands for: the one error ladder."""
    if isinstance(error, NotFound):
        return Outcome.ALREADY_GONE if write.action == "delete" and write.seen else Outcome.REFUSED
    if isinstance(error, InvalidResponse):
        accepted = error.status is not None and 200 <= error.status < 300
        return Outcome.UNREADABLE if accepted else Outcome.UNKNOWN
    if isinstance(error, NetworkError):
        return Outcome.UNKNOWN if error.sent else Outcome.NOT_SENT
    if isinstance(error, (OAuth2Failure, InvalidConfiguration)):
        return Outcome.NOT_SENT  # no token, no usable key: the write itself never went out
    if isinstance(error, (ServerError, RequestTimeout)):
        return Outcome.UNKNOWN
    if isinstance(error, OvhError):
        return Outcome.REFUSED if error.status is not None and 400 <= error.status < 500 else Outcome.UNKNOWN
    return Outcome.UNKNOWN


class Writer:
    """Sends writes, turns each into a :class:`WriteOutcome`, audits it, and knows what is in flight.

    Args:
        client: The API client.
        audit: Where outcomes are recorded; ``None`` (the demo) records nothing.
        profile: The credentials profile, for the audit log.
        endpoint: The endpoint's name, for the audit log.
        on_audit_error: Told when the audit file cannot be written (the write itself already happened).
        wrap: Awaits each API call (the TUI passes its connection indicator); plain ``await`` by default.
    """

    def __init__(
        self,
        client: OvhClient,
        audit: AuditLog | None,
        *,
        profile: str | None = None,
        endpoint: str | None = None,
        on_audit_error: Callable[[OSError], None] | None = None,
        wrap: Wrap | None = None,
    ) -> None:
        self.client = client
        self.audit = audit
        self.profile = profile
        self.endpoint = endpoint
        self.on_audit_error = on_audit_error
        self.wrap: Wrap = wrap or _plain
        self._in_flight: dict[int, Write] = {}
        self.interrupted: list[Write] = []
        """Writes cut off after they were sent (quit, Ctrl+C): what to tell the user on the way out."""
        self._order: asyncio.Lock | None = None

    @property
    def in_flight(self) -> tuple[Write, ...]:
        """The writes sent (or about to be) whose answer has not come: quitting now leaves them unknown."""
        return tuple(self._in_flight.values())

    # -- the writes -------------------------------------------------------------------------

    async def create(
        self, service_id: str, share_id: str, name: str | None, description: str | None
    ) -> WriteOutcome[Snapshot]:
        write = Write("create", service_id, share_id, name=name)
        call = partial(self.client.create_snapshot, service_id, share_id, name, description)
        return await self._run(write, "POST", f"{share_id}/snapshot", call)

    async def update(
        self, service_id: str, share_id: str, snapshot: Snapshot, changes: Mapping[str, Any]
    ) -> WriteOutcome[Snapshot]:
        write = Write("update", service_id, share_id, snapshot.id, snapshot.name)
        call = partial(self.client.update_snapshot, service_id, share_id, snapshot.id, **changes)
        return await self._run(write, "PUT", snapshot.id, call)

    async def delete(
        self, service_id: str, share_id: str, snapshot_id: str, name: str | None, *, seen: bool
    ) -> WriteOutcome[None]:
        """DELETE one snapshot; ``seen``: this run saw it exist, so a 404 is "already gone", not "refused"."""
        write = Write("delete", service_id, share_id, snapshot_id, name, seen=seen)
        call = partial(self.client.delete_snapshot, service_id, share_id, snapshot_id)
        return await self._run(write, "DELETE", snapshot_id, call)

    async def hold(self, service_id: str, share_id: str, snapshot: Snapshot) -> WriteOutcome[Snapshot]:
        write = Write("hold", service_id, share_id, snapshot.id, snapshot.name)
        call = partial(self.client.hold_snapshot, service_id, share_id, snapshot.id)
        return await self._run(write, "POST", f"{snapshot.id}/hold", call)

    async def revert(self, service_id: str, share_id: str, snapshot: Snapshot) -> WriteOutcome[None]:
        write = Write("revert", service_id, share_id, snapshot.id, snapshot.name)
        call = partial(self.client.revert_share, service_id, share_id, snapshot.id)
        return await self._run(write, "POST", f"{share_id}/revert", call)

    async def clone(
        self,
        service_id: str,
        share_id: str,
        snapshot: Snapshot,
        *,
        size: int,
        name: str | None = None,
        description: str | None = None,
        mount_point_name: str | None = None,
    ) -> WriteOutcome[Share]:
        """POST a new share from ``snapshot`` (of share ``share_id``); the audit names the source and the new share."""
        write = Write("clone", service_id, share_id, snapshot.id, name)
        call = partial(
            self.client.clone_share,
            service_id,
            snapshot.id,
            size=size,
            name=name,
            description=description,
            mount_point_name=mount_point_name,
        )
        return await self._run(write, "POST", f"{service_id}/share", call)

    async def create_policy(
        self, service_id: str, rules: Sequence[PolicyRule], name: str | None, description: str | None
    ) -> WriteOutcome[SnapshotPolicy]:
        """POST a new policy; its rules are final (the API edits only name and description)."""
        write = Write("create-policy", service_id, "", name=name)
        call = partial(self.client.create_snapshot_policy, service_id, rules, name, description)
        return await self._run(write, "POST", "snapshotPolicy", call)

    async def update_policy(
        self, service_id: str, policy: SnapshotPolicy, changes: Mapping[str, Any]
    ) -> WriteOutcome[None]:
        write = Write("update-policy", service_id, "", name=policy.name, policy_id=policy.id)
        call = partial(self.client.update_snapshot_policy, service_id, policy.id, **changes)
        return await self._run(write, "PUT", policy.id, call)

    async def delete_policy(self, service_id: str, policy: SnapshotPolicy) -> WriteOutcome[None]:
        write = Write("delete-policy", service_id, "", name=policy.name, policy_id=policy.id)
        call = partial(self.client.delete_snapshot_policy, service_id, policy.id)
        return await self._run(write, "DELETE", policy.id, call)

    async def attach_policy(self, service_id: str, share_id: str, policy: SnapshotPolicy) -> WriteOutcome[None]:
        """PUT the share's policy: the new rotation applies to its automatic snapshots from then on."""
        write = Write("attach-policy", service_id, share_id, name=policy.name, policy_id=policy.id)
        call = partial(self.client.attach_snapshot_policy, service_id, share_id, policy.id)
        return await self._run(write, "PUT", f"{share_id}/snapshotPolicy", call)

    async def already_gone(
        self, write: Write, *, status: int | None = None, query_id: str | None = None
    ) -> WriteOutcome[None]:
        """A delete found nothing to do without sending one (404 on the GET, or already ``deleting``)."""
        outcome: WriteOutcome[None] = WriteOutcome(write, Outcome.ALREADY_GONE, status, query_id)
        await self._record(outcome)
        return outcome

    # -- the ladder -----------------------------------------------------------------------------

    async def _run(self, write: Write, method: str, fragment: str, call: Callable[[], Awaitable[T]]) -> WriteOutcome[T]:
        capture = ExchangeCapture(self.client, method, fragment)
        raised: list[BaseException] = []

        async def watched() -> T:
            try:
                return await call()
            except BaseException as error:
                raised.append(error)
                raise

        try:
            with capture, self._tracking(write):
                value = await self.wrap(watched())
        except BaseException as error:
            # Judge the API call's own exception: the wrapper may fail on its way out
            # (a screen being torn down), and that must not hide a cancellation.
            cause = raised[0] if raised else error
            if isinstance(cause, asyncio.CancelledError) or isinstance(error, asyncio.CancelledError):
                self.interrupted.append(write)
                self._record_now(WriteOutcome(write, Outcome.INTERRUPTED))
                raise
            if not isinstance(error, Exception):
                raise
            # One odd failure must still end as an outcome, never as silence.
            api_error = cause if isinstance(cause, OvhError) else OvhError(f"{type(cause).__name__}: {cause}")
            kind = classify(cause, write)
            failed: WriteOutcome[T] = WriteOutcome(write, kind, api_error.status, api_error.query_id, api_error)
            await self._record(failed)
            return failed
        done = WriteOutcome(write, Outcome.OK, capture.status, capture.query_id, value=value)
        await self._record(done)
        return done

    @contextlib.contextmanager
    def _tracking(self, write: Write) -> Iterator[None]:
        token = id(write)
        self._in_flight[token] = write
        try:
            yield
        finally:
            self._in_flight.pop(token, None)

    # -- the audit call -------------------------------------------------------------------------

    def _fields(self, outcome: WriteOutcome[Any]) -> dict[str, Any]:
        write = outcome.write
        snapshot_id, name, new_id, new_share = write.snapshot_id, write.name, None, None
        value = outcome.value
        if isinstance(value, Share) and write.action == "clone":
            new_share = value.id
        policy_id = write.policy_id
        if isinstance(value, SnapshotPolicy):
            policy_id, name = value.id, value.name or write.name
        if isinstance(value, Snapshot):
            if write.action == "create":
                snapshot_id, name = value.id, value.name or write.name
            elif write.action == "hold":
                new_id = value.id
            elif write.action == "update":
                name = value.name
        error: OvhError | str | None
        if outcome.kind in (Outcome.OK, Outcome.ALREADY_GONE) and outcome.error is None:
            error = None
        elif outcome.kind in (Outcome.REFUSED, Outcome.ALREADY_GONE):
            error = outcome.error
        elif outcome.error is not None and outcome.kind is not Outcome.UNREADABLE:
            code = outcome.error.error_code or outcome.error.error_class
            error = f"{outcome.wording}: {code + ': ' if code else ''}{outcome.error.message}"
        else:
            error = outcome.wording
        return {
            "result": _AUDIT_RESULT[outcome.kind],
            "outcome": outcome.kind.value,
            "profile": self.profile,
            "endpoint": self.endpoint,
            "service_id": write.service_id,
            "share_id": write.share_id or None,
            "snapshot_id": snapshot_id,
            "name": name,
            "status": outcome.status,
            "query_id": outcome.query_id,
            "error": error,
            "new_snapshot_id": new_id,
            "new_share_id": new_share,
            "policy_id": policy_id,
        }

    async def _record(self, outcome: WriteOutcome[Any]) -> None:
        """Append the record in a thread, in the order asked (a slow disk must not freeze the screen)."""
        if self.audit is None:
            return
        record = partial(self.audit.record, outcome.write.action, **self._fields(outcome))
        if self._order is None:
            self._order = asyncio.Lock()
        try:
            async with self._order:
                await asyncio.to_thread(record)
        except OSError as problem:
            self._audit_failed(problem)

    def _record_now(self, outcome: WriteOutcome[Any]) -> None:
        """Append synchronously: this runs while the task is cancelled, often as the app closes,
        and a second cancellation or the loop's end must not lose the line (a few hundred bytes)."""
        if self.audit is None:
            return
        try:
            self.audit.record(outcome.write.action, **self._fields(outcome))
        except OSError as problem:
            self._audit_failed(problem)

    def _audit_failed(self, problem: OSError) -> None:
        if self.on_audit_error is not None:
            self.on_audit_error(problem)


__all__ = ["WORDING", "Outcome", "Write", "WriteOutcome", "Writer", "classify"]
