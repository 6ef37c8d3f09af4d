"""What the parent process imports on its way to the first table (cold start, benchmark scenario 1).

httpx (with httpcore, email, http.client, urllib.request…) is needed only by whoever sends. At a
normal start on Linux that is the forked prefetch child until the first table is on screen, so
the parent forks without it (the child imports it itself, on the other core) and imports it only
when the app's client sends a request of its own. Checked on the real entry point
(``efs-tui --endpoint URL``, a pseudo-terminal, the Linux driver) in a fresh interpreter; the
emulator runs in the test process, so the app's process has a single thread and forks its
prefetch child as a user's does.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from efs_tui.emulator import EmulatorServer
from tests.benchmarks.common import run_in_pty

ROOT = Path(__file__).resolve().parent.parent

# Runs in the fresh interpreter: records, in the parent process only, whether httpx is loaded at the
# fork and at the first table, and where it was imported from (the app class is wrapped as soon as
# its module exists, from an audit hook, so nothing is imported earlier than the app would).
TRACED_START = r"""
import json, os, sys, traceback
PARENT = os.getpid()
events = []
os.register_at_fork(before=lambda: events.append(["fork", "httpx" in sys.modules]))

def wrap_app():
    app_class = getattr(sys.modules.get("efs_tui.ui.app"), "EfsTuiApp", None)
    if app_class is None or "_traced" in vars(app_class):
        return
    filled = app_class._first_table_filled
    def first_table_filled(self):
        events.append(["first table", "httpx" in sys.modules])
        events.append(["loaded", sorted(m for m in sys.modules if m.startswith(("efs_tui.", "hashlib", "tomllib")))])
        events.append(["from the cache", getattr(self.screen, "is_stale", False)])
        filled(self)
    app_class._first_table_filled = first_table_filled
    app_class._traced = True

def hook(event, args):
    if event != "import" or os.getpid() != PARENT:
        return
    if args[0] == "httpx":
        events.append(["httpx imported by", [frame.name for frame in traceback.extract_stack()]])
    wrap_app()

sys.addaudithook(hook)
from efs_tui.__main__ import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "events": events}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the forked prefetch is Linux-only")
def test_the_parent_forks_and_fills_the_first_table_without_the_http_stack(tmp_path: Path) -> None:
    with EmulatorServer(dataset="demo", log_level="critical") as server:
        creds = server.credentials
        env = {
            **os.environ,
            "OVH_APPLICATION_KEY": creds.application_key,
            "OVH_APPLICATION_SECRET": creds.application_secret,
            "OVH_CONSUMER_KEY": creds.consumer_key,
            "EFS_TUI_REPORT_READY": "1",  # the app exits once the first share's table is filled
            "TERM": "xterm-256color",
            "HOME": str(tmp_path),
        }
        out = run_in_pty(
            [sys.executable, "-c", TRACED_START, "--endpoint", server.base_url, "--no-cache"], env, timeout=60
        )
        served = [r.path for r in server.state.requests]
    report = json.loads(out.strip().splitlines()[-1])
    assert report["code"] == 0
    events = report["events"]
    assert ["fork", False] in events  # the prefetch child was forked, and httpx was not loaded then
    assert ["first table", False] in events  # the first table came from the child's answers
    importers = [stack for kind, stack in events if kind == "httpx imported by"]
    # If the parent imports it at all before it exits, it is for a request of its own client.
    assert all("_open_pools" in stack for stack in importers)
    assert served.count("/1.0/storage/netapp") == 1  # sent by the child only: the app waited for its answer


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the forked prefetch is Linux-only")
def test_a_cached_account_start_draws_its_rows_without_what_they_do_not_need(tmp_path: Path) -> None:
    """``efs-tui --account`` on a cache file (benchmark scenario 7's second start): before the cached rows'
    frame the parent loads no HTTP stack, no OpenSSL (the cache file's name is a zlib digest, the signature
    imports hashlib at the first request), no TOML parser without a config.toml, and none of the models,
    the filter language or the audit record that frame does not draw (each ~1-3 ms before it)."""
    import asyncio

    from efs_tui.api.inventory import fetch_inventory
    from efs_tui.core.inventory_cache import InventoryCache
    from efs_tui.ui.demo import demo_client

    env = {
        **os.environ,
        "EFS_TUI_REPORT_READY": "1",  # the app exits once the cached rows are painted
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    with EmulatorServer(dataset="demo", log_level="critical") as server:
        creds = server.credentials
        env |= {
            "OVH_APPLICATION_KEY": creds.application_key,
            "OVH_APPLICATION_SECRET": creds.application_secret,
            "OVH_CONSUMER_KEY": creds.consumer_key,
        }

        async def walk() -> None:  # the first start's walk, which wrote the file the second start paints
            client = demo_client(server)
            try:
                cache = InventoryCache(None, client.endpoint.base_url, tmp_path / "cache" / "efs-tui")
                cache.save(await fetch_inventory(client))
            finally:
                await client.aclose()

        asyncio.run(walk())
        argv = [sys.executable, "-c", TRACED_START, "--account", "--endpoint", server.base_url]
        out = run_in_pty(argv, env, timeout=60)
    report = json.loads(out.strip().splitlines()[-1])
    assert report["code"] == 0
    events = {kind: value for kind, value in report["events"] if kind in ("first table", "loaded", "from the cache")}
    assert events["first table"] is False and events["from the cache"] is True
    loaded = set(events["loaded"])
    assert "efs_tui.core.inventory_cache" in loaded and "efs_tui.ui.screens.account" in loaded
    not_drawn = {"efs_tui.api.models.policies", "efs_tui.api.models.credentials", "efs_tui.core.query"}
    not_drawn |= {"efs_tui.core.audit_record", "efs_tui.ui.screens.main", "efs_tui.core.writes"}
    assert sorted(loaded & (not_drawn | {"hashlib", "tomllib"})) == []
