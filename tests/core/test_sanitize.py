"""The one unsafe-character rule (efs_tui.core.sanitize), checked over every code point of the running Python."""

from __future__ import annotations

import sys
import unicodedata
from datetime import datetime, timedelta, timezone

import pytest
from rich.cells import cell_len

from efs_tui.cli.output import display_width
from efs_tui.core.sanitize import (
    BLANK_STAND_IN,
    UNSAFE_CHARS,
    describe_char,
    format_utc,
    is_unsafe_char,
    mark_blank,
    replace_unsafe,
    safe_label,
    safe_or_missing,
    safe_text,
)

ALL_CHARS = [chr(code) for code in range(sys.maxunicode + 1)]


def test_every_control_format_and_separator_character_is_unsafe() -> None:
    """Cc, Cs, Cf, Zl and Zp, whatever this Python's Unicode version: the written-out ranges cover them all."""
    missed = [
        f"U+{ord(c):04X}"
        for c in ALL_CHARS
        if unicodedata.category(c) in ("Cc", "Cs", "Cf", "Zl", "Zp") and not is_unsafe_char(c)
    ]
    assert missed == []


def test_the_pattern_and_the_function_agree_on_every_code_point() -> None:
    matched = {c for c in UNSAFE_CHARS.findall("".join(ALL_CHARS[:0xD800]) + "".join(ALL_CHARS[0xE000:]))}
    assert all(is_unsafe_char(c) for c in matched)
    assert all(c in matched for c in ALL_CHARS if is_unsafe_char(c) and not 0xD800 <= ord(c) <= 0xDFFF)


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\u200d", "ZERO WIDTH JOINER (U+200D)"),
        ("\ufe0f", "VARIATION SELECTOR-16 (U+FE0F)"),
        ("\U0001f3fd", "EMOJI MODIFIER FITZPATRICK TYPE-4 (U+1F3FD)"),
        ("\u200b", "ZERO WIDTH SPACE (U+200B)"),
        ("\u00ad", "SOFT HYPHEN (U+00AD)"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE (U+FEFF)"),
        ("\u3164", "HANGUL FILLER (U+3164)"),
    ],
)
def test_width_ambiguous_and_invisible_characters_are_unsafe_and_named(char: str, named: str) -> None:
    assert is_unsafe_char(char)
    assert describe_char(char) == named
    assert safe_text(f"a{char}b") == "a\ufffdb"
    assert replace_unsafe(f"a{char}b") == "a?b"


@pytest.mark.parametrize(
    "text",
    [
        "fam\U0001f469\u200d\U0001f469\u200d\U0001f467ily",
        "love\u2764\ufe0f",
        "ok\U0001f44d\U0001f3fd",
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        "1\ufe0f\u20e3",
    ],
)
def test_emoji_sequences_take_the_same_cells_for_rich_and_for_a_per_code_point_terminal(text: str) -> None:
    """Rich 15 counts a ZWJ family as 2 cells, tmux as more: once made safe, both count the same."""
    shown = safe_text(text)
    assert cell_len(shown) == display_width(shown)
    assert len(shown) == len(text)  # one stand-in per character: error positions still line up


def test_ordinary_text_is_left_alone() -> None:
    for text in ("été 快照 📸", "a\u00a0b", "[bold]x[/]", "🇫🇷", "e\u0301", ""):
        assert safe_text(text) == text
        assert safe_label(text) == text


def test_a_blank_name_is_marked_one_stand_in_per_character() -> None:
    assert safe_label("   ") == BLANK_STAND_IN * 3 == "␠␠␠"
    assert safe_label("\u3000") == "␠"
    assert safe_label(" \t ") == "␠␉␠"
    assert safe_label(" a ") == " a "  # a visible character: spaces stay spaces
    assert mark_blank("") == ""
    assert safe_or_missing("  ") == "␠␠"
    assert safe_or_missing("") == "—"
    assert safe_text("   ") == "   "  # safe_text itself keeps its one-for-one promise for any text


def test_newlines_are_stand_ins_unless_kept() -> None:
    assert safe_label("evil\nStatus available") == "evil␊Status available"
    assert safe_label("a\nb", keep_newlines=True) == "a\nb"


# -- moved here from tests/ui/test_dialogs.py -------------------------------------------------------------

MARKUP = "[bold red]x[/]"


class TestSafeText:
    def test_makes_controls_visible(self) -> None:
        assert safe_text("a\x1b[31mb\x00\n\t\x7f") == "a␛[31mb␀␊␉␡"
        assert safe_text("x\x85\u202ey\u2066") == "x\ufffd\ufffdy\ufffd"

    def test_leaves_ordinary_text_and_markup_alone(self) -> None:
        """Markup is neutralised where text is displayed, not by rewriting it."""
        for text in (MARKUP, "été 快照 📸", "a\u00a0b", ""):
            assert safe_text(text) == text

    def test_keeps_length(self) -> None:
        """One character for one character, so error positions still line up."""
        text = "".join(chr(code) for code in range(0x00, 0xA0))
        assert len(safe_text(text)) == len(text)
        assert all(char.isprintable() for char in safe_text(text))

    def test_describe_char_for_a_lone_surrogate(self) -> None:
        assert describe_char("\ud800") == "invalid character (U+D800)"

    def test_format_utc(self) -> None:
        paris = timezone(timedelta(hours=1))
        assert format_utc(datetime(2026, 1, 2, 4, 4, 5, tzinfo=paris)) == "2026-01-02T03:04:05Z"
        assert format_utc(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05Z"
        assert format_utc(None) == "—"
