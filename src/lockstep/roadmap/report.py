"""The JSON documents of plans, shared by the CLI (``lockstep plan --json``) and the API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lockstep.roadmap.plan import Plan
from lockstep.roadmap.problem import Problem
from lockstep.roadmap.robustness import defection, monte_carlo


def plan_document(plan: Plan, samples: int = 0, seed: int = 0) -> dict[str, Any]:
    """The plan contract (:meth:`Plan.to_json`) plus defection losses and robustness.

    Robustness (Monte Carlo over durations and lags of the time to full compliance) is
    added when ``samples`` > 0.

    Parameters
    ----------
    plan
        A plan from any strategy.
    samples, seed
        Monte Carlo draws over durations and lags [count], and their seed.
    """
    body = plan.to_json()
    if plan.schedule is None:
        return body
    body["defection"] = {
        lens: [loss.to_json() for loss in pair] for lens, pair in defection(plan).items()
    }
    if samples:
        body["robustness"] = monte_carlo(plan, samples, seed).to_json()
    return body


def compare_document(
    problem: Problem, plans: Sequence[Plan], samples: int = 0, seed: int = 0
) -> dict[str, Any]:
    """Every strategy's plan on one problem (``lockstep plan --compare --json``)."""
    return {
        "lens": problem.lens,
        "catalogue": problem.catalogue.spec.id,
        "horizon_days": problem.horizon_days,
        "plans": [plan_document(p, samples, seed) for p in plans],
    }
