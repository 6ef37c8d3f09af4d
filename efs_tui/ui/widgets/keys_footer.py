"""The screens' footer: Textual's ``Footer``, composed once the start is over, and only when its keys change.

``Footer`` recomposes (every key widget removed, built again and styled) after each
bindings signal: ~50 ms of CPU each on a 2-core machine. During a cold start the keys change
twice within ~100 ms (a share is selected: ``n`` lights up; a snapshot is highlighted:
``d``, ``e``, ``y``... light up), on top of Textual's own signals for the first focus and the
screen resume, so the footer was composed three times before the first table was filled,
in its way (benchmark scenario 1). Held until :meth:`KeysFooter.release`, it is composed
once, with the keys as they are when the first table is on screen; after that, a signal that
changes nothing on the line costs no recompose. The account view uses it unheld: a screen's
start sends three bindings signals (focus set, screen resumed, keymap applied), two showing the
same keys, and those rebuilds fell between the walk's first request and its answer (scenario 7).
"""

from __future__ import annotations

from textual.widgets import Footer

Shown = tuple[tuple[object, ...], ...]


class KeysFooter(Footer):
    """A ``Footer`` held until :meth:`release`, that skips recomposing the keys it already shows."""

    def __init__(self, *, held: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._held = held
        """Whether recomposes wait for :meth:`release`."""
        self._asked = False
        """Whether a recompose was asked for while held."""
        self._shown: Shown | None = None
        """What the keys on screen were composed from (``None``: not composed yet)."""

    def release(self) -> None:
        """The start is over: show the keys now (if any were signalled) and follow them from here on."""
        if self._held:
            self._held = False
            if self._asked:
                self.call_later(self.recompose)  # in the footer's own context, where compose binds its keys

    async def recompose(self) -> None:
        if not self.is_attached:  # a signal from before a profile switch removed this screen
            return
        if self._held:
            self._asked = True
            return
        shown = self._what_compose_shows()
        if shown != self._shown:
            self._shown = shown
            await super().recompose()

    def _what_compose_shows(self) -> Shown:
        """Everything ``Footer.compose`` reads: each shown binding (key, its display, label, group, state, tooltips)."""
        app = self.app
        palette = self.show_command_palette and app.ENABLE_COMMAND_PALETTE
        shown = []
        for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items():
            if binding.show or (palette and key == app.COMMAND_PALETTE_BINDING):
                label = (binding.key, app.get_key_display(binding), binding.description, binding.group)
                shown.append((*label, binding.action, enabled, tooltip, binding.tooltip))
        return tuple(shown)
