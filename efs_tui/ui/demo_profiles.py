"""The demo's two profiles on one emulator: ``demo`` (full rights) and ``demo-read-only``.

The emulator knows a second, read-only consumer key, so the switcher can be tried
offline end to end: switching to ``demo-read-only`` hides every write (the key's
GET-only rules are detected as at any start), switching back restores them. No
config file or keyring is read, as everywhere in the demo.
"""

from __future__ import annotations

from efs_tui.api.auth import ApplicationCredentials
from efs_tui.config.resolve import ResolvedConfig
from efs_tui.config.switch import ProfileChoice, ProfileSession, ProfileSource
from efs_tui.emulator import EmulatorServer

DEMO = "demo"
DEMO_READ_ONLY = "demo-read-only"


def demo_label(name: str) -> str:
    """``demo · emulator``: what the header says for a demo profile."""
    return f"{name} · emulator"


class DemoProfiles(ProfileSource):
    """The demo profiles of ``server``; ``read_only`` (``--demo --read-only``) applies to both, as the flag would."""

    def __init__(self, server: EmulatorServer, *, read_only: bool = False, auto_refresh: float | None = None) -> None:
        self._server = server
        self._read_only = read_only
        self._auto_refresh = auto_refresh

    def choices(self) -> list[ProfileChoice]:
        return [
            ProfileChoice(DEMO, "emulator", self._read_only, default=True),
            ProfileChoice(DEMO_READ_ONLY, "emulator", True),
        ]

    def open(self, name: str) -> ProfileSession:
        creds = self._server.credentials
        read_only = name == DEMO_READ_ONLY
        consumer_key = creds.read_only_consumer_key if read_only else creds.consumer_key
        credentials = ApplicationCredentials(creds.application_key, creds.application_secret, consumer_key)
        resolved = ResolvedConfig(
            self._server.base_url,
            credentials,
            read_only=read_only or self._read_only,
            auto_refresh=self._auto_refresh,
        )
        return ProfileSession(name, demo_label(name), resolved, None)
