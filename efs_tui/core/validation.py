"""Validate what the user typed for a snapshot's name and description.

Kept free of Textual so the rules can be unit-tested directly and reused by a
headless CLI. The dialog wraps these functions in a ``textual.validation``
validator for live feedback, and calls :func:`validate_draft` before dismissing.

The real API documents no limits. The OVHcloud Manager's form caps both fields at
255 characters; we cap the name at 64 because it is shown in a table column and
typed into confirmations, and we state both limits in the UI. Control characters
and bidi overrides are refused because they would be stored by the API and shown
back to every other tool as garbage or, worse, as misleading text.
"""

from __future__ import annotations

from dataclasses import dataclass

from efs_tui.core.sanitize import describe_char, is_unsafe_char

#: Longest snapshot name we accept, in characters, after trimming.
NAME_MAX = 64

#: Longest snapshot description we accept, in characters, after trimming.
DESCRIPTION_MAX = 255


@dataclass(frozen=True, slots=True)
class SnapshotDraft:
    """A snapshot's user-editable fields, trimmed and validated.

    ``None`` means "not given": on create the API then picks a name itself.
    """

    name: str | None = None
    description: str | None = None


def _trim_bounds(value: str) -> tuple[int, int]:
    """The ``[start, end)`` slice of ``value`` that :func:`trim` keeps."""
    start, end = 0, len(value)
    while start < end and value[start].isspace() and not is_unsafe_char(value[start]):
        start += 1
    while end > start and value[end - 1].isspace() and not is_unsafe_char(value[end - 1]):
        end -= 1
    return start, end


def trim(value: str) -> str:
    """Drop leading and trailing whitespace, but never a control character.

    ``str.strip`` would also remove tabs, newlines and the C0 "separator"
    controls; those are refused with a message instead, so that what is stored
    is never silently different from what was typed except for plain spaces.
    """
    start, end = _trim_bounds(value)
    return value[start:end]


def check_field(value: str, *, label: str, limit: int) -> list[str]:
    """Return the problems with one field, as sentences naming the field; empty if fine.

    Positions are 1-based and count characters in ``value`` exactly as typed
    (before trimming), so they match what the user sees in the input box.

    Args:
        value: The raw text of the field.
        label: The field's name for messages ("Name", "Description").
        limit: The maximum length in characters once trimmed.
    """
    errors: list[str] = []
    offset, end = _trim_bounds(value)
    stripped = value[offset:end]
    for index, char in enumerate(stripped):
        if is_unsafe_char(char):
            errors.append(f"{label}: {describe_char(char)} at position {offset + index + 1} is not allowed.")
            break  # one is enough to act on; listing 40 pasted ESCs helps nobody
    if len(stripped) > limit:
        errors.append(f"{label}: {len(stripped)} characters; the limit is {limit}.")
    return errors


def check_name(value: str) -> list[str]:
    """:func:`check_field` with the name's label and :data:`NAME_MAX`."""
    return check_field(value, label="Name", limit=NAME_MAX)


def check_description(value: str) -> list[str]:
    """:func:`check_field` with the description's label and :data:`DESCRIPTION_MAX`."""
    return check_field(value, label="Description", limit=DESCRIPTION_MAX)


def validate_draft(name: str, description: str) -> tuple[SnapshotDraft | None, list[str]]:
    """Trim and check both fields.

    Leading and trailing spaces are dropped silently (they are never intended and
    invisible in a table); a field that is then empty becomes ``None``. Both fields
    are optional, so two empty fields are a valid draft.

    Returns:
        ``(draft, [])`` when valid, else ``(None, messages)`` with one message per
        problem, each naming the field.
    """
    errors = check_name(name) + check_description(description)
    if errors:
        return None, errors
    return SnapshotDraft(name=trim(name) or None, description=trim(description) or None), []
