"""The planner page's decision frontier: which (τ, σ) choices make a return feasible.

A fragment of its own, loaded after the plan: a small grid of the optimized plan's
political choices on the page's date, solved by :mod:`lockstep.sweeps` (the same solves
and summary as ``lockstep frontier``, never recomputed here), once per date and record.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Hashable
from typing import Any

from fastapi import Request

from lockstep.web.cache import ResultCache

#: The page's grid: τ [points] across, both trust choices σ [points] down. Small, so the
#: first visit of a date costs seconds; ``lockstep frontier`` sweeps a larger one.
FRONTIER_TAU = (10, 30, 50, 100)
FRONTIER_SIGMA_US = (0, 50)
FRONTIER_SIGMA_IRAN = (0, 50)
#: CP-SAT limit per cell [s] (deterministic work budget, one solver thread).
FRONTIER_TIME_LIMIT_S = 1.0
#: Solver statuses of a search stopped by its time limit.
UNPROVEN = ("FEASIBLE", "UNKNOWN")
#: Most cells one request may ask for [count] (each is a CP-SAT solve).
MAX_CELLS = 36
#: Dates whose frontier is kept [count].
CACHE_DATES = 32

_LOCK = threading.Lock()
_COMPUTING: dict[Hashable, threading.Lock] = {}


def _cache(request: Request) -> ResultCache:
    caches: dict[str, ResultCache] = request.app.state.caches
    with _LOCK:
        if "frontier" not in caches:
            caches["frontier"] = ResultCache(CACHE_DATES)
        return caches["frontier"]


def _numbers(params: dict[str, str], name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    from lockstep.sweeps import parse_numbers

    text = params.get(name)
    return default if not text else parse_numbers(text, name)


def frontier_rows(
    day: dt.date,
    taus: tuple[int, ...] = FRONTIER_TAU,
    sigmas_us: tuple[int, ...] = FRONTIER_SIGMA_US,
    sigmas_iran: tuple[int, ...] = FRONTIER_SIGMA_IRAN,
) -> list[dict[str, Any]]:
    """The sweep's rows for the grid on ``day`` (one deterministic solve per cell)."""
    from lockstep.sweeps import grid
    from lockstep.sweeps.solve import solve_chunk

    choices = grid([day], tau=taus, sigma_us=sigmas_us, sigma_iran=sigmas_iran)
    # In this process, one cell after another: one core stays free for the plans.
    return solve_chunk(choices, None, time_limit_s=FRONTIER_TIME_LIMIT_S)


def frontier_context(request: Request, params: dict[str, str]) -> dict[str, Any]:
    """The fragment's context: the grid, the chart, the flips in words, the cells."""
    from lockstep.errors import DomainError
    from lockstep.web.deps import parse_day, record_of, today

    day = parse_day(params.get("as_of"), "as_of", today())
    taus = _numbers(params, "tau", FRONTIER_TAU)
    sigmas_us = _numbers(params, "sigma_us", FRONTIER_SIGMA_US)
    sigmas_iran = _numbers(params, "sigma_iran", FRONTIER_SIGMA_IRAN)
    cells = len(taus) * len(sigmas_us) * len(sigmas_iran)
    if cells > MAX_CELLS:
        raise DomainError("tau", f"a grid of at most {MAX_CELLS} cells (got {cells})")
    key = ("frontier", id(record_of(request)), day, taus, sigmas_us, sigmas_iran)
    cache = _cache(request)
    context: dict[str, Any] | None = cache.peek(key)
    if context is None:
        # One computation per date: a second visitor waits for the first one's result.
        with _LOCK:
            lock = _COMPUTING.setdefault(key, threading.Lock())
        with lock:
            context = cache.get_or_compute(key, lambda: _summary(day, taus, sigmas_us, sigmas_iran))
        with _LOCK:
            _COMPUTING.pop(key, None)
    assert context is not None
    return context


def _summary(
    day: dt.date, taus: tuple[int, ...], sigmas_us: tuple[int, ...], sigmas_iran: tuple[int, ...]
) -> dict[str, Any]:
    from lockstep.report.charts_frontier import frontier_chart, outcome
    from lockstep.sweeps import describe, frontier
    from lockstep.sweeps.frontier import CELL

    rows = frontier_rows(day, taus, sigmas_us, sigmas_iran)
    result = frontier(rows)
    status_of = {tuple(r[k] for k in CELL): r["solver_status"] for r in rows}

    def unproven(flip: Any) -> bool:
        # A flip read off a cell whose search stopped at its limit (a plan not proven the
        # fastest, or none found) may be the time limit's doing, not the choice's.
        ends = ({**flip.base, flip.choice: flip.before}, {**flip.base, flip.choice: flip.after})
        return any(status_of.get(tuple(e[k] for k in CELL)) in UNPROVEN for e in ends)

    statuses = [r["solver_status"] for r in rows]
    feasible = sum(bool(c["feasible"]) for c in result.cells)
    chart = frontier_chart(
        "plan-frontier",
        f"Decision frontier on {day}: the optimized plan by τ and σ",
        "Each cell is one optimized synchronized plan on the page's date: green where a plan "
        "exists (its day of full compliance written in), orange where none can meet the "
        "bounds, grey where the search found none within its time limit; τ is how far either "
        "side may run ahead of the other, σ how much each trusts before verification.",
        result.cells,
        statuses,
    )
    return {
        "day": day,
        "chart": chart,
        "flips": [
            {"change": change, "effect": effect, "held": held, "unproven": unproven(flip)}
            for (change, effect, held), flip in zip(describe(result), result.flips, strict=True)
        ],
        "feasible": feasible,
        "total": len(result.cells),
        "cells": [
            {**c, "outcome": outcome(c, s), "solver_status": s}
            for c, s in zip(result.cells, statuses, strict=True)
        ],
        "grid": {
            "tau": taus,
            "sigma_us": sigmas_us,
            "sigma_iran": sigmas_iran,
            "time_limit_s": FRONTIER_TIME_LIMIT_S,
        },
        "frontier": result,
    }
