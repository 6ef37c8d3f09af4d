"""Endpoints and the two authentication schemes of the OVHcloud v1 API.

This module holds pure functions and small credential holders only; the network
side (fetching ``/auth/time`` or an OAuth2 token) lives in the client so that it
shares the client's connection pool, timeouts and error handling.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, NamedTuple

from .errors import InvalidConfiguration


class Endpoint(NamedTuple):
    """A named API endpoint: where to send calls and where to get OAuth2 tokens.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    name: str
    base_url: str
    token_url: str | None


ENDPOINTS: Final[dict[str, Endpoint]] = {
    e.name: e
    for e in (
        Endpoint("ovh-eu", "https://eu.api.ovh.com/1.0", "https://www.ovh.com/auth/oauth2/token"),
        # python-ovh and go-ovh both use ca.ovh.com; one OVH guide says www.ovh.ca.
        Endpoint("ovh-ca", "https://ca.api.ovh.com/1.0", "https://ca.ovh.com/auth/oauth2/token"),
        Endpoint("ovh-us", "https://api.us.ovhcloud.com/1.0", "https://us.ovhcloud.com/auth/oauth2/token"),
        Endpoint("kimsufi-eu", "https://eu.api.kimsufi.com/1.0", None),
        Endpoint("kimsufi-ca", "https://ca.api.kimsufi.com/1.0", None),
        Endpoint("soyoustart-eu", "https://eu.api.soyoustart.com/1.0", None),
        Endpoint("soyoustart-ca", "https://ca.api.soyoustart.com/1.0", None),
    )
}


#: The named endpoints whose API has a `/storage/netapp` section. OVHcloud US, Kimsufi and So you Start
#: sell no Enterprise File Storage; their APIs answer 404 "Got an invalid (or empty) URL" to every EFS call.
EFS_ENDPOINTS: Final = frozenset({"ovh-eu", "ovh-ca"})

NO_EFS_WARNING: Final = (
    "endpoint {name} offers no Enterprise File Storage (only ovh-eu and ovh-ca do): "
    'every EFS call will answer 404 "Got an invalid (or empty) URL"'
)
"""The warning to show when such an endpoint is chosen; format it with ``name=``."""


def endpoint_offers_efs(name: str) -> bool:
    """Whether ``name`` (an endpoint name or URL) may serve `/storage/netapp`.

    ``False`` only for the named endpoints known to have no EFS (``ovh-us``, ``kimsufi-*``,
    ``soyoustart-*``); a URL (the emulator, a proxy) is given the benefit of the doubt.
    """
    return name in EFS_ENDPOINTS or name not in ENDPOINTS


def resolve_endpoint(name_or_url: str, token_url: str | None = None) -> Endpoint:
    """Turn an endpoint name (``ovh-eu``) or a base URL (the emulator's) into an :class:`Endpoint`.

    A custom URL gets its OAuth2 token URL from ``token_url`` or, failing that,
    ``<scheme://host>/auth/oauth2/token`` (where the emulator serves it).
    """
    if name_or_url in ENDPOINTS:
        endpoint = ENDPOINTS[name_or_url]
        return Endpoint(endpoint.name, endpoint.base_url, token_url or endpoint.token_url)
    if name_or_url.startswith(("http://", "https://")):
        base = name_or_url.rstrip("/")
        if token_url is None:
            scheme, _, rest = base.partition("://")
            host = rest.split("/", 1)[0]
            token_url = f"{scheme}://{host}/auth/oauth2/token"
        return Endpoint(base, base, token_url)
    known = ", ".join(ENDPOINTS)
    raise InvalidConfiguration(f"Unknown endpoint {name_or_url!r}: use one of {known} or an http(s) URL")


def signature(
    application_secret: str,
    consumer_key: str,
    method: str,
    url: str,
    body: bytes | str,
    timestamp: int | str,
) -> str:
    """The ``X-Ovh-Signature`` value: ``$1$`` + SHA-1 of ``AS+CK+METHOD+URL+BODY+TS``.

    ``url`` is the full URL actually requested, query string included, and ``body``
    the exact bytes sent, so any re-serialisation between signing and sending
    breaks the signature; the client signs the very bytes it hands to httpx.
    """
    import hashlib  # at the first request: a cached start draws its first frame without OpenSSL (~2 ms)

    body_bytes = body.encode("utf-8") if isinstance(body, str) else body
    digest = hashlib.sha1()
    digest.update(
        b"+".join(
            [
                application_secret.encode("utf-8"),
                consumer_key.encode("utf-8"),
                method.upper().encode("utf-8"),
                url.encode("utf-8"),
                body_bytes,
                str(timestamp).encode("utf-8"),
            ]
        )
    )
    return "$1$" + digest.hexdigest()


class Credentials:
    """Base class for the credentials a client can hold."""

    scheme: str = "none"

    def redact(self, text: str) -> str:
        """Replace every secret this object holds by ``***`` in ``text``."""
        for secret in self.secrets():
            if secret:
                text = text.replace(secret, "***")
        return text

    def secrets(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True, slots=True, repr=False)
class ApplicationCredentials(Credentials):
    """Application key + secret (+ consumer key, absent only while requesting one)."""

    application_key: str
    application_secret: str
    consumer_key: str | None = None

    scheme = "application"

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.application_secret, self.consumer_key) if s)

    def __repr__(self) -> str:
        return f"ApplicationCredentials(application_key={self.application_key!r}, secrets hidden)"


@dataclass(frozen=True, slots=True, repr=False)
class OAuth2Credentials(Credentials):
    """OAuth2 client-credentials flow (service accounts)."""

    client_id: str
    client_secret: str

    scheme = "oauth2"

    def secrets(self) -> tuple[str, ...]:
        return (self.client_secret,) if self.client_secret else ()

    def __repr__(self) -> str:
        return f"OAuth2Credentials(client_id={self.client_id!r}, client_secret='***')"


class NoCredentials(Credentials):
    """Unauthenticated calls only (``/auth/time``)."""

    def __repr__(self) -> str:
        return "NoCredentials()"


#: The routes efs-tui needs, for `POST /auth/credential`. Both forms are asked
#: for because `/storage/netapp/*` is not documented to cover `/storage/netapp`.
NETAPP_PATHS: Final = ("/storage/netapp", "/storage/netapp/*")
READ_WRITE_METHODS: Final = ("GET", "POST", "PUT", "DELETE")


def netapp_access_rules(read_only: bool = False) -> list[dict[str, str]]:
    """Access rules covering exactly `/storage/netapp` (GET only when ``read_only``)."""
    methods = ("GET",) if read_only else READ_WRITE_METHODS
    return [{"method": m, "path": p} for m in methods for p in NETAPP_PATHS]
