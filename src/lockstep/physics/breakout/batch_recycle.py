"""The ``batch-recycle`` model: fixed-design steps in parallel, material moving in passes.

The fleet is split across the steps of a ladder (e.g. natural -> 4.5 % -> 20 % -> 60 %
-> 90 %). Each quantity is a job (:class:`plan.Job`) whose material passes up the
ladder: a step works one pass (one job's feed) at a time, first come first served, and
product moves to the next step in lots (``lots`` per quantity, e.g. cylinders), so a
pass can start as soon as the first lot of its feed is ready (a permutation flow shop
with lot streaming). With p_nk = W_nk / c_k * days_per_year the time job n needs at
step k (W its work, c the step's capacity), b the lots per quantity, and S, C the start
and finish of a pass::

    S_nk = max(C_(n-1)k, S_n(k-1) + p_n(k-1) / b)
    C_nk = max(S_nk + p_nk, C_n(k-1) + p_nk / b)

(the terms in k-1 only where the job's feed comes from the step below; the recurrence
is exact for two steps and the usual approximation beyond). The n-th quantity is ready
at the finish of its top pass.

Fleet split: jobs are planned in phases of at most ``phase_quantities`` consecutive
quantities that use the same steps (a quantity made from 60 % stock needs only the top
step; one made from natural uranium needs them all); in each phase every step gets a
share of the fleet proportional to its work in that phase (a balanced pipeline: e.g. a
few cascades doing 60 -> 90 % while most do 20 -> 60 %).
Each step starts after its set-up. Steps run at the duty the machines' operational
output was measured at (LEU production) keep that output; the others lose the cascade
effectiveness. When the next phase needs a different split, the
fleet is re-configured once the phase's last quantity is done: every step of the new
phase is set up again. Every model's machines are split in the same proportions; only
each step's total capacity enters the time.

Everything is vectorized over the Monte Carlo samples (loops run over jobs and steps).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lockstep.physics._checks import FloatArray
from lockstep.physics.breakout.plan import Job


@dataclass(frozen=True)
class Phase:
    """Jobs ``start`` ... ``stop - 1`` run with one split of the fleet.

    Attributes
    ----------
    start, stop
        Job indices (0-based, stop excluded).
    shares
        Share of the fleet's capacity on each step [unitless], summing to 1.
    reconfigure
        Whether the fleet is re-configured (drained and set up) before this phase.
    """

    start: int
    stop: int
    shares: tuple[float, ...]
    reconfigure: bool


def plan_phases(
    jobs: Sequence[Job], phase_quantities: int, weights: Sequence[float]
) -> tuple[Phase, ...]:
    """Split ``jobs`` into phases and balance the fleet over each phase's work.

    Parameters
    ----------
    jobs
        One job per quantity.
    phase_quantities
        Jobs per phase, >= 1.
    weights
        Per step, nominal capacity needed per unit of work (1 / central
        effectiveness; 1 for a step run at its design duty).
    """
    phases: list[Phase] = []
    n_steps = len(weights)
    for start, stop in _groups(jobs, phase_quantities):
        work = [
            weights[k] * math.fsum(job.swu[k] for job in jobs[start:stop]) for k in range(n_steps)
        ]
        total = math.fsum(work)
        shares = tuple(w / total for w in work) if total > 0 else tuple(0.0 for _ in work)
        same = bool(phases) and all(
            math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
            for a, b in zip(phases[-1].shares, shares, strict=True)
        )
        if same:
            last = phases.pop()
            phases.append(Phase(last.start, stop, last.shares, last.reconfigure))
        else:
            phases.append(Phase(start, stop, shares, bool(phases)))
    return tuple(phases)


def _groups(jobs: Sequence[Job], size: int) -> list[tuple[int, int]]:
    """Runs of at most ``size`` consecutive jobs that use the same steps."""
    groups: list[tuple[int, int]] = []
    start = 0
    for n in range(1, len(jobs) + 1):
        if n == len(jobs) or n - start == size or _signature(jobs[n]) != _signature(jobs[start]):
            groups.append((start, n))
            start = n
    return groups


def _signature(job: Job) -> tuple[bool, ...]:
    return tuple(work > 0 for work in job.swu)


def schedule(
    jobs: Sequence[Job],
    phases: Sequence[Phase],
    nominal_swu_per_year: FloatArray,
    effectiveness: FloatArray,
    design_duty: Sequence[bool],
    setup_days: FloatArray,
    days_per_year: float,
    n_report: int,
    horizons_days: FloatArray,
    lots: int = 1,
) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """Arrival days of the first quantities and counts held by each horizon.

    Parameters
    ----------
    jobs
        One job per quantity, in order.
    phases
        The fleet split over the jobs (:func:`plan_phases`).
    nominal_swu_per_year
        Capacity of the whole fleet per sample at operational output [kg-SWU/yr],
        shape (samples,).
    effectiveness
        Cascade effectiveness per sample [unitless], shape (samples,); it applies to
        the steps not run at their design duty.
    design_duty
        Per step, whether it runs at the duty the machines' output was measured at.
    setup_days
        Set-up time of each step per sample [days], shape (steps, samples).
    days_per_year
        Days per year [d/yr].
    n_report
        How many arrival times to return; those beyond the jobs are infinite.
    horizons_days
        Horizons [days], shape (months,).
    lots
        Lots per quantity in which product moves between steps, >= 1.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Arrival days, shape (n_report, samples); whole quantities held at each horizon,
        shape (months, samples).
    """
    samples = nominal_swu_per_year.shape[0]
    effective = nominal_swu_per_year * effectiveness
    days = np.full((n_report, samples), np.inf)
    counts = np.zeros((horizons_days.shape[0], samples), dtype=np.int64)
    zeros = np.zeros(samples)
    phase_start: FloatArray = zeros
    free: list[FloatArray] = [zeros] * setup_days.shape[0]
    for phase in phases:
        per_swu = [
            _days_per_swu(share * (nominal_swu_per_year if design else effective), days_per_year)
            for share, design in zip(phase.shares, design_duty, strict=True)
        ]
        for k, share in enumerate(phase.shares):
            if share > 0 and (phase.reconfigure or phase.start == 0):
                free[k] = phase_start + setup_days[k]
        top: FloatArray = zeros
        for n in range(phase.start, phase.stop):
            job = jobs[n]
            below: tuple[FloatArray, FloatArray, FloatArray] | None = None
            for k, work in enumerate(job.swu):
                if work <= 0.0:
                    below = None
                    continue
                duration = work * per_swu[k]
                if job.from_below[k] and below is not None:
                    start_below, done_below, duration_below = below
                    start = np.maximum(free[k], start_below + duration_below / lots)
                    done = np.maximum(start + duration, done_below + duration / lots)
                else:
                    start = free[k]
                    done = start + duration
                free[k] = done
                below = (start, done, duration)
            top = below[1] if below is not None else zeros
            if n < n_report:
                days[n] = top
            counts += top[np.newaxis, :] <= horizons_days[:, np.newaxis]
        phase_start = top
    return days, counts


def _days_per_swu(capacity_swu_per_year: FloatArray, days_per_year: float) -> FloatArray:
    out = np.full(capacity_swu_per_year.shape, np.inf)
    np.divide(days_per_year, capacity_swu_per_year, out=out, where=capacity_swu_per_year > 0)
    return out
