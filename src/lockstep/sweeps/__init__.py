"""Sweeps of the planner's political choices, and the decision frontier they draw.

* :mod:`~lockstep.sweeps.design`: the choices (a grid or a sampled design) and the
  table's columns;
* :mod:`~lockstep.sweeps.solve`: one choice, one deterministic plan, one row;
* :mod:`~lockstep.sweeps.run`: many choices on Dask (in process, a local cluster or a
  real scheduler), chunked, written as they finish and resumable;
* :mod:`~lockstep.sweeps.frontier`: feasibility and T_full by (tau, sigma) cell, and the
  single choices that flip a plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lockstep._lazy import attach

if TYPE_CHECKING:
    from lockstep.sweeps.design import COLUMNS, Choice, grid, parse_numbers, sampled
    from lockstep.sweeps.frontier import Frontier, describe, frontier
    from lockstep.sweeps.run import SweepProgress, run_sweep
    from lockstep.sweeps.solve import solve, solve_chunk

if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, __file__)

__all__ = [
    "COLUMNS",
    "Choice",
    "Frontier",
    "SweepProgress",
    "describe",
    "frontier",
    "grid",
    "parse_numbers",
    "run_sweep",
    "sampled",
    "solve",
    "solve_chunk",
]
