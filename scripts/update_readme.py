"""Rewrite the README's generated tables: keys (efs_tui/ui/keys.py) and exit codes (efs_tui/core/exit_codes.py)."""

from __future__ import annotations

import re
from pathlib import Path

from efs_tui.core.exit_codes import exit_code_table
from efs_tui.ui.keys import markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"


def replace_block(text: str, name: str, table: str) -> str:
    """Put ``table`` between the ``<!-- name:start ... -->`` and ``<!-- name:end -->`` markers."""
    return re.sub(
        rf"(<!-- {name}:start[^>]*-->\n).*?(<!-- {name}:end -->)",
        lambda m: m.group(1) + table.strip() + "\n" + m.group(2),
        text,
        flags=re.S,
    )


def main() -> None:
    text = README.read_text(encoding="utf-8")
    text = replace_block(text, "keys", markdown_table())
    text = replace_block(text, "exit-codes", exit_code_table())
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
