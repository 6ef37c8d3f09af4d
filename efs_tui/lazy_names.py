"""A package's public names, each imported from its submodule on first use (module ``__getattr__``, PEP 562).

One rule for every package that re-exports lazily, whatever its layer (it imports nothing of efs-tui):
- ``efs_tui.api`` and ``efs_tui.config``: resolving the credentials before the start-up prefetch forks
  must not drag in the HTTP client (httpx and ~95 modules) through a package ``__init__``;
- ``efs_tui.ui.dialogs`` and ``efs_tui.ui.flows``: the main screen refers to them but needs them only
  once a key runs one, so their modules (and the widgets they pull in) stay off the cold start.
Type checkers read the names from each package's ``TYPE_CHECKING`` imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, MutableMapping
from typing import Any


def lazy_names(
    package: str, modules: dict[str, str], namespace: MutableMapping[str, Any] | None = None
) -> Callable[[str], Any]:
    """The ``__getattr__`` for ``package``: ``modules`` maps each public name to the module defining it.

    A module name may be relative to ``package`` (``".client"``). With ``namespace`` (the package's
    ``globals()``), a name once imported is kept there, so the next lookup never reaches ``__getattr__``.
    """

    def __getattr__(name: str) -> Any:
        try:
            module = modules[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module, package), name)
        if namespace is not None:
            namespace[name] = value
        return value

    return __getattr__
