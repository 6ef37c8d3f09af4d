"""The layering the design asks for, checked on every run.

`efs_tui.api` must stay free of Textual (it is reused by the emulator tests, the
scriptable CLI and the benchmarks), and the emulator may share only the models
with the client, so that a bug in the client's signing cannot be mirrored, and
hidden, by the emulator.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "efs_tui"


def imports_of(folder: Path) -> set[tuple[Path, str]]:
    found: set[tuple[Path, str]] = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update((path, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level:
                    parts = path.relative_to(ROOT).with_suffix("").parts[: -node.level]
                    module = ".".join((*parts, module)) if module else ".".join(parts)
                found.add((path, module))
    return found


def test_api_never_imports_textual_or_ui() -> None:
    bad = {
        (str(path.relative_to(ROOT)), module)
        for path, module in imports_of(PACKAGE / "api")
        if module.split(".")[0] in {"textual", "rich"} or module.startswith(("efs_tui.ui", "efs_tui.emulator"))
    }
    assert not bad


def test_emulator_shares_only_the_models_with_the_client() -> None:
    bad = {
        (str(path.relative_to(ROOT)), module)
        for path, module in imports_of(PACKAGE / "emulator")
        if (module.startswith("efs_tui.") and not module.startswith(("efs_tui.emulator", "efs_tui.api.models")))
        or module.split(".")[0] == "textual"
    }
    assert not bad


def test_importing_the_client_does_not_load_textual() -> None:
    code = "import sys, efs_tui.api, efs_tui.emulator; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "--quiet", "."],
        ["ruff", "format", "--check", "--quiet", "."],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_static_checks(command: list[str]) -> None:
    """ruff and mypy are part of the suite so a red check can never land."""
    exe = Path(sys.executable).parent / command[0]
    out = subprocess.run([str(exe), *command[1:]], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
