"""Make untrusted text (from the API or the user) safe to put on a terminal.

Snapshot names and descriptions come from the OVHcloud API, so anybody with write
access to the account controls them. Two separate dangers follow:

* Rich/Textual *markup*: ``[bold red]x[/]`` must show as those characters, never as
  style. That is handled where the text is displayed (``rich.text.Text``, or
  ``markup=False``), not here.
* *Characters* that the terminal interprets or that hide what is really there: an
  ESC could start a terminal escape sequence, a newline breaks a one-line layout,
  and bidi overrides (the "Trojan Source" trick) make a name read differently from
  what it is. Zero-width joiners, variation selectors and skin-tone modifiers make
  terminals and Rich count different cell widths, which shifts table borders.
  :func:`safe_text` swaps all of those for visible stand-ins.

This module has no Textual import: the TUI, the validation of user input, the
scriptable CLI, the exports, the activity log and the audit log all share this one
idea of which characters are unsafe (:func:`is_unsafe_char`, or the equivalent
:data:`UNSAFE_CHARS` pattern for whole strings). Stand-ins differ by destination:
Control Pictures in the TUI (:func:`safe_text`; :func:`safe_label` also shows a
blank name as ``␠␠␠``), ``?`` in plain-text output
(:func:`replace_unsafe`), ``\\uXXXX`` escapes in JSON.

It also holds the one :func:`redact` (secrets out of any text) and the one UTC
timestamp format (:func:`utc_timestamp`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Final
from urllib.parse import quote

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


#: What replaces a secret in redacted text.
MASK: Final = "***"

#: Shown instead of an unsafe character in plain-text output (CLI, logs): ASCII, so pipes stay simple.
PLAIN_STAND_IN: Final = "?"

#: Invisible formatting characters (Unicode category Cf) beyond the bidi controls: zero-width space,
#: zero-width (non-)joiner, word joiner, soft hyphen, byte order mark, the tag characters of flag
#: sequences and the like. Written out as ranges (rather than asked of :mod:`unicodedata` at import,
#: which costs a scan of every code point) and wide enough for the Unicode versions of Python 3.11
#: to 3.13; a test checks every Cf code point of the running Python against them.
_FORMAT_RANGES: Final = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)

#: Characters whose width terminals and Rich disagree on, so a table's right border would shift:
#: variation selectors (VS16 turns a 1-cell symbol into a 2-cell emoji in Rich, not in tmux), the
#: emoji skin-tone modifiers (Rich joins them to the emoji before, tmux gives them 2 more cells),
#: the combining grapheme joiner and the Mongolian variation selectors. The zero-width joiner of
#: emoji sequences (U+200D) is in :data:`_FORMAT_RANGES`. Shown as stand-ins, every cell width is
#: the one both sides compute. The Hangul fillers are here too: they draw nothing, so a name made
#: of them looks blank.
_AMBIGUOUS_RANGES: Final = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x180B, 0x180D),
    (0x180F, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0x1F3FB, 0x1F3FF),
    (0xE0100, 0xE01EF),
)


def _char_class(ranges: Iterable[tuple[int, int]]) -> str:
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


#: Every unsafe character (see :func:`is_unsafe_char`) as one regular expression, for whole strings:
#: the C0 controls, DEL and the C1 controls (Unicode category Cc, U+0000-U+001F and U+007F-U+009F),
#: lone surrogates (category Cs, U+D800-U+DFFF), line separators, bidi controls, the other invisible
#: formatting characters (category Cf, among them the zero-width joiner) and the characters of
#: ambiguous width (variation selectors, skin-tone modifiers).
UNSAFE_CHARS: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff"
    + "".join(sorted(re.escape(char) for char in LINE_SEPARATORS | BIDI_CONTROLS))
    + _char_class(_FORMAT_RANGES)
    + _char_class(_AMBIGUOUS_RANGES)
    + "]"
)

#: Shown for each character of a name made only of spaces (U+2420 SYMBOL FOR SPACE): such a name
#: must not pass for no name at all. One character for one, like the other stand-ins.
BLANK_STAND_IN: Final = "\u2420"


def is_unsafe_char(char: str) -> bool:
    """Whether one character must not be shown raw nor accepted from the user.

    Covers the C0 controls (including NUL, tab, newline and ESC), DEL, the C1
    controls, lone surrogates (they cannot be encoded to send to the API), the
    Unicode line/paragraph separators, the bidi embedding/override/isolate
    characters, every other invisible formatting character (zero-width space and
    joiner, soft hyphen, BOM, tags) and the characters whose cell width terminals
    disagree on (variation selectors, emoji skin-tone modifiers). The one rule of
    the project: this is :data:`UNSAFE_CHARS`, character by character.
    """
    return UNSAFE_CHARS.match(char) is not None


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
    if UNSAFE_CHARS.search(s) is None:
        return s  # fast path: one scan in C for nearly every API string
    kept = "\n\t" if keep_newlines else ""
    return "".join(_visible(char) if char not in kept and is_unsafe_char(char) else char for char in s)


def replace_unsafe(s: str, stand_in: str = PLAIN_STAND_IN, *, keep_newlines: bool = False) -> str:
    """``s`` with every unsafe character replaced by ``stand_in`` (``?``): the plain-text twin of :func:`safe_text`.

    For output that is often piped into other tools (the CLI, log lines), where
    ASCII punctuation is friendlier than Control Pictures. ``keep_newlines``
    keeps newlines and tabs (multi-line messages).
    """
    if UNSAFE_CHARS.search(s) is None:
        return s
    kept = "\n\t" if keep_newlines else ""
    return "".join(stand_in if char not in kept and is_unsafe_char(char) else char for char in s)


def mark_blank(s: str) -> str:
    """``s`` with each character shown as :data:`BLANK_STAND_IN` when it is made only of whitespace.

    A name of three spaces is a real, distinct name: shown raw it reads as a missing
    one, and a confirmation could not tell it from another blank name. Text with any
    visible character is returned as is (inner and edge spaces stay spaces).
    """
    if not s or not s.isspace():
        return s
    return "".join(char if is_unsafe_char(char) else BLANK_STAND_IN for char in s)


def safe_label(s: str, *, keep_newlines: bool = False) -> str:
    """:func:`safe_text`, and a blank value made visible (:func:`mark_blank`): the rule for names and descriptions.

    The TUI shows every API value through this, so a name is never invisible, never
    several lines, never a command to the terminal, and takes exactly the cells it seems to.
    """
    return safe_text(mark_blank(s), keep_newlines=keep_newlines)


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every occurrence of each secret (and of its URL-encoded form) by ``***``.

    Secrets are replaced, not truncated: a partial secret still narrows a brute
    force, and ``***`` makes it obvious that something was hidden on purpose.
    Longer variants are replaced first so that a secret containing another one is
    masked whole. Empty and ``None`` entries are ignored, so callers can pass
    optional credential fields as they are.
    """
    variants: set[str] = set()
    for secret in secrets:
        if secret:
            variants.add(secret)
            variants.add(quote(secret, safe=""))
    for variant in sorted(variants, key=len, reverse=True):
        text = text.replace(variant, MASK)
    return text


def safe_or_missing(s: str | None) -> str:
    """:func:`safe_label` for optional API fields: ``None`` or empty shows as :data:`MISSING`."""
    return safe_label(s) if s else MISSING


def utc_timestamp(value: datetime) -> str:
    """A timestamp as RFC 3339 / ISO 8601 in UTC with a ``Z`` suffix, second precision.

    UTC because that is what the OVHcloud Manager shows, so dates can be compared
    with it, and exports from different sources sort as plain strings; naive
    values are taken to be UTC already (as the models parse them).
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    # isoformat, not strftime("%Y"): that writes year 5 as "5", not RFC 3339's four digits "0005".
    return value.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def format_utc(value: datetime | None) -> str:
    """:func:`utc_timestamp` for display: ``None`` shows as :data:`MISSING`."""
    return MISSING if value is None else utc_timestamp(value)
