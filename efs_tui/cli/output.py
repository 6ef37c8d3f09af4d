"""Plain-text output for the CLI: terminal-safe strings and aligned columns.

Every string the API returns is untrusted (anyone with write access to the
account picks snapshot names), so before it reaches a terminal each control,
bidi or line-separator character becomes ``?``: a name cannot clear the screen,
recolour the prompt or hide its real spelling. ``?`` rather than the TUI's
Control Pictures because CLI output is often piped into tools that expect ASCII
punctuation, not ``␛``.

Zero-width joiners, variation selectors and skin-tone modifiers are unsafe too
(:func:`efs_tui.core.sanitize.is_unsafe_char`): terminals and libraries disagree
on how wide they make an emoji, which would shift every column after it.

Columns are aligned on *display* width (East Asian wide characters count two
cells, combining marks zero) so that a ``日本語`` name does not shift the
columns after it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Final

from efs_tui.core.sanitize import mark_blank, replace_unsafe

#: Shown for ``None`` and empty values.
MISSING: Final = "-"

#: Gap between columns.
GAP: Final = "  "


def clean(text: str | None, *, missing: str = MISSING) -> str:
    """``text`` with each unsafe character replaced by ``?``; ``missing`` for ``None`` or empty."""
    if not text:
        return missing
    return replace_unsafe(text, "?")


def char_width(char: str) -> int:
    """Terminal cells one character takes: 2 for wide/fullwidth, 0 for combining marks, else 1.

    Combining marks by category (Mn, Me), not only by combining class: the keycap
    U+20E3 has class 0 yet takes no cell of its own, in tmux as in Rich.
    """
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes (see :func:`char_width`)."""
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` cells, with ``…`` when something was cut."""
    if display_width(text) <= limit:
        return text
    out: list[str] = []
    used = 0
    for char in text:
        width = char_width(char)
        if used + width > limit - 1:
            break
        out.append(char)
        used += width
    return "".join(out) + "…"


def pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` cells."""
    return text + " " * max(0, width - display_width(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Aligned lines: a header, then one line per row; trailing spaces stripped.

    Cells must already be :func:`clean` (and truncated where wanted): this only lays out,
    and marks a cell made only of spaces (a snapshot named ``"   "``) as ``␠␠␠``, the
    TUI's rule, so that it cannot read as an empty column.
    """
    rows = [[mark_blank(cell) for cell in row] for row in rows]
    widths = [display_width(header) for header in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], display_width(cell))
    lines = []
    for row in (list(headers), *rows):
        lines.append(GAP.join(pad(cell, widths[index]) for index, cell in enumerate(row)).rstrip())
    return lines


__all__ = ["GAP", "MISSING", "char_width", "clean", "display_width", "pad", "table", "truncate"]
