"""``efs-tui completion``: scripts generated from the real parser tree, checked in a real bash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from efs_tui.__main__ import SUBCOMMANDS, main
from efs_tui.api.auth import ENDPOINTS
from efs_tui.completion import script
from efs_tui.config.settings import ProfileSettings, update_profile
from efs_tui.emulator.seed import DATASETS

BIN = Path(sys.executable).parent


def complete_in_bash(words: list[str], env: dict[str, str]) -> list[str]:
    """What bash offers after ``words`` (the last one is being completed), with the generated script sourced."""
    quoted = " ".join(f"'{word}'" for word in words)
    program = (
        "source <(efs-tui completion bash)\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        'COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()\n'
        '_shtab_efs_tui\nprintf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, env=env, timeout=60, check=True)
    return [line for line in done.stdout.splitlines() if line]


@pytest.fixture
def shell_env(config_file: Path) -> dict[str, str]:
    update_profile(None, ProfileSettings("work"))
    update_profile(None, ProfileSettings("lab", endpoint="ovh-ca"))
    return {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_subcommands_flags_choices_and_profiles(shell_env: dict[str, str]) -> None:
    assert complete_in_bash(["efs-tui", "sn"], shell_env) == ["snapshots"]
    assert complete_in_bash(["efs-tui", "snapshots", ""], shell_env) == [
        "services",
        "shares",
        "list",
        "create",
        "delete",
        "clone",
        "prune",
    ]
    assert "--read-only" in complete_in_bash(["efs-tui", "login", "--re"], shell_env)
    assert complete_in_bash(["efs-tui", "emulator", "--seed", ""], shell_env) == list(DATASETS)
    assert complete_in_bash(["efs-tui", "snapshots", "list", "--endpoint", "ovh-"], shell_env) == [
        name for name in ENDPOINTS if name.startswith("ovh-")
    ]
    # Profile names are read from config.toml at Tab time: a new profile completes without a new script.
    assert complete_in_bash(["efs-tui", "--profile", ""], shell_env) == ["work", "lab"]
    assert complete_in_bash(["efs-tui", "profiles", "delete", "l"], shell_env) == ["lab"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_every_shell_gets_subcommands_flags_and_choices(shell: str) -> None:
    text = script(shell)
    flags = ["profile", "endpoint", "seed", "wait", "names", "theme"]
    flag_words = [f"-l {flag}" if shell == "fish" else f"--{flag}" for flag in flags]
    for word in [*SUBCOMMANDS, *flag_words, *DATASETS, *ENDPOINTS]:
        assert word in text, f"{word} missing from the {shell} script"
    assert "efs-tui profiles list --names" in text


def test_zsh_and_fish_list_endpoints_as_words() -> None:
    assert f"({' '.join(ENDPOINTS)})" in script("zsh")
    assert f'-xka "{" ".join(ENDPOINTS)}"' in script("fish")  # "(...)" would be a command substitution in fish


def test_completion_command_prints_the_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "bash"]) == 0
    assert "_shtab_efs_tui" in capsys.readouterr().out
    assert main(["completion", "tcsh"]) == 2  # not offered: usage error, the EXIT_USAGE code


def test_profile_names_for_completion(shell_env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profiles", "list", "--names"]) == 0
    assert capsys.readouterr().out.splitlines() == ["work", "lab"]


def test_help_imports_no_textual_nor_any_sub_command() -> None:
    code = (
        "import sys\nfrom efs_tui.__main__ import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('textual', 'shtab', 'uvicorn', 'starlette')"
        " or m in ('efs_tui.cli.snapshots', 'efs_tui.emulator.cli', 'efs_tui.completion')]\n"
        "print(sorted(loaded), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert "completion" in done.stdout and "snapshots" in done.stdout
