"""The full NFS path of a snapshot and the copy menu's entries (efs_tui.core.copying)."""

from __future__ import annotations

import pytest

from efs_tui.api.models import Share, Snapshot
from efs_tui.core.copying import (
    CONTROL_CHARACTERS,
    copy_choices,
    lower_first,
    snapshot_nfs_path,
    snapshot_path_choice,
)

ACCESS = "10.1.0.10:/share_17fc695a_07a0_4a6e_8822_e8f36c031199"
SNAPSHOT_ID = "0badc0de-0000-4000-8000-000000000001"


def snap(path: str | None) -> Snapshot:
    return Snapshot(id=SNAPSHOT_ID, name="n", path=path)


@pytest.mark.parametrize(
    ("access", "path", "full"),
    [
        # OVH's shape: a path relative to the share's export.
        (ACCESS, ".snapshot/share_snapshot_0b_ad", f"{ACCESS}/.snapshot/share_snapshot_0b_ad"),
        (ACCESS + "/", ".snapshot/daily.2026-03-02_0010", f"{ACCESS}/.snapshot/daily.2026-03-02_0010"),
        (ACCESS, "./.snapshot/x", f"{ACCESS}/.snapshot/x"),
        # A full path, should the API ever give one, is used as it is (access path or not).
        (ACCESS, "10.9.9.9:/other/.snapshot/x", "10.9.9.9:/other/.snapshot/x"),
        (None, "10.9.9.9:/other/.snapshot/x", "10.9.9.9:/other/.snapshot/x"),
        # A server-absolute path gets the access path's host.
        (ACCESS, "/share_x/.snapshot/y", "10.1.0.10:/share_x/.snapshot/y"),
        # Not known (yet).
        (None, ".snapshot/x", None),
        (ACCESS, None, None),
        (ACCESS, "", None),
    ],
)
def test_snapshot_nfs_path(access: str | None, path: str | None, full: str | None) -> None:
    assert snapshot_nfs_path(access, path) == full


def test_path_entry_is_the_full_path_or_says_why_not() -> None:
    assert snapshot_path_choice(snap(".snapshot/x"), ACCESS).text == f"{ACCESS}/.snapshot/x"
    waiting = snapshot_path_choice(snap(".snapshot/x"), None)
    assert waiting.text is None and "access path" in waiting.reason
    assert snapshot_path_choice(snap(None), ACCESS).reason == "the API gave no path"
    assert snapshot_path_choice(None, ACCESS).reason == "no snapshot highlighted"
    hostile = snapshot_path_choice(snap(".snapshot/x\x1b]0;pwned\x07"), ACCESS)
    assert hostile.text is None and hostile.reason == CONTROL_CHARACTERS


def test_copy_choices_use_the_access_path() -> None:
    share = Share(id="17fc695a-07a0-4a6e-8822-e8f36c031199", name="web")
    choices = {
        c.key: c
        for c in copy_choices("svc", share, snap(".snapshot/x"), mount=None, last_query_id=None, access_path=ACCESS)
    }
    assert choices["path"].text == f"{ACCESS}/.snapshot/x"
    assert choices["path"].label == "Snapshot NFS path"


def test_labels_in_a_sentence_keep_acronyms() -> None:
    assert lower_first("NFS mount command") == "NFS mount command"
    assert lower_first("Snapshot id") == "snapshot id"
    assert lower_first("CLI command (list snapshots)") == "CLI command (list snapshots)"
    assert lower_first("API path (GET this snapshot)") == "API path (GET this snapshot)"
    assert lower_first("Query id of the last error") == "query id of the last error"
