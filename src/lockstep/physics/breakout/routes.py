"""Feed routes of the ensemble's structures, as work per kg of product, for any stock mass.

The ensemble samples every stock's mass, so a plan cannot be made once for all
samples. What *can* be made once is the list of **segments** each structure draws
product from: a segment is a piece of one stock's (or natural uranium's) production,
with the product it yields per kg of that stock and the separative work per kg of
product it costs. Both are independent of the stock's mass, and so is the order in
which a structure uses the segments:

* ``swu-budget`` (pooled least work): the cost segments of
  :class:`~lockstep.physics.breakout.least_work.LeastWorkPlanner` built on 1 kg of each
  stock; its merge by marginal work is mass-independent (the marginal work per kg of
  product at a given tails does not depend on the mass fed).
* ``batch-recycle`` (step ladder): each stock joins the ladder at its step
  (:func:`~lockstep.physics.breakout.plan.assign_stocks`) and climbs the remaining
  rungs at their design tails; stocks are used from the top of the ladder down, natural
  uranium last. Work at LEU-production duty and off it is kept apart, because only the
  latter loses the cascade effectiveness.

Then for per-sample masses ``M[source, sample]`` the work to make Q kg of product is a
piecewise-linear sum over the segments (:func:`work_for_product`) and its inverse gives
the product a work budget buys (:func:`product_for_work`), both vectorised over the
samples with early exit once every sample is served.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lockstep.physics._checks import FloatArray
from lockstep.physics.breakout.inputs import Assumptions, Quantity, Stock
from lockstep.physics.breakout.least_work import LeastWorkPlanner
from lockstep.physics.breakout.plan import (
    NATURAL_LABEL,
    assign_stocks,
    build_ladder,
    merge_stocks,
    step_swu,
)

#: Tails intervals on the forced-tails part of each stock's least-work curve in the
#: ensemble (the single-model engine uses 64): 6 chords keep the work within 0.5 % of
#: the finer curve (tested) at a tenth of the segments.
ENSEMBLE_TAILS_INTERVALS = 6


@dataclass(frozen=True)
class Segments:
    """Segments of one structure, in the order they are used.

    Attributes
    ----------
    sources
        Labels of the sources (merged stocks, then natural uranium if unlimited).
    source
        Per segment, the index of its source in ``sources``.
    product_per_kg
        Per segment, product per kg of its source [kg U / kg U].
    work_design
        Per segment, work per kg of product at the duty the machines' output was
        measured at (LEU production) [kg-SWU / kg U].
    work_off_design
        Per segment, work per kg of product off that duty (divided by the cascade
        effectiveness) [kg-SWU / kg U].
    rungs
        Per segment, the ladder steps its material passes (1 for a single step, 0 for a
        stock already at the product assay).
    work_top
        Per segment, the part of ``work_off_design`` done in the top step (the one making
        the final product) [kg-SWU / kg U]; equal to it for single steps.
    unusable
        Stocks that cannot be used by this structure.
    """

    sources: tuple[str, ...]
    source: tuple[int, ...]
    product_per_kg: tuple[float, ...]
    work_design: tuple[float, ...]
    work_off_design: tuple[float, ...]
    rungs: tuple[int, ...]
    work_top: tuple[float, ...] = ()
    unusable: tuple[Stock, ...] = ()

    def __len__(self) -> int:
        return len(self.source)


def merged_sources(stocks: Sequence[Stock]) -> tuple[Stock, ...]:
    """Stocks with equal assays merged (highest assay first), as the structures use them."""
    return merge_stocks(stocks)


def least_work_segments(
    stocks: Sequence[Stock], quantity: Quantity, assumptions: Assumptions
) -> Segments:
    """Segments of the pooled least-work structure (``swu-budget``)."""
    merged = merged_sources(stocks)
    # Merged stocks have distinct assays: sources are matched by assay, never by label
    # (two stocks may share a label).
    unit = [Stock(s.assay, 1.0, f"#{i}") for i, s in enumerate(merged)]
    planner = LeastWorkPlanner(
        unit,
        quantity.assay,
        assumptions.tails,
        unlimited_natural=assumptions.unlimited_natural,
        natural_assay=assumptions.natural_assay,
        tails_intervals=ENSEMBLE_TAILS_INTERVALS,
    )
    labels = [s.label for s in merged]
    if assumptions.unlimited_natural:
        labels.append(NATURAL_LABEL)
    index = {f"#{i}": i for i in range(len(merged))}
    index[NATURAL_LABEL] = len(merged)
    source, per_kg, work = [], [], []
    for segment in planner.segments:
        origin = planner.sources[segment.source]
        source.append(index[origin.label])
        # Natural uranium is unlimited: its product per kg is kept finite (per kg of
        # feed) and its mass infinite, so that the product is infinite.
        amount = segment.product if math.isfinite(origin.mass) else _per_feed(origin, quantity)
        per_kg.append(amount)
        work.append(segment.marginal)
    zeros = tuple(0.0 for _ in work)
    rungs = tuple(0 if w == 0.0 else 1 for w in work)
    return Segments(
        tuple(labels), tuple(source), tuple(per_kg), zeros, tuple(work), rungs, tuple(work)
    )


def _per_feed(origin: object, quantity: Quantity) -> float:
    assay, high = float(getattr(origin, "assay")), float(getattr(origin, "high"))  # noqa: B009
    return (assay - high) / (quantity.assay - high)


def ladder_segments(
    stocks: Sequence[Stock], quantity: Quantity, assumptions: Assumptions
) -> Segments:
    """Segments of the step-ladder structure (``batch-recycle``), top of the ladder first."""
    merged = merged_sources(stocks)
    ladder = build_ladder(quantity, assumptions)
    direct, per_step, unusable = assign_stocks(merged, ladder, assumptions.min_pass_gain)
    labels = [s.label for s in merged]
    if assumptions.unlimited_natural:
        labels.append(NATURAL_LABEL)
    by_assay = {s.assay: i for i, s in enumerate(merged)}
    source: list[int] = []
    per_kg: list[float] = []
    w_design: list[float] = []
    w_off: list[float] = []
    w_top: list[float] = []
    rungs: list[int] = []

    def climb(assay: float, start: int) -> tuple[float, float, float, float, int]:
        mass, design, off, top = 1.0, 0.0, 0.0, 0.0
        x = assay
        for step in ladder[start:]:
            t = step.tails_assay
            work = step_swu(mass, x, step.product_assay, t)
            if step.design_duty:
                design += work
            else:
                off += work
            top = 0.0 if step.design_duty else work
            mass *= (x - t) / (step.product_assay - t)
            x = step.product_assay
        return mass, design, off, top, len(ladder) - start

    def add(index_: int, made: tuple[float, float, float, float, int]) -> None:
        mass, design, off, top, k = made
        source.append(index_)
        per_kg.append(mass)
        w_design.append(design / mass)
        w_off.append(off / mass)
        w_top.append(top / mass)
        rungs.append(k)

    for stock in direct:
        add(by_assay[stock.assay], (1.0, 0.0, 0.0, 0.0, 0))
    natural_step = _natural_step(ladder, assumptions)
    for step in reversed(ladder):
        for stock in per_step[step.index]:
            add(by_assay[stock.assay], climb(stock.assay, step.index))
        if natural_step == step.index:
            add(len(merged), climb(assumptions.natural_assay, step.index))
    return Segments(
        tuple(labels),
        tuple(source),
        tuple(per_kg),
        tuple(w_design),
        tuple(w_off),
        tuple(rungs),
        tuple(w_top),
        tuple(unusable),
    )


def _natural_step(ladder: Sequence[object], assumptions: Assumptions) -> int | None:
    if not assumptions.unlimited_natural:
        return None
    xn = assumptions.natural_assay
    for step in ladder:
        product = float(getattr(step, "product_assay"))  # noqa: B009
        tails = float(getattr(step, "tails_assay"))  # noqa: B009
        gain = (product / (1 - product)) / (xn / (1 - xn))
        if gain >= assumptions.min_pass_gain and xn > tails:
            return int(getattr(step, "index"))  # noqa: B009
    return None


class SegmentProducts:
    """Product [kg U] each segment can yield per sample, computed when first needed.

    Parameters
    ----------
    segments
        The structure's segments.
    masses
        Mass of each source per sample [kg U], shape (sources, samples).
    """

    def __init__(self, segments: Segments, masses: FloatArray) -> None:
        self.segments = segments
        self.masses = masses
        self._cache: dict[int, FloatArray] = {}

    def __getitem__(self, k: int) -> FloatArray:
        if k not in self._cache:
            seg = self.segments
            self._cache[k] = seg.product_per_kg[k] * self.masses[seg.source[k]]
        return self._cache[k]

    def __len__(self) -> int:
        return len(self.segments)


def segment_products(segments: Segments, masses: FloatArray) -> SegmentProducts:
    """Product each segment can yield per sample (see :class:`SegmentProducts`)."""
    return SegmentProducts(segments, masses)


#: Product below this is none [kg U].
_NONE_KG = 1e-9


def work_for_product(
    segments: Segments,
    products: SegmentProducts | Sequence[FloatArray],
    marginal: Sequence[FloatArray | float],
    wanted: FloatArray,
    *,
    also: Sequence[Sequence[FloatArray | float]] = (),
    track: bool = True,
) -> tuple[FloatArray, FloatArray, FloatArray, list[FloatArray]]:
    """Work to make ``wanted`` kg of product, per sample, using the segments in order.

    Parameters
    ----------
    segments
        The structure's segments.
    products
        Per segment, product available per sample [kg U] (:func:`segment_products`).
    marginal
        Per segment, work per kg of product (scalar or per sample) [kg-SWU / kg U].
    wanted
        Product wanted [kg U], shape (rows, samples) or (samples,).
    also
        Other per-segment costs to total along the same plan (e.g. the top step's work).
    track
        Whether to count the feeds drawn on and the rungs climbed.

    Returns
    -------
    (work, feeds used, most rungs, other totals)
        Work [kg-SWU] (inf where the sources cannot supply it), the number of distinct
        feeds drawn on and the most ladder rungs any of them climbs (zeros unless
        ``track``), and the totals of ``also``; shapes of ``wanted``.
    """
    remaining = np.array(wanted, dtype=np.float64, copy=True)
    work = np.zeros_like(remaining)
    others = [np.zeros_like(remaining) for _ in also]
    used = np.zeros_like(remaining)
    rungs = np.zeros_like(remaining)
    last_source = -1
    for k in range(len(segments)):
        if not remaining.max() > _NONE_KG:
            break
        take = np.minimum(remaining, products[k])
        work += np.asarray(marginal[k]) * take
        for total, costs in zip(others, also, strict=True):
            cost = costs[k]
            if np.any(cost):
                total += np.asarray(cost) * take
        if track and segments.rungs[k] > 0:
            drawn = take > _NONE_KG
            if segments.source[k] != last_source:
                # A new feed for the cascades (a stock at the product assay is not).
                used += drawn
                last_source = segments.source[k]
            np.maximum(rungs, np.where(drawn, segments.rungs[k], 0), out=rungs)
        remaining -= take
    short = remaining > _NONE_KG
    work[short] = np.inf
    for total in others:
        total[short] = np.inf
    return work, used, rungs, others


def product_for_work(
    segments: Segments,
    products: SegmentProducts | Sequence[FloatArray],
    marginal: Sequence[FloatArray | float],
    budget: FloatArray,
    last_segment: int | None = None,
) -> FloatArray:
    """Product [kg U] a work budget [kg-SWU] buys per sample (segments up to ``last_segment``)."""
    remaining = np.maximum(np.array(budget, dtype=np.float64, copy=True), 0.0)
    made = np.zeros_like(remaining)
    stop = len(segments) if last_segment is None else last_segment + 1
    for k in range(stop):
        cost = np.asarray(marginal[k])
        available = products[k]
        with np.errstate(divide="ignore", invalid="ignore"):
            affordable = np.where(cost > 0, remaining / np.where(cost > 0, cost, 1.0), np.inf)
        take = np.minimum(available, affordable)
        made += take
        remaining = np.maximum(remaining - cost * take, 0.0)
        if not (remaining > 0).any():
            break
    return made


def suffix(segments: Segments, start: int) -> Segments:
    """The segments from ``start`` on: a plan that leaves the first feeds aside."""
    return Segments(
        segments.sources,
        segments.source[start:],
        segments.product_per_kg[start:],
        segments.work_design[start:],
        segments.work_off_design[start:],
        segments.rungs[start:],
        segments.work_top[start:],
        segments.unusable,
    )
