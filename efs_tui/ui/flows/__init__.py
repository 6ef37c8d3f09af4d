"""The snapshot write flows as plain async functions over a small context.

Each flow reads top to bottom: check, ask (a modal dialog), write through the
one write path (:mod:`efs_tui.core.writes`), show the outcome, follow the row.
They hold no state and know the screen only through :class:`FlowContext`, so a
test can run one against the emulator with a scripted context and no app.

Names are loaded lazily (as :mod:`efs_tui.ui.dialogs` does): a flow and its
dialogs are imported when a key first runs it, not at start-up, where the main
screen needs only :mod:`efs_tui.ui.flows.host` (benchmark scenario 1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from efs_tui.lazy_names import lazy_names

if TYPE_CHECKING:
    from efs_tui.ui.flows.bulk_delete import delete_marked
    from efs_tui.ui.flows.clone import clone_share
    from efs_tui.ui.flows.context import FlowContext
    from efs_tui.ui.flows.revert import revert_share
    from efs_tui.ui.flows.snapshot_writes import create_snapshot, delete_snapshot, edit_snapshot, hold_snapshot

_MODULES: dict[str, str] = {
    "FlowContext": "efs_tui.ui.flows.context",
    "clone_share": "efs_tui.ui.flows.clone",
    "create_snapshot": "efs_tui.ui.flows.snapshot_writes",
    "delete_marked": "efs_tui.ui.flows.bulk_delete",
    "delete_snapshot": "efs_tui.ui.flows.snapshot_writes",
    "edit_snapshot": "efs_tui.ui.flows.snapshot_writes",
    "hold_snapshot": "efs_tui.ui.flows.snapshot_writes",
    "revert_share": "efs_tui.ui.flows.revert",
}
"""Which submodule defines each public name."""


__getattr__ = lazy_names(__name__, _MODULES)


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
