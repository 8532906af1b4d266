"""Hypothesis-generated catalogues: every plan any strategy returns passes ``validate``."""

from __future__ import annotations

import itertools
import os
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lockstep.roadmap import (
    STRATEGIES,
    build_problem,
    catalogue_from_dict,
    evaluate,
    make_plan,
    monte_carlo,
    optimize,
    validate,
)

JUDGED = {"judgement": True, "reason": "generated"}
EFFECTS = [
    [{"type": "export", "assay": 0.60}],
    [{"type": "export", "assay": 0.20, "mass_kg_u": 50}],
    [{"type": "downblend", "from_assay": 0.60, "to_assay": 0.0367, "mass_kg_u": 10}],
    [{"type": "store", "model": "IR-6"}],
    [{"type": "idle", "model": "IR-1", "count": 300}],
    [{"type": "halt_production", "above_assay": 0.0367}],
    [],
]


@st.composite
def partitions(draw: st.DrawFn, n: int) -> list[int]:
    """n non-negative integers summing to 100."""
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=n - 1, max_size=n - 1)))
    edges = [0, *cuts, 100]
    return [b - a for a, b in itertools.pairwise(edges)]


@st.composite
def catalogues(draw: st.DrawFn) -> dict[str, Any]:
    n_ir = draw(st.integers(1, 5))
    n_us = draw(st.integers(1, 4))
    parties = ["IR"] * n_ir + [draw(st.sampled_from(["US", "EU", "UNSC"])) for _ in range(n_us)]
    order = draw(st.permutations(range(len(parties))))
    parties = [parties[i] for i in order]
    values = {
        lens: {"IR": draw(partitions(n_ir)), "R": draw(partitions(n_us))} for lens in ("us", "iran")
    }
    counters = {"IR": 0, "R": 0}
    baseline = draw(st.booleans())
    measures: list[dict[str, Any]] = []
    for i, party in enumerate(parties):
        side = "IR" if party == "IR" else "R"
        k = counters[side]
        counters[side] += 1
        mid = f"{'I' if side == 'IR' else 'U'}{i}"
        prereqs = [
            {
                "measure": measures[j]["id"],
                "relation": draw(st.sampled_from(["end_start", "verified_start", "end_end"])),
                "lag_days": draw(st.integers(0, 3)),
            }
            for j in draw(st.sets(st.integers(0, max(0, i - 1)), max_size=2))
            if j < i
        ]
        m: dict[str, Any] = {
            "id": mid,
            "party": party,
            "title": mid,
            "obligation": "iran_stockpile_cap" if side == "IR" else "us_cease_nuclear_sanctions",
            "kind": "physical" if side == "IR" else "legal",
            "duration_days": draw(st.integers(0, 8)),
            "duration_range_days": [0, 12],
            "verification": {
                "verifier": "X",
                "lag_days": draw(st.integers(0, 6)),
                "lag_range_days": [0, 9],
            },
            "release_day": draw(st.integers(0, 10)),
            "value": {lens: values[lens][side][k] for lens in ("us", "iran")},
            "prerequisites": prereqs,
            "interim": draw(st.booleans()),
            "reversibility": {"days": draw(st.sampled_from([None, 5, 60, 200]))},
        }
        if side == "IR":
            m["effects"] = draw(st.sampled_from(EFFECTS))
        if draw(st.booleans()):
            m["divisible"] = {
                "max_tranches": draw(st.integers(2, 3)),
                "sequential": draw(st.booleans()),
            }
        measures.append(m)
    if baseline:
        first = next(m for m in measures if m["party"] == "IR")
        first["baseline"] = True
        first["effects"] = [{"type": "baseline"}]
        first.pop("divisible", None)
    return {
        "schema_version": 1,
        "id": "generated",
        "title": "generated",
        "defaults": {"horizon_days": 120},
        "provenance_default": JUDGED,
        "initial_state": {
            "stocks": [
                {"assay": 0.60, "mass_kg_u": 80.0, "provenance": JUDGED},
                {"assay": 0.20, "mass_kg_u": 100.0, "provenance": JUDGED},
                {"assay": 0.0367, "mass_kg_u": 150.0, "provenance": JUDGED},
            ],
            "centrifuges": [
                {
                    "site": "natanz_fep",
                    "model": "IR-1",
                    "count": 1000,
                    "swu_per_year": 0.75,
                    "provenance": JUDGED,
                },
                {
                    "site": "natanz_fep",
                    "model": "IR-6",
                    "count": 300,
                    "swu_per_year": 4.5,
                    "provenance": JUDGED,
                },
            ],
            "baseline_verified": not baseline,
        },
        "measures": measures,
    }


SETTINGS = settings(
    max_examples=int(os.environ.get("LOCKSTEP_HYPOTHESIS_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(catalogues(), st.sampled_from(["us", "iran"]))
def test_every_rule_based_plan_validates(data: dict[str, Any], lens: str) -> None:
    problem = build_problem(catalogue_from_dict(data), lens=lens)  # type: ignore[arg-type]
    for strategy in STRATEGIES:
        if strategy == "optimized":
            continue
        plan = make_plan(problem, strategy)
        assert validate(plan) == (), (strategy, [str(v) for v in validate(plan)])
        assert plan.feasible or plan.reason
        if plan.schedule is None:
            continue
        complete = strategy != "less-for-less"
        traj = evaluate(problem, plan.schedule, complete=complete).trajectory
        # No production: removing stock or capacity never shortens breakout.
        assert np.all(np.diff(traj.breakout_days) >= -1e-9)
        for side in ("nuclear", "relief"):
            assert np.all(np.diff(traj.progress[lens][side]) >= 0)
        if plan.feasible and complete:
            assert plan.metrics is not None
            assert plan.metrics.t_full_days is not None
            assert plan.metrics.t_full_days <= problem.horizon_days


@SETTINGS
@given(
    catalogues(),
    st.integers(0, 100),
    st.integers(0, 60),
    st.sampled_from([None, 20, 100]),
    st.booleans(),
)
def test_every_optimized_plan_validates(
    data: dict[str, Any], tau: int, sigma_us: int, sigma_iran: int | None, tranches: bool
) -> None:
    problem = build_problem(catalogue_from_dict(data), tranches=tranches)
    plan = optimize(problem, tau=tau, sigma_us=sigma_us, sigma_iran=sigma_iran, time_limit_s=3)
    assert validate(plan) == (), [str(v) for v in validate(plan)]
    if plan.feasible:
        assert plan.metrics is not None
        assert plan.metrics.exposure_iran <= tau
        assert plan.metrics.exposure_us <= tau
        robust = monte_carlo(plan, samples=20, seed=0)
        assert robust.t_full_days is not None
        assert robust.t_full_days.p10 <= robust.t_full_days.p90
    else:
        assert plan.reason
