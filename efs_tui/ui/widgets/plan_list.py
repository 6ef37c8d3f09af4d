"""The retention plan as a scrolling list that draws only the lines on screen, fitted to its width.

A plan over a whole account holds thousands of snapshots and is made again on
every key typed in a rule field. Filling a ``DataTable`` with 6,000 rows took
~0.4 s per key (measured), the plan itself ~6 ms; this list keeps the plan's
items and builds the words, the sanitized names and the dates of a row only when
that row is drawn (Textual's line API), so a new plan costs what the planner costs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import ClassVar, Final

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from efs_tui.core.retention import PlanItem
from efs_tui.ui.text import clean, local_time, truncate
from efs_tui.ui.widgets.row_cursor import RowCursorView

#: (title, widest) of each column, in order; the share column only when the plan spans shares.
PLAN, NAME, SHARE, RULE, CREATED, TYPE = (
    ("plan", 6),
    ("name", 28),
    ("share", 18),
    ("rule", 64),
    ("created", 16),
    ("type", 9),
)
_GAP: Final = 1
_FIXED: Final = frozenset({PLAN[0], CREATED[0], TYPE[0]})
"""Always whole: the decision, the date and the type are short and never cut."""
_NARROWEST: Final = {NAME[0]: 12, SHARE[0]: 10, RULE[0]: 16}
_GROWTH: Final = ((NAME[0], 20), (SHARE[0], 14), (RULE[0], RULE[1]), (NAME[0], NAME[1]), (SHARE[0], SHARE[1]))
"""Who gets the room left, in turn and up to how wide: a readable name first, then the rule, then the rest."""


def fit_columns(columns: Sequence[tuple[str, int]], width: int) -> list[tuple[str, int]]:
    """The columns cut to fit ``width`` cells (80 columns included), so the list never scrolls sideways.

    Plan, created and type stay whole; name, share and rule start at their narrowest and
    grow in the order of ``_GROWTH``; the rule takes whatever is left past that. The full
    rule of the highlighted row is under the list. Below the narrowest sum the line is
    simply cropped on the right.
    """
    names = {title for title, _size in columns}
    sizes = {title: size if title in _FIXED else _NARROWEST[title] for title, size in columns}
    room = width - sum(sizes.values()) - _GAP * (len(columns) - 1)
    for title, cap in _GROWTH:
        if title in names and room > 0:
            grow = min(room, max(0, cap - sizes[title]))
            sizes[title] += grow
            room -= grow
    sizes[RULE[0]] += max(0, room)
    return [(title, sizes[title]) for title, _size in columns]


class PlanList(RowCursorView, can_focus=True):
    """Every item of a plan, one line each, deletions as given (first); a header line.

    The cursor, its keys (j/k, g/G, page up/down) and its scrolling are :class:`RowCursorView`'s,
    the same as the snapshot table's.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"plan-list--header", "plan-list--cursor"}

    DEFAULT_CSS = """
    PlanList {
        background: $surface;
        overflow-x: hidden;
        & > .plan-list--header { text-style: bold; background: $panel; }
        & > .plan-list--cursor {
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .plan-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class Highlighted(Message):
        """The cursor is on another item (``None``: the list is empty)."""

        def __init__(self, item: PlanItem | None) -> None:
            super().__init__()
            self.item = item

    def __init__(
        self,
        *,
        zone: tzinfo | None = None,
        share_label: Callable[[PlanItem], str] | None = None,
        rule_words: Callable[[str], str] = str,
        id: str | None = None,
    ) -> None:
        """Build an empty list.

        Args:
            zone: Time zone of the creation dates (``None``: local).
            share_label: The share column's text for an item; ``None``: no share column.
            rule_words: How the planner's words are shown (the form's field names for CLI flags).
            id: The widget's DOM id.
        """
        super().__init__(id=id)
        self._items: list[PlanItem] = []
        self._zone = zone
        self._share_label = share_label
        self._rule_words = rule_words
        self._columns = [PLAN, NAME, *([SHARE] if share_label is not None else []), RULE, CREATED, TYPE]
        self._fitted: tuple[int, list[tuple[str, int]]] = (0, [])
        """The columns as fitted, with the width they were fitted to."""
        self._lines: dict[int, Strip] = {}
        """Drawn lines by item index (without the cursor style), dropped with the items or a new width."""
        self._told: PlanItem | None = None
        """What the last :class:`Highlighted` said, so that a move posts only a change."""

    # -- content ------------------------------------------------------------------------------

    @property
    def items(self) -> list[PlanItem]:
        return self._items

    @property
    def highlighted(self) -> PlanItem | None:
        return self._items[self._cursor] if 0 <= self._cursor < len(self._items) else None

    @property
    def row_count(self) -> int:
        return len(self._items)

    def set_items(self, items: Sequence[PlanItem]) -> None:
        """Show ``items`` (a new plan); the cursor goes back to the first line."""
        self._items = list(items)
        self._lines = {}
        self.virtual_size = Size(0, len(self._items) + 1)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._cursor = self._drawn_cursor = 0
        self.refresh()
        self._told = self.highlighted
        self.post_message(self.Highlighted(self._told))  # a new plan: said even when its first item is the same

    def cells(self, index: int) -> list[Text]:
        """The cells of item ``index`` as drawn: every API text through the one sanitize rule, never markup."""
        item = self._items[index]
        snap = item.snapshot
        cells = [
            Text("DELETE", style="bold red") if item.delete else Text("keep", style="dim"),
            Text(truncate(clean(snap.name) or "(no name)", NAME[1]), style="bold" if item.delete else ""),
        ]
        if self._share_label is not None:
            cells.append(Text(truncate(clean(self._share_label(item)), SHARE[1])))
        cells += [
            Text(clean(self._rule_words(item.rule)), style="red" if item.delete else ""),
            Text(local_time(snap.created_at, self._zone)),
            Text(clean(snap.type) or "?"),
        ]
        return cells

    # -- drawing ------------------------------------------------------------------------------

    def _columns_at(self, width: int) -> list[tuple[str, int]]:
        if self._fitted[0] != width:
            self._fitted = (width, fit_columns(self._columns, width))
            self._lines = {}
        return self._fitted[1]

    def _join(self, cells: Sequence[Text], columns: Sequence[tuple[str, int]]) -> Text:
        line = Text(no_wrap=True, overflow="crop", end="")
        for position, (cell, (_title, size)) in enumerate(zip(cells, columns, strict=True)):
            shown = cell.copy()
            shown.truncate(size, overflow="ellipsis", pad=True)
            line.append(" " * (_GAP if position else 0))
            line.append_text(shown)
        return line

    def _strip(self, text: Text, style: Style) -> Strip:
        segments = [Segment(s.text, style + s.style if s.style else style) for s in text.render(self.app.console)]
        return Strip(segments, text.cell_len)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        columns = self._columns_at(width)
        if y == 0:
            header = self._join([Text(title) for title, _size in columns], columns)
            style = self.get_component_rich_style("plan-list--header")
            return self._strip(header, base + style).crop_extend(0, width, base + style)
        index = round(self.scroll_offset.y) + y - 1
        if index >= len(self._items):
            return Strip.blank(width, base)
        line = self._lines.get(index)
        if line is None:
            line = self._lines[index] = self._strip(self._join(self.cells(index), columns), base)
        if index == self._cursor:
            style = self.get_component_rich_style("plan-list--cursor")
            return line.apply_style(style).crop_extend(0, width, base + style)
        return line.crop_extend(0, width, base)

    # -- the cursor -----------------------------------------------------------------------------

    def _highlight_moved(self) -> None:
        if self.highlighted is not self._told:
            self._told = self.highlighted
            self.post_message(self.Highlighted(self._told))

    def on_click(self, event: events.Click) -> None:
        if event.y > 0 and self._items:
            self.move_cursor(row=round(self.scroll_y) + event.y - 1)


__all__ = ["PlanList", "fit_columns"]
