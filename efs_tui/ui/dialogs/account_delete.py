"""The account view's delete confirmation: each snapshot listed with the share and service it lives in.

Its own module so the account view loads the delete dialogs with its first delete, not at start
(``efs-tui --account`` paints cached rows before the app's first frame; every import counts there).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from efs_tui.api.models import Snapshot
from efs_tui.core.account import AccountRow
from efs_tui.core.wording import counted
from efs_tui.ui.dialogs.confirm_delete import ConfirmDeleteDialog, _field
from efs_tui.ui.text import clean


class AccountDeleteDialog(ConfirmDeleteDialog):
    """The delete confirmation, each snapshot listed with the share and service it lives in."""

    def __init__(self, rows: Sequence[AccountRow]) -> None:
        first = rows[0]
        super().__init__([row.snapshot for row in rows], service=first.service, share=first.share)
        self._rows = {row.snapshot.id: row for row in rows}
        self._places = {row.share_key for row in rows}

    def _location(self) -> Text:
        if len(self._places) == 1:
            return super()._location()
        services = len({service for service, _share in self._places})
        return _field("Across", f"{counted(len(self._places), 'share')} of {counted(services, 'service')}")

    def _list_entry(self, snapshot: Snapshot) -> Text:  # type: ignore[override]
        entry = ConfirmDeleteDialog._list_entry(snapshot)
        row = self._rows.get(snapshot.id)
        if row is not None and len(self._places) > 1:
            entry.append(f"\n  {clean(row.share.label)} · {clean(row.service.label)}", style="dim")
        return entry


__all__ = ["AccountDeleteDialog"]
