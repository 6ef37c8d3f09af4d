"""The command registry: every user action once, and everything derived from it.

One entry gives a key its action, title, help text, group, what it needs and
whether it writes. The BINDINGS of the app, the main screen, the account view and the policies screen, the read-only
and needs-a-selection rules, the command palette, the help screen (``?``) and
the README key table are all computed from :data:`REGISTRY`, so they cannot
disagree; ``tests/ui/test_keys_registry.py`` ties it to the real bindings.

Each bound entry's ``id`` is its :class:`~textual.binding.Binding` id, the
name a ``[keys]`` table in ``config.toml`` rebinds it by (Textual's keymap;
checked by :mod:`efs_tui.ui.rebinding`).
Keys that widgets handle themselves (cursor moves in the tree and the table)
are listed for the help only and are not rebindable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

from textual.binding import Binding
from textual.keys import key_to_character

Group = Literal["App", "Move", "Snapshots", "View", "Account view", "Policies"]
Owner = Literal["app", "views", "main", "account", "policies", "palette", "widget"]
"""Where the key is bound: the app, the view actions, the main screen, the account view (``A``) or the policies
screen (rebindable, with an id);
``palette``: a main-screen action with no binding of its own (its key belongs to a widget);
``widget``: a key a widget handles itself, listed for the help only."""
Needs = Literal["share", "snapshot"] | None


class Command(NamedTuple):
    """One user action.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    action: str
    """The action string run on the owner (``new_snapshot``, ``focus_pane('tree')``)."""
    keys: str
    """Textual key names, comma separated (``d,delete``); for ``palette``/``widget`` entries: the keys as shown."""
    title: str
    """Palette title."""
    help: str
    """One line for the help screen, the README and the palette."""
    group: Group
    owner: Owner = "main"
    id: str = ""
    """Binding id and ``[keys]`` name; empty for entries that are not bindings."""
    label: str = ""
    """Footer label (short)."""
    show: bool = False
    """Shown in the footer."""
    needs: Needs = None
    """Dimmed while nothing of this kind is selected."""
    writes: bool = False
    """Hidden and refused in read-only mode."""
    priority: bool = False
    palette: bool = True
    """Offered in the command palette."""
    documented: bool = True
    """Has a row in the help screen and the README."""

    @property
    def bound(self) -> bool:
        """Whether this entry is a real, rebindable binding."""
        return self.owner in ("app", "views", "main", "account", "policies")

    @property
    def screen(self) -> str:
        """Where the key is live: ``app`` everywhere, ``account`` and ``policies`` on those screens, the rest on
        the main screen.

        Two entries may share a key only on different screens (``d`` deletes a snapshot, a policy, or across shares).
        """
        return self.owner if self.owner in ("app", "account", "policies") else "main"


def _widget(keys: str, help_text: str, group: Group = "Move") -> Command:
    return Command("", keys, "", help_text, group, owner="widget", palette=False)


def _account(
    action: str,
    keys: str,
    title: str,
    help_text: str,
    id: str,
    label: str,
    *,
    show: bool = True,
    priority: bool = False,
    writes: bool = False,
) -> Command:
    """A key of the account view: its footer, its help group, and the palette while the view is open.

    Its own id (``account_…``): rebinding the main screen's ``d`` or ``K`` leaves the account view's alone.
    A write here refuses in read-only mode with a sentence of the view's own, so it gets no hidden twin.
    """
    return Command(
        action,
        keys,
        title,
        help_text,
        "Account view",
        owner="account",
        id=id,
        label=label,
        show=show,
        priority=priority,
        writes=writes,
        palette=bool(title),
    )


def _policies(
    action: str, keys: str, help_text: str, id: str, label: str, *, title: str = "", writes: bool = True
) -> Command:
    """A key of the policies screen: in its footer, not in the palette (which runs main-screen actions).

    ``title`` names a write in its read-only refusal ("New snapshot policy is not available: …").
    """
    return Command(
        action,
        keys,
        title,
        help_text,
        "Policies",
        owner="policies",
        id=id,
        label=label,
        show=True,
        writes=writes,
        palette=False,
    )


REGISTRY: tuple[Command, ...] = (
    # -- App ------------------------------------------------------------------------------
    Command(
        "command_palette",
        "Ctrl+P",
        "",
        "command palette (every action)",
        "App",
        owner="widget",
        palette=False,
    ),
    Command(
        "quit",
        "q",
        "Quit",
        "quit; asks first if a change is in flight",
        "App",
        owner="app",
        id="quit",
        label="Quit",
        show=True,
    ),
    Command(
        "quit",
        "ctrl+c",
        "",
        "quit",
        "App",
        owner="app",
        id="quit_now",
        label="Quit",
        priority=True,
        palette=False,
    ),
    Command("help", "question_mark", "Help: keys", "this help", "App", owner="app", id="help", label="Help", show=True),
    # -- Move -----------------------------------------------------------------------------
    _widget("j / k, ↓ / ↑", "next / previous service, share or snapshot"),
    _widget("h / l, ← / →", "tree: collapse / expand (l on a share opens it)"),
    _widget("g / G", "first / last"),
    _widget("PgUp / PgDn", "page up / down"),
    _widget("Tab / Shift+Tab", "next / previous pane (tree → table → detail)"),
    _widget("Enter", "tree: open share; table: inspect and show detail"),
    Command(
        "back",
        "escape",
        "Back",
        "clear filter, else marks, else back (detail → table → tree); closes dialogs",
        "Move",
        id="back",
        label="Back",
        palette=False,
    ),
    Command(
        "focus_pane('tree')",
        "",
        "Focus services tree",
        "move the focus to the tree",
        "Move",
        owner="palette",
        documented=False,
    ),
    Command(
        "focus_pane('table')",
        "",
        "Focus snapshot table",
        "move the focus to the table",
        "Move",
        owner="palette",
        documented=False,
    ),
    Command(
        "focus_pane('detail')",
        "",
        "Focus detail panel",
        "move the focus to the detail panel",
        "Move",
        owner="palette",
        documented=False,
    ),
    # -- Snapshots ------------------------------------------------------------------------
    Command(
        "new_snapshot",
        "n",
        "New snapshot",
        "new snapshot of the selected share",
        "Snapshots",
        id="new_snapshot",
        label="New",
        show=True,
        needs="share",
        writes=True,
    ),
    Command(
        "toggle_mark",
        "Space",
        "Mark / unmark snapshot",
        "mark / unmark the highlighted snapshot for bulk actions, then move down",
        "Snapshots",
        owner="palette",
        needs="snapshot",
    ),
    Command(
        "clear_marks",
        "Esc",
        "Clear marks",
        "unmark every marked snapshot",
        "Snapshots",
        owner="palette",
        documented=False,
    ),
    Command(
        "delete_snapshot",
        "d,delete",
        "Delete snapshot",
        "delete the highlighted snapshot, or all marked ones (asks first, Cancel focused)",
        "Snapshots",
        id="delete_snapshot",
        label="Delete",
        show=True,
        writes=True,
    ),
    Command(
        "plan_retention",
        "K",
        "Retention plan (prune by rules)",
        "retention planner: keep newest N, delete older than D, on the share or the marks; preview, type to confirm",
        "Snapshots",
        id="plan_retention",
        label="Prune",
        needs="share",
        writes=True,
    ),
    Command(
        "edit_snapshot",
        "e",
        "Edit snapshot",
        "edit the highlighted snapshot's name and description",
        "Snapshots",
        id="edit_snapshot",
        label="Edit",
        show=True,
        needs="snapshot",
        writes=True,
    ),
    Command(
        "hold_snapshot",
        "H",
        "Hold snapshot",
        "hold an automatic snapshot: it becomes manual, with a new id (beta)",
        "Snapshots",
        id="hold_snapshot",
        label="Hold",
        needs="snapshot",
        writes=True,
    ),
    Command(
        "revert_share",
        "R",
        "Revert share",
        "revert the share to its latest manual snapshot (beta; type the share name)",
        "Snapshots",
        id="revert_share",
        label="Revert",
        needs="snapshot",
        writes=True,
    ),
    Command(
        "clone_share",
        "C",
        "Clone share from snapshot",
        "clone a new share from the highlighted manual snapshot (an automatic one: hold first)",
        "Snapshots",
        id="clone_share",
        label="Clone",
        needs="snapshot",
        writes=True,
    ),
    Command(
        "policies",
        "o",
        "Snapshot policies",
        "the service's snapshot policies: rules in words, new / edit / delete / attach, with a preview",
        "Snapshots",
        id="policies",
        label="Policies",
        needs="share",
    ),
    Command(
        "refresh",
        "r",
        "Refresh",
        "refresh the focused level (tree: services & shares; table: snapshots)",
        "Snapshots",
        id="refresh",
        label="Refresh",
        show=True,
        palette=False,
    ),
    Command(
        "copy_id",
        "y",
        "Copy snapshot id",
        "copy the highlighted snapshot's id (OSC 52, works over SSH)",
        "Snapshots",
        id="copy_id",
        label="Copy",
        show=True,
        needs="snapshot",
    ),
    Command(
        "copy_menu",
        "Y,c",
        "Copy…",
        "copy menu: path, NFS mount command, CLI/API command, last error's query id",
        "Snapshots",
        id="copy_menu",
        label="Copy…",
        needs="share",
    ),
    Command(
        "inspect",
        "i",
        "Inspect snapshot",
        "inspect: fetch the highlighted snapshot again",
        "Snapshots",
        id="inspect",
        label="Inspect",
        needs="snapshot",
    ),
    Command(
        "refresh_snapshots",
        "r",
        "Refresh snapshots",
        "reload the snapshots of the selected share",
        "Snapshots",
        owner="palette",
        needs="share",
        documented=False,
    ),
    Command(
        "refresh_services",
        "r",
        "Refresh services",
        "reload services and shares",
        "Snapshots",
        owner="palette",
        documented=False,
    ),
    # -- View -----------------------------------------------------------------------------
    Command(
        "filter",
        "slash",
        "Filter",
        "filter the focused pane (table: name:x type:manual -status:error words; tree: shares)",
        "View",
        owner="views",
        id="filter",
        label="Filter",
        show=True,
        priority=True,
    ),
    Command(
        "cycle_sort",
        "s",
        "Sort by next column",
        "sort the table by the next column",
        "View",
        owner="views",
        id="cycle_sort",
        label="Sort",
    ),
    Command(
        "reverse_sort",
        "S",
        "Reverse sort",
        "reverse the table's order",
        "View",
        owner="views",
        id="reverse_sort",
        label="Reverse sort",
    ),
    Command(
        "toggle_zone",
        "t",
        "Toggle UTC / local time",
        "dates in UTC or local time",
        "View",
        owner="views",
        id="toggle_zone",
        label="UTC/local",
    ),
    Command(
        "toggle_refresh",
        "p",
        "Pause / resume auto-refresh",
        "pause / resume auto-refresh",
        "View",
        owner="views",
        id="toggle_refresh",
        label="Pause refresh",
    ),
    Command(
        "export",
        "x",
        "Export snapshots",
        "export the visible rows to CSV or JSON",
        "View",
        owner="views",
        id="export",
        label="Export",
        needs="share",
    ),
    Command(
        "activity",
        "L",
        "API activity log",
        "API activity log (method, path, status, duration, query id)",
        "View",
        owner="views",
        id="activity",
        label="API log",
    ),
    Command(
        "account_view",
        "A",
        "All snapshots (account view)",
        "every snapshot of every share of every service in one table",
        "View",
        owner="main",
        id="account_view",
        label="All",
    ),
    Command(
        "switch_profile",
        "P",
        "Switch profile…",
        "switch profile: another account or endpoint, without restarting",
        "View",
        owner="app",
        id="switch_profile",
        label="Profile",
    ),
    # -- Account view (A) -----------------------------------------------------------------
    _account(
        "back",
        "escape",
        "",
        "clear the filter, else the marks, else back to the main screen",
        "account_back",
        "Back",
    ),
    _account(
        "filter",
        "slash",
        "Filter all snapshots",
        "filter: share:web* age:>30d created:<2026-10-01 type:manual -status:error, and words",
        "account_filter",
        "Filter",
        priority=True,
    ),
    _account("cycle_sort", "s", "Sort by the next column", "sort by the next column", "account_sort", "Sort"),
    _account(
        "reverse_sort", "S", "Reverse the order", "reverse the order", "account_reverse_sort", "Reverse", show=False
    ),
    _widget("Space", "mark / unmark the highlighted snapshot, then move down", "Account view"),
    _account(
        "delete",
        "d,delete",
        "Delete snapshots across shares",
        "delete the highlighted snapshot, or every marked one, across shares (asks first)",
        "account_delete",
        "Delete",
        writes=True,
    ),
    _account(
        "plan_retention",
        "K",
        "Retention plan across shares",
        "retention plan on the marked snapshots, else the filtered rows, else the whole account (type to confirm)",
        "account_plan_retention",
        "Prune",
        writes=True,
    ),
    _account("revalidate", "r", "Walk the account again", "walk the account again", "account_refresh", "Refresh"),
    _widget("Enter", "close the view on this snapshot: its share is selected in the main screen", "Account view"),
    # -- Policies (the policies screen, o) ------------------------------------------------
    _policies(
        "new_policy",
        "n",
        "new policy (rules checked before any request)",
        "new_policy",
        "New",
        title="New snapshot policy",
    ),
    _policies(
        "edit_policy",
        "e",
        "edit the highlighted policy's name and description",
        "edit_policy",
        "Edit",
        title="Edit snapshot policy",
    ),
    _policies(
        "delete_policy",
        "d,delete",
        "delete the highlighted policy (asks first)",
        "delete_policy",
        "Delete",
        title="Delete snapshot policy",
    ),
    _policies(
        "attach_policy",
        "a",
        "attach the highlighted policy to the share (shows what its rotation removes)",
        "attach_policy",
        "Attach to share",
        title="Attach snapshot policy",
    ),
    _policies("refresh", "r", "read the policies again", "refresh_policies", "Refresh", writes=False),
    _policies("close", "escape,o", "back to the snapshots", "close_policies", "Back", writes=False),
)

GROUPS: tuple[Group, ...] = ("App", "Move", "Snapshots", "View", "Account view", "Policies")
BY_ID: dict[str, Command] = {command.id: command for command in REGISTRY if command.id}


def _name(action: str) -> str:
    """``focus_pane('tree')`` → ``focus_pane``: the name ``check_action`` receives."""
    return action.split("(", 1)[0]


# -- bindings ------------------------------------------------------------------------------


def bindings_for(owner: Owner) -> list[Binding]:
    """The BINDINGS of ``owner``; on the main and policies screens each write key gets a hidden twin for read-only mode.

    The twin has the write's id, so a ``[keys]`` rebinding moves both together; it runs
    ``read_only_refused(title)``, which says why the key does nothing.
    """
    found: list[Binding] = []
    twins: list[Binding] = []
    for command in REGISTRY:
        if command.owner != owner:
            continue
        found.append(
            Binding(
                command.keys,
                command.action,
                command.label,
                show=command.show,
                priority=command.priority,
                id=command.id,
            )
        )
        if command.writes and owner in ("main", "policies"):
            twins.append(Binding(command.keys, f"read_only_refused({command.title!r})", show=False, id=command.id))
    return found + twins


def actions(*, writes: bool | None = None, needs: Needs = None) -> frozenset[str]:
    """Action names (as ``check_action`` gets them) of the entries that write, or need ``needs``."""
    return frozenset(
        _name(c.action)
        for c in REGISTRY
        if c.owner != "widget" and (writes is None or c.writes == writes) and (needs is None or c.needs == needs)
    )


# -- key display ---------------------------------------------------------------------------

_DISPLAY = {
    "question_mark": "?",
    "slash": "/",
    "escape": "Esc",
    "delete": "Delete",
    "space": "Space",
    "enter": "Enter",
    "tab": "Tab",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "home": "Home",
    "end": "End",
    "backspace": "Backspace",
}


def display_key(key: str) -> str:
    """``ctrl+c`` → ``Ctrl+C``, ``question_mark`` → ``?``, ``d`` → ``d``: how a key is written for people."""
    *modifiers, base = key.strip().split("+")
    shown = _DISPLAY.get(base)
    if shown is None:
        character = key_to_character(base)
        shown = character if character is not None and character.isprintable() else base
        if modifiers and len(shown) == 1:
            shown = shown.upper()
        elif len(shown) > 1:
            shown = shown.capitalize() if not shown.startswith("f") else shown.upper()
    return "+".join([*(m.capitalize() for m in modifiers), shown])


def keys_of(command: Command, keymap: Mapping[str, str] | None = None) -> str:
    """The keys of ``command`` as shown (``d / Delete``), after the user's ``[keys]`` rebinding."""
    if not command.bound:
        return command.keys
    keys = (keymap or {}).get(command.id, command.keys)
    return " / ".join(display_key(k) for k in keys.split(",") if k.strip())


# -- help and README -----------------------------------------------------------------------


class KeyHelp(NamedTuple):
    keys: str
    description: str


def key_groups(keymap: Mapping[str, str] | None = None) -> tuple[tuple[Group, tuple[KeyHelp, ...]], ...]:
    """The help rows per group; consecutive entries of one action share a row (``q / Ctrl+C``)."""
    groups: list[tuple[Group, tuple[KeyHelp, ...]]] = []
    for group in GROUPS:
        rows: list[KeyHelp] = []
        previous = ""
        for command in REGISTRY:
            if command.group != group or not command.documented:
                continue
            keys = keys_of(command, keymap)
            if rows and command.action and command.action == previous:
                rows[-1] = KeyHelp(f"{rows[-1].keys} / {keys}", rows[-1].description)
            else:
                rows.append(KeyHelp(keys, command.help))
            previous = command.action
        groups.append((group, tuple(rows)))
    return tuple(groups)


KEY_GROUPS = key_groups()
"""The default key map, grouped (the help screen shows the user's own, after rebinding)."""


def markdown_table() -> str:
    """The key map as a Markdown table, for the README (with ``|`` escaped, as GitHub needs)."""
    lines = ["| Key | Action |", "| :- | :- |"]
    for group, keys in KEY_GROUPS:
        lines.append(f"| **{group}** | |")
        lines.extend(f"| {k.keys} | {k.description} |" for k in keys)
    lines.append("")
    lines.append("| Rebindable id (`[keys]` in config.toml) | Default key |")
    lines.append("| :- | :- |")
    lines.extend(f"| `{c.id}` | {keys_of(c)} |" for c in REGISTRY if c.bound)
    return "\n".join(lines)
