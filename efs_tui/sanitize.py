"""Make untrusted text (from the API or the user) safe to put on a terminal.

Snapshot names and descriptions come from the OVHcloud API, so anybody with write
access to the account controls them. Two separate dangers follow:

* Rich/Textual *markup*: ``[bold red]x[/]`` must show as those characters, never as
  style. That is handled where the text is displayed (``rich.text.Text``, or
  ``markup=False``), not here.
* *Characters* that the terminal interprets or that hide what is really there: an
  ESC could start a terminal escape sequence, a newline breaks a one-line layout,
  and bidi overrides (the "Trojan Source" trick) make a name read differently from
  what it is. :func:`safe_text` swaps those for visible stand-ins.

This module has no Textual import: the TUI, the validation of user input, the
scriptable CLI and the audit log all share this one idea of which characters are unsafe.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

#: Invisible bidirectional formatting characters: embeddings and overrides
#: (U+202A to U+202E), isolates (U+2066 to U+2069) and the direction marks
#: (ALM U+061C, LRM U+200E, RLM U+200F). All can make text read differently
#: from what it is (the "Trojan Source" trick).
BIDI_CONTROLS = frozenset(
    chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x061C, 0x200E, 0x200F)
)

#: Characters that end a line in some renderers although they are not C0 controls.
LINE_SEPARATORS = frozenset({"\u2028", "\u2029"})

#: Shown in place of a character that has no dedicated visible symbol.
REPLACEMENT = "\ufffd"

#: Shown for missing values (``None`` or empty) in dialogs.
MISSING = "—"

_C0_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "backspace",
    0x09: "tab",
    0x0A: "newline",
    0x0D: "carriage return",
    0x1B: "ESC",
}


def is_unsafe_char(char: str) -> bool:
    """Whether one character must not be shown raw nor accepted from the user.

    Covers the C0 controls (including NUL, tab, newline and ESC), DEL, the C1
    controls, lone surrogates (they cannot be encoded to send to the API), the
    Unicode line/paragraph separators and the bidi embedding/override/isolate
    characters.
    """
    category = unicodedata.category(char)
    return category in ("Cc", "Cs") or char in BIDI_CONTROLS or char in LINE_SEPARATORS


def describe_char(char: str) -> str:
    """A short human name for an unsafe character, for error messages.

    Example: ``"ESC (U+001B)"`` or ``"RIGHT-TO-LEFT OVERRIDE (U+202E)"``.
    """
    code = ord(char)
    if code in _C0_NAMES:
        name = _C0_NAMES[code]
    elif code < 0x20:
        name = "control character"
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code < 0xA0:
        name = "C1 control character"
    else:
        name = unicodedata.name(char, "invalid character")
    return f"{name} (U+{code:04X})"


def _visible(char: str) -> str:
    """The stand-in for one unsafe character.

    C0 controls and DEL have dedicated glyphs in the Unicode "Control Pictures"
    block (``␛`` for ESC, ``␊`` for newline), which tell the reader *what* was
    there; everything else becomes the replacement character.
    """
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return REPLACEMENT


def safe_text(s: str, *, keep_newlines: bool = False) -> str:
    """Return ``s`` with every unsafe character replaced by a visible stand-in.

    The result is still *plain text*: display it with ``rich.text.Text`` or with
    ``markup=False`` so that brackets are not read as markup.

    Args:
        s: Untrusted text, typically a name or description from the API.
        keep_newlines: keep newlines and tabs as they are (for multi-line panels).

    Returns:
        The same text, one character for one character, with controls shown as
        Control Pictures (``␛``, ``␀``, ``␊``) and bidi/other invisibles as ``�``.
    """
    if s.isprintable():
        return s  # fast path: printable text has no Cc, Cs, Cf (bidi) nor Zl/Zp characters
    kept = "\n\t" if keep_newlines else ""
    return "".join(_visible(char) if is_unsafe_char(char) and char not in kept else char for char in s)


def safe_or_missing(s: str | None) -> str:
    """:func:`safe_text` for optional API fields: ``None`` or empty shows as :data:`MISSING`."""
    return safe_text(s) if s else MISSING


def format_utc(value: datetime | None) -> str:
    """Render a timestamp as ISO 8601 in UTC with a ``Z`` suffix, second precision.

    UTC because that is what the OVHcloud Manager shows, so dates can be compared
    with it; naive values are taken to be UTC already (as the models parse them).
    """
    if value is None:
        return MISSING
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
