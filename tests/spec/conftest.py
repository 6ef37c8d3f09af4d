"""OVH's published OpenAPI description of `/storage/netapp` (see README.md beside it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from efs_tui.emulator.routes import ROUTES

SPEC = Path(__file__).parent / "storage-netapp.openapi.json"


def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SPEC.read_text())
    return loaded


def served_operations() -> set[tuple[str, str]]:
    return {(r.method, r.template) for r in ROUTES if r.template.startswith("/storage/")}
