"""An endpoint that sells no EFS (ovh-us, kimsufi-*, soyoustart-*) is named in a warning once, at start."""

from __future__ import annotations

import pytest

from efs_tui.api.auth import Endpoint
from efs_tui.api.client import OvhClient
from efs_tui.emulator import EmulatorServer
from efs_tui.startup.endpoint_notice import NO_EFS_TITLE, endpoint_notice
from efs_tui.ui.app import EfsTuiApp
from efs_tui.ui.demo import demo_credentials

from .conftest import AppFactory, fast_config
from .helpers import capture_notifications, wait_ready


@pytest.mark.parametrize("name", ["ovh-us", "kimsufi-eu", "kimsufi-ca", "soyoustart-eu", "soyoustart-ca"])
def test_the_endpoints_without_efs_get_a_warning_with_the_way_out(name: str) -> None:
    notice = endpoint_notice(name)
    assert notice is not None
    assert f"{name} offers no Enterprise File Storage" in notice and "/storage/netapp" in notice
    assert "efs-tui login --endpoint ovh-eu" in notice


@pytest.mark.parametrize("name", ["ovh-eu", "ovh-ca", "http://127.0.0.1:8080/1.0"])
def test_efs_endpoints_and_urls_get_none(name: str) -> None:
    assert endpoint_notice(name) is None


async def test_the_app_warns_once_at_start_on_an_endpoint_without_efs(emulator: EmulatorServer) -> None:
    # The emulator answers, but under the name of an endpoint that has no /storage/netapp.
    client = OvhClient(Endpoint("ovh-us", emulator.base_url, None), demo_credentials(emulator))
    app = EfsTuiApp(client, config=fast_config(client), close_client=True)
    notes = capture_notifications(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_ready(pilot)
        [warning] = [n for n in notes if n.get("title") == NO_EFS_TITLE]
        assert warning["severity"] == "warning" and warning["markup"] is False
        assert "ovh-us offers no Enterprise File Storage" in warning["message"]
        assert any(n.title == NO_EFS_TITLE for n in app._notifications)


async def test_no_warning_on_an_endpoint_with_efs(make_app: AppFactory) -> None:
    app = make_app()
    notes = capture_notifications(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_ready(pilot)
        assert not [n for n in notes if n.get("title") == NO_EFS_TITLE]
