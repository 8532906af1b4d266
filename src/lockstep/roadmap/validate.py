"""A solver-free check of every constraint a plan claims: the executable specification.

``validate(plan)`` recomputes everything from the catalogue and the schedule alone and
returns the violations (empty for a valid plan). It checks, for every plan:

* coverage: each included measure is scheduled once, whole or in an allowed number of
  tranches with the right ids and values; complete strategies include every measure;
* C1 durations (``end - start`` equals the resolved duration) and release days;
* verification: ``verified = max(end + lag, baseline verification)`` (C8);
* C2 prerequisites with their relation and lag, and sequential tranches;
* deadlines, and for a feasible complete plan the horizon (C10);
* every gate the strategy declared (escrow, iran-first, step-by-step, ...);
* for the optimized strategy, C3(a), C3(b) and C4 at every day;
* the plan's headline metrics against the schedule (T_full, Iran done).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from lockstep.roadmap.catalogue import LENSES
from lockstep.roadmap.plan import Plan, ScheduledItem
from lockstep.roadmap.problem import Task


@dataclass(frozen=True)
class Violation:
    """One broken constraint.

    Attributes
    ----------
    code
        Constraint family (``coverage``, ``duration``, ``release``, ``verification``,
        ``precedence``, ``deadline``, ``horizon``, ``gate``, ``C3a``, ``C3b``, ``C4``,
        ``metrics``).
    task
        Task id concerned, if any.
    message
        What is wrong.
    """

    code: str
    task: str | None
    message: str

    def __str__(self) -> str:
        where = f" {self.task}" if self.task else ""
        return f"[{self.code}]{where}: {self.message}"


def _point(it: ScheduledItem, point: str) -> int:
    return {"start": it.start, "end": it.end, "verified": it.verified}[point]


def _level_violations(
    code: str,
    events: Sequence[tuple[int, int]],
    low: int,
    high: int,
) -> list[Violation]:
    """Check that the running sum of (time, change) events stays in [low, high] per day."""
    out: list[Violation] = []
    by_time: dict[int, int] = {}
    for t, c in events:
        by_time[t] = by_time.get(t, 0) + c
    level = 0
    for t in sorted(by_time):
        level += by_time[t]
        if not low <= level <= high:
            out.append(Violation(code, None, f"level {level} on day {t} outside [{low}, {high}]"))
    return out


def validate(plan: Plan) -> tuple[Violation, ...]:
    """All constraint violations of ``plan`` (empty when it is valid).

    An infeasible plan without a schedule is valid when it gives a reason.
    """
    problem = plan.problem
    out: list[Violation] = []
    if plan.schedule is None:
        if plan.feasible:
            out.append(Violation("coverage", None, "a feasible plan needs a schedule"))
        if not plan.reason:
            out.append(Violation("coverage", None, "an infeasible plan needs a reason"))
        return tuple(out)
    items = plan.schedule.items
    by_id = {it.id: it for it in items}
    if len(by_id) != len(items):
        out.append(Violation("coverage", None, "duplicate task ids"))
    included = set(plan.measures) or {m.id for m in problem.measures}
    complete = included == set(problem.measure_ids)

    # Coverage and task definitions.
    tasks: dict[str, Task] = {}
    for meas in problem.measures:
        mine = [it for it in items if it.measure == meas.id]
        if meas.id not in included:
            if mine:
                out.append(Violation("coverage", meas.id, "scheduled but not in the plan"))
            continue
        count = len(mine)
        if count == 0:
            out.append(Violation("coverage", meas.id, "not scheduled"))
            continue
        if count not in meas.tranche_options:
            out.append(Violation("coverage", meas.id, f"{count} tranches not allowed"))
            continue
        expected = {t.id: t for t in meas.tasks(count)}
        if set(expected) != {it.id for it in mine}:
            out.append(Violation("coverage", meas.id, "tranche ids do not match"))
            continue
        tasks.update(expected)
        for it in mine:
            if it.party != meas.party or it.side != meas.side:
                out.append(Violation("coverage", it.id, "party or side differs from catalogue"))
    for it in items:
        if it.measure not in problem.measure_ids:
            out.append(Violation("coverage", it.id, "unknown measure"))
    if out:
        return tuple(out)
    if complete:
        for lens in LENSES:
            for side in ("nuclear", "relief"):
                total = sum(t.value(lens) for t in tasks.values() if t.side == side)
                if total != 100:
                    out.append(
                        Violation("coverage", None, f"{side} values sum to {total} ({lens})")
                    )

    # Durations, release, deadlines, verification (C1, C5, C8).
    base = problem.baseline_id
    base_items = [it for it in items if it.measure == base] if base else []
    base_ver = max((it.verified for it in base_items), default=None)
    for it in items:
        t = tasks[it.id]
        if it.end - it.start != t.duration_days:
            out.append(
                Violation(
                    "duration", it.id, f"lasts {it.end - it.start} days, expected {t.duration_days}"
                )
            )
        if it.start < t.release_day:
            out.append(
                Violation("release", it.id, f"starts on day {it.start} before day {t.release_day}")
            )
        if t.deadline_day is not None and it.end > t.deadline_day:
            out.append(Violation("deadline", it.id, f"ends after day {t.deadline_day}"))
        expected_ver = it.end + t.lag_days
        if base_ver is not None and it.side == "nuclear" and it.measure != base:
            expected_ver = max(expected_ver, base_ver)
        if it.verified != expected_ver:
            out.append(
                Violation(
                    "verification", it.id, f"verified on day {it.verified}, expected {expected_ver}"
                )
            )

    # Prerequisites (C2) and sequential tranches.
    for meas in problem.measures:
        if meas.id not in included:
            continue
        mine = [it for it in items if it.measure == meas.id]
        for pre in meas.prerequisites:
            sources = [it for it in items if it.measure == pre.measure]
            if pre.measure not in included:
                out.append(Violation("precedence", meas.id, f"prerequisite {pre.measure} missing"))
                continue
            for it in mine:
                for src in sources:
                    if pre.relation == "end_start":
                        ok, what = it.start >= src.end + pre.lag_days, "start after end of"
                    elif pre.relation == "verified_start":
                        ok, what = (
                            it.start >= src.verified + pre.lag_days,
                            "start after verification of",
                        )
                    else:
                        ok, what = it.end >= src.end + pre.lag_days, "end after end of"
                    if not ok:
                        out.append(
                            Violation(
                                "precedence", it.id, f"must {what} {src.id} (+{pre.lag_days} days)"
                            )
                        )
        div = meas.spec.divisible
        if div is not None and div.sequential and len(mine) > 1:
            ordered = sorted(mine, key=lambda it: tasks[it.id].tranche)
            for a, b in itertools.pairwise(ordered):
                if b.start < a.end:
                    out.append(
                        Violation("precedence", b.id, f"sequential tranche before {a.id} ends")
                    )

    # Horizon (C10).
    if plan.feasible and complete:
        for it in items:
            if it.verified > problem.horizon_days:
                out.append(
                    Violation("horizon", it.id, f"verified after the horizon ({it.verified})")
                )

    # Declared gates.
    for g in plan.gates:
        if g.source not in by_id or g.target not in by_id:
            out.append(Violation("gate", g.target, f"gate refers to an unscheduled task {g}"))
            continue
        lhs = _point(by_id[g.target], g.target_point)
        rhs = _point(by_id[g.source], g.source_point) + g.lag
        if lhs < rhs:
            out.append(
                Violation(
                    "gate",
                    g.target,
                    f"{g.kind} gate: {g.target_point} {lhs} < {g.source}.{g.source_point} + "
                    f"{g.lag} = {rhs}",
                )
            )

    # Reciprocity bounds (C3, C4) for the optimized strategy.
    if plan.bounds_enforced:
        lens = problem.lens
        tau = plan.tau if plan.tau is not None else 100
        sign = {"nuclear": 1, "relief": -1}
        c4 = [(it.end, sign[it.side] * tasks[it.id].value(lens)) for it in items]
        tau_us = plan.tau_us if plan.tau_us is not None else tau
        out += _level_violations("C4", c4, -tau_us, tau)
        if plan.sigma_us is not None:
            c3a = [
                (
                    it.verified if it.side == "nuclear" else it.end,
                    sign[it.side] * tasks[it.id].value(lens),
                )
                for it in items
            ]
            out += _level_violations("C3a", c3a, -plan.sigma_us, 10**6)
        if plan.sigma_iran is not None:
            c3b = [
                (
                    it.verified if it.side == "relief" else it.end,
                    -sign[it.side] * tasks[it.id].value(lens),
                )
                for it in items
            ]
            out += _level_violations("C3b", c3b, -plan.sigma_iran, 10**6)

    # Headline metrics against the schedule.
    m = plan.metrics
    if m is not None:
        t_full = max(it.verified for it in items) if complete else None
        if m.t_full_days != t_full:
            out.append(Violation("metrics", None, f"t_full {m.t_full_days} != {t_full}"))
        nuclear_all = {x.id for x in problem.measures if x.side == "nuclear"} <= included
        done = max((it.end for it in items if it.side == "nuclear"), default=None)
        if nuclear_all and m.iran_done_day != done:
            out.append(Violation("metrics", None, f"iran_done {m.iran_done_day} != {done}"))
    return tuple(out)
