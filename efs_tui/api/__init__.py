"""The OVHcloud API layer: client, authentication, models and errors. No Textual here.

The names below are re-exported lazily (PEP 562 ``__getattr__``): ``from efs_tui.api import
OvhClient`` imports :mod:`.client` then, and ``efs_tui.api.errors`` (which the configuration
layer needs before the start-up prefetch forks) no longer drags in the models, the rate limiter
and the client with it.
"""

import sys
from typing import TYPE_CHECKING, Final

from efs_tui.lazy_names import lazy_names

# httpx's __init__ imports its own command-line client (httpx._main), which imports click,
# pygments' lexers and rich.progress/rich.syntax whenever they are installed: a large share of
# every efs-tui start (benchmark s1) for a tool efs-tui never runs. A None entry makes that one
# import fail, and httpx then installs its stub `main` instead; the HTTP client is unchanged.
# This is the one place of the rule: every `import httpx` of efs-tui is in a module of this
# package (:mod:`.client`, :mod:`.network`, at function level: the first request imports it, in
# the prefetch child, the CLI or the app), so this line has always run before it.
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

if TYPE_CHECKING:
    from .auth import (
        ENDPOINTS,
        NO_EFS_WARNING,
        ApplicationCredentials,
        Credentials,
        Endpoint,
        NoCredentials,
        OAuth2Credentials,
        endpoint_offers_efs,
        netapp_access_rules,
        resolve_endpoint,
        signature,
    )
    from .client import UNSET, OvhClient, RequestListener, RequestRecord, RetryPolicy
    from .errors import (
        ApiError,
        ApiTimeout,
        BadRequest,
        Conflict,
        Forbidden,
        InvalidConfiguration,
        InvalidCredential,
        InvalidIdentifier,
        InvalidResponse,
        InvalidSignature,
        NetworkError,
        NotFound,
        NotGrantedCall,
        OAuth2Failure,
        OvhError,
        QueryOutOfTime,
        RateLimited,
        RequestTimeout,
        ServerError,
        Unauthorized,
    )
    from .models import (
        ApiCredential,
        CredentialRequest,
        Service,
        Share,
        ShareSnapshotPolicy,
        Snapshot,
        SnapshotPolicy,
        SnapshotReserve,
        SnapshotStatus,
        SnapshotType,
        StatusGroup,
    )
    from .ratelimit import DEFAULT_BUDGET, NO_LIMIT, RateBudget
    from .routes import netapp_path, require_uuid

_SUBMODULES: Final = {  # the same names as the imports above, by the submodule that defines them
    "auth": (
        "ENDPOINTS NO_EFS_WARNING ApplicationCredentials Credentials Endpoint NoCredentials "
        "OAuth2Credentials endpoint_offers_efs netapp_access_rules resolve_endpoint signature"
    ),
    "client": "UNSET OvhClient RequestListener RequestRecord RetryPolicy",
    "errors": (
        "ApiError ApiTimeout BadRequest Conflict Forbidden InvalidConfiguration InvalidCredential "
        "InvalidIdentifier InvalidResponse InvalidSignature NetworkError NotFound NotGrantedCall "
        "OAuth2Failure OvhError QueryOutOfTime RateLimited RequestTimeout ServerError Unauthorized"
    ),
    "models": (
        "ApiCredential CredentialRequest Service Share ShareSnapshotPolicy Snapshot SnapshotPolicy "
        "SnapshotReserve SnapshotStatus SnapshotType StatusGroup"
    ),
    "ratelimit": "DEFAULT_BUDGET NO_LIMIT RateBudget",
    "routes": "netapp_path require_uuid",
}
_SUBMODULE_OF: Final = {name: f".{module}" for module, names in _SUBMODULES.items() for name in names.split()}
__getattr__ = lazy_names(__name__, _SUBMODULE_OF, globals())


__all__ = [
    "DEFAULT_BUDGET",
    "ENDPOINTS",
    "NO_EFS_WARNING",
    "NO_LIMIT",
    "UNSET",
    "ApiCredential",
    "ApiError",
    "ApiTimeout",
    "ApplicationCredentials",
    "BadRequest",
    "Conflict",
    "CredentialRequest",
    "Credentials",
    "Endpoint",
    "Forbidden",
    "InvalidConfiguration",
    "InvalidCredential",
    "InvalidIdentifier",
    "InvalidResponse",
    "InvalidSignature",
    "NetworkError",
    "NoCredentials",
    "NotFound",
    "NotGrantedCall",
    "OAuth2Credentials",
    "OAuth2Failure",
    "OvhClient",
    "OvhError",
    "QueryOutOfTime",
    "RateBudget",
    "RateLimited",
    "RequestListener",
    "RequestRecord",
    "RequestTimeout",
    "RetryPolicy",
    "ServerError",
    "Service",
    "Share",
    "ShareSnapshotPolicy",
    "Snapshot",
    "SnapshotPolicy",
    "SnapshotReserve",
    "SnapshotStatus",
    "SnapshotType",
    "StatusGroup",
    "Unauthorized",
    "endpoint_offers_efs",
    "netapp_access_rules",
    "netapp_path",
    "require_uuid",
    "resolve_endpoint",
    "signature",
]
