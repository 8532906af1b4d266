"""One entry for every breakout model: the single structures and their ensemble.

:mod:`~lockstep.physics.breakout.engine` estimates one structure (``swu-budget``,
``batch-recycle``, ``stage-cascade``); :mod:`~lockstep.physics.breakout.ensemble` draws
the structures with their inputs and builds on the engine. This module dispatches to
either, so that the engine never imports the ensemble back.
"""

from __future__ import annotations

from collections.abc import Sequence

from lockstep.physics.breakout import engine
from lockstep.physics.breakout.inputs import Assumptions, Fleet, Quantity, Stock, check_model
from lockstep.physics.breakout.result import BreakoutResult


def estimate(
    stocks: Sequence[Stock],
    fleets: Sequence[Fleet],
    quantity: Quantity | None = None,
    assumptions: Assumptions | None = None,
    *,
    model: str = "swu-budget",
    samples: int = 10_000,
    seed: int = 0,
    n_quantities: int = 5,
    months: int = 6,
    sensitivity: bool = True,
) -> BreakoutResult:
    """Estimate breakout with any model (``ensemble`` included).

    Parameters and result as :func:`lockstep.physics.breakout.engine.estimate`, whose
    single-structure models this calls; ``model="ensemble"`` samples the structures of
    :data:`~lockstep.physics.breakout.ensemble.STRUCTURES` with every input.
    """
    if check_model(model) != "ensemble":
        return engine.estimate(
            stocks,
            fleets,
            quantity,
            assumptions,
            model=model,
            samples=samples,
            seed=seed,
            n_quantities=n_quantities,
            months=months,
            sensitivity=sensitivity,
        )
    # Imported here: a single-structure estimate (the planner's central device) does not
    # load the ensemble's parameters and structures at start-up.
    from lockstep.physics.breakout.ensemble import estimate_ensemble

    engine.check_counts(samples, seed, n_quantities, months)
    return estimate_ensemble(
        stocks,
        fleets,
        quantity or Quantity.wgu25(),
        assumptions or Assumptions(),
        samples=samples,
        seed=seed,
        n_quantities=n_quantities,
        months=months,
        sensitivity=sensitivity,
    )
