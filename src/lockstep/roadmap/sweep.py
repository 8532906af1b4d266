"""The time/exposure trade-off: the optimized plan over a range of reciprocity bounds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lockstep.roadmap.optimize import optimize
from lockstep.roadmap.plan import Plan
from lockstep.roadmap.problem import Problem


@dataclass(frozen=True)
class SweepRow:
    """One row of the tau sweep (the time/exposure Pareto table).

    Attributes
    ----------
    tau
        Reciprocity bound [points].
    plan
        The optimized plan at that bound.
    pareto
        Whether no other feasible row is at least as good on both T_full and the larger
        exposure, and better on one.
    """

    tau: int
    plan: Plan
    pareto: bool


def sweep_tau(
    problem: Problem,
    taus: Sequence[int] = (100, 80, 60, 50, 45, 40, 35, 30, 25, 20),
    *,
    sigma_us: int | None = None,
    sigma_iran: int | None = None,
    time_limit_s: float = 10.0,
    workers: int | None = None,
    seed: int = 0,
    tranche_model: str = "merge",
    deterministic: bool = False,
) -> list[SweepRow]:
    """Optimize at each tau (sigma_iran = tau unless given) and mark the Pareto rows."""
    plans = [
        (
            tau,
            optimize(
                problem,
                tau=tau,
                sigma_us=sigma_us,
                sigma_iran=sigma_iran,
                time_limit_s=time_limit_s,
                workers=workers,
                seed=seed,
                tranche_model=tranche_model,
                deterministic=deterministic,
            ),
        )
        for tau in taus
    ]
    points = {
        tau: (p.metrics.t_full_days or 0, max(p.metrics.exposure_iran, p.metrics.exposure_us))
        for tau, p in plans
        if p.feasible and p.metrics is not None
    }
    rows = []
    for tau, p in plans:
        pareto = tau in points and not any(
            o[0] <= points[tau][0] and o[1] <= points[tau][1] and o != points[tau]
            for t2, o in points.items()
            if t2 != tau
        )
        rows.append(SweepRow(tau, p, pareto))
    return rows
