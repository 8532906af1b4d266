"""The structures of the breakout ensemble and the per-sample inputs they see.

A structure is built once per estimate from the stocks, the quantity and the
assumptions (its plan does not depend on the stock masses, see
:mod:`lockstep.physics.breakout.routes`); its ``evaluate`` maps the per-sample inputs
(:class:`SampleInputs`) to the days to the first quantities and the quantities held at
each horizon, vectorised over the samples (docs/breakout.md section 2.3):

* :class:`PooledWork` (``swu-budget``): the least-work single steps, one pool, one set-up;
* :class:`StepLadder` (``batch-recycle``): fixed-design steps, a pipeline, a re-piping
  per change of feed, the top step in the cascades re-piped for it;
* :class:`~lockstep.physics.breakout.cascade_lines.StageCascadeStructure`
  (``stage-cascade``): the fleet grouped into Iran's real cascades, solved stage by
  stage, the stocks batch-recycled through them.

The registry that names them is :data:`lockstep.physics.breakout.ensemble.STRUCTURES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from lockstep.physics._checks import FloatArray
from lockstep.physics.breakout.distributions import Distribution
from lockstep.physics.breakout.inputs import Assumptions, Quantity, Stock
from lockstep.physics.breakout.routes import (
    SegmentProducts,
    Segments,
    ladder_segments,
    least_work_segments,
    product_for_work,
    segment_products,
    suffix,
    work_for_product,
)

IntArray = npt.NDArray[np.int64]
#: Machines by centrifuge model: (count, output per machine-year [kg-SWU/yr]).
Machines = Mapping[str, tuple[int, Distribution]]


@dataclass(frozen=True)
class SampleInputs:
    """The per-sample inputs every structure sees; arrays of shape (samples,).

    Attributes
    ----------
    sources
        Labels of the feed sources: the stocks merged by assay (highest first), then
        natural uranium when unlimited.
    masses
        Mass of each source per sample [kg U], shape (sources, samples); natural
        uranium is infinite.
    nominal_swu_per_year
        Capacity of the machines available at operational output [kg-SWU/yr]
        (machines x output x share available).
    effectiveness
        Cascade effectiveness off the design duty [unitless].
    setup_days
        Set-up of the breakout steps [days].
    reconfiguration_days
        Re-piping of the step ladder per change of feed [days].
    holdup_loss
        Fraction of the product lost to hold-up and sampling [unitless].
    top_swu_per_year
        Capacity at operational output of the cascades re-piped for the top step of the
        step ladder [kg-SWU/yr] (highest-output machines first, share available applied).
    line_models
        The fleet's models grouped by stage layout, in the order of
        ``line_swu_per_year`` (the stage-level cascade's lines).
    line_swu_per_year
        Each layout's part of ``nominal_swu_per_year`` [kg-SWU/yr], shape (layouts,
        samples); ``None`` where the fleet has one layout.
    """

    sources: tuple[str, ...]
    masses: FloatArray
    nominal_swu_per_year: FloatArray
    effectiveness: FloatArray
    setup_days: FloatArray
    reconfiguration_days: FloatArray
    holdup_loss: FloatArray
    top_swu_per_year: FloatArray
    line_models: tuple[tuple[str, ...], ...] = ()
    line_swu_per_year: FloatArray | None = None

    @property
    def size(self) -> int:
        """Number of samples."""
        return int(self.effectiveness.shape[0])

    def take(self, index: npt.NDArray[np.intp] | slice) -> SampleInputs:
        """The inputs of some samples only."""
        return SampleInputs(
            self.sources,
            self.masses[:, index],
            self.nominal_swu_per_year[index],
            self.effectiveness[index],
            self.setup_days[index],
            self.reconfiguration_days[index],
            self.holdup_loss[index],
            self.top_swu_per_year[index],
            self.line_models,
            None if self.line_swu_per_year is None else self.line_swu_per_year[:, index],
        )


class PreparedStructure(Protocol):
    """A structure's plan for given stocks, quantity and assumptions."""

    def evaluate(
        self, inputs: SampleInputs, n_report: int, horizons: FloatArray, counts: bool
    ) -> tuple[FloatArray, IntArray]:
        """Days to quantities 1 ... ``n_report`` and whole quantities held by each horizon.

        Shapes (n_report, samples) and (horizons, samples); no rows when ``counts`` is
        false.
        """
        ...


@dataclass(frozen=True)
class Structure:
    """An entry of the structure registry.

    Attributes
    ----------
    name
        Name used in the data file, the results and ``--model``.
    prepare
        Builds the structure's plan from ``(stocks, quantity, assumptions, machines)``,
        ``machines`` the fleet by centrifuge model (a structure that pools the fleet
        ignores it; the stage-level cascade groups it into cascades).
    """

    name: str
    prepare: Callable[[Sequence[Stock], Quantity, Assumptions, Machines], PreparedStructure]


def _per_quantity(quantity: Quantity, inputs: SampleInputs) -> FloatArray:
    return quantity.mass_kg_u / (1.0 - inputs.holdup_loss)


def _days_per_swu(capacity: FloatArray, days_per_year: float) -> FloatArray:
    out = np.full(capacity.shape, np.inf)
    np.divide(days_per_year, capacity, out=out, where=capacity > 0)
    return out


def _whole(made: FloatArray, per_quantity: FloatArray) -> IntArray:
    from lockstep.physics.breakout.inputs import MAX_QUANTITIES

    counts = np.floor(made / per_quantity + 1e-9)
    return np.minimum(counts, MAX_QUANTITIES).astype(np.int64)


class PooledWork:
    """``swu-budget``: the least-work single steps, the fleet one pool, one set-up."""

    def __init__(
        self,
        stocks: Sequence[Stock],
        quantity: Quantity,
        assumptions: Assumptions,
        machines: Machines | None = None,
    ) -> None:
        self.segments: Segments = least_work_segments(stocks, quantity, assumptions)
        self.quantity = quantity
        self.days_per_year = assumptions.days_per_year

    def evaluate(
        self, inputs: SampleInputs, n_report: int, horizons: FloatArray, counts: bool
    ) -> tuple[FloatArray, IntArray]:
        """See :meth:`PreparedStructure.evaluate`."""
        seg = self.segments
        products = segment_products(seg, inputs.masses)
        marginal = seg.work_off_design
        per_q = _per_quantity(self.quantity, inputs)
        wanted = np.arange(1, n_report + 1, dtype=np.float64)[:, None] * per_q[None, :]
        work, _, _, _ = work_for_product(seg, products, marginal, wanted, track=False)
        capacity = inputs.nominal_swu_per_year * inputs.effectiveness
        per_swu = _days_per_swu(capacity, self.days_per_year)
        with np.errstate(invalid="ignore"):
            days = np.where(work == 0.0, 0.0, inputs.setup_days + work * per_swu)
        held = np.zeros((horizons.shape[0] if counts else 0, inputs.size), dtype=np.int64)
        for m in range(held.shape[0]):
            budget = (horizons[m] - inputs.setup_days) * capacity / self.days_per_year
            held[m] = _whole(product_for_work(seg, products, marginal, budget), per_q)
        return days, held


class StepLadder:
    """``batch-recycle``: fixed-design steps, a pipeline, a re-piping per change of feed.

    Time to hold n quantities, per sample::

        t(n) = s + r (u(n) - 1) + W(n) / C * days_per_year + L

    with s the set-up, r the re-piping days, u(n) the feeds drawn on, W(n) the ladder's
    work at its design tails (off-design steps divided by the effectiveness), C the
    capacity, and L = T1 (K1 - 1) / b the pipeline fill of the first quantity (T1 its
    work time, K1 the rungs it climbs, b lots per quantity): with the fleet balanced
    over the steps every pass takes T1, and a pass starts when the first lot of its
    feed is ready (docs/breakout.md section 2.2).

    A re-piping costs days, so a planner may leave the first feeds aside (a few kg of 60 %
    are not worth re-piping the ladder for): each sample takes the fastest of the plans
    that start the ladder's feed order at each of its feeds.
    """

    def __init__(
        self,
        stocks: Sequence[Stock],
        quantity: Quantity,
        assumptions: Assumptions,
        machines: Machines | None = None,
    ) -> None:
        self.segments: Segments = ladder_segments(stocks, quantity, assumptions)
        self.options = tuple(suffix(self.segments, k) for k in range(len(self.segments)))
        self.quantity = quantity
        self.days_per_year = assumptions.days_per_year
        self.lots = assumptions.lots_per_quantity

    def evaluate(
        self, inputs: SampleInputs, n_report: int, horizons: FloatArray, counts: bool
    ) -> tuple[FloatArray, IntArray]:
        """See :meth:`PreparedStructure.evaluate`: the fastest plan per sample."""
        products = segment_products(self.segments, inputs.masses)
        per_q = _per_quantity(self.quantity, inputs)
        wanted = np.arange(1, n_report + 1, dtype=np.float64)[:, None] * per_q[None, :]
        days, held = self._plan(0, products, inputs, per_q, wanted, horizons, counts)
        for start in range(1, len(self.options)):
            other = self._plan(start, products, inputs, per_q, wanted, horizons, counts)
            np.minimum(days, other[0], out=days)
            np.maximum(held, other[1], out=held)
        return days, held

    def _plan(
        self,
        start: int,
        all_products: SegmentProducts,
        inputs: SampleInputs,
        per_q: FloatArray,
        wanted: FloatArray,
        horizons: FloatArray,
        counts: bool,
    ) -> tuple[FloatArray, IntArray]:
        seg = self.options[start]
        products = [all_products[k] for k in range(start, len(self.segments))]
        # Work is kept by duty: at LEU duty, off it, and in the top step; the
        # effectiveness divides the last two.
        design, used, rungs, (off, top) = work_for_product(
            seg, products, seg.work_design, wanted, also=(seg.work_off_design, seg.work_top)
        )
        eta = inputs.effectiveness
        work = design + off / eta
        top_work = top / eta
        per_swu = _days_per_swu(inputs.nominal_swu_per_year, self.days_per_year)
        per_top_swu = _days_per_swu(inputs.top_swu_per_year, self.days_per_year)
        with np.errstate(invalid="ignore"):
            # The top step runs only in the cascades re-piped for it: the slower of the
            # whole ladder on the whole fleet and the top step on its cascades.
            t_work = np.maximum(work * per_swu, top_work * per_top_swu)
            fill = np.where(
                np.isfinite(t_work[0]), t_work[0] * np.maximum(rungs[0] - 1, 0) / self.lots, 0.0
            )
            repipe = inputs.reconfiguration_days * np.maximum(used - 1, 0)
            days = np.where(work == 0.0, 0.0, inputs.setup_days + repipe + t_work + fill)
        held = np.zeros((horizons.shape[0] if counts else 0, inputs.size), dtype=np.int64)
        if held.shape[0]:
            marginal = [seg.work_design[k] + seg.work_off_design[k] / eta for k in range(len(seg))]
            top_marginal = [seg.work_top[k] / eta for k in range(len(seg))]
            held = self._counts(
                seg, inputs, products, (marginal, top_marginal), per_q, fill, horizons
            )
        return days, held

    def _counts(
        self,
        seg: Segments,
        inputs: SampleInputs,
        products: Sequence[FloatArray],
        marginals: tuple[Sequence[FloatArray], Sequence[FloatArray]],
        per_q: FloatArray,
        fill: FloatArray,
        horizons: FloatArray,
    ) -> IntArray:
        """Whole quantities by each horizon: t(n) inverted feed by feed."""
        rates = (
            inputs.nominal_swu_per_year / self.days_per_year,
            inputs.top_swu_per_year / self.days_per_year,
        )
        held = np.zeros((horizons.shape[0], inputs.size), dtype=np.int64)
        for m, horizon in enumerate(horizons):
            best = np.zeros(inputs.size)
            cum_product = np.zeros(inputs.size)
            cum_work = [np.zeros(inputs.size), np.zeros(inputs.size)]
            changes = -1
            for k in range(len(seg)):
                if seg.rungs[k] > 0:
                    changes += 1
                free = (
                    horizon
                    - inputs.setup_days
                    - fill
                    - inputs.reconfiguration_days * max(changes, 0)
                )
                gained = products[k]
                reachable = free >= 0
                for marginal, rate, done in zip(marginals, rates, cum_work, strict=True):
                    cost = np.asarray(marginal[k])
                    budget = free * rate
                    with np.errstate(divide="ignore", invalid="ignore"):
                        extra = np.where(
                            cost > 0, (budget - done) / np.where(cost > 0, cost, 1.0), np.inf
                        )
                    gained = np.minimum(gained, np.clip(extra, 0.0, None))
                    reachable &= budget >= done
                best = np.maximum(best, np.where(reachable, cum_product + gained, 0.0))
                cum_product = cum_product + products[k]
                for i, marginal in enumerate(marginals):
                    cum_work[i] = cum_work[i] + np.asarray(marginal[k]) * products[k]
                if not (free * rates[0] > cum_work[0]).any():
                    break
            held[m] = _whole(best, per_q)
        return held
