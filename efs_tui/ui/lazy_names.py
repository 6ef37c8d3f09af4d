"""A package's public names, each imported from its submodule on first use (module ``__getattr__``, PEP 562).

The dialogs and the write flows are packages whose names the main screen refers to but
needs only once a key runs one: loading them lazily keeps their modules (and the Textual
widgets they pull in) off the cold start (benchmark scenario 1). Type checkers read the
names from each package's ``TYPE_CHECKING`` imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, modules: Mapping[str, str]) -> Callable[[str], Any]:
    """The ``__getattr__`` for ``package``: ``modules`` maps each public name to the submodule defining it."""

    def __getattr__(name: str) -> Any:
        try:
            module = modules[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        return getattr(importlib.import_module(module), name)

    return __getattr__
