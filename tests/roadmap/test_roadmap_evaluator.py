"""The evaluator: state transitions, time conventions and metrics on small fixtures."""

from __future__ import annotations

import numpy as np
import pytest

from lockstep.roadmap import build_problem, evaluate, make_plan
from lockstep.roadmap.catalogue import BreakoutSpec
from lockstep.roadmap.evaluator import BreakoutCalculator
from lockstep.roadmap.material import downblend
from lockstep.roadmap.plan import Schedule, ScheduledItem
from roadmap_fixtures import JUDGED, catalogue, measure


def _schedule(*items: tuple[str, str, int, int, int]) -> Schedule:
    return Schedule(
        tuple(
            ScheduledItem(
                mid, mid.split("#")[0], party, "nuclear" if party == "IR" else "relief", s, e, v
            )
            for mid, party, s, e, v in items
        )
    )


HALT = {"type": "halt_production", "above_assay": 0.0367}


def test_production_until_halt() -> None:
    cat = catalogue(
        [
            measure(
                "H",
                "IR",
                100,
                duration=5,
                effects=[{"type": "halt_production", "above_assay": 0.0367}],
            ),
            measure("U", "US", 100),
        ],
        initial_state={
            "stocks": [{"assay": 0.60, "mass_kg_u": 10.0, "provenance": JUDGED}],
            "centrifuges": [
                {
                    "site": "natanz_fep",
                    "model": "IR-1",
                    "count": 1000,
                    "swu_per_year": 0.75,
                    "provenance": JUDGED,
                }
            ],
            "production": [{"assay": 0.60, "kg_u_per_day": 1.4, "provenance": JUDGED}],
            "baseline_verified": True,
        },
    )
    problem = build_problem(cat, horizon_days=20)
    ev = evaluate(problem, _schedule(("H", "IR", 0, 5, 5), ("U", "US", 0, 1, 1)))
    stock = ev.trajectory.stocks_kg_u[0.60]
    # Production on days 0..4 (halt completes at day 5): +1.4 kg U per day, then flat.
    assert stock[0] == pytest.approx(10.0)
    assert stock[5] == pytest.approx(10.0 + 5 * 1.4)
    assert stock[20] == pytest.approx(stock[5])
    # More material means a shorter breakout while production runs.
    assert np.all(np.diff(ev.trajectory.breakout_days[:6]) <= 1e-12)


def test_downblend_then_export_mass_balance() -> None:
    cat = catalogue(
        [
            measure(
                "DB",
                "IR",
                50,
                duration=3,
                effects=[
                    {"type": "downblend", "from_assay": 0.60, "to_assay": 0.0367, "mass_kg_u": 20}
                ],
            ),
            measure(
                "EX",
                "IR",
                50,
                duration=2,
                prerequisites=[{"measure": "DB"}],
                effects=[
                    {"type": "export", "assay": 0.60},
                    {"type": "export", "assay": 0.0367, "keep_kg_u": 202.8},
                ],
            ),
            measure("U", "US", 100),
        ]
    )
    problem = build_problem(cat, horizon_days=10, target="jcpoa2015")
    plan = make_plan(problem, "iran-first")
    assert plan.schedule is not None
    ev = evaluate(problem, plan.schedule)
    leu = ev.trajectory.stocks_kg_u[0.0367]
    heu = ev.trajectory.stocks_kg_u[0.60]
    product = downblend(20, 0.60, 0.0367).product_kg_u
    assert leu[3] == pytest.approx(100.0 + product)
    assert heu[3] == pytest.approx(40.0)
    assert heu[5] == pytest.approx(0.0)
    assert leu[5] == pytest.approx(202.8)
    # The material is compliant; only the IR-6 left enriching is not.
    assert ev.metrics.end_state_violations == ("200 IR-6 enriching at natanz_fep (only IR-1)",)


def test_tranches_split_and_last_takes_the_rest() -> None:
    cat = catalogue(
        [
            measure(
                "EX",
                "IR",
                100,
                duration=4,
                divisible={"max_tranches": 2},
                effects=[{"type": "export", "assay": 0.60}],
            ),
            measure("U", "US", 100),
        ]
    )
    problem = build_problem(cat, horizon_days=10, tranches=True)
    sched = _schedule(("EX#1/2", "IR", 0, 2, 2), ("EX#2/2", "IR", 3, 5, 5), ("U", "US", 0, 1, 1))
    heu = evaluate(problem, sched).trajectory.stocks_kg_u[0.60]
    assert heu[2] == pytest.approx(30.0)
    assert heu[5] == pytest.approx(0.0)


def test_machines_store_with_keep_and_breakout_recon() -> None:
    cat = catalogue(
        [
            measure(
                "ST",
                "IR",
                100,
                duration=2,
                effects=[
                    {"type": "store", "model": "IR-6"},
                    {"type": "store", "model": "IR-1", "keep": 600},
                ],
            ),
            measure("U", "US", 100),
        ]
    )
    problem = build_problem(cat, horizon_days=5)
    ev = evaluate(problem, _schedule(("ST", "IR", 0, 2, 2), ("U", "US", 0, 1, 1)))
    cap = ev.trajectory.capacity_swu_per_year
    assert cap[0] == pytest.approx(1000 * 0.75 + 200 * 4.5)
    assert cap[2] == pytest.approx(600 * 0.75)
    calc = BreakoutCalculator(BreakoutSpec())
    swu = calc.swu(((0.60, 60.0), (0.0367, 100.0)))
    assert ev.metrics.breakout_end_days == pytest.approx(swu / (450 / 365))
    recon = 60 + swu / ((1000 * 0.75 + 200 * 4.5) / 365)
    assert ev.metrics.breakout_recon_end_days == pytest.approx(min(swu / (450 / 365), recon))


def test_effects_after_horizon_do_not_apply() -> None:
    cat = catalogue(
        [
            measure("EX", "IR", 100, duration=20, effects=[{"type": "export", "assay": 0.60}]),
            measure("U", "US", 100),
        ]
    )
    problem = build_problem(cat, horizon_days=10, target="jcpoa2015")
    ev = evaluate(problem, _schedule(("EX", "IR", 0, 20, 20), ("U", "US", 0, 1, 1)))
    assert ev.trajectory.stocks_kg_u[0.60][-1] == pytest.approx(60.0)
    assert ev.metrics.t_full_days == 20
    assert "60 %" in ev.metrics.end_state_violations[0]


def test_baseline_counts_from_verification() -> None:
    cat = catalogue(
        [
            measure(
                "B", "IR", 100, duration=4, lag=3, baseline=True, effects=[{"type": "baseline"}]
            ),
            measure("U", "US", 100),
        ],
        initial_state={"stocks": [], "centrifuges": [], "baseline_verified": False},
    )
    problem = build_problem(cat, horizon_days=10)
    ev = evaluate(problem, _schedule(("B", "IR", 0, 4, 7), ("U", "US", 0, 1, 1)))
    assert ev.metrics.days_baseline_verified == 4  # days 7, 8, 9, 10
    # No machines at all: breakout is infinite, and the JSON shows null.
    assert ev.metrics.breakout_end_days == float("inf")


def test_exposure_by_lens_uses_each_lens() -> None:
    i = measure("I", "IR", 100, duration=1)
    u = measure("U", "US", 100, duration=5)
    i["value"] = {"us": 100, "iran": 100}
    cat = catalogue([i, u])
    problem = build_problem(cat, horizon_days=10)
    ev = evaluate(problem, _schedule(("I", "IR", 0, 1, 1), ("U", "US", 0, 5, 5)))
    assert ev.metrics.by_lens["us"].iran == 100
    assert ev.metrics.by_lens["us"].gap_area == 4 * 100
    assert ev.metrics.exposure_us == 0
