"""The panes of the main screen."""

from efs_tui.ui.widgets.detail import DetailPanel
from efs_tui.ui.widgets.header import StatusHeader
from efs_tui.ui.widgets.service_tree import ServiceTree
from efs_tui.ui.widgets.snapshot_table import SnapshotTable

__all__ = ["DetailPanel", "ServiceTree", "SnapshotTable", "StatusHeader"]
