"""A poll answered while the main screen is being taken apart still sends (and awaits) its request.

When a screen closes, Textual removes the header's parts before the header, and a
poller of a transitional snapshot can wake in between. The request meter
(``ApiCalls``) bumps the header's counter before it awaits the request: a raise
there left the ``get_snapshot`` coroutine created and never awaited (a
RuntimeWarning at the end of a test), and turned the poll into an error.
"""

from __future__ import annotations

from efs_tui.core.follow import Ending
from efs_tui.emulator import EmulatorServer

from .conftest import AppFactory
from .helpers import wait_ready


def snapshot_gets(emulator: EmulatorServer, snapshot_id: str) -> int:
    """How many GETs of one snapshot the emulator has served."""
    return sum(1 for r in emulator.state.requests.entries if r.method == "GET" and r.path.endswith(snapshot_id))


async def test_polling_while_the_header_is_taken_down_still_reads_the_snapshot(
    make_app: AppFactory, emulator: EmulatorServer
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        item, snap = screen.current, screen.table.highlighted
        assert item is not None and snap is not None
        before = snapshot_gets(emulator, snap.id)
        for part in list(screen.header.children):  # what a closing screen does first
            await part.remove()
        followed = await screen.pane.follow_snapshot(item, snap.id)
        assert followed.ending is Ending.SETTLED and followed.last is not None and followed.last.id == snap.id
        assert snapshot_gets(emulator, snap.id) == before + 1
        assert screen.header.in_flight == 0 and screen.header.conn_state == "ok"
