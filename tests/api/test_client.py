"""OvhClient against the emulator: every route, every error class, retries, time delta, OAuth2, concurrency."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from efs_tui.api import (
    UNSET,
    ApplicationCredentials,
    BadRequest,
    InvalidConfiguration,
    InvalidCredential,
    InvalidSignature,
    NetworkError,
    NotFound,
    NotGrantedCall,
    OAuth2Credentials,
    OAuth2Failure,
    OvhClient,
    RateLimited,
    RequestRecord,
    RequestTimeout,
    ServerError,
    netapp_access_rules,
)
from efs_tui.api.errors import Forbidden, InvalidIdentifier, InvalidKey
from efs_tui.api.inventory import fetch_inventory
from efs_tui.api.models import Service, Share
from efs_tui.emulator import EmulatorServer

from .conftest import FAST_RETRY, app_credentials


async def first_share(
    client: OvhClient, service_name: str = "prod-nfs-gra", share_name: str = "web-content"
) -> tuple[Service, Share]:
    services = await client.list_services()
    service = next(s for s in services if s.name == service_name)
    shares = await client.list_shares(service.id)
    share = next(s for s in shares if s.name == share_name)
    return service, share


async def wait_status(client: OvhClient, sid: str, shid: str, snap_id: str, status: str) -> None:
    deadline = time.monotonic() + 5
    while (await client.get_snapshot(sid, shid, snap_id)).status != status:
        assert time.monotonic() < deadline, f"snapshot never reached {status}"
        await asyncio.sleep(0.05)


# -- routes ----------------------------------------------------------------------------------


async def test_services_shares_and_snapshots(client: OvhClient) -> None:
    services = await client.list_services()
    assert len(services) >= 3
    assert {s.region for s in services} >= {"eu-west-gra", "ca-east-bhs"}
    service, share = await first_share(client)
    assert (await client.get_service(service.id)) == service
    assert (await client.get_share(service.id, share.id)) == share
    snapshots = await client.list_snapshots(service.id, share.id)
    assert {s.type for s in snapshots} >= {"manual", "automatic"}
    one = snapshots[0]
    assert (await client.get_snapshot(service.id, share.id, one.id)) == one
    paths = await client.list_access_paths(service.id, share.id)
    assert paths and all("path" in p for p in paths)


async def test_lists_ask_for_detail(client: OvhClient, emu: EmulatorServer) -> None:
    service, share = await first_share(client)
    await client.list_snapshots(service.id, share.id)
    queries = [r.query for r in emu.state.requests if r.path.endswith("/snapshot") or r.path.endswith("/share")]
    assert queries and all("detail=true" in q for q in queries)


async def test_create_update_delete_lifecycle(client: OvhClient, emu: EmulatorServer) -> None:
    service, share = await first_share(client)
    created = await client.create_snapshot(service.id, share.id, "before-upgrade", "pre v2 [x]")
    assert (created.name, created.description, created.type, created.status) == (
        "before-upgrade",
        "pre v2 [x]",
        "manual",
        "creating",
    )
    await wait_status(client, service.id, share.id, created.id, "available")
    renamed = await client.update_snapshot(service.id, share.id, created.id, name="after", description=None)
    assert renamed.name == "after" and renamed.description is None
    kept = await client.update_snapshot(service.id, share.id, created.id, description="again")
    assert kept.name == "after" and kept.description == "again"
    assert UNSET is not None
    await client.delete_snapshot(service.id, share.id, created.id)
    deadline = time.monotonic() + 5
    with pytest.raises(NotFound) as gone:
        while time.monotonic() < deadline:
            await client.get_snapshot(service.id, share.id, created.id)
            await asyncio.sleep(0.05)
    assert gone.value.status == 404 and gone.value.query_id


async def test_create_without_name_sends_an_empty_object(client: OvhClient, emu: EmulatorServer) -> None:
    service, share = await first_share(client)
    created = await client.create_snapshot(service.id, share.id)
    assert created.name is None and created.status == "creating"


async def test_hold_gives_a_new_id_and_revert(client: OvhClient) -> None:
    service, share = await first_share(client)
    snapshots = await client.list_snapshots(service.id, share.id)
    auto = next(s for s in snapshots if s.type == "automatic" and s.status == "available")
    held = await client.hold_snapshot(service.id, share.id, auto.id)
    assert held.id != auto.id and held.type == "manual" and held.name == auto.name
    with pytest.raises(NotFound):
        await client.get_snapshot(service.id, share.id, auto.id)
    await wait_status(client, service.id, share.id, held.id, "available")
    manual = [s for s in await client.list_snapshots(service.id, share.id) if s.type == "manual"]
    latest = max(manual, key=lambda s: s.created_at or 0)
    older = [s for s in manual if s.id != latest.id]
    if older:
        with pytest.raises(BadRequest, match="latest"):
            await client.revert_share(service.id, share.id, older[0].id)
    assert await client.revert_share(service.id, share.id, latest.id) is None
    assert (await client.get_share(service.id, share.id)).status == "reverting"


async def test_policy_and_reserve(client: OvhClient) -> None:
    service, share = await first_share(client, share_name="db-backups")
    association = await client.get_share_snapshot_policy(service.id, share.id)
    assert association.id
    policy = await client.get_snapshot_policy(service.id, association.id)
    assert policy.rules and policy.rules[0].prefix
    assert any(p.is_default for p in await client.list_snapshot_policies(service.id))
    reserve = await client.get_snapshot_reserve(service.id, share.id)
    assert reserve.percent is not None and 0 < reserve.percent <= 100


async def test_current_credential_and_logout(emu: EmulatorServer) -> None:
    c = emu.credentials
    fresh = emu.state.add_consumer_key(c.application_key).consumer_key  # logout expires it for good
    client = OvhClient(emu.base_url, ApplicationCredentials(c.application_key, c.application_secret, fresh))
    credential = await client.current_credential()
    assert credential.status == "validated" and not credential.is_read_only
    assert {(r.method, r.path) for r in credential.rules} >= {("DELETE", "/storage/netapp/*")}
    await client.logout()
    with pytest.raises(InvalidCredential):
        await client.list_services()
    await client.aclose()


async def test_request_credential_then_validate(emu: EmulatorServer) -> None:
    c = emu.credentials
    async with OvhClient(emu.base_url, ApplicationCredentials(c.application_key, c.application_secret)) as anon:
        request = await anon.request_credential(netapp_access_rules(read_only=True))
    assert request.state == "pendingValidation" and request.validation_url
    assert request.consumer_key not in repr(request)
    creds = ApplicationCredentials(c.application_key, c.application_secret, request.consumer_key)
    async with OvhClient(emu.base_url, creds, retry=FAST_RETRY) as client:
        with pytest.raises(InvalidCredential):
            await client.list_services()
        async with httpx.AsyncClient() as browser:
            page = await browser.get(request.validation_url)
            assert page.status_code == 200
            done = await browser.post(request.validation_url, data={"action": "validate"})
            assert done.status_code in (200, 303)
        assert await client.list_services()
        assert (await client.current_credential()).is_read_only


# -- errors ----------------------------------------------------------------------------------


async def test_unknown_and_malformed_ids(client: OvhClient, emu: EmulatorServer) -> None:
    service, share = await first_share(client)
    with pytest.raises(NotFound) as missing:
        await client.get_snapshot(service.id, share.id, "00000000-0000-4000-8000-000000000000")
    assert missing.value.error_class == "Client::NotFound"
    assert "Query id" in missing.value.describe()
    sent = len(emu.state.requests)
    # Refused by the URL gate (efs_tui.api.routes) before any request: see tests/api/test_routes.py.
    with pytest.raises(InvalidIdentifier, match="must be a UUID"):
        await client.get_snapshot(service.id, share.id, "not-a-uuid")
    with pytest.raises(InvalidIdentifier):  # can never climb to another route
        await client.get_snapshot(service.id, share.id, "../../x")
    assert len(emu.state.requests) == sent


async def test_read_only_key_is_not_granted_writes(emu: EmulatorServer) -> None:
    async with OvhClient(emu.base_url, app_credentials(emu, read_only=True)) as client:
        service, share = await first_share(client)
        snapshot = (await client.list_snapshots(service.id, share.id))[0]
        with pytest.raises(NotGrantedCall) as denied:
            await client.delete_snapshot(service.id, share.id, snapshot.id)
    assert denied.value.status == 403 and denied.value.error_code == "NOT_GRANTED_CALL"
    assert emu.state.requests.count(method="DELETE") == 1


@pytest.mark.parametrize(
    ("field", "kind"),
    [("secret", InvalidSignature), ("consumer", InvalidCredential), ("application", InvalidKey)],
)
async def test_bad_credentials(emu: EmulatorServer, field: str, kind: type[Exception]) -> None:
    c = emu.credentials
    ak, secret, ck = c.application_key, c.application_secret, c.consumer_key
    if field == "secret":
        secret = "wrong-secret"
    elif field == "consumer":
        ck = "unknownConsumerKey"
    else:
        ak = "unknownApplication"
    async with OvhClient(emu.base_url, ApplicationCredentials(ak, secret, ck)) as client:
        with pytest.raises(kind) as caught:
            await client.list_services()
    assert "wrong-secret" not in str(caught.value)


async def test_missing_consumer_key_is_a_configuration_error(emu: EmulatorServer) -> None:
    c = emu.credentials
    async with OvhClient(emu.base_url, ApplicationCredentials(c.application_key, c.application_secret)) as client:
        with pytest.raises(InvalidConfiguration, match="login"):
            await client.list_services()
    assert emu.state.requests.count(path_contains="/storage") == 0


# -- retries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 408, 429])
async def test_get_is_retried_on_transient_errors(client: OvhClient, emu: EmulatorServer, status: int) -> None:
    emu.state.faults.fail_next(status=status, method="GET", path_contains="/storage/netapp", times=2, retry_after=0)
    assert await client.list_services()
    assert emu.state.requests.count(method="GET", path_contains="/storage/netapp") == 3


async def test_get_gives_up_after_the_attempts(client: OvhClient, emu: EmulatorServer) -> None:
    emu.state.faults.fail_next(status=503, method="GET", path_contains="/storage/netapp", times=5)
    with pytest.raises(ServerError) as caught:
        await client.list_services()
    assert caught.value.query_id and caught.value.status == 503
    assert emu.state.requests.count(method="GET", path_contains="/storage/netapp") == FAST_RETRY.attempts


async def test_html_408_becomes_a_readable_error(client: OvhClient, emu: EmulatorServer) -> None:
    emu.state.faults.fail_next(status=408, method="GET", times=5)
    with pytest.raises(RequestTimeout) as caught:
        await client.list_services()
    assert "408" in caught.value.message and "<" not in caught.value.message


async def test_429_retry_after_beyond_the_cap_is_not_waited(emu: EmulatorServer) -> None:
    emu.state.faults.fail_next(status=429, method="GET", times=1, retry_after=120)
    async with OvhClient(emu.base_url, app_credentials(emu), retry=FAST_RETRY) as client:
        with pytest.raises(RateLimited) as caught:
            await client.list_services()
    assert caught.value.retry_after == 120


async def test_dropped_get_is_retried(client: OvhClient, emu: EmulatorServer) -> None:
    emu.state.faults.drop_next(method="GET", path_contains="/storage/netapp")
    assert await client.list_services()


@pytest.mark.parametrize("method", ["POST", "DELETE"])
async def test_writes_are_never_retried(client: OvhClient, emu: EmulatorServer, method: str) -> None:
    service, share = await first_share(client)
    snapshot = next(s for s in await client.list_snapshots(service.id, share.id) if s.type == "manual")
    emu.state.faults.fail_next(status=503, method=method, times=3)
    with pytest.raises(ServerError):
        if method == "POST":
            await client.create_snapshot(service.id, share.id, "x")
        else:
            await client.delete_snapshot(service.id, share.id, snapshot.id)
    assert emu.state.requests.count(method=method) == 1


async def test_dropped_write_says_it_may_have_happened(client: OvhClient, emu: EmulatorServer) -> None:
    service, share = await first_share(client)
    emu.state.faults.drop_next(method="POST")
    with pytest.raises(NetworkError, match="may or may not"):
        await client.create_snapshot(service.id, share.id, "x")
    assert emu.state.requests.count(method="POST") == 1


async def test_timeout_is_reported(emu: EmulatorServer) -> None:
    emu.state.faults.latency_ms = 400
    async with OvhClient(
        emu.base_url, app_credentials(emu), timeout=0.1, retry=FAST_RETRY.__class__(attempts=1)
    ) as client:
        with pytest.raises(NetworkError, match="No answer"):
            await client.list_services()
        emu.state.faults.latency_ms = 0


# -- time delta ------------------------------------------------------------------------------


async def test_time_delta_is_fetched_once_and_corrects_skew(client: OvhClient, emu: EmulatorServer) -> None:
    emu.state.faults.clock_skew = 3600
    await client.list_services()  # optimistic local clock refused, re-synced, resent
    synced = emu.state.requests.count(path_contains="/auth/time")
    assert 1 <= synced <= 2
    for _ in range(3):
        await client.list_services()
    assert emu.state.requests.count(path_contains="/auth/time") == synced
    assert emu.state.requests.count(path_contains="/storage/netapp", status=200) == 4
    assert abs(await client.sync_time() - 3600) <= 2


async def test_api_time_follows_the_apis_clock_beyond_its_one_second_resolution(
    client: OvhClient, emu: EmulatorServer
) -> None:
    local = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert client.api_time(local) == local  # not synced yet: our clock
    await client.sync_time()  # the emulator's clock is ours: 0, or -1 when a second ticked during the call
    assert client.api_time(local) == local
    emu.state.faults.clock_skew = 3600
    delta = await client.sync_time()
    assert client.api_time(local) == local + timedelta(seconds=delta)
    assert abs(delta - 3600) <= 2


async def test_optimistic_first_call_does_not_wait_for_the_clock(emu: EmulatorServer) -> None:
    emu.state.faults.latency_ms = 50  # /storage routes only: the first call overlaps /auth/time
    records: list[RequestRecord] = []
    async with OvhClient(emu.base_url, app_credentials(emu)) as client:
        client.add_listener(records.append)
        await client.list_services()
    by_path = {r.path: r for r in records}
    assert set(by_path) == {"/auth/time", "/storage/netapp"}
    clock = by_path["/auth/time"]
    assert by_path["/storage/netapp"].started_at <= clock.started_at + clock.duration


async def test_first_mode_fetches_the_clock_before_signing(emu: EmulatorServer) -> None:
    records: list[RequestRecord] = []
    async with OvhClient(emu.base_url, app_credentials(emu), time_sync="first") as client:
        client.add_listener(records.append)
        await client.list_services()
    assert [r.path for r in records] == ["/auth/time", "/storage/netapp"]
    with pytest.raises(InvalidConfiguration):
        OvhClient(emu.base_url, time_sync="sometimes")


async def test_out_of_time_resyncs_once(client: OvhClient, emu: EmulatorServer) -> None:
    await client.list_services()
    await client.sync_time()
    before = emu.state.requests.count(path_contains="/auth/time")
    emu.state.faults.clock_skew = -7200  # the server's clock jumps after the delta was cached
    assert await client.list_services()
    assert emu.state.requests.count(path_contains="/auth/time") == before + 1


# -- OAuth2 ----------------------------------------------------------------------------------


async def test_oauth2_token_is_lazy_reused_and_refreshed(emu: EmulatorServer) -> None:
    emu.state.token_lifetime = 1
    c = emu.credentials
    records: list[RequestRecord] = []
    async with OvhClient(emu.base_url, OAuth2Credentials(c.client_id, c.client_secret), retry=FAST_RETRY) as client:
        client.add_listener(records.append)
        assert not records
        await client.list_services()
        await client.list_services()
        tokens = [r for r in records if r.path == "(oauth2 token)"]
        assert len(tokens) == 1
        await asyncio.sleep(1.2)
        await client.list_services()
        assert len([r for r in records if r.path == "(oauth2 token)"]) == 2
        assert client.redact(f"Bearer {client._token}") == "Bearer ***"
    assert emu.state.requests.count(path_contains="/auth/time") == 0


async def test_oauth2_expired_token_server_side_is_refreshed(emu: EmulatorServer) -> None:
    c = emu.credentials
    async with OvhClient(emu.base_url, OAuth2Credentials(c.client_id, c.client_secret)) as client:
        await client.list_services()
        emu.state.security.expire_tokens()
        assert await client.list_services()


async def test_oauth2_bad_secret_and_read_only_client(emu: EmulatorServer) -> None:
    c = emu.credentials
    async with OvhClient(emu.base_url, OAuth2Credentials(c.client_id, "nope")) as client:
        with pytest.raises(OAuth2Failure, match="invalid_client"):
            await client.list_services()
    ro = OAuth2Credentials(c.read_only_client_id, c.read_only_client_secret)
    async with OvhClient(emu.base_url, ro) as client:
        service, share = await first_share(client)
        with pytest.raises(Forbidden, match="not granted"):
            await client.create_snapshot(service.id, share.id, "x")


def test_oauth2_needs_a_token_url() -> None:
    with pytest.raises(InvalidConfiguration):
        OvhClient("kimsufi-eu", OAuth2Credentials("id", "secret"))


# -- concurrency, listeners, inventory -------------------------------------------------------------


async def test_fifty_parallel_gets(client: OvhClient, emu: EmulatorServer) -> None:
    emu.state.faults.latency_ms = 20
    service, share = await first_share(client)
    emu.state.requests.reset()
    results = await asyncio.gather(*(client.list_snapshots(service.id, share.id) for _ in range(50)))
    assert all(r == results[0] for r in results)
    assert emu.state.requests.count(method="GET", path_contains="/snapshot") == 50


async def test_listener_records_have_no_secrets(client: OvhClient, emu: EmulatorServer) -> None:
    records: list[RequestRecord] = []
    client.add_listener(records.append)

    def broken_listener(record: RequestRecord) -> None:
        raise ZeroDivisionError("a broken listener must not break calls")

    client.add_listener(broken_listener)
    await client.list_services()
    for _ in range(100):  # the optimistic clock sync may still be in flight
        if len(records) == 2:
            break
        await asyncio.sleep(0.02)
    assert sorted(r.path for r in records) == ["/auth/time", "/storage/netapp"]
    assert all(r.status == 200 for r in records) and all(r.query_id for r in records)
    c = emu.credentials
    for record in records:
        assert c.application_secret not in repr(record) and c.consumer_key not in repr(record)


async def test_inventory_uses_the_minimum_number_of_requests(emu: EmulatorServer) -> None:
    from efs_tui.emulator import seed_dataset

    seed_dataset(emu.state, "inventory")
    async with OvhClient(emu.base_url, app_credentials(emu)) as client:
        await client.sync_time()
        client.request_count = 0
        inventory = await fetch_inventory(client)
    assert len(inventory.services) == 10
    assert sum(len(s.shares) for s in inventory.services) == 200
    assert inventory.snapshot_count == 6000 and not inventory.errors
    assert client.request_count == 1 + 10 + 200


async def test_closed_server_is_a_network_error() -> None:
    async with OvhClient("http://127.0.0.1:9/1.0", retry=FAST_RETRY) as client:
        with pytest.raises(NetworkError):
            await client.server_time()


async def test_requests_are_signed_after_waiting_for_the_rate_limit(emu: EmulatorServer) -> None:
    """A call queued behind the rate limit must not carry a timestamp that aged while it waited."""
    emu.state.allowed_skew = 1
    try:
        async with OvhClient(emu.base_url, app_credentials(emu), rate_limit=8, retry=FAST_RETRY) as client:
            await client.sync_time()
            results = await asyncio.gather(*(client.list_services() for _ in range(16)))
    finally:
        emu.state.allowed_skew = 30
    assert all(results)
    assert emu.state.requests.count(path_contains="/storage/netapp") == 16
