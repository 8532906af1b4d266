"""Records of a plan: scheduled items, gates, metrics and the plan itself (frozen).

The JSON form of a :class:`Plan` (``Plan.to_json``) is a public contract documented in
``docs/roadmap.md``: keys are only ever added, never renamed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from lockstep.roadmap.problem import Problem

#: Breakout thresholds reported as "first day with B >= b" [days].
THRESHOLDS_DAYS: tuple[int, ...] = (30, 180, 365)
#: Strategy codes, in the order ``--compare`` shows them.
STRATEGIES: tuple[str, ...] = (
    "iran-first",
    "us-first",
    "sync",
    "optimized",
    "step-by-step",
    "less-for-less",
)
Point = Literal["start", "end", "verified"]


@dataclass(frozen=True)
class ScheduledItem:
    """One task on the calendar.

    Attributes
    ----------
    id
        Task id (``"U3"`` or ``"U3#2/3"``).
    measure
        Measure id.
    party
        Party that owes it.
    side
        ``nuclear`` or ``relief``.
    start, end, verified
        Start day, completion day (``start + duration``) and verification day [day].
    """

    id: str
    measure: str
    party: str
    side: str
    start: int
    end: int
    verified: int


@dataclass(frozen=True)
class Schedule:
    """Scheduled items, in catalogue order."""

    items: tuple[ScheduledItem, ...]

    def item(self, task_id: str) -> ScheduledItem:
        """The item with task id ``task_id``."""
        for it in self.items:
            if it.id == task_id:
                return it
        raise KeyError(task_id)

    def of_measure(self, measure_id: str) -> tuple[ScheduledItem, ...]:
        """Items (tranches) of one measure."""
        return tuple(it for it in self.items if it.measure == measure_id)


@dataclass(frozen=True)
class Gate:
    """A lower bound between two time points: ``target.point >= source.point + lag``.

    Attributes
    ----------
    source, target
        Task ids.
    source_point
        ``end`` or ``verified`` of the source.
    target_point
        ``start``, ``end`` or ``verified`` of the target.
    lag
        Days added [days].
    kind
        ``prerequisite``, ``baseline`` or ``strategy`` (why the gate exists).
    """

    source: str
    source_point: Point
    target: str
    target_point: Point
    lag: int = 0
    kind: str = "strategy"


@dataclass(frozen=True)
class LensExposure:
    """Exposure under one lens.

    Attributes
    ----------
    iran, us
        Peak positive and negative gap, E_IR and E_US [points].
    gap_area
        Sum over days of the absolute gap [points x days].
    """

    iran: int
    us: int
    gap_area: int


@dataclass(frozen=True)
class Metrics:
    """Everything the evaluator measures on a schedule (model.md sections 5 and 7).

    Attributes
    ----------
    lens
        Lens of ``exposure_*`` and ``gap_area``.
    horizon_days
        H; daily series cover t = 0..H.
    t_full_days
        Last verification of any measure, if the plan completes every measure.
    iran_done_day
        First day all Iranian measures of the catalogue are complete, if they are.
    last_nuclear_end_day
        Completion day of the last Iranian measure scheduled (also for partial plans).
    exposure_iran, exposure_us
        E_IR = max_t max(G, 0), E_US = max_t max(-G, 0) over t = 0..H [points].
    gap_area
        Sum over t = 0..H of |G(t)| [points x days].
    by_lens
        The three exposure figures under every lens.
    first_day_breakout_at_least
        First day with B(t) >= b for b in 30, 180, 365 (None: not within the horizon).
    deficit
        D = sum over t = 0..H of max(0, B* - B(t)) [day x days].
    breakout_start_days, breakout_end_days
        B(0) and B(H) [days].
    breakout_recon_end_days
        Restorable breakout B_recon(H) [days] (stored machines reinstalled).
    breakout_recon_at_full_days
        B_recon at T_full (or H) [days].
    days_baseline_verified
        Days in 0..H with the IAEA baseline established.
    funds_released_usd_bn
        Funds released by H [US$ bn].
    end_state_violations
        Target limits not met at H (empty when the end state is compliant).
    relief_in_effect
        Relief instruments in effect at H.
    monitoring_end
        Monitoring regime at H.
    """

    lens: str
    horizon_days: int
    t_full_days: int | None
    iran_done_day: int | None
    last_nuclear_end_day: int | None
    exposure_iran: int
    exposure_us: int
    gap_area: int
    by_lens: Mapping[str, LensExposure]
    first_day_breakout_at_least: Mapping[int, int | None]
    deficit: float
    breakout_start_days: float
    breakout_end_days: float
    breakout_recon_end_days: float
    breakout_recon_at_full_days: float
    days_baseline_verified: int
    funds_released_usd_bn: float
    end_state_violations: tuple[str, ...]
    relief_in_effect: tuple[str, ...] = ()
    monitoring_end: str = ""


@dataclass(frozen=True)
class SolverInfo:
    """What CP-SAT reported.

    Attributes
    ----------
    status
        ``OPTIMAL``, ``FEASIBLE``, ``INFEASIBLE``, ``UNKNOWN`` or ``SKIPPED`` (a closed-form
        check proved infeasibility first).
    objective, bound
        Best T_full found and its proven lower bound [days].
    gap
        Relative optimality gap [unitless] (0 when proven optimal).
    wall_s
        Solver wall time [s].
    """

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    wall_s: float


@dataclass(frozen=True)
class Plan:
    """A strategy's schedule on a problem, with its metrics.

    Attributes
    ----------
    strategy
        Strategy code (see :data:`STRATEGIES`).
    problem
        The problem it was built for.
    feasible
        Whether the strategy produced a schedule meeting every constraint it claims.
    reason
        Why not (or caveats, e.g. "full compliance is not a goal of less-for-less").
    schedule
        The schedule (None when infeasible).
    metrics
        The evaluator's metrics (None when infeasible).
    gates
        Every lower bound the schedule was built from (prerequisites, baseline, strategy
        rules); ``validate`` checks each.
    measures
        Measures the strategy includes (all but for less-for-less).
    tau, sigma_us, sigma_iran
        Reciprocity bound (on Iran's exposure) and verification slacks enforced
        (optimized only) [points].
    solver
        CP-SAT report (optimized only).
    notes
        Caveats.
    tau_us
        Bound on the US exposure when it differs from ``tau`` [points].
    """

    strategy: str
    problem: Problem
    feasible: bool
    reason: str
    schedule: Schedule | None
    metrics: Metrics | None
    gates: tuple[Gate, ...] = ()
    measures: tuple[str, ...] = ()
    tau: int | None = None
    sigma_us: int | None = None
    sigma_iran: int | None = None
    solver: SolverInfo | None = None
    tau_us: int | None = None
    notes: tuple[str, ...] = field(default=())

    def critical_chain(self) -> tuple[str, ...]:
        """Measures whose times set T_full, first to last (empty without a schedule).

        Walks back from the last verification along the bound that holds with equality
        at each step (a gate, the task's own duration and lag, or its release day).
        """
        if self.schedule is None or not self.schedule.items:
            return ()
        release = {m.id: m.release_day for m in self.problem.measures}
        return critical_chain(self.schedule, self.gates, release)

    @property
    def bounds_enforced(self) -> bool:
        """Whether the plan claims C3 and C4 (the optimized strategy)."""
        return self.tau is not None

    def to_json(self) -> dict[str, Any]:
        """The plan as the documented JSON object (see ``docs/roadmap.md``)."""
        m = self.metrics
        day0 = self.problem.day0

        def date(day: int) -> str | None:
            return (day0 + dt.timedelta(days=day)).isoformat() if day0 is not None else None

        schedule = []
        if self.schedule is not None:
            for it in self.schedule.items:
                row: dict[str, Any] = {
                    "id": it.id,
                    "party": it.party,
                    "start": it.start,
                    "end": it.end,
                    "verified": it.verified,
                    "measure": it.measure,
                    "side": it.side,
                }
                if day0 is not None:
                    row["start_date"] = date(it.start)
                    row["end_date"] = date(it.end)
                    row["verified_date"] = date(it.verified)
                spec = self.problem.measure(it.measure).spec
                row["text"] = spec.title
                row["closes"] = list(spec.obligations_closed)
                row["because"] = spec.because or None
                schedule.append(row)
        out: dict[str, Any] = {
            "strategy": self.strategy,
            "feasible": self.feasible,
            "reason": self.reason,
            "t_full_days": m.t_full_days if m else None,
            "iran_done_day": m.iran_done_day if m else None,
            "exposure": {"iran": m.exposure_iran, "us": m.exposure_us} if m else None,
            "gap_area": m.gap_area if m else None,
            "first_day_breakout_at_least": (
                {str(b): m.first_day_breakout_at_least[b] for b in THRESHOLDS_DAYS} if m else None
            ),
            "deficit": _num(m.deficit) if m else None,
            "breakout_end_days": _num(m.breakout_end_days) if m else None,
            "schedule": schedule,
            # Extensions (documented; never renamed).
            "lens": self.problem.lens,
            "horizon_days": self.problem.horizon_days,
            "day0": day0.isoformat() if day0 is not None else None,
            "catalogue": self.problem.catalogue.spec.id,
            "target": self.problem.target.id,
            "tau": self.tau,
            "tau_us": self.tau_us if self.tau_us is not None else self.tau,
            "sigma": {"us": self.sigma_us, "iran": self.sigma_iran},
            "tranches": self.problem.tranches,
            "measures": list(self.measures),
            "exposure_by_lens": (
                {
                    lens: {"iran": e.iran, "us": e.us, "gap_area": e.gap_area}
                    for lens, e in m.by_lens.items()
                }
                if m
                else None
            ),
            "last_nuclear_end_day": m.last_nuclear_end_day if m else None,
            "breakout_start_days": _num(m.breakout_start_days) if m else None,
            "breakout_recon_end_days": _num(m.breakout_recon_end_days) if m else None,
            "breakout_recon_at_full_days": _num(m.breakout_recon_at_full_days) if m else None,
            "days_baseline_verified": m.days_baseline_verified if m else None,
            "funds_released_usd_bn": m.funds_released_usd_bn if m else None,
            "end_state_violations": list(m.end_state_violations) if m else None,
            "relief_in_effect": list(m.relief_in_effect) if m else None,
            "monitoring_end": m.monitoring_end if m else None,
            "solver": (
                {
                    "status": self.solver.status,
                    "objective": self.solver.objective,
                    "bound": self.solver.bound,
                    "gap": self.solver.gap,
                    "wall_s": round(self.solver.wall_s, 3),
                }
                if self.solver
                else None
            ),
            "notes": list(self.notes),
            "critical_chain": list(self.critical_chain()),
            "solver_status": self.solver.status if self.solver else None,
        }
        return out


def _point(item: ScheduledItem, point: str) -> int:
    return {"start": item.start, "end": item.end, "verified": item.verified}[point]


def critical_chain(
    schedule: Schedule,
    gates: tuple[Gate, ...] | list[Gate],
    release: Mapping[str, int] | None = None,
) -> tuple[str, ...]:
    """Measure ids on the chain of tight bounds ending at the last verification.

    The walk ends at a start no gate holds (a release day or day 0). In the optimized
    plan a start no gate holds was chosen by the solver to keep the balance; the walk
    then continues at the other side's step verified that day.

    Parameters
    ----------
    release
        Release day of each measure [day] (0 when absent).
    schedule
        The schedule.
    gates
        The lower bounds it was built from.
    """
    released = release or {}
    items = {it.id: it for it in schedule.items}
    incoming: dict[str, list[Gate]] = {}
    for g in gates:
        incoming.setdefault(g.target, []).append(g)
    last = max(schedule.items, key=lambda it: (it.verified, it.end, it.id))
    chain = [last.measure]
    cur, point = last, "verified"
    for _ in range(4 * len(items) + 4):
        nxt: tuple[ScheduledItem, str] | None = None
        dur = cur.end - cur.start
        for g in incoming.get(cur.id, ()):
            src = items.get(g.source)
            if src is None:
                continue
            bound = _point(src, g.source_point) + g.lag
            # A gate on the end holds the start at bound - duration (end = start + d).
            held = {"verified": cur.verified, "start": cur.start, "end": cur.start + dur}
            binds = g.target_point == point or (point == "start" and g.target_point == "end")
            if binds and bound == held[g.target_point]:
                nxt = (src, g.source_point)
                break
        if nxt is None and point == "verified":
            point = "start"
            continue
        if nxt is None and cur.start > released.get(cur.measure, 0):
            # No gate holds this start (the optimized plan): the solver placed it to keep
            # the balance, so the step the other side verified that day is what it waits for.
            waited = [
                it
                for it in schedule.items
                if it.side != cur.side and it.verified in (cur.start, cur.end)
            ]
            if waited:
                nxt = (max(waited, key=lambda it: (it.end, it.id)), "verified")
        if nxt is None:
            break
        cur, point = nxt
        if point == "end":
            point = "start"
        if cur.measure != chain[-1]:
            chain.append(cur.measure)
    return tuple(reversed(list(dict.fromkeys(chain))))


def _num(x: float) -> float | None:
    return None if not math.isfinite(x) else round(x, 4)
