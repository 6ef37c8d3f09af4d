"""`python -m efs_tui.emulator`: same as `efs-tui emulator`."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m efs_tui.emulator"))
