"""The emulator's in-memory store: services, shares, snapshots, policies, credentials, request log.

Everything is guarded by one re-entrant lock because tests mutate the store from
their own thread while the server thread reads it. State transitions are lazy:
an object in a transitional status stores when it is due and what comes next,
and every read first advances whatever has come due. No background task is
needed, so stopping the server can never leave a timer behind.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from efs_tui.api.models import (
    PolicyRule,
    Service,
    Share,
    ShareSnapshotPolicy,
    Snapshot,
    SnapshotPolicy,
    SnapshotReserve,
)

from . import problems
from .faults import FaultConfig
from .security import (
    FULL_RULES,
    READ_ONLY_RULES,
    Application,
    ConsumerCredential,
    CredentialStore,
    DemoCredentials,
    OAuthClient,
)

#: Marker for "the object vanishes when due" (deleted objects answer 404, there is no `deleted`).
GONE = "__gone__"
#: Manual snapshots one share may hold. ovh-api.md §7: the FAQ says 200 snapshots per volume (and
#: per service), the Control Panel stops at 50 manual snapshots per service; the FAQ's 200 per
#: volume is used, counting manual snapshots only. The error past it is not documented: GUESS.
MANUAL_SNAPSHOT_LIMIT = 200
#: Smallest share (GB): the Control Panel's ``MIN_SIZE`` (ovh-api.md §7).
MIN_SHARE_SIZE = 100


def backend_name(share_or_snapshot_id: str, kind: str = "share") -> str:
    """The NetApp name behind an id: ``share_<uuid with underscores>`` / ``share_snapshot_<...>``."""
    return f"{kind}_{share_or_snapshot_id.replace('-', '_')}"


def snapshot_path(kind: str | None, snapshot_id: str, name: str | None) -> str:
    """A snapshot's `path`, relative to its share's export (ovh-schema/README.md): ``.snapshot/``
    then the backend name: ``share_snapshot_<uuid>`` for a manual snapshot, the name the policy
    gave (``<prefix>.<YYYY-MM-DD_HHMM>``) for an automatic one, its name for a system one."""
    if kind == "manual" or not name:
        return f".snapshot/{backend_name(snapshot_id, 'share_snapshot')}"
    return f".snapshot/{name}"


@dataclass(slots=True)
class SnapshotRecord:
    snapshot: Snapshot
    next_status: str | None = None
    due: float | None = None


@dataclass(slots=True)
class ShareRecord:
    share: Share
    service_id: str
    export_path: str
    snapshots: dict[str, SnapshotRecord] = field(default_factory=dict)
    policy: ShareSnapshotPolicy = field(default_factory=lambda: ShareSnapshotPolicy(id=None, status="active"))
    reserve: SnapshotReserve = field(default_factory=lambda: SnapshotReserve(percent=5, status="active"))
    access_paths: list[dict[str, Any]] = field(default_factory=list)
    next_status: str | None = None
    due: float | None = None
    settings_due: float | None = None


@dataclass(slots=True)
class ServiceRecord:
    service: Service
    shares: dict[str, ShareRecord] = field(default_factory=dict)
    policies: dict[str, SnapshotPolicy] = field(default_factory=dict)
    policy_due: dict[str, tuple[str, float]] = field(default_factory=dict)
    """Policy id -> (next status or ``GONE``, when)."""


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request as the server saw it."""

    method: str
    path: str
    query: str
    status: int
    time: float
    fault: str | None = None


class RequestLog:
    """Every request served, for tests and benchmarks that count calls."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[RequestRecord] = []

    def append(self, record: RequestRecord) -> None:
        with self._lock:
            self._entries.append(record)

    def reset(self) -> None:
        with self._lock:
            self._entries.clear()

    @property
    def entries(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._entries)

    def count(self, method: str | None = None, path_contains: str | None = None, status: int | None = None) -> int:
        return sum(
            1
            for r in self.entries
            if (method is None or r.method == method.upper())
            and (path_contains is None or path_contains in r.path)
            and (status is None or r.status == status)
        )

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __iter__(self) -> Iterator[RequestRecord]:
        return iter(self.entries)

    def __getitem__(self, index: int) -> RequestRecord:
        with self._lock:
            return self._entries[index]


def _invalid_state(what: str, status: str | None, expected: str) -> problems.ApiProblem:
    return problems.bad_request(f"Invalid {what} status '{status}': the operation requires status {expected}")


class EmulatorState:
    """Thread-safe store of one emulated OVHcloud account."""

    def __init__(
        self,
        *,
        faults: FaultConfig | None = None,
        clock: Callable[[], float] = time.time,
        create_delay: float = 2.0,
        delete_delay: float = 2.0,
        hold_delay: float = 2.0,
        revert_delay: float = 2.0,
        update_delay: float = 1.0,
        token_lifetime: float = 3600.0,
        allowed_skew: float = 30.0,
        seed: int = 0,
        credentials: DemoCredentials | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.faults = faults or FaultConfig()
        self.clock = clock
        self.create_delay = create_delay
        self.delete_delay = delete_delay
        self.hold_delay = hold_delay
        self.revert_delay = revert_delay
        self.update_delay = update_delay
        self.transitions_paused = False
        """While ``True`` nothing moves on (``creating`` stays ``creating``…): a test that must see a
        transitional state pauses, checks, then resumes, instead of racing a delay on a busy machine."""
        self.allowed_skew = allowed_skew
        self.manual_snapshot_limit = MANUAL_SNAPSHOT_LIMIT
        self.requests = RequestLog()
        self.security = CredentialStore(clock, token_lifetime)
        self.credentials = credentials or DemoCredentials()
        self.spec_exempt = False
        """Serve data that breaks OVH's spec on purpose (tests of the client's tolerance): no spec check."""
        self._rng = random.Random(seed)
        self._services: dict[str, ServiceRecord] = {}
        self._pending: set[tuple[str, str, str | None]] = set()
        self._seed_credentials()

    # -- credentials ------------------------------------------------------------------------
    def _seed_credentials(self) -> None:
        creds = self.credentials
        self.security.add_application(creds.application_key, creds.application_secret, name="efs-tui demo")
        self.security.add_consumer_key(creds.application_key, FULL_RULES, consumer_key=creds.consumer_key)
        self.security.add_consumer_key(
            creds.application_key, READ_ONLY_RULES, consumer_key=creds.read_only_consumer_key
        )
        self.security.add_oauth_client(creds.client_id, creds.client_secret)
        self.security.add_oauth_client(creds.read_only_client_id, creds.read_only_client_secret, read_only=True)

    def set_delays(self, seconds: float) -> None:
        """Set every transition delay (create, delete, hold, revert, policy/reserve update) at once."""
        with self.lock:
            self.create_delay = self.delete_delay = self.hold_delay = seconds
            self.revert_delay = self.update_delay = seconds

    @property
    def token_lifetime(self) -> float:
        return self.security.token_lifetime

    @token_lifetime.setter
    def token_lifetime(self, seconds: float) -> None:
        self.security.token_lifetime = seconds

    def add_application(
        self, application_key: str | None = None, application_secret: str | None = None, name: str = "efs-tui"
    ) -> Application:
        """Register another application (random AK/AS when not given)."""
        return self.security.add_application(application_key, application_secret, name)

    def add_consumer_key(
        self,
        application_key: str,
        rules: Iterable[tuple[str, str]] = FULL_RULES,
        *,
        consumer_key: str | None = None,
        status: str = "validated",
    ) -> ConsumerCredential:
        """Register a consumer key directly, skipping the browser validation."""
        return self.security.add_consumer_key(application_key, rules, consumer_key=consumer_key, status=status)

    def add_oauth_client(
        self, client_id: str | None = None, client_secret: str | None = None, *, read_only: bool = False
    ) -> OAuthClient:
        return self.security.add_oauth_client(client_id, client_secret, read_only=read_only)

    def validate_credential(self, consumer_key_or_token: str, validity_seconds: float | None = None) -> None:
        """Do what the user does on the validation page (by CK or by credentialToken)."""
        self.security.set_credential_status(consumer_key_or_token, "validated", validity_seconds)

    def refuse_credential(self, consumer_key_or_token: str) -> None:
        self.security.set_credential_status(consumer_key_or_token, "refused")

    def expire_credential(self, consumer_key_or_token: str) -> None:
        self.security.set_credential_status(consumer_key_or_token, "expired")

    def server_time(self) -> int:
        """The server clock as `/auth/time` reports it (with the configured skew)."""
        return int(self.clock() + self.faults.clock_skew)

    # -- ids -------------------------------------------------------------------------------------
    def new_uuid(self) -> str:
        """A UUID4 from the store's seeded RNG, so runs are reproducible."""
        with self.lock:
            return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def _now_dt(self) -> datetime:
        return datetime.fromtimestamp(int(self.clock()), UTC)

    # -- seeding ------------------------------------------------------------------------------
    def clear(self) -> None:
        """Drop every service (credentials and the request log are kept) and end any spec exemption."""
        with self.lock:
            self.spec_exempt = False
            self._services.clear()
            self._pending.clear()

    def add_service(self, service: Service) -> None:
        with self.lock:
            self._services[service.id] = ServiceRecord(service)

    def add_policy(self, service_id: str, policy: SnapshotPolicy) -> None:
        with self.lock:
            self._services[service_id].policies[policy.id] = policy

    def add_share(
        self,
        service_id: str,
        share: Share,
        *,
        policy_id: str | None = None,
        reserve_percent: int = 5,
        export_path: str | None = None,
    ) -> None:
        """Add a share; it gets the service's default policy unless ``policy_id`` is given."""
        with self.lock:
            service = self._services[service_id]
            if policy_id is None:
                policy_id = next((p.id for p in service.policies.values() if p.is_default), None)
            host = f"10.{len(self._services)}.{len(service.shares) % 250}.10"
            export = export_path or f"{host}:/{backend_name(share.id)}"
            paths = [{"id": self.new_uuid(), "path": export, "preferred": share.mount_point_name is None}]
            if share.mount_point_name:
                host = export.split(":", 1)[0]
                paths.append({"id": self.new_uuid(), "path": f"{host}:/{share.mount_point_name}", "preferred": True})
            service.shares[share.id] = ShareRecord(
                share=share,
                service_id=service_id,
                export_path=export,
                policy=ShareSnapshotPolicy(id=policy_id, status="active"),
                reserve=SnapshotReserve(percent=reserve_percent, status="active"),
                access_paths=paths,
            )

    def add_snapshot(
        self,
        service_id: str,
        share_id: str,
        snapshot: Snapshot,
        *,
        next_status: str | None = None,
        due: float | None = None,
    ) -> None:
        """Add a snapshot as is; give ``next_status``/``due`` to make it transition later."""
        with self.lock:
            record = self._services[service_id].shares[share_id]
            record.snapshots[snapshot.id] = SnapshotRecord(snapshot, next_status, due)
            if due is not None:
                self._pending.add((service_id, share_id, snapshot.id))

    # -- lazy transitions -----------------------------------------------------------------
    def advance(self) -> None:
        """Apply every transition whose time has come (none while :attr:`transitions_paused`)."""
        with self.lock:
            if self.transitions_paused:
                return
            now = self.clock()
            for owner in self._services.values():
                for policy_id, (nxt, due) in list(owner.policy_due.items()):
                    if due <= now:
                        del owner.policy_due[policy_id]
                        if nxt == GONE:
                            owner.policies.pop(policy_id, None)
                        elif policy_id in owner.policies:
                            owner.policies[policy_id] = replace(owner.policies[policy_id], status=nxt)
            if not self._pending:
                return
            for key in list(self._pending):
                service_id, share_id, snapshot_id = key
                service = self._services.get(service_id)
                share = service.shares.get(share_id) if service else None
                if service is None or share is None:
                    self._pending.discard(key)
                    continue
                if snapshot_id is None:
                    if share.due is not None and share.due <= now and share.next_status == GONE:
                        del service.shares[share_id]
                        self._pending.discard(key)
                        continue
                    if share.due is not None and share.due <= now:
                        if share.next_status is not None:
                            share.share = replace(share.share, status=share.next_status)
                        share.next_status = share.due = None
                    if share.settings_due is not None and share.settings_due <= now:
                        share.policy = replace(share.policy, status="active")
                        share.reserve = replace(share.reserve, status="active")
                        share.settings_due = None
                    if share.due is None and share.settings_due is None:
                        self._pending.discard(key)
                    continue
                snap = share.snapshots.get(snapshot_id)
                if snap is None or snap.due is None:
                    self._pending.discard(key)
                    continue
                if snap.due <= now:
                    if snap.next_status == GONE:
                        del share.snapshots[snapshot_id]
                    elif snap.next_status is not None:
                        snap.snapshot = replace(snap.snapshot, status=snap.next_status)
                    snap.next_status = snap.due = None
                    self._pending.discard(key)

    def _schedule_snapshot(self, service_id: str, share_id: str, snap: SnapshotRecord, nxt: str, delay: float) -> None:
        snap.next_status = nxt
        snap.due = self.clock() + delay
        self._pending.add((service_id, share_id, snap.snapshot.id))

    # -- lookups ----------------------------------------------------------------------------------
    def _service(self, service_id: str) -> ServiceRecord:
        self.advance()
        service = self._services.get(service_id)
        if service is None:
            raise problems.not_found()
        return service

    def _share(self, service_id: str, share_id: str) -> ShareRecord:
        share = self._service(service_id).shares.get(share_id)
        if share is None:
            raise problems.not_found()
        return share

    def _snapshot(self, service_id: str, share_id: str, snapshot_id: str) -> SnapshotRecord:
        snap = self._share(service_id, share_id).snapshots.get(snapshot_id)
        if snap is None:
            raise problems.not_found()
        return snap

    def list_services(self) -> list[Service]:
        with self.lock:
            self.advance()
            return [s.service for s in self._services.values()]

    def get_service(self, service_id: str) -> Service:
        with self.lock:
            return self._service(service_id).service

    def rename_service(self, service_id: str, name: str) -> Service:
        with self.lock:
            record = self._service(service_id)
            record.service = replace(record.service, name=name)
            return record.service

    def list_shares(self, service_id: str, mount_point_name: str | None = None) -> list[Share]:
        with self.lock:
            shares = [s.share for s in self._service(service_id).shares.values()]
            if mount_point_name is not None:
                shares = [s for s in shares if s.mount_point_name == mount_point_name]
            return shares

    def get_share(self, service_id: str, share_id: str) -> Share:
        with self.lock:
            return self._share(service_id, share_id).share

    def access_paths(self, service_id: str, share_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(p) for p in self._share(service_id, share_id).access_paths]

    def set_access_paths(self, service_id: str, share_id: str, paths: Iterable[dict[str, Any]]) -> None:
        """Replace a share's access paths (``{"id", "path", "preferred"}`` objects), e.g. with hostile ones."""
        with self.lock:
            self._share(service_id, share_id).access_paths = [dict(p) for p in paths]

    def list_snapshots(self, service_id: str, share_id: str) -> list[Snapshot]:
        with self.lock:
            return [r.snapshot for r in self._share(service_id, share_id).snapshots.values()]

    def get_snapshot(self, service_id: str, share_id: str, snapshot_id: str) -> Snapshot:
        with self.lock:
            return self._snapshot(service_id, share_id, snapshot_id).snapshot

    def list_policies(self, service_id: str) -> list[SnapshotPolicy]:
        with self.lock:
            return list(self._service(service_id).policies.values())

    def get_policy(self, service_id: str, policy_id: str) -> SnapshotPolicy:
        with self.lock:
            policy = self._service(service_id).policies.get(policy_id)
            if policy is None:
                raise problems.not_found()
            return policy

    def get_share_policy(self, service_id: str, share_id: str) -> ShareSnapshotPolicy:
        with self.lock:
            return self._share(service_id, share_id).policy

    def get_share_reserve(self, service_id: str, share_id: str) -> SnapshotReserve:
        with self.lock:
            return self._share(service_id, share_id).reserve

    # -- operations ---------------------------------------------------------------------------------
    def create_snapshot(
        self, service_id: str, share_id: str, name: str | None = None, description: str | None = None
    ) -> Snapshot:
        """A new `manual` snapshot in `creating`, `available` after ``create_delay``."""
        with self.lock:
            share = self._share(service_id, share_id)
            if share.share.status != "available":
                raise _invalid_state("share", share.share.status, "'available'")
            manual = sum(1 for r in share.snapshots.values() if r.snapshot.type == "manual")
            if manual >= self.manual_snapshot_limit:
                raise problems.bad_request(
                    f"Maximum number of manual snapshots reached for this share ({self.manual_snapshot_limit})"
                )
            snapshot_id = self.new_uuid()
            snapshot = Snapshot(
                id=snapshot_id,
                name=name,
                description=description,
                type="manual",
                status="creating",
                path=snapshot_path("manual", snapshot_id, name),
                created_at=self._now_dt(),
            )
            record = SnapshotRecord(snapshot)
            share.snapshots[snapshot_id] = record
            self._schedule_snapshot(service_id, share_id, record, "available", self.create_delay)
            return snapshot

    def update_snapshot(self, service_id: str, share_id: str, snapshot_id: str, changes: dict[str, Any]) -> Snapshot:
        """Change name/description (keys present in ``changes``; ``None`` clears)."""
        with self.lock:
            record = self._snapshot(service_id, share_id, snapshot_id)
            if record.snapshot.status == "deleting":
                raise _invalid_state("snapshot", "deleting", "other than 'deleting'")
            kwargs = {k: changes[k] for k in ("name", "description") if k in changes}
            record.snapshot = replace(record.snapshot, **kwargs)
            return record.snapshot

    def delete_snapshot(self, service_id: str, share_id: str, snapshot_id: str) -> None:
        """`deleting` now, gone (404) after ``delete_delay``."""
        with self.lock:
            record = self._snapshot(service_id, share_id, snapshot_id)
            snapshot = record.snapshot
            if snapshot.type == "system":
                raise problems.bad_request("System snapshots cannot be deleted")
            if snapshot.status not in ("available", "error", "error_deleting", "manage_error"):
                raise _invalid_state("snapshot", snapshot.status, "'available' or 'error'")
            record.snapshot = replace(snapshot, status="deleting")
            self._schedule_snapshot(service_id, share_id, record, GONE, self.delete_delay)

    def hold_snapshot(self, service_id: str, share_id: str, snapshot_id: str) -> Snapshot:
        """Turn an `automatic` snapshot into a `manual` one under a new id (old id answers 404)."""
        with self.lock:
            share = self._share(service_id, share_id)
            record = self._snapshot(service_id, share_id, snapshot_id)
            old = record.snapshot
            if old.type != "automatic":
                raise problems.bad_request(f"Only automatic snapshots can be held (this one is {old.type})")
            if old.status != "available":
                raise _invalid_state("snapshot", old.status, "'available'")
            new = replace(old, id=self.new_uuid(), type="manual", status="manage_starting")
            share.snapshots = {
                (new.id if key == snapshot_id else key): (SnapshotRecord(new) if key == snapshot_id else value)
                for key, value in share.snapshots.items()
            }
            self._schedule_snapshot(service_id, share_id, share.snapshots[new.id], "available", self.hold_delay)
            return new

    def revert_share(self, service_id: str, share_id: str, snapshot_id: str) -> None:
        """Revert to the latest manual snapshot; newer snapshots are lost at once."""
        with self.lock:
            share = self._share(service_id, share_id)
            record = share.snapshots.get(snapshot_id)
            if record is None:
                raise problems.bad_request(f"Snapshot {snapshot_id} does not exist on this share")
            target = record.snapshot
            if target.type != "manual":
                raise problems.bad_request(
                    f"Only manual snapshots can be used to revert (this one is {target.type}); hold it first"
                )
            if share.share.status != "available":
                raise _invalid_state("share", share.share.status, "'available'")
            if target.status != "available":
                raise _invalid_state("snapshot", target.status, "'available'")
            manual = [r.snapshot for r in share.snapshots.values() if r.snapshot.type == "manual"]
            latest = max(manual, key=_created_key)
            if _created_key(target) < _created_key(latest):
                raise problems.bad_request(
                    "A share can only be reverted to its latest manual snapshot "
                    f"(latest is {latest.id}); delete the newer snapshots first"
                )
            for key, value in list(share.snapshots.items()):
                if key != snapshot_id and _created_key(value.snapshot) > _created_key(target):
                    del share.snapshots[key]
            share.share = replace(share.share, status="reverting")
            share.next_status, share.due = "available", self.clock() + self.revert_delay
            self._pending.add((service_id, share_id, None))
            record.snapshot = replace(target, status="restoring")
            self._schedule_snapshot(service_id, share_id, record, "available", self.revert_delay)

    def create_share(
        self,
        service_id: str,
        *,
        name: str | None,
        description: str | None,
        mount_point_name: str | None,
        size: int,
        snapshot_id: str | None,
    ) -> Share:
        """A new share, `creating` (or `creating_from_snapshot` for a clone), `available` after ``create_delay``.

        A clone copies a manual, available snapshot of a share of the same service into a share at
        least as large as its source (ovh-api.md §2.7; the snapshot itself carries no size).
        """
        with self.lock:
            service = self._service(service_id)
            if size < MIN_SHARE_SIZE:
                raise problems.bad_request(f"Invalid value for parameter size: the minimum is {MIN_SHARE_SIZE} GB")
            used = sum(s.share.size or 0 for s in service.shares.values())
            quota = service.service.quota
            if quota is not None and used + size > quota:
                raise problems.bad_request(f"Not enough space on the service: {quota - used} GB left, {size} asked")
            if mount_point_name is not None and any(
                s.share.mount_point_name == mount_point_name for s in service.shares.values()
            ):
                raise problems.bad_request(f"Invalid value for parameter mountPointName: {mount_point_name!r} is used")
            status = "creating"
            if snapshot_id is not None:
                source = next((sh for sh in service.shares.values() if snapshot_id in sh.snapshots), None)
                if source is None:
                    raise problems.bad_request(f"Snapshot {snapshot_id} does not exist on this service")
                snap = source.snapshots[snapshot_id].snapshot
                if snap.type != "manual":
                    raise problems.bad_request(
                        f"Only manual snapshots can be cloned (this one is {snap.type}); hold it first"
                    )
                if snap.status != "available":
                    raise _invalid_state("snapshot", snap.status, "'available'")
                if size < (source.share.size or 0):
                    raise problems.bad_request(
                        f"Invalid value for parameter size: a clone needs at least the source's {source.share.size} GB"
                    )
                status = "creating_from_snapshot"
            share = Share(
                id=self.new_uuid(),
                name=name,
                description=description,
                mount_point_name=mount_point_name,
                protocol="NFS",
                size=size,
                status=status,
                snapshot_id=snapshot_id,
                created_at=self._now_dt(),
            )
            self.add_share(service_id, share)
            record = service.shares[share.id]
            record.next_status, record.due = "available", self.clock() + self.create_delay
            self._pending.add((service_id, share.id, None))
            return share

    def update_share(self, service_id: str, share_id: str, changes: dict[str, Any]) -> Share:
        """Change name/description (keys present in ``changes``; ``None`` clears)."""
        with self.lock:
            record = self._share(service_id, share_id)
            if record.share.status == "deleting":
                raise _invalid_state("share", "deleting", "other than 'deleting'")
            kwargs = {k: changes[k] for k in ("name", "description") if k in changes}
            record.share = replace(record.share, **kwargs)
            return record.share

    def delete_share(self, service_id: str, share_id: str) -> None:
        """`deleting` now, gone after ``delete_delay``; refused while manual snapshots exist."""
        with self.lock:
            record = self._share(service_id, share_id)
            if any(r.snapshot.type == "manual" for r in record.snapshots.values()):
                raise problems.bad_request("The share still has manual snapshots: delete them first")
            if record.share.status not in ("available", "error", "error_deleting"):
                raise _invalid_state("share", record.share.status, "'available' or 'error'")
            record.share = replace(record.share, status="deleting")
            record.next_status, record.due = GONE, self.clock() + self.delete_delay
            self._pending.add((service_id, share_id, None))

    def create_policy(
        self, service_id: str, name: str | None, description: str | None, rules: tuple[PolicyRule, ...]
    ) -> SnapshotPolicy:
        """A new policy, `creating` then `available` after ``update_delay``."""
        with self.lock:
            service = self._service(service_id)
            policy = SnapshotPolicy(
                id=self.new_uuid(),
                name=name,
                description=description,
                is_default=False,
                status="creating",
                rules=rules,
                created_at=self._now_dt(),
            )
            service.policies[policy.id] = policy
            service.policy_due[policy.id] = ("available", self.clock() + self.update_delay)
            return policy

    def _custom_policy(self, service_id: str, policy_id: str) -> tuple[ServiceRecord, SnapshotPolicy]:
        service = self._service(service_id)
        policy = service.policies.get(policy_id)
        if policy is None:
            raise problems.not_found()
        if policy.is_default:
            raise problems.bad_request("The default snapshot policy cannot be changed")
        if policy.status not in ("available", "error"):
            raise _invalid_state("snapshot policy", policy.status, "'available'")
        return service, policy

    def update_policy(self, service_id: str, policy_id: str, changes: dict[str, Any]) -> None:
        """Change name/description; rules are immutable (ovh-api.md §2.8)."""
        with self.lock:
            service, policy = self._custom_policy(service_id, policy_id)
            kwargs = {k: changes[k] for k in ("name", "description") if k in changes}
            service.policies[policy_id] = replace(policy, **kwargs)

    def delete_policy(self, service_id: str, policy_id: str) -> None:
        """`deleting`, then gone; refused while a share uses it."""
        with self.lock:
            service, policy = self._custom_policy(service_id, policy_id)
            users = [s.share.name or s.share.id for s in service.shares.values() if s.policy.id == policy_id]
            if users:
                raise problems.bad_request(f"The snapshot policy is attached to shares ({', '.join(users)})")
            service.policies[policy_id] = replace(policy, status="deleting")
            service.policy_due[policy_id] = (GONE, self.clock() + self.delete_delay)

    def set_share_policy(self, service_id: str, share_id: str, policy_id: str) -> None:
        with self.lock:
            share = self._share(service_id, share_id)
            if policy_id not in self._services[service_id].policies:
                raise problems.bad_request(f"Snapshot policy {policy_id} does not exist on this service")
            share.policy = ShareSnapshotPolicy(id=policy_id, status="updating")
            self._schedule_settings(service_id, share_id, share)

    def set_share_reserve(self, service_id: str, share_id: str, percent: int) -> None:
        with self.lock:
            share = self._share(service_id, share_id)
            if not 5 <= percent <= 100:
                raise problems.bad_request("Invalid value for parameter percent: must be between 5 and 100")
            share.reserve = SnapshotReserve(percent=percent, status="updating")
            self._schedule_settings(service_id, share_id, share)

    def _schedule_settings(self, service_id: str, share_id: str, share: ShareRecord) -> None:
        share.settings_due = self.clock() + self.update_delay
        self._pending.add((service_id, share_id, None))

    # -- introspection for tests ------------------------------------------------------------------
    def service_ids(self) -> list[str]:
        with self.lock:
            return list(self._services)

    def share_ids(self, service_id: str) -> list[str]:
        with self.lock:
            return list(self._services[service_id].shares)

    def counts(self) -> dict[str, int]:
        """Numbers of services, shares and snapshots (for benchmarks' sanity checks)."""
        with self.lock:
            shares = [sh for s in self._services.values() for sh in s.shares.values()]
            return {
                "services": len(self._services),
                "shares": len(shares),
                "snapshots": sum(len(sh.snapshots) for sh in shares),
            }


def _created_key(snapshot: Snapshot) -> float:
    return snapshot.created_at.timestamp() if snapshot.created_at else 0.0
