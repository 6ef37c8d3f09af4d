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

#: Colour of each status group (Manager grouping): active green, pending yellow, error red.
GROUP_STYLES: dict[StatusGroup, str] = {
    StatusGroup.ACTIVE: "green",
    StatusGroup.PENDING: "yellow",
    StatusGroup.ERROR: "bold red",
    StatusGroup.UNKNOWN: "magenta",
}

#: Unicode direction overrides can make a name display differently from what it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def _visible(char: str, keep_newlines: bool) -> str:
    code = ord(char)
    if char == "\x1b":
        return "␛"
    if char in "\n\t" and keep_newlines:
        return char
    if char == "\n":
        return "⏎"
    if char == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "control pictures": ␀ ␁ … ␟
    if code == 0x7F:
        return "␡"
    if 0x80 <= code <= 0x9F or char in _BIDI_CONTROLS:
        return f"\\u{code:04x}"
    return char


def clean(value: object, *, keep_newlines: bool = False) -> str:
    """Return ``value`` as a string with every control character made visible.

    Args:
        value: anything; ``None`` becomes the empty string.
        keep_newlines: keep ``\\n`` and tabs (for multi-line panels); otherwise
            newlines become ``⏎`` so a table cell stays on one line.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == "\u200d" else _visible(c, keep_newlines) for c in text)


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
