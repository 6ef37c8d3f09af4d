"""The start-up prefetch (``efs_tui.startup.prefetch``) and the client's ``use_prefetch`` hook.

Against the emulator over real HTTP: what is prefetched (the UI's first three listings, in
the UI's order), that the app served from it sends no duplicate, that a failed prefetch falls
back to the normal request (errors as without it), that unused answers are harmless, and that
a hung prefetch never holds up exit. Every test that starts a prefetch runs in both of its
modes: a forked child (Linux) and a thread; the child's own contract (reaped, silent, gone with
its parent) has tests of its own. No timing is asserted beyond "does not hang".
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any, Literal

import pytest

from efs_tui.api import ApplicationCredentials, OvhClient
from efs_tui.api.client import RequestRecord
from efs_tui.api.errors import ServerError
from efs_tui.api.models import Service, Share, Snapshot
from efs_tui.emulator import EmulatorServer
from efs_tui.startup.prefetch import (
    DEFAULT_EAGER_SERVICES,
    Prefetch,
    PrefetchAborted,
    prefetch_mode,
    start_prefetch,
)

from .conftest import FAST_RETRY, app_credentials

SERVICES = "/storage/netapp"


def shares_path(service_id: str) -> str:
    return f"{SERVICES}/{service_id}/share"


def snapshots_path(service_id: str, share_id: str) -> str:
    return f"{SERVICES}/{service_id}/share/{share_id}/snapshot"


def gets(emu: EmulatorServer, path: str) -> int:
    """GETs the emulator served for exactly ``path`` (any query)."""
    return sum(1 for r in emu.state.requests.entries if r.method == "GET" and r.path.rstrip("/").endswith(path))


def url(emu: EmulatorServer, path: str, **params: Any) -> str:
    return OvhClient(emu.base_url)._url(path, params or None)


LINUX = sys.platform.startswith("linux")
MODES = ["thread", pytest.param("process", marks=pytest.mark.skipif(not LINUX, reason="the child is Linux-only"))]


class Started(list[Prefetch]):
    """The prefetches a test started (closed at its end), all in one mode."""

    def __init__(self, mode: Literal["process", "thread"]) -> None:
        super().__init__()
        self.mode: Literal["process", "thread"] = mode


@pytest.fixture(params=MODES)
def prefetches(request: pytest.FixtureRequest) -> Iterator[Started]:
    """Prefetches started by a test, in each mode in turn, always closed at its end."""
    started = Started(request.param)
    yield started
    for prefetch in started:
        prefetch.close()


@pytest.fixture
def own_emu() -> Iterator[EmulatorServer]:
    """An emulator of the test's own, for a test that leaves requests hanging or forks a real start.

    The session's emulator logs a request when it answers: one still in a 5 s latency when its
    test ended lands in a later test's fresh log (the services listing counted twice), and a
    child forked by an earlier test may still reach it.
    """
    with EmulatorServer() as server:
        yield server


def start(emu: EmulatorServer, prefetches: Started, **kwargs: Any) -> Prefetch:
    # This process runs threads (the emulator's), so "auto" would pick the thread: the mode is forced.
    prefetch = start_prefetch(emu.base_url, app_credentials(emu), mode=prefetches.mode, **kwargs)
    prefetches.append(prefetch)
    assert prefetch.mode == prefetches.mode
    return prefetch


# -- the client's hook, with a hand-made source ---------------------------------------------------


class Source:
    """A minimal ``PrefetchSource``: fixed answers, records and clock."""

    def __init__(self, answers: dict[str, Any] | None = None, *, fail: bool = False) -> None:
        self.answers: dict[str, concurrent.futures.Future[Any]] = {}
        for key, value in (answers or {}).items():
            future: concurrent.futures.Future[Any] = concurrent.futures.Future()
            if isinstance(value, BaseException):
                future.set_exception(value)
            else:
                future.set_result(value)
            self.answers[key] = future
        self.records: list[RequestRecord] = []
        self.taken: list[tuple[str, str]] = []
        self.delta: int | None = None
        self.fail = fail

    def take(self, method: str, url: str) -> concurrent.futures.Future[Any] | None:
        if self.fail:
            raise RuntimeError("broken source")
        self.taken.append((method, url))
        return self.answers.pop(url, None)

    def drain_records(self) -> list[RequestRecord]:
        records, self.records = self.records, []
        return records

    @property
    def time_delta(self) -> int | None:
        return self.delta

    @property
    def active(self) -> bool:
        return True


async def raw(emu: EmulatorServer, path: str, **params: Any) -> Any:
    async with OvhClient(emu.base_url, app_credentials(emu)) as other:
        data = await other.get(path, **params)
    emu.state.requests.reset()
    return data


async def test_a_get_is_served_once_from_the_prefetch(client: OvhClient, emu: EmulatorServer) -> None:
    listing = await raw(emu, SERVICES)
    client.use_prefetch(Source({url(emu, SERVICES): listing}))
    services = await client.list_services()
    assert [s.id for s in services] == emu.state.service_ids()
    assert gets(emu, SERVICES) == 0
    await client.list_services()  # one-shot: the second call goes out
    assert gets(emu, SERVICES) == 1


async def test_a_failed_prefetch_falls_back_to_a_request(client: OvhClient, emu: EmulatorServer) -> None:
    client.use_prefetch(Source({url(emu, SERVICES): ServerError("boom", status=503)}))
    services = await client.list_services()
    assert [s.id for s in services] == emu.state.service_ids()
    assert gets(emu, SERVICES) == 1


async def test_the_fallback_reports_its_own_error_with_query_id(client: OvhClient, emu: EmulatorServer) -> None:
    client.use_prefetch(Source({url(emu, SERVICES): PrefetchAborted("closed")}))
    emu.state.faults.fail_next(503, method="GET", times=FAST_RETRY.attempts)
    with pytest.raises(ServerError) as caught:
        await client.list_services()
    assert caught.value.status == 503 and caught.value.query_id


async def test_an_unreadable_prefetched_answer_falls_back(client: OvhClient, emu: EmulatorServer) -> None:
    client.use_prefetch(Source({url(emu, SERVICES): {"not": "a list"}}))
    services = await client.list_services()
    assert len(services) == len(emu.state.service_ids())
    assert gets(emu, SERVICES) == 1


async def test_writes_are_never_served_from_the_prefetch(client: OvhClient, emu: EmulatorServer) -> None:
    service_id = emu.state.service_ids()[0]
    share_id = emu.state.share_ids(service_id)[0]
    source = Source()
    client.use_prefetch(source)
    path = snapshots_path(service_id, share_id)
    source.answers[url(emu, path)] = concurrent.futures.Future()  # never completed: must not be awaited
    await client.create_snapshot(service_id, share_id, "from-test")
    assert all(method == "GET" for method, _ in source.taken)  # (the clock sync is a GET)
    assert emu.state.requests.count("POST", path) == 1


async def test_records_are_forwarded_and_the_clock_adopted(client: OvhClient, emu: EmulatorServer) -> None:
    seen: list[RequestRecord] = []
    client.add_listener(seen.append)
    source = Source()
    source.records = [RequestRecord("GET", "/auth/time", 200, 0.01, None, 1)]
    source.delta = 0
    client.use_prefetch(source)
    await client.list_services()
    # Every request this client sends reaches its listener: only the prefetch's forwarded /auth/time
    # record and the listing are there, so the offset came from the prefetch and no sync of its own
    # went out. (The session emulator's log is not used here: a previous test's clock sync may still
    # be answering when this one starts.)
    assert [r.path for r in seen] == ["/auth/time", SERVICES]
    assert client.time_delta == 0


async def test_a_broken_source_is_forgotten(client: OvhClient, emu: EmulatorServer) -> None:
    client.use_prefetch(Source(fail=True))
    assert len(await client.list_services()) == len(emu.state.service_ids())
    assert client._prefetch is None


# -- what the prefetch fetches ---------------------------------------------------------------------


async def test_prefetch_fetches_the_uis_first_three_listings(emu: EmulatorServer, prefetches: Started) -> None:
    state = emu.state
    first_service = state.service_ids()[0]
    first_share = state.share_ids(first_service)[0]
    assert len(state.service_ids()) > DEFAULT_EAGER_SERVICES  # so only the first service's shares
    prefetch = start(emu, prefetches)
    assert prefetch.join(5)
    assert prefetch.urls == [
        url(emu, SERVICES),
        url(emu, shares_path(first_service), detail=True),
        url(emu, snapshots_path(first_service, first_share), detail=True),
    ]
    # A client served from it gets the same data and sends none of those three again.
    async with OvhClient(emu.base_url, app_credentials(emu), retry=FAST_RETRY) as client:
        client.use_prefetch(prefetch)
        services = await client.list_services()
        shares = await client.list_shares(services[0].id)
        snapshots = await client.list_snapshots(services[0].id, shares[0].id)
    assert [s.id for s in snapshots] == [s.id for s in state.list_snapshots(first_service, first_share)]
    assert (gets(emu, SERVICES), gets(emu, shares_path(first_service))) == (1, 1)
    assert gets(emu, snapshots_path(first_service, first_share)) == 1


async def test_every_service_is_prefetched_when_few(emu: EmulatorServer, prefetches: Started) -> None:
    ids = emu.state.service_ids()
    prefetch = start(emu, prefetches, eager_services=len(ids))
    assert prefetch.join(5)
    shares = [u for u in prefetch.urls if u.endswith("/share?detail=true")]
    assert shares == [url(emu, shares_path(sid), detail=True) for sid in ids]
    assert sum(u.endswith("/snapshot?detail=true") for u in prefetch.urls) == 1


async def test_the_first_share_is_the_first_service_that_has_one(emu: EmulatorServer, prefetches: Started) -> None:
    empty, full, share, snap = (str(uuid.UUID(int=n)) for n in (1, 2, 3, 4))
    state = emu.state
    state.clear()
    state.spec_exempt = True  # sparse objects on purpose: the prefetch must cope with them
    state.add_service(Service.from_json({"id": empty, "name": "empty"}))
    state.add_service(Service.from_json({"id": full, "name": "full"}))
    state.add_share(full, Share.from_json({"id": share, "name": "one", "size": 1}))
    state.add_snapshot(full, share, Snapshot.from_json({"id": snap, "name": "s", "type": "manual"}))
    prefetch = start(emu, prefetches)
    assert prefetch.join(5)
    assert prefetch.urls[-1] == url(emu, snapshots_path(full, share), detail=True)


def storage_gets(emu: EmulatorServer) -> Counter[tuple[str, str]]:
    """Every ``/storage`` GET the emulator served, by path and query."""
    return Counter((r.path, r.query) for r in emu.state.requests.entries if r.method == "GET" and "/storage/" in r.path)


async def test_the_account_start_prefetches_what_the_walk_asks_first(emu: EmulatorServer, prefetches: Started) -> None:
    state = emu.state
    ids = state.service_ids()
    assert len(ids) > DEFAULT_EAGER_SERVICES  # every service's shares all the same, not only the first
    prefetch = start(emu, prefetches, account=True)
    assert prefetch.join(5)
    assert prefetch.urls[: 1 + len(ids)] == [
        url(emu, SERVICES),
        *(url(emu, shares_path(sid), detail=True) for sid in ids),
    ]
    firsts = {
        url(emu, snapshots_path(sid, state.share_ids(sid)[0]), detail=True) for sid in ids if state.share_ids(sid)
    }
    (snapshots,) = prefetch.urls[1 + len(ids) :]  # one snapshot listing: the first share of a listing
    assert snapshots in firsts


async def test_the_account_walk_on_the_account_prefetch_sends_each_url_once(
    emu: EmulatorServer, prefetches: Started
) -> None:
    from efs_tui.core.account import walk_account

    state = emu.state
    state.faults.latency_ms = 30  # the walk asks while the prefetch's answers are still on their way
    prefetch = start(emu, prefetches, account=True)
    await wait_pending(prefetch)  # the app asks only after Textual's import: by then the first GET is announced
    painted: list[str] = []
    async with OvhClient(emu.base_url, app_credentials(emu), retry=FAST_RETRY) as client:
        client.use_prefetch(prefetch)
        inventory = await walk_account(client, on_share=lambda _svc, share, _snaps: painted.append(share.id))
    ids = state.service_ids()
    shares = sum(len(state.share_ids(sid)) for sid in ids)
    assert inventory.snapshot_count == sum(len(state.list_snapshots(s, h)) for s in ids for h in state.share_ids(s))
    assert len(painted) == shares
    sent = storage_gets(emu)
    assert sum(sent.values()) == 1 + len(ids) + shares  # 1 + S + S*M: nothing twice
    assert set(sent.values()) == {1}
    assert len(prefetch.pending()) == 0  # and the walk took every prefetched answer


async def test_start_prefetch_never_raises(emu: EmulatorServer) -> None:
    # A configuration the client refuses: no thread, nothing served, nothing raised.
    prefetch = start_prefetch(emu.base_url, app_credentials(emu), max_concurrency=0)
    assert not prefetch.active and prefetch.take("GET", url(emu, SERVICES)) is None
    prefetch.close()
    prefetch.close()


async def test_expired_answers_are_never_served(emu: EmulatorServer, prefetches: Started) -> None:
    prefetch = start(emu, prefetches, ttl=0.05)
    assert prefetch.join(5)
    await asyncio.sleep(0.1)
    assert prefetch.take("GET", url(emu, SERVICES)) is None
    assert not prefetch.active


# -- the app on a prefetch (real HTTP, Textual headless) ---------------------------------------------


def make_app(emu: EmulatorServer, prefetch: Prefetch | None, **config: Any) -> Any:
    from efs_tui.ui.app import EfsTuiApp
    from tests.ui.conftest import fast_config

    client = OvhClient(emu.base_url, app_credentials(emu), retry=FAST_RETRY)
    if prefetch is not None:
        client.use_prefetch(prefetch)
    return EfsTuiApp(client, config=fast_config(client, **config), close_client=True)


def first_three(emu: EmulatorServer) -> tuple[int, int, int]:
    service = emu.state.service_ids()[0]
    share = emu.state.share_ids(service)[0]
    return gets(emu, SERVICES), gets(emu, shares_path(service)), gets(emu, snapshots_path(service, share))


def test_the_ui_default_matches_the_prefetch_default() -> None:
    from efs_tui.ui.config import UiConfig

    assert UiConfig(client=OvhClient("ovh-eu")).eager_services == DEFAULT_EAGER_SERVICES


async def test_the_app_on_a_prefetch_sends_no_duplicate(emu: EmulatorServer, prefetches: Started) -> None:
    from tests.ui.helpers import wait_ready

    emu.state.faults.latency_ms = 30  # the app asks while answers are still on their way
    prefetch = start(emu, prefetches)
    app = make_app(emu, prefetch)
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        assert screen.table.snapshots
        logged = [r.path for r in app.activity.entries()]
    assert first_three(emu) == (1, 1, 1)
    # The activity log shows the exchanges the prefetch made for it (its own requests).
    assert any(p.startswith(SERVICES + "?") or p == SERVICES for p in logged)
    assert any(p.endswith("/snapshot?detail=true") for p in logged)


async def test_a_failed_prefetch_falls_back_in_the_app(emu: EmulatorServer, prefetches: Started) -> None:
    from tests.ui.helpers import wait_ready

    emu.state.faults.fail_next(503, method="GET", path_contains=SERVICES, times=1)
    prefetch = start(emu, prefetches)
    assert prefetch.join(5)  # its services listing failed: nothing else was prefetched
    assert prefetch.urls == [url(emu, SERVICES)]
    app = make_app(emu, prefetch)
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        assert screen.table.snapshots
    assert emu.state.requests.count("GET", SERVICES, status=503) == 1
    assert first_three(emu) == (2, 1, 1)


async def test_a_failed_prefetch_and_request_show_a_readable_error(emu: EmulatorServer, prefetches: Started) -> None:
    from tests.ui.helpers import capture_notifications, main_screen, wait_until

    emu.state.faults.fail_next(503, method="GET", path_contains=SERVICES, times=1 + FAST_RETRY.attempts)
    prefetch = start(emu, prefetches)
    assert prefetch.join(5)
    app = make_app(emu, prefetch)
    async with app.run_test() as pilot:
        notes = capture_notifications(app)
        await wait_until(pilot, lambda: notes)
        assert not main_screen(app).services
    assert "503" in notes[0]["title"] + notes[0]["message"]
    assert "Query id:" in notes[0]["message"]


async def test_answers_the_ui_never_asks_for_are_harmless(emu: EmulatorServer, prefetches: Started) -> None:
    from tests.ui.helpers import wait_ready, wait_until

    ids = emu.state.service_ids()
    # The prefetch loads every service's shares; the UI (3 eager) only the first one's.
    prefetch = start(emu, prefetches, eager_services=len(ids))
    assert prefetch.join(5)
    app = make_app(emu, prefetch)
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        assert first_three(emu) == (1, 1, 1)
        assert sorted(prefetch.pending()) == sorted(url(emu, shares_path(sid), detail=True) for sid in ids[1:])
        prefetch.expire()  # past the ttl: a late expand must not get the old answer
        node = screen.service_tree.service_node(ids[1])
        assert node is not None
        node.expand()
        await wait_until(pilot, lambda: ids[1] in screen.shares)
    assert gets(emu, shares_path(ids[1])) == 2


async def test_exit_with_a_hung_prefetch_does_not_hang(own_emu: EmulatorServer, prefetches: Started) -> None:
    emu = own_emu
    from tests.ui.helpers import main_screen, wait_until

    emu.state.faults.latency_ms = 5000
    started = time.monotonic()
    prefetch = start(emu, prefetches)
    app = make_app(emu, prefetch)
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: main_screen(app).header.in_flight > 0)  # waiting on the prefetch
        await pilot.press("q")
    prefetch.close(timeout=1.0)
    assert time.monotonic() - started < 3.0
    assert not prefetch.running
    assert app.return_code == 0


async def test_close_fails_what_is_pending(own_emu: EmulatorServer, prefetches: Started) -> None:
    emu = own_emu
    emu.state.faults.latency_ms = 5000
    prefetch = start(emu, prefetches)
    deadline = time.monotonic() + 5
    while not prefetch.pending() and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    future = prefetch.take("GET", url(emu, SERVICES))
    assert future is not None
    prefetch.close(timeout=1.0)
    with pytest.raises(PrefetchAborted):
        await asyncio.wrap_future(future)
    assert not prefetch.running


def test_credentials_helper_matches_the_demo(emu: EmulatorServer) -> None:
    from efs_tui.ui.demo import demo_credentials

    creds = demo_credentials(emu, read_only=True)
    assert isinstance(creds, ApplicationCredentials)
    assert creds.consumer_key == emu.credentials.read_only_consumer_key


def test_launch_resolves_before_importing_textual() -> None:
    """The prefetch can only overlap Textual's import if nothing imports Textual before it starts."""
    import subprocess
    import sys

    code = "import sys, efs_tui.__main__, efs_tui.startup.launch; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- each answer once, failures never served, records for the listeners (both modes) ----------------


async def wait_pending(prefetch: Prefetch) -> None:
    deadline = time.monotonic() + 5
    while not prefetch.pending() and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


async def test_each_prefetched_answer_is_served_once(emu: EmulatorServer, prefetches: Started) -> None:
    prefetch = start(emu, prefetches)
    assert prefetch.join(5)
    services_url = url(emu, SERVICES)
    first = prefetch.take("GET", services_url)
    assert first is not None and [item["id"] for item in first.result(5)] == emu.state.service_ids()
    assert prefetch.take("GET", services_url) is None
    assert prefetch.take("POST", services_url) is None
    assert gets(emu, SERVICES) == 1  # the prefetch's own request, and only that


async def test_a_failed_listing_is_never_served(emu: EmulatorServer, prefetches: Started) -> None:
    service_id = emu.state.service_ids()[0]
    emu.state.faults.fail_next(503, method="GET", path_contains="/share", times=1)
    prefetch = start(emu, prefetches)
    assert prefetch.join(5)
    # The shares listing failed: no snapshots were prefetched (the UI decides after its own listing).
    assert prefetch.urls == [url(emu, SERVICES), url(emu, shares_path(service_id), detail=True)]
    async with OvhClient(emu.base_url, app_credentials(emu), retry=FAST_RETRY) as client:
        client.use_prefetch(prefetch)
        await client.list_services()
        shares = await client.list_shares(service_id)
    assert [s.id for s in shares] == emu.state.share_ids(service_id)
    assert emu.state.requests.count("GET", shares_path(service_id), status=503) == 1
    assert emu.state.requests.count("GET", shares_path(service_id), status=200) == 1
    assert gets(emu, SERVICES) == 1


async def test_the_prefetchs_exchanges_reach_the_apps_listeners(emu: EmulatorServer, prefetches: Started) -> None:
    service_id = emu.state.service_ids()[0]
    share_id = emu.state.share_ids(service_id)[0]
    prefetch = start(emu, prefetches)
    assert prefetch.join(5)
    seen: list[RequestRecord] = []
    async with OvhClient(emu.base_url, app_credentials(emu), retry=FAST_RETRY) as client:
        client.add_listener(seen.append)
        client.use_prefetch(prefetch)
        await client.list_services()
        await client.list_shares(service_id)
        await client.list_snapshots(service_id, share_id)
        assert client.request_count == 0  # everything came from the prefetch
    listings = [(r.method, r.path.split("?")[0], r.status) for r in seen if r.path.startswith(SERVICES)]
    assert listings == [
        ("GET", SERVICES, 200),
        ("GET", shares_path(service_id), 200),
        ("GET", snapshots_path(service_id, share_id), 200),
    ]
    assert all(r.query_id for r in seen if r.path.startswith(SERVICES))


async def test_expire_stops_serving_at_once(emu: EmulatorServer, prefetches: Started) -> None:
    prefetch = start(emu, prefetches)
    assert prefetch.join(5)
    assert prefetch.pending()
    prefetch.expire()
    assert prefetch.take("GET", url(emu, SERVICES)) is None and not prefetch.active


CREDENTIAL = "/auth/currentCredential"


async def test_the_credential_check_is_prefetched_so_the_app_sends_none(
    emu: EmulatorServer, prefetches: Started
) -> None:
    from tests.ui.helpers import wait_ready, wait_until

    emu.state.faults.latency_ms = 30  # the app asks while answers are still on their way
    prefetch = start(emu, prefetches, credential_check=True)
    app = make_app(emu, prefetch)
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        await wait_until(pilot, lambda: not prefetch.pending())  # the check was taken too
        assert not screen.config.read_only
    assert url(emu, CREDENTIAL) in prefetch.urls
    assert emu.state.requests.count("GET", CREDENTIAL) == 1  # the prefetch's, and only that


async def test_a_prefetched_read_only_credential_still_switches_the_app(
    emu: EmulatorServer, prefetches: Started
) -> None:
    from tests.ui.helpers import wait_ready, wait_until

    creds = app_credentials(emu, read_only=True)
    prefetch = start_prefetch(emu.base_url, creds, credential_check=True, mode=prefetches.mode)
    prefetches.append(prefetch)
    client = OvhClient(emu.base_url, creds, retry=FAST_RETRY)
    client.use_prefetch(prefetch)
    from efs_tui.ui.app import EfsTuiApp
    from tests.ui.conftest import fast_config

    app = EfsTuiApp(client, config=fast_config(client), close_client=True)
    async with app.run_test() as pilot:
        screen = await wait_ready(pilot)
        await wait_until(pilot, lambda: screen.config.read_only)
    assert emu.state.requests.count("GET", CREDENTIAL) == 1


async def test_the_credential_is_not_prefetched_unless_asked(emu: EmulatorServer, prefetches: Started) -> None:
    prefetch = start(emu, prefetches)
    assert prefetch.join(5)
    assert url(emu, CREDENTIAL) not in prefetch.urls
    assert emu.state.requests.count("GET", CREDENTIAL) == 0


# -- the child process (Linux) ---------------------------------------------------------------------

linux_only = pytest.mark.skipif(not LINUX, reason="the child is Linux-only")


def reaped(pid: int) -> bool:
    """``pid`` is no child of ours any more (``waitpid`` knows it no longer: no zombie left)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_automatic_rule_never_forks_beside_other_threads(server: EmulatorServer) -> None:
    # The session emulator runs in a thread of this process: a fork here could inherit a held lock.
    assert prefetch_mode() == "thread"


@linux_only
async def test_close_reaps_a_hung_child(own_emu: EmulatorServer) -> None:
    emu = own_emu
    emu.state.faults.latency_ms = 5000
    prefetch = start_prefetch(emu.base_url, app_credentials(emu), mode="process")
    assert prefetch.mode == "process" and prefetch.pid is not None
    await wait_pending(prefetch)
    assert prefetch.running
    prefetch.close(timeout=1.0)
    assert reaped(prefetch.pid)
    assert not prefetch.running and not prefetch.active


@linux_only
async def test_a_child_that_finished_is_reaped(emu: EmulatorServer) -> None:
    prefetch = start_prefetch(emu.base_url, app_credentials(emu), mode="process")
    try:
        assert prefetch.join(5)
        assert prefetch.pid is not None and reaped(prefetch.pid)
        assert len(prefetch.pending()) == 3  # its answers stay servable after it is gone
    finally:
        prefetch.close()


@linux_only
async def test_the_childs_terminal_is_dev_null(own_emu: EmulatorServer) -> None:
    emu = own_emu
    emu.state.faults.latency_ms = 5000  # alive while we look
    prefetch = start_prefetch(emu.base_url, app_credentials(emu), mode="process")
    try:
        deadline = time.monotonic() + 5  # its first request: the child has set up its terminal by then
        while not emu.state.requests.count(path_contains="/storage/netapp") and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert [os.readlink(f"/proc/{prefetch.pid}/fd/{fd}") for fd in (0, 1, 2)] == [os.devnull] * 3
    finally:
        prefetch.close(timeout=1.0)


CHILD_OF_A_SHORT_PARENT = """
import os, sys
from efs_tui.api import ApplicationCredentials
from efs_tui.startup.prefetch import start_prefetch
ak, as_, ck = os.environ["TEST_AK"], os.environ["TEST_AS"], os.environ["TEST_CK"]
prefetch = start_prefetch(sys.argv[1], ApplicationCredentials(ak, as_, ck))
deadline = __import__("time").monotonic() + 5
while not prefetch.pending() and __import__("time").monotonic() < deadline:
    __import__("time").sleep(0.01)
print(prefetch.mode, prefetch.pid, len(prefetch.pending()), flush=True)
os._exit(0)  # the parent dies without closing anything, mid-request
"""


@linux_only
def test_the_child_writes_nothing_and_ends_with_its_parent(own_emu: EmulatorServer) -> None:
    emu = own_emu
    emu.state.faults.latency_ms = 5000  # the child is waiting on the network when its parent dies
    c = emu.credentials
    env = {**os.environ, "TEST_AK": c.application_key, "TEST_AS": c.application_secret, "TEST_CK": c.consumer_key}
    # capture_output returns only once every holder of the pipes closed them, the child included.
    out = subprocess.run(
        [sys.executable, "-c", CHILD_OF_A_SHORT_PARENT, emu.base_url],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=True,
    )
    mode, pid, pending = out.stdout.split()
    assert (mode, pending, out.stderr) == ("process", "1", "")  # a single-threaded start forks
    deadline = time.monotonic() + 10  # "not for long": the pipe from its parent closed
    while time.monotonic() < deadline and child_alive(int(pid)):
        time.sleep(0.02)
    assert not child_alive(int(pid))


def child_alive(pid: int) -> bool:
    """``pid`` still runs (a zombie waiting for its new parent to reap it has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def real_start(emu: EmulatorServer, tmp_path: Any, *flags: str) -> str:
    """``efs-tui [flags] --endpoint URL`` in a terminal, as a user starts it, until its ready stamp; its stdout."""
    import pty
    import select

    c = emu.credentials
    env = {
        **os.environ,
        "OVH_APPLICATION_KEY": c.application_key,
        "OVH_APPLICATION_SECRET": c.application_secret,
        "OVH_CONSUMER_KEY": c.consumer_key,
        "EFS_TUI_REPORT_READY": "1",  # exits once the first share's table (--account: first rows) is filled
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "efs_tui", *flags, "--endpoint", emu.base_url],
        stdin=slave,
        stderr=slave,
        stdout=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:  # drain the screen, as a terminal does
            if select.select([master], [], [], 0.05)[0]:
                with contextlib.suppress(OSError):
                    os.read(master, 65536)
        assert proc.poll() == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        assert proc.stdout is not None
        out = proc.stdout.read().decode()
        proc.stdout.close()
        proc.wait()
        os.close(master)
    return out


@linux_only
def test_a_real_start_forks_and_sends_each_first_request_once(own_emu: EmulatorServer, tmp_path: Any) -> None:
    """``efs-tui --endpoint URL`` in a terminal, as a user starts it: the prefetch is the child, no duplicate."""
    emu = own_emu
    emu.state.faults.latency_ms = 30
    out = real_start(emu, tmp_path)
    assert float(out.strip().splitlines()[-1]) > 0  # the ready stamp: the table was filled
    assert first_three(emu) == (1, 1, 1)
    assert emu.state.requests.count("GET", CREDENTIAL) == 1


@linux_only
def test_a_real_account_start_sends_no_request_twice(own_emu: EmulatorServer, tmp_path: Any) -> None:
    """``efs-tui --account``: first rows stamped, every service's shares listed once, nothing sent twice."""
    emu = own_emu
    emu.state.faults.latency_ms = 30
    out = real_start(emu, tmp_path, "--account", "--no-cache")
    assert float(out.strip().splitlines()[-1]) > 0  # the ready stamp: the account view's first rows
    sent = storage_gets(emu)
    assert set(sent.values()) == {1}  # it exits during the walk: not every URL, but none twice
    assert sent[("/1.0" + SERVICES, "")] == 1
    assert all(sent[("/1.0" + shares_path(sid), "detail=true")] == 1 for sid in emu.state.service_ids())
    assert any(path.endswith("/snapshot") for path, _ in sent)
