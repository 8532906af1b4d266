"""The breakout engine: seeded Monte Carlo over the uncertain inputs of a breakout model.

:func:`estimate` samples every uncertain parameter once per Monte Carlo sample (output
per machine-year of each model, cascade effectiveness, set-up days), evaluates the
chosen model for all samples at once (numpy arrays of shape ``(samples,)``), and
reports P10/P50/P90 of the days to the first n quantities and of the quantities held
by each month, the plan for the first quantity, and a sensitivity ranking.

Reproducibility: each parameter has its own random stream keyed by the seed and the
parameter's name (:func:`~lockstep.physics.breakout.distributions.parameter_rng`);
stocks and fleets are put in a canonical order before use, so results do not depend on
the order of the inputs.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lockstep.errors import DomainError, InfeasibleError
from lockstep.physics._checks import FloatArray
from lockstep.physics.breakout import swu_budget
from lockstep.physics.breakout.distributions import Distribution, parameter_rng
from lockstep.physics.breakout.ensemble_parameters import weaponization_days
from lockstep.physics.breakout.inputs import (
    MAX_QUANTITIES,
    Assumptions,
    BreakoutModel,
    Fleet,
    Quantity,
    Stock,
    check_model,
)
from lockstep.physics.breakout.least_work import single_step_curve, single_step_plan
from lockstep.physics.breakout.plan import (
    Job,
    LadderStep,
    StepFlow,
    build_ladder,
    ladder_jobs,
    merge_stocks,
)
from lockstep.physics.breakout.result import (
    BreakoutResult,
    Percentiles,
    SensitivityEntry,
    StepResult,
)

#: Upper bound on Monte Carlo samples per run.
MAX_SAMPLES = 10_000_000
#: Samples used for the rank correlations of the sensitivity ranking.
RANK_SAMPLES = 10_000


@dataclass(frozen=True)
class _Draws:
    """Sampled parameters: per-model output, effectiveness, set-up per step."""

    output: dict[str, FloatArray]
    effectiveness: FloatArray
    setup: FloatArray  # shape (steps, samples)


def canonical_fleets(fleets: Sequence[Fleet]) -> tuple[Fleet, ...]:
    """Fleets in a canonical order (model, site, status, machines)."""
    return tuple(sorted(fleets, key=lambda f: (f.model, f.site, f.status, f.machines, f.source)))


def canonical_stocks(stocks: Sequence[Stock]) -> tuple[Stock, ...]:
    """Stocks in a canonical order (highest assay first, then label and mass)."""
    return tuple(sorted(stocks, key=lambda s: (-s.assay, s.label, s.mass_kg_u, s.source)))


def machines_by_model(fleets: Sequence[Fleet]) -> dict[str, tuple[int, Distribution]]:
    """Machines and output distribution of each centrifuge model, models sorted."""
    grouped: dict[str, tuple[int, Distribution]] = {}
    for fleet in fleets:
        if fleet.model in grouped:
            count, dist = grouped[fleet.model]
            if dist != fleet.swu_per_machine_year:
                raise DomainError(
                    f"fleet {fleet.model}",
                    "one output distribution per centrifuge model",
                )
            grouped[fleet.model] = (count + fleet.machines, dist)
        else:
            grouped[fleet.model] = (fleet.machines, fleet.swu_per_machine_year)
    return {m: grouped[m] for m in sorted(grouped)}


def _nominal(by_model: dict[str, tuple[int, Distribution]], draws: _Draws) -> FloatArray:
    """Capacity at operational output, before effectiveness [kg-SWU/yr]."""
    total = np.zeros_like(draws.effectiveness)
    for model, (count, _) in by_model.items():
        total = total + count * draws.output[model]
    return np.asarray(total, dtype=np.float64)


def _sample(
    by_model: dict[str, tuple[int, Distribution]],
    assumptions: Assumptions,
    n_steps: int,
    samples: int,
    seed: int,
) -> _Draws:
    output = {
        model: dist.sample(parameter_rng(seed, f"swu_per_machine_year:{model}"), samples)
        for model, (_, dist) in by_model.items()
    }
    effectiveness = assumptions.effectiveness.sample(parameter_rng(seed, "effectiveness"), samples)
    setup = np.stack(
        [
            assumptions.setup_days.sample(parameter_rng(seed, f"setup_days:step{k}"), samples)
            for k in range(n_steps)
        ]
    )
    return _Draws(output, effectiveness, setup)


def _tornado_draws(
    by_model: dict[str, tuple[int, Distribution]], assumptions: Assumptions, n_steps: int
) -> tuple[_Draws, list[tuple[str, Distribution]]]:
    """Column 0: every input central; columns 2i+1, 2i+2: input i at low, high."""
    params: list[tuple[str, Distribution]] = [
        (f"swu_per_machine_year:{m}", d) for m, (_, d) in by_model.items()
    ]
    params += [("effectiveness", assumptions.effectiveness), ("setup_days", assumptions.setup_days)]
    params = [(name, dist) for name, dist in params if not dist.is_fixed]
    width = 1 + 2 * len(params)

    def column_values(name: str, dist: Distribution) -> FloatArray:
        values = np.full(width, dist.central)
        for i, (other, _) in enumerate(params):
            if other == name:
                values[2 * i + 1] = dist.low
                values[2 * i + 2] = dist.high
        return values

    output = {m: column_values(f"swu_per_machine_year:{m}", d) for m, (_, d) in by_model.items()}
    effectiveness = column_values("effectiveness", assumptions.effectiveness)
    setup_row = column_values("setup_days", assumptions.setup_days)
    setup = np.tile(setup_row, (n_steps, 1))
    return _Draws(output, effectiveness, setup), params


def ranks(x: FloatArray) -> FloatArray:
    """Ranks 0 ... n-1 of ``x`` (ties in input order)."""
    out = np.empty(x.size)
    out[np.argsort(x, kind="stable")] = np.arange(x.size)
    return out


def spearman(x: FloatArray, y_ranks: FloatArray | None) -> float:
    """Rank correlation of ``x`` with a variable whose ranks are ``y_ranks``."""
    if y_ranks is None or x.size < 3 or np.ptp(x) == 0:
        return 0.0
    return float(np.corrcoef(ranks(x), y_ranks)[0, 1])


class _Model:
    """One model's deterministic plan, evaluable for any array of parameter draws."""

    n_steps: int
    stock_limited: bool
    n_jobs: int

    def evaluate(
        self,
        nominal: FloatArray,
        effectiveness: FloatArray,
        setup: FloatArray,
        n_report: int,
        horizons: FloatArray,
        output: Mapping[str, FloatArray] | None = None,
    ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        raise NotImplementedError

    def steps(
        self,
        by_model: dict[str, tuple[int, Distribution]],
        nominal: FloatArray,
        effectiveness: FloatArray,
    ) -> tuple[StepResult, ...]:
        raise NotImplementedError


class _SwuBudget(_Model):
    def __init__(
        self,
        stocks: Sequence[Stock],
        quantity: Quantity,
        assumptions: Assumptions,
        n_report: int,
        swu_limit: float,
    ) -> None:
        self.assumptions = assumptions
        curve, exhausted = single_step_curve(
            stocks,
            quantity,
            assumptions,
            n_min=n_report,
            swu_limit=swu_limit,
            n_cap=MAX_QUANTITIES,
        )
        self.curve = np.asarray(curve, dtype=np.float64)
        self.stock_limited = exhausted
        self.n_jobs = len(curve)
        self.n_steps = 1
        self.flows = single_step_plan(
            merge_stocks(stocks),
            quantity.mass_kg_u,
            quantity.assay,
            assumptions.tails,
            unlimited_natural=assumptions.unlimited_natural,
            natural_assay=assumptions.natural_assay,
        )

    def evaluate(
        self,
        nominal: FloatArray,
        effectiveness: FloatArray,
        setup: FloatArray,
        n_report: int,
        horizons: FloatArray,
        output: Mapping[str, FloatArray] | None = None,
    ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        capacity = nominal * effectiveness
        dpy = self.assumptions.days_per_year
        days = swu_budget.arrival_days(self.curve, capacity, setup[0], dpy, n_report)
        counts = swu_budget.counts_by_day(self.curve, capacity, setup[0], dpy, horizons)
        return days, counts

    def steps(
        self,
        by_model: dict[str, tuple[int, Distribution]],
        nominal: FloatArray,
        effectiveness: FloatArray,
    ) -> tuple[StepResult, ...]:
        capacity = nominal * effectiveness
        total = math.fsum(f.swu for f in self.flows)
        machines = {m: float(n) for m, (n, _) in by_model.items()}
        dpy = self.assumptions.days_per_year
        results = []
        for flow in self.flows:
            days = _step_days(flow.swu, capacity, dpy)
            share = flow.swu / total if total > 0 else 0.0
            results.append(
                _step_result(flow, flow.step + 1, machines if flow.swu > 0 else {}, share, days)
            )
        return tuple(results)


class _BatchRecycle(_Model):
    def __init__(
        self,
        stocks: Sequence[Stock],
        quantity: Quantity,
        assumptions: Assumptions,
        n_report: int,
        swu_limit: float,
    ) -> None:
        self.assumptions = assumptions
        phase_quantities = assumptions.phase_quantities
        self.ladder: tuple[LadderStep, ...] = build_ladder(quantity, assumptions)
        jobs, exhausted, unusable = ladder_jobs(
            stocks,
            quantity,
            assumptions,
            self.ladder,
            n_min=n_report,
            swu_limit=swu_limit,
            n_cap=MAX_QUANTITIES,
        )
        if not exhausted and len(jobs) % phase_quantities:
            # Complete the last phase so that the split never depends on capacity.
            more, exhausted, _ = ladder_jobs(
                stocks,
                quantity,
                assumptions,
                self.ladder,
                n_min=len(jobs) + phase_quantities - len(jobs) % phase_quantities,
                swu_limit=math.inf,
                n_cap=len(jobs) + phase_quantities - len(jobs) % phase_quantities,
            )
            jobs = more
        self.jobs: list[Job] = jobs
        self.unusable = unusable
        self.stock_limited = exhausted
        self.n_jobs = len(jobs)
        self.n_steps = len(self.ladder)
        self.design_duty = tuple(step.design_duty for step in self.ladder)
        central = assumptions.effectiveness.central
        weights = [1.0 if design else 1.0 / central for design in self.design_duty]
        from lockstep.physics.breakout import batch_recycle

        self.phases = batch_recycle.plan_phases(jobs, phase_quantities, weights)

    def evaluate(
        self,
        nominal: FloatArray,
        effectiveness: FloatArray,
        setup: FloatArray,
        n_report: int,
        horizons: FloatArray,
        output: Mapping[str, FloatArray] | None = None,
    ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        from lockstep.physics.breakout import batch_recycle

        return batch_recycle.schedule(
            self.jobs,
            self.phases,
            nominal,
            effectiveness,
            self.design_duty,
            setup,
            self.assumptions.days_per_year,
            n_report,
            horizons,
            self.assumptions.lots_per_quantity,
        )

    def steps(
        self,
        by_model: dict[str, tuple[int, Distribution]],
        nominal: FloatArray,
        effectiveness: FloatArray,
    ) -> tuple[StepResult, ...]:
        shares = self.phases[0].shares
        dpy = self.assumptions.days_per_year
        results = []
        for flow in self.jobs[0].flows:
            if flow.step < 0:
                results.append(_step_result(flow, 0, {}, 0.0, Percentiles(0.0, 0.0, 0.0)))
                continue
            share = shares[flow.step]
            machines = {m: n * share for m, (n, _) in by_model.items()}
            capacity = nominal if self.design_duty[flow.step] else nominal * effectiveness
            days = _step_days(flow.swu, share * capacity, dpy)
            results.append(_step_result(flow, flow.step + 1, machines, share, days))
        return tuple(results)


class _StageCascade(_Model):
    """Adapter of :class:`~lockstep.physics.breakout.cascade_lines.CascadeLines`."""

    def __init__(
        self,
        stocks: Sequence[Stock],
        quantity: Quantity,
        assumptions: Assumptions,
        n_report: int,
        by_model: dict[str, tuple[int, Distribution]],
        horizons: FloatArray,
    ) -> None:
        # Imported when used: the pooled model (the planner's device) needs no cascades.
        from lockstep.physics.breakout import cascade_lines

        self.plan = cascade_lines.CascadeLines(
            by_model,
            stocks,
            quantity,
            assumptions,
            n_min=n_report,
            n_cap=MAX_QUANTITIES,
            horizon_days=float(horizons[-1]),
            # Every stock is a start the samples may take (the fastest over the starts),
            # also those beyond the quantities planned: found by hypothesis, a second
            # stock of 1,185 kg U at 2.7 % left natural uranium unplanned behind it for
            # one IR-2m machine, so more stock lengthened 0.74 to 1.73 million days.
            every_stock=True,
        )
        self.assumptions = assumptions
        self.n_steps = self.plan.n_steps
        self.stock_limited = self.plan.stock_limited
        self.n_jobs = self.plan.n_jobs

    def evaluate(
        self,
        nominal: FloatArray,
        effectiveness: FloatArray,
        setup: FloatArray,
        n_report: int,
        horizons: FloatArray,
        output: Mapping[str, FloatArray] | None = None,
    ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        if output is None:
            raise DomainError("output", "sampled outputs by model for stage-cascade")
        return self.plan.evaluate(output, setup, n_report, horizons)

    def steps(
        self,
        by_model: dict[str, tuple[int, Distribution]],
        nominal: FloatArray,
        effectiveness: FloatArray,
    ) -> tuple[StepResult, ...]:
        shares = self.plan.first_shares()
        several = len(self.plan.lines) > 1
        fleet_central = math.fsum(n * d.central for n, d in by_model.values())
        results: list[StepResult] = []
        for line, source, part in shares:
            machines = {
                g.design.model: float(g.cascades * g.design.machines) for g in line.plan.working
            }
            passes = source.passes
            days = line.plan.processing_days(source) * part
            total = math.fsum(p.years_at_central for p in passes)
            # Pass time scales with the line's output against central (a proxy for the
            # slowest group, which sets the time in the evaluation).
            central = math.fsum(by_model[m][0] * by_model[m][1].central for m in line.models)
            sampled_line = nominal * central / fleet_central
            capacity = central / fleet_central if fleet_central > 0 else 0.0
            for k, p in enumerate(passes):
                flow = StepFlow(
                    k,
                    source.label if k == 0 else f"product of pass {k}",
                    p.feed_assay,
                    p.product_assay,
                    p.tails_assay,
                    p.feed_kg_u * part,
                    p.product_kg_u * part,
                    p.tails_kg_u * part,
                    p.swu * part,
                )
                share = p.years_at_central / total if total > 0 else 0.0
                with np.errstate(divide="ignore"):
                    sampled = days * share * central / sampled_line
                step = _step_result(
                    flow, len(results) + 1, machines, capacity, Percentiles.of(sampled)
                )
                if several:
                    step = dataclasses.replace(
                        step,
                        label=f"{line.short}: {step.label}",
                        line=line.name,
                        quantity_share=part,
                    )
                results.append(step)
        return tuple(results)


def _step_days(swu: float, capacity: FloatArray, days_per_year: float) -> Percentiles:
    if swu == 0:
        return Percentiles(0.0, 0.0, 0.0)
    days = np.full(capacity.shape, np.inf)
    np.divide(swu * days_per_year, capacity, out=days, where=capacity > 0)
    return Percentiles.of(days)


def _step_result(
    flow: StepFlow, number: int, machines: dict[str, float], share: float, days: Percentiles
) -> StepResult:
    label = f"{flow.feed_label} ({flow.feed_assay * 100:.3g} %) -> {flow.product_assay * 100:.3g} %"
    return StepResult(
        step=number,
        label=label,
        feed_label=flow.feed_label,
        feed_assay=flow.feed_assay,
        product_assay=flow.product_assay,
        tails_assay=flow.tails_assay,
        feed_kg_u=flow.feed_kg_u,
        product_kg_u=flow.product_kg_u,
        tails_kg_u=flow.tails_kg_u,
        swu=flow.swu,
        machines=machines,
        capacity_share=share,
        days=days,
    )


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
    """Estimate breakout: days to the first quantities and quantities held by month.

    Parameters
    ----------
    stocks
        Stocks that may be used as feed.
    fleets
        Machines that may be used, each with its output distribution.
    quantity
        Quantity of concern (default 25 kg of 90 % uranium, ``wgu25``).
    assumptions
        Effectiveness, set-up, tails policy, natural uranium (default
        :class:`Assumptions`).
    model
        ``"ensemble"`` (structures and inputs sampled together, see
        :mod:`lockstep.physics.breakout.ensemble`), ``"swu-budget"``, ``"batch-recycle"``
        or ``"stage-cascade"`` (real cascades, stage by stage:
        :mod:`~lockstep.physics.breakout.stage_cascade`).
    samples
        Monte Carlo samples, >= 1.
    seed
        Seed, >= 0: same seed, same numbers.
    n_quantities
        Report days to the 1st ... n-th quantity, >= 1.
    months
        Report quantities held by the end of months 1 ... ``months`` (a month is
        days_per_year / 12), >= 1.
    sensitivity
        Whether to rank the inputs (tornado and rank correlation).

    Returns
    -------
    BreakoutResult

    Raises
    ------
    DomainError
        If an option is out of range or the model is unknown.
    InfeasibleError
        If no machine is available, or the stocks allowed cannot make one quantity.
    """
    chosen: BreakoutModel = check_model(model)
    quantity = quantity or Quantity.wgu25()
    assumptions = assumptions or Assumptions()
    check_counts(samples, seed, n_quantities, months)
    if chosen == "ensemble":
        # The ensemble builds on this module; lockstep.physics.breakout.models.estimate
        # is the one entry for every model.
        raise DomainError("model", "one structure here; the ensemble is models.estimate")
    stocks = canonical_stocks(stocks)
    fleets = canonical_fleets(fleets)
    by_model = machines_by_model(fleets)
    # Nominal capacity at every model's high output bounds the work any sample can do.
    high_capacity = math.fsum(n * d.high for n, d in by_model.values())
    if not high_capacity > 0:
        raise InfeasibleError(
            "no machines to enrich with in this selection (0 machines, or zero output); "
            "choose more machines (e.g. installed rather than enriching) or add a covert plant"
        )
    dpy = assumptions.days_per_year
    horizons = np.arange(1, months + 1, dtype=np.float64) * (dpy / 12.0)
    swu_limit = high_capacity * float(horizons[-1]) / dpy
    engine: _Model
    if chosen == "swu-budget":
        engine = _SwuBudget(stocks, quantity, assumptions, n_quantities, swu_limit)
    elif chosen == "stage-cascade":
        engine = _StageCascade(stocks, quantity, assumptions, n_quantities, by_model, horizons)
    else:
        engine = _BatchRecycle(stocks, quantity, assumptions, n_quantities, swu_limit)
    draws = _sample(by_model, assumptions, engine.n_steps, samples, seed)
    nominal = _nominal(by_model, draws)
    days, counts = engine.evaluate(
        nominal, draws.effectiveness, draws.setup, n_quantities, horizons, draws.output
    )
    first = days[0]
    ranking: tuple[SensitivityEntry, ...] = ()
    if sensitivity:
        ranking = _sensitivity(engine, by_model, assumptions, draws, first, horizons)
    notes = _notes(engine, quantity, assumptions, counts)
    nth = [Percentiles.of(days[n]) for n in range(n_quantities)]
    return BreakoutResult(
        model=chosen,
        quantity=quantity,
        samples=samples,
        seed=seed,
        first_quantity_days=nth[0],
        nth_quantity_days=tuple((n + 1, p) for n, p in enumerate(nth)),
        quantities_by_month=tuple((m + 1, Percentiles.of_counts(counts[m])) for m in range(months)),
        steps=engine.steps(by_model, nominal, draws.effectiveness),
        sensitivity=ranking,
        capacity_swu_per_year=Percentiles.of(nominal * draws.effectiveness),
        nominal_capacity_swu_per_year=Percentiles.of(nominal),
        max_quantities=engine.n_jobs if engine.stock_limited else None,
        stocks=stocks,
        fleets=fleets,
        assumptions=assumptions,
        notes=notes,
        first_quantity_samples=first,
        weaponization_days=weaponization_days(),
    )


def check_counts(samples: int, seed: int, n_quantities: int, months: int) -> None:
    """Refuse counts outside their bounds (a DomainError naming the argument)."""
    checks = (
        ("samples", samples, 1, MAX_SAMPLES),
        ("seed", seed, 0, 2**63 - 1),
        ("n_quantities", n_quantities, 1, MAX_QUANTITIES),
        ("months", months, 1, 120),
    )
    for name, value, low, high in checks:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise DomainError(
                name, f"a whole number from {low} to {high:,}", value=_as_float(value)
            )


def _as_float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _sensitivity(
    engine: _Model,
    by_model: dict[str, tuple[int, Distribution]],
    assumptions: Assumptions,
    draws: _Draws,
    first: FloatArray,
    horizons: FloatArray,
) -> tuple[SensitivityEntry, ...]:
    tornado, params = _tornado_draws(by_model, assumptions, engine.n_steps)
    if not params:
        return ()
    nominal = _nominal(by_model, tornado)
    days, _ = engine.evaluate(
        nominal, tornado.effectiveness, tornado.setup, 1, horizons[:1], tornado.output
    )
    n = min(first.size, RANK_SAMPLES)
    head = first[:n]
    first_ranks = ranks(head) if np.isfinite(head).all() and np.ptp(head) > 0 else None
    entries = []
    for i, (name, dist) in enumerate(params):
        low_days, high_days = float(days[0, 2 * i + 1]), float(days[0, 2 * i + 2])
        if name == "effectiveness":
            sampled = draws.effectiveness
        elif name == "setup_days":
            sampled = draws.setup.mean(axis=0)
        else:
            sampled = draws.output[name.split(":", 1)[1]]
        swing = abs(high_days - low_days) if math.isfinite(high_days + low_days) else math.inf
        entries.append(
            SensitivityEntry(
                input=name,
                low=dist.low,
                high=dist.high,
                days_at_low=low_days,
                days_at_high=high_days,
                swing_days=swing,
                rank_correlation=spearman(sampled[:n], first_ranks),
            )
        )
    entries.sort(key=lambda e: (-e.swing_days, e.input))
    return tuple(entries)


def _notes(
    engine: _Model,
    quantity: Quantity,
    assumptions: Assumptions,
    counts: npt.NDArray[np.int64],
) -> tuple[str, ...]:
    notes = []
    if assumptions.unlimited_natural:
        notes.append("natural uranium is assumed available without limit")
    if engine.stock_limited:
        notes.append(
            f"the stocks allowed can supply at most {engine.n_jobs} quantities "
            f"of {quantity.mass_kg_u:.4g} kg U at {quantity.assay * 100:g} %"
        )
    if (
        not engine.stock_limited
        and engine.n_jobs >= MAX_QUANTITIES
        and counts.max() >= engine.n_jobs
    ):
        notes.append(f"quantities by month are counted up to {MAX_QUANTITIES} only")
    if isinstance(engine, _StageCascade):
        from lockstep.physics.breakout.cascade_lines import cascades_in_words

        plan = engine.plan
        notes.append(
            f"stage-cascade: {cascades_in_words(plan)}; cascade losses come from the stage "
            "balance, so effectiveness is not applied"
        )
        notes.extend(plan.unused)
    if isinstance(engine, _BatchRecycle):
        for stock in engine.unusable:
            notes.append(
                f"stock {stock.label!r} ({stock.assay * 100:.3g} %) is at or below the tails "
                "of the step it would feed and is not used"
            )
    return tuple(notes)
