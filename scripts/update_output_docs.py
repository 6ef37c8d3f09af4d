"""Rewrite the generated parts of the output contract's documentation from efs_tui/core/output_schema.py.

``docs/output-schema.json`` (the JSON Schema) and the field tables of ``docs/scripting-output.md``;
tests/cli/test_output_schema.py fails until this has been run after a change of the field lists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from efs_tui.core.output_schema import json_schema, markdown_tables

DOCS = Path(__file__).resolve().parent.parent / "docs"


def schema_text() -> str:
    """The JSON Schema file's exact content."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def with_tables(text: str) -> str:
    """``text`` with the block between the ``output-fields`` markers replaced by the generated tables."""
    return re.sub(
        r"(<!-- output-fields:start[^>]*-->\n).*?(<!-- output-fields:end -->)",
        lambda m: m.group(1) + markdown_tables().strip() + "\n" + m.group(2),
        text,
        flags=re.S,
    )


def main() -> None:
    (DOCS / "output-schema.json").write_text(schema_text(), encoding="utf-8")
    doc = DOCS / "scripting-output.md"
    doc.write_text(with_tables(doc.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
