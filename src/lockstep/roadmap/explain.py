"""Why a plan cannot exist: closed-form infeasibility proofs and the lower bound on T_full.

These checks need no solver (model.md section 8.4): a measure released too late to be
verified within the horizon, a chain of prerequisites longer than the horizon, and the
conditions an indivisible, verified measure puts on the verification slacks and the
balance bound. The longest chain also gives the lower bound the optimizer tries first.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

from lockstep.roadmap.problem import Problem, ResolvedMeasure
from lockstep.roadmap.strategies import catalogue_gates, earliest_schedule
from lockstep.roadmap.timing import GateCycleError

TRANCHE_MODELS: tuple[str, ...] = ("merge", "choice")


def tranche_counts(meas: ResolvedMeasure, tranche_model: str) -> tuple[int, ...]:
    """Tranche counts the model offers a measure.

    ``merge`` (default): the largest split only; independent tranches may complete on the
    same day, which delivers them as one larger step, so fewer, larger tranches are
    available too. ``choice``: one optional interval per tranche of every count, exactly
    one count chosen (slower; the count is explicit).
    """
    if tranche_model == "choice":
        return meas.tranche_options
    return (max(meas.tranche_options),)


def _largest_part(value: int, options: Sequence[int]) -> int:
    return min(math.ceil(value / n) for n in options)


def min_completion_days(meas: ResolvedMeasure, options: Sequence[int]) -> int:
    """Fewest days from a measure's first start to its last tranche's end [days]."""
    div = meas.spec.divisible
    best = []
    for n in options:
        durations = meas.tranche_durations(n)
        sequential = n > 1 and div is not None and div.sequential
        best.append(sum(durations) if sequential else max(durations))
    return min(best)


def closed_form_reasons(
    problem: Problem,
    tau_iran: int,
    tau_us: int,
    sigma_us: int | None,
    sigma_iran: int | None,
    tranche_model: str = "merge",
) -> list[str]:
    """Infeasibility proofs that need no solver (model.md section 8.4).

    * a measure released too late to be verified within the horizon;
    * a chain of prerequisites (and the baseline rule) longer than the horizon;
    * an indivisible measure of value v with a verification lag: an Iranian one needs
      ``sigma_us + min(sigma_iran, tau_iran) >= v``, a relief one
      ``sigma_iran + min(sigma_us, tau_us) >= v`` (at its completion the other side may
      not be more than sigma ahead of what is verified, and the step itself is not yet
      verified).

    Returns
    -------
    list of str
        One sentence per violated condition (empty: no closed-form proof).
    """
    reasons: list[str] = []
    h = problem.horizon_days
    lens = problem.lens
    for meas in problem.measures:
        d_min = min_completion_days(meas, tranche_counts(meas, tranche_model))
        if meas.release_day + d_min + meas.lag_days > h:
            reasons.append(
                f"{meas.id} cannot be verified within the horizon: released on day "
                f"{meas.release_day}, {d_min} days to complete and {meas.lag_days} to verify "
                f"> {h} days"
            )
    if not reasons:
        chain = _critical_chain(problem, tranche_model)
        if chain is not None and chain[0] > h:
            reasons.append(
                f"the chain {' -> '.join(chain[1])} is verified on day {chain[0]} at the "
                f"earliest, after the horizon of {h} days"
            )
    big = 10**6
    s_us = big if sigma_us is None else sigma_us
    s_ir = big if sigma_iran is None else sigma_iran
    if sigma_us is None and sigma_iran is None:
        return reasons
    for meas in problem.measures:
        if meas.lag_days <= 0:
            continue
        options = tranche_counts(meas, tranche_model)
        v = _largest_part(meas.spec.value[lens], options)
        split = "whole" if options == (1,) else "in its smallest tranches"
        if meas.side == "nuclear":
            room = s_us + min(s_ir, tau_iran)
            if v > room:
                reasons.append(
                    f"{meas.id} ({split}, value {v} under the {lens} lens, verified "
                    f"{meas.lag_days} days after completion) needs sigma_us + "
                    f"min(sigma_iran, tau) >= {v}, but {_fmt(s_us)} + "
                    f"min({_fmt(s_ir)}, {tau_iran}) = {room}"
                )
        else:
            room = s_ir + min(s_us, tau_us)
            if v > room:
                hint = (
                    "" if meas.spec.divisible is None or problem.tranches else " (try --tranches)"
                )
                reasons.append(
                    f"{meas.id} ({split}, value {v} under the {lens} lens, verified "
                    f"{meas.lag_days} days after completion) needs sigma_iran + "
                    f"min(sigma_us, tau) >= {v}, but {_fmt(s_ir)} + "
                    f"min({_fmt(s_us)}, {tau_us}) = {room}{hint}"
                )
    return reasons


def _fmt(x: int) -> str:
    return "inf" if x >= 10**6 else str(x)


def _critical_chain(problem: Problem, tranche_model: str = "merge") -> tuple[int, list[str]] | None:
    """Earliest last verification under prerequisites and baseline alone, and its chain.

    Each measure is one task lasting its fewest days to complete, so the day found is a
    lower bound on T_full for every plan.
    """
    tasks = [
        dataclasses.replace(
            m.tasks(1)[0],
            duration_days=min_completion_days(m, tranche_counts(m, tranche_model)),
        )
        for m in problem.measures
    ]
    gates = catalogue_gates(problem, tasks)
    try:
        schedule = earliest_schedule(tasks, gates)
    except GateCycleError:
        return None
    last = max(schedule.items, key=lambda it: it.verified)
    lag = {t.id: t.lag_days for t in tasks}
    dur = {t.id: t.duration_days for t in tasks}
    chain = [last.measure]
    task, point = last.id, "verified"
    # Walk back along binding bounds, point by point (the point graph is acyclic).
    while True:
        it = schedule.item(task)
        nxt: tuple[str, str] | None = None
        if point == "verified":
            if it.verified == it.end + lag[task]:
                nxt = (task, "end")
            else:
                g = next(
                    g
                    for g in gates
                    if g.target == task
                    and g.target_point == "verified"
                    and _point(schedule, g.source, g.source_point) + g.lag == it.verified
                )
                nxt = (g.source, g.source_point)
        elif point == "end":
            nxt = (task, "start")
        else:
            for g in gates:
                if g.target != task or g.target_point == "verified":
                    continue
                bound = _point(schedule, g.source, g.source_point) + g.lag
                if g.target_point == "end":
                    bound -= dur[task]
                if bound == it.start and bound > 0:
                    nxt = (g.source, g.source_point)
                    break
        if nxt is None:
            break
        task, point = nxt
        measure = schedule.item(task).measure
        if measure != chain[-1]:
            chain.append(measure)
    return last.verified, list(reversed(chain))


def _point(schedule: Any, task_id: str, point: str) -> int:
    it = schedule.item(task_id)
    return int({"start": it.start, "end": it.end, "verified": it.verified}[point])
