"""Breakout for the planner and the point of no return: the breakout engine, run fast.

The planner needs B(t) for every state a schedule passes through, and the point of no
return needs it for every report date and return policy; both must give the number
``lockstep breakout`` gives for the same state. :class:`BreakoutTime` is that fast
path: it calls the engine (:func:`lockstep.physics.breakout.estimate`) with the same
quantity, model, tails policy and natural uranium as ``lockstep breakout``. For the
``swu-budget`` model every uncertain input (output per machine-year of each centrifuge
model, cascade effectiveness, set-up days) is fixed at its central value, one sample;
for an ``ensemble`` of structures, which has no single central plan, the engine's own
fixed central value (``central_first_quantity_days``) where it offers one; otherwise the
P50 of a seeded run of :data:`P50_SAMPLES` samples. Nothing here holds
a parameter of its own: the defaults are :class:`lockstep.assessment.BreakoutOptions`'s,
the outputs per machine those of :func:`lockstep.physics.breakout.swu_distribution`.

How close it is to the Monte Carlo P50 of ``lockstep breakout`` is tested on every IAEA
report date (``tests/roadmap/test_breakout_time.py``; within 10 %).

Illustrative catalogues that declare the ranking device of ``roadmap/model.md`` section
3 (a ``breakout:`` section, e.g. ``worked_example.yaml``) get
:meth:`BreakoutTime.reference_device`: the same engine under
:meth:`lockstep.physics.breakout.Assumptions.roadmap_reference` (fixed tails, no set-up,
effectiveness 1) and the catalogue's own outputs per machine.

The rule for dates the IAEA could not verify is the assessment's
(:func:`breakout_status`): after the loss of access the answer is ``unknown`` unless the
user assumes the last known state.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from lockstep.errors import InfeasibleError
from lockstep.physics import breakout as breakout_engine
from lockstep.physics.breakout import (
    Assumptions,
    Distribution,
    Fleet,
    Quantity,
    Stock,
    TailsPolicy,
    canonical_model,
    estimate,
    known_models,
    swu_distribution,
)

if TYPE_CHECKING:
    from lockstep.assessment import BreakoutOptions
    from lockstep.record.model import ProgramState
    from lockstep.roadmap.catalogue import BreakoutSpec
    from lockstep.roadmap.problem import Problem

#: Models whose breakout is one deterministic plan at central input values: the fast
#: path evaluates them once (0.94-1.04 of the Monte Carlo P50 on every report date).
CENTRAL_MODELS: tuple[str, ...] = ("swu-budget",)
#: Samples of the seeded Monte Carlo used, through its P50, for any other model (the
#: fixed-design ladder's central plan drifts up to 12 % from its P50; an ensemble has no
#: single central structure).
P50_SAMPLES = 2000
#: Breakouts remembered per device (one state and fleet each).
_CACHE_SIZE = 20_000
#: Model used for machines of a model without output data (as ``lockstep breakout``).
_FALLBACK_MODEL = "IR-1"
_MASS_TOL = 1e-9


@lru_cache(maxsize=256)
def _canonical(model: str) -> str:
    return canonical_model(model)


@lru_cache(maxsize=256)
def _central_output(model: str) -> float:
    """The engine's central output of ``model`` [kg-SWU/yr] (IR-1 for unknown models)."""
    name = model if model in known_models() else _FALLBACK_MODEL
    return swu_distribution(name).central


def _central(dist: Distribution) -> Distribution:
    return Distribution.fixed(dist.central, f"central value of: {dist.source}")


@dataclass(frozen=True)
class BreakoutTime:
    """Deterministic breakout on the engine, every uncertain input at its central value.

    Attributes
    ----------
    quantity
        The quantity of concern.
    assumptions
        Engine assumptions with effectiveness and set-up fixed at their central values.
    model
        The engine's breakout model (``lockstep breakout``'s default unless chosen).
    outputs
        ``(model, kg-SWU per machine-year)`` pairs replacing the engine's central output
        (only for catalogues that declare their own outputs); empty: the engine's.
    label
        Which device, in words (shown in JSON).
    samples, seed
        1: every input at its central value (one deterministic plan). More: the P50 of a
        seeded Monte Carlo of that size (for models whose structure is itself uncertain,
        such as an ensemble, where no single central plan exists).
    """

    quantity: Quantity
    assumptions: Assumptions
    model: str
    outputs: tuple[tuple[str, float], ...] = ()
    label: str = "breakout engine at central values"
    samples: int = 1
    seed: int = 0
    _cache: dict[tuple[object, ...], float] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    @classmethod
    def like_breakout(cls, options: BreakoutOptions | None = None) -> BreakoutTime:
        """The fast path with ``lockstep breakout``'s defaults (or ``options``).

        Parameters
        ----------
        options
            Breakout options (default: ``BreakoutOptions()``, what ``lockstep breakout``
            uses): quantity, model and engine assumptions are taken from them.
        """
        from lockstep.assessment import BreakoutOptions

        opts = options or BreakoutOptions()
        a = opts.assumptions
        outputs = tuple(sorted((m, d.central) for m, d in opts.swu_overrides.items()))
        if opts.model not in CENTRAL_MODELS:
            samples = min(opts.samples, P50_SAMPLES)
            return cls(
                opts.quantity,
                a,
                opts.model,
                outputs,
                f"breakout engine ({opts.model}, {opts.quantity.name}), P50 of {samples:,} "
                f"samples (seed {opts.seed})",
                samples,
                opts.seed,
            )
        central = dataclasses.replace(
            a, effectiveness=_central(a.effectiveness), setup_days=_central(a.setup_days)
        )
        return cls(
            opts.quantity,
            central,
            opts.model,
            outputs,
            f"breakout engine ({opts.model}, {opts.quantity.name}) at central values",
        )

    @classmethod
    def reference_device(
        cls, spec: BreakoutSpec, outputs: Mapping[str, float] | None = None
    ) -> BreakoutTime:
        """The ranking device of ``roadmap/model.md`` section 3, on the engine.

        Parameters
        ----------
        spec
            The catalogue's breakout section (quantity as U-235 [kg] at an assay, tails,
            set-up [days], year length [days]).
        outputs
            Output per machine-year of each model [kg-SWU/yr] (the catalogue's).
        """
        base = Assumptions.roadmap_reference()
        assumptions = dataclasses.replace(
            base,
            setup_days=Distribution.fixed(spec.setup_days, "catalogue breakout.setup_days"),
            tails=TailsPolicy.fixed(spec.tails_assay),
            natural_assay=spec.natural_assay,
            days_per_year=spec.year_days,
        )
        quantity = Quantity.custom(spec.u235_kg / spec.product_assay, spec.product_assay)
        return cls(
            quantity,
            assumptions,
            "swu-budget",
            tuple(sorted((outputs or {}).items())),
            "model.md ranking device (fixed tails, no effectiveness loss)",
        )

    # ------------------------------------------------------------------ parameters

    def swu_per_machine_year(self, model: str) -> float:
        """Output of one machine of ``model`` [kg-SWU/yr]: the engine's central value."""
        name = _canonical(model)
        for m, value in self.outputs:
            if m == name:
                return value
        return _central_output(name)

    def _output(self, model: str) -> Distribution:
        """Output distribution of ``model``: fixed at its central value on the central path."""
        name = _canonical(model)
        if self.samples == 1 or any(m == name for m, _ in self.outputs):
            return Distribution.fixed(self.swu_per_machine_year(name))
        return swu_distribution(name if name in known_models() else _FALLBACK_MODEL)

    def effective_capacity(self, fleet: Mapping[str, int]) -> float:
        """Capacity of ``fleet`` after cascade effectiveness [kg-SWU/yr]."""
        nominal = math.fsum(n * self.swu_per_machine_year(m) for m, n in fleet.items() if n > 0)
        return nominal * self.assumptions.effectiveness.central

    # ------------------------------------------------------------------ breakout

    def days(self, stocks: Iterable[tuple[float, float]], fleet: Mapping[str, int]) -> float:
        """Days to the first quantity from ``stocks`` with ``fleet`` [days].

        Parameters
        ----------
        stocks
            ``(assay, mass_kg_u)`` pairs [unitless, kg U].
        fleet
            Machines per centrifuge model [count].

        Returns
        -------
        float
            Days to the first quantity (``inf`` without machines, or when the stocks
            allowed cannot make a quantity).
        """
        pairs = tuple(
            sorted(
                ((round(a, 12), round(m, 9)) for a, m in stocks if m > _MASS_TOL and 0 < a < 1),
                reverse=True,
            )
        )
        machines = tuple(sorted((_canonical(m), int(n)) for m, n in fleet.items() if n > 0))
        key = (pairs, machines)
        if key not in self._cache:
            if len(self._cache) >= _CACHE_SIZE:
                # A long-running server sees many states; start afresh rather than grow.
                self._cache.clear()
            self._cache[key] = self._run(pairs, machines)
        return self._cache[key]

    def _run(
        self, pairs: tuple[tuple[float, float], ...], machines: tuple[tuple[str, int], ...]
    ) -> float:
        merged: dict[str, int] = {}
        for model, n in machines:
            merged[model] = merged.get(model, 0) + n
        fleets = [
            Fleet(m, n, self._output(m))
            for m, n in merged.items()
            if self.swu_per_machine_year(m) > 0
        ]
        if not fleets:
            return math.inf
        stock_list = [Stock(a, m, label=f"{a:.6g}") for a, m in pairs]
        if self.samples > 1 and self.model == "ensemble":
            central = breakout_engine.central_first_quantity_days
            # The engine's own fast, fixed value for its ensemble default (a fixed set of
            # samples, same inputs same value), tested by its owner against the P50.
            try:
                return float(central(stock_list, fleets, self.quantity, self.assumptions))
            except InfeasibleError:
                return math.inf
        try:
            result = estimate(
                stock_list,
                fleets,
                self.quantity,
                self.assumptions,
                model=self.model,
                samples=self.samples,
                seed=self.seed,
                n_quantities=1,
                months=1,
                sensitivity=False,
            )
        except InfeasibleError:
            return math.inf
        return float(result.first_quantity_days.p50)

    def to_json(self) -> dict[str, object]:
        """What the device assumes (for JSON output)."""
        return {
            "device": self.label,
            "model": self.model,
            "quantity": {
                "name": self.quantity.name,
                "mass_kg_u": self.quantity.mass_kg_u,
                "assay": self.quantity.assay,
            },
            "effectiveness": self.assumptions.effectiveness.central,
            "setup_days": self.assumptions.setup_days.central,
            "days_per_year": self.assumptions.days_per_year,
            "samples": self.samples,
            "seed": self.seed,
        }


# --------------------------------------------------------------------------- status

BreakoutStatus = Literal["ok", "unknown"]


def breakout_status(state: ProgramState, assume_last_known: bool) -> tuple[BreakoutStatus, str]:
    """Whether breakout can be given at ``state``'s date, by ``lockstep breakout``'s rule.

    The rule is the assessment's (:func:`lockstep.assessment.assess_state`): a state the
    IAEA could not verify gives ``unknown`` unless the last known figures are assumed
    (and whatever other reason the assessment has for ``unknown``). It is applied by
    the assessment's own rule (:func:`lockstep.assessment.assessment_status`), so there
    is one implementation.

    Returns
    -------
    (str, str)
        ``ok`` or ``unknown``, and the assessment's first note (why, in words).
    """
    status, note, _ = _assessed(state, assume_last_known)
    return status, note


def with_breakout_status(
    problem: Problem, state: ProgramState, assume_last_known: bool = False
) -> Problem:
    """``problem`` with ``lockstep breakout``'s status for its day-0 state, and a note.

    After the loss of access (no verified state, none assumed) the status is ``unknown``
    and the evaluator gives no breakout (null in JSON); an assumed state is noted.
    """
    status, why = breakout_status(state, assume_last_known)
    notes = problem.notes
    if status == "unknown":
        notes = (*notes, f"breakout unknown: {why}")
    elif not state.verified:
        notes = (*notes, f"breakout on the last known figures: {why}")
    return dataclasses.replace(problem, breakout_status=status, notes=notes)


def verified_status(state: ProgramState, assume_last_known: bool) -> tuple[BreakoutStatus, str]:
    """``unknown`` only for the assessment's rule on unverified dates (none assumed).

    The point of no return counts the fleet knowledge allows, not the machines left on a
    date, so of the assessment's reasons for ``unknown`` it takes only the loss of
    verification (the answer ``lockstep breakout`` gives without ``--assume-last-known``).
    """
    status, note, assumed = _assessed(state, assume_last_known)
    if status == "unknown" and (assumed or state.verified):
        return "ok", note
    return status, note


def _assessed(state: ProgramState, assume_last_known: bool) -> tuple[BreakoutStatus, str, bool]:
    from lockstep.assessment import BreakoutOptions, assessment_status

    # The assessment's rule alone: the status never depends on the estimate.
    return assessment_status(state, BreakoutOptions(assume_last_known=assume_last_known))


def device_for(problem: Problem) -> BreakoutTime:
    """The breakout device of a planning problem.

    ``lockstep breakout``'s engine at central values, unless the catalogue declares the
    model.md ranking device (a ``breakout:`` section, as ``worked_example.yaml`` does):
    then that device, with the catalogue's outputs per machine.
    """
    spec = problem.catalogue.spec
    if "breakout" not in spec.model_fields_set:
        return _default_device()
    outputs: dict[str, float] = {}
    for group in problem.initial.machines:
        outputs.setdefault(_canonical(group.model), group.swu_per_year)
    return BreakoutTime.reference_device(problem.breakout, outputs)


_DEFAULT: list[BreakoutTime] = []


def _default_device() -> BreakoutTime:
    # One device per process, so its cache serves every plan and every report date.
    if not _DEFAULT:
        _DEFAULT.append(BreakoutTime.like_breakout())
    return _DEFAULT[0]
