"""The main screen's user actions: create, delete, inspect, refresh, pane moves.

Each mutating flow reads top to bottom in one worker: check the selection, ask
(modal dialog awaited with ``push_screen_wait``), call the API, update the row
at once, then poll until the API reports a final state. POST and DELETE are
never retried automatically (the client guarantees that).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType

from efs_tui.api.errors import NotFound, OvhError
from efs_tui.api.models import SnapshotStatus
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog
from efs_tui.ui.screens.browser import BrowserScreen
from efs_tui.ui.text import clean
from efs_tui.ui.widgets import DetailPanel, ServiceTree, SnapshotTable

MUTATING_ACTIONS = frozenset({"new_snapshot", "delete_snapshot"})
"""Hidden in read-only mode (another issue relies on this)."""


class MainScreen(BrowserScreen):
    """Services tree, snapshot table and detail panel, with the snapshot actions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_snapshot", "New"),
        Binding("d,delete", "delete_snapshot", "Delete"),
        Binding("r", "refresh", "Refresh"),
        Binding("i", "inspect", "Inspect"),
        Binding("escape", "back", "Back", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | n | New snapshot of the selected share. |
    | d, delete | Delete the highlighted snapshot (asks first). |
    | r | Refresh the focused level (tree: services and shares; table: snapshots). |
    | i | Inspect: fetch the highlighted snapshot again. |
    | escape | Back to the previous pane. |
    """

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide writes in read-only mode; dim actions that need a selection."""
        if not self.is_mounted:
            return True
        if action in MUTATING_ACTIONS and self.config.read_only:
            return False
        if action in ("new_snapshot", "refresh_snapshots") and self.current is None:
            return None
        if action in ("delete_snapshot", "inspect") and self.table.highlighted is None:
            return None
        return True

    # -- navigation -----------------------------------------------------------------------

    def action_back(self) -> None:
        """Esc: detail → table → tree."""
        focused = self.focused
        if isinstance(focused, DetailPanel):
            self.table.focus()
        elif isinstance(focused, SnapshotTable):
            self.service_tree.focus()

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

    # -- create ---------------------------------------------------------------------------

    @work(group="create", exit_on_error=False, description="Create snapshot")
    async def action_new_snapshot(self) -> None:
        """Ask for a name and description, POST, then follow the new row until it settles."""
        item = self.current
        if item is None or self.config.read_only:
            return
        draft = await self.app.push_screen_wait(CreateSnapshotDialog(item.share.label))
        if draft is None:
            return
        try:
            snap = await self.call_api(
                self.client.create_snapshot(item.service.id, item.share.id, draft.name, draft.description)
            )
        except OvhError as error:
            self.notify_error(error, "Creating snapshot")
            return
        self.apply_snapshot(item, snap, select=True)
        self.notify(f"Creating snapshot {clean(snap.label)}…", markup=False, timeout=3)
        self.start_poll(item, snap.id)

    # -- delete ---------------------------------------------------------------------------

    @work(group="delete", exit_on_error=False, description="Delete snapshot")
    async def action_delete_snapshot(self) -> None:
        """Confirm (Cancel focused), DELETE, show ``deleting``, drop the row on 404."""
        snap, item = self.table.highlighted, self.current
        if snap is None or item is None or self.config.read_only:
            return
        confirmed = await self.app.push_screen_wait(ConfirmDeleteDialog([snap], service=item.service, share=item.share))
        if not confirmed:
            return
        try:
            await self.call_api(self.client.delete_snapshot(item.service.id, item.share.id, snap.id))
        except NotFound:
            self.notify(f"Snapshot {clean(snap.label)} was already deleted.", severity="warning", markup=False)
            self.forget_snapshot(item, snap.id)
            return
        except OvhError as error:
            self.notify_error(error, "Deleting snapshot")
            return
        self.mark(item, snap, SnapshotStatus.DELETING)
        self.notify(f"Deleting snapshot {clean(snap.label)}…", markup=False, timeout=3)
        self.start_poll(item, snap.id)
