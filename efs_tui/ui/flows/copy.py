"""Copy over SSH: ``y`` copies the highlighted snapshot's id, ``Y``/``c`` opens the copy menu.

Copying goes through ``App.copy_to_clipboard`` (OSC 52), the one mechanism that
reaches the user's own clipboard from a remote shell; the toast shows exactly
what was copied, and how to make tmux pass it on. The menu is built from what
is known at once; the share's access paths (for the mount command and the full
NFS path) are fetched while it is open and its lines filled in.
"""

from __future__ import annotations

from textual.app import App

from efs_tui.api.errors import OvhError
from efs_tui.core.cache import ShareKey
from efs_tui.core.copying import (
    SNAPSHOT_PATH_LABEL,
    TMUX_HINT,
    CopyChoice,
    copy_choices,
    mount_command,
    preferred_access_path,
    snapshot_path_choice,
)
from efs_tui.ui.dialogs.copy_menu import CopyMenu
from efs_tui.ui.text import clean
from efs_tui.ui.widgets.api_calls import ApiCalls, short_error
from efs_tui.ui.widgets.service_tree import ShareItem
from efs_tui.ui.widgets.snapshot_pane import SnapshotPane, share_key

MOUNT_LABEL = "NFS mount command"


def copy_text(app: App[object], what: str, text: str) -> None:
    """Put ``text`` on the clipboard and say exactly what was copied (literally)."""
    app.copy_to_clipboard(text)
    app.notify(f"Copied {what}: {clean(text)}\n{TMUX_HINT}", title="Copied", markup=False, timeout=6)


def copy_menu(
    pane: SnapshotPane, item: ShareItem, calls: ApiCalls, mounts: dict[ShareKey, str], profile: str | None
) -> tuple[CopyMenu, bool]:
    """The menu for ``item`` and its highlighted snapshot, and whether the access paths are still to fetch."""
    access = pane.detail.access_paths.get(item.share.id)
    mount = mounts.get(share_key(item)) or (mount_command(access, item.share) if access else None)
    menu = CopyMenu(
        copy_choices(
            item.service.id,
            item.share,
            pane.table.highlighted,
            mount=mount,
            last_query_id=calls.last_error.query_id if calls.last_error else None,
            profile=profile,
            access_path=access,
        )
    )
    return menu, access is None and mount is None


async def fill_mount_command(
    pane: SnapshotPane, item: ShareItem, calls: ApiCalls, mounts: dict[ShareKey, str], menu: CopyMenu
) -> None:
    """GET the share's access paths, build the mount command and the NFS path, show them if still open.

    The preferred access path is kept in the detail panel, which then shows the
    snapshot's full NFS path too; the menu never fetches it twice.
    """
    snapshot = pane.table.highlighted
    try:
        paths = await calls(calls.client.list_access_paths(item.service.id, item.share.id))
    except OvhError as error:
        calls.remember(error)
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
            mounts[share_key(item)] = text
            pane.detail.access_paths[item.share.id] = path
            pane.update_detail()
            choices = [CopyChoice("mount", MOUNT_LABEL, text), snapshot_path_choice(snapshot, path)]
    if menu.is_attached:
        for choice in choices:
            menu.update_choice(choice)
