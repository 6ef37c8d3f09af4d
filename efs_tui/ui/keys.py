"""The key map, grouped, as shown by the help screen (and pasted into the README).

The bindings themselves live on the widgets that handle them; this table is the
documentation. ``tests/ui/test_keys.py`` checks that every action named here exists.
"""

from __future__ import annotations

from typing import NamedTuple


class KeyHelp(NamedTuple):
    keys: str
    description: str


KEY_GROUPS: tuple[tuple[str, tuple[KeyHelp, ...]], ...] = (
    (
        "App",
        (
            KeyHelp("?", "this help"),
            KeyHelp("Ctrl+P", "command palette (every action)"),
            KeyHelp("q / Ctrl+C", "quit"),
        ),
    ),
    (
        "Move",
        (
            KeyHelp("j / k, ↓ / ↑", "next / previous service, share or snapshot"),
            KeyHelp("h / l, ← / →", "tree: collapse / expand (l on a share opens it)"),
            KeyHelp("g / G", "first / last"),
            KeyHelp("PgUp / PgDn", "page up / down"),
            KeyHelp("Tab / Shift+Tab", "next / previous pane (tree → table → detail)"),
            KeyHelp("Enter", "tree: open share; table: inspect and show detail"),
            KeyHelp("Esc", "clear filter, else marks, else back (detail → table → tree); closes dialogs"),
        ),
    ),
    (
        "Snapshots",
        (
            KeyHelp("n", "new snapshot of the selected share"),
            KeyHelp("Space", "mark / unmark the highlighted snapshot for bulk actions, then move down"),
            KeyHelp("d / Delete", "delete the highlighted snapshot, or all marked ones (asks first, Cancel focused)"),
            KeyHelp("e", "edit the highlighted snapshot's name and description"),
            KeyHelp("H", "hold an automatic snapshot: it becomes manual, with a new id (beta)"),
            KeyHelp("R", "revert the share to its latest manual snapshot (beta; type the share name)"),
            KeyHelp("y", "copy the highlighted snapshot's id (OSC 52, works over SSH)"),
            KeyHelp("Y / c", "copy menu: path, NFS mount command, CLI/API command, last error's query id"),
            KeyHelp("i", "inspect: fetch the highlighted snapshot again"),
            KeyHelp("r", "refresh the focused level (tree: services & shares; table: snapshots)"),
        ),
    ),
    (
        "View",
        (
            KeyHelp("/", "filter the focused pane (table: name:x type:manual -status:error words; tree: shares)"),
            KeyHelp("s / S", "sort the table by the next column / reverse the order"),
            KeyHelp("t", "dates in UTC or local time"),
            KeyHelp("p", "pause / resume auto-refresh"),
            KeyHelp("x", "export the visible rows to CSV or JSON"),
            KeyHelp("L", "API activity log (method, path, status, duration, query id)"),
        ),
    ),
)


def markdown_table() -> str:
    """The key map as a Markdown table, for the README."""
    lines = ["| Key | Action |", "| :- | :- |"]
    for group, keys in KEY_GROUPS:
        lines.append(f"| **{group}** | |")
        lines.extend(f"| {k.keys} | {k.description} |" for k in keys)
    return "\n".join(lines)
