"""config.toml: location, round trip, permissions, and never a secret inside."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from efs_tui.config import ConfigError, ProfileSettings, config_path, load_config, save_config
from efs_tui.config.settings import update_profile


def test_location_follows_efs_tui_config_then_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert config_path() == Path(os.environ["EFS_TUI_CONFIG"])
    monkeypatch.delenv("EFS_TUI_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_path() == tmp_path / "xdg" / "efs-tui" / "config.toml"


def test_missing_file_is_an_empty_configuration(config_file: Path) -> None:
    config = load_config()
    assert config.profiles == {} and config.default is None and config.path == config_file


def test_round_trip_modes_and_atomic_write(config_file: Path) -> None:
    profile = ProfileSettings("work", "ovh-ca", application_key="AK1", read_only=True, rate_limit=5, auto_refresh=30)
    update_profile(None, profile)
    update_profile(None, ProfileSettings("sa", "ovh-eu", client_id="EU.x"), make_default=True)
    config = load_config()
    assert config.profiles["work"] == ProfileSettings("work", "ovh-ca", "AK1", None, True, 5.0, 30.0)
    assert config.default_profile == "sa" and config.default is not None and config.default.scheme == "oauth2"
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(config_file.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in config_file.parent.iterdir()) == ["config.toml"]  # no temporary left behind


def test_file_mode_is_0600_whatever_the_umask(config_file: Path) -> None:
    old = os.umask(0)
    try:
        update_profile(None, ProfileSettings("p", application_key="AK"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600


def test_other_tables_survive_a_profile_update(config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('theme = "nord"\n[ui]\nconfirm_focus = "cancel"\n')
    update_profile(None, ProfileSettings("p", application_key="AK"))
    config = load_config()
    assert config.extra == {"theme": "nord", "ui": {"confirm_focus": "cancel"}}


@pytest.mark.parametrize("key", ["application_secret", "consumer_key", "client_secret"])
def test_a_secret_in_the_file_is_refused(config_file: Path, key: str) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text(f'[profiles.p]\napplication_key = "AK"\n{key} = "s3cret-value"\n')
    with pytest.raises(ConfigError) as info:
        load_config()
    assert key in info.value.message and "s3cret-value" not in info.value.message


@pytest.mark.parametrize(
    "text",
    [
        "not = [toml",
        "profiles = 3",
        "[profiles.p]\nendpoint = 3",
        "[profiles.p]\nrate_limit = -1",
        '[profiles.p]\napplication_key = "a"\nclient_id = "b"',
        '[profiles."bad:name"]\nendpoint = "ovh-eu"',
    ],
)
def test_broken_files_give_a_config_error(config_file: Path, text: str) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text(text)
    with pytest.raises(ConfigError):
        load_config()


def test_default_profile_rules() -> None:
    config = load_config()
    config.set_profile(ProfileSettings("a", application_key="A"))
    config.set_profile(ProfileSettings("b", application_key="B"))
    assert config.default_profile == "a"
    config.set_profile(ProfileSettings("b", application_key="B2"), make_default=True)
    assert config.default is not None and config.default.application_key == "B2"
    config.remove_profile("b")
    assert config.default_profile == "a"
    save_config(config)
    assert list(load_config().profiles) == ["a"]


@pytest.mark.parametrize("name", ["", "a:b", "-x", "a b", "x" * 65])
def test_invalid_profile_names(name: str) -> None:
    with pytest.raises(ConfigError):
        ProfileSettings.from_toml(name, {}, Path("c.toml"))
