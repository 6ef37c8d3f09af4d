"""The start-up pause of the garbage collector (efs_tui.core.gc_pause), in a fresh interpreter each time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> list[str]:
    prelude = "import gc\nfrom efs_tui.core import gc_pause\n"
    out = subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, check=True, cwd=ROOT, timeout=60
    )
    return out.stdout.split()


def test_pause_stops_collections_and_resume_collects_freezes_and_restarts_them_once() -> None:
    assert _run(
        "gc_pause.pause()\n"
        "print(gc.isenabled())\n"
        "gc_pause.resume()\n"
        "frozen = gc.get_freeze_count()\n"
        "print(gc.isenabled(), frozen > 0)\n"
        "gc_pause.resume()\n"  # a second resume (another main screen's first table) freezes nothing more
        "print(gc.get_freeze_count() == frozen)\n"
    ) == ["False", "True", "True", "True"]


def test_resume_without_pause_leaves_the_collector_as_it_was() -> None:
    """An app started by the tests, the benchmarks or a library user: the collector is theirs."""
    assert _run("gc.disable()\ngc_pause.resume()\nprint(gc.isenabled(), gc.get_freeze_count())\n") == ["False", "0"]
    assert _run("gc_pause.resume()\nprint(gc.isenabled(), gc.get_freeze_count())\n") == ["True", "0"]


def test_the_tui_command_runs_paused_and_a_sub_command_with_the_collector_on() -> None:
    """``efs-tui`` (the TUI) pauses before its imports; a sub-command runs as Python left it."""
    code = (
        "import efs_tui.__main__ as cli\n"
        "from efs_tui.startup import launch\n"
        "launch.launch = lambda args: print('tui', gc.isenabled()) or 0\n"
        "cli.main(['--endpoint', 'http://127.0.0.1:9/1.0'])\n"
        "gc_pause.resume()\n"  # what the app does once its first table is painted
        "print('resumed', gc.isenabled())\n"
        "import efs_tui.completion\n"
        "efs_tui.completion.configure_parser = lambda parser: lambda args: print('sub-command', gc.isenabled()) or 0\n"
        "cli.main(['completion'])\n"
    )
    assert _run(code) == ["tui", "False", "resumed", "True", "sub-command", "True"]
