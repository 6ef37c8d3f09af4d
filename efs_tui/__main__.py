"""The `efs-tui` command: the TUI by default, plus a few sub-commands.

Sub-commands are dispatched before the TUI's own options are parsed so that each
one owns its argument parser (and its `--help`) in the module that implements it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from . import __version__

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "emulator": ("efs_tui.emulator.cli", "serve the local OVHcloud API emulator"),
    "login": ("efs_tui.config.cli:login_main", "store credentials for a profile in the OS keyring"),
    "logout": ("efs_tui.config.cli:logout_main", "remove a profile's secrets (optionally revoke the key)"),
    "profiles": ("efs_tui.config.cli:profiles_main", "list the configured profiles"),
    "snapshots": ("efs_tui.cli.snapshots", "scriptable snapshot commands (list, create, delete)"),
}


def _load(target: str) -> Callable[[list[str]], int]:
    module_name, _, attr = target.partition(":")
    module = __import__(module_name, fromlist=["_"])
    function: Callable[[list[str]], int] = getattr(module, attr or "main")
    return function


def build_parser() -> argparse.ArgumentParser:
    """The TUI's own options (sub-commands are listed in the epilog)."""
    # Imported here, not at module level: it pulls in the config, API and keyring stack, which
    # the sub-commands that do not resolve credentials (emulator, snapshots --help…) never need.
    from .config.cli import add_resolution_arguments

    commands = "\n".join(f"  efs-tui {name:<10} {help_}" for name, (_, help_) in SUBCOMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="efs-tui",
        description="A keyboard-driven terminal UI for OVHcloud Enterprise File Storage snapshots.",
        epilog=f"sub-commands (each has its own --help):\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `efs-tui` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in SUBCOMMANDS:
        target, _ = SUBCOMMANDS[args_list[0]]
        return _load(target)(args_list[1:])
    args = build_parser().parse_args(args_list)
    from .startup.launch import launch

    return launch(args)


if __name__ == "__main__":
    sys.exit(main())
