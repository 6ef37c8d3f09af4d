"""Textual-free logic behind the main screen's write and copy actions.

Kept apart from the screens so each rule (which snapshot a share may be
reverted to, what a bulk delete reports, what the copy menu offers) can be
unit-tested without running an app, and reused by a future CLI command.
"""

from __future__ import annotations

from efs_tui.ui.actions.bulk import BulkOutcome, BulkResult, delete_many
from efs_tui.ui.actions.copying import CopyChoice, api_command, api_path, mount_command, preferred_access_path
from efs_tui.ui.actions.exchange import ExchangeCapture
from efs_tui.ui.actions.revert import RevertPlan, latest_manual, plan_revert

__all__ = [
    "BulkOutcome",
    "BulkResult",
    "CopyChoice",
    "ExchangeCapture",
    "RevertPlan",
    "api_command",
    "api_path",
    "delete_many",
    "latest_manual",
    "mount_command",
    "plan_revert",
    "preferred_access_path",
]
