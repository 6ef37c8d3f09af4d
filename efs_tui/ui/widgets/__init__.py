"""The panes of the main screen (and the widgets the other screens share).

Loaded lazily (:mod:`efs_tui.lazy_names`): the account view imports its table from here at an
``efs-tui --account`` start, and must not load the main screen's tree and detail panel with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from efs_tui.lazy_names import lazy_names

if TYPE_CHECKING:
    from efs_tui.ui.widgets.detail import DetailPanel
    from efs_tui.ui.widgets.header import StatusHeader
    from efs_tui.ui.widgets.service_tree import ServiceTree
    from efs_tui.ui.widgets.snapshot_table import SnapshotTable

__getattr__ = lazy_names(
    __name__,
    {
        "DetailPanel": "efs_tui.ui.widgets.detail",
        "ServiceTree": "efs_tui.ui.widgets.service_tree",
        "SnapshotTable": "efs_tui.ui.widgets.snapshot_table",
        "StatusHeader": "efs_tui.ui.widgets.header",
    },
    globals(),
)

__all__ = ["DetailPanel", "ServiceTree", "SnapshotTable", "StatusHeader"]
