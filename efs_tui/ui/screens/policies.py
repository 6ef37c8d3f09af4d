"""A service's snapshot policies: each rule in words, the next runs, and what attaching one would do.

Opened from the main screen (``o``) for the selected share's service. The
table lists every policy (the one the share uses is marked); the panel below
says the highlighted policy's rules in words, its next automatic snapshots and
which existing automatic snapshots of the share its rotation would remove.
``n``/``e``/``d``/``a`` run the flows of :mod:`efs_tui.ui.flows.policies`,
which write through the one write path; read-only mode hides them, and a key
pressed anyway says why it does nothing (the main screen's refusal).
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime
from typing import Any, ClassVar, Protocol, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from efs_tui.api.client import OvhClient
from efs_tui.api.errors import OvhError
from efs_tui.api.models import Service, Snapshot, SnapshotPolicy
from efs_tui.core.policy_text import describe_rule
from efs_tui.core.writes import Writer
from efs_tui.ui.dialogs.policy_editor import preview_lines
from efs_tui.ui.flows import policies as flows
from efs_tui.ui.keys import REGISTRY, bindings_for
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem

T = TypeVar("T")

WRITE_ACTIONS = frozenset(c.action for c in REGISTRY if c.owner == "policies" and c.writes)


class PolicyHost(Protocol):
    """What the policies screen borrows from the main screen."""

    @property
    def writer(self) -> Writer: ...

    @property
    def client(self) -> OvhClient: ...

    @property
    def read_only(self) -> bool: ...

    async def call_api(self, awaitable: Awaitable[T]) -> T: ...

    def refuse_if_read_only(self, what: str) -> bool: ...

    def snapshots_of(self, item: ShareItem) -> list[Snapshot]: ...

    def policy_attached(self, item: ShareItem) -> None: ...

    def policy_clock(self) -> datetime:
        """Now, in UTC (the app's clock: frozen in tests)."""
        ...


class PoliciesScreen(Screen[None]):
    """The policies of one service, with the write keys (hidden, and explained when pressed, in read-only mode)."""

    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for("policies"))
    """The policy keys (``n e d a r o``), from :data:`efs_tui.ui.keys.REGISTRY` (``[keys]`` rebinds them by id)."""

    DEFAULT_CSS = """
    PoliciesScreen {
        #policies-title {
            height: 1;
            padding: 0 1;
            text-style: bold;
        }

        #policies {
            height: 1fr;
        }

        #policy-detail {
            height: auto;
            max-height: 50%;
            padding: 0 1;
            border-top: solid $primary;
        }
    }
    """

    def __init__(self, host: PolicyHost, service: Service, share: ShareItem | None) -> None:
        super().__init__()
        self._host = host
        self._service = service
        self._share = share
        self.policies: list[SnapshotPolicy] = []
        self.attached_id: str | None = None
        """The policy the share uses (as last read)."""

    # -- the flows' context (efs_tui.ui.flows.policies.PolicyContext) ------------------------------

    @property
    def writer(self) -> Writer:
        return self._host.writer

    @property
    def service(self) -> Service:
        return self._service

    @property
    def share(self) -> ShareItem | None:
        return self._share

    def now(self) -> datetime:
        return self._host.policy_clock()

    def share_snapshots(self) -> list[Snapshot]:
        return self._host.snapshots_of(self._share) if self._share is not None else []

    async def ask(self, dialog: Screen[T]) -> T:
        return await self.app.push_screen_wait(dialog)

    def say(self, text: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float = 5) -> None:
        self.notify(text, title=title, severity=severity, markup=False, timeout=timeout)

    def refuse_if_read_only(self, what: str) -> bool:
        return self._host.refuse_if_read_only(what)

    def attached(self, policy: SnapshotPolicy) -> None:
        self.attached_id = policy.id
        if self._share is not None:
            self._host.policy_attached(self._share)

    async def reload(self, select: str | None = None) -> None:
        """GET the service's policies (and the share's link), then redraw, keeping or moving the cursor."""
        current = select or (self.highlighted.id if self.highlighted else None)
        try:
            policies = await self._host.call_api(self._host.client.list_snapshot_policies(self._service.id))
            if self._share is not None:
                link = await self._host.call_api(
                    self._host.client.get_share_snapshot_policy(self._service.id, self._share.share.id)
                )
                if link.id != self.attached_id and self.attached_id is not None:
                    self._host.policy_attached(self._share)  # changed elsewhere, or by a write of unknown outcome
                self.attached_id = link.id
        except OvhError as error:
            self.say(clean(error.describe(), keep_newlines=True), title="Snapshot policies", severity="error")
            return
        self.policies = policies
        self._fill(current)

    # -- drawing ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        share = f", share {self._share.share.label}" if self._share else ""
        yield Static(Text(clean(f"Snapshot policies of {self._service.label}{share}")), id="policies-title")
        table: DataTable[Any] = DataTable(id="policies", cursor_type="row", zebra_stripes=True)
        table.add_columns("", "Name", "Status", "Rules")
        yield table
        yield Static("Loading…", id="policy-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(exclusive=True, group="policies-load", exit_on_error=False, description="Load snapshot policies")
    async def _load(self) -> None:
        await self.reload()

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#policies", DataTable)

    @property
    def highlighted(self) -> SnapshotPolicy | None:
        row = self.table.cursor_row
        return self.policies[row] if 0 <= row < len(self.policies) and self.table.row_count else None

    def _fill(self, select: str | None) -> None:
        table = self.table
        table.clear()
        for policy in self.policies:
            mark = "● in use" if policy.id == self.attached_id else ""
            name = clean(policy.name or "(no name)") + (" (default)" if policy.is_default else "")
            rules = "; ".join(f"{clean(r.prefix)}: {describe_rule(r)}" for r in policy.rules)
            table.add_row(Text(mark), Text(name), Text(clean(policy.status or "?")), Text(rules), key=policy.id)
        index = next((i for i, p in enumerate(self.policies) if p.id == select), 0)
        if self.policies:
            table.move_cursor(row=index)
        self._show_detail()

    @on(DataTable.RowHighlighted, "#policies")
    def _show_detail(self) -> None:
        detail = self.query_one("#policy-detail", Static)
        policy = self.highlighted
        if policy is None:
            detail.update("No snapshot policy on this service." if not self.policies else "")
            return
        lines = [f"{policy.name or '(no name)'}  ({policy.id})"]
        if policy.description:
            lines.append(policy.description)
        share = self._share.share.label if self._share and policy.id != self.attached_id else None
        lines += preview_lines(policy.rules, self.now(), share, self.share_snapshots())
        detail.update(Text("\n".join(clean(line) for line in lines)))

    # -- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the writes in read-only mode; dim those that need a highlighted policy."""
        if action == "read_only_refused":
            return self._host.read_only
        if action in WRITE_ACTIONS and self._host.read_only:
            return False
        if action in ("edit_policy", "delete_policy", "attach_policy") and self.highlighted is None:
            return None
        if action == "attach_policy" and self._share is None:
            return None
        return True

    def action_read_only_refused(self, what: str) -> None:
        """Hidden twin of every write key while read-only: say why, as the main screen does."""
        self.refuse_if_read_only(what)

    def action_close(self) -> None:
        self.dismiss(None)

    @work(exclusive=True, group="policies-load", exit_on_error=False, description="Load snapshot policies")
    async def action_refresh(self) -> None:
        await self.reload()

    @work(group="policy-write", exit_on_error=False, description="Create snapshot policy")
    async def action_new_policy(self) -> None:
        await flows.create_policy(self)

    @work(group="policy-write", exit_on_error=False, description="Edit snapshot policy")
    async def action_edit_policy(self) -> None:
        if (policy := self.highlighted) is not None:
            await flows.edit_policy(self, policy)

    @work(group="policy-write", exit_on_error=False, description="Delete snapshot policy")
    async def action_delete_policy(self) -> None:
        if (policy := self.highlighted) is not None:
            await flows.delete_policy(self, policy)

    @work(group="policy-write", exit_on_error=False, description="Attach snapshot policy")
    async def action_attach_policy(self) -> None:
        if (policy := self.highlighted) is not None:
            await flows.attach_policy(self, policy)


__all__ = ["PoliciesScreen", "PolicyHost"]
