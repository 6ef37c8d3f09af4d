"""Keep secrets out of everything efs-tui prints, logs or raises.

:func:`redact` is :func:`efs_tui.core.sanitize.redact`, the project's one redaction
(the activity log uses the same): secrets are replaced, not truncated, URL-encoded
forms included, because a partial secret still narrows a brute force and ``***``
makes it obvious to a reader (and to a bug report) that something was hidden on purpose.
"""

from __future__ import annotations

from efs_tui.api.errors import NotGrantedCall, OvhError
from efs_tui.core.sanitize import MASK, redact

__all__ = ["MASK", "describe_permission_error", "redact"]


def describe_permission_error(err: OvhError) -> str:
    """A sentence for the UI when the API refused a call for lack of rights.

    A read-only consumer key (``efs-tui login --read-only``) only has GET rules, so
    the API answers 403 ``NOT_GRANTED_CALL`` to any change: say so plainly instead of
    showing a bare "This call has not been granted".
    """
    where = f" ({err.method} {err.path})" if err.method and err.path else ""
    if isinstance(err, NotGrantedCall) or err.error_code == "NOT_GRANTED_CALL":
        return (
            f"This credential is read-only: the API refused the change{where}. "
            "Log in again without --read-only (efs-tui login) to get a consumer key that may modify snapshots."
        )
    if err.status == 403 and err.error_class == "Client::Forbidden":
        return (
            f"This service account is not allowed to do that{where}: "
            "grant it the matching storageNetApp IAM actions in the OVHcloud Control Panel."
        )
    return err.describe()
