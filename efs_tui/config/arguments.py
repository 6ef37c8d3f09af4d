"""The app's own resolution options (``--profile``, ``--endpoint``…) and the overrides they give.

Apart from :mod:`.cli` (the ``login``/``logout``/``profiles`` commands): ``efs-tui`` builds its
parser and resolves the credentials before the start-up prefetch forks (benchmark s1), and
:mod:`.cli` imports the login machinery (the API client, asyncio, getpass) that none of that needs.
"""

from __future__ import annotations

import argparse
from typing import Final

from efs_tui.api.auth import ENDPOINTS

from .resolve import Overrides

#: How shells complete a profile name: ask efs-tui itself (config file only, no keyring).
PROFILE_COMPLETION: Final = {
    "bash": "_efs_tui_profiles",
    "zsh": "($(efs-tui profiles list --names 2>/dev/null))",
    "fish": "(efs-tui profiles list --names 2>/dev/null)",
    "preamble": {
        "bash": '_efs_tui_profiles() { compgen -W "$(efs-tui profiles list --names 2>/dev/null)" -- "$1"; }',
    },
}
#: The named endpoints; a base URL can be typed too, so they are suggestions, not argparse choices.
ENDPOINT_COMPLETION: Final = {
    "bash": "_efs_tui_endpoints",
    "zsh": f"({' '.join(ENDPOINTS)})",
    "fish": " ".join(ENDPOINTS),  # fish: a plain word list ("(…)" would run a command)
    "preamble": {"bash": f'_efs_tui_endpoints() {{ compgen -W "{" ".join(ENDPOINTS)}" -- "$1"; }}'},
}


def add_resolution_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--profile``, ``--endpoint``, ``--read-only`` and ``--rate-limit`` to the app's own parser."""
    profile = parser.add_argument("--profile", help="use this profile instead of the default one")
    profile.complete = PROFILE_COMPLETION  # type: ignore[attr-defined]
    endpoint = parser.add_argument("--endpoint", help=f"API endpoint: {', '.join(ENDPOINTS)} or a base URL")
    endpoint.complete = ENDPOINT_COMPLETION  # type: ignore[attr-defined]
    parser.add_argument(
        "--read-only", action="store_true", default=None, help="never offer changes (whatever the credential allows)"
    )
    parser.add_argument(
        "--rate-limit",
        type=float,
        metavar="RPS",
        help="client-side budget in requests per second (default on real endpoints: 50/min; 0: no limit)",
    )
    parser.add_argument("--rate-burst", type=int, metavar="N", help="requests allowed at once before the rate applies")


def overrides_from_args(args: argparse.Namespace) -> Overrides:
    """The :class:`~.resolve.Overrides` from the app's parsed arguments (missing attributes are "not given").

    A ``store_true`` ``--read-only`` that was not passed reads ``False``: that must
    not override a read-only profile, so only ``True`` counts as given.
    """
    return Overrides(
        endpoint=getattr(args, "endpoint", None),
        profile=getattr(args, "profile", None),
        read_only=True if getattr(args, "read_only", None) else None,
        rate_limit=getattr(args, "rate_limit", None),
        rate_burst=getattr(args, "rate_burst", None),
        auto_refresh=getattr(args, "auto_refresh", None),
        application_key=getattr(args, "application_key", None),
        client_id=getattr(args, "client_id", None),
    )
