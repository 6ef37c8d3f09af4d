"""The one gate between an id and the wire: every `/storage/netapp` URL is built here.

An id typed by a user (``..``, ``a/b``, ``%2e%2e``, an empty string, a UUID with a
trailing newline) would otherwise become a signed request to another route: httpx folds
``..`` so ``DELETE …/snapshot/..`` deletes the *share*, which the consumer key created by
``efs-tui login`` is allowed to do. OVH's published schema declares every path parameter
under `/storage/netapp` as ``format: uuid``, so the gate accepts exactly that and refuses
everything else with :class:`~efs_tui.api.errors.InvalidIdentifier` before any request is
built; nothing is sent for a refused id.

Accepted form: the canonical 8-4-4-4-12 hexadecimal text, ASCII only. Upper-case hex is
accepted and sent lower case (OVH answers lower case, RFC 9562 says UUIDs compare
case-insensitively, and a copy from a tool that upper-cases must still find its snapshot).
Braces, ``urn:uuid:``, the 32-digit form without dashes and surrounding whitespace are
refused rather than repaired: ``uuid.UUID()`` would accept them, which is why it is not
used. Each segment is then percent-encoded anyway (a second line of defence, should the
rule ever be loosened).

The route words (``share``, ``snapshot``, ``hold``…) come from :data:`LEAVES`, never from
a caller's string. Names (``prod-nfs-gra``) are resolved to ids by the callers (CLI, TUI):
the gate only ever sees ids.
"""

from __future__ import annotations

import re
from typing import Final, Literal
from urllib.parse import quote

from .errors import InvalidIdentifier

ROOT: Final = "/storage/netapp"

_UUID: Final = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

Leaf = Literal[
    "share",
    "snapshot",
    "hold",
    "revert",
    "accessPath",
    "acl",
    "extend",
    "shrink",
    "snapshotPolicy",
    "snapshotReserve",
    "network",
    "serviceInfos",
]
LEAVES: Final[frozenset[str]] = frozenset(Leaf.__args__)  # type: ignore[attr-defined]


def is_uuid(value: object) -> bool:
    """Whether ``value`` is an id the gate lets through (see the module docstring for the form)."""
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


def require_uuid(value: object, what: str) -> str:
    """``value`` in its canonical (lower-case) form, or :class:`InvalidIdentifier` naming ``what``.

    ``what`` is what a user would call it ("snapshot id"), for the message.
    """
    if not is_uuid(value):
        raise InvalidIdentifier(what, value)
    assert isinstance(value, str)
    return value.lower()


def _segment(value: str) -> str:
    return quote(value, safe="")


def netapp_path(
    service_id: str | None = None,
    *,
    share_id: str | None = None,
    snapshot_id: str | None = None,
    policy_id: str | None = None,
    item_id: str | None = None,
    leaf: Leaf | None = None,
) -> str:
    """The path of one `/storage/netapp` route, every id checked and every segment encoded.

    The ids nest as the API's routes do: ``service_id`` / ``share`` ``share_id`` /
    ``snapshot`` ``snapshot_id``, or ``service_id`` / ``snapshotPolicy`` ``policy_id``;
    ``leaf`` is the last, fixed word (``"snapshot"`` alone lists a share's snapshots,
    ``"hold"`` after a snapshot id holds it). ``item_id`` is the id after a leaf that
    takes one (``accessPath``, ``acl``, ``network``).

    Examples:
        ``netapp_path()`` → ``/storage/netapp``;
        ``netapp_path(sid, leaf="share")`` → ``/storage/netapp/<sid>/share``;
        ``netapp_path(sid, share_id=sh, snapshot_id=sn, leaf="hold")`` → ``…/snapshot/<sn>/hold``.

    Raises:
        InvalidIdentifier: an id is not a UUID (nothing may be sent).
        ValueError: the combination names no route (a programming error, not user input).
    """
    segments = [ROOT]
    if service_id is not None:
        segments.append(require_uuid(service_id, "service id"))
    elif share_id is not None or policy_id is not None or leaf is not None:
        raise ValueError("a share, policy or sub-route needs a service id")
    if share_id is not None:
        segments += ["share", require_uuid(share_id, "share id")]
    elif snapshot_id is not None:
        raise ValueError("a snapshot id needs a share id")
    if snapshot_id is not None:
        segments += ["snapshot", require_uuid(snapshot_id, "snapshot id")]
    if policy_id is not None:
        if share_id is not None:
            raise ValueError("a snapshot policy id belongs to a service, not to a share")
        segments += ["snapshotPolicy", require_uuid(policy_id, "snapshot policy id")]
    if leaf is not None:
        if leaf not in LEAVES:
            raise ValueError(f"unknown route word {leaf!r}")
        segments.append(leaf)
    if item_id is not None:
        if leaf not in ("accessPath", "acl", "network"):
            raise ValueError("an item id follows accessPath, acl or network")
        segments.append(require_uuid(item_id, f"{leaf} id"))
    return "/".join([segments[0], *(_segment(s) for s in segments[1:])])


def check_path(path: str) -> None:
    """Refuse a `/storage/netapp` path that :func:`netapp_path` could not have built.

    The client calls this on every path it is about to send, so a path assembled anywhere
    else (an f-string, a future feature) still cannot put a non-UUID segment on the wire:
    each segment after ``/storage/netapp`` must be a route word or a lower-case UUID.
    Other paths (``/auth/…``, ``/v2/…``) are not this gate's business.
    """
    if path != ROOT and not path.startswith(ROOT + "/"):
        return
    for segment in path[len(ROOT) + 1 :].split("/") if path != ROOT else ():
        if segment in LEAVES:
            continue
        if not is_uuid(segment) or segment != segment.lower():
            raise InvalidIdentifier("path segment", segment)


__all__ = ["LEAVES", "ROOT", "Leaf", "check_path", "is_uuid", "netapp_path", "require_uuid"]
