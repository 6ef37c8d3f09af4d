"""The app's screens (dialogs live in :mod:`efs_tui.ui.dialogs`)."""

from efs_tui.ui.screens.main import MainScreen

__all__ = ["MainScreen"]
