"""The OVHcloud API layer: client, authentication, models and errors. No Textual here."""

import sys

# httpx's __init__ imports its own command-line client (httpx._main), which imports click,
# pygments' lexers and rich.progress/rich.syntax whenever they are installed: a large share of
# every efs-tui start (benchmark s1) for a tool efs-tui never runs. A None entry makes that one
# import fail, and httpx then installs its stub `main` instead; the HTTP client is unchanged.
# Must run before the first `import httpx`: every efs_tui module that uses httpx is in this package.
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

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
