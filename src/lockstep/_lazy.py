"""Package attributes imported on first use (PEP 562).

A package's ``__init__`` names what it exports in an ``if TYPE_CHECKING:`` block of
``from ... import ...`` statements; :func:`attach` reads that block and returns the
module ``__getattr__`` and ``__dir__`` that import each name when it is first asked for.
The block is the single list of exports: type checkers read it as ordinary imports, and
at run time nothing is imported until it is used, so ``lockstep status`` does not pay
for the planner's solver or the scenario schema (issue 15: start-up time).
"""

from __future__ import annotations

import ast
import importlib
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any


class _LazyPackage(types.ModuleType):
    """A package some of whose exports share their name with the submodule defining them.

    Importing a submodule sets it as an attribute of its package, which would hide an
    export of the same name (``roadmap.optimize`` the function, defined in
    ``roadmap/optimize.py``). An eager ``from .optimize import optimize`` in the package
    replaced the module by the function; this does the same when the submodule arrives.
    """

    _shadowed: frozenset[str] = frozenset()

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self._shadowed and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def exports_of(init_file: str | Path) -> dict[str, str]:
    """Names imported in the ``if TYPE_CHECKING:`` block of a package's ``__init__``.

    Parameters
    ----------
    init_file
        Path of the package's ``__init__.py``.

    Returns
    -------
    dict[str, str]
        Exported name -> absolute name of the module that defines it.
    """
    tree = ast.parse(Path(init_file).read_text("utf-8"))
    exports: dict[str, str] = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and _is_type_checking(node.test)):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
                for alias in statement.names:
                    exports[alias.asname or alias.name] = statement.module
    return exports


def attach(
    package: str, init_file: str | Path
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module ``__getattr__`` and ``__dir__`` for a package with lazy exports.

    Parameters
    ----------
    package
        The package's ``__name__``.
    init_file
        The package's ``__file__``.

    Returns
    -------
    tuple
        ``(__getattr__, __dir__)`` to assign at module level.
    """
    exports = exports_of(init_file)
    module_object = sys.modules[package]
    shadowed = frozenset(n for n, m in exports.items() if m == f"{package}.{n}")
    if shadowed:
        module_object.__class__ = _LazyPackage
        module_object._shadowed = shadowed  # type: ignore[attr-defined]

    def __getattr__(name: str) -> Any:  # noqa: N807 (the module hook's required name)
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        # Cached on the package: the next access is an ordinary attribute lookup.
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted({*exports, *vars(sys.modules[package])})

    return __getattr__, __dir__
