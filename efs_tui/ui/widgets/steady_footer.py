"""A footer that is rebuilt only when the keys it shows change.

Textual's :class:`~textual.widgets.Footer` removes and mounts every key widget (a restyle of each)
on every bindings signal, and a screen's start sends three that show the same keys: the focus
set, the screen resumed, the app's keymap applied. On the account view's first start those
rebuilds fall between the walk's first request and the handling of its answer, so they delay
the first rows; skipping the two that change nothing leaves the footer exactly as drawn.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """:class:`~textual.widgets.Footer`, skipping a rebuild that would draw the same keys."""

    _shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = self._keys_of(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)

    def _keys_of(self, screen: Screen[object]) -> tuple[object, ...]:
        """Everything the footer's compose reads from the bindings, in its order."""
        display = self.app.get_key_display
        return (
            self.show_command_palette,
            *(
                (b.key, display(b), b.action, b.description, b.show, b.group, enabled, tooltip)
                for _node, b, enabled, tooltip in screen.active_bindings.values()
            ),
        )


__all__ = ["SteadyFooter"]
