"""Pure helpers that turn API values into safe, readable display text.

Everything that comes from the API (names, descriptions, paths, error messages)
is untrusted: it may hold Rich markup (``[bold red]x[/]``) or raw terminal
escape sequences. These helpers never parse markup (they build
:class:`rich.text.Text` objects) and replace control characters with visible
stand-ins, so nothing an API answer contains can reach the terminal as a command.
No Textual import here, so this module is unit-testable on its own.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.text import Text

from efs_tui.api.models import StatusGroup
from efs_tui.core.sanitize import safe_label

#: Colour of each status group (Manager grouping): active green, pending yellow, error red.
GROUP_STYLES: dict[StatusGroup, str] = {
    StatusGroup.ACTIVE: "green",
    StatusGroup.PENDING: "yellow",
    StatusGroup.ERROR: "bold red",
    StatusGroup.UNKNOWN: "magenta",
}


def clean(value: object, *, keep_newlines: bool = False) -> str:
    """Return ``value`` as a string with every control character made visible.

    One rule for the whole app (:func:`efs_tui.core.sanitize.safe_label`): the same
    characters are refused in forms, escaped in the CLI and shown as stand-ins here,
    and a value made only of spaces shows as ``␠␠␠`` rather than as nothing.

    Args:
        value: anything; ``None`` becomes the empty string.
        keep_newlines: keep ``\\n`` and tabs (for multi-line panels); otherwise
            they become ``␊``/``␉`` so a table cell stays on one line.
    """
    if value is None:
        return ""
    return safe_label(value if isinstance(value, str) else str(value), keep_newlines=keep_newlines)


def literal(value: object, style: str = "", *, keep_newlines: bool = False) -> Text:
    """A :class:`Text` showing ``value`` exactly as typed (no markup, no escapes)."""
    return Text(clean(value, keep_newlines=keep_newlines), style=style, no_wrap=not keep_newlines)


def truncate(value: str, width: int) -> str:
    """Cut ``value`` to ``width`` cells, ending with an ellipsis when it was cut."""
    if width <= 0:
        return ""
    return value if len(value) <= width else value[: max(0, width - 1)] + "…"


def status_text(status: str | None, group: StatusGroup) -> Text:
    """The exact status, coloured by its group; a missing status shows as ``?``."""
    return Text(clean(status) if status else "?", style=GROUP_STYLES[group], no_wrap=True)


def format_gb(size: int | None) -> str:
    """A size given in GB (the API's unit), shortened to TB from 10,000 GB."""
    if size is None:
        return "?"
    if size >= 10_000:
        return f"{size / 1000:.1f} TB"
    return f"{size:,} GB"


def relative(when: datetime | None, now: datetime) -> str:
    """Human age of ``when`` compared with ``now``: "12 s ago", "3 h ago", "in 5 min"."""
    if when is None:
        return "?"
    seconds = (now - when).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        amount = f"{int(seconds)} s"
    elif seconds < 3600:
        amount = f"{int(seconds // 60)} min"
    elif seconds < 86400:
        amount = f"{int(seconds // 3600)} h"
    elif seconds < 86400 * 365:
        amount = f"{int(seconds // 86400)} d"
    else:
        amount = f"{seconds / (86400 * 365):.1f} y"
    return f"in {amount}" if future else f"{amount} ago"


def local_time(when: datetime | None, zone: tzinfo | None = None) -> str:
    """``YYYY-MM-DD HH:MM`` in ``zone`` (the machine's local zone when ``None``)."""
    if when is None:
        return "?"
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def iso_time(when: datetime | None, zone: tzinfo | None = None) -> str:
    """Full ISO 8601 with offset, in ``zone`` (local when ``None``)."""
    if when is None:
        return "?"
    return when.astimezone(zone).isoformat(timespec="seconds")


def short_id(value: str) -> str:
    """The first block of a UUID: enough to tell rows apart, short enough for 80 columns."""
    return clean(value.split("-", 1)[0][:8])
