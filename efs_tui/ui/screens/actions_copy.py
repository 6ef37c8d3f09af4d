"""Copy over SSH: ``y`` copies the highlighted snapshot's id, ``Y``/``c`` opens the copy menu.

Copying goes through ``App.copy_to_clipboard`` (OSC 52), the one mechanism that
reaches the user's own clipboard from a remote shell; the toast shows exactly
what was copied, and how to make tmux pass it on.
"""

from __future__ import annotations

from efs_tui.api.errors import OvhError
from efs_tui.core.copying import (
    SNAPSHOT_PATH_LABEL,
    TMUX_HINT,
    CopyChoice,
    copy_choices,
    lower_first,
    mount_command,
    preferred_access_path,
    snapshot_path_choice,
)
from efs_tui.ui.screens.actions_base import ActionSupport, share_key
from efs_tui.ui.screens.browser import short_error
from efs_tui.ui.screens.copy_menu import CopyMenu
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.service_tree import ShareItem

MOUNT_LABEL = "NFS mount command"


class CopyActions(ActionSupport):
    """The copy key and the copy menu."""

    def copy_text(self, what: str, text: str) -> None:
        """Put ``text`` on the clipboard and say exactly what was copied (literally)."""
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {what}: {clean(text)}\n{TMUX_HINT}", title="Copied", markup=False, timeout=6)

    def action_copy_id(self) -> None:
        """Copy the highlighted snapshot's id."""
        snap = self.table.highlighted
        if snap is None:
            self.notify("No snapshot highlighted: nothing to copy.", severity="warning", markup=False)
            return
        self.copy_text("snapshot id", snap.id)

    def action_copy_menu(self) -> None:
        """Offer path, mount command, CLI/API commands and the last query id; fetch the mount path meanwhile."""
        item = self.current
        if item is None:
            self.notify("Select a share first: there is nothing to copy yet.", severity="warning", markup=False)
            return
        access = self.detail.access_paths.get(item.share.id)
        mount = self.mount_commands.get(share_key(item)) or (mount_command(access, item.share) if access else None)
        menu = CopyMenu(
            copy_choices(
                item.service.id,
                item.share,
                self.table.highlighted,
                mount=mount,
                last_query_id=self.last_error.query_id if self.last_error else None,
                profile=self.config.profile,
                access_path=access,
            )
        )
        self.app.push_screen(menu, callback=self._copy_chosen)
        if access is None and mount is None:
            self.run_worker(
                self._fetch_mount_command(item, menu),
                group="copy-mount",
                exclusive=True,
                exit_on_error=False,
                description="Fetch access paths",
            )

    def _copy_chosen(self, choice: CopyChoice | None) -> None:
        """The menu closed: copy what was picked, if anything."""
        if choice is not None and choice.text is not None:
            self.copy_text(lower_first(choice.label), choice.text)

    async def _fetch_mount_command(self, item: ShareItem, menu: CopyMenu) -> None:
        """GET the share's access paths, build the mount command and the NFS path, show them if still open.

        The preferred access path is kept in the detail panel, which then shows the
        snapshot's full NFS path too; the menu never fetches it twice.
        """
        snapshot = self.table.highlighted
        try:
            paths = await self.call_api(self.client.list_access_paths(item.service.id, item.share.id))
        except OvhError as error:
            self.remember_error(error)
            reason = f"could not fetch the access paths: {short_error(error)}"
            choices = [CopyChoice("mount", MOUNT_LABEL, None, reason)]
            if snapshot is not None and snapshot.path and snapshot_path_choice(snapshot, None).text is None:
                choices.append(CopyChoice("path", SNAPSHOT_PATH_LABEL, None, reason))
        else:
            path = preferred_access_path(paths)
            if path is None:
                choices = [CopyChoice("mount", MOUNT_LABEL, None, "the share has no access path")]
                if snapshot is not None and snapshot_path_choice(snapshot, None).text is None:
                    choices.append(CopyChoice("path", SNAPSHOT_PATH_LABEL, None, "the share has no access path"))
            else:
                text = mount_command(path, item.share)
                self.mount_commands[share_key(item)] = text
                self.detail.access_paths[item.share.id] = path
                self._update_detail()
                choices = [CopyChoice("mount", MOUNT_LABEL, text), snapshot_path_choice(snapshot, path)]
        if menu.is_attached:
            for choice in choices:
                menu.update_choice(choice)
