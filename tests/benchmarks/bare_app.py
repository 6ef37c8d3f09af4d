"""Baseline of scenario 1: a bare Textual app with the same widgets as efs-tui's main screen and no I/O.

Run as ``python -m tests.benchmarks.bare_app``; prints ``time.time()`` once mounted, then exits,
exactly as ``EFS_TUI_REPORT_READY=1 efs-tui`` does when its first table is filled.
``--painted``: once its first frame is painted instead (``call_after_refresh``), the moment scenario 7
stamps for efs-tui's rows; mounted, the app exits before it has drawn anything (~45-60 ms earlier under load).
"""

from __future__ import annotations

import time

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static, Tree


class BareApp(App[None]):
    """Tree | (DataTable over Static), a header line and a footer."""

    def __init__(self, *, painted: bool = False) -> None:
        super().__init__()
        self.ready_at = 0.0
        self.painted = painted

    def compose(self) -> ComposeResult:
        yield Static("header")
        with Horizontal():
            yield Tree("Services")
            with Vertical():
                yield DataTable()
                yield Static("detail")
        yield Footer()

    def on_mount(self) -> None:
        if self.painted:
            self.call_after_refresh(self._report_ready)
        else:
            self._report_ready()

    def _report_ready(self) -> None:
        self.ready_at = time.time()
        self.exit()


if __name__ == "__main__":
    import sys

    app = BareApp(painted="--painted" in sys.argv)
    app.run()
    print(f"{app.ready_at:.6f}", flush=True)
