"""A client pays for TLS only if it speaks TLS, and only when it first sends (cold start, scenario 1).

Checked in a fresh interpreter, where nothing has built a context yet: loading the CA bundle
(``SSLContext.load_verify_locations``) is counted, and a client whose every URL is plain
``http://`` (the emulator) must never load it, while an ``https://`` one loads it exactly once,
at its first request, not when it is built.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from efs_tui.emulator import EmulatorServer

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import asyncio, ssl, sys
loads = []
load = ssl.SSLContext.load_verify_locations
def counted(self, *args, **kwargs):
    loads.append(args or kwargs)
    return load(self, *args, **kwargs)
ssl.SSLContext.load_verify_locations = counted
from efs_tui.api.client import OvhClient, RetryPolicy
from efs_tui.api.errors import NetworkError

async def main():
    async with OvhClient(sys.argv[1]) as plain:
        print("plain built", len(loads), "httpcore" in sys.modules)
        print("server time", type(await plain.server_time()).__name__)
        print("plain sent", len(loads))
    async with OvhClient("https://127.0.0.1:9/1.0", retry=RetryPolicy(attempts=1)) as tls:
        print("https built", len(loads))
        try:
            await tls.server_time()
        except NetworkError:
            print("refused")
        print("https sent", len(loads))

asyncio.run(main())
"""


def test_plain_http_never_loads_the_ca_bundle_and_https_loads_it_at_the_first_request(emu: EmulatorServer) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, emu.base_url], capture_output=True, text=True, check=True, cwd=ROOT, timeout=60
    )
    assert out.stdout.splitlines() == [
        "plain built 0 False",  # building a client builds no connection pool at all
        "server time int",
        "plain sent 0",
        "https built 0",
        "refused",
        "https sent 1",
    ]
