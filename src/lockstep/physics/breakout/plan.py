"""Material plans of a breakout: which stock feeds which step, at what tails, for what work.

The plans here are deterministic (they do not depend on the uncertain capacity): the
models in :mod:`~lockstep.physics.breakout.swu_budget` and
:mod:`~lockstep.physics.breakout.batch_recycle` turn them into time with sampled
capacities.

Two plans:

* :func:`~lockstep.physics.breakout.least_work.single_step_plan` (in ``least_work``):
  every stock is fed to its own single step that makes the final product. Used by
  ``swu-budget``.
* :func:`ladder_jobs`: a ladder of fixed-design steps (e.g. LEU -> 20 % -> 60 % -> 90 %);
  each quantity is one job whose material passes up the ladder. Used by
  ``batch-recycle``.

Formulas: physics.md section 2 (mass balance, value function, separative work) and
section 2.1 (forced tails when feed is scarce).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from lockstep.errors import DomainError, InfeasibleError
from lockstep.physics.breakout.inputs import Assumptions, Quantity, Stock

#: Relative tolerance on product masses (kg U of product left to make counts as done).
_EPS = 1e-9
#: Highest product assay of the LEU-production duty [unitless].
LEU_MAX_ASSAY = 0.06
#: Label of the unlimited natural-uranium feed.
NATURAL_LABEL = "natural uranium"


def value(x: float) -> float:
    """Value function V(x) = (2x - 1) ln(x / (1 - x)) for a scalar [unitless]."""
    return (2.0 * x - 1.0) * (math.log(x) - math.log1p(-x))


def abundance_ratio(x: float) -> float:
    """R = x / (1 - x) [unitless]."""
    return x / (1.0 - x)


def step_swu(
    feed_kg_u: float, feed_assay: float, product_assay: float, tails_assay: float
) -> float:
    """Separative work [kg-SWU] of one step that takes ``feed_kg_u`` of ``feed_assay``."""
    product = feed_kg_u * (feed_assay - tails_assay) / (product_assay - tails_assay)
    tails = feed_kg_u - product
    return (
        product * value(product_assay) + tails * value(tails_assay) - feed_kg_u * value(feed_assay)
    )


@dataclass(frozen=True)
class StepFlow:
    """Material and separative work of one enrichment step.

    Attributes
    ----------
    step
        Index of the step (0-based) in its plan.
    feed_label
        What is fed (stock label, ``natural uranium`` or ``product of step k``).
    feed_assay, product_assay, tails_assay
        U-235 fractions [unitless].
    feed_kg_u, product_kg_u, tails_kg_u
        Masses [kg U].
    swu
        Separative work [kg-SWU].
    """

    step: int
    feed_label: str
    feed_assay: float
    product_assay: float
    tails_assay: float
    feed_kg_u: float
    product_kg_u: float
    tails_kg_u: float
    swu: float


def merge_stocks(stocks: Sequence[Stock]) -> tuple[Stock, ...]:
    """Stocks with equal assays merged, sorted from the highest assay down.

    Merging makes a plan independent of the order (and the splitting) of its inputs.
    """
    by_assay: dict[float, list[Stock]] = {}
    for stock in stocks:
        by_assay.setdefault(stock.assay, []).append(stock)
    merged = []
    for assay in sorted(by_assay, reverse=True):
        group = sorted(by_assay[assay], key=lambda s: (s.label, s.mass_kg_u))
        if len(group) == 1:
            merged.append(group[0])
            continue
        merged.append(
            Stock(
                assay=assay,
                mass_kg_u=math.fsum(s.mass_kg_u for s in group),
                label=" + ".join(s.label for s in group),
                source="; ".join(s.source for s in group if s.source),
                status=", ".join(sorted({s.status for s in group if s.status})),
            )
        )
    return tuple(m for m in merged if m.mass_kg_u > 0)


# ------------------------------------------------------------------------ batch-recycle


@dataclass(frozen=True)
class LadderStep:
    """One fixed-design step of the batch-recycle ladder.

    Attributes
    ----------
    index
        0 for the bottom step.
    feed_assay
        Assay of the product of the step below [unitless]; natural uranium's for the
        bottom step.
    product_assay
        Product of this step [unitless].
    tails_assay
        Design tails [unitless].
    design_duty
        Whether the step is LEU production (product <= 6 %), the duty of Iran's
        production cascades at which the machines' operational output was measured.
    """

    index: int
    feed_assay: float
    product_assay: float
    tails_assay: float
    design_duty: bool = False

    @property
    def label(self) -> str:
        """E.g. ``"20 % -> 60 %"``."""
        return f"{self.feed_assay * 100:.3g} % -> {self.product_assay * 100:.3g} %"


def build_ladder(quantity: Quantity, assumptions: Assumptions) -> tuple[LadderStep, ...]:
    """The steps from natural uranium up to the quantity's assay.

    Rungs are the assumptions' ladder below the product assay, then the product assay.
    Each step's tails is the design value of its feed's band (middle of the range), or
    the fixed tails.

    Raises
    ------
    DomainError
        If a design tails is not below the step's feed assay.
    """
    rungs = sorted(r for r in set(assumptions.ladder) if r < quantity.assay)
    rungs.append(quantity.assay)
    steps = []
    feed = assumptions.natural_assay
    for index, product in enumerate(rungs):
        tails = assumptions.tails.design(feed)
        if not tails < feed:
            raise DomainError(
                "tails",
                f"a tails assay below the feed of the {feed * 100:.3g} % -> "
                f"{product * 100:.3g} % step",
                value=tails,
            )
        steps.append(LadderStep(index, feed, product, tails, product <= LEU_MAX_ASSAY))
        feed = product
    return tuple(steps)


def assign_stocks(
    stocks: Sequence[Stock], ladder: Sequence[LadderStep], min_gain: float
) -> tuple[list[Stock], list[list[Stock]], list[Stock]]:
    """Which step each stock feeds.

    A stock at or above the product assay is product; otherwise it feeds the lowest step
    that raises its abundance ratio at least ``min_gain`` times (the top step if none
    does). A stock whose assay is not above that step's tails cannot be used.

    Returns
    -------
    (product stocks, stocks per step, unusable stocks)
    """
    product_assay = ladder[-1].product_assay
    direct: list[Stock] = []
    per_step: list[list[Stock]] = [[] for _ in ladder]
    unusable: list[Stock] = []
    for stock in stocks:
        if stock.assay >= product_assay:
            direct.append(stock)
            continue
        target = ladder[-1]
        for step in ladder:
            if abundance_ratio(step.product_assay) >= min_gain * abundance_ratio(stock.assay):
                target = step
                break
        if stock.assay <= target.tails_assay:
            unusable.append(stock)
        else:
            per_step[target.index].append(stock)
    return direct, per_step, unusable


@dataclass(frozen=True)
class Job:
    """One quantity's material on its way up the ladder.

    Attributes
    ----------
    swu
        Separative work at each step [kg-SWU] (0 where the job does not use the step).
    from_below
        Whether the job's feed at each step includes product of the step below (then
        that step's pass must finish first).
    flows
        The job's step flows (for reporting).
    """

    swu: tuple[float, ...]
    from_below: tuple[bool, ...]
    flows: tuple[StepFlow, ...]


def ladder_jobs(
    stocks: Sequence[Stock],
    quantity: Quantity,
    assumptions: Assumptions,
    ladder: Sequence[LadderStep],
    *,
    n_min: int,
    swu_limit: float,
    n_cap: int,
) -> tuple[list[Job], bool, list[Stock]]:
    """The jobs of the first quantities, stocks consumed in order.

    Each job makes one quantity at the top of the ladder; its material is found from the
    top down: product stocks first, then the stocks assigned to each step (highest assay
    first), then product of the step below; natural uranium (if unlimited) feeds the
    bottom step. Jobs are generated until the cumulative work exceeds ``swu_limit`` (once
    ``n >= n_min``), ``n_cap`` jobs, or the stocks run out.

    Returns
    -------
    (list of Job, bool, list of Stock)
        The jobs; whether the stocks ran out; the stocks that could not be used.

    Raises
    ------
    InfeasibleError
        If not even one quantity can be made.
    """
    merged = merge_stocks(stocks)
    direct, per_step, unusable = assign_stocks(merged, ladder, assumptions.min_pass_gain)
    left: dict[tuple[str, float], float] = {(s.label, s.assay): s.mass_kg_u for s in merged}
    natural_step = None
    if assumptions.unlimited_natural:
        for step in ladder:
            gain = abundance_ratio(step.product_assay) / abundance_ratio(assumptions.natural_assay)
            if gain >= assumptions.min_pass_gain and assumptions.natural_assay > step.tails_assay:
                natural_step = step.index
                break
    jobs: list[Job] = []
    total = 0.0
    for n in range(1, n_cap + 1):
        job = _one_job(quantity, ladder, direct, per_step, left, natural_step, assumptions)
        if job is None:
            if n == 1:
                raise InfeasibleError(
                    f"the stocks allowed cannot make one quantity ({quantity.mass_kg_u:.4g} "
                    f"kg U at {quantity.assay * 100:g} %); allow more stocks or natural uranium"
                )
            return jobs, True, unusable
        jobs.append(job)
        total += math.fsum(job.swu)
        if n >= n_min and total > swu_limit:
            break
    return jobs, False, unusable


def _one_job(
    quantity: Quantity,
    ladder: Sequence[LadderStep],
    direct: Sequence[Stock],
    per_step: Sequence[Sequence[Stock]],
    left: dict[tuple[str, float], float],
    natural_step: int | None,
    assumptions: Assumptions,
) -> Job | None:
    trial = dict(left)
    need = quantity.mass_kg_u
    tol = _EPS * quantity.mass_kg_u
    flows: list[StepFlow] = []
    swu = [0.0] * len(ladder)
    from_below = [False] * len(ladder)
    for stock in direct:
        used = min(need, trial[(stock.label, stock.assay)])
        if used > 0:
            trial[(stock.label, stock.assay)] -= used
            need -= used
            flows.append(
                StepFlow(
                    -1, stock.label, stock.assay, quantity.assay, stock.assay, used, used, 0, 0
                )
            )
    for step in reversed(ladder):
        if need <= tol:
            break
        p, t = step.product_assay, step.tails_assay
        for stock in per_step[step.index]:
            available = trial[(stock.label, stock.assay)]
            if available <= 0 or need <= tol:
                continue
            per_feed = (stock.assay - t) / (p - t)
            made = min(need, available * per_feed)
            feed = made / per_feed
            trial[(stock.label, stock.assay)] = available - feed
            need -= made
            work = step_swu(feed, stock.assay, p, t)
            swu[step.index] += work
            flows.append(
                StepFlow(step.index, stock.label, stock.assay, p, t, feed, made, feed - made, work)
            )
        if need <= tol:
            break
        if step.index == natural_step:
            xn = assumptions.natural_assay
            feed = need * (p - t) / (xn - t)
            work = step_swu(feed, xn, p, t)
            swu[step.index] += work
            flows.append(
                StepFlow(step.index, NATURAL_LABEL, xn, p, t, feed, need, feed - need, work)
            )
            need = 0.0
            break
        if step.index == 0:
            return None
        below = step.feed_assay
        feed = need * (p - t) / (below - t)
        work = step_swu(feed, below, p, t)
        swu[step.index] += work
        from_below[step.index] = True
        flows.append(
            StepFlow(
                step.index,
                f"product of step {step.index}",
                below,
                p,
                t,
                feed,
                need,
                feed - need,
                work,
            )
        )
        need = feed
    if need > tol:
        return None
    left.update(trial)
    return Job(tuple(swu), tuple(from_below), tuple(sorted(flows, key=lambda f: f.step)))
