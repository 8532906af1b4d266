"""Imports inside lockstep go one way: no circles, and no layer imports a higher one.

The graph is read from the source with ``ast``, so it counts every import, module-level,
deferred (inside a function) and ``TYPE_CHECKING`` alike: a deferred import hides a
circle from Python, not from the reader.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: Layer of each top-level subpackage, lowest first (docs/architecture.md):
#: physics <- agreement, record <- compliance, roadmap, assessment <- cli, web, report;
#: ``sweeps`` (many roadmap solves on Dask) sits beside roadmap.
#: ``errors`` (the error tree), ``store`` (the database) and ``data`` sit below them all.
LAYERS: dict[str, int] = {
    "errors": 0,
    "files": 0,
    "_lazy": 0,
    "parsed_cache": 0,
    "data": 0,
    "store": 0,
    "physics": 1,
    "agreement": 2,
    "record": 2,
    "compliance": 3,
    "roadmap": 3,
    "assessment": 3,
    "sweeps": 3,
    "cli": 4,
    "web": 4,
    "report": 4,
    "__main__": 5,
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "lockstep").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()

    def known(name: str) -> str:
        while name not in modules and "." in name:
            name = name.rsplit(".", 1)[0]
        return name

    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parent, base] if base else parent)
                # "from pkg import name": the submodule pkg.name if there is one, else pkg.
                targets = [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for target in targets:
                if target.split(".")[0] == "lockstep":
                    resolved = known(target)
                    if resolved != module:
                        graph[module].add(resolved)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_the_graph_sees_known_edges() -> None:
    # Guards the reader itself: a graph that lost its edges would pass everything below.
    graph = _import_graph()
    assert "lockstep.agreement.schema" in graph["lockstep.agreement.checks"]
    assert "lockstep.roadmap.catalogue_checks" in graph["lockstep.roadmap.catalogue_file"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_circles() -> None:
    cycles = _cycles(_import_graph())
    assert not cycles, "import circles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_every_subpackage_has_a_layer() -> None:
    packages = {m.split(".")[1] for m in _modules() if m.count(".") >= 1}
    assert packages <= set(LAYERS), f"add to LAYERS: {sorted(packages - set(LAYERS))}"


@pytest.mark.parametrize("low", sorted(set(LAYERS.values())))
def test_imports_point_down_the_layers(low: int) -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in _import_graph().items()
        for target in targets
        if _layer(module) == low and (_layer(target) or 0) > low
    ]
    assert not upward, "imports against the layers: " + ", ".join(sorted(upward))
