"""How counts and durations are said on screen and in the CLI: ``1 snapshot``, ``6,000 snapshots``, ``41 d 3 h``.

One rule, so a report never says "Delete 1 snapshots" or "across 1 shares" in one place while another
gets it right. (The durations are also the filter language's, :mod:`efs_tui.core.query`; they live here so
that the account view's title, which a cached start draws, does not load the query parser.)
"""

from __future__ import annotations

from datetime import timedelta


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, with a thousands separator and the plural ``s`` unless it is exactly one."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def format_duration(value: timedelta, *, as_typed: bool = False) -> str:
    """``30 d``, ``36 h``, ``90 min``, ``45 s``: a rule's duration in its largest whole unit.

    ``as_typed``: as a field or filter takes it back (``30d``, ``36h``, ``90m``, ``45s``).
    """
    seconds = int(value.total_seconds())
    minutes, space = ("m", "") if as_typed else ("min", " ")
    for unit, size in (("d", 86400), ("h", 3600), (minutes, 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{space}{unit}"
    return f"{seconds}{space}s"


def format_age(value: timedelta) -> str:
    """``41 d 3 h``, ``5 h 12 min``, ``12 min``, ``30 s``: precise enough that ``30 d 4 h`` reads as over ``30 d``."""
    days, seconds = value.days, value.seconds  # plain ints: a plan formats thousands of these
    if days < 0:
        return "in the future"
    if days:
        hours = seconds // 3600
        return f"{days} d {hours} h" if hours else f"{days} d"
    if seconds >= 3600:
        hours, minutes = seconds // 3600, seconds % 3600 // 60
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if seconds >= 60:
        return f"{seconds // 60} min"
    return f"{seconds} s"


__all__ = ["counted", "format_age", "format_duration"]
