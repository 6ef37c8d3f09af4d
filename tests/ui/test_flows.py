"""The write flows run without an app: a scripted context answers the dialogs, the emulator the writes.

What the flow decides (what to ask, what the rows become, what the user is told)
is checked here; the Pilot tests check the same flows through the real screen.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.notifications import SeverityLevel
from textual.screen import Screen

from efs_tui.api.client import OvhClient
from efs_tui.api.errors import OvhError
from efs_tui.api.models import Service, Snapshot
from efs_tui.core.audit import AuditLog
from efs_tui.core.validation import SnapshotDraft
from efs_tui.core.writes import Outcome, WriteOutcome, Writer
from efs_tui.emulator import EmulatorServer
from efs_tui.ui import flows
from efs_tui.ui.dialogs.bulk_report import BulkDeleteReport
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog
from efs_tui.ui.widgets.service_tree import ShareItem

T = TypeVar("T")


@dataclass
class ScriptedScreen:
    """A :class:`~efs_tui.ui.flows.FlowContext` that answers dialogs from a script and records the rest."""

    writer: Writer
    answers: list[Any]
    read_only: bool = False
    asked: list[type] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    rows: dict[str, Snapshot] = field(default_factory=dict)
    polled: list[str] = field(default_factory=list)
    not_applied: list[WriteOutcome[Any]] = field(default_factory=list)
    delete_errors: dict[str, str] = field(default_factory=dict)
    shown: list[type] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)
    reloads: int = 0
    manual_snapshot_limit: int = 200

    @property
    def pane(self) -> ScriptedScreen:
        """The scripted screen keeps the rows itself."""
        return self

    def all_snapshots(self, item: ShareItem) -> list[Snapshot]:
        return list(self.rows.values())

    async def ask(self, dialog: Screen[T]) -> T:
        self.asked.append(type(dialog))
        answer: T = self.answers.pop(0)
        return answer

    async def show(self, screen: Screen[Any]) -> None:
        self.shown.append(type(screen))

    def remember_error(self, error: OvhError) -> None:
        pass

    def unmark(self, snapshot_ids: Sequence[str]) -> None:
        self.unmarked.extend(snapshot_ids)

    def reload_truth(self, item: ShareItem) -> None:
        self.reloads += 1

    async def reread_share(self, item: ShareItem) -> tuple[ShareItem, list[Snapshot]] | None:
        client = self.writer.client
        share = await client.get_share(item.service.id, item.share.id)
        return ShareItem(item.service, share), await client.list_snapshots(item.service.id, share.id)

    def share_with_status(self, item: ShareItem, status: str) -> ShareItem:
        return ShareItem(item.service, replace(item.share, status=status))

    def follow_revert(self, item: ShareItem, target_label: str) -> None:
        self.polled.append(item.share.id)

    def load_shares(self, service: Service) -> None:
        pass

    def say(self, text: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float = 5) -> None:
        self.said.append(text)

    def refuse_if_read_only(self, what: str) -> bool:
        if self.read_only:
            self.said.append(f"{what}: read-only")
        return self.read_only

    def write_not_applied(self, outcome: WriteOutcome[Any], item: ShareItem, doing: str) -> None:
        self.not_applied.append(outcome)

    def local_change(self, item: ShareItem) -> None:
        pass

    def apply_snapshot(self, item: ShareItem, snap: Snapshot, *, select: bool = False, fetched: bool = True) -> None:
        self.rows[snap.id] = snap

    def forget_snapshot(self, item: ShareItem, snapshot_id: str) -> None:
        self.rows.pop(snapshot_id, None)

    def mark(self, item: ShareItem, snap: Snapshot, status: str) -> Snapshot:
        self.rows[snap.id] = marked = replace(snap, status=status)
        return marked

    def start_poll(self, item: ShareItem, snapshot_id: str, *, announce: str | None = None) -> None:
        self.polled.append(snapshot_id)

    def note_delete_error(self, snapshot_id: str, text: str | None) -> None:
        if text is None:
            self.delete_errors.pop(snapshot_id, None)
        else:
            self.delete_errors[snapshot_id] = text


@pytest.fixture
async def item(client: OvhClient) -> AsyncIterator[ShareItem]:
    service = next(s for s in await client.list_services() if s.name == "prod-nfs-gra")
    share = next(s for s in await client.list_shares(service.id) if s.name == "web-content")
    yield ShareItem(service, share)


async def test_create_flow_asks_writes_shows_and_follows(client: OvhClient, item: ShareItem, tmp_path: Path) -> None:
    ctx = ScriptedScreen(Writer(client, AuditLog(tmp_path / "audit.jsonl")), [SnapshotDraft("from-a-flow", None)])
    await flows.create_snapshot(ctx, item)
    assert ctx.asked == [CreateSnapshotDialog]
    [row] = ctx.rows.values()
    assert row.name == "from-a-flow" and row.status == "creating" and ctx.polled == [row.id]
    assert AuditLog(tmp_path / "audit.jsonl").read()[0].outcome == "ok"


async def test_cancelled_dialog_sends_nothing(client: OvhClient, item: ShareItem, emulator: EmulatorServer) -> None:
    ctx = ScriptedScreen(Writer(client, None), [None])
    before = emulator.state.requests.count("POST")
    await flows.create_snapshot(ctx, item)
    assert emulator.state.requests.count("POST") == before and not ctx.rows


async def test_delete_flow_hands_an_unknown_outcome_to_the_screen(
    client: OvhClient, item: ShareItem, emulator: EmulatorServer
) -> None:
    victim = next(s for s in await client.list_snapshots(item.service.id, item.share.id) if s.status == "available")
    emulator.faults.fail_after_next(503, method="DELETE")
    ctx = ScriptedScreen(Writer(client, None), [True])
    await flows.delete_snapshot(ctx, item, victim)
    assert ctx.asked == [ConfirmDeleteDialog]
    [outcome] = ctx.not_applied
    assert outcome.kind is Outcome.UNKNOWN and "HTTP 503" in ctx.delete_errors[victim.id]
    assert not ctx.polled  # nothing is assumed: the screen re-reads the list instead


async def test_hold_of_a_manual_snapshot_is_refused_before_any_dialog(
    client: OvhClient, item: ShareItem, emulator: EmulatorServer
) -> None:
    manual = next(s for s in await client.list_snapshots(item.service.id, item.share.id) if s.type == "manual")
    ctx = ScriptedScreen(Writer(client, None), [])
    before = len(emulator.state.requests)
    await flows.hold_snapshot(ctx, item, manual)
    assert ctx.asked == [] and "Only automatic snapshots can be held" in ctx.said[0]
    assert len(emulator.state.requests) == before


async def test_read_only_refuses_every_flow(client: OvhClient, item: ShareItem) -> None:
    ctx = ScriptedScreen(Writer(client, None), [], read_only=True)
    snap = (await client.list_snapshots(item.service.id, item.share.id))[0]
    await flows.create_snapshot(ctx, item)
    await flows.delete_snapshot(ctx, item, snap)
    await flows.edit_snapshot(ctx, item, snap)
    await flows.hold_snapshot(ctx, item, snap)
    assert ctx.asked == [] and len(ctx.said) == 4


async def test_bulk_delete_flow_reports_each_and_relists_when_one_is_unknown(
    client: OvhClient, item: ShareItem, emulator: EmulatorServer, tmp_path: Path
) -> None:
    snaps = [s for s in await client.list_snapshots(item.service.id, item.share.id) if s.status == "available"][:3]
    emulator.faults.fail_after_next(500, method="DELETE", path_contains=snaps[1].id)
    ctx = ScriptedScreen(Writer(client, AuditLog(tmp_path / "audit.jsonl")), [True])
    results = await flows.delete_marked(ctx, item, snaps, concurrency=2)
    assert [r.ok for r in results] == [True, False, True]
    assert ctx.shown == [BulkDeleteReport] and set(ctx.unmarked) == {snaps[0].id, snaps[2].id}
    assert ctx.reloads == 1 and "may or may not have applied" in ctx.delete_errors[snaps[1].id]
    outcomes = sorted(r.outcome or "" for r in AuditLog(tmp_path / "audit.jsonl").read())
    assert outcomes == ["ok", "ok", "unknown"]


async def test_revert_to_an_older_manual_snapshot_is_explained_and_nothing_is_sent(
    client: OvhClient, item: ShareItem, emulator: EmulatorServer
) -> None:
    snapshots = await client.list_snapshots(item.service.id, item.share.id)
    manual = sorted((s for s in snapshots if s.type == "manual" and s.created_at), key=lambda s: s.created_at or 0)
    assert len(manual) >= 2
    ctx = ScriptedScreen(Writer(client, None), [])
    await flows.revert_share(ctx, item, manual[0])  # not the latest manual one
    assert ctx.asked == [] and "latest manual snapshot" in ctx.said[0]
    assert emulator.state.requests.count("POST") == 0
