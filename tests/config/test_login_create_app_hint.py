"""``efs-tui login`` suggests a createApp page only where the chosen endpoint has one."""

from __future__ import annotations

from pathlib import Path

import pytest

from efs_tui.api.auth import ENDPOINTS
from efs_tui.config.cli import login_main
from efs_tui.config.login import CREATE_APP_URLS, create_app_hint
from efs_tui.emulator import EmulatorServer

from ..keyrings import MemoryKeyring
from .test_cli import APP_KEY, APP_SECRET, ScriptedUser


@pytest.mark.parametrize(
    ("endpoint", "url"),
    [
        ("ovh-eu", "https://eu.api.ovh.com/createApp/"),
        ("ovh-ca", "https://ca.api.ovh.com/createApp/"),
        ("ovh-us", "https://api.us.ovhcloud.com/createApp/"),
        ("https://eu.api.ovh.com/1.0", "https://eu.api.ovh.com/createApp/"),  # a named endpoint's own base URL
        ("https://ca.api.ovh.com/1.0/", "https://ca.api.ovh.com/createApp/"),
    ],
)
def test_named_endpoints_point_to_their_own_create_app_page(endpoint: str, url: str) -> None:
    hint = create_app_hint(endpoint)
    assert f"Create one at {url} " in hint
    assert hint.count("createApp") == 1


def test_every_named_endpoint_has_a_create_app_page_on_its_own_host() -> None:
    assert set(CREATE_APP_URLS) == set(ENDPOINTS)
    for name, endpoint in ENDPOINTS.items():
        host = endpoint.base_url.split("/")[2]
        assert CREATE_APP_URLS[name] == f"https://{host}/createApp/"


def test_a_custom_url_gets_no_invented_create_app_page() -> None:
    hint = create_app_hint("https://proxy.example.net/1.0")
    assert "proxy.example.net/createApp" not in hint
    assert "is not an OVHcloud endpoint" in hint and "efs-tui emulator" in hint


def test_login_against_the_emulator_prints_no_create_app_page_of_its_own(
    emulator: EmulatorServer, memory_keyring: MemoryKeyring, config_file: Path
) -> None:
    emulator.state.add_application(APP_KEY, APP_SECRET)
    user = ScriptedUser({"Application key": APP_KEY})
    assert login_main(["--endpoint", emulator.base_url], user) == 0, user.stderr
    host = emulator.base_url.split("/")[2]
    assert f"{host}/createApp" not in user.stdout
    assert f"{emulator.base_url} is not an OVHcloud endpoint" in user.stdout
