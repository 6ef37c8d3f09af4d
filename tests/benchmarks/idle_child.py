"""Child process of scenario 5: the app open and idle, measuring its own CPU time and RSS.

``python -m tests.benchmarks.idle_child URL SECONDS`` runs :class:`EfsTuiApp` headless
(``run_test``) on an emulator running in *another* process (so its CPU is not counted here),
with auto-refresh every 5 s, waits for the first table, then stays idle for SECONDS.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

from efs_tui.api.auth import ApplicationCredentials
from efs_tui.api.client import OvhClient
from efs_tui.ui.app import EfsTuiApp

from .common import max_rss_mb

AUTO_REFRESH = 5.0


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


async def main(url: str, seconds: float) -> dict[str, float]:
    env = os.environ
    creds = ApplicationCredentials(env["OVH_APPLICATION_KEY"], env["OVH_APPLICATION_SECRET"], env["OVH_CONSUMER_KEY"])
    client = OvhClient(url, creds)
    app = EfsTuiApp(client, "bench", auto_refresh=AUTO_REFRESH, close_client=True)
    async with app.run_test(size=(100, 30)):
        while app.ready_at is None:
            await asyncio.sleep(0.01)
        await asyncio.sleep(1.0)  # let the first frame and the startup work settle
        requests_before = client.request_count
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.sleep(seconds)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        return {
            "cpu_percent": 100 * cpu / wall,
            "cpu_s": cpu,
            "wall_s": wall,
            "rss_mb": current_rss_mb(),
            "peak_rss_mb": max_rss_mb(),
            "refreshes": client.request_count - requests_before,
        }


async def bare(seconds: float) -> dict[str, float]:
    """The floor: the bare app of scenario 1 (same widgets, no I/O, no timers) idle as long."""
    from .bare_app import BareApp

    class Idle(BareApp):
        """Stays open: Textual calls ``on_mount`` of every class in the MRO, so overriding it would
        not stop BareApp's from exiting at once (the floor then measured an app that had quit)."""

        def _report_ready(self) -> None:
            pass

    app = Idle()
    async with app.run_test(size=(100, 30)):
        await asyncio.sleep(1.0)
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.sleep(seconds)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"cpu_percent": 100 * cpu / wall, "rss_mb": current_rss_mb()}


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        print(json.dumps(asyncio.run(bare(float(sys.argv[2])))))
    else:
        print(json.dumps(asyncio.run(main(sys.argv[1], float(sys.argv[2])))))
