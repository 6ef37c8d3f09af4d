"""An ``Input`` that never sends its value's control characters to the terminal.

Textual's ``Input`` draws its value as it is: a prefilled snapshot name holding
``ESC[2J`` clears the screen, ``ESC]0;…BEL`` retitles the tmux pane for good, a
carriage return overwrites the dialog and RLO/PDF reorder what is shown. This
one draws :func:`efs_tui.core.sanitize.safe_label` of the value instead (``␛``,
``␍``, ``�``, and ``␠␠␠`` for a value of spaces only), one character for one, so
cursor, selection and mouse positions still map to the same characters; the
value itself is untouched, so validation still sees, names and refuses the real
characters, and backspace on ``␛`` deletes the ESC.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Input

from efs_tui.core.sanitize import safe_label


class SafeInput(Input):
    """:class:`~textual.widgets.Input` drawn through the one unsafe-character rule."""

    @property
    def _value(self) -> Text:
        """The value as drawn: stand-ins for unsafe characters (a password field keeps its dots)."""
        if self.password:
            return super()._value
        text = Text(safe_label(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def _position_to_cell(self, position: int) -> int:
        """Cells before character ``position``, as drawn (a tab is one ``␉``, not four spaces)."""
        return cell_len(safe_label(self.value)[:position])

    def _cell_offset_to_index(self, offset: int) -> int:
        """The character under cell ``offset`` (mouse clicks), as drawn."""
        scroll_x, _ = self.scroll_offset
        offset += scroll_x
        cells = 0
        for index, char in enumerate(safe_label(self.value)):
            width = cell_len(char)
            if cells <= offset < cells + width:
                return index
            cells += width
        return max(0, min(offset, len(self.value)))
