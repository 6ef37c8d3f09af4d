"""The snapshot write flows as plain async functions over a small context.

Each flow reads top to bottom: check, ask (a modal dialog), write through the
one write path (:mod:`efs_tui.core.writes`), show the outcome, follow the row.
They hold no state and know the screen only through :class:`FlowContext`, so a
test can run one against the emulator with a scripted context and no app.
"""

from efs_tui.ui.flows.bulk_delete import delete_marked
from efs_tui.ui.flows.clone import clone_share
from efs_tui.ui.flows.context import FlowContext
from efs_tui.ui.flows.revert import revert_share
from efs_tui.ui.flows.snapshot_writes import create_snapshot, delete_snapshot, edit_snapshot, hold_snapshot

__all__ = [
    "FlowContext",
    "clone_share",
    "create_snapshot",
    "delete_marked",
    "delete_snapshot",
    "edit_snapshot",
    "hold_snapshot",
    "revert_share",
]
