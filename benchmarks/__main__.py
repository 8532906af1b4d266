"""Run the benchmarks and print each figure with its target and measured/target ratio.

Usage::

    python -m benchmarks                 # every bench_*.py module, full sizes
    python -m benchmarks --quick         # every module at small sizes (what CI runs)
    python -m benchmarks roadmap cli     # the modules named (bench_roadmap, bench_cli)

A ratio <= 1 meets the target. Exit status: 2 for an unknown argument or module; 1 if a
benchmark raised, or in quick mode if a figure misses its target by more than
:data:`GROSS_MISS` (quick runs share a busy machine, so ordinary misses are
informative; a miss that large means a lost vectorization or an accidental quadratic
loop, not noise); else 0.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import sys
import time
import traceback
from pathlib import Path

import benchmarks

#: Quick mode fails on a measured/target ratio above this (see the module docstring).
GROSS_MISS = 25.0
#: Modules quick mode leaves out, and why (printed with the results).
QUICK_SKIP = {
    "sweep": "starts Dask clusters of worker processes; did not finish within 10 min on the "
    "shared CI machine (the Dask tests, marker 'dask', cover the sweep); run it with "
    "'python -m benchmarks sweep'",
}
_TARGET = re.compile(r"^\s*(<=|<|>=|>)\s*([0-9.eE+-]+)\s*(\S*)")
_SECONDS = {"s": 1.0, "ms": 1e-3, "us": 1e-6}


def available() -> list[str]:
    """Names of the benchmark modules (``bench_*`` without the prefix), sorted."""
    folder = str(Path(__file__).parent)
    names = (m.name for m in pkgutil.iter_modules([folder]))
    return sorted(n.removeprefix("bench_") for n in names if n.startswith("bench_"))


def ratio(value: float, unit: str, target: str) -> float | None:
    """Measured/target (<= 1 meets it; for "higher is better" targets, target/measured)."""
    match = _TARGET.match(target)
    if match is None:
        return None
    sign, number, target_unit = match.group(1), float(match.group(2)), match.group(3)
    base = unit.split("/")[0]
    wanted = target_unit.split("/")[0]
    if wanted in _SECONDS and base in _SECONDS:
        number *= _SECONDS[wanted] / _SECONDS[base]
    if sign.startswith("<"):
        return value / number if number else None
    return number / value if value else float("inf")


def parse(argv: list[str]) -> tuple[bool, list[str]]:
    """(quick, module names); SystemExit(2) with a message for anything unknown."""
    quick = False
    names: list[str] = []
    known = available()
    for arg in argv:
        if arg == "--quick":
            quick = True
        elif arg in ("-h", "--help"):
            print(__doc__)
            raise SystemExit(0)
        elif arg.removeprefix("bench_") in known:
            names.append(arg.removeprefix("bench_"))
        else:
            print(
                f"error: unknown argument {arg!r}; expected --quick or module names "
                f"({', '.join(known)})",
                file=sys.stderr,
            )
            raise SystemExit(2)
    return quick, names or known


def main(argv: list[str]) -> int:
    quick, names = parse(argv)
    benchmarks.QUICK = quick
    if quick:  # for modules that read the environment (bench_sweep)
        os.environ["LOCKSTEP_BENCH_QUICK"] = "1"
    rows: list[tuple[str, float, str, str, float | None]] = []
    failed: list[str] = []
    began = time.perf_counter()
    for name in names:
        if quick and name in QUICK_SKIP and len(names) > 1:
            print(f"--- bench_{name}: skipped in quick mode ({QUICK_SKIP[name]})", flush=True)
            continue
        print(f"--- bench_{name}{' (quick)' if quick else ''}", flush=True)
        try:
            module = importlib.import_module(f"benchmarks.bench_{name}")
            for bench, value, unit, target in module.main():
                rows.append((bench, value, unit, target, ratio(value, unit, target)))
        except Exception:  # a broken benchmark is reported and fails the run
            traceback.print_exc()
            failed.append(f"bench_{name} raised")
    width = max((len(r[0]) for r in rows), default=10)
    print(f"\n{'benchmark':<{width}}  {'measured':>12}  {'unit':<8}  {'target':<14}  ratio")
    for bench, value, unit, target, r in rows:
        shown = "-" if r is None else f"{r:.2f}" + ("" if r <= 1 else "  (missed)")
        print(f"{bench:<{width}}  {value:>12.4g}  {unit:<8}  {target:<14}  {shown}")
        if quick and r is not None and r > GROSS_MISS:
            failed.append(f"{bench}: {r:.1f} x its target")
    print(f"\n{len(rows)} figures from {len(names)} modules in {time.perf_counter() - began:.1f} s")
    for line in failed:
        print(f"FAILED: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
