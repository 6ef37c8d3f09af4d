"""`efs-tui snapshots list` on hostile names (emulator over HTTP): `?` stand-ins, columns that stay put."""

from __future__ import annotations

from efs_tui.cli.output import display_width
from efs_tui.emulator import EmulatorServer

from ..ui import hostile
from ..ui.conftest import BASE_TIME
from .conftest import Run


def test_list_prints_no_raw_control_and_keeps_columns_aligned(cli: Run, emulator: EmulatorServer) -> None:
    service_id, share_id = hostile.ids_of(emulator.state)
    for snap in hostile.snapshots(BASE_TIME):
        emulator.state.add_snapshot(service_id, share_id, snap)
    result = cli("list", "prod-nfs-gra", "web-content")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    for char in hostile.FORBIDDEN:
        assert char not in result.out.replace("\n", ""), repr(char)
    assert "\n" not in "".join(lines)
    header = lines[0]
    type_column = display_width(header[: header.index("TYPE")])
    rows = [line for line in lines[1:] if line.startswith("0badc0de-")]
    assert len(rows) == len(hostile.HOSTILE)
    for row in rows:  # the column after the name starts at the same cell on every row
        assert display_width(row[: row.index("manual")]) == type_column, row
    text = "\n".join(rows)
    assert "wipe?[2Jscreen" in text and "fam\U0001f469?\U0001f469?\U0001f467ily" in text
    assert "␠␠␠" in text  # the blank name is visible
