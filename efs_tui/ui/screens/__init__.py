"""The app's screens (dialogs live in :mod:`efs_tui.ui.dialogs`).

Loaded lazily (:mod:`efs_tui.lazy_names`): ``efs-tui --account`` starts on the account view, and
importing it must not load the main screen with its tree, panes and flows (built when the view is left).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from efs_tui.lazy_names import lazy_names

if TYPE_CHECKING:
    from efs_tui.ui.screens.main import MainScreen

__getattr__ = lazy_names(__name__, {"MainScreen": "efs_tui.ui.screens.main"}, globals())

__all__ = ["MainScreen"]
