"""The ``swu-budget`` model: ideal separative work divided by effective capacity.

The fleet's effective capacity C (machines x output x effectiveness, summed over the
fleets) works as one pool. To hold n quantities takes the separative work S(n) of the
least-work single-step plan for n quantities (:func:`plan.single_step_curve`), after
one set-up period s (all steps' cascades are re-configured at once)::

    t(n) = s + S(n) / C * days_per_year        (t(n) = 0 when S(n) = 0)

With effectiveness 1 it is a lower bound on the time; physics.md section 5.2, level 1.
Everything here is vectorized over the Monte Carlo samples.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from lockstep.physics._checks import FloatArray


def arrival_days(
    curve: FloatArray,
    capacity_swu_per_year: FloatArray,
    setup_days: FloatArray,
    days_per_year: float,
    n_report: int,
) -> FloatArray:
    """Days to hold 1 ... ``n_report`` quantities, per sample.

    Parameters
    ----------
    curve
        S(n), n = 1 ... J, nondecreasing [kg-SWU].
    capacity_swu_per_year
        Effective capacity per sample [kg-SWU/yr], shape (samples,).
    setup_days
        Set-up time per sample [days], shape (samples,).
    days_per_year
        Days per year [d/yr].
    n_report
        How many quantities to report; those beyond J are infinite.

    Returns
    -------
    numpy.ndarray
        Shape (n_report, samples) [days].
    """
    samples = capacity_swu_per_year.shape[0]
    out = np.full((n_report, samples), np.inf)
    per_swu = _days_per_swu(capacity_swu_per_year, days_per_year)
    for i in range(min(n_report, curve.shape[0])):
        work = float(curve[i])
        out[i] = 0.0 if work == 0.0 else setup_days + work * per_swu
    return out


def counts_by_day(
    curve: FloatArray,
    capacity_swu_per_year: FloatArray,
    setup_days: FloatArray,
    days_per_year: float,
    horizons_days: FloatArray,
) -> npt.NDArray[np.int64]:
    """Whole quantities held at each horizon, per sample.

    Parameters
    ----------
    curve
        S(n), n = 1 ... J, nondecreasing [kg-SWU].
    capacity_swu_per_year, setup_days
        Per sample, shape (samples,).
    days_per_year
        Days per year [d/yr].
    horizons_days
        Horizons [days], shape (months,).

    Returns
    -------
    numpy.ndarray
        Shape (months, samples), integer counts.
    """
    n_free = int(np.count_nonzero(curve == 0.0))
    counts = np.empty((horizons_days.shape[0], capacity_swu_per_year.shape[0]), dtype=np.int64)
    for m, horizon in enumerate(horizons_days):
        budget = (horizon - setup_days) * capacity_swu_per_year / days_per_year
        counts[m] = np.maximum(np.searchsorted(curve, budget, side="right"), n_free)
    return counts


def _days_per_swu(capacity_swu_per_year: FloatArray, days_per_year: float) -> FloatArray:
    out = np.full(capacity_swu_per_year.shape, np.inf)
    np.divide(days_per_year, capacity_swu_per_year, out=out, where=capacity_swu_per_year > 0)
    return out
