"""The efs-tui application: a factory shared by the CLI, the demo and the tests.

The client is injected (never built here), so the same app runs against the
real API, the embedded emulator (``--demo``) or a test's emulator.
"""

from __future__ import annotations

import os
import sys
import time
from asyncio import AbstractEventLoop
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, AutopilotCallbackType
from textual.binding import BindingType
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer

from efs_tui.api.client import OvhClient
from efs_tui.core import gc_pause
from efs_tui.core.activity import ActivityLog
from efs_tui.core.cache import SnapshotCache
from efs_tui.core.exit_codes import EXIT_INTERRUPTED
from efs_tui.core.sanitize import safe_text
from efs_tui.startup.endpoint_notice import warn_about_endpoint
from efs_tui.ui.config import UiConfig, utc_now
from efs_tui.ui.keys import bindings_for
from efs_tui.ui.profile_switching import ProfileSwitch, mode_name
from efs_tui.ui.rebinding import check_keymap
from efs_tui.ui.themes import ansi_theme_on_16_colours

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.widget import Widget

    from efs_tui.core.writes import Write, Writer  # the write path loads with the first write (or quit), not at start
    from efs_tui.ui.screens.account import AccountJump, AccountScreen
    from efs_tui.ui.screens.main import MainScreen

READY_ENV = "EFS_TUI_REPORT_READY"
"""Set to ``1``: print ``time.time()`` when the first snapshot table is filled (``--account``: the account
view's first rows are painted), then exit."""

GC_RESUME_LATEST = 1.0
"""Seconds after mount when garbage collection resumes if no first table has been painted by then."""


def _efs_commands() -> type[Provider]:
    """The palette's provider, loaded when the palette first opens (textual.command is not needed to start)."""
    from efs_tui.ui.commands import EfsCommands

    return EfsCommands


class EfsTuiApp(App[None]):
    """Browse and manage OVHcloud Enterprise File Storage snapshots.

    Args:
        client: the API client (real endpoint or emulator); the caller owns it.
        context_label: what the header says we are connected to ("demo", "ovh-eu · prod").
        read_only: hide every write action.
        clock: returns an aware "now" (tests pass a fixed one).
        auto_refresh: seconds between background refreshes of the shown share.
        on_ready: called once when the first share's snapshot table is filled.
        zone: time zone for dates (``None``: the machine's local zone).
        close_client: close the client when the app exits (the demo runner owns it this way).
    """

    CSS_PATH = "app.tcss"
    TITLE = "efs-tui"
    COMMANDS = App.COMMANDS | {_efs_commands}
    DEFAULT_MODE = mode_name(1)
    """Each main screen is the base of a mode of its own, so a profile switch can replace it (and all
    that was open over it) with public API; the first one is built by :meth:`get_default_screen`."""

    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for("app"))
    """``?`` help, ``q`` / ``ctrl+c`` quit, from :data:`efs_tui.ui.keys.REGISTRY`; ``ctrl+p`` is Textual's palette."""

    def __init__(
        self,
        client: OvhClient,
        context_label: str = "demo",
        *,
        read_only: bool = False,
        clock: Callable[[], datetime] | None = None,
        auto_refresh: float | None = None,
        on_ready: Callable[[], None] | None = None,
        zone: tzinfo | None = None,
        close_client: bool = False,
        config: UiConfig | None = None,
    ) -> None:
        super().__init__()
        self.config = config or UiConfig(
            client=client,
            context_label=context_label,
            read_only=read_only,
            clock=clock or utc_now,
            zone=zone,
            auto_refresh=auto_refresh,
        )
        self._on_ready = on_ready
        self.close_client = close_client
        """Whether the app closes its client on exit (true for the clients a profile switch builds)."""
        self.switch = ProfileSwitch(self)
        """The profile switcher (``P``): another account's main screen replaces this one."""
        self.add_mode(mode_name(1), self.get_default_screen)
        self.ready_at: float | None = None
        """``time.time()`` when the first snapshot table was filled."""
        self._report_ready = os.environ.get(READY_ENV, "") not in ("", "0")
        self.main: MainScreen | None = None
        """The active main screen: its writer says what is in flight when the user quits or switches."""
        self.start_view: AccountScreen | None = None
        """``--account``: the start's account view, until it is left (no main screen is built before)."""
        self._quit_pending: Timer | None = None
        """Set while waiting for the writes in flight to be answered before quitting ("wait")."""
        self.activity = ActivityLog()
        """Every API exchange of this session (``L`` shows it; the copy menu reads the last query id)."""
        self.client.add_listener(self.activity.record)  # now: the first screen's requests must be in it
        self.keymap: dict[str, str] = {}
        """The user's ``[keys]`` rebindings that were accepted (binding id → keys), set on mount."""
        self._css_variables = self.get_css_variables()
        """The CSS variables the stylesheet was last parsed with (see :meth:`refresh_css`)."""
        if self.config.theme and self.config.theme in self.available_themes:
            # Now, before any stylesheet is read: set at mount, a saved theme re-parsed and restyled every
            # widget before the first frame (+23 ms to the cached --account start's first frame).
            self.theme = self.config.theme
            self._css_variables = self.get_css_variables()
            self.stylesheet.set_variables(self._css_variables)  # the theme's (the stylesheet has no source yet)
        self._app_mounted = False
        """Set at the end of the app's own ``on_mount``: :meth:`after_first_frame` waits for it."""
        self._after_mount: list[Callable[[], object]] = []
        """What :meth:`after_first_frame` was given before the app was mounted."""
        self._started = False
        """Set by Textual's ``Ready`` event: the start's layout batch is over (see :meth:`after_start`)."""
        self._after_start: list[Callable[[], object]] = []
        """What :meth:`after_start` was given before that."""

    def on_mount(self) -> None:
        """Apply the theme and the ``[keys]`` table (say what was ignored rather than fail to start)."""
        self.set_timer(GC_RESUME_LATEST, gc_pause.resume)
        self._apply_configured_theme()
        automatic = ansi_theme_on_16_colours(self)
        if automatic is not None:
            self.config.theme = automatic  # a pick for this terminal, not the user's: watch_theme must not save it
            self.theme = automatic
        self.keymap, problems = check_keymap(self.config.keymap)
        if self.keymap:
            self.set_keymap(self.keymap)
        warn_about_endpoint(self.notify, self.client.endpoint.name)
        problems = [*self.config.keymap_warnings, *problems]
        if problems:
            self.notify(
                "\n".join(problems),
                title="config.toml: some keys were not rebound",
                severity="warning",
                markup=False,
                timeout=20,
            )
        self._app_mounted = True
        for callback in self._after_mount:
            self.call_after_refresh(callback)
        self._after_mount = []

    def refresh_css(self, animate: bool = True) -> None:
        """Re-parse every stylesheet, except before the app is mounted with the same CSS variables.

        Each main screen is a mode's base (so a profile switch can replace it), and Textual refreshes
        all CSS when a mode's first screen is made (a new screen's CSS count is behind the app's): a
        re-parse of every stylesheet from scratch, ~8-10 ms before the first frame, with nothing
        changed since the stylesheet was built. Any new source is parsed anyway when the rules are next
        read; a theme picked before the mount changes the variables, and is refreshed as Textual does.
        """
        variables = self.get_css_variables()
        if not self._app_mounted and variables == self._css_variables:
            self.stylesheet.update(self, animate=animate)
            return
        self._css_variables = variables
        super().refresh_css(animate)

    def after_first_frame(self, callback: Callable[[], object], pump: MessagePump | None = None) -> None:
        """Run ``callback`` after ``pump``'s next refresh (default: the app's), never before the app's first frame.

        Textual mounts the first screen, and runs its on_mount, before the app's own compose and
        mount. A screen that paints in its on_mount (the account view's cached rows) therefore sees
        its own refresh before the app has applied its stylesheet or drawn a frame: work it defers
        "until painted" with its own ``call_after_refresh`` (the footer's keys, the walk's first
        send, the start's stamp) would land before the user's first frame instead of after it.
        Deferred that way, it is dropped if ``pump`` was removed meanwhile. (Textual still runs a
        removed screen's own pending callbacks: they must not assume its widgets are there.)
        """
        target = pump or self
        if self._app_mounted:
            target.call_after_refresh(callback)
        else:
            self._after_mount.append(partial(self._if_attached, target, callback))

    def after_start(self, callback: Callable[[], object], widget: Widget) -> None:
        """Run ``callback`` once the start is over, while ``widget``'s next frame is already due.

        Textual draws what was refreshed on a 1/60 s frame timer, which starts when a refresh is
        first requested after the start's layout batch; and a start always ends with such a frame
        (the terminal's size event lays the screen out once more). Work done inside the batch (the
        account view's 6,000 cached rows, ~20 ms) delays the batch, and that last frame then still
        waits its whole 1/60 s after it. Given here, it runs just after ``widget``'s repaint is
        requested, while Textual waits for that frame: the rows are in the frame the start ends with
        (cached ``--account`` start: 1.31x -> 1.22x a bare Textual start, before any other change).
        After the start (a screen opened later): at once.
        """
        if self._started:
            callback()
            return

        def run() -> None:
            if widget.is_attached:
                widget.refresh()  # the frame is due from now: the screen's next idle starts its timer
                widget.call_next(callback)  # ...and this runs right after that idle

        self._after_start.append(run)

    def on_ready(self) -> None:
        """Textual's ``Ready``: the start's layout batch is over and its first frame drawn."""
        self._started = True
        held, self._after_start = self._after_start, []
        for run in held:
            run()

    def _if_attached(self, pump: MessagePump, callback: Callable[[], object]) -> None:
        if pump is self or pump.is_attached:
            callback()

    @property
    def client(self) -> OvhClient:
        return self.config.client

    def get_default_screen(self) -> Screen[Any]:
        if self.config.start_on_account:  # --account: the account view first; its first rows end the start
            from efs_tui.ui.screens.account import AccountScreen

            # No main screen yet: built (and its modules imported) only when the view is left, so the
            # cached rows' first frame pays for the view alone.
            self.start_view = AccountScreen(
                self.config, on_first_rows=self._first_table_filled, on_leave=self._leave_start_view
            )
            return self.start_view
        from efs_tui.ui.screens.main import MainScreen

        self.main = MainScreen(self.config, on_first_table=self._first_table_filled)
        return self.main

    def _leave_start_view(self, target: AccountJump | None) -> None:
        """Esc or Enter in the start's account view: a main screen replaces it (mounted, it lists its tree).

        It takes over the view's writer, if the view deleted anything, so quitting still knows what is in flight.
        """
        from efs_tui.ui.screens.main import MainScreen

        view, self.start_view = self.start_view, None
        main = MainScreen(self.config, writer=view.writer_if_used if view is not None else None)
        main.pending_jump = target  # applied once it has its services
        self.main = main
        self.run_worker(self.switch.show(main), group="leave-start-view", exit_on_error=False)

    @property
    def profile_caches(self) -> dict[tuple[str | None, str], SnapshotCache]:
        """Snapshot lists per (profile, header label), kept across profile switches."""
        return self.switch.caches

    def action_switch_profile(self) -> None:
        """List the configured profiles; the one picked replaces the active profile."""
        self.switch.open_switcher()

    async def become_profile(self, name: str) -> bool:
        """Switch to profile ``name`` now (what picking it in the switcher does)."""
        return await self.switch.become(name)

    # -- quitting while a write is in flight ---------------------------------------------------

    def _writer_if_used(self) -> Writer | None:
        """The active write path, if anything was ever written: the main screen's, or the start view's."""
        if self.main is not None:
            return self.main.context.writer_if_used
        return self.start_view.writer_if_used if self.start_view is not None else None

    def writes_in_flight(self) -> tuple[Write, ...]:
        """The writes sent whose answer has not come yet (create, delete, edit, hold, revert, bulk)."""
        writer = self._writer_if_used()
        return writer.in_flight if writer is not None else ()

    async def action_quit(self) -> None:
        """``q``/Ctrl+C: quit, unless a write is in flight; then ask (wait, quit anyway, or stay)."""
        pending = self.writes_in_flight()
        if not pending:
            self.exit()
            return
        from efs_tui.ui.dialogs.confirm_action import QuitWhileWritingDialog

        if isinstance(self.screen, QuitWhileWritingDialog):
            return  # already asking
        self.push_screen(QuitWhileWritingDialog([w.describe() for w in pending]), self._quit_choice)

    def _quit_choice(self, choice: str | None) -> None:
        if self._quit_pending is not None:  # any new answer replaces an earlier "wait"
            self._quit_pending.stop()
            self._quit_pending = None
        if choice == "quit":
            self.exit(return_code=EXIT_INTERRUPTED)
        elif choice == "wait":
            self.notify("Quitting as soon as the API has answered…", markup=False, timeout=30)
            self._quit_pending = self.set_interval(0.1, self._quit_once_answered)

    def _quit_once_answered(self) -> None:
        if not self.writes_in_flight():
            self.exit()

    def unfinished_report(self) -> str | None:
        """What to print on stderr after quitting anyway: each write cut off, and that its outcome is unknown."""
        writer = self._writer_if_used()
        cut = writer.interrupted if writer is not None else []
        if not cut:
            return None
        lines = [
            f"efs-tui: quit while {len(cut)} change(s) had no answer; the outcome is unknown "
            "(the API may or may not have applied them):"
        ]
        lines += [f"  - {safe_text(write.describe())}" for write in cut]
        lines.append("Check the snapshot list before trying again; the audit log records them as interrupted.")
        return "\n".join(lines)

    def _first_table_filled(self) -> None:
        """The start is over: the first table (or the account view's first rows) is on screen.

        Before the app's own mount (the account view paints a cached inventory in its on_mount),
        the stamp waits for the app's first frame (:meth:`after_first_frame`, what the benchmark's
        bare app times): else it was early, and ``EFS_TUI_REPORT_READY``'s exit there hit a screen
        that was not attached yet (Textual's MountError, printed on exit).
        """
        if not self._app_mounted:
            self.after_first_frame(self._first_table_filled)
            return
        self.ready_at = time.time()
        self.call_after_refresh(gc_pause.resume)  # once it is on screen (see efs_tui.core.gc_pause)
        if self._on_ready is not None:
            self._on_ready()
        if self._report_ready:
            self.exit()

    def _apply_configured_theme(self) -> None:
        """Start in the theme of ``--theme`` / config.toml; an unknown name is said, never fatal."""
        name = self.config.theme
        if not name:
            return
        if name in self.available_themes:
            self.theme = name
        else:
            self.config.theme = None
            self.notify(
                f"Unknown theme {name!r}: using {self.theme!r}. Ctrl+P → Theme lists the themes.",
                severity="warning",
                markup=False,
            )

    def watch_theme(self, name: str) -> None:
        """A theme picked in Ctrl+P → Theme is saved, so it is there at the next start."""
        save = self.config.save_theme
        if save is None or name == self.config.theme:
            return
        self.config.theme = name
        self.run_worker(lambda: self._save_theme(save, name), thread=True, group="save-theme", exit_on_error=False)

    def _save_theme(self, save: Callable[[str], None], name: str) -> None:
        try:
            save(name)
        except Exception as error:  # a read-only home or a broken config.toml must not end the session
            self.call_from_thread(self.notify, f"Theme not saved: {error}", severity="warning", markup=False)

    def action_help(self) -> None:
        """Show the key bindings (not on top of another help screen)."""
        from efs_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.keymap))

    async def on_unmount(self) -> None:
        self.client.remove_listener(self.activity.record)
        if self.close_client:
            await self.client.aclose()

    def run(
        self,
        *,
        headless: bool = False,
        inline: bool = False,
        inline_no_clear: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
        auto_pilot: AutopilotCallbackType | None = None,
        loop: AbstractEventLoop | None = None,
    ) -> None:
        """Run the app; with ``EFS_TUI_REPORT_READY=1``, print the ready timestamp after exit."""
        result = super().run(
            headless=headless,
            inline=inline,
            inline_no_clear=inline_no_clear,
            mouse=mouse,
            size=size,
            auto_pilot=auto_pilot,
            loop=loop,
        )
        if self._report_ready and self.ready_at is not None:
            print(f"{self.ready_at:.6f}", file=sys.stdout, flush=True)
        report = self.unfinished_report()
        if report is not None:
            print(report, file=sys.stderr, flush=True)
        return result
