"""No route to the API: which host, why, whether anything was sent (issues 9.3 and 13.8b).

Real sockets only: a closed port (refused), a name that cannot resolve (DNS), TLS spoken to
a plain-HTTP server (TLS), and the emulator cutting a connection after the request arrived.
"""

from __future__ import annotations

import socket

import pytest

from efs_tui.api import OvhClient, RequestRecord
from efs_tui.api.client import RESENT_AFTER_CLOCK
from efs_tui.api.errors import ApiTimeout, NetworkError
from efs_tui.api.network import PROXY_VARIABLES, proxy_hint
from efs_tui.core.activity import format_entry
from efs_tui.emulator import EmulatorServer

from .conftest import FAST_RETRY, app_credentials

SERVICE = "0f6b2a8e-3c1d-4e5f-9a7b-1c2d3e4f5a6b"
SHARE = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
SNAPSHOT = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_refused_write_was_not_sent(emu: EmulatorServer) -> None:
    async with OvhClient(f"http://127.0.0.1:{closed_port()}/1.0", app_credentials(emu), retry=FAST_RETRY) as client:
        with pytest.raises(NetworkError) as caught:
            await client.delete_snapshot(SERVICE, SHARE, SNAPSHOT)
    error = caught.value
    assert (error.sent, error.reason, error.host) == (False, "refused", "127.0.0.1")
    assert "Cannot reach 127.0.0.1: the connection was refused" in error.message
    assert "nothing was applied" in error.message and "may or may not" not in error.message
    assert all(name in error.message for name in PROXY_VARIABLES)


async def test_unresolvable_name_says_dns(emu: EmulatorServer) -> None:
    async with OvhClient(
        "http://efs-tui-test.invalid/1.0", app_credentials(emu), retry=FAST_RETRY, connect_timeout=5
    ) as client:
        with pytest.raises(NetworkError) as caught:
            await client.list_services()
    assert (caught.value.sent, caught.value.reason, caught.value.host) == (False, "dns", "efs-tui-test.invalid")
    assert "its name does not resolve (DNS)" in caught.value.message


async def test_tls_failure_is_named(emu: EmulatorServer) -> None:
    plain = emu.base_url.replace("http://", "https://")
    async with OvhClient(plain, app_credentials(emu), retry=FAST_RETRY) as client:
        with pytest.raises(NetworkError) as caught:
            await client.create_snapshot(SERVICE, SHARE, "x")
    assert (caught.value.sent, caught.value.reason) == (False, "tls")
    assert "TLS handshake failed" in caught.value.message


async def test_connection_lost_after_sending_leaves_the_outcome_unknown(client: OvhClient, emu: EmulatorServer) -> None:
    service = (await client.list_services())[0]
    share = (await client.list_shares(service.id))[0]
    emu.state.faults.drop_after_next(method="POST")
    with pytest.raises(NetworkError) as caught:
        await client.create_snapshot(service.id, share.id, "lost-answer")
    assert caught.value.sent is True and caught.value.reason == "dropped"
    assert "may or may not have applied" in caught.value.message


async def test_read_timeout_was_sent(emu: EmulatorServer) -> None:
    emu.state.faults.latency_ms = 400
    try:
        async with OvhClient(emu.base_url, app_credentials(emu), timeout=0.1, retry=FAST_RETRY) as client:
            with pytest.raises(ApiTimeout) as caught:
                await client.create_snapshot(SERVICE, SHARE, "slow")
    finally:
        emu.state.faults.latency_ms = 0
    assert caught.value.sent is True and caught.value.reason == "timeout"


def test_proxy_hint_names_variables_but_never_their_values() -> None:
    hint = proxy_hint({"https_proxy": "http://user:secret@proxy:3128"})
    assert "set here: HTTPS_PROXY" in hint and "secret" not in hint and "proxy:3128" not in hint
    assert "none is set here" in proxy_hint({})


async def test_resend_after_a_refused_timestamp_is_noted(client: OvhClient, emu: EmulatorServer) -> None:
    """The one-time re-sign-and-resend is visible in the activity log, with why it was safe."""
    service = (await client.list_services())[0]
    share = (await client.list_shares(service.id))[0]
    records: list[RequestRecord] = []
    client.add_listener(records.append)
    client._time_delta = -3600  # our idea of the API's clock is an hour off: the API refuses the timestamp
    created = await client.create_snapshot(service.id, share.id, "after-resync")
    posts = [r for r in records if r.method == "POST"]
    assert [(r.status, r.error) for r in posts[:1]] == [(400, "QUERY_TIME_OUT")]
    assert len(posts) == 2 and posts[1].error is None and posts[1].status is not None and posts[1].status < 300
    assert posts[1].note == RESENT_AFTER_CLOCK and "nothing was applied" in RESENT_AFTER_CLOCK
    assert format_entry(posts[1]).endswith("  " + RESENT_AFTER_CLOCK)  # what the activity log (L) shows
    names = [s.name for s in await client.list_snapshots(service.id, share.id)]
    assert names.count("after-resync") == 1 and created.name == "after-resync"
