"""What the copy menu offers: ids, paths and ready-to-paste commands.

Each text is built here, exact and unadorned (no markup, no ellipsis), because
it lands on the user's clipboard and then in a shell: values that could hold
spaces or shell metacharacters are quoted with :func:`shlex.quote`.

Quoting cannot help with control characters: a newline in a pasted path runs
what follows it, an ESC can drive the terminal. A :class:`CopyChoice` whose text
holds any unsafe character (:func:`efs_tui.core.sanitize.is_unsafe_char`) is therefore
never copyable: it is greyed out with the reason :data:`CONTROL_CHARACTERS`.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from efs_tui.api.models import Share, Snapshot
from efs_tui.core.sanitize import UNSAFE_CHARS

TMUX_HINT = "Copied with OSC 52: over SSH this needs a terminal that allows it; in tmux, `set -g set-clipboard on`."

#: Label of the copy menu's full NFS path entry.
SNAPSHOT_PATH_LABEL = "Snapshot NFS path"

CONTROL_CHARACTERS = "contains control characters"
"""Why a value is not offered for copying: pasted into a shell, a newline in it would run what follows."""


def clipboard_safe(text: str) -> bool:
    """Whether ``text`` may go to the clipboard: no control, bidi or line-separator character at all."""
    return UNSAFE_CHARS.search(text) is None


@dataclass(frozen=True, slots=True)
class CopyChoice:
    """One entry of the copy menu.

    ``text`` is what goes to the clipboard; ``None`` means "not available", and
    ``reason`` then says why (shown greyed out in the menu). A text that is not
    :func:`clipboard_safe` is refused here, whoever builds the choice: it becomes
    ``None`` with the reason :data:`CONTROL_CHARACTERS`.
    """

    key: str
    label: str
    text: str | None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.text is not None and not clipboard_safe(self.text):
            object.__setattr__(self, "text", None)
            object.__setattr__(self, "reason", CONTROL_CHARACTERS)


def preferred_access_path(paths: Iterable[Mapping[str, Any]]) -> str | None:
    """The access path marked ``preferred`` (as the Control Panel shows it), else the first one."""
    found = [p for p in paths if isinstance(p.get("path"), str) and p.get("path")]
    for item in found:
        if item.get("preferred") is True:
            return str(item["path"])
    return str(found[0]["path"]) if found else None


def snapshot_nfs_path(access_path: str | None, snapshot_path: str | None) -> str | None:
    """The full NFS path of a snapshot, ``<ip>:/<export>/.snapshot/<name>``, or ``None`` when it cannot be known.

    OVH gives a snapshot's ``path`` relative to the share's export
    (``.snapshot/<backend name>``), so the full path needs the share's preferred
    access path (``<ip>:/share_<uuid>``): the two are joined with exactly one ``/``.
    Should the API ever answer a full path (``<host>:/...``), it is used as it is;
    a server-absolute one (``/share_x/.snapshot/y``) gets the access path's host.
    """
    if not snapshot_path:
        return None
    if ":/" in snapshot_path:
        return snapshot_path
    if not access_path:
        return None
    if snapshot_path.startswith("/"):
        host, sep, _export = access_path.partition(":/")
        return f"{host}:{snapshot_path}" if sep else None
    relative = snapshot_path.removeprefix("./")
    return f"{access_path.rstrip('/')}/{relative}"


def mount_dir(share: Share) -> str:
    """``/mnt/<share>``: the mount point name or name, reduced to characters safe in a path."""
    base = share.mount_point_name or share.name or share.id
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.") or share.id
    return f"/mnt/{slug}"


def mount_command(path: str, share: Share) -> str:
    """``mount -t nfs <path> /mnt/<share>``, quoted for a POSIX shell."""
    return f"mount -t nfs {shlex.quote(path)} {shlex.quote(mount_dir(share))}"


def api_path(service_id: str, share_id: str, snapshot_id: str | None = None) -> str:
    """The API route of the share's snapshot list, or of one snapshot."""
    path = f"/storage/netapp/{quote(service_id, safe='')}/share/{quote(share_id, safe='')}/snapshot"
    return f"{path}/{quote(snapshot_id, safe='')}" if snapshot_id else path


def api_command(service_id: str, share_id: str, profile: str | None = None) -> str:
    """``efs-tui snapshots list SERVICE SHARE`` (with ``--profile`` when one is in use)."""
    words = ["efs-tui", "snapshots", "list", service_id, share_id]
    if profile:
        words += ["--profile", profile]
    return shlex.join(words)


def snapshot_path_choice(snapshot: Snapshot | None, access_path: str | None) -> CopyChoice:
    """The "Snapshot path" entry: the full NFS path, or why it is not available (yet)."""
    if snapshot is None:
        return CopyChoice("path", SNAPSHOT_PATH_LABEL, None, "no snapshot highlighted")
    if not snapshot.path:
        return CopyChoice("path", SNAPSHOT_PATH_LABEL, None, "the API gave no path")
    full = snapshot_nfs_path(access_path, snapshot.path)
    return CopyChoice("path", SNAPSHOT_PATH_LABEL, full, "fetching the share's access paths…")


def lower_first(label: str) -> str:
    """``Snapshot id`` → ``snapshot id`` for the middle of a sentence; an acronym (``NFS``) keeps its case."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def copy_choices(
    service_id: str,
    share: Share,
    snapshot: Snapshot | None,
    *,
    mount: str | None,
    mount_reason: str = "",
    last_query_id: str | None,
    profile: str | None = None,
    access_path: str | None = None,
) -> list[CopyChoice]:
    """Every entry of the copy menu, available or not (with the reason).

    ``access_path`` is the share's preferred access path when known: the snapshot
    path entry is then the full NFS path (:func:`snapshot_path_choice`).
    """
    no_snapshot = "no snapshot highlighted"
    return [
        CopyChoice("id", "Snapshot id", snapshot.id if snapshot else None, no_snapshot),
        snapshot_path_choice(snapshot, access_path),
        CopyChoice("mount", "NFS mount command", mount, mount_reason or "fetching the share's access paths…"),
        CopyChoice("cli", "CLI command (list snapshots)", api_command(service_id, share.id, profile)),
        CopyChoice(
            "api",
            "API path (GET this snapshot)",
            f"GET {api_path(service_id, share.id, snapshot.id)}" if snapshot else None,
            no_snapshot,
        ),
        CopyChoice("query", "Query id of the last error", last_query_id, "no API error with a query id yet"),
    ]
