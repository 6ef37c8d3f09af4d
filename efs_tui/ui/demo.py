"""Run efs-tui on the embedded API emulator: no account, no keyring, no network.

``efs-tui --demo`` calls :func:`run_demo`. The emulator runs in a daemon thread
with a little simulated latency so loading states are visible, and the app
signs its requests with the emulator's public demo credentials.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from efs_tui.api.auth import ApplicationCredentials
from efs_tui.api.client import OvhClient
from efs_tui.config.keymap import load_keymap
from efs_tui.emulator import EmulatorServer
from efs_tui.startup.prefetch import DEFAULT_EAGER_SERVICES, start_prefetch
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.demo_profiles import DEMO, DemoProfiles


def demo_credentials(server: EmulatorServer, *, read_only: bool = False) -> ApplicationCredentials:
    """The emulator's demo credentials (the read-only consumer key if asked)."""
    creds = server.credentials
    consumer_key = creds.read_only_consumer_key if read_only else creds.consumer_key
    return ApplicationCredentials(creds.application_key, creds.application_secret, consumer_key)


def demo_client(server: EmulatorServer, *, read_only: bool = False) -> OvhClient:
    """A client for ``server`` with its demo credentials (the read-only consumer key if asked)."""
    return OvhClient(server.base_url, demo_credentials(server, read_only=read_only))


def make_demo_app(
    server: EmulatorServer,
    *,
    read_only: bool = False,
    clock: Callable[[], datetime] | None = None,
    zone: tzinfo | None = None,
    auto_refresh: float | None = None,
) -> EfsTuiApp:
    """The app wired to a running emulator (used by the demo, the screenshots and the tests)."""
    app = EfsTuiApp(
        demo_client(server, read_only=read_only),
        "demo · emulator",
        read_only=read_only,
        clock=clock,
        zone=zone,
        auto_refresh=auto_refresh,
        close_client=True,
    )
    app.config.profile_name = DEMO
    app.config.profiles = DemoProfiles(server, read_only=read_only, auto_refresh=auto_refresh)
    return app


def run_demo(
    latency_ms: float = 80,
    *,
    dataset: str = "demo",
    read_only: bool = False,
    auto_refresh: float | None = None,
    theme: str | None = None,
    start_on_account: bool = False,
) -> int:
    """Start the emulator in a thread, run the app on it, stop the emulator on exit.

    Args:
        latency_ms: simulated API latency per request, so spinners and "refreshing…" show.
        dataset: emulator dataset: demo, inventory, many-shares, large or empty.
        read_only: use the read-only demo consumer key and hide write actions.
        auto_refresh: seconds between background refreshes of the shown share.
        theme: start in this theme (``--theme``); the demo reads and saves no config file.
        start_on_account: open the account view at start (``--account``).
    """
    # log_level critical: a request still in flight when the user quits is cancelled at shutdown,
    # and uvicorn's traceback for it would bury the "outcome unknown" report on stderr.
    with EmulatorServer(dataset=dataset, log_level="critical") as server:
        server.state.faults.latency_ms = latency_ms
        server.state.faults.jitter_ms = latency_ms / 4
        # The first listings start now, while the app is built and mounted (see efs_tui.startup.prefetch).
        prefetch = start_prefetch(
            server.base_url,
            demo_credentials(server, read_only=read_only),
            eager_services=DEFAULT_EAGER_SERVICES,
            account=start_on_account,
        )
        try:
            app = make_demo_app(server, read_only=read_only, auto_refresh=auto_refresh)
            app.config.theme = theme
            app.config.start_on_account = start_on_account
            app.config.keymap, warnings = load_keymap()  # the demo is where people try their [keys]
            app.config.keymap_warnings = tuple(warnings)
            app.client.use_prefetch(prefetch)
            app.run()
        finally:
            prefetch.close()
    return app.return_code or 0


def main() -> None:
    """``python -m efs_tui.ui.demo`` / the ``--demo`` CLI flag."""
    raise SystemExit(run_demo())


if __name__ == "__main__":
    main()
