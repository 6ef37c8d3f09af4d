"""Profiles in the app: switch account or endpoint without restarting (``P``, Ctrl+P → Switch profile…).

A switch builds a whole new main screen on the new profile's client rather than
resetting the old one in place: every piece of per-account state (tree, tables,
marks, pollers, the read-only verdict of the credential check) starts clean, and
no late answer from the old account can land in the new one's panes. Each main
screen is the base of its own Textual *mode*; the switch adds the new mode,
switches to it and removes the old one with its screens (help, activity log),
all public API. The activity log starts empty for the new profile: the old
account's requests are not this account's (the audit log keeps every write).
Only the snapshot lists are kept, per profile, so that coming back paints at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from efs_tui.api.errors import InvalidConfiguration
from efs_tui.config.switch import ProfileSession
from efs_tui.core.activity import ActivityLog
from efs_tui.core.cache import SnapshotCache
from efs_tui.core.inventory_cache import InventoryCache
from efs_tui.startup.endpoint_notice import warn_about_endpoint

if TYPE_CHECKING:
    from efs_tui.ui.app import EfsTuiApp
    from efs_tui.ui.screens.main import MainScreen


def mode_name(number: int) -> str:
    """The Textual mode of the ``number``-th main screen of the session (the first is ``profile-1``)."""
    return f"profile-{number}"


class ProfileSwitch:
    """The profile switch of one :class:`~efs_tui.ui.app.EfsTuiApp`: the switcher dialog and the swap."""

    def __init__(self, app: EfsTuiApp) -> None:
        self.app = app
        self.caches: dict[tuple[str | None, str], SnapshotCache] = {}
        """Snapshot lists per (profile, header label), kept across switches so coming back paints at once."""
        self.number = 1
        """The mode number of the active main screen."""

    def _refuse_while_writing(self) -> bool:
        """Say why no switch happens while a write is in flight: its answer belongs to the active profile."""
        pending = self.app.writes_in_flight()
        if pending:
            self.app.notify(
                "Not switching profile while a write is in flight ("
                + "; ".join(write.describe() for write in pending)
                + "): wait until the API has answered.",
                title="Switch profile",
                severity="warning",
                markup=False,
            )
        return bool(pending)

    def open_switcher(self) -> None:
        """List the configured profiles; the one picked replaces the active profile (see :meth:`become`)."""
        app = self.app
        if self._refuse_while_writing():
            return
        source = app.config.profiles
        try:
            choices = source.choices() if source is not None else []
        except InvalidConfiguration as error:  # ConfigError, KeyringUnavailable, an unknown endpoint
            app.notify(str(error), title="Switch profile", severity="error", markup=False, timeout=12)
            return
        if not choices:
            app.notify(
                "No profile in config.toml: create one with `efs-tui login --profile NAME`.",
                title="Switch profile",
                severity="warning",
                markup=False,
            )
            return
        from efs_tui.ui.dialogs.profile_switcher import ProfileSwitcher  # not on the start-up path

        if isinstance(app.screen, ProfileSwitcher):
            return
        app.push_screen(ProfileSwitcher(choices, app.config.profile_name), callback=self._picked)

    async def show(self, main: MainScreen) -> None:
        """Make ``main`` the base of a new mode and remove the active mode with its screens.

        A profile switch's new main screen, and ``efs-tui --account``'s first main screen once the
        start's account view (the base of the first mode) is left: Textual cannot swap a mode's base.
        """
        app = self.app
        old_mode, self.number = mode_name(self.number), self.number + 1
        app.add_mode(mode_name(self.number), lambda: main)
        await app.switch_mode(mode_name(self.number))
        await app.remove_mode(old_mode)  # the old base screen and whatever was open over it
        app.main, app.start_view = main, None

    def _picked(self, name: str | None) -> None:
        if name is not None:
            self.app.run_worker(self.become(name), group="switch-profile", exclusive=True, exit_on_error=False)

    async def become(self, name: str) -> bool:
        """Open profile ``name`` (keyring read in a thread), then swap client, config and main screen.

        Any failure leaves the active profile untouched: the new client is built
        only once its secrets are in hand, and the old one is closed only after
        the new main screen replaced the old.
        """
        app = self.app
        source = app.config.profiles
        if source is None:
            return False
        try:
            session = await asyncio.to_thread(source.open, name)
        except InvalidConfiguration as error:  # ConfigError, KeyringUnavailable, an unknown endpoint
            app.notify(
                f"{error} The profile {app.config.context_label} stays active.",
                title=f"Cannot switch to profile {name!r}: {error.title}",
                severity="error",
                markup=False,
                timeout=15,
            )
            return False
        if self._refuse_while_writing():
            return False
        await self._swap_to(session)
        return True

    async def _swap_to(self, session: ProfileSession) -> None:
        app = self.app
        old_client, old_config = app.config.client, app.config
        from efs_tui.ui.screens.main import MainScreen  # loaded by now, unless the start's account view is open

        old_main = app.screen_stack[0]
        if isinstance(old_main, MainScreen):
            self.caches[(old_config.profile_name, old_config.context_label)] = old_main.cache
        resolved = session.resolved
        client = resolved.client()
        app.config = replace(
            old_config,
            client=client,
            context_label=session.label,
            read_only=resolved.read_only,
            auto_refresh=resolved.auto_refresh or None,
            profile=session.audit_profile,
            profile_name=session.name,
            # one cache file per profile + endpoint: the account view must never paint another account's inventory
            inventory_cache=None
            if old_config.inventory_cache is None
            else InventoryCache(session.name, client.endpoint.base_url, old_config.inventory_cache.directory),
        )
        old_client.remove_listener(app.activity.record)
        app.activity = ActivityLog(app.activity.maxlen)  # this account's requests only, from its first one
        client.add_listener(app.activity.record)
        main = MainScreen(app.config)
        main.cache = self.caches.get((session.name, session.label), main.cache)
        await self.show(main)
        if app.close_client:
            await old_client.aclose()
        app.close_client = True  # the clients built here are the app's own
        app.notify(f"Switched to profile {session.label}.", title="Switch profile", markup=False, timeout=4)
        warn_about_endpoint(app.notify, client.endpoint.name)  # as at start: an empty tree is not "no EFS here"
