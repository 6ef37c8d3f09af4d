"""The snapshot-form rules (name ≤ 64, description ≤ 255, no control characters), without Textual.

The TUI's rules live in ``efs_tui.ui.dialogs.validation``, but importing anything
under ``efs_tui.ui`` runs ``efs_tui/ui/__init__.py``, which loads the Textual app:
half a second and a hard dependency a cron job should not pay for. Until those
rules move to a Textual-free module, this is a faithful copy behind one function,
:func:`validate_draft`, and ``tests/cli/test_validation.py`` checks that both
give the same answer (same draft, same messages) on a corpus of hostile inputs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Final

#: Longest snapshot name accepted, in characters, after trimming.
NAME_MAX: Final = 64

#: Longest snapshot description accepted, in characters, after trimming.
DESCRIPTION_MAX: Final = 255

#: Bidi embeddings/overrides (U+202A to U+202E) and isolates (U+2066 to U+2069): "Trojan Source" characters.
_BIDI_CONTROLS: Final = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_LINE_SEPARATORS: Final = frozenset({"\u2028", "\u2029"})
_C0_NAMES: Final = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "backspace",
    0x09: "tab",
    0x0A: "newline",
    0x0D: "carriage return",
    0x1B: "ESC",
}


@dataclass(frozen=True, slots=True)
class SnapshotDraft:
    """A snapshot's user-editable fields, trimmed and validated; ``None`` means "not given"."""

    name: str | None = None
    description: str | None = None


def is_unsafe_char(char: str) -> bool:
    """C0/C1 controls, DEL, lone surrogates, line separators and bidi controls: never accepted."""
    return unicodedata.category(char) in ("Cc", "Cs") or char in _BIDI_CONTROLS or char in _LINE_SEPARATORS


def describe_char(char: str) -> str:
    """A short name for an unsafe character, e.g. ``ESC (U+001B)``."""
    code = ord(char)
    if code in _C0_NAMES:
        name = _C0_NAMES[code]
    elif code < 0x20:
        name = "control character"
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code < 0xA0:
        name = "C1 control character"
    else:
        name = unicodedata.name(char, "invalid character")
    return f"{name} (U+{code:04X})"


def _trim_bounds(value: str) -> tuple[int, int]:
    start, end = 0, len(value)
    while start < end and value[start].isspace() and not is_unsafe_char(value[start]):
        start += 1
    while end > start and value[end - 1].isspace() and not is_unsafe_char(value[end - 1]):
        end -= 1
    return start, end


def _check(value: str, label: str, limit: int) -> list[str]:
    errors: list[str] = []
    offset, end = _trim_bounds(value)
    stripped = value[offset:end]
    for index, char in enumerate(stripped):
        if is_unsafe_char(char):
            errors.append(f"{label}: {describe_char(char)} at position {offset + index + 1} is not allowed.")
            break
    if len(stripped) > limit:
        errors.append(f"{label}: {len(stripped)} characters; the limit is {limit}.")
    return errors


def validate_draft(name: str, description: str) -> tuple[SnapshotDraft | None, list[str]]:
    """Trim (plain whitespace only) and check both fields; empty fields become ``None``.

    Returns:
        ``(draft, [])`` when valid, else ``(None, messages)``, one message per problem.
    """
    errors = _check(name, "Name", NAME_MAX) + _check(description, "Description", DESCRIPTION_MAX)
    if errors:
        return None, errors
    start, end = _trim_bounds(name)
    d_start, d_end = _trim_bounds(description)
    return SnapshotDraft(name=name[start:end] or None, description=description[d_start:d_end] or None), []


__all__ = ["DESCRIPTION_MAX", "NAME_MAX", "SnapshotDraft", "describe_char", "is_unsafe_char", "validate_draft"]
