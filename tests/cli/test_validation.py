"""The CLI validates snapshot names and descriptions with the same rules as the TUI dialog."""

from __future__ import annotations

import pytest

from efs_tui.cli import snapshots
from efs_tui.cli.output import clean, display_width, table, truncate
from efs_tui.core import validation as rules
from efs_tui.core.sanitize import is_unsafe_char

CASES = [
    ("", ""),
    ("  before-upgrade  ", "  spaced  "),
    ("日本語 « été » 🚀", "Point de restauration"),
    ("bad\x1bname", ""),
    ("\ttab-first", ""),
    ("ok", "line\nbreak"),
    ("ok", "cr\rhere"),
    ("nul\x00", ""),
    ("del\x7f", ""),
    ("c1\x9b", ""),
    ("bidi\u202eevil", ""),
    ("isolate\u2066x", ""),
    ("sep\u2028x", ""),
    ("x" * 64, "d" * 255),
    ("x" * 65, "d" * 256),
    ("   " + "x" * 64 + "   ", ""),
    ("\x1b" * 70, "\u202e"),
    ("\u00a0nbsp\u00a0", "\u3000ideographic\u3000"),
]


@pytest.mark.parametrize(("name", "description"), CASES)
def test_hostile_input_is_refused_or_trimmed(name: str, description: str) -> None:
    draft, errors = rules.validate_draft(name, description)
    assert (draft is None) == bool(errors)
    if draft is not None:
        for value in (draft.name, draft.description):
            assert value is None or (value == value.strip() and not any(map(is_unsafe_char, value)))
            assert value is None or len(value) <= max(rules.NAME_MAX, rules.DESCRIPTION_MAX)


def test_the_cli_uses_the_dialog_rules() -> None:
    assert vars(snapshots)["validate_draft"] is rules.validate_draft


def test_clean_replaces_every_unsafe_character() -> None:
    assert clean("\x1b[31mred\x1b[0m") == "?[31mred?[0m"
    assert clean("a\u202eb\u2028c\x9bd") == "a?b?c?d"
    assert clean("日本語 [bold]x[/]") == "日本語 [bold]x[/]"
    assert clean(None) == "-" and clean("") == "-"


def test_columns_align_on_display_width() -> None:
    assert display_width("日本語") == 6 and display_width("e\u0301") == 1
    lines = table(["NAME", "TYPE"], [["日本語", "manual"], ["abc", "system"]])
    starts = [
        display_width(line[: line.index(word)]) for line, word in zip(lines, ["TYPE", "manual", "system"], strict=True)
    ]
    assert starts == [8, 8, 8]


def test_truncate_counts_cells() -> None:
    assert truncate("abcdef", 4) == "abc…"
    assert truncate("日本語日本語", 5) == "日本…"
    assert truncate("short", 10) == "short"
