"""The hand-written TOML writer: everything it writes reads back identically with tomllib."""

from __future__ import annotations

import tomllib

import pytest

from efs_tui.config.toml_writer import dumps


@pytest.mark.parametrize(
    "value",
    ["", "plain", 'quote " and \\ backslash', "tab\tnew\nline\r", "\x00\x1f\x7f", "accents é ✓ 🙂", "'single'"],
)
def test_strings_round_trip(value: str) -> None:
    assert tomllib.loads(dumps({"k": value}))["k"] == value


def test_nested_tables_scalars_lists_and_quoted_keys() -> None:
    data = {
        "default_profile": "my.prof",
        "n": 3,
        "x": 0.25,
        "flag": False,
        "tags": ["a", "b"],
        "ui": {"theme": "nord"},
        "profiles": {"my.prof": {"endpoint": "http://127.0.0.1:1/1.0", "read_only": True}, "b": {}},
    }
    assert tomllib.loads(dumps(data)) == data


def test_none_values_are_left_out_and_header_is_a_comment() -> None:
    text = dumps({"a": None, "b": 1}, header="line one\nline two")
    assert text.startswith("# line one\n# line two\n")
    assert tomllib.loads(text) == {"b": 1}


def test_unsupported_type_is_refused() -> None:
    with pytest.raises(TypeError):
        dumps({"a": object()})
