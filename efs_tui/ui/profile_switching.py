"""Profiles in the app: switch account or endpoint without restarting (``P``, Ctrl+P → Switch profile…).

A switch builds a whole new main screen on the new profile's client rather than
resetting the old one in place: every piece of per-account state (tree, tables,
marks, pollers, the read-only verdict of the credential check) starts clean, and
no late answer from the old account can land in the new one's panes. Only the
snapshot lists are kept, per profile, so that coming back paints at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from textual.app import App

from efs_tui.api.errors import InvalidConfiguration
from efs_tui.config.switch import ProfileSession
from efs_tui.core.activity import ActivityLog
from efs_tui.core.cache import SnapshotCache
from efs_tui.core.writes import Write
from efs_tui.ui.config import UiConfig
from efs_tui.ui.dialogs.profile_switcher import ProfileSwitcher
from efs_tui.ui.screens.main import MainScreen


class ProfileSwitching(App[None]):
    """The profile switch of :class:`~efs_tui.ui.app.EfsTuiApp` (which sets ``config``, ``activity``)."""

    config: UiConfig
    activity: ActivityLog
    _close_client: bool
    _main: MainScreen | None
    """The main screen whose writer :meth:`writes_in_flight` asks (the app's, replaced at each switch)."""

    def __init__(self) -> None:
        super().__init__()
        self.profile_caches: dict[tuple[str | None, str], SnapshotCache] = {}
        """Snapshot lists per (profile, header label), kept across switches so coming back paints at once."""
        self._first_main_replaced = False
        """Whether a profile switch already replaced the default screen (see :meth:`_swap_to`)."""

    def writes_in_flight(self) -> tuple[Write, ...]:
        """The writes sent and not yet answered; :class:`~efs_tui.ui.app.EfsTuiApp` asks its main screen's writer."""
        return ()

    def _refuse_while_writing(self) -> bool:
        """Say why no switch happens while a write is in flight: its answer belongs to the active profile."""
        pending = self.writes_in_flight()
        if pending:
            self.notify(
                "Not switching profile while a write is in flight ("
                + "; ".join(write.describe() for write in pending)
                + "): wait until the API has answered.",
                title="Switch profile",
                severity="warning",
                markup=False,
            )
        return bool(pending)

    def action_switch_profile(self) -> None:
        """List the configured profiles; the one picked replaces the active profile (see :meth:`become_profile`)."""
        if self._refuse_while_writing():
            return
        source = self.config.profiles
        try:
            choices = source.choices() if source is not None else []
        except InvalidConfiguration as error:  # ConfigError, KeyringUnavailable, an unknown endpoint
            self.notify(str(error), title="Switch profile", severity="error", markup=False, timeout=12)
            return
        if not choices:
            self.notify(
                "No profile in config.toml: create one with `efs-tui login --profile NAME`.",
                title="Switch profile",
                severity="warning",
                markup=False,
            )
            return
        if isinstance(self.screen, ProfileSwitcher):
            return
        self.push_screen(ProfileSwitcher(choices, self.config.profile_name), callback=self._profile_picked)

    def _profile_picked(self, name: str | None) -> None:
        if name is not None:
            self.run_worker(self.become_profile(name), group="switch-profile", exclusive=True, exit_on_error=False)

    async def become_profile(self, name: str) -> bool:
        """Open profile ``name`` (keyring read in a thread), then swap client, config and main screen.

        Any failure leaves the active profile untouched: the new client is built
        only once its secrets are in hand, and the old one is closed only after
        the new main screen replaced the old.
        """
        source = self.config.profiles
        if source is None:
            return False
        try:
            session = await asyncio.to_thread(source.open, name)
        except InvalidConfiguration as error:  # ConfigError, KeyringUnavailable, an unknown endpoint
            self.notify(
                f"{error} The profile {self.config.context_label} stays active.",
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
        old_client, old_config = self.config.client, self.config
        old_main = self.screen_stack[0]
        if isinstance(old_main, MainScreen):
            self.profile_caches[(old_config.profile_name, old_config.context_label)] = old_main.cache
        resolved = session.resolved
        client = resolved.client()
        self.config = replace(
            old_config,
            client=client,
            context_label=session.label,
            read_only=resolved.read_only,
            auto_refresh=resolved.auto_refresh or None,
            profile=session.audit_profile,
            profile_name=session.name,
        )
        old_client.remove_listener(self.activity.record)
        client.add_listener(self.activity.record)
        main = MainScreen(self.config)
        main.cache = self.profile_caches.get((session.name, session.label), main.cache)
        while len(self.screen_stack) > 1:  # help, activity log: views of the old profile
            await self.pop_screen()
        if not self._first_main_replaced:
            # switch_screen drops one result callback of the screen it replaces; the default screen was
            # never pushed, so it has none (Textual issue #2650). Give it the one switch_screen would have.
            old_main._push_result_callback(self, None)
            self._first_main_replaced = True
        await self.switch_screen(main)
        self._main = main
        if self._close_client:
            await old_client.aclose()
        self._close_client = True  # the clients built here are the app's own
        self.notify(f"Switched to profile {session.label}.", title="Switch profile", markup=False, timeout=4)
