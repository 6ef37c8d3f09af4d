"""A timeline of one cold start (scenario 1), for finding where the time goes.

    python -m tests.benchmarks.trace_start            # emulator at 50 ms, like scenario 1
    python -m tests.benchmarks.trace_start --runs 3

Runs ``efs-tui --endpoint URL`` in a pty exactly as scenario 1 does, with an audit hook (imports,
the stylesheet read) and a wrapper around the client's HTTP exchange (which thread, when), and
prints wall milliseconds since launch (and, for the main thread, its CPU so far). The forked
prefetch child (``efs_tui.startup.prefetch_child``) appends its own events to a side file, since
it ends with ``os._exit``. The instrumentation imports ``efs_tui.api.client``,
``efs_tui.startup.prefetch`` and ``efs_tui.config`` a little earlier than the app would (the same
modules, so the total is unchanged). Not part of the benchmark table.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from .common import PYTHON, emulator_process, run_in_pty

CHILD = r"""
import json, os, sys, threading, time
T0 = float(os.environ["TRACE_T0"])
events = []
MAIN_PID = os.getpid()
def mark(what):
    ms = (time.time() - T0) * 1000
    if os.getpid() != MAIN_PID:  # the forked prefetch child: it never runs atexit
        with open(os.environ["TRACE_OUT"] + ".child", "a") as side:
            side.write(json.dumps([ms, "child", what]) + "\n")
        return
    main = threading.current_thread() is threading.main_thread()
    events.append((ms, threading.current_thread().name, f"[cpu {time.thread_time() * 1000:5.1f}] " * main + what))
mark("python up")
os.register_at_fork(after_in_child=lambda: mark("forked: the prefetch child starts"))
WATCH = ("efs_tui.__main__", "efs_tui.config", "httpx", "efs_tui.startup.launch", "efs_tui.startup.prefetch",
         "textual.app",
         "efs_tui.ui", "efs_tui.ui.screens.main", "efs_tui.core.audit")
def hook(event, args):
    if event == "import" and args[0] in WATCH:
        mark("import " + args[0] + " (starts)")
    elif event == "open" and isinstance(args[0], str) and args[0].endswith("app.tcss"):
        mark("app.tcss read (app starting)")
sys.addaudithook(hook)
import atexit
atexit.register(lambda: open(os.environ["TRACE_OUT"], "w").write(json.dumps(events)))
import efs_tui.api.client as client_module
import efs_tui.startup.prefetch as prefetch_module
import efs_tui.config as config_module
exchange = client_module.OvhClient._exchange
async def traced_exchange(self, request, method, path, *args, **kwargs):
    mark(f"send {method} {path}")
    try:
        return await exchange(self, request, method, path, *args, **kwargs)
    finally:
        mark(f"answer {method} {path}")
client_module.OvhClient._exchange = traced_exchange
from_prefetch = client_module.OvhClient._from_prefetch
async def traced_from_prefetch(self, prefetch, method, url, parse):
    served, value = await from_prefetch(self, prefetch, method, url, parse)
    if served:
        mark("served from the prefetch: " + url.split("/1.0", 1)[-1])
    return served, value
client_module.OvhClient._from_prefetch = traced_from_prefetch
resolve = config_module.resolve_config
def traced_resolve(*args, **kwargs):
    result = resolve(*args, **kwargs)
    mark("config resolved")
    return result
config_module.resolve_config = traced_resolve
start = prefetch_module.start_prefetch
def traced_start(*args, **kwargs):
    mark("prefetch starting")
    return start(*args, **kwargs)
prefetch_module.start_prefetch = traced_start
sys.argv = ["efs-tui", *sys.argv[1:]]
from efs_tui.__main__ import main
code = main()
mark("app exited")
sys.exit(code)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--runs", type=int, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as home, emulator_process(options.latency_ms) as emu:
        out_file = Path(home) / "trace.json"
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "PYTHONPYCACHEPREFIX": os.path.join(home, "pycache"),  # bytecode cached, as in scenario 1
            **{k: v for k, v in emu.env.items() if k != "OVH_ENDPOINT"},
            "EFS_TUI_REPORT_READY": "1",
            "TERM": "xterm-256color",
            "HOME": home,
            "XDG_CONFIG_HOME": home,
            "XDG_DATA_HOME": home,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "TRACE_OUT": str(out_file),
        }
        argv = [PYTHON, "-c", CHILD, "--endpoint", emu.base_url]
        side = Path(str(out_file) + ".child")
        run_in_pty(argv, {**env, "TRACE_T0": str(time.time())})  # warm the caches
        side.unlink(missing_ok=True)
        for run in range(options.runs):
            t0 = time.time()
            out = run_in_pty(argv, {**env, "TRACE_T0": str(t0)})
            events = [tuple(event) for event in json.loads(out_file.read_text())]
            if side.exists():
                events += [tuple(json.loads(line)) for line in side.read_text().splitlines()]
                side.unlink()
            events.append(((float(out.strip().splitlines()[-1]) - t0) * 1000, "MainThread", "first table filled"))
            print(f"-- run {run + 1}")
            for ms, thread, what in sorted(events):
                print(f"{ms:7.1f} ms  {thread:<13} {what}")


if __name__ == "__main__":
    main()
