"""The `efs-tui` command: the TUI by default, plus sub-commands, in one argparse tree.

Each sub-command's options live in the module that implements it, in a
``configure_*(parser)`` function that fills the sub-parser and returns what runs the
parsed command. The tree is one parser so that shell completion (``efs-tui
completion``, through shtab) sees every sub-command and flag.

Start-up cost matters (benchmark s1): a sub-command's module is imported only when
that sub-command is on the command line (or for ``completion``, which needs them
all); ``efs-tui --help`` lists them from :data:`SUBCOMMANDS` without importing any,
and nothing here imports Textual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable

from . import __version__
from .core import gc_pause

Runner = Callable[[argparse.Namespace], int]

#: name -> ("module:configure function", one-line help), in the order ``--help`` lists them.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "login": ("efs_tui.config.cli:configure_login", "store credentials for a profile in the OS keyring"),
    "logout": ("efs_tui.config.cli:configure_logout", "remove a profile's secrets (optionally revoke the key)"),
    "profiles": ("efs_tui.config.cli:configure_profiles", "list, choose or delete profiles"),
    "snapshots": ("efs_tui.cli.snapshots:configure_parser", "scriptable snapshot commands (list, create, delete)"),
    "emulator": ("efs_tui.emulator.cli:configure_parser", "serve the local OVHcloud API emulator"),
    "completion": ("efs_tui.completion:configure_parser", "print a shell completion script (bash, zsh, fish)"),
}


def _configure(target: str, parser: argparse.ArgumentParser) -> Runner:
    module_name, _, attr = target.partition(":")
    module = __import__(module_name, fromlist=["_"])
    configure: Callable[[argparse.ArgumentParser], Runner] = getattr(module, attr)
    return configure(parser)


def build_parser(configure: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; ``configure`` names the sub-commands to fill in (``None``: all of them).

    The others get an empty sub-parser (name and help only), which is all ``--help``
    needs and keeps their modules unimported.
    """
    # Imported here, not at module level: it pulls in the configuration layer (settings, the
    # credential dataclasses), which `efs-tui --version` never needs; never the HTTP stack.
    from .config.arguments import add_resolution_arguments

    wanted = set(SUBCOMMANDS if configure is None else configure)
    parser = argparse.ArgumentParser(
        prog="efs-tui",
        description="A keyboard-driven terminal UI for OVHcloud Enterprise File Storage snapshots.",
        epilog="Run a sub-command with --help for its options. Exit codes: see the README (Exit codes).",
    )
    parser.add_argument("--version", action="version", version=f"efs-tui {__version__}")
    parser.add_argument("--demo", action="store_true", help="run on the embedded API emulator: offline, no credentials")
    parser.add_argument("--latency-ms", type=float, default=60.0, help="simulated API latency in --demo (default 60)")
    add_resolution_arguments(parser)
    parser.add_argument("--application-key", help="application key (overrides the profile / OVH_APPLICATION_KEY)")
    parser.add_argument(
        "--auto-refresh", type=float, metavar="SECONDS", help="refresh the shown share every N s (0: off)"
    )
    parser.add_argument("--no-cache", action="store_true", help="no on-disk inventory cache for the account view")
    parser.add_argument(
        "--account", action="store_true", help="start on the account view (every snapshot of every share, as `A`)"
    )
    parser.add_argument(
        "--theme", metavar="NAME", help="colour theme (as in Ctrl+P → Theme; default: the `theme` key of config.toml)"
    )
    sub = parser.add_subparsers(dest="subcommand", metavar="COMMAND", title="sub-commands")
    for name, (target, help_) in SUBCOMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_, description=help_[0].upper() + help_[1:] + ".")
        if name in wanted:
            sub_parser.set_defaults(_efs_tui_run=_configure(target, sub_parser))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `efs-tui` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    selected = [args_list[0]] if args_list and args_list[0] in SUBCOMMANDS else []
    if not selected:  # the TUI: no garbage collection until its first table (efs_tui.core.gc_pause)
        gc_pause.pause()
    parser = build_parser(None if selected == ["completion"] else selected)
    try:
        args = parser.parse_args(args_list)
    except SystemExit as done:  # --help, --version (0) and usage errors (2, EXIT_USAGE) as a return code
        return done.code if isinstance(done.code, int) else 0
    run: Runner | None = getattr(args, "_efs_tui_run", None)
    if run is not None:
        gc_pause.resume()
        return run(args)
    from .startup.launch import launch

    return launch(args)


if __name__ == "__main__":
    sys.exit(main())
