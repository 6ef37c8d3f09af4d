"""The CLI's Textual-free copy of the snapshot-form rules must agree with the TUI dialog's rules."""

from __future__ import annotations

import pytest

from efs_tui.cli import validation as cli_rules
from efs_tui.cli.output import clean, display_width, table, truncate

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
def test_same_answer_as_the_dialog_rules(name: str, description: str) -> None:
    ui_rules = pytest.importorskip("efs_tui.ui.dialogs.validation")
    ui_draft, ui_errors = ui_rules.validate_draft(name, description)
    cli_draft, cli_errors = cli_rules.validate_draft(name, description)
    assert cli_errors == ui_errors
    if ui_draft is None:
        assert cli_draft is None
    else:
        assert cli_draft is not None
        assert (cli_draft.name, cli_draft.description) == (ui_draft.name, ui_draft.description)


def test_limits_match_the_dialog() -> None:
    ui_rules = pytest.importorskip("efs_tui.ui.dialogs.validation")
    assert (cli_rules.NAME_MAX, cli_rules.DESCRIPTION_MAX) == (ui_rules.NAME_MAX, ui_rules.DESCRIPTION_MAX)


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
