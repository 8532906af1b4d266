"""The ``ensemble`` breakout model: structural and input uncertainty in one Monte Carlo.

Each sample draws a model **structure** from a small registry (:data:`STRUCTURES`,
weights and reasons in ``breakout_ensemble.yaml``) and its **inputs**: output per
machine-year of each centrifuge model, cascade effectiveness, set-up days, the
ladder's re-piping days per change of feed, hold-up and losses, the share of the
counted machines really available, and the mass of every stock band over its range
(the record's ``value_low``/``value_high``, or a width set by the figure's status:
estimated and unverified figures wider than verified ones).

A structure is a class built once per estimate from the stocks, the quantity and the
assumptions (its plan does not depend on the masses, see
:mod:`lockstep.physics.breakout.routes`), whose ``evaluate`` maps the per-sample inputs
(:class:`SampleInputs`) to the days to the first quantities and the quantities held at
each horizon, vectorised over the samples. Adding a structure is one entry in
:data:`STRUCTURES` and one weight in the data file.

Everything is keyed by named random streams (:func:`parameter_rng`): same seed, same
numbers; the order of the inputs does not matter.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from lockstep.errors import DataError, InfeasibleError
from lockstep.physics._checks import FloatArray
from lockstep.physics.breakout.cascade_lines import StageCascadeStructure, layout_groups
from lockstep.physics.breakout.distributions import Distribution, parameter_rng
from lockstep.physics.breakout.ensemble_parameters import (
    EnsembleParameters,
    ensemble_parameters,
    weaponization_days,
)
from lockstep.physics.breakout.inputs import Assumptions, Fleet, Quantity, Stock
from lockstep.physics.breakout.plan import NATURAL_LABEL
from lockstep.physics.breakout.result import (
    BreakoutResult,
    Percentiles,
    SensitivityEntry,
    StructureShare,
)
from lockstep.physics.breakout.routes import merged_sources
from lockstep.physics.breakout.structures import (
    IntArray,
    PooledWork,
    PreparedStructure,
    SampleInputs,
    StepLadder,
    Structure,
)

#: Days to the 2nd ... n-th quantity and quantities by month use at most this many
#: samples (the first ones); the first quantity uses all. Their P10/P50/P90 are settled
#: long before, and it keeps 10^6-sample runs under a second.
COUNT_SAMPLES = 100_000


#: The registry: structure name -> how to build it. A new structure is one entry here
#: and one weight in ``breakout_ensemble.yaml``.
STRUCTURES: dict[str, Structure] = {
    "swu-budget": Structure("swu-budget", PooledWork),
    "batch-recycle": Structure("batch-recycle", StepLadder),
    "stage-cascade": Structure("stage-cascade", StageCascadeStructure),
}


def stock_range(stock: Stock, params: EnsembleParameters) -> tuple[float, float]:
    """Lowest and highest mass [kg U] sampled for ``stock``.

    The record's range where it has one, else the width for the figure's status.
    """
    if stock.mass_low_kg_u is not None or stock.mass_high_kg_u is not None:
        low = stock.mass_kg_u if stock.mass_low_kg_u is None else stock.mass_low_kg_u
        high = stock.mass_kg_u if stock.mass_high_kg_u is None else stock.mass_high_kg_u
        return low, high
    width = params.width(stock.status or "other")
    return stock.mass_kg_u * width.low, stock.mass_kg_u * width.high


@dataclass(frozen=True)
class _Setting:
    """The fixed part of an ensemble run: merged sources and the fleet by model."""

    stocks: tuple[Stock, ...]
    sources: tuple[str, ...]
    groups: tuple[tuple[Stock, ...], ...]  # originals behind each merged source
    by_model: dict[str, tuple[int, Distribution]]


def _setting(
    stocks: Sequence[Stock], by_model: dict[str, tuple[int, Distribution]], natural: bool
) -> _Setting:
    merged = merged_sources(stocks)
    groups = tuple(
        tuple(s for s in stocks if s.assay == m.assay and s.mass_kg_u > 0) for m in merged
    )
    sources = tuple(m.label for m in merged) + ((NATURAL_LABEL,) if natural else ())
    return _Setting(tuple(stocks), sources, groups, by_model)


def input_distributions(
    setting: _Setting, assumptions: Assumptions, params: EnsembleParameters
) -> dict[str, Distribution]:
    """Every continuous input of the ensemble and its distribution, by name.

    The one list of the ensemble's uncertain inputs: the Monte Carlo draws it
    (:func:`sample_inputs`), the tornado moves each from low to high, and the Sobol'
    analysis (:mod:`lockstep.physics.breakout.sobol`) takes each as a factor. Output per
    machine-year of each centrifuge model, the share of machines available, cascade
    effectiveness, set-up and re-piping days, hold-up and losses, the cascades of the
    top step, then the mass of each stock band: uniform over its range
    (:func:`stock_range`), fixed when the range is empty.
    """
    out: dict[str, Distribution] = {
        f"swu_per_machine_year:{model}": dist for model, (_, dist) in setting.by_model.items()
    }
    out["availability"] = params.availability
    out["effectiveness"] = assumptions.effectiveness
    out["setup_days"] = assumptions.setup_days
    out["reconfiguration_days"] = params.reconfiguration_days
    out["holdup_loss"] = params.holdup_loss
    out["top_step_cascades"] = params.top_step_cascades
    for group in setting.groups:
        for stock in group:
            low, high = stock_range(stock, params)
            out[f"stock:{stock.label}"] = (
                Distribution.uniform(low, high)
                if high > low
                else Distribution.fixed(stock.mass_kg_u)
            )
    return out


#: Inputs of the ensemble in words (tables); ``swu_per_machine_year:<model>`` and
#: ``stock:<band>`` are worded by :func:`input_label`.
INPUT_WORDS = {
    "availability": "machines available",
    "effectiveness": "cascade effectiveness",
    "setup_days": "set-up days",
    "reconfiguration_days": "re-piping days",
    "holdup_loss": "hold-up loss",
    "top_step_cascades": "top-step cascades",
    "structure": "model structure",
}


def input_label(name: str) -> str:
    """An input's name in words: ``swu_per_machine_year:IR-6`` -> ``IR-6 output``.

    ``stock:up_to_60pct`` -> ``60 % stock``; the others from :data:`INPUT_WORDS`.
    """
    kind, _, item = name.partition(":")
    if kind == "swu_per_machine_year":
        return f"{item} output"
    if kind == "stock":
        return f"{item.removeprefix('up_to_').replace('pct', ' %')} stock"
    return INPUT_WORDS.get(name, name.replace("_", " "))


def sample_inputs(
    setting: _Setting, assumptions: Assumptions, params: EnsembleParameters, samples: int, seed: int
) -> tuple[SampleInputs, dict[str, FloatArray]]:
    """Draw every input of ``samples`` samples; also return each named draw for ranking."""
    named = {
        name: dist.sample(parameter_rng(seed, name), samples)
        for name, dist in input_distributions(setting, assumptions, params).items()
    }
    return inputs_from_draws(setting, params, named), named


def inputs_from_draws(
    setting: _Setting, params: EnsembleParameters, named: dict[str, FloatArray]
) -> SampleInputs:
    """The structures' per-sample inputs from a value of every named input per sample."""
    samples = int(named["effectiveness"].shape[0])
    nominal = np.zeros(samples)
    for model, (count, _) in setting.by_model.items():
        nominal += count * named[f"swu_per_machine_year:{model}"]
    lines, by_line = _line_capacity(setting, named, named["availability"])
    top = _top_capacity(setting, params, named["top_step_cascades"], named)
    masses = np.full((len(setting.sources), samples), np.inf)
    for i, group in enumerate(setting.groups):
        total = np.zeros(samples)
        for stock in group:
            total += named[f"stock:{stock.label}"]
        masses[i] = total
    return SampleInputs(
        setting.sources,
        masses,
        nominal * named["availability"],
        named["effectiveness"],
        named["setup_days"],
        named["reconfiguration_days"],
        named["holdup_loss"],
        top * named["availability"],
        lines,
        by_line,
    )


def _line_capacity(
    setting: _Setting, output: Mapping[str, FloatArray], availability: FloatArray
) -> tuple[tuple[tuple[str, ...], ...], FloatArray | None]:
    """The models by stage layout and each layout's available capacity [kg-SWU/yr].

    Only where the fleet has several layouts (the stage-level cascade's lines run
    apart); ``None`` otherwise, when the fleet's capacity is the line's.
    """
    lines = layout_groups(setting.by_model)
    if len(lines) < 2:
        return lines, None
    capacity = np.zeros((len(lines), availability.shape[0]))
    for row, models in enumerate(lines):
        for model in models:
            count = setting.by_model[model][0]
            capacity[row] += count * output[f"swu_per_machine_year:{model}"]
    capacity *= availability
    return lines, capacity


def _top_capacity(
    setting: _Setting,
    params: EnsembleParameters,
    cascades: FloatArray,
    output: dict[str, FloatArray],
) -> FloatArray:
    """Capacity at operational output of the cascades re-piped for the top step.

    ``cascades`` x ``machines_per_cascade`` machines, in each sample taken from the
    model with the highest output in that sample down (so that more machines or more
    output never lower it) [kg-SWU/yr].
    """
    wanted = cascades * params.machines_per_cascade
    models = list(setting.by_model.items())
    outputs = [
        np.broadcast_to(output[f"swu_per_machine_year:{m}"], wanted.shape) for m, _ in models
    ]
    total = np.zeros_like(wanted)
    for i, (_, (count, _)) in enumerate(models):
        # Machines of models with a higher output in this sample go first (ties: order).
        before = np.zeros_like(wanted)
        for j, (_, (other, _)) in enumerate(models):
            if j != i:
                better = outputs[j] > outputs[i] if j > i else outputs[j] >= outputs[i]
                before += other * better
        total += np.clip(wanted - before, 0.0, float(count)) * outputs[i]
    return total


def _structures(params: EnsembleParameters) -> tuple[tuple[str, float, str], ...]:
    chosen = []
    for weight in params.structures:
        if weight.name not in STRUCTURES:
            raise DataError(
                f"lockstep/data/physics/breakout_ensemble.yaml, field 'structures': "
                f"{weight.name!r} is not a registered structure ({', '.join(STRUCTURES)})"
            )
        if weight.weight > 0:
            chosen.append((weight.name, weight.weight, weight.reason))
    return tuple(chosen)


def draw_structures(weights: Sequence[float], samples: int, seed: int) -> IntArray:
    """Index of the structure each sample draws (named stream ``structure``)."""
    return structure_of(weights, parameter_rng(seed, "structure").random(samples))


def structure_of(weights: Sequence[float], level: FloatArray) -> IntArray:
    """Index of the structure at cumulative probabilities ``level`` in [0, 1)."""
    edges = np.cumsum(np.asarray(weights, dtype=np.float64))
    edges /= edges[-1]
    index = np.searchsorted(edges, np.asarray(level, dtype=np.float64), side="right")
    return np.minimum(index, len(weights) - 1).astype(np.int64)


def estimate_ensemble(
    stocks: Sequence[Stock],
    fleets: Sequence[Fleet],
    quantity: Quantity,
    assumptions: Assumptions,
    *,
    samples: int,
    seed: int,
    n_quantities: int,
    months: int,
    sensitivity: bool,
    parameters: EnsembleParameters | None = None,
) -> BreakoutResult:
    """The ensemble estimate (called by :func:`lockstep.physics.breakout.estimate`).

    Parameters and errors as :func:`~lockstep.physics.breakout.estimate`; ``parameters``
    replaces the packaged ensemble parameters (tests, what-if ranges).
    """
    from lockstep.physics.breakout import engine

    params = parameters or ensemble_parameters()
    stocks = engine.canonical_stocks(stocks)
    fleets = engine.canonical_fleets(fleets)
    by_model = engine.machines_by_model(fleets)
    if not math.fsum(n * d.high for n, d in by_model.values()) > 0:
        raise InfeasibleError(
            "no machines to enrich with in this selection (0 machines, or zero output); "
            "choose more machines (e.g. installed rather than enriching) or add a covert plant"
        )
    setting = _setting(stocks, by_model, assumptions.unlimited_natural)
    chosen = _structures(params)
    prepared = [
        STRUCTURES[name].prepare(stocks, quantity, assumptions, by_model) for name, _, _ in chosen
    ]
    dpy = assumptions.days_per_year
    horizons = np.arange(1, months + 1, dtype=np.float64) * (dpy / 12.0)
    inputs, named = sample_inputs(setting, assumptions, params, samples, seed)
    which = draw_structures([w for _, w, _ in chosen], samples, seed)
    n_head = min(samples, COUNT_SAMPLES)
    first = np.empty(samples)
    later = np.empty((n_quantities, n_head))
    counts = np.zeros((months, n_head), dtype=np.int64)
    shares = []
    for s, (name, weight, reason) in enumerate(chosen):
        # The first n_head samples give every output; the rest only the first quantity.
        head = np.flatnonzero(which[:n_head] == s)
        if head.size:
            d, c = prepared[s].evaluate(inputs.take(head), n_quantities, horizons, True)
            later[:, head] = d
            counts[:, head] = c
            first[head] = d[0]
        tail = n_head + np.flatnonzero(which[n_head:] == s)
        if tail.size:
            d, _ = prepared[s].evaluate(inputs.take(tail), 1, horizons, False)
            first[tail] = d[0]
        index = np.flatnonzero(which == s)
        share = Percentiles.of(first[index]) if index.size else None
        shares.append(StructureShare(name, weight, int(index.size), share, reason))
    ranking: tuple[SensitivityEntry, ...] = ()
    if sensitivity:
        named["structure"] = which.astype(np.float64)
        ranking = _sensitivity(setting, assumptions, params, chosen, prepared, named, first)
    single = engine.estimate(
        stocks,
        fleets,
        quantity,
        assumptions,
        model="swu-budget",
        samples=min(samples, 1_000),
        seed=seed,
        n_quantities=1,
        months=1,
        sensitivity=False,
    )
    nominal = inputs.nominal_swu_per_year
    notes = [
        "ensemble: each sample draws a structure ("
        + ", ".join(f"{name} {weight:.0%}" for name, weight, _ in chosen)
        + ") and every input, stock masses over their ranges included",
        "weaponization (a first device from the material) is not included: "
        "see weaponization_days, shown beside the material time",
        *(n for n in single.notes if n.startswith("natural uranium")),
    ]
    for structure in prepared:
        for stock in getattr(getattr(structure, "segments", None), "unusable", ()):
            notes.append(
                f"stock {stock.label!r} ({stock.assay * 100:.3g} %) is at or below the tails "
                "of the ladder step it would feed and is not used by batch-recycle"
            )
        notes.extend(getattr(structure, "notes", ()))
    return BreakoutResult(
        model="ensemble",
        quantity=quantity,
        samples=samples,
        seed=seed,
        first_quantity_days=Percentiles.of(first),
        nth_quantity_days=(
            (1, Percentiles.of(first)),
            *((n + 1, Percentiles.of(later[n])) for n in range(1, n_quantities)),
        ),
        quantities_by_month=tuple((m + 1, Percentiles.of_counts(counts[m])) for m in range(months)),
        steps=single.steps,
        sensitivity=ranking,
        capacity_swu_per_year=Percentiles.of(nominal * inputs.effectiveness),
        nominal_capacity_swu_per_year=Percentiles.of(nominal),
        max_quantities=None if assumptions.unlimited_natural else single.max_quantities,
        stocks=stocks,
        fleets=fleets,
        assumptions=assumptions,
        notes=tuple(notes),
        first_quantity_samples=first,
        weaponization_days=weaponization_days(),
        structures=tuple(shares),
        ensemble_inputs={
            **params.to_dict(),
            "stock_ranges": [
                {
                    "label": s.label,
                    "status": s.status,
                    "mass_kg_u": s.mass_kg_u,
                    "low_kg_u": stock_range(s, params)[0],
                    "high_kg_u": stock_range(s, params)[1],
                }
                for s in stocks
            ],
            "later_quantity_samples": n_head,
        },
    )


def _central_inputs(
    setting: _Setting,
    assumptions: Assumptions,
    params: EnsembleParameters,
    width: int,
    override: tuple[str, FloatArray] | None = None,
) -> SampleInputs:
    """``width`` copies of the central inputs, one named input replaced by ``override``."""

    def value(name: str, central: float) -> FloatArray:
        if override is not None and override[0] == name:
            return override[1]
        return np.full(width, central)

    nominal = np.zeros(width)
    for model, (count, dist) in setting.by_model.items():
        nominal = nominal + count * value(f"swu_per_machine_year:{model}", dist.central)
    masses = np.full((len(setting.sources), width), np.inf)
    for i, group in enumerate(setting.groups):
        masses[i] = sum(
            (value(f"stock:{s.label}", s.mass_kg_u) for s in group), start=np.zeros(width)
        )
    outputs = {
        f"swu_per_machine_year:{m}": value(f"swu_per_machine_year:{m}", d.central)
        for m, (_, d) in setting.by_model.items()
    }
    cascades = value("top_step_cascades", params.top_step_cascades.central)
    availability = value("availability", params.availability.central)
    return SampleInputs(
        setting.sources,
        masses,
        nominal * availability,
        value("effectiveness", assumptions.effectiveness.central),
        value("setup_days", assumptions.setup_days.central),
        value("reconfiguration_days", params.reconfiguration_days.central),
        value("holdup_loss", params.holdup_loss.central),
        _top_capacity(setting, params, cascades, outputs) * availability,
        *_line_capacity(setting, outputs, availability),
    )


def _ranges(
    setting: _Setting, assumptions: Assumptions, params: EnsembleParameters
) -> list[tuple[str, float, float]]:
    return [
        (name, d.low, d.high)
        for name, d in input_distributions(setting, assumptions, params).items()
        if d.high > d.low
    ]


def _weighted_days(
    prepared: Sequence[PreparedStructure], weights: Sequence[float], inputs: SampleInputs
) -> FloatArray:
    empty = np.zeros(0)
    total = np.zeros(inputs.size)
    for structure, weight in zip(prepared, weights, strict=True):
        days, _ = structure.evaluate(inputs, 1, empty, False)
        total = total + weight * days[0]
    return total


def _sensitivity(
    setting: _Setting,
    assumptions: Assumptions,
    params: EnsembleParameters,
    chosen: Sequence[tuple[str, float, str]],
    prepared: Sequence[PreparedStructure],
    named: dict[str, FloatArray],
    first: FloatArray,
) -> tuple[SensitivityEntry, ...]:
    """Tornado (structure-weighted days at each input's low and high) and rank correlation.

    The structure is an input too, ordered by its days at central inputs (fastest
    first): its ``low``/``high`` are the positions (in the registry order of the
    result's ``structures``) of the fastest and the slowest structure, its
    ``days_at_low``/``days_at_high`` their days, its swing their spread, and its rank
    correlation that of the structure drawn, in the order of their days.
    """
    from lockstep.physics.breakout.engine import RANK_SAMPLES, ranks, spearman

    weights = [w for _, w, _ in chosen]
    n = min(first.size, RANK_SAMPLES)
    head = first[:n]
    first_ranks = ranks(head) if np.isfinite(head).all() and np.ptp(head) > 0 else None
    entries = []
    for name, low, high in _ranges(setting, assumptions, params):
        inputs = _central_inputs(setting, assumptions, params, 2, (name, np.array([low, high])))
        at = _weighted_days(prepared, weights, inputs)
        lo, hi = float(at[0]), float(at[1])
        swing = abs(hi - lo) if math.isfinite(lo + hi) else math.inf
        entries.append(
            SensitivityEntry(name, low, high, lo, hi, swing, spearman(named[name][:n], first_ranks))
        )
    if len(prepared) > 1:
        central = _central_inputs(setting, assumptions, params, 1)
        per = [float(p.evaluate(central, 1, np.zeros(0), False)[0][0, 0]) for p in prepared]
        # Stable order by central days (infinite last): the rank of each structure.
        order = sorted(range(len(per)), key=lambda i: (per[i], i))
        rank = np.empty(len(per))
        rank[order] = np.arange(len(per), dtype=np.float64)
        finite = [d for d in per if math.isfinite(d)]
        swing = max(finite) - min(finite) if len(finite) == len(per) else math.inf
        entries.append(
            SensitivityEntry(
                "structure",
                float(order[0]),
                float(order[-1]),
                per[order[0]],
                per[order[-1]],
                swing,
                spearman(rank[named["structure"][:n].astype(np.int64)], first_ranks),
            )
        )
    entries.sort(key=lambda e: (-e.swing_days, e.input))
    return tuple(entries)


#: Samples of the deterministic fast path (:func:`central_first_quantity_days`).
CENTRAL_SAMPLES = 1_000


def central_first_quantity_days(
    stocks: Sequence[Stock],
    fleets: Sequence[Fleet],
    quantity: Quantity | None = None,
    assumptions: Assumptions | None = None,
    *,
    parameters: EnsembleParameters | None = None,
) -> float:
    """Days to the first quantity by the default (``ensemble``) model, fast and fixed [days].

    The median of the first-quantity days over a fixed set of 1,000 ensemble samples
    (seed 0: same inputs, same value), with none of the rest of an estimate (no steps,
    sensitivity, later quantities or counts): a few milliseconds. It agrees with the
    P50 of ``lockstep breakout`` (10,000 samples) within 10 % on every report date of
    the record (``tests/physics/breakout/test_breakout_ensemble.py``), and it is the
    path for callers that evaluate breakout many times (the return planner).

    A single evaluation at central inputs would not do: the structures' answers differ
    by up to a factor two and the median of their mixture is not their weighted mean.

    Raises
    ------
    InfeasibleError
        As :func:`~lockstep.physics.breakout.estimate`.
    """
    from lockstep.physics.breakout import engine

    quantity = quantity or Quantity.wgu25()
    assumptions = assumptions or Assumptions()
    params = parameters or ensemble_parameters()
    stocks = engine.canonical_stocks(stocks)
    by_model = engine.machines_by_model(engine.canonical_fleets(fleets))
    if not math.fsum(n * d.high for n, d in by_model.values()) > 0:
        raise InfeasibleError("no machines to enrich with in this selection")
    setting = _setting(stocks, by_model, assumptions.unlimited_natural)
    chosen = _structures(params)
    prepared = [
        STRUCTURES[name].prepare(stocks, quantity, assumptions, by_model) for name, _, _ in chosen
    ]
    inputs, _ = sample_inputs(setting, assumptions, params, CENTRAL_SAMPLES, 0)
    which = draw_structures([w for _, w, _ in chosen], CENTRAL_SAMPLES, 0)
    first = np.empty(CENTRAL_SAMPLES)
    for s, structure in enumerate(prepared):
        index = np.flatnonzero(which == s)
        if index.size:
            first[index] = structure.evaluate(inputs.take(index), 1, np.zeros(0), False)[0][0]
    if not np.isfinite(first).any():
        raise InfeasibleError(
            f"the stocks allowed cannot make one quantity ({quantity.mass_kg_u:.4g} kg U at "
            f"{quantity.assay * 100:g} %); allow more stocks or natural uranium"
        )
    return Percentiles.of(first).p50
