"""Regenerate ``screenshots/*.svg`` from the demo emulator, deterministically.

    .venv/bin/python scripts/screenshots.py [OUTPUT_DIR]

Uses the same frozen-time scenes as the SVG snapshot tests (efs_tui/ui/scenes.py).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from efs_tui.emulator import EmulatorServer
from efs_tui.ui import scenes

SHOTS: tuple[tuple[str, str, tuple[int, int]], ...] = (
    ("main-100x30", "main", (100, 30)),
    ("main-80x24", "main", (80, 24)),
    ("main-200x50", "main", (200, 50)),
    ("filter", "filter", (100, 30)),
    ("share-policy", "policy", (100, 30)),
    ("share-policy-80x24", "policy", (80, 24)),
    ("create-snapshot", "create", (100, 30)),
    ("delete-snapshot", "delete", (100, 30)),
    ("help", "help", (100, 30)),
    ("account-view", "account", (100, 30)),
)


async def shoot(server: EmulatorServer, scene: str, size: tuple[int, int], path: Path) -> None:
    app = scenes.scene_app(server)
    async with app.run_test(size=size) as pilot:
        await scenes.SCENES[scene](pilot)
        path.write_text(app.export_screenshot(title="efs-tui"), encoding="utf-8")


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    for name, scene, size in SHOTS:
        # A fresh emulator per picture: earlier scenes must not change later ones.
        with EmulatorServer(dataset="demo", base_time=scenes.SCENE_TIME) as server:
            path = out / f"{name}.svg"
            asyncio.run(shoot(server, scene, size, path))
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
