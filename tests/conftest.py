"""Keep every test away from the developer's machine: config, state, keyring and OVH_* variables.

The config tests add their own in-memory keyring (and the Secret Service tests the real
one); every other test gets keyring's "fail" backend, so a test that touched the keyring
by accident would show up as a "no keyring" error instead of reading the developer's secrets.

Every emulator the suite starts (in any fixture, thread or child process) checks each exchange
against OVH's published OpenAPI description in tests/spec/; a test during which a violation was
recorded fails at teardown, and the session fails if any was recorded outside a test.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

SPEC = Path(__file__).parent / "spec" / "storage-netapp.openapi.json"
SPEC_ENV = "EFS_TUI_EMULATOR_SPEC"  # the names efs_tui.emulator.spec_check reads
VIOLATIONS_ENV = "EFS_TUI_SPEC_VIOLATIONS"


def pytest_configure(config: pytest.Config) -> None:
    os.environ[SPEC_ENV] = str(SPEC)
    handle, name = tempfile.mkstemp(prefix="efs-tui-spec-violations-", suffix=".jsonl")
    os.close(handle)
    os.environ[VIOLATIONS_ENV] = name


def _violations() -> list[str]:
    from efs_tui.emulator.spec_check import drain

    drain()
    with open(os.environ[VIOLATIONS_ENV], encoding="utf-8") as log:
        return [line for line in log if line.strip()]


def _describe(lines: list[str]) -> str:
    items = [json.loads(line) for line in lines]
    return "\n".join(f"  {v['side']} {v['method']} {v['path']} -> {v['status']}: {v['detail']}" for v in items)


@pytest.fixture(autouse=True)
def emulator_answers_match_the_spec() -> Iterator[None]:
    before = len(_violations())
    yield
    new = _violations()[before:]
    if new:
        pytest.fail(f"the emulator exchanged off-spec messages during this test:\n{_describe(new)}", pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    path = os.environ.get(VIOLATIONS_ENV)
    if not path or not os.path.exists(path):
        return
    lines = _violations()
    os.unlink(path)
    if lines:
        print(f"\n{len(lines)} exchange(s) off OVH's spec:\n{_describe(lines)}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


OVH_VARS = (
    "OVH_ENDPOINT",
    "OVH_APPLICATION_KEY",
    "OVH_APPLICATION_SECRET",
    "OVH_CONSUMER_KEY",
    "OVH_CLIENT_ID",
    "OVH_CLIENT_SECRET",
)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("env")
    monkeypatch.setenv("EFS_TUI_CONFIG", str(root / "config" / "config.toml"))
    monkeypatch.setenv("EFS_TUI_STATE_DIR", str(root / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(root / "xdg-state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "xdg-data"))
    monkeypatch.delenv("EFS_TUI_REPORT_READY", raising=False)
    for var in OVH_VARS:
        monkeypatch.delenv(var, raising=False)
    yield root


@pytest.fixture(autouse=True)
def no_keyring_by_default(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("secret_service"):
        yield
        return
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)
