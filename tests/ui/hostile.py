"""Hostile API text for the tests: snapshots whose names and descriptions try to drive the terminal.

Anyone with write access to an OVHcloud account picks snapshot names, so every
value here is one a real API could return. :func:`seed` puts them into an
emulator; :func:`terminal_lines` is what Textual would write to the terminal,
one string per screen line with its own style and cursor sequences taken out,
so a test can check that nothing else is left.

``python -m tests.ui.hostile`` runs the app on such an emulator in the current
terminal (the tmux test does, and so can a person: ``tmux new -x 100 -y 30``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from typing import Any

from textual.app import App

from efs_tui.api.models import Snapshot
from efs_tui.cli.output import display_width
from efs_tui.emulator import EmulatorServer
from efs_tui.emulator.state import EmulatorState

#: name -> the hostile text; each becomes one snapshot's name (see :data:`SNAPSHOTS`).
HOSTILE: dict[str, str] = {
    "csi": "wipe\x1b[2Jscreen",
    "osc0": "title\x1b]0;pwned\x07x",
    "osc8": "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "cr": "over\rwrite",
    "lf": "evil\nStatus      available",
    "tab": "a\tb",
    "bidi": "invoice\u202ecod.exe\u202c",
    "zwj": "fam\U0001f469\u200d\U0001f469\u200d\U0001f467ily",
    "vs16": "love\u2764\ufe0f",
    "skin": "ok\U0001f44d\U0001f3fd",
    "blank": "   ",
    "long": "long-" + "x" * 295,
}

#: How each hostile name must show (one character for one): stand-ins, never the raw bytes.
SHOWN: dict[str, str] = {
    "csi": "wipe␛[2Jscreen",
    "osc0": "title␛]0;pwned␇x",
    "osc8": "␛]8;;https://evil.example/␛\\click␛]8;;␛\\",
    "cr": "over␍write",
    "lf": "evil␊Status      available",
    "tab": "a␉b",
    "bidi": "invoice\ufffdcod.exe\ufffd",
    "zwj": "fam\U0001f469\ufffd\U0001f469\ufffd\U0001f467ily",
    "vs16": "love\u2764\ufffd",
    "skin": "ok\U0001f44d\ufffd",
    "blank": "␠␠␠",
    "long": "long-" + "x" * 295,
}

#: Characters that must never reach the terminal from API text (style sequences are Textual's own).
FORBIDDEN = ("\x1b", "\x07", "\r", "\n", "\t", "\x9b", "\u202e", "\u202c", "\u200d", "\ufe0f", "\U0001f3fd")

HOSTILE_DESCRIPTION = "desc\x1b]0;pwned\x07\nId          fake\u202e"
SHOWN_DESCRIPTION = "desc␛]0;pwned␇␊Id          fake\ufffd"


def snapshot_id(index: int) -> str:
    """A well-formed id (the client's URL gate accepts only UUIDs)."""
    return f"0badc0de-0000-4000-8000-{index:012d}"


def snapshots(base_time: Any) -> list[Snapshot]:
    """One manual snapshot per hostile name, taken in the minutes before ``base_time`` (so they sort first)."""
    return [
        Snapshot(
            id=snapshot_id(index),
            name=name,
            description=HOSTILE_DESCRIPTION,
            type="manual",
            status="available",
            path=f".snapshot/share_snapshot_{index}",
            created_at=base_time - timedelta(minutes=len(HOSTILE) - index),
        )
        for index, name in enumerate(HOSTILE.values())
    ]


def ids_of(state: EmulatorState, service: str = "prod-nfs-gra", share: str = "web-content") -> tuple[str, str]:
    service_id = next(s.id for s in state.list_services() if s.name == service)
    share_id = next(s.id for s in state.list_shares(service_id) if s.name == share)
    return service_id, share_id


def seed(state: EmulatorState, base_time: Any) -> list[Snapshot]:
    """Add the hostile snapshots to web-content and give the share ``db-backups`` a hostile name."""
    service_id, share_id = ids_of(state)
    added = snapshots(base_time)
    for snap in added:
        state.add_snapshot(service_id, share_id, snap)
    rename_share(state, "db-backups", "db\x1b]0;pwned\x07\u202ekcab")
    return added


def rename_share(state: EmulatorState, share: str, name: str) -> None:
    """Give a share another name in the emulator (the API has no route for it)."""
    with state.lock:
        for record in state._services.values():
            for share_record in record.shares.values():
                if share_record.share.name == share:
                    share_record.share = replace(share_record.share, name=name)


_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;]*[mHf]")
"""Textual's own output: SGR styles and cursor moves (``ESC[…m``, ``ESC[y;xH``); anything else is not its own."""


def terminal_lines(app: App[Any]) -> list[str]:
    """What Textual writes for the current screen, as one text per line, its own escape sequences removed.

    This is the real output path (the compositor's full update rendered to the
    string the driver writes), so a raw ESC, BEL, CR or bidi override from API
    text would still be in there.
    """
    raw = app.screen._compositor.render_full_update().render_segments(app.console)
    return [_OWN_SEQUENCES.sub("", line) for line in raw.split("\n")]


def assert_clean(app: App[Any]) -> list[str]:
    """No forbidden character in the output, and every line as wide for a per-code-point terminal as for Rich."""
    lines = terminal_lines(app)
    width = app.size.width
    for number, line in enumerate(lines):
        for char in FORBIDDEN:
            assert char not in line, f"line {number} carries {char!r}: {line!r}"
        assert display_width(line) == width, f"line {number} is {display_width(line)} cells for tmux: {line!r}"
    return lines


def main() -> None:  # pragma: no cover - run by hand or by the tmux test
    from efs_tui.ui import scenes

    with EmulatorServer(dataset="demo", base_time=scenes.SCENE_TIME) as server:
        seed(server.state, scenes.SCENE_TIME)
        scenes.scene_app(server).run()


if __name__ == "__main__":  # pragma: no cover
    main()
