"""SVG snapshots of the main screen, the filter, the share panel, the create form, the delete dialog and help.

Plain ``def`` tests: ``snap_compare`` runs its own event loop; the emulator
runs in its thread. Dates are frozen (seed time = clock, UTC), so pictures are
the same on every run. Update with ``--snapshot-update`` only after looking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from efs_tui.emulator import EmulatorServer
from efs_tui.ui import scenes

SIZES = [(100, 30), (80, 24)]


@pytest.fixture
def scene_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(dataset="demo", base_time=scenes.SCENE_TIME) as server:
        yield server


SnapCompare = Callable[..., bool]


class TestMainScreen:
    @pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
    def test_main(self, snap_compare: SnapCompare, scene_server: EmulatorServer, size: tuple[int, int]) -> None:
        """Tree with prod-nfs-gra open, web-content's 10 snapshots newest first, detail of the newest."""
        app = scenes.scene_app(scene_server)
        assert snap_compare(app, terminal_size=size, run_before=scenes.main_screen)

    def test_read_only(self, snap_compare: SnapCompare, scene_server: EmulatorServer) -> None:
        """Header says read-only; the footer offers no New/Delete."""
        app = scenes.scene_app(scene_server, read_only=True)
        assert snap_compare(app, terminal_size=(100, 30), run_before=scenes.main_screen)


class TestViews:
    def test_wide(self, snap_compare: SnapCompare, scene_server: EmulatorServer) -> None:
        """200 columns: full tree labels, the detail beside the table."""
        app = scenes.scene_app(scene_server)
        assert snap_compare(app, terminal_size=(200, 50), run_before=scenes.main_screen)

    def test_filter(self, snap_compare: SnapCompare, scene_server: EmulatorServer) -> None:
        """The table filtered with ``type:manual``: the bar shows "N of M", so does the header line."""
        app = scenes.scene_app(scene_server)
        assert snap_compare(app, terminal_size=(100, 30), run_before=scenes.filter_in_use)

    @pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
    def test_share_policy(self, snap_compare: SnapCompare, scene_server: EmulatorServer, size: tuple[int, int]) -> None:
        """db-backups under the tree cursor: policy hourly-and-weekly in words, next run, reserve 20 %."""
        app = scenes.scene_app(scene_server)
        assert snap_compare(app, terminal_size=size, run_before=scenes.share_policy)


class TestDialogs:
    @pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
    def test_create(self, snap_compare: SnapCompare, scene_server: EmulatorServer, size: tuple[int, int]) -> None:
        """The create form for web-content with a name typed in."""
        app = scenes.scene_app(scene_server)
        assert snap_compare(app, terminal_size=size, run_before=scenes.create_form)

    @pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
    def test_delete(self, snap_compare: SnapCompare, scene_server: EmulatorServer, size: tuple[int, int]) -> None:
        """The delete confirmation for the second snapshot, Cancel focused."""
        app = scenes.scene_app(scene_server)
        assert snap_compare(app, terminal_size=size, run_before=scenes.delete_dialog)

    @pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
    def test_help(self, snap_compare: SnapCompare, scene_server: EmulatorServer, size: tuple[int, int]) -> None:
        """Every key binding, grouped."""
        app = scenes.scene_app(scene_server)
        assert snap_compare(app, terminal_size=size, run_before=scenes.help_screen)
