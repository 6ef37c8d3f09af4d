"""From parsed command-line options to a running TUI.

The demo never resolves credentials (so it never touches the user's keyring or
config). Otherwise credentials are resolved first; when there are none, or no
keyring to read them from, a small gate app shows the onboarding or the
no-keyring screen before the main app starts, so the user always gets a screen
that explains what to do, never a traceback.

Start-up order matters (benchmark scenario 1): the credentials are resolved
*before* Textual is imported (this module imports no Textual at module level),
then the UI's first requests are prefetched, in a forked child on Linux, else a
background thread (:mod:`efs_tui.startup.prefetch`), while Textual and the screens
import and mount.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TypeVar

from efs_tui.config import (
    DEFAULT_PROFILE,
    ConfigError,
    KeyringUnavailable,
    MissingCredentials,
    ResolvedConfig,
    resolve_config,
)
from efs_tui.config.arguments import overrides_from_args
from efs_tui.config.settings import save_theme, saved_theme
from efs_tui.config.switch import ConfiguredProfiles, profile_label
from efs_tui.core.exit_codes import EXIT_CREDENTIALS
from efs_tui.startup.prefetch import DEFAULT_EAGER_SERVICES, start_prefetch

if TYPE_CHECKING:
    from textual.screen import Screen

T = TypeVar("T")

#: Auto-refresh period of the demo (real mode: off unless configured).
DEMO_AUTO_REFRESH = 30.0


def run_gate(screen: Screen[T]) -> T | None:
    """Run ``screen`` in its own small app and return what it dismissed with."""
    from textual.app import App  # only when a gate is needed: Textual is not imported before resolving

    class GateApp(App[Any]):
        """Shows one screen before the main app and exits with that screen's result."""

        TITLE = "efs-tui"

        def on_mount(self) -> None:
            self.push_screen(screen, callback=self.exit)

    result: T | None = GateApp().run()
    return result


def context_label(resolved: ResolvedConfig) -> str:
    """What the header says we are connected to: profile and endpoint (``prod · ovh-eu``)."""
    return profile_label(resolved.profile, resolved.endpoint)


def resolve_interactively(args: argparse.Namespace) -> ResolvedConfig | int:
    """Resolve credentials, with the onboarding or no-keyring screen when needed; an int is an exit code."""
    overrides = overrides_from_args(args)
    while True:
        try:
            return resolve_config(overrides)
        except KeyringUnavailable as error:
            from efs_tui.ui.screens.login import NoKeyringScreen

            choice = run_gate(NoKeyringScreen(error.keyring_status))
            if choice == "retry":
                continue
            print(error.keyring_status.message, file=sys.stderr)
            return EXIT_CREDENTIALS
        except MissingCredentials as error:
            from efs_tui.ui.screens.login import NoCredentialsScreen

            resolved = run_gate(
                NoCredentialsScreen(
                    profile=overrides.profile or DEFAULT_PROFILE, endpoint=overrides.endpoint, reason=str(error)
                )
            )
            if resolved is None:
                print("efs-tui: no credentials; run `efs-tui login` or see `efs-tui --help`", file=sys.stderr)
                return EXIT_CREDENTIALS
            return resolved
        except ConfigError as error:
            print(f"efs-tui: {error}", file=sys.stderr)
            return 2


def launch(args: argparse.Namespace) -> int:
    """Run the TUI for ``args`` (see :func:`efs_tui.__main__.build_parser`); return the exit code."""
    if args.demo:
        from efs_tui.ui.demo import run_demo

        return run_demo(
            latency_ms=args.latency_ms,
            read_only=bool(args.read_only),
            auto_refresh=DEMO_AUTO_REFRESH if args.auto_refresh is None else args.auto_refresh or None,
            theme=getattr(args, "theme", None),
            start_on_account=bool(getattr(args, "account", False)),
        )
    resolved = resolve_interactively(args)
    if isinstance(resolved, int):
        return resolved
    # The first three listings go out now, while Textual and the screens import (~100 ms): the
    # main screen's, or with --account those the account view's walk asks first.
    start_on_account = bool(getattr(args, "account", False))
    prefetch = start_prefetch(
        resolved.endpoint,
        resolved.credentials,
        eager_services=DEFAULT_EAGER_SERVICES,
        rate_limit=resolved.rate_limit,
        rate_burst=resolved.rate_burst,
        credential_check=not resolved.read_only,  # the main screen's read-only check, unless it is known
        account=start_on_account,
    )
    try:
        from efs_tui.config.keymap import load_keymap
        from efs_tui.core.audit import AuditLog
        from efs_tui.core.inventory_cache import InventoryCache
        from efs_tui.ui.app import EfsTuiApp
        from efs_tui.ui.config import UiConfig

        client = resolved.client()
        client.use_prefetch(prefetch)
        keymap, keymap_warnings = load_keymap()
        config = UiConfig(
            client=client,
            context_label=context_label(resolved),
            read_only=resolved.read_only,
            auto_refresh=resolved.auto_refresh or None,
            audit=AuditLog(),
            profile=resolved.profile,
            eager_services=DEFAULT_EAGER_SERVICES,
            theme=getattr(args, "theme", None) or saved_theme(),
            save_theme=save_theme,
            keymap=keymap,
            keymap_warnings=tuple(keymap_warnings),
            profile_name=resolved.profile,
            profiles=ConfiguredProfiles(overrides_from_args(args)),
            inventory_cache=None if args.no_cache else InventoryCache(resolved.profile, client.endpoint.base_url),
            start_on_account=start_on_account,
        )
        app = EfsTuiApp(client, config=config, close_client=True)
        app.run()
    finally:
        prefetch.close()
    return app.return_code or 0
