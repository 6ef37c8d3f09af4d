"""What the UI needs from its caller, in one typed object (no Textual import)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

from efs_tui.api.client import OvhClient
from efs_tui.config.switch import ProfileSource
from efs_tui.core.audit import AuditLog
from efs_tui.core.inventory_cache import InventoryCache
from efs_tui.core.quota import MANUAL_SNAPSHOT_LIMIT

if TYPE_CHECKING:
    from efs_tui.core.writes import Wrap, Writer


def utc_now() -> datetime:
    """The default clock: an aware UTC datetime."""
    return datetime.now(UTC)


@dataclass(slots=True)
class UiConfig:
    """Settings shared by the app and its screens.

    The clock and time zone are injected so snapshot tests draw the same
    "3 h ago" every run; the polling and debounce timings so tests can run fast.
    """

    client: OvhClient
    context_label: str = "demo"
    read_only: bool = False
    clock: Callable[[], datetime] = field(default=utc_now)
    zone: tzinfo | None = None
    """Time zone for dates on screen; ``None`` is the machine's local zone."""
    auto_refresh: float | None = None
    """Seconds between background refreshes of the shown share (``None``: off)."""
    poll_initial: float = 1.0
    poll_max: float = 5.0
    poll_timeout: float = 600.0
    """Stop polling one snapshot after this many seconds (it is then refreshed manually)."""
    debounce: float = 0.15
    """Seconds the tree cursor must rest on a share before its snapshots load."""
    eager_services: int = 3
    """Expand (and load the shares of) every service when there are at most this many."""
    manual_snapshot_limit: int = MANUAL_SNAPSHOT_LIMIT
    """Manual snapshots per share (the API does not expose it: OVHcloud's FAQ says 200)."""
    audit: AuditLog | None = None
    """Where every write is recorded; ``None`` (the demo, most tests) records nothing."""
    profile: str | None = None
    """The credentials profile in use, for the audit log and the copied CLI command."""
    theme: str | None = None
    """Textual theme to start with (``--theme``, else config.toml's ``theme``); ``None``: Textual's default."""
    save_theme: Callable[[str], None] | None = None
    """Persists a theme picked in Ctrl+P → Theme (runs in a thread); ``None`` (demo, tests): not saved."""
    keymap: dict[str, object] = field(default_factory=dict)
    """The ``[keys]`` table of config.toml as read (binding id → keys); the app checks it and warns."""
    keymap_warnings: tuple[str, ...] = ()
    """Why the ``[keys]`` table could not be read (shown at start-up with the app's own warnings)."""
    profile_name: str | None = None
    """The profile the switcher marks as active (``demo`` in the demo; ``None``: a session from ``OVH_*`` only)."""
    profiles: ProfileSource | None = None
    """Lists the profiles and opens one for the switcher (``P``); ``None``: the switcher says there is none."""
    inventory_cache: InventoryCache | None = None
    """The account view's on-disk inventory (``None``: the demo, tests, ``--no-cache``: none)."""
    start_on_account: bool = False
    """``--account``: the start shows the account view first; the main screen is mounted when the user leaves it."""

    def new_writer(self, *, notify: Callable[..., object], wrap: Wrap | None = None) -> Writer:
        """The one write path for this config's client, audit log and profile (:mod:`efs_tui.core.writes`).

        Built on a screen's first write, so the write path is not imported at start; the main screen's
        flows and the account view each build theirs here. ``notify`` (a screen's) says when the audit
        file could not be written; ``wrap`` is the main screen's connection indicator.
        """
        from efs_tui.core.writes import Writer
        from efs_tui.ui.text import clean

        def audit_failed(problem: OSError) -> None:
            text = f"The audit log could not be written: {clean(str(problem))}"
            notify(text, title="Audit log", severity="warning", markup=False)

        return Writer(
            self.client,
            self.audit,
            profile=self.profile,
            endpoint=self.client.endpoint.name,
            on_audit_error=audit_failed,
            wrap=wrap,
        )
