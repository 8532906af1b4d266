"""Breakout: time to produce a quantity of weapon-grade uranium from given stocks and machines.

Public API: the input types (:class:`Stock`, :class:`Fleet`, :class:`Quantity`,
:class:`Assumptions`, :class:`Distribution`), :func:`swu_distribution` (output per
machine-year of a centrifuge model), :func:`estimate` (the Monte Carlo engine, models
``swu-budget`` and ``batch-recycle``) and its :class:`BreakoutResult`; plus the greedy
kernel :func:`greedy_single_step_plan` used by the return planner.
"""

from lockstep.physics.breakout.catalogue import (
    FALLBACK_TABLE,
    CentrifugeOutput,
    canonical_model,
    known_models,
    swu_distribution,
)
from lockstep.physics.breakout.distributions import Distribution, parameter_rng
from lockstep.physics.breakout.engine import MAX_QUANTITIES, estimate
from lockstep.physics.breakout.inputs import (
    MODELS,
    QUANTITIES,
    Assumptions,
    BreakoutModel,
    Fleet,
    Quantity,
    Stock,
    TailsBand,
    TailsPolicy,
    check_model,
    quantity_named,
)
from lockstep.physics.breakout.kernel import FeedUse, GreedyPlan, greedy_single_step_plan
from lockstep.physics.breakout.result import (
    BreakoutResult,
    Percentiles,
    SensitivityEntry,
    StepResult,
)

__all__ = [
    "FALLBACK_TABLE",
    "MAX_QUANTITIES",
    "MODELS",
    "QUANTITIES",
    "Assumptions",
    "BreakoutModel",
    "BreakoutResult",
    "CentrifugeOutput",
    "Distribution",
    "FeedUse",
    "Fleet",
    "GreedyPlan",
    "Percentiles",
    "Quantity",
    "SensitivityEntry",
    "StepResult",
    "Stock",
    "TailsBand",
    "TailsPolicy",
    "canonical_model",
    "check_model",
    "estimate",
    "greedy_single_step_plan",
    "known_models",
    "parameter_rng",
    "quantity_named",
    "swu_distribution",
]
