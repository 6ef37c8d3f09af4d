"""``efs-tui completion bash|zsh|fish``: a completion script generated from the real parser tree.

shtab walks the same argparse tree that parses the command line, so the script
cannot drift from the options: sub-commands, flags, the ``--seed`` datasets, the
named endpoints, and profile names (asked from ``efs-tui profiles list --names`` at
Tab time, so a new profile completes without regenerating the script).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

SHELLS = ("bash", "zsh", "fish")

INSTALL = {
    "bash": 'eval "$(efs-tui completion bash)"   # in ~/.bashrc',
    "zsh": 'efs-tui completion zsh > "${fpath[1]}/_efs-tui"   # then start a new zsh',
    "fish": "efs-tui completion fish > ~/.config/fish/completions/efs-tui.fish",
}


def configure_parser(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    """Give the ``completion`` sub-parser its one argument; return what prints the script."""
    parser.epilog = "install:\n" + "\n".join(f"  {line}" for line in INSTALL.values())
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete for")
    return run


def script(shell: str) -> str:
    """The completion script for ``shell``, from the whole ``efs-tui`` parser tree."""
    import shtab

    from efs_tui.__main__ import build_parser

    text: str = shtab.complete(build_parser(), shell=shell)
    return text


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(script(args.shell))
    return 0
