"""The layering the design asks for, checked on every run.

`api`, `core`, `config` and `cli` must stay free of Textual and Rich (they are
reused by the scriptable CLI, the emulator tests and the benchmarks), and the
emulator may share only the models with the client, so that a bug in the
client's signing cannot be mirrored, and hidden, by the emulator.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "efs_tui"


def imports_of(folder: Path) -> set[tuple[Path, str]]:
    found: set[tuple[Path, str]] = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update((path, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level:
                    parts = path.relative_to(ROOT).with_suffix("").parts[: -node.level]
                    module = ".".join((*parts, module)) if module else ".".join(parts)
                found.add((path, module))
    return found


LAYERS_BELOW_UI = ("api", "core", "config", "cli")
FORBIDDEN_ROOTS = {"textual", "rich"}


@pytest.mark.parametrize("layer", LAYERS_BELOW_UI)
def test_layers_below_the_ui_never_import_textual_rich_or_the_ui(layer: str) -> None:
    """The CLI reuses api/core/config; a Textual import there would make it slow and couple it to widgets."""
    bad = {
        (str(path.relative_to(ROOT)), module)
        for path, module in imports_of(PACKAGE / layer)
        if module.split(".")[0] in FORBIDDEN_ROOTS
        or module.startswith("efs_tui.ui")
        # `efs-tui snapshots --demo` serves the emulator; nothing else below the UI may reach into it.
        or (module.startswith("efs_tui.emulator") and layer != "cli")
    }
    assert not bad


def test_emulator_shares_only_the_models_with_the_client() -> None:
    bad = {
        (str(path.relative_to(ROOT)), module)
        for path, module in imports_of(PACKAGE / "emulator")
        if (module.startswith("efs_tui.") and not module.startswith(("efs_tui.emulator", "efs_tui.api.models")))
        or module.split(".")[0] in FORBIDDEN_ROOTS
    }
    assert not bad


def test_importing_every_layer_below_the_ui_loads_no_textual() -> None:
    """Checked in a fresh interpreter: catches imports hidden behind package __init__ files.

    Rich itself may be loaded by httpx (its optional command-line module imports it when click
    is installed), so the fresh-interpreter check is about Textual and our UI; direct Rich
    imports are caught by the AST test above.
    """
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for layer in LAYERS_BELOW_UI
        for path in (PACKAGE / layer).rglob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual' or m.startswith('efs_tui.ui')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_the_main_screen_and_the_app_are_composed_not_chains_of_mixins() -> None:
    """Their parts are widgets and plain objects they hold, so no class of ours sits between them and Textual."""
    from efs_tui.ui.app import EfsTuiApp
    from efs_tui.ui.screens.main import MainScreen

    for cls in (MainScreen, EfsTuiApp):
        assert [c for c in cls.__mro__ if c.__module__.startswith("efs_tui")] == [cls]


HOST_FLOWS = frozenset({"efs_tui.ui.flows", "efs_tui.ui.flows.host"})
"""The only flows modules the main screen needs before a key is pressed: the package and its ``ScreenContext``.

The flows' wordings (``outcomes``, ``share_follow``) and their ``FlowContext`` load with the first write or follow.
"""

WRITE_PATH_AND_TOOLS = frozenset(
    {
        "efs_tui.core.writes",  # the one write path (and the exchange it records): the first write, or a quit
        "efs_tui.core.exchange",
        "efs_tui.core.bulk",  # bulk delete and the prune plan's deletes
        "efs_tui.core.follow",  # the follower: the first transitional row, write or revert
        "efs_tui.core.export",  # an export (x), or the first audit record (its JSON rule)
        "efs_tui.core.output_schema",
        "efs_tui.core.policy_text",  # a share's policy, which arrives after the first table
        "efs_tui.core.policy_rules",
        "efs_tui.core.retention",
        "efs_tui.core.query",
        "efs_tui.core.clone",
        "efs_tui.core.revert",
        "efs_tui.core.validation",
    }
)
"""Modules below the UI that the first frame does not use: each is imported by the action or worker that needs it."""


def loaded_on_first_use(module: str) -> bool:
    """Dialogs, the write flows, every screen but the main one, and the write path: loaded by the key that runs them."""
    if module.startswith("efs_tui.ui.dialogs") or module in WRITE_PATH_AND_TOOLS:
        return True
    if module.startswith("efs_tui.ui.flows"):
        return module not in HOST_FLOWS
    return module.startswith("efs_tui.ui.screens.") and module != "efs_tui.ui.screens.main"


def _run_until_ready(code: str) -> list[str]:
    """What ``code`` printed in a fresh interpreter with ``EFS_TUI_REPORT_READY`` (the app exits once ready)."""
    env = {**os.environ, "EFS_TUI_REPORT_READY": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env, timeout=60
    )
    return out.stdout.strip().splitlines()


def test_the_first_table_loads_no_dialog_flow_or_other_screen() -> None:
    """Cold start (benchmark scenario 1) pays only for what the first frame shows.

    A fresh interpreter runs the app headless on the emulator until the first share's table
    is filled (``EFS_TUI_REPORT_READY`` exits there) and lists what was imported at that
    moment: an eager import of a dialog, a flow or the write path anywhere on the way (a
    module, a package ``__init__``, a mount handler) shows up here. Quitting a session that
    wrote nothing does not load the write path either.
    """
    code = (
        "import sys\n"
        "from efs_tui.emulator import EmulatorServer\n"
        "from efs_tui.ui import app as app_module\n"
        "from efs_tui.ui.demo import make_demo_app\n"
        "at_first_table = []\n"
        "filled = app_module.EfsTuiApp._first_table_filled\n"
        "def first_table_filled(self):\n"
        "    at_first_table.extend(sys.modules)\n"
        "    filled(self)\n"
        "app_module.EfsTuiApp._first_table_filled = first_table_filled\n"
        "with EmulatorServer(dataset='demo', log_level='critical') as server:\n"
        "    app = make_demo_app(server)\n"
        "    app.run(headless=True, size=(120, 40))\n"
        "ours = lambda names: ' '.join(sorted(m for m in names if m.startswith('efs_tui.') and '.emulator' not in m))\n"
        "print('table filled' if app.ready_at else 'no table')\n"
        "print(ours(at_first_table))\n"
        "print(ours(sys.modules))\n"
    )
    *_, filled, modules, after_quit = _run_until_ready(code)
    assert filled == "table filled"
    loaded = modules.split()
    assert "efs_tui.ui.screens.main" in loaded and "efs_tui.ui.flows.host" in loaded
    assert "efs_tui.core.audit" in loaded and "efs_tui.core.cache" in loaded  # what the start does need
    assert [m for m in loaded if loaded_on_first_use(m)] == []
    assert "efs_tui.core.writes" not in after_quit.split()


def test_a_cached_account_start_loads_neither_the_main_screen_nor_the_write_path() -> None:
    """``efs-tui --account`` (benchmark scenario 7's second start) pays only for the account view.

    Nor what its first frame does not draw: the filter language and the audit record (each ~1 ms to
    import before that frame).

    A fresh interpreter writes a cache file from a walk of the emulator, then starts the app on the
    account view, headless, until the cached rows end the start, and lists what was imported then.
    The main screen (its tree, panes and flows) is built only once the view is left, and the delete
    side (the write path, bulk delete, the follower, the dialogs) with the first delete.
    """
    code = (
        "import asyncio, sys, tempfile\n"
        "from pathlib import Path\n"
        "from efs_tui.api.inventory import fetch_inventory\n"
        "from efs_tui.core.inventory_cache import InventoryCache\n"
        "from efs_tui.emulator import EmulatorServer\n"
        "from efs_tui.ui import app as app_module\n"
        "from efs_tui.ui.demo import demo_client, make_demo_app\n"
        "at_first_rows = []\n"
        "filled = app_module.EfsTuiApp._first_table_filled\n"
        "def first_rows(self):\n"
        "    at_first_rows[:] = [*sys.modules, f'painted from the cache: {self.screen.is_stale}']\n"
        "    filled(self)\n"
        "app_module.EfsTuiApp._first_table_filled = first_rows\n"
        "with EmulatorServer(dataset='demo', log_level='critical') as server, tempfile.TemporaryDirectory() as home:\n"
        "    cache = InventoryCache(None, server.base_url, Path(home))\n"
        "    async def walk():\n"
        "        client = demo_client(server)\n"
        "        try:\n"
        "            cache.save(await fetch_inventory(client))\n"
        "        finally:\n"
        "            await client.aclose()\n"
        "    asyncio.run(walk())\n"
        "    app = make_demo_app(server)\n"
        "    app.config.start_on_account, app.config.inventory_cache = True, cache\n"
        "    app.run(headless=True, size=(120, 40))\n"
        "print(at_first_rows.pop())\n"
        "print(' '.join(sorted(m for m in at_first_rows if m.startswith('efs_tui.'))))\n"
    )
    *_, painted, modules = _run_until_ready(code)
    assert painted == "painted from the cache: True"
    loaded = set(modules.split())
    assert {"efs_tui.ui.screens.account", "efs_tui.core.inventory_cache"} <= loaded
    main_screen = {"efs_tui.ui.screens.main", "efs_tui.ui.flows.host", "efs_tui.ui.widgets.service_tree"}
    main_screen |= {"efs_tui.ui.widgets.detail", "efs_tui.ui.widgets.snapshot_pane", "efs_tui.ui.commands"}
    delete_side = {"efs_tui.core.writes", "efs_tui.core.bulk", "efs_tui.core.follow"}
    assert sorted(loaded & (main_screen | delete_side)) == []
    # (The policy and credential models and OpenSSL: tests/test_start_imports.py, where no emulator shares the process.)
    assert sorted(loaded & {"efs_tui.core.query", "efs_tui.core.audit_record"}) == []
    assert sorted(m for m in loaded if m.startswith("efs_tui.ui.dialogs.")) == []
