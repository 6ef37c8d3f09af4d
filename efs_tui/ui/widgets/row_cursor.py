"""One cursor row over a line-API list with a header line: what the snapshot table and the plan list share.

Both lists draw only the lines on screen (Textual's line API) under a fixed header
on line 0, and both move one highlighted row with the same keys. Keeping the
cursor here means one rule for clamping, paging and scrolling it into view, and
one economy: a move repaints only the old and the new cursor lines (over a slow
SSH link every line costs bytes), the whole page only when the list scrolled.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.scroll_view import ScrollView


class RowCursorView(ScrollView):
    """A :class:`ScrollView` whose line 0 is a header and whose rows (line ``1 + index``) carry a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | j, k, up, down | Next / previous row. |
    | g, G, home, end | First / last row. |
    | pageup, pagedown | One page up / down. |
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cursor = 0
        """Index of the highlighted row."""
        self._drawn_cursor = 0
        """Where the cursor was last drawn: the row a move must repaint without its highlight."""

    @property
    def row_count(self) -> int:
        """Rows that can hold the cursor."""
        raise NotImplementedError

    def _highlight_moved(self) -> None:
        """Called after every cursor placement: say which row is highlighted now (if that changed)."""

    def move_cursor(self, *, row: int) -> None:
        """Move the cursor to row ``row`` (clamped) and scroll it into view."""
        self._cursor = max(0, min(row, self.row_count - 1))
        self._cursor_moved()

    def _cursor_moved(self) -> None:
        top = round(self.scroll_y)
        self._scroll_to_cursor()
        drawn, self._drawn_cursor = self._drawn_cursor, self._cursor
        if round(self.scroll_y) != top:
            self.refresh()
        elif drawn != self._cursor:
            self._refresh_row(drawn, top)
            self._refresh_row(self._cursor, top)
        self._highlight_moved()

    def _refresh_row(self, index: int, top: int) -> None:
        """Repaint the line of row ``index`` (nothing when it is off the page)."""
        y = index - top + 1
        if 1 <= y <= self._page:
            self.refresh(Region(0, y, self.scrollable_content_region.width, 1))

    @property
    def _page(self) -> int:
        """Rows that fit under the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top, page = round(self.scroll_y), self._page
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + page:
            self.scroll_to(y=self._cursor - page + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        """Next row."""
        self.move_cursor(row=self._cursor + 1)

    def action_cursor_up(self) -> None:
        """Previous row."""
        self.move_cursor(row=self._cursor - 1)

    def action_first(self) -> None:
        """Jump to the first row."""
        self.move_cursor(row=0)

    def action_last(self) -> None:
        """Jump to the last row."""
        self.move_cursor(row=self.row_count - 1)

    def action_page_down(self) -> None:
        """One page down."""
        self.move_cursor(row=self._cursor + self._page)

    def action_page_up(self) -> None:
        """One page up."""
        self.move_cursor(row=self._cursor - self._page)


__all__ = ["RowCursorView"]
