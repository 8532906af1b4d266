"""Lines of cascades of one stage layout each, sharing the quantities (``stage-cascade``).

The packaged designs have two stage layouts: IR-1 in the 164-machine ir1-164, and the
174-machine layout that IR-2m, IR-4 and IR-6 share (models without a design use it
too). The stage-level cascade groups a fleet's cascades into *lines*, one per layout:
each line batch-recycles stock through its own cascades by its own plan
(:class:`~lockstep.physics.breakout.stage_cascade.StageCascadePlan` of its machines
alone). A line's cascades are all of one layout, so its passes, feed per quantity and
set-ups do not depend on how many machines it has; only its processing time does,
and more machines shorten it. (Running every cascade on each pass and mixing their
products, as before, made the passes depend on the mix: more IR-1 beside IR-2m could
cost a plan one pass, or raise the feed one quantity needs past a stock's mass, so
more machines lengthened breakout.)

The lines work side by side on the same stocks, highest assay first, and share each
stock's quantities: each line brings its part to the quantity's assay and the parts
are blended. For k quantities of a stock of usable mass M (sampled mass less hold-up),
with line L making q_L of them at feed f_L per quantity, set-up a_L (its passes'
set-ups) and processing W_L days per quantity, the time is the least T with

    q_1 + q_2 = k,   q_L >= 0,   a_L + q_L W_L <= T where q_L > 0,   q_1 f_1 + q_2 f_2 <= M,

solved in closed form (:func:`split_quantities`): the thriftier line (lower f) alone,
the other alone if the stock can feed it, or the split that finishes both together,
moved towards the thriftier line as far as the stock requires. The stock supplies
floor(M / min f) whole quantities, and the lines start the next stock together when
it is done. A line that takes no part in a stock is not set up for it. More machines
in a line lower its W only, so they never lengthen any of these times.

With one line (a fleet of one layout) this is the line's own plan exactly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from lockstep.errors import InfeasibleError
from lockstep.physics._checks import FloatArray
from lockstep.physics.breakout.distributions import Distribution
from lockstep.physics.breakout.inputs import Assumptions, Quantity, Stock
from lockstep.physics.breakout.stage_cascade import (
    NATURAL_LABEL,
    CascadeGroup,
    Source,
    StageCascadePlan,
    candidate_setups,
    design_for_model_or_fallback,
)
from lockstep.physics.stage_cascade import MAX_PASSES

#: A line's figures on one stock: line and source index, feed per quantity [kg U],
#: processing days per quantity, passes, and whether it can run (finite processing).
_Figures = tuple[int, FloatArray, FloatArray, npt.NDArray[np.int64], npt.NDArray[np.bool_]]
_Option = tuple[FloatArray, FloatArray, FloatArray]
_T = TypeVar("_T", bound=np.generic)


def _pair(first: _Option, second: _Option) -> tuple[_Option, _Option, npt.NDArray[np.bool_]]:
    """Each sample's thriftier and other line of two options (feed, set-up, processing).

    The third value says where both lines can take part (finite feed and processing).
    """
    (f0, a0, w0), (f1, a1, w1) = first, second
    one = f0 <= f1
    thrifty = (np.where(one, f0, f1), np.where(one, a0, a1), np.where(one, w0, w1))
    other = (np.where(one, f1, f0), np.where(one, a1, a0), np.where(one, w1, w0))
    return thrifty, other, np.isfinite(other[0]) & np.isfinite(other[2])


def layout_key(model: str) -> tuple[tuple[int, ...], float]:
    """What puts a model's cascades in a line: machines per stage and stage separation."""
    design = design_for_model_or_fallback(model)
    return design.machines_per_stage, design.heads_separation_factor


def layout_groups(models: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """``models`` grouped as the lines group them (each group sorted)."""
    groups: dict[tuple[tuple[int, ...], float], list[str]] = {}
    for model in models:
        groups.setdefault(layout_key(model), []).append(model)
    return tuple(tuple(sorted(g)) for g in groups.values())


@dataclass(frozen=True)
class Line:
    """The cascades of one stage layout and their plan.

    Attributes
    ----------
    name
        The line in words: its models and layout, e.g. ``IR-2m and IR-6 (174-machine
        layout)``.
    models
        Centrifuge models of its machines, sorted.
    plan
        Its plan, made for its machines alone.
    """

    name: str
    models: tuple[str, ...]
    plan: StageCascadePlan

    @property
    def short(self) -> str:
        """The line in a few words, e.g. ``IR-2m/IR-6 line``."""
        return f"{'/'.join(self.models)} line"


def split_quantities(
    k: FloatArray,
    mass: FloatArray,
    thrifty: tuple[FloatArray, FloatArray, FloatArray],
    other: tuple[FloatArray, FloatArray, FloatArray],
    both: npt.NDArray[np.bool_],
) -> tuple[FloatArray, FloatArray]:
    """Least time for two lines to make ``k`` quantities of one stock, and the other's part.

    Parameters
    ----------
    k
        Quantities to make [count], > 0 and at most ``mass / f_thrifty``.
    mass
        Usable mass of the stock [kg U] (``inf`` for natural uranium).
    thrifty, other
        Each line's feed per quantity [kg U], set-up [days] and processing per quantity
        [days]; ``thrifty`` needs no more feed per quantity than ``other``. Arrays
        broadcast together.
    both
        Where ``other`` can take part (finite processing, the stock in its plan).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Days from the lines' start on the stock [days], and the quantities the other
        line makes [count].
    """
    f_t, a_t, w_t = thrifty
    f_o, a_o, w_o = other
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        alone = a_t + k * w_t
        # The most the other line may make before the stock runs short of feed.
        room = np.where(f_o > f_t, (mass - k * f_t) / (f_o - f_t), np.inf)
        only_other = np.where(both & (k <= room), a_o + k * w_o, np.inf)
        balanced = (a_t + k * w_t - a_o) / (w_t + w_o)
        part = np.clip(balanced, 0.0, np.minimum(k, room))
        shared = np.maximum(a_t + (k - part) * w_t, a_o + part * w_o)
    shared = np.where(both, shared, np.inf)
    best = np.minimum(alone, np.minimum(only_other, shared))
    part = np.where(best == alone, 0.0, np.where(best == only_other, k, part))
    return best, np.where(both, part, 0.0)


def quantities_by(
    t: FloatArray,
    mass: FloatArray,
    thrifty: tuple[FloatArray, FloatArray, FloatArray],
    other: tuple[FloatArray, FloatArray, FloatArray],
    both: npt.NDArray[np.bool_],
) -> FloatArray:
    """Most quantities (fractional) two lines make of one stock ``t`` days after they start.

    The thriftier line's output first (each quantity costs its feed), then the other's,
    within the stock: the inverse of :func:`split_quantities`.
    """
    f_t, a_t, w_t = thrifty
    f_o, a_o, w_o = other
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        q_t = np.minimum(np.maximum(t - a_t, 0.0) / w_t, mass / f_t)
        q_o = np.minimum(np.maximum(t - a_o, 0.0) / w_o, (mass - q_t * f_t) / f_o)
    q_o = np.where(both & np.isfinite(w_o), np.nan_to_num(q_o, nan=0.0, posinf=np.inf), 0.0)
    return np.asarray(q_t + np.maximum(q_o, 0.0), dtype=np.float64)


class _Here:
    """The samples one stock of :meth:`CascadeLines.evaluate_samples` is evaluated for."""

    def __init__(self, index: npt.NDArray[np.intp] | None, samples: int) -> None:
        self.index = index
        self.size = samples if index is None else index.shape[0]

    def of(self, values: npt.NDArray[_T]) -> npt.NDArray[_T]:
        """``values`` (shape (samples,)) of these samples."""
        return values if self.index is None else values[self.index]

    def put(self, target: npt.NDArray[_T], values: npt.NDArray[_T]) -> None:
        """Write ``values`` of these samples into ``target`` (shape (samples,))."""
        if self.index is None:
            target[...] = values
        else:
            target[self.index] = values

    def glob(self, positions: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
        """Sample numbers of ``positions`` among these samples."""
        return positions if self.index is None else self.index[positions]


class CascadeLines:
    """The stage-level cascade's fleet as lines of one layout each (see the module).

    Parameters are those of :class:`StageCascadePlan`; each line's plan is made with
    them for its machines alone.
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
        layouts: dict[tuple[tuple[int, ...], float], dict[str, tuple[int, Distribution]]] = {}
        for model, (count, dist) in sorted(machines.items()):
            if count <= 0:
                continue
            layouts.setdefault(layout_key(model), {})[model] = (count, dist)
        if not layouts:
            # No machine at all: the plan says so in its own words.
            StageCascadePlan(
                machines,
                stocks,
                quantity,
                assumptions,
                n_min=n_min,
                n_cap=n_cap,
                horizon_days=horizon_days,
            )
        lines: list[Line] = []
        idle: list[str] = []
        reason = ""
        for (layout, _), own in sorted(layouts.items(), key=lambda kv: sorted(kv[1])):
            models = tuple(sorted(own))
            name = f"{' and '.join(models)} ({len(layout)}-stage, {sum(layout)}-machine layout)"
            try:
                plan = StageCascadePlan(
                    own,
                    stocks,
                    quantity,
                    assumptions,
                    n_min=n_min,
                    n_cap=n_cap,
                    horizon_days=horizon_days,
                    every_stock=every_stock,
                )
            except InfeasibleError as exc:
                reason = reason or str(exc)
                idle.append(
                    f"the {' and '.join(models)} cascades cannot make one quantity from the "
                    "stocks allowed and are left idle"
                )
                continue
            lines.append(Line(name, models, plan))
        if not lines:
            raise InfeasibleError(reason)
        if len(lines) > 2:
            raise InfeasibleError(
                "stage-cascade combines at most two cascade layouts; this fleet has "
                f"{len(lines)} ({', '.join(line.name for line in lines)})"
            )
        self.lines = tuple(lines)
        self.quantity = quantity
        self.assumptions = assumptions
        self.direct = lines[0].plan.direct
        self.n_cap = n_cap
        several = len(lines) > 1
        self.unused = [
            *idle,
            *(
                f"{line.name}: {note}" if several else note
                for line in lines
                for note in line.plan.unused
            ),
        ]
        self.groups: tuple[CascadeGroup, ...] = tuple(g for x in lines for g in x.plan.groups)
        self.working: tuple[CascadeGroup, ...] = tuple(g for x in lines for g in x.plan.working)
        # Every stock some line plans, highest assay first (natural uranium last).
        # (Stocks are told apart by label and assay: labels need not be unique.)
        found = {(s.label, s.assay) for line in lines for s in line.plan.sources}
        self.stocks = tuple(sorted(found, key=lambda s: (s[0] == NATURAL_LABEL, -s[1], s[0])))
        self._index = tuple(
            {(s.label, s.assay): i for i, s in enumerate(line.plan.sources)} for line in lines
        )
        self.n_steps_any = max(1, MAX_PASSES * len(self.stocks))
        self.stock_limited = all(line.plan.stock_limited for line in lines)
        if self.stock_limited:
            # Each stock's whole quantities through its thriftiest line.
            most = self.direct
            for stock in self.stocks:
                most += max(
                    line.plan.sources[self._index[n][stock]].quantities or 0
                    for n, line in enumerate(lines)
                    if stock in self._index[n]
                )
            self.n_jobs = min(most, n_cap)
        else:
            self.n_jobs = max(line.plan.n_jobs for line in lines)

    @property
    def n_steps(self) -> int:
        """Set-up rows the single model draws: the most a line's samples may take."""
        return max(line.plan.n_steps for line in self.lines)

    @property
    def central_nominal_swu_per_year(self) -> float:
        """Capacity of the lines' machines at central output [kg-SWU/yr]."""
        return math.fsum(line.plan.central_nominal_swu_per_year for line in self.lines)

    def evaluate(
        self,
        output: Mapping[str, FloatArray],
        setup: FloatArray,
        n_report: int,
        horizons: FloatArray,
    ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """:meth:`StageCascadePlan.evaluate` for the lines (the single model's entry).

        In each line the group slowest against its central output sets the pace; each
        sample takes the fastest of the plans that start at each stock.
        """
        samples = setup.shape[1]
        speeds = [line.plan.speed(output, samples) for line in self.lines]
        # As the ensemble's structure: the fastest of the plans that start the stocks'
        # order at each stock (a stock slower through the cascades than the next, e.g.
        # too little for the fast plans, is left aside), so more stock never costs time.
        days, counts = self.evaluate_samples(
            {}, speeds, setup, np.zeros(samples), n_report, horizons
        )
        for start in range(1, len(self.stocks)):
            other, held = self.evaluate_samples(
                {}, speeds, setup, np.zeros(samples), n_report, horizons, start=start
            )
            np.minimum(days, other, out=days)
            np.maximum(counts, held, out=counts)
        return days, np.minimum(counts, self.n_cap)

    def evaluate_samples(
        self,
        masses_kg_u: Mapping[str, FloatArray],
        speeds: Sequence[FloatArray],
        setup_per_pass: FloatArray,
        holdup_loss: FloatArray,
        n_report: int,
        horizons: FloatArray,
        first_setup: FloatArray | None = None,
        start: int = 0,
        leaner: bool = False,
    ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """Days and quantities held for per-sample inputs, the lines sharing the stocks.

        As :meth:`StageCascadePlan.evaluate_samples`, with ``speeds`` one per line (the
        line's capacity over its central capacity) and ``start`` an index of
        :attr:`stocks`. Set-up rows are counted per line (a line's r-th pass in a sample
        takes row r; lines set up side by side). Each quantity of a stock takes the
        fastest pair of the lines' candidate plans that makes it from the stock, split
        by :func:`split_quantities`; without horizons, only the samples that still lack
        a quantity reported are evaluated for each stock.
        """
        if len(self.lines) == 1:
            return self.lines[0].plan.evaluate_samples(
                masses_kg_u,
                speeds[0],
                setup_per_pass,
                holdup_loss,
                n_report,
                horizons,
                first_setup,
                start,
                leaner,
            )
        keep = 1.0 - np.asarray(holdup_loss, dtype=np.float64)
        with np.errstate(divide="ignore"):
            slows = [np.where(s > 0, 1.0 / s, np.inf) / keep for s in speeds]
        samples = keep.shape[0]
        direct = float(self.direct)
        days = np.full((n_report, samples), np.inf)
        ks = np.arange(1, n_report + 1, dtype=np.float64)[:, None] - direct
        days[ks[:, 0] <= 0] = 0.0
        held = np.full((horizons.shape[0], samples), direct)
        begin = np.zeros(samples)
        before = np.zeros(samples)
        # Each line's r-th pass in a sample takes row r (as in the line's own plan).
        offset = [np.zeros(samples, dtype=np.int64) for _ in self.lines]
        started = [np.zeros(samples, dtype=bool) for _ in self.lines]
        uniform = setup_per_pass.ndim == 2 and setup_per_pass.strides[0] == 0
        counting = horizons.shape[0] > 0
        for stock in self.stocks[start:]:
            # Without counts, only the samples that still lack quantities reported.
            index: npt.NDArray[np.intp] | None = None
            if not counting:
                (alive,) = np.nonzero(before < ks[-1, 0])
                if alive.shape[0] == 0:
                    break
                if alive.shape[0] < samples:
                    index = alive
            here = _Here(index, samples)
            size = here.size
            keep_h = here.of(keep)
            setup_h = (
                np.broadcast_to(here.of(setup_per_pass[0]), (setup_per_pass.shape[0], size))
                if uniform
                else (setup_per_pass if index is None else setup_per_pass[:, index])
            )
            first_h = None if first_setup is None else here.of(first_setup)
            masses_h = {label: here.of(values) for label, values in masses_kg_u.items()}
            begin_h, before_h = here.of(begin), here.of(before)
            mass = np.full(size, np.inf)
            figures: list[_Figures | None] = []
            for n, line in enumerate(self.lines):
                i = self._index[n].get(stock)
                if i is None:
                    figures.append(None)
                    continue
                # Every line's plan of a stock has the stock's mass: any line's will do.
                feed, work, n_passes, _, mass = line.plan.stock_samples(i, masses_h, keep_h, leaner)
                slow = here.of(slows[n])
                can = np.isfinite(slow)
                work = np.where(can[None, :], work * slow[None, :], np.inf)
                feed = np.where(can[None, :], feed, np.inf)
                figures.append((n, feed, work, n_passes, can))
            thriftiest = np.full(size, np.inf)
            for fig in figures:
                if fig is not None:
                    thriftiest = np.minimum(thriftiest, fig[1].min(axis=0))
            with np.errstate(invalid="ignore", divide="ignore"):
                count = np.floor(mass / thriftiest + 1e-9)
            count = np.where(np.isfinite(thriftiest) & (mass > 0), count, 0.0)
            used = count > 0
            # Each line's candidate plans: (feed, set-up, processing) per sample.
            options: list[list[tuple[FloatArray, FloatArray, FloatArray]]] = []
            for fig in figures:
                if fig is None:
                    options.append([(np.full(size, np.inf), np.zeros(size), np.full(size, np.inf))])
                    continue
                n, feed, work, n_passes, can = fig
                setups, now_started = candidate_setups(
                    setup_h,
                    here.of(offset[n]),
                    here.of(started[n]),
                    first_h,
                    n_passes,
                    (used & can)[None, :],
                )
                here.put(started[n], now_started)
                if not uniform:
                    moved = here.of(offset[n]) + np.where(used & can, n_passes.max(axis=0), 0)
                    here.put(offset[n], moved)
                options.append([(feed[c], setups[c], work[c]) for c in range(feed.shape[0])])
            # Only the quantities this stock makes (a few of the rows in each sample), and
            # only the samples that make them or finish the stock (all that use it when
            # quantities held are counted).
            rows_here, cols = np.nonzero(
                (ks > before_h[None, :]) & (ks <= (before_h + count)[None, :])
            )
            (finite,) = np.nonzero(used & np.isfinite(count))
            need = np.zeros(size, dtype=bool)
            need[cols] = True
            need[finite] = True
            if counting:
                # Nothing is made before the stock's start (set-ups are not negative).
                need |= used & (begin_h < horizons[-1])
            (sub,) = np.nonzero(need)
            whole_set = sub.shape[0] == size
            at_cols = cols if whole_set else np.searchsorted(sub, cols)
            at_finite = finite if whole_set else np.searchsorted(sub, finite)
            k_here = ks[rows_here, 0] - before_h[cols]
            took = np.full(k_here.shape, np.inf)
            made = np.zeros((horizons.shape[0], sub.shape[0]))
            whole = np.full(finite.shape, np.inf)
            mass_sub, begin_sub = (mass, begin_h) if whole_set else (mass[sub], begin_h[sub])
            all_of_count = count[finite]
            # Natural uranium feeds every line without limit: each line's most output by
            # a horizon is its own best candidate's (the pairs' maximum, separably).
            unlimited = bool(np.isinf(mass).all())
            if counting and unlimited:
                elapsed = horizons[:, None] - begin_sub[None, :]
                total = np.zeros(made.shape)
                for line_options in options:
                    most = np.zeros(made.shape)
                    for _, a_c, w_c in line_options:
                        a_s, w_s = (a_c, w_c) if whole_set else (a_c[sub], w_c[sub])
                        with np.errstate(invalid="ignore", divide="ignore"):
                            q = np.maximum(elapsed - a_s[None, :], 0.0) / w_s[None, :]
                        most = np.maximum(most, np.where(np.isfinite(w_s)[None, :], q, 0.0))
                    total = total + most
                made = np.floor(total + 1e-9)
            for first in options[0]:
                for second in options[1]:
                    thrifty, other, both = (
                        _pair(first, second)
                        if whole_set
                        else _pair(
                            (first[0][sub], first[1][sub], first[2][sub]),
                            (second[0][sub], second[1][sub], second[2][sub]),
                        )
                    )
                    with np.errstate(invalid="ignore", divide="ignore"):
                        makes = np.floor(mass_sub / thrifty[0] + 1e-9)
                    fits = k_here <= makes[at_cols]
                    pair_days, _ = split_quantities(
                        k_here,
                        mass_sub[at_cols],
                        (thrifty[0][at_cols], thrifty[1][at_cols], thrifty[2][at_cols]),
                        (other[0][at_cols], other[1][at_cols], other[2][at_cols]),
                        both[at_cols],
                    )
                    took = np.where(fits & (pair_days < took), pair_days, took)
                    if counting and not unlimited:
                        by = quantities_by(
                            horizons[:, None] - begin_sub[None, :], mass_sub, thrifty, other, both
                        )
                        made = np.maximum(made, np.floor(by + 1e-9))
                    if finite.shape[0]:
                        all_of = makes[at_finite] == all_of_count
                        pair_whole, _ = split_quantities(
                            np.where(all_of, all_of_count, 0.0),
                            mass_sub[at_finite],
                            (
                                thrifty[0][at_finite],
                                thrifty[1][at_finite],
                                thrifty[2][at_finite],
                            ),
                            (other[0][at_finite], other[1][at_finite], other[2][at_finite]),
                            both[at_finite],
                        )
                        whole = np.where(all_of & (pair_whole < whole), pair_whole, whole)
            days[rows_here, here.glob(cols)] = begin_h[cols] + took
            if counting:
                held[:, here.glob(sub)] += np.clip(made, 0.0, count[sub][None, :])
            begin_h[finite] += whole
            here.put(begin, begin_h)
            here.put(before, before_h + count)
        return days, np.minimum(held, 1e9).astype(np.int64)

    def least_days(
        self,
        start: int,
        speeds: Sequence[FloatArray],
        keep: FloatArray,
        first_setup: FloatArray,
        quantities: FloatArray,
    ) -> FloatArray:
        """A lower bound on the days to hold ``quantities`` from ``start`` [days].

        Every line's first pass costs ``first_setup`` at least, and from then on each
        line makes quantities no faster than its plan of least processing over the
        stocks from ``start`` (leaner plans process more). ``quantities`` broadcasts
        against (samples,), e.g. shape (n, 1) or (n, samples); the bound has its shape.
        """
        rate = np.zeros(keep.shape[0])
        for n, line in enumerate(self.lines):
            least = min(
                (
                    min(line.plan.processing_days(c) for c in line.plan.candidates_of(i))
                    for stock in self.stocks[start:]
                    if (i := self._index[n].get(stock)) is not None
                ),
                default=math.inf,
            )
            if least > 0 and math.isfinite(least):
                rate = rate + np.asarray(speeds[n], dtype=np.float64) * keep / least
        ks = np.asarray(quantities, dtype=np.float64) - self.direct
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = np.asarray(first_setup, dtype=np.float64)[None, :] + ks / rate[None, :]
        bound = np.where(rate[None, :] > 0, bound, np.inf)
        return np.asarray(np.where(ks <= 0, 0.0, bound), dtype=np.float64)

    def first_shares(self) -> tuple[tuple[Line, Source, float], ...]:
        """Each line's source and part of the first quantity at central inputs.

        The start over the stocks that is fastest at central inputs (as
        :meth:`evaluate` chooses per sample), then its first stock that makes a whole
        quantity at its recorded mass, split between the lines as
        :meth:`evaluate_samples` splits it; ``()`` when the first quantity is stock
        already at the quantity's assay.
        """
        if self.direct > 0:
            return ()
        setup = self.assumptions.setup_days.central
        one = np.ones(1)
        rows = np.full((self.n_steps_any, 1), setup)
        speeds = [one for _ in self.lines]
        starts = [
            float(
                self.evaluate_samples({}, speeds, rows, np.zeros(1), 1, np.zeros(0), start=k)[0][
                    0, 0
                ]
            )
            for k in range(len(self.stocks))
        ]
        fastest = min(range(len(starts)), key=lambda k: (starts[k], k))
        for stock in self.stocks[fastest:]:
            parts = []
            mass = np.full(1, np.inf)
            for n, line in enumerate(self.lines):
                i = self._index[n].get(stock)
                if i is None:
                    continue
                recorded = line.plan.recorded_mass(i)
                if recorded is not None:
                    mass = np.full(1, recorded)
                parts.append([(line, source) for source in line.plan.candidates_of(i)])
            # Of each line's candidate plans, those the mass feeds; the pair (or the one
            # line) that makes the quantity first, as the evaluation takes it.
            fits = [
                [p for p in options if p[1].passes[0].feed_kg_u <= mass[0] * (1 + 1e-9)]
                for options in parts
            ]
            fits = [options for options in fits if options]
            if not fits:
                continue
            if len(fits) == 1:
                line, source = min(
                    fits[0],
                    key=lambda p: setup * len(p[1].passes) + p[0].plan.processing_days(p[1]),
                )
                return ((line, source, 1.0),)
            found: tuple[float, float, tuple[Line, Source], tuple[Line, Source]] | None = None
            for a in fits[0]:
                for b in fits[1]:
                    figs = [
                        (
                            one * p[1].passes[0].feed_kg_u,
                            one * setup * len(p[1].passes),
                            one * p[0].plan.processing_days(p[1]),
                        )
                        for p in (a, b)
                    ]
                    swap = figs[0][0][0] > figs[1][0][0]
                    thrifty, other = (figs[1], figs[0]) if swap else (figs[0], figs[1])
                    took, part = split_quantities(one, mass, thrifty, other, np.ones(1, dtype=bool))
                    share = float(part[0])
                    first_share = share if swap else 1.0 - share
                    if found is None or float(took[0]) < found[0] * (1 - 1e-12):
                        found = (float(took[0]), first_share, a, b)
            assert found is not None
            _, first_share, a, b = found
            shares = ((a, first_share), (b, 1.0 - first_share))
            # A line that would make under 0.1 % of the quantity (finishing its set-up
            # as the other finishes) is left out of the table.
            kept = [(p, s) for p, s in shares if s >= 1e-3]
            total = math.fsum(s for _, s in kept)
            return tuple((p[0], p[1], s / total) for p, s in kept)
        return ()


class EnsembleInputs(Protocol):
    """What the ensemble's per-sample inputs offer (``ensemble.SampleInputs``)."""

    @property
    def sources(self) -> tuple[str, ...]: ...  # noqa: D102

    @property
    def masses(self) -> FloatArray: ...  # noqa: D102

    @property
    def nominal_swu_per_year(self) -> FloatArray: ...  # noqa: D102

    @property
    def setup_days(self) -> FloatArray: ...  # noqa: D102

    @property
    def reconfiguration_days(self) -> FloatArray: ...  # noqa: D102

    @property
    def holdup_loss(self) -> FloatArray: ...  # noqa: D102

    @property
    def line_models(self) -> tuple[tuple[str, ...], ...]: ...  # noqa: D102

    @property
    def line_swu_per_year(self) -> FloatArray | None: ...  # noqa: D102


class StageCascadeStructure:
    """``stage-cascade`` as a structure of the ensemble's registry.

    Built once per estimate from the stocks, the quantity, the assumptions and the
    machines by model (the lines group the machines into cascades); :meth:`evaluate`
    maps the ensemble's per-sample inputs to days and quantities held. The stocks are
    merged by assay as the ensemble merges its sources, so every stock's sampled mass
    reaches the plan. Each line's capacity enters as its models' sampled nominal
    capacity (share available included) over its central one; the first pass a line
    runs costs the sampled set-up and every later pass the sampled re-piping; the
    cascade effectiveness is not applied (the stage balance computes the cascades' own
    losses).

    When the stocks allowed cannot make one quantity through the cascades (no natural
    uranium, and stocks the cascades' high tails waste), the structure has no answer:
    its days are infinite and it holds nothing (:attr:`infeasible` says why).
    """

    def __init__(
        self,
        stocks: Sequence[Stock],
        quantity: Quantity,
        assumptions: Assumptions,
        machines: Mapping[str, tuple[int, Distribution]],
    ) -> None:
        from lockstep.physics.breakout.inputs import MAX_QUANTITIES
        from lockstep.physics.breakout.plan import merge_stocks

        self.plan: CascadeLines | None = None
        self.infeasible = ""
        try:
            self.plan = CascadeLines(
                machines,
                merge_stocks(stocks),
                quantity,
                assumptions,
                n_min=1,
                n_cap=MAX_QUANTITIES,
                horizon_days=0.0,
                every_stock=True,
            )
        except InfeasibleError as exc:
            if not any(n > 0 for n, _ in machines.values()):
                raise
            self.infeasible = str(exc)

    @property
    def notes(self) -> tuple[str, ...]:
        """What the structure assumed or left out, in words."""
        if self.plan is None:
            return (
                "stage-cascade: the stocks allowed cannot make one quantity through the "
                "cascades, so its samples have no answer (infinite days)",
            )
        return (
            f"stage-cascade: {cascades_in_words(self.plan)}; cascade losses come from the "
            "stage balance, so effectiveness is not applied to it",
            *(f"stage-cascade: {note}" for note in self.plan.unused),
        )

    def evaluate(
        self, inputs: EnsembleInputs, n_report: int, horizons: FloatArray, counts: bool
    ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """Days to quantities 1 ... ``n_report`` and quantities held at each horizon."""
        from lockstep.physics.breakout.inputs import MAX_QUANTITIES

        samples = inputs.setup_days.shape[0]
        rows = horizons.shape[0] if counts else 0
        if self.plan is None:
            return np.full((n_report, samples), np.inf), np.zeros((rows, samples), np.int64)
        masses = {label: inputs.masses[i] for i, label in enumerate(inputs.sources)}
        plan = self.plan
        speeds = [
            _sampled_line_capacity(plan, n, inputs) / line.plan.central_nominal_swu_per_year
            for n, line in enumerate(plan.lines)
        ]

        # Like the step ladder: each sample takes the fastest of the plans that start
        # the stocks' order at each stock (a stock that is slower through the cascades
        # than the next one, e.g. too little to run at low tails, is left aside), so
        # that more stock never costs time.
        def from_stock(
            start: int, index: npt.NDArray[np.intp] | None = None
        ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
            def part(values: FloatArray) -> FloatArray:
                return values if index is None else values[index]

            size = samples if index is None else index.shape[0]

            return plan.evaluate_samples(
                {label: part(values) for label, values in masses.items()},
                [part(speed) for speed in speeds],
                np.broadcast_to(part(inputs.reconfiguration_days), (plan.n_steps_any, size)),
                part(inputs.holdup_loss),
                n_report,
                horizons[:rows],
                first_setup=part(inputs.setup_days),
                start=start,
                leaner=True,
            )

        days, held = from_stock(0)
        keep = 1.0 - np.asarray(inputs.holdup_loss, dtype=np.float64)
        wanted = np.arange(1, n_report + 1, dtype=np.float64)[:, None]
        for start in range(1, len(plan.stocks)):
            # Only the samples this start could make faster, or hold more by a horizon.
            least = plan.least_days(start, speeds, keep, inputs.setup_days, wanted)
            need = (least < days).any(axis=0)
            if rows:
                more = plan.least_days(
                    start, speeds, keep, inputs.setup_days, np.asarray(held + 1.0, dtype=np.float64)
                )
                need |= (more <= horizons[:rows, None] * (1 + 1e-9) + 1e-9).any(axis=0)
            (index,) = np.nonzero(need)
            if index.shape[0] == 0:
                continue
            other_days, other_held = from_stock(start, index)
            days[:, index] = np.minimum(days[:, index], other_days)
            if rows:
                held[:, index] = np.maximum(held[:, index], other_held)
        return days, np.minimum(held, MAX_QUANTITIES)


def _sampled_line_capacity(lines: CascadeLines, n: int, inputs: EnsembleInputs) -> FloatArray:
    """Line ``n``'s models' sampled capacity [kg-SWU/yr] (all of it with one line)."""
    if len(lines.lines) == 1:
        return inputs.nominal_swu_per_year
    by_line = inputs.line_swu_per_year
    model = lines.lines[n].models[0]
    row = next((r for r, models in enumerate(inputs.line_models) if model in models), None)
    if by_line is None or row is None:
        raise ValueError("several lines need each layout's sampled capacity")
    return np.asarray(by_line[row], dtype=np.float64)


def cascades_in_words(lines: CascadeLines) -> str:
    """The cascades of each line, e.g. ``machines grouped into cascades (...)``."""
    parts = []
    for line in lines.lines:
        groups = ", ".join(
            f"{g.cascades:.3g} x {g.design.machines} {g.design.model} ({g.design.name})"
            for g in line.plan.working
        )
        parts.append(groups if len(lines.lines) == 1 else f"{line.name}: {groups}")
    text = f"machines grouped into cascades ({'; '.join(parts)})"
    if len(lines.lines) > 1:
        text += (
            "; each layout runs as its own line and the lines share the quantities, "
            "their products blended at the end"
        )
    return text
