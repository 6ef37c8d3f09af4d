"""The one check that an identifier may go into a URL: it must be a UUID.

OVH's schema declares every path parameter under ``/storage/netapp`` as
``format: uuid``. Anything else (``..``, ``a/b``, ``%2e%2e``, an empty string, a
name typed where an id was expected) could change the route a signed request
reaches, so it is refused before any request is built. The CLI calls this at
its boundary (exit 2, nothing sent) and the client's URL gate calls it too.
"""

from __future__ import annotations

import re
from typing import Final

from efs_tui.api.errors import InvalidIdentifier

#: The canonical 8-4-4-4-12 hex form, the only one the API produces; braces, urn: or bare hex are refused.
_UUID: Final = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def require_uuid(value: str, what: str) -> str:
    """Return ``value`` unchanged if it is a UUID in canonical form.

    Args:
        value: The identifier as typed or received.
        what: What it identifies ("snapshot id"), for the message.

    Raises:
        InvalidIdentifier: ``value`` is not a UUID (nothing may be sent with it).
    """
    if not isinstance(value, str) or _UUID.fullmatch(value) is None:
        raise InvalidIdentifier(what, value)
    return value


__all__ = ["require_uuid"]
