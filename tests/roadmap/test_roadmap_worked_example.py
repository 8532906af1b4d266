"""The worked example of shared/reference/roadmap/model.md section 8, reproduced exactly.

Every expected value below comes from model.md 8.2-8.5 (reproduced there by two
independent implementations). Integer metrics are exact; deficits to +/-0.1 and
breakout days to +/-0.01 as section 8.5 states.
"""

from __future__ import annotations

import numpy as np
import pytest

from lockstep.physics import value_function
from lockstep.roadmap import build_problem, evaluate, make_plan, validate, worked_example
from lockstep.roadmap.catalogue import BreakoutSpec
from lockstep.roadmap.evaluator import BreakoutCalculator
from lockstep.roadmap.material import downblend
from lockstep.roadmap.optimize import optimize
from lockstep.roadmap.problem import Problem


@pytest.fixture(scope="module")
def problem() -> Problem:
    return build_problem(worked_example())


@pytest.fixture(scope="module")
def problem_tranched() -> Problem:
    return build_problem(worked_example(), tranches=True)


# ----------------------------------------------------------------- 8.2 / 8.5.1-2 physics


def test_value_function_at_90_percent() -> None:
    # model.md 8.5.1: V(0.9) = 1.75778.
    assert float(value_function(0.9)) == pytest.approx(1.75778, abs=1e-5)


def test_breakout_reference_values() -> None:
    # model.md 8.2 and 8.5.1: SWU per significant quantity and breakout days.
    calc = BreakoutCalculator(BreakoutSpec())
    full = ((0.60, 400.0), (0.20, 200.0), (0.0367, 200.0))
    assert calc.swu(full) == pytest.approx(118.83, abs=0.05)
    assert calc.days(calc.swu(full), 12250) == pytest.approx(3.54, abs=0.01)
    assert calc.days(calc.swu(((0.20, 200.0), (0.0367, 200.0))), 3750) == pytest.approx(
        45.29, abs=0.01
    )
    leu = calc.swu(((0.0367, 200.0),))
    assert leu == pytest.approx(3606.6, abs=0.05)
    assert calc.days(leu, 3750) == pytest.approx(351.05, abs=0.01)
    # B_recon with the 2,000 advanced machines stored and r = 60 days.
    assert min(351.05, 60 + calc.days(leu, 12250)) == pytest.approx(167.46, abs=0.01)


def test_downblend_mass_balance() -> None:
    # model.md 8.5.2: 400 kg U of 60 % to 3.67 % with natural blendstock: 8,014.7 kg U.
    result = downblend(400.0, 0.60, 0.0367, 0.00711)
    assert result.product_kg_u == pytest.approx(8014.7, abs=0.1)
    assert result.product_kg_u == pytest.approx(result.feed_kg_u + result.blendstock_kg_u)
    u235_in = 400 * 0.60 + result.blendstock_kg_u * 0.00711
    assert result.product_kg_u * 0.0367 == pytest.approx(u235_in)


# ----------------------------------------------------------------- 8.3 rule-based table

TABLE_8_3 = {
    # strategy: (T_full, Iran done, E_IR, E_US, sum|G|, first B>=30, deficit, B(130))
    "iran-first": (69, 32, 100, 0, 2620, 22, 12530.7, 351.05),
    "us-first": (87, 82, 0, 100, 3980, 72, 29905.9, 351.05),
    "sync": (51, 32, 70, 0, 1330, 22, 12530.7, 351.05),
    "step-by-step": (127, 110, 60, 0, 2135, 80, 38419.0, 351.05),
    "less-for-less": (None, None, 25, 0, 925, None, 47351.2, 3.54),
}


@pytest.mark.parametrize("strategy", list(TABLE_8_3))
def test_table_8_3(problem: Problem, strategy: str) -> None:
    t_full, done, e_ir, e_us, area, b30, deficit, b_end = TABLE_8_3[strategy]
    plan = make_plan(problem, strategy)
    # Feasible means the target is met: the interim deal leaves 60 % and 20 % material.
    assert plan.feasible is (strategy != "less-for-less")
    if not plan.feasible:
        assert plan.reason.startswith("end state misses the target: ")
    assert validate(plan) == ()
    m = plan.metrics
    assert m is not None
    assert m.t_full_days == t_full
    assert m.iran_done_day == done
    assert (m.exposure_iran, m.exposure_us) == (e_ir, e_us)
    assert m.gap_area == area
    assert m.first_day_breakout_at_least[30] == b30
    assert m.deficit == pytest.approx(deficit, abs=0.1)
    assert m.breakout_end_days == pytest.approx(b_end, abs=0.01)


def test_sync_schedule_and_gap_steps(problem: Problem) -> None:
    plan = make_plan(problem, "sync")
    assert plan.schedule is not None
    got = {it.id: (it.start, it.end) for it in plan.schedule.items}
    assert got == {
        "I1": (0, 2),
        "I2a": (2, 12),
        "I2b": (12, 22),
        "I2c": (22, 32),
        "I3": (2, 22),
        "U1": (4, 5),
        "U2a": (7, 17),
        "U2b": (17, 27),
        "U2c": (27, 37),
        "U3": (36, 37),
    }
    assert plan.schedule.item("U3").verified == 51
    gap = evaluate(problem, plan.schedule).trajectory.gap["us"]
    steps = [int(g) for i, g in enumerate(gap) if i == 0 or g != gap[i - 1]]
    assert steps == [0, 20, 10, 25, 15, 70, 60, 70, 0]
    assert int(np.flatnonzero(np.diff(gap))[-1]) + 1 == 37  # back to 0 on day 37


def test_us_first_and_step_by_step_schedules(problem: Problem) -> None:
    us1 = make_plan(problem, "us-first").schedule
    assert us1 is not None
    u3 = us1.item("U3")
    assert (u3.start, u3.end, u3.verified) == (35, 36, 50)
    assert us1.item("I1").start == 50
    alt = make_plan(problem, "step-by-step").schedule
    assert alt is not None
    u2c = alt.item("U2c")
    assert (u2c.start, u2c.end, u2c.verified) == (115, 125, 127)


def test_less_for_less_stops_at_i2a(problem: Problem) -> None:
    plan = make_plan(problem, "less-for-less")
    assert plan.schedule is not None
    assert plan.schedule.item("I2a").end == 12
    assert set(plan.measures) == {"I1", "I2a", "U1", "U2a", "U2b"}
    assert plan.metrics is not None
    assert plan.metrics.last_nuclear_end_day == 12
    assert plan.metrics.end_state_violations  # 60 % and 20 % material left


def test_restorable_breakout_at_end(problem: Problem) -> None:
    # model.md 8.2: B_recon(end) = min(351.05, 60 + 107.46) = 167.46 days.
    plan = make_plan(problem, "sync")
    assert plan.metrics is not None
    assert plan.metrics.breakout_recon_end_days == pytest.approx(167.46, abs=0.01)
    assert plan.metrics.end_state_violations == ()
    assert plan.metrics.relief_in_effect == (
        "executive_orders",
        "frozen_funds",
        "statutory_waivers",
    )
    assert plan.metrics.funds_released_usd_bn == pytest.approx(6.0)
    assert plan.metrics.monitoring_end == "jcpoa_full"
    assert plan.schedule is not None
    traj = evaluate(problem, plan.schedule).trajectory
    assert traj.monitoring[1] == "csa_only"
    assert traj.monitoring[2] == "jcpoa_full"  # I1 completes on day 2


# ----------------------------------------------------------------- 8.4 CP-SAT optima

TABLE_8_4 = [
    # (tau, T_full with U3 whole, T_full with U3 in tranches); None = infeasible
    (100, 50, 50),
    (60, 50, 50),
    (50, 56, 55),
    (45, None, 69),
    (30, None, 69),
    (28, None, None),
]


@pytest.mark.parametrize(("tau", "whole", "tranched"), TABLE_8_4)
def test_table_8_4(
    problem: Problem, problem_tranched: Problem, tau: int, whole: int | None, tranched: int | None
) -> None:
    for prob, expected in ((problem, whole), (problem_tranched, tranched)):
        plan = optimize(prob, tau=tau, sigma_us=10, time_limit_s=10)
        assert validate(plan) == ()
        if expected is None:
            assert not plan.feasible
            assert plan.reason.startswith("infeasible")
        else:
            assert plan.feasible
            assert plan.solver is not None
            assert plan.solver.status == "OPTIMAL"
            assert plan.metrics is not None
            assert plan.metrics.t_full_days == expected
            assert plan.metrics.exposure_iran <= tau
            assert plan.metrics.exposure_us <= tau


@pytest.mark.parametrize(("tau", "expected"), [(t, tr) for t, _, tr in TABLE_8_4])
def test_table_8_4_with_explicit_tranche_choice(
    problem_tranched: Problem, tau: int, expected: int | None
) -> None:
    # The same optima when the tranche count is an explicit choice (optional intervals).
    plan = optimize(problem_tranched, tau=tau, sigma_us=10, tranche_model="choice")
    assert validate(plan) == ()
    assert plan.feasible is (expected is not None)
    if expected is not None:
        assert plan.metrics is not None
        assert plan.metrics.t_full_days == expected


def test_closed_form_explanations(problem: Problem, problem_tranched: Problem) -> None:
    # model.md 8.4: whole U3 (60) needs sigma_iran >= 50 with sigma_us = 10; I3 (40) needs
    # sigma_iran >= 30; with sigma_iran = 25 no plan exists, tranched or not.
    at45 = optimize(problem, tau=45, sigma_us=10)
    assert "U3" in at45.reason
    assert "--tranches" in at45.reason
    at28 = optimize(problem_tranched, tau=28, sigma_us=10)
    assert "I3" in at28.reason
    assert "U3" not in at28.reason
    for prob in (problem, problem_tranched):
        plan = optimize(prob, tau=100, sigma_us=10, sigma_iran=25)
        assert not plan.feasible
        assert "I3" in plan.reason


# ----------------------------------------------------------------- 8.5 invariants


@pytest.mark.parametrize(
    "strategy", ["iran-first", "us-first", "sync", "optimized", "step-by-step", "less-for-less"]
)
def test_invariants(problem: Problem, strategy: str) -> None:
    plan = make_plan(problem, strategy, tau=50)
    assert validate(plan) == ()
    assert plan.schedule is not None
    traj = evaluate(problem, plan.schedule, complete=strategy != "less-for-less").trajectory
    # No production: breakout never falls; progress never falls.
    assert np.all(np.diff(traj.breakout_days) >= -1e-9)
    assert np.all(np.diff(traj.breakout_recon_days) >= -1e-9)
    for lens in ("us", "iran"):
        for side in ("nuclear", "relief"):
            assert np.all(np.diff(traj.progress[lens][side]) >= 0)
            assert np.all(np.diff(traj.verified_progress[lens][side]) >= 0)
            assert np.all(traj.verified_progress[lens][side] <= traj.progress[lens][side])
            if strategy != "less-for-less":
                assert traj.progress[lens][side][-1] == 100
