"""The ``[keys]`` table of config.toml, checked against the command registry before Textual's keymap gets it.

A typo in the user's file must not stop the app nor silently do nothing: each
entry that cannot be used is left out with a sentence saying why (unknown id,
not a key name, a key already taken), and the rest applies.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.keys import Keys, key_to_character

from efs_tui.ui.keys import BY_ID, REGISTRY, Command, display_key

_MODIFIERS = frozenset({"ctrl", "alt", "shift", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(key.value for key in Keys)


def valid_key(key: str) -> bool:
    """Whether ``key`` is a key Textual can deliver (``x``, ``?``, ``ctrl+x``, ``f5``, ``delete``)."""
    if not key or key != key.strip():
        return False
    if len(key) == 1:
        return key.isprintable()
    *modifiers, base = key.split("+")
    if not base or any(m not in _MODIFIERS for m in modifiers):
        return False
    return len(base) == 1 or base in _NAMED_KEYS or key in _NAMED_KEYS or key_to_character(base) is not None


def check_keymap(raw: Mapping[str, object]) -> tuple[dict[str, str], list[str]]:
    """The usable part of a ``[keys]`` table and a warning for each entry left out.

    Unknown ids, non-string values and keys Textual does not know are dropped (with
    a warning that says which); two actions on the same key are reported, and the
    later one in the registry is left on its default key.
    """
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in raw.items():
        if binding_id not in BY_ID:
            problems.append(f"[keys] {binding_id}: unknown id (the README's Keys section lists them)")
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(f'[keys] {binding_id}: expected a key such as "x" or "ctrl+x", got {value!r}')
            continue
        parts = [part.strip() for part in value.split(",")]
        bad = [part for part in parts if not valid_key(part)]
        if bad:
            problems.append(f"[keys] {binding_id}: {', '.join(repr(b) for b in bad)} is not a key name")
            continue
        keymap[binding_id] = ",".join(parts)
    while True:
        clash = _first_clash(keymap)
        if clash is None:
            break
        binding_id, message = clash
        problems.append(f"[keys] {binding_id}: {message}; ignored")
        del keymap[binding_id]
    return keymap, problems


WIDGET_KEYS = frozenset(
    display_key(k)
    for k in (
        *("j", "k", "h", "l", "g", "G", "up", "down", "left", "right"),
        *("pageup", "pagedown", "home", "end", "enter", "space", "tab", "shift+tab", "ctrl+p"),
    )
)
"""Keys the focused tree or table (or Textual) handle first: a screen key on one of them would never run."""


def _live_together(one: Command, other: Command) -> bool:
    """Whether two keys can be pressed on the same screen (an app key is live on every one)."""
    return one.screen == other.screen or "app" in (one.screen, other.screen)


def _first_clash(keymap: Mapping[str, str]) -> tuple[str, str] | None:
    """The first rebound id whose key is taken (by another action or a widget), with the reason."""
    owners: dict[str, list[Command]] = {}
    for command in REGISTRY:
        if command.bound:
            for key in keymap.get(command.id, command.keys).split(","):
                owners.setdefault(display_key(key), []).append(command)
    for binding_id, keys in keymap.items():
        rebound = BY_ID[binding_id]
        for key in keys.split(","):
            shown = display_key(key)
            if shown in WIDGET_KEYS:
                return binding_id, f"{shown} moves the cursor in the tree and the table"
            others = [o.id for o in owners.get(shown, []) if o.id != binding_id and _live_together(o, rebound)]
            if others:
                return binding_id, f"{shown} is already the key of {others[0]}"
    return None
