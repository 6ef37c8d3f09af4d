"""What a failed connection means for the user: which host, why, and whether the request left.

httpx reports a DNS failure, a refused connection and a TLS failure alike as ``ConnectError``;
the cause is in the chained ``OSError``. The distinction matters twice: the user needs to
know where to look (the name, the port, the certificate, a proxy), and a write needs to know
whether it may have been applied. Everything raised while connecting happened before a byte
of the request was sent (``sent=False``: nothing can have been applied); a connection lost
after that (``sent=True``) leaves a write's outcome unknown.
"""

from __future__ import annotations

import errno
import os
import socket
import ssl
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Final

from .errors import ApiTimeout, NetworkError

PROXY_VARIABLES: Final = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY")
"""The proxy variables httpx honours (in upper or lower case), named in every "cannot reach" message."""

_REASONS: Final[dict[str, str]] = {
    "dns": "its name does not resolve (DNS)",
    "refused": "the connection was refused",
    "unreachable": "there is no route to it (network unreachable)",
    "tls": "the TLS handshake failed",
    "proxy": "the proxy failed or refused the connection",
    "timeout": "it did not accept the connection in time",
    "connect": "the connection failed",
}

if TYPE_CHECKING:
    import httpx  # only an exchange that failed gets here, so httpx is loaded: imported where it is used


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def connect_reason(exc: BaseException) -> str:
    """One word for why a connection could not be made: dns, refused, unreachable, tls, proxy, connect."""
    import httpx

    if isinstance(exc, httpx.ProxyError):
        return "proxy"
    for link in _chain(exc):
        if isinstance(link, socket.gaierror):
            return "dns"
        if isinstance(link, ssl.SSLError):
            return "tls"
        if isinstance(link, ConnectionRefusedError):
            return "refused"
        if isinstance(link, OSError) and link.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "unreachable"
    text = str(exc).lower()
    if any(word in text for word in ("name or service not known", "name resolution", "nodename nor servname")):
        return "dns"
    if "getaddrinfo" in text:
        return "dns"
    if "ssl" in text or "certificate" in text:
        return "tls"
    if "connection refused" in text:
        return "refused"
    return "connect"


def proxy_hint(environ: Mapping[str, str] | None = None) -> str:
    """Names the proxy variables httpx honours and which are set here (names only: values may hold passwords)."""
    env = os.environ if environ is None else environ
    present = [name for name in PROXY_VARIABLES if env.get(name) or env.get(name.lower())]
    state = f"set here: {', '.join(present)}" if present else "none is set here"
    return f"A proxy is used only through {', '.join(PROXY_VARIABLES[:-1])} or {PROXY_VARIABLES[-1]} ({state})"


def network_error(exc: httpx.TransportError, host: str, *, method: str | None, path: str | None) -> NetworkError:
    """The :class:`NetworkError` (or :class:`ApiTimeout`) for one failed exchange with ``host``."""
    import httpx

    where = {"method": method, "path": path}
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return ApiTimeout(
            f"Cannot reach {host}: {_REASONS['timeout']}; nothing was sent. {proxy_hint()}",
            sent=False,
            host=host,
            reason="timeout",
            **where,
        )
    if isinstance(exc, httpx.TimeoutException):
        return ApiTimeout(
            f"No answer from {host} in time ({type(exc).__name__}) after the request was sent",
            sent=True,
            host=host,
            reason="timeout",
            **where,
        )
    if isinstance(exc, httpx.ConnectError | httpx.ProxyError | httpx.UnsupportedProtocol):
        reason = connect_reason(exc)
        detail = _REASONS.get(reason, _REASONS["connect"])
        if reason == "tls":
            detail += f" ({_tls_detail(exc)})"
        return NetworkError(
            f"Cannot reach {host}: {detail}; nothing was sent. {proxy_hint()}",
            sent=False,
            host=host,
            reason=reason,
            **where,
        )
    return NetworkError(
        f"The connection to {host} was lost after the request was sent ({type(exc).__name__})",
        sent=True,
        host=host,
        reason="dropped",
        **where,
    )


def _tls_detail(exc: BaseException) -> str:
    for link in _chain(exc):
        if isinstance(link, ssl.SSLCertVerificationError):
            return f"certificate not trusted: {link.verify_message or 'verification failed'}"
        if isinstance(link, ssl.SSLError):
            return link.reason or type(link).__name__
    return "handshake error"


__all__ = ["PROXY_VARIABLES", "connect_reason", "network_error", "proxy_hint"]
