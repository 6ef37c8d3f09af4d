"""Rewrite the README's key table from the app's own key list (efs_tui/ui/keys.py)."""

from __future__ import annotations

import re
from pathlib import Path

from efs_tui.ui.keys import markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = re.sub(
        r"(<!-- keys:start[^>]*-->\n).*?(<!-- keys:end -->)",
        lambda m: m.group(1) + markdown_table().strip() + "\n" + m.group(2),
        text,
        flags=re.S,
    )
    README.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
