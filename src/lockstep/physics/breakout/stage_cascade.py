"""Breakout through real cascades, stage by stage (model ``stage-cascade``).

The machines available are grouped into cascades of the packaged designs
(``data/physics/cascades.yaml``: IR-1 in 164-machine cascades, IR-2m, IR-4 and IR-6 in
174-machine ones; a model without a design of its own uses the ir6-174 layout with its
own output). A fleet that does not divide into whole cascades counts as a fraction of
one (a cascade of the same shape with proportionally fewer machines per stage), so
that capacity never falls as machines are added. The stocks are
then batch-recycled through all the cascades: each pass feeds the batch to every
cascade (in proportion to what each can take at central output), the product of the
pass is the next pass's feed, and the last pass is blended to the quantity's assay
(:func:`lockstep.physics.stage_cascade.batch_recycle`). Assays, cuts, product-to-feed
ratios and the mixing losses of cascades fed off their design duty come from the stage
balance of :mod:`lockstep.physics.stage_cascade`; they do not depend on the sampled
inputs, so the plan is computed once and the sampled machine outputs only scale time.

Time: each pass of a stock source needs a set-up (re-piping and re-establishing the
cascades' equilibrium; the sampled ``setup_days`` of that step). The k-th quantity
arrives after the set-ups of every source used so far plus the processing time of the
quantities 1 ... k (a stock that makes no whole quantity, in a sample of its mass, is
not set up for): with the pass's feed split at central output shares, a pass takes
``max_g(feed_g / rate_g)`` where rate_g scales with group g's sampled output. Stocks are
used from the highest assay down, each for as many whole quantities as it holds; a
remainder too small for a quantity is not used (the plan says so). The cascade
effectiveness of the other models is not applied: the stage balance computes the
cascades' losses itself.

References
----------
.. [1] A. Glaser, "Characteristics of the gas centrifuge for uranium enrichment and
   their relevance for nuclear weapon proliferation", Science & Global Security 16
   (2008) 1-25, doi:10.1080/08929880802335998 (batch recycling through fixed cascades).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from lockstep.errors import InfeasibleError
from lockstep.physics._checks import FloatArray
from lockstep.physics.breakout.distributions import Distribution
from lockstep.physics.breakout.inputs import Assumptions, Quantity, Stock
from lockstep.physics.cascade_designs import CascadeDesign, design_for_model
from lockstep.physics.stage_cascade import (
    MAX_PASSES,
    StageProfile,
    machine_throughput,
    solve_stages,
    stage_flow_capacity,
)

#: Design whose layout is used for a centrifuge model without a design of its own.
FALLBACK_DESIGN = "ir6-174"
#: Feed-point moves tried for each stock (stages up from the design feed stage): moving
#: the feed up lengthens the stripping section, lowering tails (less feed per quantity)
#: at the cost of product assay and of flows that fit the machines' taper less well.
FEED_STAGE_SHIFTS: tuple[int, ...] = (0, 2, 4, 6, 8, 10)
#: A pass whose product is this close to the quantity's assay ends the chain [unitless]
#: (0.1 percentage point): one more pass, with its set-up, for less is not realistic.
TARGET_TOLERANCE = 0.001
#: Label of the unlimited natural-uranium source.
NATURAL_LABEL = "natural uranium"


@dataclass(frozen=True)
class CascadeGroup:
    """Whole cascades of one design.

    Attributes
    ----------
    design
        The cascade design (its ``model`` is the machines').
    cascades
        Number of cascades [count], fractional (machines over the design's machines).
    central_output
        Central output of one machine [kg-SWU/yr], the basis of the feed split.
    """

    design: CascadeDesign
    cascades: float
    central_output: float


@dataclass(frozen=True)
class Pass:
    """One pass of one quantity's batch through all the cascades.

    Attributes
    ----------
    feed_assay, product_assay, tails_assay
        U-235 fractions [unitless] (product: mixture of the groups' products, or the
        quantity's assay after blending on the last pass).
    feed_kg_u, product_kg_u, tails_kg_u
        Masses per quantity [kg U]; the last pass's feed is its whole batch, the part
        fed to the cascades and the part blended with their product, so feed = product
        + tails on every pass (its SWU and time are the fed part's).
    swu
        Separative work per quantity [kg-SWU].
    years_at_central
        Processing time per quantity at central output [yr]: the feed over the feed
        rate of all the cascades (each group gets the share it processes in that time).
    """

    feed_assay: float
    product_assay: float
    tails_assay: float
    feed_kg_u: float
    product_kg_u: float
    tails_kg_u: float
    swu: float
    years_at_central: float


@dataclass(frozen=True)
class Source:
    """A stock batch-recycled to the quantity's assay.

    Attributes
    ----------
    label
        Stock label (or ``natural uranium``).
    assay
        U-235 fraction [unitless].
    passes
        The passes of one quantity.
    quantities
        Whole quantities the stock supplies (``None``: unlimited).
    feed_stage_shifts
        Stages by which the cascades' feed point was moved up from the design on each
        pass (the re-piping that trades product assay for lower tails).
    """

    label: str
    assay: float
    passes: tuple[Pass, ...]
    quantities: int | None
    feed_stage_shifts: tuple[int, ...] = ()


def cascade_groups(machines: Mapping[str, tuple[int, Distribution]]) -> tuple[CascadeGroup, ...]:
    """Cascades (fractional) of each model's machines (see the module docstring)."""
    groups = []
    for model, (count, dist) in sorted(machines.items()):
        design = design_for_model(model)
        if design is None:
            base = design_for_model_or_fallback(model)
            design = dataclasses.replace(base, name=f"{base.name} layout", model=model)
        groups.append(CascadeGroup(design, count / design.machines, dist.central))
    return tuple(groups)


def design_for_model_or_fallback(model: str) -> CascadeDesign:
    """The model's own design, else the :data:`FALLBACK_DESIGN` layout."""
    from lockstep.physics.cascade_designs import cascade_design

    return design_for_model(model) or cascade_design(FALLBACK_DESIGN)


@cache
def _profile(stages: int, feed_stage: int, beta: float, feed_assay: float) -> StageProfile:
    return solve_stages(stages, feed_stage, beta, feed_assay)


#: Feed assays [unitless] of the stage-balance tables (:func:`_stage_table`): a feed
#: outside them is solved directly.
TABLE_FEED_ASSAYS = (0.005, 0.95)
#: Points of each table, evenly spaced in the log abundance ratio ln(x / (1 - x)).
TABLE_POINTS = 121


@dataclass(frozen=True)
class _StageTable:
    """Cubic-spline table of one design's stage balance over the feed's log abundance."""

    low: float  # first knot [log abundance ratio]
    step: float  # knot spacing
    coefficients: FloatArray  # (4, knots - 1, columns), highest power first
    machines_per_stage: FloatArray

    def row(self, u: float) -> FloatArray:
        """Interpolated columns at log abundance ratio ``u`` (inside the table)."""
        i = min(max(int((u - self.low) / self.step), 0), self.coefficients.shape[1] - 1)
        dx = u - (self.low + i * self.step)
        c = self.coefficients[:, i, :]
        return np.asarray(((c[0] * dx + c[1]) * dx + c[2]) * dx + c[3], dtype=np.float64)


def cubic_spline_coefficients(x: FloatArray, y: FloatArray) -> FloatArray:
    """Coefficients of the not-a-knot cubic spline through ``(x, y)``, per column of ``y``.

    The spline of ``scipy.interpolate.CubicSpline(x, y)`` (default boundary condition),
    computed here with numpy because importing ``scipy.interpolate`` takes about 0.3 s,
    more than a whole ``lockstep status`` should (issue 15); the two agree to rounding
    (tested against scipy).

    Parameters
    ----------
    x
        Knots, increasing, at least 4.
    y
        Values at the knots, shape ``(len(x), columns)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(4, len(x) - 1, columns)``, highest power first, in powers of
        ``x - x[i]`` on interval ``i`` (scipy's ``CubicSpline.c``).
    """
    n = x.shape[0]
    dx = np.diff(x)[:, None]
    slope = np.diff(y, axis=0) / dx
    d = dx[:, 0]
    # The knots' slopes solve a tridiagonal system: lower, diagonal and upper bands.
    lower = np.zeros(n)
    diagonal = np.empty(n)
    upper = np.zeros(n)
    b = np.empty_like(y)
    # Continuity of the second derivative at the inner knots.
    lower[1:-1] = d[1:]
    diagonal[1:-1] = 2.0 * (d[:-1] + d[1:])
    upper[1:-1] = d[:-1]
    b[1:-1] = 3.0 * (dx[1:] * slope[:-1] + dx[:-1] * slope[1:])
    # Not-a-knot: one cubic across the first two and across the last two intervals.
    diagonal[0], upper[0] = d[1], d[0] + d[1]
    b[0] = ((d[0] + 2.0 * (d[0] + d[1])) * d[1] * slope[0] + d[0] ** 2 * slope[1]) / (d[0] + d[1])
    lower[-1], diagonal[-1] = d[-1] + d[-2], d[-2]
    b[-1] = (d[-1] ** 2 * slope[-2] + (2.0 * (d[-2] + d[-1]) + d[-1]) * d[-2] * slope[-1]) / (
        d[-2] + d[-1]
    )
    # Thomas algorithm, every column at once (a dense solve costs milliseconds per table
    # when the BLAS threads share a busy machine).
    for i in range(1, n):
        w = lower[i] / diagonal[i - 1]
        diagonal[i] -= w * upper[i - 1]
        b[i] -= w * b[i - 1]
    s = np.empty_like(y)
    s[-1] = b[-1] / diagonal[-1]
    for i in range(n - 2, -1, -1):
        s[i] = (b[i] - upper[i] * s[i + 1]) / diagonal[i]
    t = (s[:-1] + s[1:] - 2.0 * slope) / dx
    return np.stack([t / dx, (slope - s[:-1]) / dx - t, s[:-1], y[:-1]])


def _stage_table(design: CascadeDesign, feed_stage: int) -> _StageTable | None:
    """:func:`_layout_table` of the design's layout (its name and model do not matter)."""
    # Looked up by the layout tuple's identity (checked), not its hash: planning asks
    # for a table hundreds of thousands of times.
    layout = design.machines_per_stage
    key = (id(layout), design.heads_separation_factor, feed_stage)
    found = _TABLES.get(key)
    if found is None or found[0] is not layout:
        found = _TABLES[key] = (
            layout,
            _layout_table(layout, design.heads_separation_factor, feed_stage),
        )
    return found[1]


_TABLES: dict[tuple[int, float, int], tuple[tuple[int, ...], _StageTable | None]] = {}


@cache
def _layout_table(
    machines_per_stage: tuple[int, ...], heads_separation_factor: float, feed_stage: int
) -> _StageTable | None:
    """Stage balance of ``design`` fed at ``feed_stage`` over the feed assays, as a table.

    One batched solve of :data:`TABLE_POINTS` feed assays (a few milliseconds) replaces
    a solve per feed assay met in planning: every fleet mixes the cascades' products
    into other feed assays, and the history or the planner meets hundreds of fleets.
    Columns: product per feed, log abundance ratios of product and tails, separative
    work per feed, and each stage's flow per feed (smooth in the feed's log abundance
    ratio; the feed capacity, a minimum over stages with kinks, is taken after). Cubic
    splines reproduce direct solves within 2e-8 relative
    (``tests/physics/test_stage_cascade_breakout.py``). ``None`` if the stage balance
    does not converge over the whole table (then every feed is solved directly).
    """
    low, high = (math.log(x / (1.0 - x)) for x in TABLE_FEED_ASSAYS)
    u = np.linspace(low, high, TABLE_POINTS)
    try:
        profile = solve_stages(
            len(machines_per_stage), feed_stage, heads_separation_factor, 1.0 / (1.0 + np.exp(-u))
        )
    except InfeasibleError:
        return None
    columns = np.column_stack(
        [
            profile.product_per_feed,
            np.log(profile.product_assay) - np.log1p(-profile.product_assay),
            np.log(profile.tails_assay) - np.log1p(-profile.tails_assay),
            profile.swu_per_feed,
            profile.stage_flow_per_feed,
        ]
    )
    return _StageTable(
        low,
        float(u[1] - u[0]),
        cubic_spline_coefficients(u, columns),
        np.asarray(machines_per_stage, dtype=np.float64),
    )


def _stage_figures(
    design: CascadeDesign, feed_stage: int, feed_assay: float
) -> tuple[float, float, float, float, float]:
    """The scalar figures of one cascade of ``design`` fed at ``feed_stage``.

    Feed capacity per unit machine throughput, product per feed, product and tails
    assays [unitless] and separative work per feed [kg-SWU/kg U]; from the design's
    table (:func:`_stage_table`) where the feed assay is in it, else solved directly.
    """
    table = _stage_table(design, feed_stage)
    if table is not None and TABLE_FEED_ASSAYS[0] <= feed_assay <= TABLE_FEED_ASSAYS[1]:
        row = table.row(math.log(feed_assay / (1.0 - feed_assay)))
        # ufunc reduce directly: ndarray.min's Python wrapper costs as much as the division.
        capacity = float(np.minimum.reduce(table.machines_per_stage / row[4:]))
        return (
            capacity,
            float(row[0]),
            1.0 / (1.0 + math.exp(-float(row[1]))),
            1.0 / (1.0 + math.exp(-float(row[2]))),
            float(row[3]),
        )
    profile = _profile(design.stages, feed_stage, design.heads_separation_factor, feed_assay)
    return (
        float(stage_flow_capacity(design.machines_per_stage, profile)[0]),
        float(profile.product_per_feed[0]),
        float(profile.product_assay[0]),
        float(profile.tails_assay[0]),
        float(profile.swu_per_feed[0]),
    )


@cache
def _throughput(output: float, beta: float) -> float:
    """One machine's feed throughput [kg U/yr] (:func:`machine_throughput`), cached."""
    return float(machine_throughput(output, beta))


#: Pass figures met so far, by fleet (an interned id), feed assay and feed-point move:
#: every plan of the same fleet (history dates, repeated questions, the leaner plans of
#: each stock) shares them, and an int id is hashed where the fleet's designs are not.
_STEPS: dict[tuple[int, float, int], tuple[float, float, float, float]] = {}
_CHAINS: dict[tuple[int, float, float, tuple[int, ...]], tuple[tuple[Pass, ...], float]] = {}
_FLEET_IDS: dict[tuple[CascadeGroup, ...], int] = {}
#: The fastest plan from a feed assay whatever the stock's mass, and the least feed
#: met, by fleet, feed assay, quantity and set-up (:meth:`StageCascadePlan._best_chain`).
_BEST: dict[tuple[int, float, float, float, float, float], tuple[Source | None, float]] = {}
#: The leaner plans after a fastest one (:meth:`StageCascadePlan._leaner_chains`).
_LEANER: dict[tuple[object, ...], tuple[Source, ...]] = {}
#: The plans with more passes after a fastest one (:meth:`StageCascadePlan.candidates_of`).
_MORE: dict[tuple[object, ...], tuple[Source, ...]] = {}
#: Entries kept before the memos start afresh (a long-running server sees many fleets).
_MEMO_LIMIT = 400_000


_NEW_IDS = itertools.count()


def forget_plans() -> None:
    """Empty the memos of pass figures and plans (a cold start, for benchmarks)."""
    for memo in (_STEPS, _CHAINS, _BEST, _LEANER, _MORE, _FLEET_IDS):
        memo.clear()


def _fleet_id(groups: tuple[CascadeGroup, ...]) -> int:
    # Ids are never reused: a plan built before a clear keeps a valid key.
    held = len(_STEPS) + len(_CHAINS) + len(_BEST) + len(_LEANER) + len(_MORE)
    if held + len(_FLEET_IDS) > _MEMO_LIMIT:
        forget_plans()
    found = _FLEET_IDS.get(groups)
    if found is None:
        found = _FLEET_IDS[groups] = next(_NEW_IDS)
    return found


#: Equal stage layouts of different designs (IR-2m, IR-4 and IR-6 share one), by the
#: identity of each design's tuple: one id per layout, so that a pass solves it once.
_LAYOUT_IDS: dict[int, tuple[tuple[int, ...], int]] = {}
_LAYOUTS: dict[tuple[int, ...], int] = {}


def _layout_id(machines_per_stage: tuple[int, ...]) -> int:
    found = _LAYOUT_IDS.get(id(machines_per_stage))
    if found is None or found[0] is not machines_per_stage:
        canonical = _LAYOUTS.setdefault(machines_per_stage, len(_LAYOUTS))
        found = _LAYOUT_IDS[id(machines_per_stage)] = (machines_per_stage, canonical)
    return found[1]


#: What a pass needs of one group: its layout's id, separation factor, design feed
#: stage and stage count, the design, and its cascades' feed throughput per unit of
#: the design's feed capacity at central output [kg U/yr] (constant for a fleet).
_GroupInfo = tuple[int, float, int, int, CascadeDesign, float]


def _group_info(groups: tuple[CascadeGroup, ...]) -> tuple[_GroupInfo, ...]:
    """The per-group constants of :func:`_pass_step`, computed once per fleet."""
    return tuple(
        (
            _layout_id(g.design.machines_per_stage),
            g.design.heads_separation_factor,
            g.design.feed_stage,
            g.design.stages,
            g.design,
            g.cascades * _throughput(g.central_output, g.design.heads_separation_factor),
        )
        for g in groups
    )


def _pass_step(
    groups: tuple[CascadeGroup, ...], x: float, shift: int
) -> tuple[float, float, float, float]:
    """One pass of feed ``x`` through every cascade with the feed point moved ``shift`` up.

    Returns the feed rate of all the cascades per year at central output [kg U/yr], the
    product per feed [kg U / kg U], the mixed product's assay [unitless] and the
    separative work per feed [kg-SWU / kg U]; the feed is split in proportion to what
    each group's cascades take.
    """
    return _pass_step_of(_group_info(groups), x, shift)


def _pass_step_of(
    info: tuple[_GroupInfo, ...], x: float, shift: int
) -> tuple[float, float, float, float]:
    """:func:`_pass_step` from the fleet's :func:`_group_info`."""
    figures = []
    # Models without a design of their own share a layout, and IR-2m, IR-4 and IR-6
    # have equal ones (the same stage physics, only the output differs): solve the
    # stage balance once per layout.
    met: dict[tuple[int, float, int], tuple[float, float, float, float, float]] = {}
    for layout_id, beta, feed_stage, stages, design, _ in info:
        stage = min(max(feed_stage + shift, 1), stages)
        layout = (layout_id, beta, stage)
        found = met.get(layout)
        if found is None:
            found = met[layout] = _stage_figures(design, stage, x)
        figures.append(found)
    return _mixed([i[5] for i in info], figures)


def _mixed(
    coefficients: Sequence[float],
    figures: Sequence[tuple[float, float, float, float, float]],
) -> tuple[float, float, float, float]:
    """Feed rate, product per feed, mixed assay and SWU per feed of one pass (see above)."""
    rates = [c * f[0] for c, f in zip(coefficients, figures, strict=True)]
    total = math.fsum(rates)
    shares = [r / total for r in rates]
    pf = math.fsum([s * f[1] for s, f in zip(shares, figures, strict=True)])
    xp = math.fsum([s * f[1] * f[2] for s, f in zip(shares, figures, strict=True)]) / pf
    swu_pf = math.fsum([s * f[4] for s, f in zip(shares, figures, strict=True)])
    return total, pf, xp, swu_pf


def _passes(
    step: Callable[[float, int], tuple[float, float, float, float]],
    feed_assay: float,
    target: float,
    shifts: tuple[int, ...],
) -> tuple[tuple[Pass, ...], float]:
    """Passes that bring 1 kg U of ``feed_assay`` to ``target``; product per kg feed.

    ``step(x, shift)`` gives a pass's figures (:func:`_pass_step` of the working
    cascades); ``shifts[k]`` moves every cascade's feed point up (> 0) from its design
    stage on pass k; the last shift is kept for the passes beyond.
    """
    passes: list[Pass] = []
    x, mass = feed_assay, 1.0
    for number in range(MAX_PASSES):
        shift = shifts[min(number, len(shifts) - 1)]
        total, pf, xp, swu_pf = step(x, shift)
        tf = 1.0 - pf
        xt = (x - pf * xp) / tf
        if xp >= target - TARGET_TOLERANCE:
            share = 1.0 if xp <= target else (target - x) / (pf * (xp - target) + target - x)
            used = share * mass
            product = mass - used + used * pf
            # The batch is all consumed: ``used`` is fed, the rest blended with the
            # product. Its feed is the batch, so feed = product + tails, and a one-pass
            # plan's first feed is what a quantity takes from the stock.
            passes.append(
                Pass(x, min(xp, target), xt, mass, product, used * tf, used * swu_pf, used / total)
            )
            return tuple(passes), product
        product = mass * pf
        passes.append(Pass(x, xp, xt, mass, product, mass * tf, mass * swu_pf, mass / total))
        x, mass = xp, product
    raise InfeasibleError(
        f"the cascades do not bring {feed_assay * 100:.3g} % to {target * 100:.3g} % "
        f"in {MAX_PASSES} passes"
    )


class StageCascadePlan:
    """The deterministic plan of ``stage-cascade``, evaluable for sampled outputs.

    Parameters
    ----------
    machines
        Machines by model: (count, output distribution).
    stocks
        Stocks in canonical order.
    quantity
        Quantity of concern.
    assumptions
        Natural uranium and days per year are used.
    n_min
        Quantities to plan at least (when the stocks allow).
    n_cap
        Most quantities planned.
    horizon_days
        Last day at which quantities are counted [days]; quantities the fastest
        sample cannot reach by then are not planned (beyond ``n_min``).
    every_stock
        Plan every stock, also those the quantities planned do not reach (for
        per-sample masses, :meth:`evaluate_samples`), and for each stock the slower
        plans that need less of it (:attr:`alternatives`).
    """

    def __init__(
        self,
        machines: Mapping[str, tuple[int, Distribution]],
        stocks: Sequence[Stock],
        quantity: Quantity,
        assumptions: Assumptions,
        *,
        n_min: int,
        n_cap: int,
        horizon_days: float,
        every_stock: bool = False,
    ) -> None:
        self.groups = cascade_groups(machines)
        self.working = tuple(g for g in self.groups if g.cascades > 0)
        self._fleet = _fleet_id(self.working)
        self._info = _group_info(self.working)
        if not self.working:
            sizes = ", ".join(f"{g.design.model} {g.design.machines}" for g in self.groups)
            raise InfeasibleError(
                f"no machines to enrich with in this selection (cascade sizes: {sizes or 'none'}); "
                "choose more machines (e.g. installed rather than enriching) or add a covert plant"
            )
        self.assumptions = assumptions
        self.quantity = quantity
        target = quantity.assay
        self.direct = 0
        self.sources: list[Source] = []
        # For each source, its plans from the fastest down, each needing less feed per
        # quantity than the one before (the first is the source itself); searched for
        # only when a sample holds less than the fastest plan's feed (:meth:`plans_of`).
        self._alternatives: list[tuple[Source, ...] | None] = []
        # For each source, its plan and those with more passes and less processing
        # (:meth:`candidates_of`), searched for when first evaluated.
        self._candidates: list[tuple[Source, ...] | None] = []
        self._recorded_mass: list[float | None] = []
        self.unused: list[str] = []
        feeds: list[tuple[str, float, float | None]] = []
        for stock in sorted(stocks, key=lambda s: (-s.assay, s.label)):
            if stock.mass_kg_u <= 0:
                continue
            if stock.assay >= target:
                # Already at the quantity's assay (or above: blended down, counted as is).
                self.direct += int(stock.mass_kg_u * stock.assay / (target * quantity.mass_kg_u))
                continue
            feeds.append((stock.label, stock.assay, stock.mass_kg_u))
        if assumptions.unlimited_natural:
            feeds.append((NATURAL_LABEL, assumptions.natural_assay, None))
        # Quantities in order (source index; -1 for stock already at the assay), until
        # the work exceeds what the fastest sample can do by the last horizon; the
        # stocks beyond are planned only when ``every_stock`` asks for them.
        order: list[int] = [-1] * min(self.direct, n_cap)
        fastest = max(machines[g.design.model][1].high / g.central_output for g in self.working)
        done_days = 0.0
        exhausted = True
        for label, assay, mass in feeds:
            if not exhausted and not every_stock:
                break
            best, needed = self._best_chain(label, assay, mass)
            if best is None:
                self.unused.append(
                    f"stock {label!r} ({mass or 0:,.1f} kg U) is less than the "
                    f"{needed:,.1f} kg U one quantity needs through the cascades "
                    "and is not used"
                )
                continue
            self.sources.append(best)
            self._alternatives.append(None if every_stock and mass is not None else (best,))
            self._recorded_mass.append(mass)
            self._candidates.append(None)
            if not exhausted:
                continue
            per_quantity = self.processing_days(best) / fastest
            available = best.quantities
            while (available is None or available > 0) and len(order) < n_cap:
                if len(order) >= n_min and done_days > horizon_days:
                    break
                order.append(len(self.sources) - 1)
                done_days += per_quantity
                if available is not None:
                    available -= 1
            if available is None or available > 0:
                exhausted = False
        if not self.sources and self.direct == 0:
            raise InfeasibleError(
                f"the stocks allowed cannot make one quantity ({quantity.mass_kg_u:.4g} kg U "
                f"at {quantity.assay * 100:g} %) through the cascades; allow more stocks or "
                "natural uranium"
            )
        #: Set-up rows of :meth:`evaluate_samples` when it picks alternatives: as many
        #: per stock as a plan can have passes, so that no row depends on which
        #: alternatives have been searched for.
        self.n_steps_any = max(1, MAX_PASSES * len(self.sources))
        self.stock_limited = exhausted
        self.n_jobs = len(order)
        self.n_cap = n_cap

    def _step(self, x: float, shift: int) -> tuple[float, float, float, float]:
        """:func:`_pass_step` of the working cascades, memoized for this fleet."""
        key = (self._fleet, x, shift)
        found = _STEPS.get(key)
        if found is None:
            found = _STEPS[key] = _pass_step_of(self._info, x, shift)
        return found

    def _chain(
        self, assay: float, shifts: Sequence[int], mass: float | None
    ) -> tuple[float, Source | None, float, int]:
        """Central days of one quantity for a feed-point plan, the source, feed needed."""
        key = (self._fleet, assay, self.quantity.assay, tuple(shifts))
        found = _CHAINS.get(key)
        if found is None:
            found = _CHAINS[key] = _passes(self._step, assay, self.quantity.assay, key[3])
        passes, per_kg = found
        feed = self.quantity.mass_kg_u / per_kg
        if mass is not None and mass < feed * (1 - 1e-9):
            return math.inf, None, feed, len(passes)
        scaled = tuple(_scale(p, feed) for p in passes)
        days = math.fsum(p.years_at_central for p in scaled) * self.assumptions.days_per_year
        days += self.assumptions.setup_days.central * len(scaled)
        count = None if mass is None else int(mass / feed + 1e-9)
        plan = tuple(shifts[min(k, len(shifts) - 1)] for k in range(len(scaled)))
        return days, Source("", assay, scaled, count, plan), feed, len(passes)

    def _best_chain(
        self, label: str, assay: float, mass: float | None
    ) -> tuple[Source | None, float]:
        """The feed-point plan with the least central time, over every sequence of moves.

        A greedy pass-by-pass choice with rollout (each move of
        :data:`FEED_STAGE_SHIFTS` tried with the passes after it kept at that move, the
        best fixed, the next pass chosen) gives a first plan; a depth-first branch and
        bound over every sequence of moves then finds the fastest (:meth:`_search`).
        The greedy choice alone can miss it: with more machines of a weaker model a
        move that is best with the later passes kept at it can lead to one pass more
        where another sequence needs one fewer, so more machines lengthened the days.

        The fastest plan regardless of the stock's mass is kept per fleet and feed assay:
        a stock that holds its feed has that plan (the history and the point of no
        return meet the same fleet and assays with other masses on many dates).
        """
        key = self._best_key(assay)
        fastest = _BEST.get(key)
        if fastest is None:
            fastest = _BEST[key] = self._best_chain_for(assay, None)
        if fastest[0] is not None and mass is not None:
            feed = fastest[0].passes[0].feed_kg_u
            if not mass < feed * (1 - 1e-9):
                count = int(mass / feed + 1e-9)
                return dataclasses.replace(fastest[0], label=label, quantities=count), fastest[1]
        found, needed = fastest if mass is None else self._best_chain_for(assay, mass)
        if found is None:
            return None, needed
        return dataclasses.replace(found, label=label), needed

    def _best_key(self, assay: float) -> tuple[int, float, float, float, float, float]:
        q, a = self.quantity, self.assumptions
        return (self._fleet, assay, q.assay, q.mass_kg_u, a.setup_days.central, a.days_per_year)

    def _best_chain_for(self, assay: float, mass: float | None) -> tuple[Source | None, float]:
        """:meth:`_best_chain` searched for a stock of ``mass`` kg U (unlabelled)."""
        prefix: list[int] = []
        needed = math.inf
        best: Source | None = None
        best_days = math.inf
        for _ in range(MAX_PASSES):
            choice: tuple[float, int, Source | None, int] = (math.inf, 0, None, 0)
            for shift in FEED_STAGE_SHIFTS:
                days, source, feed, n_passes = self._chain(assay, [*prefix, shift], mass)
                needed = min(needed, feed)
                if days < choice[0]:
                    choice = (days, shift, source, n_passes)
            if choice[2] is None:
                break
            prefix.append(choice[1])
            best, best_days = choice[2], choice[0]
            if choice[3] <= len(prefix):
                break
        plan = self._search(assay, mass, best_days)
        if plan is not None:
            days, source, feed, _ = self._chain(assay, plan, mass)
            needed = min(needed, feed)
            if source is not None and days < best_days:
                best = source
        return best, needed

    def _search(self, assay: float, mass: float | None, bound: float) -> tuple[int, ...] | None:
        """The sequence of feed-point moves with the least central days below ``bound``.

        The days of a plan are its processing plus a central set-up per pass; a partial
        chain is pruned when its lower bound on processing (:meth:`_explore`) plus the
        set-ups of the fewest passes that could complete it is no better. ``None`` if no
        plan beats ``bound``.
        """
        setup = self.assumptions.setup_days.central
        best: list[tuple[float, tuple[int, ...] | None]] = [(bound, None)]

        def finished(processing: float, moves: tuple[int, ...]) -> None:
            days = processing + setup * len(moves)
            if days < best[0][0] * (1 - 1e-12):
                best[0] = (days, moves)

        def pruned(least_processing: float, passes: int) -> bool:
            return least_processing + setup * passes >= best[0][0]

        self._explore(assay, mass, finished, pruned)
        return best[0][1]

    def _explore(
        self,
        assay: float,
        mass: float | None,
        finished: Callable[[float, tuple[int, ...]], None],
        pruned: Callable[[float, int], bool],
    ) -> None:
        """Every sequence of feed-point moves from ``assay`` to the quantity's assay.

        Depth-first over the moves of each pass (:data:`FEED_STAGE_SHIFTS`; the feed
        point never moves back down), calling ``finished(processing_days, moves)`` for
        each complete chain whose feed per quantity ``mass`` kg U holds (``None``: any).
        A partial chain is dropped when ``pruned(lower_bound_days, passes)`` says so,
        given a lower bound on the processing of any plan through it and the fewest
        passes such a plan has: the U-235 in the chain's product per kg of feed, m_k x_k,
        is at most what one quantity can hold at the end, so the feed is at least
        M x_Q / (m_k x_k) (M, x_Q: the quantity's mass and assay, x_Q less the tolerance
        that ends a chain), and the processing so far scales with it. Chains that would
        need more feed than ``mass`` are dropped too.
        """
        target = self.quantity.assay
        floor_assay = target - TARGET_TOLERANCE
        q_mass = self.quantity.mass_kg_u
        dpy = self.assumptions.days_per_year
        step_of = self._step
        # Each frame: assay, mass and processing years so far per kg of feed, the moves.
        stack: list[tuple[float, float, float, tuple[int, ...]]] = [(assay, 1.0, 0.0, ())]
        while stack:
            x, m, years, moves = stack.pop()
            depth = len(moves)
            for shift in FEED_STAGE_SHIFTS:
                if moves and shift < moves[-1]:
                    continue
                total, pf, xp, _ = step_of(x, shift)
                if xp >= floor_assay:
                    share = (
                        1.0 if xp <= target else (target - x) / (pf * (xp - target) + target - x)
                    )
                    used = share * m
                    feed = q_mass / (m - used + used * pf)
                    if mass is not None and mass < feed * (1 - 1e-9):
                        continue
                    finished(feed * (years + used / total) * dpy, (*moves, shift))
                    continue
                if depth + 1 >= MAX_PASSES or xp <= x:
                    continue
                m_next, years_next = m * pf, years + m / total
                feed_low = q_mass * floor_assay / (m_next * xp)
                if mass is not None and mass < feed_low * (1 - 1e-9):
                    continue
                if pruned(feed_low * years_next * dpy, depth + 2):
                    continue
                stack.append((xp, m_next, years_next, (*moves, shift)))

    def recorded_mass(self, i: int) -> float | None:
        """Recorded mass of stock source ``i`` [kg U] (``None``: natural uranium)."""
        return self._recorded_mass[i]

    def plans_of(self, i: int) -> tuple[Source, ...]:
        """Stock source ``i``'s plans, fastest first, each needing less feed (searched once).

        Only plans built with ``every_stock`` have leaner plans; the others have one.
        """
        found = self._alternatives[i]
        if found is None:
            mass = self._recorded_mass[i]
            assert mass is not None  # a source without a mass has its one plan
            found = self._alternatives[i] = self._leaner_chains(self.sources[i], mass)
        return found

    def candidates_of(self, i: int) -> tuple[Source, ...]:
        """Stock source ``i``'s plan, then the plans with more passes and less processing.

        The plan of each source is the fastest at central inputs (:meth:`_best_chain`),
        a trade of processing against set-ups made for this fleet's capacity: more
        machines make processing cheaper against a set-up, so a larger fleet may take a
        plan of fewer passes, faster at the central set-up but slower in a sample whose
        set-ups are short. Each sample therefore takes, quantity by quantity, the
        fastest of this plan and of U_p for every p above its passes up to the plan of
        least processing, where U_p is the plan with the least processing in at most p
        passes that the recorded mass feeds. U_p does not depend on the fleet's size
        and the plan's passes never grow with it, so a larger fleet has every
        candidate a smaller one has (or one at least as fast in every sample), and more
        machines never lengthen a sample's days. Fewer passes than the plan's are not
        candidates: the plan is the operator's choice at the set-up it expects.
        """
        found = self._candidates[i]
        if found is None:
            best = self.sources[i]
            mass = self._recorded_mass[i]
            key = (*self._best_key(best.assay), best.feed_stage_shifts, mass)
            more = _MORE.get(key)
            if more is None:
                more = _MORE[key] = self._more_pass_plans(best, mass)
            found = self._candidates[i] = (
                best,
                *(dataclasses.replace(plan, label=best.label) for plan in more),
            )
        return found

    def _more_pass_plans(self, best: Source, mass: float | None) -> tuple[Source, ...]:
        """U_p (:meth:`candidates_of`) for p above ``best``'s passes, each with less processing.

        One depth-first search over the feed-point moves (:meth:`_explore`), with no
        set-up, keeps for each number of passes the plan of least processing that
        ``mass`` feeds; U_p is the least of those of at most p passes. A partial chain
        is pruned when its lower bound on processing is no less than U_(d+1), d its
        passes so far (any plan through it has more than d passes, so it could only
        improve a U_p no greater than U_(d+1)). A U_p with no less processing than
        the one before is left out (it costs a set-up more).
        """
        threshold = self.processing_days(best) * (1 - 1e-12)
        # Least processing found with exactly d passes (index d), and its moves.
        found: list[tuple[float, tuple[int, ...]]] = [(threshold, ())] * (MAX_PASSES + 1)
        # U_(d) as found so far: the least over exactly 1 ... d passes.
        least = [threshold] * (MAX_PASSES + 1)

        def finished(processing: float, moves: tuple[int, ...]) -> None:
            passes = len(moves)
            if processing < least[passes] * (1 - 1e-12):
                found[passes] = (processing, moves)
                for d in range(passes, MAX_PASSES + 1):
                    least[d] = min(least[d], processing)

        self._explore(best.assay, mass, finished, lambda bound, passes: bound >= least[passes])
        plans: list[Source] = []
        last = threshold
        best_moves: tuple[int, ...] = ()
        best_work = threshold
        for d in range(1, MAX_PASSES + 1):
            work, moves = found[d]
            if moves and work < best_work:
                best_work, best_moves = work, moves
            if d <= len(best.passes) or not best_moves or len(best_moves) != d:
                continue
            _, source, _, _ = self._chain(best.assay, best_moves, mass)
            if source is None:
                continue
            work = self.processing_days(source)
            if work < last:
                plans.append(source)
                last = work * (1 - 1e-12)
        return tuple(plans)

    @property
    def n_steps(self) -> int:
        """Set-up rows the plan's samples may take: each source's plans with most passes."""
        return max(1, sum(len(self.candidates_of(i)[-1].passes) for i in range(len(self.sources))))

    @property
    def alternatives(self) -> tuple[tuple[Source, ...], ...]:
        """Every stock source's plans (:meth:`plans_of`), searching those not yet met."""
        return tuple(self.plans_of(i) for i in range(len(self.sources)))

    #: Most plans kept per stock (:meth:`_leaner_chains`).
    MAX_ALTERNATIVES = 8

    def _leaner_chains(self, best: Source, mass: float) -> tuple[Source, ...]:
        """``best`` and the fastest plans that each need less feed than the one before.

        A stock's mass is uncertain: a sample that holds less than the fastest plan's
        feed per quantity can still make a quantity from it by a plan with lower tails
        (more passes or other feed points), as an operator would, rather than leave the
        stock aside. Each is the fastest under the last one's feed (:meth:`_search`).
        The plans depend on the stock's mass only through the whole quantities it
        holds, so they are kept per fleet, feed assay and fastest plan.
        """
        key = (*self._best_key(best.assay), best.feed_stage_shifts, best.passes[0].feed_kg_u)
        plans = _LEANER.get(key)
        if plans is None:
            plans = _LEANER[key] = self._leaner_plans(best)
        return (
            best,
            *(
                dataclasses.replace(plan, quantities=int(mass / plan.passes[0].feed_kg_u + 1e-9))
                for plan in plans
            ),
        )

    def _leaner_plans(self, best: Source) -> tuple[Source, ...]:
        """The plans of :meth:`_leaner_chains` after ``best`` (their counts unset)."""
        chains = [best]
        while len(chains) < self.MAX_ALTERNATIVES:
            cap = chains[-1].passes[0].feed_kg_u * (1.0 - 1e-6)
            plan = self._search(best.assay, cap, math.inf)
            if plan is None:
                break
            _, source, _, _ = self._chain(best.assay, plan, None)
            if source is None:
                break
            chains.append(source)
        return tuple(chains[1:])

    def processing_days(self, source: Source) -> float:
        """Days of processing one quantity of ``source`` at central output [days]."""
        years = math.fsum(p.years_at_central for p in source.passes)
        return years * self.assumptions.days_per_year

    def evaluate(
        self,
        output: Mapping[str, FloatArray],
        setup: FloatArray,
        n_report: int,
        horizons: FloatArray,
    ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """Days to the 1st ... ``n_report``-th quantity and counts by each horizon.

        Parameters
        ----------
        output
            Sampled output per machine-year by model [kg-SWU/yr], each of shape (samples,).
        setup
            Set-up days per step, shape (n_steps, samples) [days].
        n_report
            Quantities reported.
        horizons
            Days at which quantities held are counted [days].

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            Days of shape (n_report, samples) (inf where the stocks run out) and counts
            of shape (len(horizons), samples).
        """
        samples = setup.shape[1]
        speed = self.speed(output, samples)
        days, counts = self.evaluate_samples(
            {}, speed, setup, np.zeros(samples), n_report, horizons
        )
        return days, np.minimum(counts, self.n_cap)

    def speed(self, output: Mapping[str, FloatArray], samples: int) -> FloatArray:
        """Capacity over central capacity [unitless], shape (samples,), from sampled outputs.

        The feed of a pass is split at central output shares, so the group slowest
        against its central output [kg-SWU/yr per machine-year] sets the pass's time.
        """
        slow = np.zeros(samples)
        for g in self.working:
            ratio = np.asarray(output[g.design.model], dtype=np.float64) / g.central_output
            with np.errstate(divide="ignore"):
                slow = np.maximum(slow, np.where(ratio > 0, 1.0 / ratio, np.inf))
        with np.errstate(divide="ignore"):
            return np.where(np.isfinite(slow), 1.0 / slow, 0.0)

    @property
    def central_nominal_swu_per_year(self) -> float:
        """Capacity of the cascades' machines at central output [kg-SWU/yr]."""
        return math.fsum(g.cascades * g.design.machines * g.central_output for g in self.working)

    def evaluate_samples(
        self,
        masses_kg_u: Mapping[str, FloatArray],
        speed: FloatArray,
        setup_per_pass: FloatArray,
        holdup_loss: FloatArray,
        n_report: int,
        horizons: FloatArray,
        first_setup: FloatArray | None = None,
        start: int = 0,
        leaner: bool = False,
    ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """Days and quantities held for per-sample inputs (the ensemble's structure).

        The same plan as :meth:`evaluate`, with the stock masses, the capacity, the
        set-ups and hold-up drawn per sample and no cap on the quantities counted. The
        k-th quantity of a stock takes the fastest of the stock's candidate plans
        (:meth:`candidates_of`) that makes k from the sample's mass; the quantities
        held at a horizon are the most any candidate holds; the next stock starts when
        the candidate that finishes the stock first is done.

        Parameters
        ----------
        masses_kg_u
            Sampled mass of each stock by label [kg U], shape (samples,); a stock not
            given keeps its recorded mass; natural uranium is unlimited.
        speed
            Capacity over the plan's central capacity [unitless], shape (samples,).
        setup_per_pass
            Set-up of each pass [days], shape (n_steps, samples): the r-th pass a
            sample runs (over the stocks it uses) takes row r, each stock taking as many
            rows as its candidate with most passes (the ensemble: its re-piping days in
            every row).
        holdup_loss
            Fraction of product lost to hold-up [unitless], shape (samples,).
        n_report
            Quantities reported.
        horizons
            Days at which quantities held are counted [days].
        first_setup
            Set-up of the first pass a sample runs [days], shape (samples,), replacing
            that pass's row of ``setup_per_pass`` (the ensemble: its set-up, with its
            re-piping days in every row); ``None``: every pass costs its row.
        start
            Index of the first stock source drawn on (the plan's stocks before it are
            left aside).
        leaner
            A sample that no candidate plan of a stock can feed runs it by the fastest
            of its :attr:`alternatives` that makes a whole quantity from the sample's
            mass; ``setup_per_pass`` then has :attr:`n_steps_any` rows (``MAX_PASSES``
            per stock, the most passes a plan can have).

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            Days, shape (n_report, samples) (inf where the stocks run out), and whole
            quantities held at each horizon, shape (len(horizons), samples).
        """
        keep = 1.0 - np.asarray(holdup_loss, dtype=np.float64)
        with np.errstate(divide="ignore"):
            slow = np.where(speed > 0, 1.0 / speed, np.inf) / keep
        samples = slow.shape[0]
        begin = np.zeros(samples)
        before = np.zeros(samples)
        # The r-th pass a sample runs takes row r; each stock a sample uses takes as many
        # rows as its plan with most passes, whichever plan the sample takes, so that
        # its later stocks meet the same draws (a stock left aside, or not used in a
        # sample, takes none).
        offset = np.zeros(samples, dtype=np.int64)
        started = np.zeros(samples, dtype=bool)
        direct = float(self.direct)
        days = np.full((n_report, samples), np.inf)
        ks = np.arange(1, n_report + 1, dtype=np.float64)[:, None] - direct
        days[ks[:, 0] <= 0] = 0.0
        held = np.full((horizons.shape[0], samples), direct)
        for i in range(start, len(self.sources)):
            _, work, n_passes, count, _ = self.stock_samples(i, masses_kg_u, keep, leaner)
            work = work * slow[None, :]
            # A stock that makes no whole quantity in a sample (its sampled mass below
            # one quantity's feed) is not set up for: more stock never costs time.
            usable = count > 0
            used: npt.NDArray[np.bool_] = np.asarray(usable.any(axis=0))
            setups, started = candidate_setups(
                setup_per_pass, offset, started, first_setup, n_passes, usable
            )
            offset += np.where(used, n_passes.max(axis=0), 0)
            most = count.max(axis=0)
            # Quantity k of the stock, by the fastest plan that makes k from it.
            rel = ks - before[None, :]
            finish = np.full(samples, np.inf)
            made = np.zeros((horizons.shape[0], samples))
            for c in range(count.shape[0]):
                fits = (rel > 0) & (rel <= count[c][None, :])
                with np.errstate(invalid="ignore"):
                    arrival = (begin + setups[c])[None, :] + rel * work[c][None, :]
                days = np.where(fits & (arrival < days), arrival, days)
                start_c = begin + setups[c]
                with np.errstate(divide="ignore", invalid="ignore"):
                    by = np.floor((horizons[:, None] - start_c[None, :]) / work[c][None, :] + 1e-9)
                by = np.where(np.isfinite(by), by, 0.0)
                made = np.maximum(made, np.clip(by, 0.0, count[c][None, :]))
                with np.errstate(invalid="ignore"):
                    whole = setups[c] + most * work[c]
                finish = np.where((count[c] == most) & (whole < finish), whole, finish)
            held = held + np.where(used[None, :], made, 0.0)
            begin = np.where(used & np.isfinite(most), begin + finish, begin)
            before = before + most
        return days, np.minimum(held, 1e9).astype(np.int64)

    def stock_samples(
        self,
        i: int,
        masses_kg_u: Mapping[str, FloatArray],
        keep: FloatArray,
        leaner: bool,
    ) -> tuple[FloatArray, FloatArray, npt.NDArray[np.int64], FloatArray, FloatArray]:
        """How each sample can run stock source ``i`` (:meth:`evaluate_samples`).

        Returns, for each of the source's candidate plans (:meth:`candidates_of`), the
        feed per quantity [kg U], the processing days per quantity at central output
        [days], the passes and the whole quantities the sample's mass makes (``inf``
        for natural uranium), each of shape (candidates, samples), and the usable mass
        [kg U], shape (samples,) (the sampled or recorded mass less hold-up; ``inf`` for
        natural uranium); ``keep`` is one less the hold-up loss, per sample. A sample
        that no candidate can feed takes, in the first candidate's place, the fastest
        leaner plan (:meth:`plans_of`) that makes a quantity, when ``leaner``.
        """
        samples = keep.shape[0]
        plans = self.candidates_of(i)
        per_quantity = np.repeat(
            np.array([[p.passes[0].feed_kg_u] for p in plans], dtype=np.float64), samples, axis=1
        )
        work = np.repeat(
            np.array([[self.processing_days(p)] for p in plans], dtype=np.float64),
            samples,
            axis=1,
        )
        n_passes = np.repeat(np.array([[len(p.passes)] for p in plans]), samples, axis=1)
        recorded = self._recorded_mass[i]
        if recorded is None:
            unlimited = np.full(samples, np.inf)
            return per_quantity, work, n_passes, np.full(work.shape, np.inf), unlimited
        mass = masses_kg_u.get(self.sources[i].label)
        usable = (np.full(samples, recorded) if mass is None else np.asarray(mass)) * keep
        count = np.floor(usable[None, :] / per_quantity + 1e-9)
        # The fastest leaner plan that makes a quantity (they need less and less),
        # searched for only when some sample is short of every candidate's feed.
        none = (count.max(axis=0) < 1) & (usable > 0)
        short = leaner and bool(none.any())
        for chain in self.plans_of(i)[1:] if short else ():
            feed = chain.passes[0].feed_kg_u
            makes = np.floor(usable / feed + 1e-9)
            fits = none & (count[0] < 1) & (makes >= 1)
            per_quantity[0] = np.where(fits, feed, per_quantity[0])
            work[0] = np.where(fits, self.processing_days(chain), work[0])
            n_passes[0] = np.where(fits, len(chain.passes), n_passes[0])
            count[0] = np.where(fits, makes, count[0])
        return per_quantity, work, n_passes, count, usable


def candidate_setups(
    setup_per_pass: FloatArray,
    offset: npt.NDArray[np.int64],
    started: npt.NDArray[np.bool_],
    first_setup: FloatArray | None,
    n_passes: npt.NDArray[np.int64],
    active: npt.NDArray[np.bool_],
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Set-up of each candidate plan of one stock [days], and who has started.

    Candidate c's passes take rows ``offset`` ... ``offset + n_passes[c] - 1`` of
    ``setup_per_pass`` (n_rows, samples); a sample that has not ``started`` pays
    ``first_setup`` for its first pass instead. ``n_passes`` has shape (candidates,
    samples) and ``active`` broadcasts to it; an inactive candidate costs nothing.
    Returns the set-ups, shape (candidates, samples), and ``started`` updated with
    every active sample.
    """
    samples = offset.shape[0]
    runs = np.where(active, n_passes, 0)
    if setup_per_pass.ndim == 2 and setup_per_pass.strides[0] == 0 and samples:
        # Every row the same (the ensemble's re-piping days): in closed form.
        row = setup_per_pass[0]
        total = runs * row[None, :]
        if first_setup is not None:
            first = ~started[None, :] & (runs > 0)
            total = total + np.where(first, (first_setup - row)[None, :], 0.0)
    else:
        total = np.zeros(runs.shape)
        for r in range(int(runs.max()) if runs.size else 0):
            cost = setup_row(setup_per_pass, offset + r)
            if first_setup is not None and r == 0:
                cost = np.where(started, cost, first_setup)
            total = total + np.where(r < runs, cost[None, :], 0.0)
    return np.asarray(total, dtype=np.float64), started | (runs > 0).any(axis=0)


def setup_row(setup_per_pass: FloatArray, row: npt.NDArray[np.int64]) -> FloatArray:
    """Each sample's set-up in its own ``row`` of ``setup_per_pass`` [days].

    Rows past the last (idle passes) read the last row.
    """
    if setup_per_pass.strides[0] == 0:
        return np.asarray(setup_per_pass[0], dtype=np.float64)
    index = np.minimum(row, setup_per_pass.shape[0] - 1)
    return np.asarray(setup_per_pass[index, np.arange(setup_per_pass.shape[1])], dtype=np.float64)


def _scale(p: Pass, factor: float) -> Pass:
    return Pass(
        p.feed_assay,
        p.product_assay,
        p.tails_assay,
        p.feed_kg_u * factor,
        p.product_kg_u * factor,
        p.tails_kg_u * factor,
        p.swu * factor,
        p.years_at_central * factor,
    )
