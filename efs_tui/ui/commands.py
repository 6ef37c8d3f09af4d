"""Every action in the command palette (Ctrl+P), filtered by what applies now.

The entries come from the command registry (:mod:`efs_tui.ui.keys`). The palette
asks the main screen's ``check_action``, so read-only mode and "no snapshot
highlighted" hide the same commands as they hide keys.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from efs_tui.ui.keys import REGISTRY, Command, keys_of
from efs_tui.ui.screens.main import MainScreen


def palette_help(command: Command, keymap: dict[str, str]) -> str:
    """``Delete the highlighted snapshot… (d / Delete)``: the help line with the key that does the same."""
    text = command.help[:1].upper() + command.help[1:]
    keys = keys_of(command, keymap)
    return f"{text} ({keys})" if keys else text


class EfsCommands(Provider):
    """efs-tui's own commands, next to Textual's system commands."""

    def _available(self) -> list[tuple[str, str, Callable[[], object]]]:
        from efs_tui.ui.screens.account import AccountScreen

        # Over the account view (the palette's calling screen), its own actions; else the main screen's.
        view = self.screen if isinstance(self.screen, AccountScreen) else None
        screen = None if view is not None else self.app.screen_stack[0] if self.app.screen_stack else None
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        found: list[tuple[str, str, Callable[[], object]]] = []
        for command in REGISTRY:
            if not command.palette:
                continue
            help_text = palette_help(command, keymap)
            if command.owner == "app":
                found.append((command.title, help_text, partial(self.app.run_action, command.action)))
                continue
            if command.owner == "account":
                if view is not None and not (command.writes and view.config.read_only):
                    found.append((command.title, help_text, partial(view.run_action, command.action)))
                continue
            if not isinstance(screen, MainScreen):
                continue
            if screen.check_action(command.action.split("(", 1)[0], ()) is not True:
                continue
            found.append((command.title, help_text, partial(screen.run_action, command.action)))
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
