"""The Textual user interface of efs-tui.

Entry points: :class:`EfsTuiApp` (the app factory, client injected) and
:func:`efs_tui.ui.demo.run_demo` (the app on the embedded emulator).
"""

from efs_tui.ui.app import READY_ENV, EfsTuiApp

__all__ = ["READY_ENV", "EfsTuiApp"]
