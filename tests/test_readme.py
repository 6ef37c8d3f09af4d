"""The README is part of the product: its key table and its two commands must stay true."""

from __future__ import annotations

import re
from pathlib import Path

from efs_tui.ui.keys import markdown_table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_key_table_matches_the_app() -> None:
    block = re.search(r"<!-- keys:start[^>]*-->\n(.*?)<!-- keys:end -->", README, re.S)
    assert block is not None
    assert block.group(1).strip() == markdown_table().strip(), "run: python scripts/update_readme.py"


def test_the_two_commands_exist() -> None:
    assert "./dev demo" in README and "./dev test" in README
    dev = (ROOT / "dev").read_text(encoding="utf-8")
    assert "demo)" in dev and "test)" in dev


def test_screenshots_shown_in_the_readme_exist() -> None:
    for name in re.findall(r"\((screenshots/[^)]+\.svg)\)", README):
        assert (ROOT / name).is_file(), name
