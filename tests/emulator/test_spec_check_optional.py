"""The spec check is a development tool: without a spec the emulator never loads openapi-core,
so `--demo` and `efs-tui emulator` run on the runtime dependencies alone (no Starlette either)."""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
import sys, httpx
from efs_tui.emulator import EmulatorServer
with EmulatorServer(dataset="demo") as emu:
    assert httpx.get(emu.base_url + "/auth/time").status_code == 200
    assert emu.state.requests.count() == 1
print("openapi_core" in sys.modules, "schemathesis" in sys.modules, "starlette" in sys.modules)
"""


def test_the_emulator_runs_without_the_spec_tools() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EFS_TUI_")}
    out = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split() == ["False", "False", "False"]
