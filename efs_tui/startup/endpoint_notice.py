"""The start-up warning for an endpoint that sells no Enterprise File Storage.

``ovh-us``, ``kimsufi-*`` and ``soyoustart-*`` are real OVHcloud APIs that accept
the credentials and then answer 404 to every ``/storage/netapp`` call, so an
empty tree would look like an account with no EFS. The CLI warns when such an
endpoint is chosen at login; the TUI says it when it starts and again after a
switch (``P``) to such a profile, with the way out, using the same rule
(:func:`efs_tui.api.auth.endpoint_offers_efs`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


def warn_about_endpoint(notify: Callable[..., Any], endpoint: str) -> bool:
    """Show the warning for ``endpoint`` with ``notify`` (an app's or a screen's); whether there was one."""
    notice = endpoint_notice(endpoint)
    if notice is not None:
        notify(notice, title=NO_EFS_TITLE, severity="warning", markup=False, timeout=30)
    return notice is not None


__all__ = ["NO_EFS_TITLE", "endpoint_notice", "warn_about_endpoint"]
