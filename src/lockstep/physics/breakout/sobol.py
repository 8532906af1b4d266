"""Global sensitivity of the breakout ensemble: Sobol' indices of its inputs and structure.

The tornado and the rank correlation of :func:`~lockstep.physics.breakout.estimate`
move one input at a time or rank a monotone association; Sobol' indices split the
variance of the days to the first quantity among the inputs over their whole joint
distribution, interactions included [1]_ [2]_:

* first order ``S1``: the share of the variance that fixing the input alone would
  remove;
* total ``ST``: the share left if every *other* input were fixed, its interactions
  included (``ST >= S1``; ``ST - S1`` is what it does only with others).

The factors are the ensemble's own (:func:`ensemble_factors`): every uncertain input
with its distribution (:func:`~lockstep.physics.breakout.ensemble.input_distributions`:
output per machine-year of each model, machines available, effectiveness, set-up and
re-piping days, hold-up, top-step cascades, each stock band's mass) and, when more than
one structure has weight, the **structure** as a discrete factor drawn with its weights.
A structure or an input added to the ensemble joins without change here.

The design is Saltelli's extension of a scrambled Sobol' sequence (SALib [3]_): ``n``
base points (a power of two) give ``n (D + 2)`` rows over the unit cube; each column is
mapped onto its input by the inverse CDF (:meth:`Distribution.quantile`) and the
structure column onto a structure by its weights, so the design samples the same joint
distribution as the ensemble's Monte Carlo. Rows are independent: any chunking of them
gives the same days (:func:`days_at_rows`), which is what lets a Dask cluster share the
work (:mod:`lockstep.sweeps.sobol`). Confidence intervals come from SALib's bootstrap,
seeded: same ``n`` and seed, same indices.

References
----------
.. [1] I. M. Sobol', "Global sensitivity indices for nonlinear mathematical models and
   their Monte Carlo estimates", Math. Comput. Simul. 55 (2001) 271-280,
   doi:10.1016/S0378-4754(00)00270-6.
.. [2] A. Saltelli et al., "Variance based sensitivity analysis of model output. Design
   and estimator for the total sensitivity index", Comput. Phys. Commun. 181 (2010)
   259-270, doi:10.1016/j.cpc.2009.09.018.
.. [3] J. Herman and W. Usher, "SALib: An open-source Python library for Sensitivity
   Analysis", J. Open Source Softw. 2(9) (2017) 97, doi:10.21105/joss.00097.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lockstep.errors import DomainError, InfeasibleError
from lockstep.physics._checks import FloatArray
from lockstep.physics.breakout.distributions import Distribution
from lockstep.physics.breakout.ensemble import (
    STRUCTURES,
    _setting,  # the ensemble's fixed part: sources and fleet by model
    _structures,  # the structures drawn, checked against the registry
    input_distributions,
    input_label,
    inputs_from_draws,
    structure_of,
)
from lockstep.physics.breakout.ensemble_parameters import EnsembleParameters, ensemble_parameters
from lockstep.physics.breakout.inputs import Assumptions, Fleet, Quantity, Stock
from lockstep.physics.breakout.structures import IntArray

#: Name of the structure factor.
STRUCTURE = "structure"
#: Smallest and largest base sample count ``n`` [count]; powers of two only (the
#: balance of a Sobol' sequence needs it). 2^16 base points with the ~15 factors of a
#: record date are about 1.1 million rows, 130 MB of design.
MIN_N = 16
MAX_N = 2**16
#: Bootstrap resamples for the confidence intervals [count], and their level.
RESAMPLES = 100
CONF_LEVEL = 0.95


@dataclass(frozen=True)
class EnsembleFactors:
    """The ensemble's uncertain inputs on given stocks and machines (for a design).

    Attributes
    ----------
    inputs
        Each continuous input with spread and its distribution, by name
        (:func:`~lockstep.physics.breakout.ensemble.input_distributions`, fixed ones
        left out).
    structures
        The structures drawn, with their weights [unitless], in the data file's order
        (only those of weight > 0).
    parameters
        The ensemble parameters they come from (the packaged ones by default).
    """

    inputs: dict[str, Distribution]
    structures: tuple[tuple[str, float], ...]
    parameters: EnsembleParameters

    @property
    def names(self) -> tuple[str, ...]:
        """The factors in design order: the inputs, then ``structure`` if drawn."""
        return (*self.inputs, *((STRUCTURE,) if len(self.structures) > 1 else ()))


def ensemble_factors(
    stocks: Sequence[Stock],
    fleets: Sequence[Fleet],
    assumptions: Assumptions,
    *,
    parameters: EnsembleParameters | None = None,
) -> EnsembleFactors:
    """The uncertain inputs and the structures of an ensemble estimate of these inputs."""
    from lockstep.physics.breakout import engine

    params = parameters or ensemble_parameters()
    stocks = engine.canonical_stocks(stocks)
    by_model = engine.machines_by_model(engine.canonical_fleets(fleets))
    setting = _setting(stocks, by_model, assumptions.unlimited_natural)
    inputs = {
        name: dist
        for name, dist in input_distributions(setting, assumptions, params).items()
        if dist.high > dist.low
    }
    structures = tuple((name, w) for name, w, _ in _structures(params))
    return EnsembleFactors(inputs, structures, params)


def first_quantity_days_at(
    stocks: Sequence[Stock],
    fleets: Sequence[Fleet],
    quantity: Quantity,
    assumptions: Assumptions,
    values: dict[str, FloatArray],
    structure: IntArray,
    *,
    parameters: EnsembleParameters | None = None,
) -> FloatArray:
    """Days to the first quantity of samples whose inputs are given, not drawn [days].

    The ensemble's own calculation (the same structures and per-sample inputs as
    :func:`~lockstep.physics.breakout.ensemble.estimate_ensemble`) at chosen points.

    Parameters
    ----------
    stocks, fleets, quantity, assumptions
        As :func:`~lockstep.physics.breakout.estimate`.
    values
        A value per sample of every input of :func:`ensemble_factors` [its unit], shape
        (samples,); inputs without spread take their fixed value.
    structure
        Index of each sample's structure in ``ensemble_factors(...).structures``.
    parameters
        Replaces the packaged ensemble parameters.

    Raises
    ------
    DomainError
        If an uncertain input has no values, or a structure index is out of range.
    """
    from lockstep.physics.breakout import engine

    params = parameters or ensemble_parameters()
    stocks = engine.canonical_stocks(stocks)
    by_model = engine.machines_by_model(engine.canonical_fleets(fleets))
    setting = _setting(stocks, by_model, assumptions.unlimited_natural)
    chosen = _structures(params)
    structure = np.asarray(structure, dtype=np.int64)
    size = int(structure.shape[0])
    named: dict[str, FloatArray] = {}
    for name, dist in input_distributions(setting, assumptions, params).items():
        if name in values:
            named[name] = np.asarray(values[name], dtype=np.float64)
        elif dist.is_fixed:
            named[name] = np.full(size, dist.mode)
        else:
            raise DomainError("values", f"a value per sample of {name!r}")
    if size and not (structure.min() >= 0 and structure.max() < len(chosen)):
        raise DomainError("structure", f"indices 0-{len(chosen) - 1}")
    inputs = inputs_from_draws(setting, params, named)
    days = np.empty(size)
    for s, (name, _, _) in enumerate(chosen):
        index = np.flatnonzero(structure == s)
        if index.size:
            prepared = STRUCTURES[name].prepare(stocks, quantity, assumptions, by_model)
            days[index] = prepared.evaluate(inputs.take(index), 1, np.zeros(0), False)[0][0]
    return days


def check_n(n: int) -> int:
    """``n`` if it is a power of two in [:data:`MIN_N`, :data:`MAX_N`].

    Raises
    ------
    DomainError
        Otherwise, naming ``--sobol``.
    """
    if not (isinstance(n, int) and MIN_N <= n <= MAX_N and n & (n - 1) == 0):
        raise DomainError(
            "--sobol",
            f"a power of two from {MIN_N} to {MAX_N:,} (e.g. 1024; Sobol' sequences "
            "are balanced only at powers of two)",
            value=n,
        )
    return n


def _problem(names: Sequence[str]) -> dict[str, object]:
    # Every factor on the unit interval: the inverse CDFs map it onto the input.
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def sobol_rows(factors: EnsembleFactors, n: int, seed: int) -> FloatArray:
    """Saltelli's design over the unit cube: ``n (D + 2)`` rows, one column per factor.

    Per base point: the point of matrix A, then A with column k from B (k = 1 ... D),
    then the point of B: the order SALib's ``analyze`` reads.

    Parameters
    ----------
    factors
        From :func:`ensemble_factors`.
    n
        Base points, a power of two (:func:`check_n`) [count].
    seed
        Scrambling seed, >= 0.
    """
    from scipy.stats import qmc

    check_n(n)
    d = len(factors.names)
    if d < 1:
        raise DomainError("inputs", "at least one uncertain input")
    # SALib.sample.sobol.sample's design, built with arrays: its loop over rows takes
    # half a minute at n = 1024 (tests/physics/breakout/test_sobol.py checks equality).
    base = qmc.Sobol(d=2 * d, scramble=True, seed=seed).random(n)
    a, b = base[:, :d], base[:, d:]
    rows = np.repeat(a[:, None, :], d + 2, axis=1)
    factor = np.arange(d)
    rows[:, 1 + factor, factor] = b[:, factor]
    rows[:, d + 1] = b
    return rows.reshape(n * (d + 2), d)


def days_at_rows(
    stocks: Sequence[Stock],
    fleets: Sequence[Fleet],
    quantity: Quantity,
    assumptions: Assumptions,
    factors: EnsembleFactors,
    rows: FloatArray,
) -> FloatArray:
    """Days to the first quantity at each design row [days] (rows are independent)."""
    rows = np.asarray(rows, dtype=np.float64)
    values = {
        name: dist.quantile(rows[:, j]) for j, (name, dist) in enumerate(factors.inputs.items())
    }
    if STRUCTURE in factors.names:
        structure = structure_of([w for _, w in factors.structures], rows[:, -1])
    else:
        structure = np.zeros(rows.shape[0], dtype=np.int64)
    return first_quantity_days_at(
        stocks, fleets, quantity, assumptions, values, structure, parameters=factors.parameters
    )


@dataclass(frozen=True)
class SobolIndex:
    """Sobol' indices of one factor for the days to the first quantity.

    Attributes
    ----------
    input
        Factor name (``effectiveness``, ``stock:up_to_60pct``, ``structure``, ...).
    label
        The factor in words.
    s1, s1_conf
        First-order index and the half-width of its confidence interval [unitless].
    st, st_conf
        Total index and the half-width of its confidence interval [unitless].
    """

    input: str
    label: str
    s1: float
    s1_conf: float
    st: float
    st_conf: float

    def to_json(self) -> dict[str, object]:
        """The entry of ``sobol`` in ``lockstep breakout --sobol N --json``."""
        return {
            "input": self.input,
            "label": self.label,
            "s1": round(self.s1, 4),
            "s1_conf": round(self.s1_conf, 4),
            "st": round(self.st, 4),
            "st_conf": round(self.st_conf, 4),
        }


def sobol_indices(factors: EnsembleFactors, days: FloatArray, seed: int) -> tuple[SobolIndex, ...]:
    """S1 and ST of every factor from the days at :func:`sobol_rows`, largest ST first.

    Raises
    ------
    InfeasibleError
        When some samples never reach a quantity (the variance is then undefined) or
        every sample gives the same days.
    """
    from SALib.analyze import sobol as sobol_analyze

    days = np.asarray(days, dtype=np.float64)
    if not np.isfinite(days).all():
        raise InfeasibleError(
            "some samples never make a first quantity, so its variance (and Sobol' "
            "indices) are undefined; allow more stocks or natural uranium"
        )
    if np.ptp(days) == 0:
        raise InfeasibleError("the days to the first quantity do not vary: no index to give")
    names = factors.names
    found = sobol_analyze.analyze(
        _problem(names),
        days,
        calc_second_order=False,
        num_resamples=RESAMPLES,
        conf_level=CONF_LEVEL,
        # SALib seeds its bootstrap only for a truthy seed (0 would draw from numpy's
        # global state): seed + 1, so that every seed, 0 included, is reproducible.
        seed=seed + 1,
    )
    entries = [
        SobolIndex(
            name,
            input_label(name),
            float(found["S1"][j]),
            float(found["S1_conf"][j]),
            float(found["ST"][j]),
            float(found["ST_conf"][j]),
        )
        for j, name in enumerate(names)
    ]
    entries.sort(key=lambda e: (-round(e.st, 6), e.input))
    return tuple(entries)
