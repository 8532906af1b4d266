"""One choice, one plan, one row: the unit of work a sweep distributes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from lockstep.sweeps.design import Choice

if TYPE_CHECKING:
    from lockstep.roadmap import Problem

#: CP-SAT search workers per solve. One, so that a Dask worker per core does not
#: oversubscribe the machine, and so that the search is the same on every run.
SOLVER_WORKERS = 1
#: Default CP-SAT time limit per solve [s]; deterministic solves stop on the solver's
#: own deterministic time well before it on the default problems.
TIME_LIMIT_S = 10.0


def _problem(catalogue: str | None, as_of: dt.date | None, lens: str, tranches: bool) -> Problem:
    """The planning problem of these choices on the record in use now."""
    from lockstep.record.load import record_version

    # Keyed by the record's version too: after `lockstep record add` (here or in another
    # process) a long-running server plans the record with the addition, not the old one.
    return _problem_of_record(catalogue, as_of, lens, tranches, record_version())


@lru_cache(maxsize=32)
def _problem_of_record(
    catalogue: str | None,
    as_of: dt.date | None,
    lens: str,
    tranches: bool,
    version: tuple[str, int | None, int],
) -> Problem:
    # Building a problem reads the record and the agreement: once per process, date and
    # version of the record (``version`` only keys the cache; problem_for loads it).
    from lockstep.roadmap import problem_for

    return problem_for(catalogue, as_of=as_of, lens=lens, tranches=tranches)


def solve(
    choice: Choice, *, catalogue: str | None = None, time_limit_s: float = TIME_LIMIT_S
) -> dict[str, Any]:
    """Plan ``choice`` deterministically and return its row (:data:`~.design.COLUMNS`).

    Parameters
    ----------
    choice
        The political choices.
    catalogue
        ``None`` for the measures generated from the gap on ``choice.as_of``, or a
        packaged catalogue name or YAML path (as ``lockstep plan --catalogue``).
    time_limit_s
        CP-SAT wall-clock limit per solve [s].

    Returns
    -------
    dict
        The choice's columns and the outcome: feasible, T_full [days], each side's
        exposure [points], breakout on day 0 [days], reason, solver status.
    """
    from lockstep.roadmap import make_plan, optimize
    from lockstep.roadmap.policy import with_removal_policy

    problem = with_removal_policy(
        _problem(catalogue, choice.as_of, choice.lens, choice.tranches), choice.policy
    )
    if choice.strategy == "optimized":
        plan = optimize(
            problem,
            tau=choice.tau,
            sigma_us=choice.sigma_us,
            sigma_iran=choice.sigma_iran,
            time_limit_s=time_limit_s,
            workers=SOLVER_WORKERS,
            deterministic=True,
        )
    else:
        plan = make_plan(problem, choice.strategy)
    metrics = plan.metrics
    return {
        **choice.as_row(),
        "feasible": plan.feasible,
        "t_full_days": metrics.t_full_days if metrics else None,
        "exposure_iran": metrics.exposure_iran if metrics else None,
        "exposure_us": metrics.exposure_us if metrics else None,
        "breakout_start_days": round(metrics.breakout_start_days, 2) if metrics else None,
        "reason": plan.reason,
        "solver_status": plan.solver.status if plan.solver else None,
    }


def solve_chunk(
    choices: Sequence[Choice], catalogue: str | None = None, time_limit_s: float = TIME_LIMIT_S
) -> list[dict[str, Any]]:
    """Rows of a chunk of choices, in order (one Dask task)."""
    return [solve(c, catalogue=catalogue, time_limit_s=time_limit_s) for c in choices]
