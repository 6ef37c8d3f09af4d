"""OVH's v1 cursor paging of list answers, behind the ``page_size`` switch.

The real API pages a list when asked (``X-Pagination-Mode: CachedObjectList-Cursor``, page size in
``X-Pagination-Size``, the next page asked for with ``X-Pagination-Cursor``) and names the next
page in the ``X-Pagination-Cursor-Next`` answer header, absent on the last page; an unknown cursor
is refused with 400 "invalid cursor" (the Control Panel's own handling). With ``page_size`` set,
the emulator pages every list whether asked or not, which is the case a client must survive.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from . import problems

CURSOR_HEADER = "x-pagination-cursor"
SIZE_HEADER = "x-pagination-size"
NEXT_HEADER = "X-Pagination-Cursor-Next"


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"efs-emulator:{offset}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, offset = text.partition(":")
        if prefix != "efs-emulator" or not offset.isdigit():
            raise ValueError(cursor)
        return int(offset)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise problems.bad_request("invalid cursor") from None


def page(items: list[Any], headers: dict[str, str], page_size: int) -> tuple[list[Any], dict[str, str]]:
    """One page of ``items`` and the answer headers naming the next one (request ``headers`` lower-case)."""
    size = page_size
    asked = headers.get(SIZE_HEADER, "")
    if asked.isdigit() and int(asked) > 0:
        size = min(size, int(asked))
    cursor = headers.get(CURSOR_HEADER)
    start = _decode(cursor) if cursor else 0
    if start > len(items):
        raise problems.bad_request("invalid cursor")
    end = start + size
    extra = {NEXT_HEADER: _encode(end)} if end < len(items) else {}
    return items[start:end], extra
