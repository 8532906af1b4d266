"""The least-work single-step plan of the ``swu-budget`` model.

Every stock is fed to its own single step that makes the final product, at a tails
assay within the range its feed band allows (``TailsPolicy``). Among all such plans,
the one returned needs the least separative work.

How: for a stock of mass M and assay x_F fed at tails x_T, product per kg feed is
p(x_T) = (x_F - x_T)/(x_P - x_T) and work per kg feed is s(x_T) (physics.md section 2).
Making Q kg of product from the stock costs least

* at the highest tails of the range while Q <= M p(high): linear, Q s/p at ``high``;
* beyond that with all of the stock at the tails that just yields Q (physics.md
  section 2.1, the "best tails the feed allows"), down to M p(low).

That cost is convex in Q (its marginal work per kg of product rises as the tails fall),
so the least total work for a product P uses every stock up to the point where its
marginal work equals that of the others: the stocks' cost segments are merged in order
of marginal work, which in practice uses the stocks from the highest assay down (the
richest feed is the cheapest) and stops before stocks that would cost more than natural
uranium. The forced-tails part of each curve is sampled on a grid of tails; the last,
partly used segment is solved exactly.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass

from lockstep.errors import InfeasibleError
from lockstep.physics.breakout.inputs import Assumptions, Quantity, Stock, TailsPolicy
from lockstep.physics.breakout.plan import NATURAL_LABEL, StepFlow, merge_stocks, step_swu

#: Tails intervals per stock on the forced-tails part of its cost curve.
TAILS_INTERVALS = 64
_EPS = 1e-9


@dataclass(frozen=True)
class _Source:
    label: str
    assay: float
    mass: float  # math.inf for unlimited natural uranium
    low: float
    high: float


@dataclass(frozen=True)
class _Segment:
    """A piece of one source's cost curve, tails falling from ``t_from`` to ``t_to``."""

    marginal: float  # work per kg of extra product [kg-SWU / kg U]
    product: float  # extra product [kg U]
    source: int
    t_from: float
    t_to: float
    linear: bool  # the partial-feed piece at the highest tails


class LeastWorkPlanner:
    """Least-work single-step plans for any product mass, from fixed stocks.

    Parameters
    ----------
    stocks
        Stocks that may be used.
    product_assay
        Product U-235 fraction [unitless].
    tails
        Tails policy (ranges by feed band, or one fixed tails).
    unlimited_natural
        Whether natural uranium is available without limit.
    natural_assay
        Assay of natural uranium [unitless].
    tails_intervals
        Tails intervals on the forced-tails part of each stock's cost curve.
    """

    def __init__(
        self,
        stocks: Sequence[Stock],
        product_assay: float,
        tails: TailsPolicy,
        *,
        unlimited_natural: bool,
        natural_assay: float,
        tails_intervals: int = TAILS_INTERVALS,
    ) -> None:
        self.product_assay = product_assay
        self.tails_intervals = tails_intervals
        self.sources: list[_Source] = []
        for stock in merge_stocks(stocks):
            if stock.assay >= product_assay:
                self.sources.append(
                    _Source(stock.label, stock.assay, stock.mass_kg_u, stock.assay, stock.assay)
                )
                continue
            low, high = tails.bounds(stock.assay)
            if stock.assay > low:
                self.sources.append(
                    _Source(stock.label, stock.assay, stock.mass_kg_u, low, min(high, stock.assay))
                )
        if unlimited_natural:
            low, high = tails.bounds(natural_assay)
            if natural_assay > low:
                self.sources.append(
                    _Source(NATURAL_LABEL, natural_assay, math.inf, low, min(high, natural_assay))
                )
        segments: list[_Segment] = []
        for index, source in enumerate(self.sources):
            segments.extend(self._segments(index, source))
        segments.sort(key=lambda s: (s.marginal, s.source, -s.t_from))
        self.segments = segments
        self.cumulative: list[float] = []
        total = 0.0
        for segment in segments:
            total += segment.product
            self.cumulative.append(total)

    def _segments(self, index: int, source: _Source) -> list[_Segment]:
        xp = self.product_assay
        if source.assay >= xp:
            return [_Segment(0.0, source.mass, index, xp, xp, True)]
        high = source.high if source.high < source.assay else source.assay * (1 - 1e-12)
        per_feed = (source.assay - high) / (xp - high)
        first = _Segment(
            step_swu(1.0, source.assay, xp, high) / per_feed,
            source.mass * per_feed,
            index,
            high,
            high,
            True,
        )
        if not math.isfinite(source.mass) or source.low >= high:
            return [first]
        result = [first]
        previous = high
        for i in range(1, self.tails_intervals + 1):
            t = high + (source.low - high) * i / self.tails_intervals
            d_product = _product(source.assay, xp, t) - _product(source.assay, xp, previous)
            d_work = step_swu(1.0, source.assay, xp, t) - step_swu(1.0, source.assay, xp, previous)
            result.append(
                _Segment(d_work / d_product, source.mass * d_product, index, previous, t, False)
            )
            previous = t
        return result

    @property
    def capacity_kg_u(self) -> float:
        """Most product the sources can make [kg U] (inf with natural uranium)."""
        return self.cumulative[-1] if self.cumulative else 0.0

    def plan(self, product_kg_u: float) -> tuple[StepFlow, ...]:
        """The least-work plan for ``product_kg_u`` [kg U] of product.

        Raises
        ------
        InfeasibleError
            If the stocks allowed cannot make the product.
        """
        if product_kg_u > self.capacity_kg_u * (1 + _EPS):
            raise InfeasibleError(
                f"the stocks allowed can make only {self.capacity_kg_u:.3g} of the "
                f"{product_kg_u:.4g} kg U wanted at {self.product_assay * 100:g} %; "
                "allow more stocks or natural uranium"
            )
        last = min(bisect.bisect_left(self.cumulative, product_kg_u), len(self.segments) - 1)
        supplied: dict[int, float] = {}
        tails: dict[int, float] = {}
        linear_only: dict[int, bool] = {}
        for segment in self.segments[:last]:
            supplied[segment.source] = supplied.get(segment.source, 0.0) + segment.product
            tails[segment.source] = segment.t_to
            linear_only[segment.source] = segment.linear
        before = self.cumulative[last - 1] if last > 0 else 0.0
        partial = self.segments[last]
        supplied[partial.source] = supplied.get(partial.source, 0.0) + max(
            product_kg_u - before, 0.0
        )
        tails[partial.source] = partial.t_to
        linear_only[partial.source] = partial.linear
        flows: list[StepFlow] = []
        for index in sorted(supplied, key=lambda i: -self.sources[i].assay):
            made = supplied[index]
            if made <= _EPS * product_kg_u:
                continue
            flows.append(self._flow(len(flows), index, made, tails[index], linear_only[index]))
        return tuple(flows)

    def _flow(self, number: int, index: int, made: float, t: float, linear: bool) -> StepFlow:
        source = self.sources[index]
        xp = self.product_assay
        if source.assay >= xp:
            return StepFlow(number, source.label, source.assay, xp, source.assay, made, made, 0, 0)
        if linear:
            t = source.high if source.high < source.assay else t
            feed = made * (xp - t) / (source.assay - t)
        else:
            # All of the stock, at the tails that yields exactly ``made``.
            feed = source.mass
            t = min(max((feed * source.assay - made * xp) / (feed - made), source.low), source.high)
        return StepFlow(
            number,
            source.label,
            source.assay,
            xp,
            t,
            feed,
            made,
            feed - made,
            step_swu(feed, source.assay, xp, t),
        )

    def work(self, product_kg_u: float) -> float:
        """Least separative work for ``product_kg_u`` [kg-SWU]."""
        return math.fsum(flow.swu for flow in self.plan(product_kg_u))


def _product(assay: float, product_assay: float, tails: float) -> float:
    return (assay - tails) / (product_assay - tails)


def single_step_plan(
    stocks: Sequence[Stock],
    product_kg_u: float,
    product_assay: float,
    tails: TailsPolicy,
    *,
    unlimited_natural: bool,
    natural_assay: float,
) -> tuple[StepFlow, ...]:
    """The least-work plan making ``product_kg_u`` at ``product_assay``.

    Parameters
    ----------
    stocks
        Stocks that may be used.
    product_kg_u
        Product wanted [kg U], > 0.
    product_assay
        Product U-235 fraction [unitless].
    tails
        Tails policy.
    unlimited_natural
        Whether natural uranium makes up what the stocks cannot.
    natural_assay
        Assay of natural uranium [unitless].

    Returns
    -------
    tuple of StepFlow
        One step per feed used, highest feed assay first.

    Raises
    ------
    InfeasibleError
        If the stocks allowed cannot make the product.
    """
    planner = LeastWorkPlanner(
        stocks,
        product_assay,
        tails,
        unlimited_natural=unlimited_natural,
        natural_assay=natural_assay,
    )
    return planner.plan(product_kg_u)


def single_step_curve(
    stocks: Sequence[Stock],
    quantity: Quantity,
    assumptions: Assumptions,
    *,
    n_min: int,
    swu_limit: float,
    n_cap: int,
) -> tuple[list[float], bool]:
    """Least separative work to hold n quantities, n = 1, 2, ... [kg-SWU].

    The list stops after the first entry above ``swu_limit`` (once ``n >= n_min``), at
    ``n_cap`` entries, or when the stocks allowed run out.

    Returns
    -------
    (list of float, bool)
        The cumulative work, and whether the list stopped because the stocks ran out.

    Raises
    ------
    InfeasibleError
        If not even one quantity can be made.
    """
    planner = LeastWorkPlanner(
        stocks,
        quantity.assay,
        assumptions.tails,
        unlimited_natural=assumptions.unlimited_natural,
        natural_assay=assumptions.natural_assay,
    )
    curve: list[float] = []
    for n in range(1, n_cap + 1):
        wanted = n * quantity.mass_kg_u
        if wanted > planner.capacity_kg_u * (1 + _EPS):
            if n == 1:
                planner.plan(wanted)  # raises InfeasibleError with the shortfall
            return curve, True
        total = planner.work(wanted)
        curve.append(max(total, curve[-1] if curve else 0.0))
        if n >= n_min and total > swu_limit:
            break
    return curve, False
