"""The synchronized-return planner (model.md, four layers).

* catalogue: :func:`load_catalogue`, :func:`default_catalogue`, :func:`worked_example`,
  and the target regime (:func:`load_target`);
* scheduler: :func:`make_plan` dispatches to the rule-based strategies
  (:func:`plan_rule_based`) and CP-SAT (:func:`optimize`, :func:`sweep_tau`);
* evaluator: :func:`evaluate`, the only place metrics are computed;
* checks and analyses: :func:`validate`, :func:`monte_carlo`, :func:`defection`,
  :func:`point_of_no_return`.

Example
-------
>>> from lockstep.roadmap import build_problem, make_plan, worked_example
>>> plan = make_plan(build_problem(worked_example()), "sync")
>>> plan.metrics.t_full_days
51
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lockstep._lazy import attach

if TYPE_CHECKING:
    from lockstep.roadmap.catalogue import Catalogue, Measure
    from lockstep.roadmap.catalogue_file import (
        catalogue_from_dict,
        default_catalogue,
        load_catalogue,
        worked_example,
    )
    from lockstep.roadmap.evaluator import Evaluation, evaluate
    from lockstep.roadmap.generated import problem_for
    from lockstep.roadmap.no_return import (
        NoReturnResult,
        ReturnAssumptions,
        point_of_no_return,
        restorable_breakout,
        states_for_analysis,
    )
    from lockstep.roadmap.optimize import optimize
    from lockstep.roadmap.plan import STRATEGIES, Metrics, Plan, Schedule, ScheduledItem
    from lockstep.roadmap.problem import Problem, build_problem
    from lockstep.roadmap.robustness import defection, monte_carlo
    from lockstep.roadmap.strategies import plan_rule_based
    from lockstep.roadmap.sweep import SweepRow, sweep_tau
    from lockstep.roadmap.target import TargetRegime, load_target
    from lockstep.roadmap.validate import Violation, validate

if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, __file__)


def make_plan(
    problem: Problem,
    strategy: str,
    *,
    tau: int | None = None,
    sigma_us: int | None = None,
    sigma_iran: int | None = None,
    time_limit_s: float = 10.0,
) -> Plan:
    """Build one strategy's plan on ``problem``.

    Parameters
    ----------
    problem
        The resolved problem (:func:`build_problem`).
    strategy
        One of :data:`STRATEGIES`.
    tau, sigma_us, sigma_iran
        Bounds for ``optimized`` [points] (catalogue defaults when None).
    time_limit_s
        CP-SAT time limit for ``optimized`` [s].

    Raises
    ------
    DataError
        For an unknown strategy.
    """
    from lockstep.roadmap.optimize import optimize
    from lockstep.roadmap.strategies import plan_rule_based

    if strategy == "optimized":
        return optimize(
            problem, tau=tau, sigma_us=sigma_us, sigma_iran=sigma_iran, time_limit_s=time_limit_s
        )
    return plan_rule_based(problem, strategy)


def compare(
    problem: Problem,
    *,
    tau: int | None = None,
    sigma_us: int | None = None,
    sigma_iran: int | None = None,
    time_limit_s: float = 10.0,
) -> list[Plan]:
    """Every strategy's plan on the same problem, in :data:`STRATEGIES` order."""
    from lockstep.roadmap.plan import STRATEGIES

    return [
        make_plan(
            problem,
            s,
            tau=tau,
            sigma_us=sigma_us,
            sigma_iran=sigma_iran,
            time_limit_s=time_limit_s,
        )
        for s in STRATEGIES
    ]


__all__ = [
    "STRATEGIES",
    "Catalogue",
    "Evaluation",
    "Measure",
    "Metrics",
    "NoReturnResult",
    "Plan",
    "Problem",
    "ReturnAssumptions",
    "Schedule",
    "ScheduledItem",
    "SweepRow",
    "TargetRegime",
    "Violation",
    "build_problem",
    "catalogue_from_dict",
    "compare",
    "default_catalogue",
    "defection",
    "evaluate",
    "load_catalogue",
    "load_target",
    "make_plan",
    "monte_carlo",
    "optimize",
    "plan_rule_based",
    "point_of_no_return",
    "problem_for",
    "recommended_plan",
    "restorable_breakout",
    "states_for_analysis",
    "sweep_tau",
    "validate",
    "worked_example",
]


def recommended_plan(
    problem: Problem,
    *,
    taus: tuple[int, ...] = (20, 30, 50),
    tolerance_days: int = 14,
    time_limit_s: float = 10.0,
) -> Plan:
    """The synchronized plan with the tightest reciprocity bound that costs little time.

    This is the roadmap a brief recommends. The unbounded optimized plan (the
    catalogue's τ) is solved first; then each τ in ``taus``, tightest first, until one
    is feasible and finishes within ``tolerance_days`` of it. Tighter bounds mean
    neither side runs far ahead of the other; the rule trades exposure for at most
    ``tolerance_days`` of time.

    Parameters
    ----------
    problem
        The planning problem (tranches allowed or not, as built).
    taus
        Candidate bounds [points], tightest first.
    tolerance_days
        Extra days to full compliance accepted for a tighter bound [days].
    time_limit_s
        CP-SAT time limit per solve [s].
    """
    from lockstep.roadmap.optimize import optimize

    unbounded = optimize(problem, time_limit_s=time_limit_s)
    if not unbounded.feasible or unbounded.metrics is None:
        return unbounded
    best = unbounded.metrics.t_full_days
    for tau in sorted(taus):
        candidate = optimize(problem, tau=tau, time_limit_s=time_limit_s)
        t_full = candidate.metrics.t_full_days if candidate.metrics else None
        if (
            candidate.feasible
            and t_full is not None
            and best is not None
            and t_full <= best + tolerance_days
        ):
            return candidate
    return unbounded
