"""Breakout: time to produce a quantity of weapon-grade uranium from given stocks and machines.

Public API: the input types (:class:`Stock`, :class:`Fleet`, :class:`Quantity`,
:class:`Assumptions`, :class:`Distribution`), :func:`swu_distribution` (output per
machine-year of a centrifuge model), :func:`estimate` (the Monte Carlo engine, models
``swu-budget``, ``batch-recycle`` and ``stage-cascade``) and its :class:`BreakoutResult`;
plus the greedy kernel :func:`greedy_single_step_plan` used by the return planner. The default model
``ensemble`` samples the structures of :data:`STRUCTURES` with the inputs;
:func:`central_first_quantity_days` is its fast deterministic central value, and
:func:`weaponization_days` the time from material to a first device, shown apart.
"""

from typing import TYPE_CHECKING

from lockstep._lazy import attach

if TYPE_CHECKING:
    from lockstep.physics.breakout.catalogue import (
        FALLBACK_TABLE,
        CentrifugeOutput,
        canonical_model,
        known_models,
        swu_distribution,
    )
    from lockstep.physics.breakout.distributions import Distribution, parameter_rng
    from lockstep.physics.breakout.ensemble import STRUCTURES, central_first_quantity_days
    from lockstep.physics.breakout.ensemble_parameters import (
        EnsembleParameters,
        ensemble_parameters,
        weaponization_days,
    )
    from lockstep.physics.breakout.inputs import (
        MAX_QUANTITIES,
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
    from lockstep.physics.breakout.models import estimate
    from lockstep.physics.breakout.result import (
        BreakoutResult,
        Percentiles,
        SensitivityEntry,
        StepResult,
        StructureShare,
    )
    from lockstep.physics.breakout.structures import PreparedStructure, SampleInputs, Structure

if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, __file__)

__all__ = [
    "FALLBACK_TABLE",
    "MAX_QUANTITIES",
    "MODELS",
    "QUANTITIES",
    "STRUCTURES",
    "Assumptions",
    "BreakoutModel",
    "BreakoutResult",
    "CentrifugeOutput",
    "Distribution",
    "EnsembleParameters",
    "FeedUse",
    "Fleet",
    "GreedyPlan",
    "Percentiles",
    "PreparedStructure",
    "Quantity",
    "SampleInputs",
    "SensitivityEntry",
    "StepResult",
    "Stock",
    "Structure",
    "StructureShare",
    "TailsBand",
    "TailsPolicy",
    "canonical_model",
    "central_first_quantity_days",
    "check_model",
    "ensemble_parameters",
    "estimate",
    "greedy_single_step_plan",
    "known_models",
    "parameter_rng",
    "quantity_named",
    "swu_distribution",
    "weaponization_days",
]
