"""Robustness of a plan: Monte Carlo over durations and lags, and defection losses.

Monte Carlo draws every measure's duration and verification lag from a triangular
distribution over its range (low, central, high from the catalogue) and re-runs the
plan's *policy*, vectorized over all samples at once:

* a rule-based plan keeps its rules (its gates), so steps move with their gates;
* the optimized plan keeps its calendar as a lower bound (nobody starts early) and the
  order between each verification and the other side's completions (if a verification
  came strictly before a completion in the plan, the completion waits for it). This
  order-preserving realization keeps the verification slacks C3 under delays (same-day
  ties excepted); the balance bound C4 can drift, which ``c4_kept_share`` reports.

Defection analysis asks, for each side, what it would have lost had the other side
stopped at the worst checkpoint (any completion or verification day): the value it
delivered minus the value it received, each counting only what cannot be reversed
within the response window (model.md section 5, O3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lockstep.roadmap.catalogue import LENSES
from lockstep.roadmap.plan import Gate, Plan
from lockstep.roadmap.problem import Problem, Task
from lockstep.roadmap.timing import IntArray, earliest_times

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Quantiles:
    """P10, P50, P90 and mean of a sampled quantity."""

    p10: float
    p50: float
    p90: float
    mean: float

    @staticmethod
    def of(values: FloatArray) -> Quantiles:
        """Quantiles of ``values``."""
        p10, p50, p90 = np.percentile(values, [10, 50, 90])
        return Quantiles(float(p10), float(p50), float(p90), float(values.mean()))


@dataclass(frozen=True)
class RobustnessResult:
    """Monte Carlo summary of one plan.

    Attributes
    ----------
    strategy
        The plan's strategy.
    samples, seed
        Sample count and random seed (same seed, same numbers).
    t_full_days
        Time to full compliance [days] (None for less-for-less).
    iran_done_day
        Day all Iranian steps are complete [day].
    exposure_iran, exposure_us
        Peak gap each way [points] under the plan's lens.
    share_within_horizon
        Share of samples with full compliance within the horizon [unitless].
    c4_kept_share
        Share of samples keeping the plan's balance bound (optimized only).
    """

    strategy: str
    samples: int
    seed: int
    t_full_days: Quantiles | None
    iran_done_day: Quantiles | None
    exposure_iran: Quantiles
    exposure_us: Quantiles
    share_within_horizon: float | None
    c4_kept_share: float | None

    def to_json(self) -> dict[str, object]:
        """JSON form (documented in ``docs/roadmap.md``)."""

        def q(x: Quantiles | None) -> dict[str, float] | None:
            if x is None:
                return None
            return {"p10": x.p10, "p50": x.p50, "p90": x.p90, "mean": round(x.mean, 3)}

        return {
            "strategy": self.strategy,
            "samples": self.samples,
            "seed": self.seed,
            "t_full_days": q(self.t_full_days),
            "iran_done_day": q(self.iran_done_day),
            "exposure_iran": q(self.exposure_iran),
            "exposure_us": q(self.exposure_us),
            "share_within_horizon": self.share_within_horizon,
            "c4_kept_share": self.c4_kept_share,
        }


def _triangular(rng: np.random.Generator, low: int, mode: int, high: int, n: int) -> IntArray:
    if high <= low:
        return np.full(n, mode, dtype=np.int64)
    draws = rng.triangular(low, min(max(mode, low), high), high, n)
    return np.rint(draws).astype(np.int64)


def plan_tasks(plan: Plan) -> list[Task]:
    """The tasks of a plan's schedule (with the tranche split it chose)."""
    assert plan.schedule is not None
    problem = plan.problem
    out: list[Task] = []
    for meas in problem.measures:
        count = len(plan.schedule.of_measure(meas.id))
        if count:
            out.extend(meas.tasks(count))
    return out


def _order_gates(plan: Plan, tasks: Sequence[Task]) -> list[Gate]:
    """Cross-side verification-before-completion order of the optimized plan."""
    assert plan.schedule is not None
    items = {it.id: it for it in plan.schedule.items}
    gates: list[Gate] = []
    for j in tasks:
        for k in tasks:
            if j.side == k.side:
                continue
            # Strict order only: gates satisfied strictly by the plan cannot form a cycle
            # with the catalogue's own; same-day ties are left free.
            if items[j.id].verified < items[k.id].end:
                gates.append(Gate(j.id, "verified", k.id, "end", 0, "plan-order"))
    return gates


def sample_durations(
    problem: Problem, tasks: Sequence[Task], samples: int, seed: int
) -> tuple[dict[str, IntArray], dict[str, IntArray]]:
    """Sampled duration and lag of every task [days], shape ``(samples,)`` each."""
    rng = np.random.default_rng(seed)
    durations: dict[str, IntArray] = {}
    lags: dict[str, IntArray] = {}
    for meas in problem.measures:
        mine = [t for t in tasks if t.measure == meas.id]
        if not mine:
            continue
        lo, hi = meas.duration_range
        d = _triangular(rng, lo, meas.duration_days, hi, samples)
        lo_l, hi_l = meas.lag_range
        lag = _triangular(rng, lo_l, meas.lag_days, hi_l, samples)
        for t in mine:
            if meas.duration_days > 0 and t.tranches > 1:
                scaled = np.rint(t.duration_days * d / meas.duration_days).astype(np.int64)
                durations[t.id] = np.maximum(scaled, 0)
            else:
                durations[t.id] = d
            lags[t.id] = lag
    return durations, lags


def monte_carlo(plan: Plan, samples: int = 1000, seed: int = 0) -> RobustnessResult:
    """Re-run a plan's policy over sampled durations and lags.

    Parameters
    ----------
    plan
        A plan with a schedule.
    samples
        Number of samples (>= 1).
    seed
        Random seed.

    Returns
    -------
    RobustnessResult
        Quantiles of T_full, Iran done and exposures.

    Raises
    ------
    ValueError
        If the plan has no schedule.
    """
    from lockstep.errors import DomainError

    if plan.schedule is None:
        raise DomainError("plan", "a plan with a schedule (this one is infeasible)")
    if samples < 1:
        raise DomainError("samples", "at least 1 sample", value=samples)
    problem = plan.problem
    tasks = plan_tasks(plan)
    ids = [t.id for t in tasks]
    durations, lags = sample_durations(problem, tasks, samples, seed)
    gates = list(plan.gates)
    lower: dict[str, IntArray | int] = {t.id: t.release_day for t in tasks}
    if plan.bounds_enforced:
        gates += _order_gates(plan, tasks)
        lower = {it.id: it.start for it in plan.schedule.items}
    _, end, ver = earliest_times(ids, gates, durations, lags, lower)
    lens = problem.lens
    complete = set(plan.measures or problem.measure_ids) == set(problem.measure_ids)
    e = np.stack([end[t] for t in ids])
    v = np.stack([ver[t] for t in ids])
    signed = np.array(
        [t.value(lens) if t.side == "nuclear" else -t.value(lens) for t in tasks], dtype=np.int64
    )
    g_max, g_min = gap_extremes(e, signed)
    t_full = v.max(axis=0) if complete else None
    nuclear = [i for i, t in enumerate(tasks) if t.side == "nuclear"]
    all_nuclear = {m.id for m in problem.measures if m.side == "nuclear"} <= {
        t.measure for t in tasks
    }
    iran_done = e[nuclear].max(axis=0) if nuclear and all_nuclear else None
    c4 = None
    if plan.bounds_enforced and plan.tau is not None:
        tau_us = plan.tau_us if plan.tau_us is not None else plan.tau
        c4 = float(np.mean((g_max <= plan.tau) & (-g_min <= tau_us)))
    return RobustnessResult(
        strategy=plan.strategy,
        samples=samples,
        seed=seed,
        t_full_days=Quantiles.of(t_full.astype(float)) if t_full is not None else None,
        iran_done_day=Quantiles.of(iran_done.astype(float)) if iran_done is not None else None,
        exposure_iran=Quantiles.of(np.maximum(g_max, 0).astype(float)),
        exposure_us=Quantiles.of(np.maximum(-g_min, 0).astype(float)),
        share_within_horizon=(
            float(np.mean(t_full <= problem.horizon_days)) if t_full is not None else None
        ),
        c4_kept_share=c4,
    )


def gap_extremes(ends: IntArray, signed_values: IntArray) -> tuple[IntArray, IntArray]:
    """Highest and lowest gap G(t) per sample from completion days.

    Parameters
    ----------
    ends
        Completion day per task and sample, shape ``(tasks, samples)``.
    signed_values
        +value for Iranian tasks, -value for relief tasks, shape ``(tasks,)``.

    Returns
    -------
    tuple of numpy.ndarray
        ``(max G, min G)`` per sample; both include G = 0 before any completion.
    """
    order = np.argsort(ends, axis=0, kind="stable")
    t_sorted = np.take_along_axis(ends, order, axis=0)
    vals = signed_values[order]
    level = np.cumsum(vals, axis=0)
    # Events on the same day net out: only the last of a run of equal days counts.
    last_of_day = np.ones_like(t_sorted, dtype=bool)
    last_of_day[:-1] = t_sorted[:-1] != t_sorted[1:]
    masked_max = np.where(last_of_day, level, np.iinfo(np.int64).min)
    masked_min = np.where(last_of_day, level, np.iinfo(np.int64).max)
    g_max = np.maximum(masked_max.max(axis=0), 0)
    g_min = np.minimum(masked_min.min(axis=0), 0)
    return g_max, g_min


@dataclass(frozen=True)
class DefectionLoss:
    """What one side loses if the other stops at the worst checkpoint.

    Attributes
    ----------
    side
        The side that loses (``iran`` or ``us``).
    lens
        Lens of the values.
    checkpoint_day
        The worst day for the other side to stop [day].
    loss
        Irreversible value delivered minus irreversible value received [points].
    loss_unweighted
        The same counting every step in full [points].
    delivered, received
        Measures completed by each side by the checkpoint.
    """

    side: str
    lens: str
    checkpoint_day: int
    loss: float
    loss_unweighted: int
    delivered: tuple[str, ...]
    received: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """JSON form."""
        return {
            "side": self.side,
            "lens": self.lens,
            "checkpoint_day": self.checkpoint_day,
            "loss": round(self.loss, 3),
            "loss_unweighted": self.loss_unweighted,
            "delivered": list(self.delivered),
            "received": list(self.received),
        }


def irreversible_share(problem: Problem, measure_id: str, window_days: int) -> float:
    """Share of a measure's value that cannot be undone within ``window_days`` [unitless]."""
    rev = problem.measure(measure_id).spec.reversibility
    if rev.days is None or rev.days > window_days:
        return 1.0
    return 1.0 - rev.completeness


def defection(
    plan: Plan, response_window_days: int | None = None
) -> Mapping[str, tuple[DefectionLoss, DefectionLoss]]:
    """Each side's worst-checkpoint loss under every lens.

    Parameters
    ----------
    plan
        A plan with a schedule.
    response_window_days
        Days within which a side can reverse its own reversible steps after the other
        stops [days]; the catalogue default if None.

    Returns
    -------
    dict
        Per lens, ``(Iran's loss, the US side's loss)``.
    """
    if plan.schedule is None:
        return {}
    problem = plan.problem
    window = (
        problem.catalogue.spec.defaults.response_window_days
        if response_window_days is None
        else response_window_days
    )
    tasks = {t.id: t for t in plan_tasks(plan)}
    items = plan.schedule.items
    checkpoints = sorted({0} | {it.end for it in items} | {it.verified for it in items})
    weight = {it.id: irreversible_share(problem, it.measure, window) for it in items}
    out: dict[str, tuple[DefectionLoss, DefectionLoss]] = {}
    for lens in LENSES:
        pair = []
        for side, other, name in (("nuclear", "relief", "iran"), ("relief", "nuclear", "us")):
            best: DefectionLoss | None = None
            for c in checkpoints:
                mine = [it for it in items if it.side == side and it.end <= c]
                theirs = [it for it in items if it.side == other and it.end <= c]
                gave = sum(tasks[it.id].value(lens) * weight[it.id] for it in mine)
                got = sum(tasks[it.id].value(lens) * weight[it.id] for it in theirs)
                raw = sum(tasks[it.id].value(lens) for it in mine) - sum(
                    tasks[it.id].value(lens) for it in theirs
                )
                loss = max(0.0, gave - got)
                if best is None or loss > best.loss + 1e-12:
                    best = DefectionLoss(
                        side=name,
                        lens=lens,
                        checkpoint_day=c,
                        loss=loss,
                        loss_unweighted=max(0, raw),
                        delivered=tuple(dict.fromkeys(it.measure for it in mine)),
                        received=tuple(dict.fromkeys(it.measure for it in theirs)),
                    )
            assert best is not None
            pair.append(best)
        out[lens] = (pair[0], pair[1])
    return out
