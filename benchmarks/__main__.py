"""Run every ``benchmarks/bench_*.py`` module (or those named) and print their figures.

Each module exposes ``main() -> list[tuple[str, float, str, str]]`` returning rows of
(benchmark name, measured value, unit, target), and may print details of its own.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def _modules(names: list[str]) -> list[str]:
    found = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    if not names:
        return found
    return [m for m in found if any(n in m for n in names)]


def main(argv: list[str]) -> None:
    rows: list[tuple[str, float, str, str]] = []
    for name in _modules(argv):
        module = importlib.import_module(f"benchmarks.{name}")
        rows.extend(module.main())
    width = max((len(r[0]) for r in rows), default=10)
    print(f"\n{'benchmark':<{width}}  {'measured':>14}  unit           target")
    for bench, value, unit, target in rows:
        print(f"{bench:<{width}}  {value:>14.4g}  {unit:<13}  {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
