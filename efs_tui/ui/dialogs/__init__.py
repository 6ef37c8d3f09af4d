"""Every modal dialog: forms, confirmations, the copy menu, export, the bulk-delete report, the profile switcher.

Every dialog shows API text literally (never as markup) and with control
characters made visible; :func:`safe_text` is exported for the rest of the UI
to do the same.

Names are loaded lazily (as ``textual.widgets`` does): asking for
``safe_text`` or ``validate_draft`` loads only the Textual-free ``text`` and
``validation`` modules, not the dialog screens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from efs_tui.lazy_names import lazy_names

if TYPE_CHECKING:
    from efs_tui.core.sanitize import describe_char, format_utc, is_unsafe_char, safe_or_missing, safe_text
    from efs_tui.core.validation import (
        DESCRIPTION_MAX,
        NAME_MAX,
        SnapshotDraft,
        check_description,
        check_field,
        check_name,
        trim,
        validate_draft,
    )
    from efs_tui.ui.dialogs.base import DialogBody, DialogScreen
    from efs_tui.ui.dialogs.confirm_delete import AUTOMATIC_WARNING, SYSTEM_WARNING, ConfirmDeleteDialog
    from efs_tui.ui.dialogs.confirm_typed import TypedConfirmDialog
    from efs_tui.ui.dialogs.create_snapshot import CreateSnapshotDialog

_MODULES: dict[str, str] = {
    "DialogBody": "efs_tui.ui.dialogs.base",
    "DialogScreen": "efs_tui.ui.dialogs.base",
    "AUTOMATIC_WARNING": "efs_tui.ui.dialogs.confirm_delete",
    "SYSTEM_WARNING": "efs_tui.ui.dialogs.confirm_delete",
    "ConfirmDeleteDialog": "efs_tui.ui.dialogs.confirm_delete",
    "TypedConfirmDialog": "efs_tui.ui.dialogs.confirm_typed",
    "CreateSnapshotDialog": "efs_tui.ui.dialogs.create_snapshot",
    "describe_char": "efs_tui.core.sanitize",
    "format_utc": "efs_tui.core.sanitize",
    "is_unsafe_char": "efs_tui.core.sanitize",
    "safe_or_missing": "efs_tui.core.sanitize",
    "safe_text": "efs_tui.core.sanitize",
    "DESCRIPTION_MAX": "efs_tui.core.validation",
    "NAME_MAX": "efs_tui.core.validation",
    "SnapshotDraft": "efs_tui.core.validation",
    "check_description": "efs_tui.core.validation",
    "check_field": "efs_tui.core.validation",
    "check_name": "efs_tui.core.validation",
    "trim": "efs_tui.core.validation",
    "validate_draft": "efs_tui.core.validation",
}
"""Which submodule defines each public name."""


__getattr__ = lazy_names(__name__, _MODULES)


__all__ = [
    "AUTOMATIC_WARNING",
    "DESCRIPTION_MAX",
    "NAME_MAX",
    "SYSTEM_WARNING",
    "ConfirmDeleteDialog",
    "CreateSnapshotDialog",
    "DialogBody",
    "DialogScreen",
    "SnapshotDraft",
    "TypedConfirmDialog",
    "check_description",
    "check_field",
    "check_name",
    "describe_char",
    "format_utc",
    "is_unsafe_char",
    "safe_or_missing",
    "safe_text",
    "trim",
    "validate_draft",
]
