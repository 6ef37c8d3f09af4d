"""The start-up warning for an endpoint that sells no Enterprise File Storage.

``ovh-us``, ``kimsufi-*`` and ``soyoustart-*`` are real OVHcloud APIs that accept
the credentials and then answer 404 to every ``/storage/netapp`` call, so an
empty tree would look like an account with no EFS. The CLI warns when such an
endpoint is chosen at login; the TUI says it once when it starts, with the way
out, using the same rule (:func:`efs_tui.api.auth.endpoint_offers_efs`).
"""

from __future__ import annotations

from efs_tui.api.auth import NO_EFS_WARNING, endpoint_offers_efs

NO_EFS_TITLE = "No Enterprise File Storage on this endpoint"

WAY_OUT = (
    "This API has no /storage/netapp section. Log in on ovh-eu or ovh-ca "
    "(efs-tui login --endpoint ovh-eu), or switch to such a profile with P."
)


def endpoint_notice(endpoint: str) -> str | None:
    """The warning for ``endpoint`` (a name or URL), or ``None`` when it may serve ``/storage/netapp``."""
    if endpoint_offers_efs(endpoint):
        return None
    warning = NO_EFS_WARNING.format(name=endpoint)
    return "\n".join((warning[:1].upper() + warning[1:] + ".", WAY_OUT))


__all__ = ["NO_EFS_TITLE", "endpoint_notice"]
