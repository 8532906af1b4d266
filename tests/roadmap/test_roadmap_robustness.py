"""Monte Carlo over durations and lags, and the defection analysis."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from lockstep.roadmap import (
    build_problem,
    defection,
    evaluate,
    make_plan,
    monte_carlo,
    optimize,
    worked_example,
)
from lockstep.roadmap.problem import Problem
from lockstep.roadmap.robustness import gap_extremes, irreversible_share, plan_tasks


@pytest.fixture(scope="module")
def problem() -> Problem:
    return build_problem(worked_example())


def _without_ranges(problem: Problem) -> Problem:
    measures = tuple(
        dataclasses.replace(m, duration_range=(m.duration_days,) * 2, lag_range=(m.lag_days,) * 2)
        for m in problem.measures
    )
    return dataclasses.replace(problem, measures=measures)


@pytest.mark.parametrize("strategy", ["iran-first", "us-first", "sync", "step-by-step"])
def test_collapsed_ranges_reproduce_the_plan(problem: Problem, strategy: str) -> None:
    fixed = _without_ranges(problem)
    plan = make_plan(fixed, strategy)
    assert plan.metrics is not None
    r = monte_carlo(plan, samples=50, seed=3)
    assert r.t_full_days is not None
    assert r.t_full_days.p10 == r.t_full_days.p90 == plan.metrics.t_full_days
    assert r.exposure_iran.p50 == plan.metrics.exposure_iran
    assert r.exposure_us.p50 == plan.metrics.exposure_us
    assert r.share_within_horizon == 1.0


def test_optimized_realization_keeps_the_plan_and_c3(problem: Problem) -> None:
    plan = optimize(_without_ranges(problem), tau=50, sigma_us=10)
    assert plan.metrics is not None
    r = monte_carlo(plan, samples=20, seed=0)
    assert r.t_full_days is not None
    assert r.t_full_days.p50 == plan.metrics.t_full_days
    assert r.c4_kept_share == 1.0


def test_same_seed_same_numbers_and_quantiles_ordered(problem: Problem) -> None:
    plan = make_plan(problem, "sync")
    a = monte_carlo(plan, samples=400, seed=7)
    b = monte_carlo(plan, samples=400, seed=7)
    assert a == b
    assert a.t_full_days is not None
    assert a.t_full_days.p10 <= a.t_full_days.p50 <= a.t_full_days.p90
    # Every measure's lag can grow (U3: 7-30 days), so the P90 is later than the plan.
    assert a.t_full_days.p90 > 51
    c = monte_carlo(plan, samples=400, seed=8)
    assert c != a


def test_gap_extremes_match_the_evaluator(problem: Problem) -> None:
    for strategy in ("iran-first", "us-first", "sync", "step-by-step"):
        plan = make_plan(problem, strategy)
        assert plan.schedule is not None
        tasks = plan_tasks(plan)
        ends = np.array([[plan.schedule.item(t.id).end] for t in tasks])
        signed = np.array([t.value("us") * (1 if t.side == "nuclear" else -1) for t in tasks])
        g_max, g_min = gap_extremes(ends, signed)
        gap = evaluate(problem, plan.schedule).trajectory.gap["us"]
        assert int(g_max[0]) == int(gap.max())
        assert int(g_min[0]) == int(gap.min())


def test_defection_in_the_sync_plan(problem: Problem) -> None:
    # Worked by hand from model.md 8.3: by day 22 Iran has delivered I1 (reversible in 7
    # days), I2a and I2b (exported, 30 points) and I3 (reinstallable in 60 days) and has
    # received U1 (reversible in 90 days) and U2a (funds, 10 points): a loss of 20 within
    # a 90-day response window.
    plan = make_plan(problem, "sync")
    losses = defection(plan, response_window_days=90)
    iran, us = losses["us"]
    assert iran.side == "iran"
    assert iran.loss == pytest.approx(20.0)
    assert iran.checkpoint_day == 22
    assert set(iran.delivered) == {"I1", "I2a", "I2b", "I3"}
    # The US side loses most if Iran stops after everything: U3 (wind-downs of 180 days)
    # and the funds stay delivered, while Iran can reverse I1 and reinstall I3.
    assert us.loss == pytest.approx(90.0 - 40.0)


def test_irreversible_share_follows_the_window(problem: Problem) -> None:
    assert irreversible_share(problem, "I2a", 30) == 1.0  # exported
    assert irreversible_share(problem, "I3", 30) == 1.0  # 60 days to reinstall > 30
    assert irreversible_share(problem, "I3", 90) == 0.0
    assert irreversible_share(problem, "U3", 179) == 1.0
    assert irreversible_share(problem, "U3", 180) == 0.0


def test_monte_carlo_rejects_bad_input(problem: Problem) -> None:
    from lockstep.errors import DomainError

    infeasible = optimize(problem, tau=20, sigma_us=10)
    with pytest.raises(DomainError):
        monte_carlo(infeasible)
    with pytest.raises(DomainError):
        monte_carlo(make_plan(problem, "sync"), samples=0)
