"""The result of a breakout estimate: percentiles, steps, sensitivity and the inputs used."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from lockstep.physics._checks import FloatArray
from lockstep.physics.breakout.inputs import Assumptions, BreakoutModel, Fleet, Quantity, Stock

#: P10, P50 and P90 as fractions (the division numpy's percentile makes, for equal bits).
_LEVELS = np.array([10.0, 50.0, 90.0]) / 100.0


def percentiles(
    values: FloatArray, levels: FloatArray, method: Literal["inverted_cdf", "linear"]
) -> FloatArray:
    """``np.percentile(values, 100 * levels, method=method)`` for 1-D values without NaN.

    The same virtual indexes and interpolation as numpy's (Hyndman and Fan's definitions
    7, ``linear``, and 1, ``inverted_cdf``), so the numbers are equal to the bit. numpy's
    own reaches ``np.unique``, which imports ``numpy.ma`` (20 ms of every command's start).

    Parameters
    ----------
    values
        Samples, shape (n,), n >= 1.
    levels
        Probabilities in [0, 1].
    method
        ``linear`` interpolates between order statistics; ``inverted_cdf`` keeps them.

    Returns
    -------
    numpy.ndarray
        The percentiles, shape of ``levels``.
    """
    arr = np.asarray(values, dtype=np.float64).ravel()
    n = arr.size
    if n == 0 or np.isnan(arr).any():
        return np.asarray(np.percentile(arr, levels * 100.0, method=method), dtype=np.float64)
    virtual = (n - 1) * levels if method == "linear" else n * levels - 1.0
    below = np.floor(virtual)
    gamma = virtual - below
    if method == "inverted_cdf":
        index = np.clip(np.where(gamma > 0, below + 1, below), 0, n - 1).astype(np.intp)
        arr = np.partition(arr, sorted(set(index.tolist())))
        picked: FloatArray = arr[index]
        return picked
    low = np.clip(below, 0, n - 1).astype(np.intp)
    high = np.clip(below + 1, 0, n - 1).astype(np.intp)
    low[virtual < 0] = 0
    high[virtual < 0] = 0
    arr = np.partition(arr, sorted(set(low.tolist()) | set(high.tolist()) | {0, n - 1}))
    a, b = arr[low], arr[high]
    diff = b - a
    result: FloatArray = np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)
    return result


@dataclass(frozen=True)
class Percentiles:
    """P10, P50 and P90 of one output over the Monte Carlo samples.

    Infinite values (a quantity the stocks cannot supply) stay infinite.
    """

    p10: float
    p50: float
    p90: float

    @classmethod
    def of(cls, values: FloatArray, *, discrete: bool = False) -> Percentiles:
        """Percentiles of ``values``; ``discrete`` keeps them among the values (counts)."""
        method: Literal["inverted_cdf", "linear"] = "inverted_cdf" if discrete else "linear"
        if np.isinf(values).any():
            # np.percentile interpolates inf - inf into nan; order statistics do not.
            method = "inverted_cdf"
        p10, p50, p90 = (float(q) for q in percentiles(values, _LEVELS, method))
        return cls(p10, p50, p90)

    @classmethod
    def of_counts(cls, counts: npt.NDArray[np.int64]) -> Percentiles:
        """Percentiles of whole counts >= 0 (the smallest count reaching each level)."""
        if counts.size == 0:
            raise ValueError("no samples")
        cumulative = np.cumsum(np.bincount(counts)) / counts.size
        levels = np.searchsorted(cumulative, [0.1, 0.5, 0.9], side="left")
        p10, p50, p90 = (float(v) for v in levels)
        return cls(p10, p50, p90)

    def to_dict(self) -> dict[str, float]:
        """``{"p10", "p50", "p90"}``."""
        return {"p10": self.p10, "p50": self.p50, "p90": self.p90}


@dataclass(frozen=True)
class StepResult:
    """One step of the plan for the first quantity.

    Attributes
    ----------
    step
        1-based step number (0 for stock already at the product assay).
    label
        E.g. ``"up_to_60pct -> 90 %"``.
    feed_label
        What is fed.
    feed_assay, product_assay, tails_assay
        U-235 fractions [unitless].
    feed_kg_u, product_kg_u, tails_kg_u
        Masses [kg U].
    swu
        Separative work [kg-SWU].
    machines
        Machines working on the step, by model [count] (fractions of a fleet where the
        fleet is shared across steps).
    capacity_share
        Share of the fleet's capacity on this step [unitless].
    days
        Duration of the step's work [days] (set-up excluded).
    line
        The stage-level cascade's line that runs the step, in words (``""`` where the
        model has no lines, or the fleet one layout).
    quantity_share
        Share of the first quantity made through this step's line [unitless] (1 but
        where two lines share it).
    """

    step: int
    label: str
    feed_label: str
    feed_assay: float
    product_assay: float
    tails_assay: float
    feed_kg_u: float
    product_kg_u: float
    tails_kg_u: float
    swu: float
    machines: dict[str, float]
    capacity_share: float
    days: Percentiles
    line: str = ""
    quantity_share: float = 1.0


@dataclass(frozen=True)
class SensitivityEntry:
    """How much one uncertain input moves the days to the first quantity.

    Attributes
    ----------
    input
        Parameter name (``swu_per_machine_year:IR-6``, ``effectiveness``, ``setup_days``).
    low, high
        The input's low and high values.
    days_at_low, days_at_high
        Days to the first quantity with the input at its low (high) value and every
        other input at its central value [days].
    swing_days
        ``|days_at_high - days_at_low|`` [days]: the ranking key (tornado).
    rank_correlation
        Spearman rank correlation between the input's samples and the days to the
        first quantity over the Monte Carlo run [unitless].
    """

    input: str
    low: float
    high: float
    days_at_low: float
    days_at_high: float
    swing_days: float
    rank_correlation: float


@dataclass(frozen=True)
class StructureShare:
    """One model structure of the ensemble: its weight, its samples and its own answer.

    Attributes
    ----------
    name
        Structure name (``swu-budget``, ``batch-recycle``, ...).
    weight
        Probability of drawing it [unitless].
    samples
        Samples that drew it.
    first_quantity_days
        Days to the first quantity over those samples [days] (None without samples).
    reason
        Why the structure is in the ensemble with this weight.
    """

    name: str
    weight: float
    samples: int
    first_quantity_days: Percentiles | None
    reason: str


@dataclass(frozen=True)
class BreakoutResult:
    """A breakout estimate with its uncertainty and provenance.

    Attributes
    ----------
    model
        The model used.
    quantity
        The quantity of concern.
    samples, seed
        Monte Carlo sample count and seed.
    first_quantity_days
        Days to the first quantity [days].
    nth_quantity_days
        ``(n, days to the n-th quantity)`` for n = 1 ... [days]; infinite where the
        stocks allowed cannot supply the n-th.
    quantities_by_month
        ``(month, whole quantities held by the end of that month)``.
    steps
        The plan for the first quantity.
    sensitivity
        Inputs ranked by how much they move the first-quantity days.
    capacity_swu_per_year
        Effective separative capacity of the machines used (operational output times
        effectiveness) [kg-SWU/yr].
    nominal_capacity_swu_per_year
        Separative capacity at operational output [kg-SWU/yr].
    max_quantities
        Quantities the stocks allowed can supply in all (None: more than counted).
    stocks, fleets, assumptions
        The inputs used, with their sources.
    notes
        Caveats about this estimate.
    first_quantity_samples
        The Monte Carlo samples of the first-quantity days [days].
    weaponization_days
        Time from enough material to a first device [days]: shown beside the material
        time, never added to it (sourced range, ``breakout_ensemble.yaml``).
    structures
        For ``ensemble``: the structures drawn, their weights and answers.
    ensemble_inputs
        For ``ensemble``: the extra sampled inputs (availability, hold-up and losses,
        re-piping, stock ranges) as a plain mapping.
    """

    model: BreakoutModel
    quantity: Quantity
    samples: int
    seed: int
    first_quantity_days: Percentiles
    nth_quantity_days: tuple[tuple[int, Percentiles], ...]
    quantities_by_month: tuple[tuple[int, Percentiles], ...]
    steps: tuple[StepResult, ...]
    sensitivity: tuple[SensitivityEntry, ...]
    capacity_swu_per_year: Percentiles
    nominal_capacity_swu_per_year: Percentiles
    max_quantities: int | None
    stocks: tuple[Stock, ...]
    fleets: tuple[Fleet, ...]
    assumptions: Assumptions
    notes: tuple[str, ...] = ()
    first_quantity_samples: FloatArray = field(
        default_factory=lambda: np.zeros(0), repr=False, compare=False
    )
    weaponization_days: Percentiles | None = None
    structures: tuple[StructureShare, ...] = ()
    ensemble_inputs: dict[str, object] = field(default_factory=dict, compare=False)
