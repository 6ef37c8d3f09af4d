"""CLI error messages name what the user typed and the flag that fixes it, never an internal name."""

from __future__ import annotations

from pathlib import Path

import pytest

from efs_tui.core.export import export_snapshots

from .conftest import Run


def test_a_timeout_that_is_not_a_number_is_named(cli: Run) -> None:
    result = cli("create", "svc", "share", "--wait", "--timeout", "abc")
    assert result.code != 0
    assert "'abc' is not a number of seconds" in result.err
    assert "_positive" not in result.err


def test_an_existing_export_file_names_the_overwrite_flag(tmp_path: Path) -> None:
    target = tmp_path / "snaps.json"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(FileExistsError, match="use --overwrite to replace it"):
        export_snapshots([], target)
    assert target.read_text(encoding="utf-8") == "precious"
