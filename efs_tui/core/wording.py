"""How counts are said on screen and in the CLI: ``1 snapshot``, ``2 snapshots``, ``6,000 snapshots``.

One rule, so a report never says "Delete 1 snapshots" or "across 1 shares" in one place while another
gets it right.
"""

from __future__ import annotations


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, with a thousands separator and the plural ``s`` unless it is exactly one."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


__all__ = ["counted"]
