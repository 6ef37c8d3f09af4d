"""config.toml belongs to the user: efs-tui's saves keep the comments, unknown keys and TOML types they wrote."""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib
from pathlib import Path

import pytest

from efs_tui.config.errors import ConfigError
from efs_tui.config.settings import ProfileSettings, load_config, save_config, set_preference, update_profile

USER_FILE = """\
# My efs-tui settings (hand-written)
default_profile = "work"   # the one I use daily
my_tool_key = "kept"
last_audit = 2026-05-27T07:32:00Z
birthday = 1979-05-27

[profiles.work]
# production account
endpoint = "ovh-eu"
application_key = "AKwork"
rate_limit = 2  # int on purpose
team = "storage"   # not an efs-tui key

[notes]
text = "unknown table"
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_saving_a_profile_keeps_comments_unknown_keys_and_dates(config_file: Path) -> None:
    write(config_file, USER_FILE)
    update_profile(None, ProfileSettings("lab", endpoint="ovh-ca", client_id="EU.lab"))
    text = config_file.read_text(encoding="utf-8")
    for kept in (
        "# My efs-tui settings (hand-written)",
        'default_profile = "work"   # the one I use daily',
        "last_audit = 2026-05-27T07:32:00Z",
        "birthday = 1979-05-27",
        "# production account",
        "rate_limit = 2  # int on purpose",
        'team = "storage"   # not an efs-tui key',
        '[notes]\ntext = "unknown table"',
    ):
        assert kept in text, kept
    data = tomllib.loads(text)
    assert data["profiles"]["lab"] == {"endpoint": "ovh-ca", "client_id": "EU.lab"}
    assert data["last_audit"] == dt.datetime(2026, 5, 27, 7, 32, tzinfo=dt.UTC)
    assert data["my_tool_key"] == "kept"
    assert load_config().profiles["work"].rate_limit == 2.0


def test_unchanged_save_leaves_the_file_byte_for_byte(config_file: Path) -> None:
    write(config_file, USER_FILE)
    save_config(load_config())
    assert config_file.read_text(encoding="utf-8") == USER_FILE


def test_changing_and_removing_touches_only_those_lines(config_file: Path) -> None:
    write(config_file, USER_FILE)
    config = load_config()
    config.set_profile(ProfileSettings("work", endpoint="ovh-us", application_key="AKwork", rate_limit=2.0))
    config.set_profile(ProfileSettings("other"))
    save_config(config)
    config = load_config()
    config.remove_profile("other")
    config.default_profile = "work"
    save_config(config)
    text = config_file.read_text(encoding="utf-8")
    assert 'endpoint = "ovh-us"' in text and "ovh-eu" not in text
    assert "[profiles.other]" not in text and "# production account" in text and 'team = "storage"' in text


def test_a_preference_is_saved_beside_the_users_keys(config_file: Path) -> None:
    write(config_file, USER_FILE)
    set_preference("theme", "nord")
    set_preference("theme", "gruvbox")
    text = config_file.read_text(encoding="utf-8")
    assert text.count("theme = ") == 1 and 'theme = "gruvbox"' in text
    assert text.replace('theme = "gruvbox"\n', "") == USER_FILE


def test_new_file_is_private_and_commented(config_file: Path) -> None:
    update_profile(None, ProfileSettings("first", application_key="AK"))
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(config_file.parent.stat().st_mode) == 0o700
    text = config_file.read_text(encoding="utf-8")
    assert text.startswith("# efs-tui configuration")
    assert tomllib.loads(text) == {
        "default_profile": "first",
        "profiles": {"first": {"endpoint": "ovh-eu", "application_key": "AK"}},
    }


def test_a_readable_file_becomes_0600_and_no_temporary_file_is_left(config_file: Path) -> None:
    write(config_file, USER_FILE)
    os.chmod(config_file, 0o644)
    set_preference("theme", "nord")
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    assert [p.name for p in config_file.parent.iterdir()] == [config_file.name]


def test_a_failed_write_leaves_the_old_file(config_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(config_file, USER_FILE)

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        set_preference("theme", "nord")
    assert config_file.read_text(encoding="utf-8") == USER_FILE
    assert [p.name for p in config_file.parent.iterdir()] == [config_file.name]


def test_profiles_that_is_not_a_table_is_reported(config_file: Path) -> None:
    write(config_file, 'profiles = "oops"\n')
    with pytest.raises(ConfigError, match="profiles"):
        update_profile(None, ProfileSettings("x"))
