"""Every action in the command palette (Ctrl+P), filtered by what applies now.

The palette asks the main screen's ``check_action`` so read-only mode and "no
snapshot highlighted" hide the same commands as they hide keys.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from efs_tui.ui.screens.main import MainScreen

#: (title, help, target, action): target is "screen" or "app".
COMMANDS: tuple[tuple[str, str, str, str], ...] = (
    ("New snapshot", "Create a snapshot of the selected share (n)", "screen", "new_snapshot"),
    ("Delete snapshot", "Delete the highlighted snapshot, after confirming (d)", "screen", "delete_snapshot"),
    ("Edit snapshot", "Change the highlighted snapshot's name and description (e)", "screen", "edit_snapshot"),
    ("Hold snapshot", "Keep an automatic snapshot as manual; its id changes (H, beta)", "screen", "hold_snapshot"),
    ("Revert share", "Revert the share to its latest manual snapshot (R, beta)", "screen", "revert_share"),
    ("Copy snapshot id", "Copy the highlighted snapshot's id to the clipboard (y)", "screen", "copy_id"),
    ("Copy…", "Copy path, NFS mount command, CLI/API command or last query id (Y, c)", "screen", "copy_menu"),
    (
        "Mark / unmark snapshot",
        "Mark the highlighted snapshot for a bulk delete, or unmark it (Space)",
        "screen",
        "toggle_mark",
    ),
    ("Clear marks", "Unmark every marked snapshot (Esc)", "screen", "clear_marks"),
    ("Inspect snapshot", "Fetch the highlighted snapshot again (i)", "screen", "inspect"),
    ("Refresh snapshots", "Reload the snapshots of the selected share (r in the table)", "screen", "refresh_snapshots"),
    ("Refresh services", "Reload services and shares (r in the tree)", "screen", "refresh_services"),
    ("Filter", "Filter the focused pane: table rows or tree shares (/)", "screen", "filter"),
    ("Sort by next column", "Sort the snapshot table by the next column (s)", "screen", "cycle_sort"),
    ("Reverse sort", "Reverse the snapshot table's order (S)", "screen", "reverse_sort"),
    ("Toggle UTC / local time", "Show dates in UTC or in local time (t)", "screen", "toggle_zone"),
    ("Pause / resume auto-refresh", "Stop or restart the periodic refresh (p)", "screen", "toggle_refresh"),
    ("Export snapshots", "Write the visible rows to a CSV or JSON file (x)", "screen", "export"),
    ("API activity log", "Every API call with status, duration and query id (L)", "screen", "activity"),
    ("Focus services tree", "Move the focus to the tree", "screen", "focus_pane('tree')"),
    ("Focus snapshot table", "Move the focus to the table", "screen", "focus_pane('table')"),
    ("Focus detail panel", "Move the focus to the detail panel", "screen", "focus_pane('detail')"),
    ("Help: keys", "Show every key binding (?)", "app", "help"),
    ("Quit", "Leave efs-tui (q, Ctrl+C)", "app", "quit"),
)


class EfsCommands(Provider):
    """efs-tui's own commands, next to Textual's system commands."""

    def _available(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.app.screen_stack[0] if self.app.screen_stack else None
        found: list[tuple[str, str, Callable[[], object]]] = []
        for title, help_text, target, action in COMMANDS:
            if target == "screen":
                if not isinstance(screen, MainScreen):
                    continue
                name = action.split("(", 1)[0]
                if screen.check_action(name, ()) is not True:
                    continue
                found.append((title, help_text, partial(screen.run_action, action)))
            else:
                found.append((title, help_text, partial(self.app.run_action, action)))
        return found

    async def discover(self) -> Hits:
        for title, help_text, callback in self._available():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._available():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
