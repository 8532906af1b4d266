"""The evaluator: a day-step simulation of a schedule, the only place metrics are computed.

Time conventions (model.md section 8.1, exact):

* a task occupies days ``[start, start + d)``, completes at ``end = start + d`` and is
  verified at ``verified``; progress counts at every integer ``t >= end`` (verified
  progress at ``t >= verified``);
* every state effect applies in full at ``end`` (the IAEA baseline at ``verified``);
* production adds ``g`` kg U per day for each day ``d < halt`` (the state at day t
  includes the production of days ``0..t-1``);
* daily series and every sum run over integer ``t = 0..H`` inclusive.

Breakout B(t) is the ranking device of model.md section 3, computed with the greedy
single-step kernel of :mod:`lockstep.physics.breakout`: stocks from the highest assay
down, natural uranium unlimited, ``B = setup + SWU / (C / year)`` with C the capacity
of enriching machines. The restorable breakout adds every stored or idle machine after
the reinstall time r: ``B_recon = min(B, r + SWU / (C_all / year))``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from lockstep.physics.breakout import greedy_single_step_plan
from lockstep.roadmap.catalogue import (
    LENSES,
    MONITORING_ORDER,
    Baseline,
    BreakoutSpec,
    Downblend,
    Export,
    HaltProduction,
    Machines,
    Relief,
    SetMonitoring,
)
from lockstep.roadmap.material import downblend
from lockstep.roadmap.plan import THRESHOLDS_DAYS, LensExposure, Metrics, Schedule
from lockstep.roadmap.problem import Problem, ResolvedMeasure, _resolve_effect_amount
from lockstep.roadmap.state import InitialState
from lockstep.roadmap.target import TargetRegime, monitoring_at_least

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_MASS_TOL = 1e-6


# --------------------------------------------------------------------------- state


class ProgramModel:
    """The mutable program state the evaluator steps forward.

    Attributes
    ----------
    stocks
        Mass per assay [kg U].
    machines
        Count per ``(site, model, status)``.
    swu
        Capacity per machine per ``(site, model)`` [kg-SWU/yr].
    production
        Daily production per assay [kg U/day] (0 once halted).
    monitoring, baseline
        Monitoring regime and whether the IAEA baseline is established.
    exported_kg_u, blendstock_kg_u
        Material shipped out and blendstock consumed so far [kg U].
    funds_usd_bn
        Funds released [US$ bn].
    relief
        Relief instruments in effect.
    """

    def __init__(self, initial: InitialState) -> None:
        self.stocks: dict[float, float] = dict(initial.stocks)
        self.machines: dict[tuple[str, str, str], int] = {}
        self.swu: dict[tuple[str, str], float] = {}
        for g in initial.machines:
            key = (g.site, g.model, g.status)
            self.machines[key] = self.machines.get(key, 0) + g.count
            self.swu[(g.site, g.model)] = g.swu_per_year
        self.production: dict[float, float] = dict(initial.production)
        self.monitoring = initial.monitoring
        self.baseline = initial.baseline_verified
        self.exported_kg_u = 0.0
        self.blendstock_kg_u = 0.0
        self.funds_usd_bn = 0.0
        self.relief: set[str] = set()
        self.version = 0

    # -- material
    def _key(self, assay: float) -> float:
        for a in self.stocks:
            if abs(a - assay) <= 1e-9:
                return a
        self.stocks[assay] = 0.0
        return assay

    def mass(self, assay: float) -> float:
        """Mass at ``assay`` [kg U]."""
        return self.stocks.get(self._key(assay), 0.0)

    def produce_one_day(self) -> bool:
        """Add one day of production; True if anything changed."""
        changed = False
        for assay, rate in self.production.items():
            if rate > 0:
                k = self._key(assay)
                self.stocks[k] += rate
                changed = True
        if changed:
            self.version += 1
        return changed

    def capacity(self, statuses: Sequence[str] = ("enriching",)) -> float:
        """Separative capacity of machines in ``statuses`` [kg-SWU/yr]."""
        return sum(
            n * self.swu[(site, model)]
            for (site, model, status), n in self.machines.items()
            if status in statuses and n > 0
        )

    def stock_pairs(self) -> tuple[tuple[float, float], ...]:
        """``(assay, mass)`` pairs with mass > 0, highest assay first."""
        return tuple(
            sorted(((a, m) for a, m in self.stocks.items() if m > _MASS_TOL), key=lambda p: -p[0])
        )

    # -- effects
    def apply(self, effect: Any, fraction: float, last: bool, initial_amount: float) -> None:
        """Apply one effect (a ``fraction`` of it for a tranche; ``last`` takes the rest)."""
        self.version += 1
        if isinstance(effect, HaltProduction):
            for assay in self.production:
                if assay > effect.above_assay + 1e-12:
                    self.production[assay] = 0.0
        elif isinstance(effect, Export):
            k = self._key(effect.assay)
            q = self._amount(
                self.stocks[k], effect.mass_kg_u, effect.keep_kg_u, fraction, last, initial_amount
            )
            self.stocks[k] -= q
            self.exported_kg_u += q
        elif isinstance(effect, Downblend):
            k = self._key(effect.from_assay)
            q = self._amount(
                self.stocks[k], effect.mass_kg_u, effect.keep_kg_u, fraction, last, initial_amount
            )
            result = downblend(q, effect.from_assay, effect.to_assay, effect.blendstock_assay)
            self.stocks[k] -= q
            self.stocks[self._key(effect.to_assay)] += result.product_kg_u
            self.blendstock_kg_u += result.blendstock_kg_u
        elif isinstance(effect, Machines):
            self._move_machines(effect, fraction, last, initial_amount)
        elif isinstance(effect, SetMonitoring):
            if MONITORING_ORDER.index(effect.level) > MONITORING_ORDER.index(self.monitoring):
                self.monitoring = effect.level
        elif isinstance(effect, Relief):
            self.relief.add(effect.instrument)
            self.funds_usd_bn += effect.funds_usd_bn * fraction
        elif isinstance(effect, Baseline):
            self.baseline = True

    @staticmethod
    def _amount(
        available: float,
        requested: float | str,
        keep: float,
        fraction: float,
        last: bool,
        initial_amount: float,
    ) -> float:
        room = max(0.0, available - keep)
        if requested == "all":
            return room if last else min(room, initial_amount * fraction)
        return min(room, float(requested) * fraction)

    def _move_machines(
        self, effect: Machines, fraction: float, last: bool, initial_amount: float
    ) -> None:
        sources: tuple[str, ...]
        if effect.type == "idle":
            sources, target = ("enriching",), "idle"
        elif effect.type == "store":
            sources, target = ("idle", "enriching"), "stored"
        else:
            sources, target = ("stored", "idle", "enriching"), "destroyed"
        groups = sorted(
            (key for key in self.machines if effect.model in ("*", key[1]) and key[2] in sources),
            key=lambda k: (sources.index(k[2]), k[0]),
        )
        groups = [k for k in groups if effect.site is None or k[0] == effect.site]
        available = sum(self.machines[k] for k in groups)
        room = max(0, available - effect.keep)
        if effect.count == "all":
            n = room if last else min(room, math.floor(initial_amount * fraction + 1e-9))
        else:
            n = min(
                room, effect.count if last and fraction == 1.0 else round(effect.count * fraction)
            )
        for key in groups:
            if n <= 0:
                break
            take = min(n, self.machines[key])
            self.machines[key] -= take
            dest = (key[0], key[1], target)
            self.machines[dest] = self.machines.get(dest, 0) + take
            n -= take


# --------------------------------------------------------------------------- breakout


class BreakoutCalculator:
    """B and B_recon of a state, with the SWU per stock composition cached."""

    def __init__(self, spec: BreakoutSpec) -> None:
        self.spec = spec
        self.product_kg_u = spec.u235_kg / spec.product_assay
        self._swu: dict[tuple[tuple[float, float], ...], float] = {}

    def swu(self, stocks: tuple[tuple[float, float], ...]) -> float:
        """Separative work for one quantity from these stocks [kg-SWU]."""
        key = tuple((round(a, 12), round(m, 9)) for a, m in stocks)
        if key not in self._swu:
            plan = greedy_single_step_plan(
                [(a, m) for a, m in stocks if a > self.spec.tails_assay],
                self.product_kg_u,
                self.spec.product_assay,
                self.spec.tails_assay,
                natural_assay=self.spec.natural_assay,
            )
            self._swu[key] = plan.swu
        return self._swu[key]

    def days(self, swu: float, capacity_swu_per_year: float) -> float:
        """Breakout [days] for ``swu`` at a capacity (inf without capacity)."""
        if capacity_swu_per_year <= 0:
            return math.inf
        return self.spec.setup_days + swu / (capacity_swu_per_year / self.spec.year_days)

    def of_state(self, model: ProgramModel, reinstall_days: float) -> tuple[float, float]:
        """``(B, B_recon)`` of the state [days]."""
        swu = self.swu(model.stock_pairs())
        b = self.days(swu, model.capacity(("enriching",)))
        c_all = model.capacity(("enriching", "idle", "stored"))
        recon = b if c_all <= 0 else min(b, reinstall_days + self.days(swu, c_all))
        return b, recon


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Trajectory:
    """Daily series over t = 0..H.

    Attributes
    ----------
    days
        0..H.
    breakout_days, breakout_recon_days
        B(t) and B_recon(t) [days].
    capacity_swu_per_year
        Enriching capacity [kg-SWU/yr].
    progress, verified_progress
        Per lens, per side: P(t) and P^ver(t) [points].
    gap
        Per lens: G(t) = P_nuclear - P_relief [points].
    stocks_kg_u
        Per assay, mass [kg U].
    baseline
        Whether the IAEA baseline is established on each day.
    funds_usd_bn
        Funds released [US$ bn].
    monitoring
        Monitoring regime on each day.
    """

    days: IntArray
    breakout_days: FloatArray
    breakout_recon_days: FloatArray
    capacity_swu_per_year: FloatArray
    progress: Mapping[str, Mapping[str, IntArray]]
    verified_progress: Mapping[str, Mapping[str, IntArray]]
    gap: Mapping[str, IntArray]
    stocks_kg_u: Mapping[float, FloatArray]
    baseline: npt.NDArray[np.bool_]
    funds_usd_bn: FloatArray
    monitoring: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evaluation:
    """Metrics and daily series of one schedule."""

    metrics: Metrics
    trajectory: Trajectory


def _step_counts(times: Sequence[int], values: Sequence[int], horizon: int) -> IntArray:
    """Sum of ``values`` whose time is <= t, for t = 0..H."""
    acc = np.zeros(horizon + 2, dtype=np.int64)
    for t, v in zip(times, values, strict=True):
        acc[min(max(t, 0), horizon + 1)] += v
    return np.cumsum(acc)[: horizon + 1]


def end_state_violations(model: ProgramModel, target: TargetRegime) -> tuple[str, ...]:
    """Limits of ``target`` the state does not meet (empty when compliant)."""
    lim = target.limits
    out: list[str] = []
    cap = lim.enrichment_cap_assay
    for assay, mass in sorted(model.stocks.items(), key=lambda p: -p[0]):
        if assay > cap + 1e-9 and mass > _MASS_TOL:
            out.append(f"{mass:,.1f} kg U at {assay * 100:.4g} % above the {cap * 100:.4g} % cap")
    low = sum(m for a, m in model.stocks.items() if a <= cap + 1e-9)
    if low > lim.stock_cap_kg_u + _MASS_TOL:
        out.append(
            f"{low:,.1f} kg U of enriched uranium up to {cap * 100:.4g} % "
            f"(cap {lim.stock_cap_kg_u:g} kg U)"
        )
    enriching: dict[tuple[str, str], int] = {}
    installed: dict[tuple[str, str], int] = {}
    for (site, model_name, status), n in model.machines.items():
        if n <= 0:
            continue
        if status == "enriching":
            enriching[(site, model_name)] = enriching.get((site, model_name), 0) + n
        if status in ("enriching", "idle"):
            installed[(site, model_name)] = installed.get((site, model_name), 0) + n
    for (site, model_name), n in sorted(enriching.items()):
        if site == lim.rd_site:
            allowed = lim.rd_caps.get(model_name, 0)
            if n > allowed:
                out.append(f"{n:,} {model_name} enriching at {site} (R&D allows {allowed})")
            continue
        if model_name not in lim.enriching_models and (
            not lim.models_at_sites or site in lim.models_at_sites
        ):
            out.append(
                f"{n:,} {model_name} enriching at {site} (only {', '.join(lim.enriching_models)})"
            )
        if site not in lim.enriching_sites:
            sites = ", ".join(lim.enriching_sites)
            out.append(f"{n:,} {model_name} enriching at {site} (enrichment only at {sites})")
    for capdef in lim.machine_caps:
        table = enriching if capdef.status == "enriching" else installed
        n = sum(
            count
            for (site, model_name), count in table.items()
            if site == capdef.site and capdef.model in ("*", model_name)
        )
        if n > capdef.max:
            what = "machines" if capdef.model == "*" else capdef.model
            out.append(f"{n:,} {what} {capdef.status} at {capdef.site} (cap {capdef.max:,})")
    if not monitoring_at_least(model.monitoring, lim.monitoring):
        out.append(f"monitoring '{model.monitoring}' (target '{lim.monitoring}')")
    if lim.baseline_verified and not model.baseline:
        out.append("IAEA baseline not re-established")
    return tuple(out)


def evaluate(problem: Problem, schedule: Schedule, *, complete: bool = True) -> Evaluation:
    """Simulate ``schedule`` day by day and measure it.

    Parameters
    ----------
    problem
        The problem the schedule belongs to.
    schedule
        Start, end and verification day of each task.
    complete
        Whether the schedule covers every measure (False for less-for-less, which then
        has no time to full compliance).

    Returns
    -------
    Evaluation
        Metrics and daily series over t = 0..H.
    """
    horizon = problem.horizon_days
    spec = problem.breakout
    by_measure: dict[str, ResolvedMeasure] = {m.id: m for m in problem.measures}
    items = schedule.items

    # State effects by day, in catalogue order within a day.
    order = {mid: i for i, mid in enumerate(problem.measure_ids)}
    events: dict[int, list[tuple[int, int, Any, float, bool, float]]] = {}
    done_count: dict[str, int] = {}
    initial_amounts: dict[tuple[str, int], float] = {}
    for m in problem.measures:
        for j, e in enumerate(m.spec.effects):
            initial_amounts[(m.id, j)] = _resolve_effect_amount(e, problem.initial)[1]
    for it in sorted(items, key=lambda it: (it.end, order[it.measure], it.id)):
        meas = by_measure[it.measure]
        n_tr = len(schedule.of_measure(it.measure))
        done_count[it.measure] = done_count.get(it.measure, 0) + 1
        last = done_count[it.measure] == n_tr
        for j, e in enumerate(meas.spec.effects):
            day = it.verified if isinstance(e, Baseline) else it.end
            if day > horizon:
                continue
            events.setdefault(day, []).append(
                (order[it.measure], j, e, 1.0 / n_tr, last, initial_amounts[(it.measure, j)])
            )

    state = ProgramModel(problem.initial)
    calc = BreakoutCalculator(spec)
    reinstall = problem.initial.reinstall_days
    assays = sorted({a for a, _ in problem.initial.stocks} | _effect_assays(problem), reverse=True)
    n = horizon + 1
    b = np.empty(n)
    b_recon = np.empty(n)
    cap = np.empty(n)
    base = np.zeros(n, dtype=bool)
    funds = np.zeros(n)
    monitoring: list[str] = []
    stocks = {a: np.zeros(n) for a in assays}
    last_version = -1
    cached = (math.inf, math.inf)
    for t in range(n):
        if t > 0:
            state.produce_one_day()
        for _, _, effect, fraction, last, amount in sorted(
            events.get(t, []), key=lambda ev: (ev[0], ev[1])
        ):
            state.apply(effect, fraction, last, amount)
        if state.version != last_version:
            cached = calc.of_state(state, reinstall)
            last_version = state.version
        b[t], b_recon[t] = cached
        cap[t] = state.capacity(("enriching",))
        base[t] = state.baseline
        funds[t] = state.funds_usd_bn
        monitoring.append(state.monitoring)
        for a in assays:
            stocks[a][t] = state.mass(a)

    # Progress, gap and exposure under every lens.
    progress: dict[str, dict[str, IntArray]] = {}
    verified: dict[str, dict[str, IntArray]] = {}
    gaps: dict[str, IntArray] = {}
    by_lens: dict[str, LensExposure] = {}
    for lens in LENSES:
        progress[lens], verified[lens] = {}, {}
        for side in ("nuclear", "relief"):
            sel = [it for it in items if it.side == side]
            vals = [_task_value(problem, schedule, it.id, lens) for it in sel]
            progress[lens][side] = _step_counts([it.end for it in sel], vals, horizon)
            verified[lens][side] = _step_counts([it.verified for it in sel], vals, horizon)
        g = progress[lens]["nuclear"] - progress[lens]["relief"]
        gaps[lens] = g
        by_lens[lens] = LensExposure(
            iran=int(max(0, g.max(initial=0))),
            us=int(max(0, (-g).max(initial=0))),
            gap_area=int(np.abs(g).sum()),
        )

    nuclear_ids = {m.id for m in problem.measures if m.side == "nuclear"}
    scheduled = {it.measure for it in items}
    nuclear_items = [it for it in items if it.side == "nuclear"]
    t_full = max((it.verified for it in items), default=None) if complete else None
    iran_done = (
        max((it.end for it in nuclear_items), default=None) if nuclear_ids <= scheduled else None
    )
    first_day: dict[int, int | None] = {}
    for thr in THRESHOLDS_DAYS:
        hit = np.flatnonzero(b >= thr)
        first_day[thr] = int(hit[0]) if hit.size else None
    deficit = float(np.maximum(0.0, spec.benchmark_days - b).sum())
    at_full = horizon if t_full is None else min(t_full, horizon)
    lens_now = by_lens[problem.lens]
    metrics = Metrics(
        lens=problem.lens,
        horizon_days=horizon,
        t_full_days=t_full,
        iran_done_day=iran_done,
        last_nuclear_end_day=max((it.end for it in nuclear_items), default=None),
        exposure_iran=lens_now.iran,
        exposure_us=lens_now.us,
        gap_area=lens_now.gap_area,
        by_lens=by_lens,
        first_day_breakout_at_least=first_day,
        deficit=deficit,
        breakout_start_days=float(b[0]),
        breakout_end_days=float(b[-1]),
        breakout_recon_end_days=float(b_recon[-1]),
        breakout_recon_at_full_days=float(b_recon[at_full]),
        days_baseline_verified=int(base.sum()),
        funds_released_usd_bn=float(funds[-1]),
        end_state_violations=end_state_violations(state, problem.target),
        relief_in_effect=tuple(sorted(state.relief)),
        monitoring_end=state.monitoring,
    )
    trajectory = Trajectory(
        days=np.arange(n, dtype=np.int64),
        breakout_days=b,
        breakout_recon_days=b_recon,
        capacity_swu_per_year=cap,
        progress=progress,
        verified_progress=verified,
        gap=gaps,
        stocks_kg_u=stocks,
        baseline=base,
        funds_usd_bn=funds,
        monitoring=tuple(monitoring),
    )
    return Evaluation(metrics, trajectory)


def _task_value(problem: Problem, schedule: Schedule, task_id: str, lens: str) -> int:
    it = schedule.item(task_id)
    count = len(schedule.of_measure(it.measure))
    tasks = (
        problem.measure(it.measure).tasks(count)
        if count > 1
        else problem.measure(it.measure).tasks(1)
    )
    for t in tasks:
        if t.id == task_id:
            return t.value(lens)
    raise KeyError(task_id)


def _effect_assays(problem: Problem) -> set[float]:
    out: set[float] = set()
    for m in problem.measures:
        for e in m.spec.effects:
            if isinstance(e, Export):
                out.add(e.assay)
            elif isinstance(e, Downblend):
                out.update((e.from_assay, e.to_assay))
    out.update(a for a, _ in problem.initial.production)
    return out
