"""The main screen's user actions: create, delete, inspect, refresh, pane moves, and the key map.

Each write key runs one flow of :mod:`efs_tui.ui.flows` in a worker: a plain
async function that asks (a modal dialog), writes through the one write path
(:mod:`efs_tui.core.writes`: never retried, audited, one wording per outcome),
updates the row at once, then follows it to a final state. The screen hands
itself to the flow as its :class:`~efs_tui.ui.flows.FlowContext`. Copy and
marks still live in the ``actions_*`` mixins.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import ClassVar

from textual import on, work
from textual.binding import BindingType

from efs_tui.api.errors import NotFound, OvhError
from efs_tui.api.models import Snapshot
from efs_tui.ui import flows
from efs_tui.ui.keys import actions, bindings_for
from efs_tui.ui.screens.actions_base import READ_ONLY_HINT
from efs_tui.ui.screens.actions_bulk import BulkActions
from efs_tui.ui.screens.actions_clone import CloneActions
from efs_tui.ui.screens.actions_copy import CopyActions
from efs_tui.ui.text import clean
from efs_tui.ui.widgets import DetailPanel, ServiceTree, SnapshotTable
from efs_tui.ui.widgets.filter_bar import FilterBar
from efs_tui.ui.widgets.service_tree import ShareItem

MUTATING_ACTIONS = actions(writes=True)
"""Hidden (footer, palette) and refused in read-only mode (from the command registry)."""

NEEDS_SNAPSHOT = actions(needs="snapshot")
"""Dimmed while no snapshot is highlighted."""

NEEDS_SHARE = actions(needs="share")
"""Dimmed while no share is selected."""


class MainScreen(CopyActions, BulkActions, CloneActions):
    """Services tree, snapshot table and detail panel, with the snapshot actions."""

    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for("main"))
    """The snapshot keys, from :data:`efs_tui.ui.keys.REGISTRY` (``?`` lists them; ``[keys]`` rebinds them by id).

    Each write key has a hidden twin with the same id, active only in read-only mode, which explains the refusal.
    """

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide writes in read-only mode; dim actions that need a selection."""
        if not self.is_mounted:
            return True
        if action == "read_only_refused":
            return self.config.read_only
        if action in MUTATING_ACTIONS and self.config.read_only:
            return False
        if action in NEEDS_SHARE and self.current is None:
            return None
        if action == "delete_snapshot" and self.table.highlighted is None and not self.table.marked_ids:
            return None
        if action == "clear_marks" and not self.table.marked_ids:
            return None
        if action in NEEDS_SNAPSHOT and self.table.highlighted is None:
            return None
        return True

    def on_mount(self) -> None:
        """Besides the browser's start-up: learn whether the credential itself is read-only."""
        self.check_credential()

    @on(SnapshotTable.MarksChanged)
    def _marks_changed(self) -> None:
        """``d`` deletes the marks when there are some: keep the footer and the "N marked" count right."""
        self.refresh_bindings()
        self._update_snapshot_header()

    # -- read-only credential ---------------------------------------------------------------

    @work(group="credential", exit_on_error=False, description="Check credential rights")
    async def check_credential(self) -> None:
        """``GET /auth/currentCredential``: a key with only GET rules switches the app to read-only.

        Failures are ignored on purpose (OAuth2 sessions have no such route, old
        keys may not allow it): the exchange still shows in the activity log.
        """
        if self.config.read_only:
            return
        try:
            credential = await self.client.current_credential()
        except OvhError:
            return
        if credential.is_read_only:
            self.switch_to_read_only()

    def switch_to_read_only(self) -> None:
        """Hide every write from now on and say why."""
        self.config.read_only = True
        self.header.set_read_only(True)
        self.refresh_bindings()
        self.notify(
            f"This credential is read-only (it only grants GET): write actions are hidden. {READ_ONLY_HINT}",
            title="read-only",
            severity="warning",
            markup=False,
            timeout=10,
        )

    # -- navigation -----------------------------------------------------------------------

    def action_back(self) -> None:
        """Esc, one step at a time: clear the focused pane's filter, else the marks, else detail → table → tree."""
        focused = self.focused
        in_tree = focused is not None and self.query_one("#left") in focused.ancestors_with_self
        if isinstance(focused, SnapshotTable) or in_tree:
            bar = self.query_one("#tree-filter" if in_tree else "#table-filter", FilterBar)
            if bar.text:
                bar.action_clear()
                return
        if self.clear_marks():
            self.notify("Marks cleared.", markup=False, timeout=2)
            return
        if isinstance(focused, DetailPanel):
            self.table.focus()
        elif isinstance(focused, SnapshotTable):
            self.service_tree.focus()

    def action_account_view(self) -> None:
        """Every snapshot of the account in one table; Enter there comes back here on that snapshot's share."""
        from efs_tui.ui.screens.account import AccountScreen, jump_to

        self.app.push_screen(AccountScreen(self.config, self.writer), callback=partial(jump_to, self))

    def action_focus_pane(self, pane: str) -> None:
        """Focus ``tree``, ``table`` or ``detail`` (used by the command palette)."""
        self.query_one(f"#{pane}").focus()

    @on(SnapshotTable.Chosen)
    def _row_selected(self, event: SnapshotTable.Chosen) -> None:
        """Enter on a row: fetch it fresh and show the detail panel."""
        self.action_inspect()
        self.detail.focus()

    def action_refresh(self) -> None:
        """Refresh what the focused pane shows."""
        if isinstance(self.focused, ServiceTree) or self.current is None:
            self.notify("Refreshing services and shares…", timeout=2)
            self.load_services(reload_shares=True)
        else:
            self.load_snapshots(self.current)

    def action_refresh_services(self) -> None:
        """Reload services and the shares of every open service."""
        self.load_services(reload_shares=True)

    def action_refresh_snapshots(self) -> None:
        """Reload the selected share's snapshots."""
        if self.current is not None:
            self.load_snapshots(self.current)

    # -- inspect --------------------------------------------------------------------------

    @work(exclusive=True, group="inspect", exit_on_error=False, description="Inspect snapshot")
    async def action_inspect(self) -> None:
        """GET the highlighted snapshot alone, to show its current state."""
        snap, item = self.table.highlighted, self.current
        if snap is None or item is None:
            return
        try:
            fresh = await self.call_api(self.client.get_snapshot(item.service.id, item.share.id, snap.id))
        except NotFound:
            self.notify(f"Snapshot {clean(snap.label)} no longer exists.", severity="warning", markup=False)
            self.forget_snapshot(item, snap.id)
            return
        except OvhError as error:
            self.notify_error(error, "Inspecting snapshot")
            return
        self.apply_snapshot(item, fresh)
        if fresh.is_transitional:
            self.start_poll(item, fresh.id)

    # -- the write flows (efs_tui.ui.flows: plain async functions over this screen) ----------------

    @work(group="create", exit_on_error=False, description="Create snapshot")
    async def action_new_snapshot(self) -> None:
        """Ask for a name and description, POST, then follow the new row until it settles."""
        if self.current is not None:
            await flows.create_snapshot(self, self.current)

    @work(group="delete", exit_on_error=False, description="Delete snapshot")
    async def action_delete_snapshot(self) -> None:
        """Marked snapshots: bulk delete. Else: confirm (Cancel focused), DELETE, ``deleting``, drop on 404."""
        snap, item = self.table.highlighted, self.current
        if item is None or self.refuse_if_read_only("Delete"):
            return
        marked = self.marked()
        if marked:
            await flows.delete_marked(self, item, marked, self.bulk_concurrency)
        elif snap is not None:
            await flows.delete_snapshot(self, item, snap)

    @work(group="edit", exit_on_error=False, description="Edit snapshot")
    async def action_edit_snapshot(self) -> None:
        """Prefilled form (same checks as create); PUT the changed fields only; update the row in place."""
        snap, item = self.table.highlighted, self.current
        if snap is not None and item is not None:
            await flows.edit_snapshot(self, item, snap)

    @work(group="hold", exit_on_error=False, description="Hold snapshot")
    async def action_hold_snapshot(self) -> None:
        """Confirm, POST hold, swap the old row for the new id (selected), follow it to ``available``."""
        snap, item = self.table.highlighted, self.current
        if snap is not None and item is not None:
            await flows.hold_snapshot(self, item, snap)

    @work(group="prune", exit_on_error=False, description="Retention plan")
    async def action_plan_retention(self) -> None:
        """The retention planner on the share (or its marks): live preview, type ``delete N``, bulk delete report."""
        from efs_tui.ui.flows.prune import api_now, plan_retention

        if self.current is not None:
            now, zone = api_now(self.config), self.config.zone
            await plan_retention(self, self.current, self.marked(), self.bulk_concurrency, now=now, zone=zone)

    # -- snapshot policies (efs_tui.ui.screens.policies borrows these) ---------------------------

    def action_policies(self) -> None:
        """The selected share's service's policies: list, create, edit, delete, attach (with a preview)."""
        from efs_tui.ui.screens.policies import PoliciesScreen  # TextArea and the editor: not on the start-up path

        if self.current is not None:
            self.app.push_screen(PoliciesScreen(self, self.current.service, self.current))

    @property
    def read_only(self) -> bool:
        return self.config.read_only

    def snapshots_of(self, item: ShareItem) -> list[Snapshot]:
        """The share's snapshots as last listed (the policy preview's input); none if never listed."""
        entry = self.cache.get(self._key(item))
        return entry.ordered() if entry is not None else []

    def policy_clock(self) -> datetime:
        return self.config.clock().astimezone(UTC)

    def policy_attached(self, item: ShareItem) -> None:
        """A new policy on ``item``: read its link and rules again so the detail shows it."""
        self.extras.pop(self._key(item), None)
        self.ensure_extras(item)
        self._update_detail()

    @work(group="revert", exit_on_error=False, description="Revert share")
    async def action_revert_share(self) -> None:
        """Re-read the share and its list, check the rules, confirm by typing the share's name, POST revert."""
        snap, item = self.table.highlighted, self.current
        if snap is not None and item is not None:
            await flows.revert_share(self, item, snap)

    @work(group="clone", exit_on_error=False, description="Clone share")
    async def action_clone_share(self) -> None:
        """Hold first if automatic (asked), ask for the new share's fields, POST, show and follow the new share."""
        snap, item = self.table.highlighted, self.current
        if snap is not None and item is not None:
            await flows.clone_share(self, item, snap)
