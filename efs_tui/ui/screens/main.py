"""The main screen's user actions: create, delete, inspect, refresh, pane moves, and the key map.

Each mutating flow reads top to bottom in one worker: check the selection, ask
(modal dialog awaited with ``push_screen_wait``), call the API, update the row
at once, then poll until the API reports a final state. POST and DELETE are
never retried automatically (the client guarantees that). Copy, edit, hold,
revert and bulk delete live in the ``actions_*`` mixins; this module binds them.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType

from efs_tui.api.errors import NotFound, OvhError
from efs_tui.api.models import SnapshotStatus
from efs_tui.core.exchange import ExchangeCapture
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog
from efs_tui.ui.screens.actions_base import READ_ONLY_HINT, unreadable_success
from efs_tui.ui.screens.actions_bulk import BulkActions
from efs_tui.ui.screens.actions_copy import CopyActions
from efs_tui.ui.screens.actions_edit import EditActions
from efs_tui.ui.screens.actions_revert import RevertActions
from efs_tui.ui.text import clean
from efs_tui.ui.widgets import DetailPanel, ServiceTree, SnapshotTable
from efs_tui.ui.widgets.filter_bar import FilterBar

MUTATING_ACTIONS = frozenset({"new_snapshot", "delete_snapshot", "edit_snapshot", "hold_snapshot", "revert_share"})
"""Hidden (footer, palette) and refused in read-only mode."""

NEEDS_SNAPSHOT = frozenset({"inspect", "edit_snapshot", "hold_snapshot", "revert_share", "copy_id", "toggle_mark"})
"""Dimmed while no snapshot is highlighted."""

NEEDS_SHARE = frozenset({"new_snapshot", "refresh_snapshots", "copy_menu", "export"})
"""Dimmed while no share is selected."""


def _refused(keys: str, what: str) -> Binding:
    """The hidden twin of a write key: active only in read-only mode, where it explains the refusal."""
    return Binding(keys, f"read_only_refused({what!r})", show=False)


class MainScreen(CopyActions, EditActions, RevertActions, BulkActions):
    """Services tree, snapshot table and detail panel, with the snapshot actions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_snapshot", "New"),
        Binding("d,delete", "delete_snapshot", "Delete"),
        Binding("e", "edit_snapshot", "Edit"),
        Binding("r", "refresh", "Refresh"),
        Binding("i", "inspect", "Inspect", show=False),
        Binding("y", "copy_id", "Copy"),
        Binding("Y,c", "copy_menu", "Copy…", show=False),
        Binding("H", "hold_snapshot", "Hold", show=False),
        Binding("R", "revert_share", "Revert", show=False),
        Binding("escape", "back", "Back", show=False),
        _refused("n", "New snapshot"),
        _refused("d,delete", "Delete"),
        _refused("e", "Edit"),
        _refused("H", "Hold"),
        _refused("R", "Revert"),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | n | New snapshot of the selected share. |
    | d, delete | Delete the highlighted snapshot, or every marked one (asks first). |
    | e | Edit the highlighted snapshot's name and description. |
    | r | Refresh the focused level (tree: services and shares; table: snapshots). |
    | i | Inspect: fetch the highlighted snapshot again. |
    | y | Copy the highlighted snapshot's id (OSC 52). |
    | Y, c | Copy menu: path, NFS mount command, CLI/API command, last query id. |
    | H | Hold the highlighted automatic snapshot (beta; its id changes). |
    | R | Revert the share to the highlighted (latest manual) snapshot (beta; typed confirmation). |
    | escape | Clear the focused pane's filter, else the marks, else back to the previous pane. |
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

        self.app.push_screen(AccountScreen(self.config), callback=partial(jump_to, self))

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
        if item is None or self.refuse_if_read_only("New snapshot"):
            return
        draft = await self.app.push_screen_wait(CreateSnapshotDialog(item.share.label))
        if draft is None:
            return
        capture = ExchangeCapture(self.client, "POST", f"{item.share.id}/snapshot")
        try:
            with capture:
                snap = await self.call_api(
                    self.client.create_snapshot(item.service.id, item.share.id, draft.name, draft.description)
                )
        except asyncio.CancelledError:
            self.audit_interrupted("create", item, name=draft.name)
            raise
        except OvhError as error:
            if unreadable_success(error):
                await self.write_unreadable("create", item, error, "Creating snapshot", name=draft.name)
                return
            await self.audit("create", "error", item, name=draft.name, error=error)
            self.write_failed(error, "Creating snapshot")
            return
        await self.audit(
            "create", "ok", item, snapshot_id=snap.id, name=snap.name, status=capture.status, query_id=capture.query_id
        )
        self.local_change(item)
        self.apply_snapshot(item, snap, select=True)
        self.notify(f"Creating snapshot {clean(snap.label)}…", markup=False, timeout=3)
        self.start_poll(item, snap.id)

    # -- delete ---------------------------------------------------------------------------

    @work(group="delete", exit_on_error=False, description="Delete snapshot")
    async def action_delete_snapshot(self) -> None:
        """Marked snapshots: bulk delete. Else: confirm (Cancel focused), DELETE, ``deleting``, drop on 404."""
        snap, item = self.table.highlighted, self.current
        if item is None or self.refuse_if_read_only("Delete"):
            return
        marked = self.marked()
        if marked:
            await self.delete_marked(item, marked)
            return
        if snap is None:
            return
        confirmed = await self.app.push_screen_wait(ConfirmDeleteDialog([snap], service=item.service, share=item.share))
        if not confirmed:
            return
        capture = ExchangeCapture(self.client, "DELETE", snap.id)
        try:
            with capture:
                await self.call_api(self.client.delete_snapshot(item.service.id, item.share.id, snap.id))
        except asyncio.CancelledError:
            self.audit_interrupted("delete", item, snapshot_id=snap.id, name=snap.name)
            raise
        except NotFound as error:
            await self.audit("delete", "already-gone", item, snapshot_id=snap.id, name=snap.name, error=error)
            self.notify(f"Snapshot {clean(snap.label)} was already deleted.", severity="warning", markup=False)
            self.forget_snapshot(item, snap.id)
            return
        except OvhError as error:
            if unreadable_success(error):
                self.delete_errors.pop(snap.id, None)
                await self.write_unreadable(
                    "delete", item, error, "Deleting snapshot", snapshot_id=snap.id, name=snap.name
                )
                return
            await self.audit("delete", "error", item, snapshot_id=snap.id, name=snap.name, error=error)
            self.write_failed(error, "Deleting snapshot")
            self.delete_errors[snap.id] = error.describe().split("\n", 1)[0]
            self._update_detail()
            return
        self.delete_errors.pop(snap.id, None)
        await self.audit(
            "delete", "ok", item, snapshot_id=snap.id, name=snap.name, status=capture.status, query_id=capture.query_id
        )
        self.mark(item, snap, SnapshotStatus.DELETING)
        self.notify(f"Deleting snapshot {clean(snap.label)}…", markup=False, timeout=3)
        self.start_poll(item, snap.id)
