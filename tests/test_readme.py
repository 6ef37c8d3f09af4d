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


def test_exit_code_table_matches_the_cli() -> None:
    from efs_tui.core.exit_codes import EXIT_CODES, exit_code_table

    block = re.search(r"<!-- exit-codes:start[^>]*-->\n(.*?)<!-- exit-codes:end -->", README, re.S)
    assert block is not None
    assert block.group(1).strip() == exit_code_table().strip(), "run: python scripts/update_readme.py"
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", block.group(1), re.M)
    assert [(int(code), meaning) for code, meaning in rows] == [(e.code, e.meaning) for e in EXIT_CODES]


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_images_have_alt_text_and_relative_links_resolve() -> None:
    """Where images are not rendered (a registry page, a terminal pager) the alt text is what the reader gets."""
    images = re.findall(r"!\[([^\]]*)\]\(([^)\s]+)\)", README)
    assert images
    for alt, target in images:
        assert alt.strip(), f"image {target} has no alt text"
    anchors = {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", README, re.M)}
    for target in re.findall(r"\]\(([^)\s]+)\)", README):
        if re.match(r"[a-z]+:", target):
            continue  # absolute URL: not checked offline
        path, _, anchor = target.partition("#")
        if path:
            assert (ROOT / path).exists(), f"broken relative link: {target}"
        else:
            assert anchor in anchors, f"no heading for #{anchor}"
