"""Secrets never leak through the UI: not in the screen, notifications, the activity log or worker errors.

The app runs against the emulator with known credential strings, goes through
successful and failing calls, and every text it produced is searched for them.
"""

from __future__ import annotations

from typing import Any

from efs_tui.emulator import EmulatorServer

from .conftest import AppFactory
from .helpers import capture_notifications, wait_idle, wait_ready, wait_until


async def test_no_secret_in_any_output(emulator: EmulatorServer, make_app: AppFactory) -> None:
    creds = emulator.credentials
    secrets = [creds.application_secret, creds.consumer_key]
    app = make_app()
    texts: list[str] = []
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        notes = capture_notifications(app)
        screen = await wait_ready(pilot)
        emulator.state.faults.fail_next(status=503, method="GET", path_contains="/snapshot", times=5)
        emulator.state.faults.fail_next(status=403, method="DELETE", times=1)
        await pilot.press("tab", "r")
        await wait_idle(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, lambda: any(n.get("severity") == "error" for n in notes))
        texts.append(app.export_screenshot())
        activity: Any = getattr(app, "activity", None)
        if activity is not None:
            texts.append(activity.format())
        texts.extend(str(n) for n in notes)
        texts.extend(repr(w.error) for w in app.workers if w.error is not None)
        texts.append(repr(app.client.credentials))
        assert screen.table.snapshots
    for text in texts:
        for secret in secrets:
            assert secret not in text
    assert any("503" in str(n) or "403" in str(n) for n in notes)


def test_no_secret_in_generated_pictures() -> None:
    from pathlib import Path

    from efs_tui.emulator import DEMO_CREDENTIALS

    root = Path(__file__).resolve().parents[2]
    pictures = [*root.glob("screenshots/*.svg"), *root.glob("tests/ui/__snapshots__/**/*.svg")]
    assert pictures
    secrets = (DEMO_CREDENTIALS.application_secret, DEMO_CREDENTIALS.consumer_key)
    for picture in pictures:
        text = picture.read_text(encoding="utf-8")
        assert not any(secret in text for secret in secrets), picture
