"""Distributions of uncertain breakout parameters and their seeded sampling.

Every uncertain input of a breakout estimate (output per machine-year, cascade
effectiveness, set-up days) is a :class:`Distribution` with a low, a central (mode)
and a high value and the source of those values. Sampling is seeded per *named*
parameter, so a parameter's draws do not depend on which other parameters exist or in
which order the inputs were given: same seed, same numbers.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from lockstep.errors import DomainError
from lockstep.physics._checks import FloatArray

#: The distribution families supported.
DistributionKind = Literal["fixed", "triangular", "uniform"]
DISTRIBUTION_KINDS: tuple[DistributionKind, ...] = ("fixed", "triangular", "uniform")


@dataclass(frozen=True)
class Distribution:
    """A bounded distribution of one uncertain parameter.

    Attributes
    ----------
    kind
        ``"fixed"`` (always ``mode``), ``"triangular"`` (low, mode, high) or
        ``"uniform"`` (low, high; ``mode`` is the midpoint).
    low, mode, high
        Lowest, most likely and highest value, in the parameter's unit.
    source
        Where the values come from (document, table row, or reasoning).
    """

    kind: DistributionKind
    low: float
    mode: float
    high: float
    source: str = ""

    def __post_init__(self) -> None:
        if self.kind not in DISTRIBUTION_KINDS:
            raise DomainError("kind", f"one of {', '.join(DISTRIBUTION_KINDS)}")
        for name in ("low", "mode", "high"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value):
                raise DomainError(name, "a finite number")
        if not self.low <= self.mode <= self.high:
            raise DomainError("low/mode/high", "low <= mode <= high", value=float(self.mode))
        if self.kind == "fixed" and not self.low == self.mode == self.high:
            raise DomainError("low/high", "low == mode == high for a fixed value")
        if self.kind == "uniform" and not math.isclose(
            self.mode, 0.5 * (self.low + self.high), rel_tol=1e-12, abs_tol=1e-12
        ):
            raise DomainError("mode", "the midpoint of low and high for a uniform distribution")

    @classmethod
    def fixed(cls, value: float, source: str = "") -> Distribution:
        """A parameter known exactly (or assumed so)."""
        v = float(value)
        return cls("fixed", v, v, v, source)

    @classmethod
    def triangular(cls, low: float, mode: float, high: float, source: str = "") -> Distribution:
        """Triangular distribution on [low, high] peaking at ``mode``."""
        return cls("triangular", float(low), float(mode), float(high), source)

    @classmethod
    def uniform(cls, low: float, high: float, source: str = "") -> Distribution:
        """Uniform distribution on [low, high]."""
        return cls("uniform", float(low), 0.5 * (float(low) + float(high)), float(high), source)

    @property
    def central(self) -> float:
        """The central value used for deterministic (tornado) runs: the mode."""
        return self.mode

    @property
    def is_fixed(self) -> bool:
        """True when the distribution has no spread."""
        return self.low == self.high

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """Draw ``size`` values.

        Parameters
        ----------
        rng
            Random generator (see :func:`parameter_rng`).
        size
            Number of draws.

        Returns
        -------
        numpy.ndarray
            Shape ``(size,)``.
        """
        if self.is_fixed:
            return np.full(size, self.mode, dtype=np.float64)
        if self.kind == "uniform":
            return rng.uniform(self.low, self.high, size)
        return rng.triangular(self.low, self.mode, self.high, size)

    def quantile(self, level: FloatArray) -> FloatArray:
        """The values at cumulative probabilities ``level`` (the inverse CDF).

        Maps points of the unit interval (e.g. a Sobol' sequence) onto the distribution,
        so that a design over [0, 1] samples the same distribution as :meth:`sample`.

        Parameters
        ----------
        level
            Cumulative probabilities in [0, 1] [unitless].

        Returns
        -------
        numpy.ndarray
            Same shape as ``level``, in the parameter's unit.
        """
        u = np.clip(np.asarray(level, dtype=np.float64), 0.0, 1.0)
        if self.is_fixed:
            return np.full(u.shape, self.mode, dtype=np.float64)
        a, c, b = self.low, self.mode, self.high
        if self.kind == "uniform":
            return a + u * (b - a)
        split = (c - a) / (b - a)
        rising = a + np.sqrt(u * (b - a) * (c - a))
        falling = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
        return np.where(u <= split, rising, falling)

    def to_dict(self) -> dict[str, object]:
        """Plain mapping for JSON output."""
        return {
            "distribution": self.kind,
            "low": self.low,
            "mode": self.mode,
            "high": self.high,
            "source": self.source,
        }


def parameter_rng(seed: int, name: str) -> np.random.Generator:
    """A generator for the parameter ``name``, independent of every other parameter.

    The stream is keyed by the seed and a hash of the name, so adding, removing or
    reordering other parameters never changes this parameter's draws.

    Parameters
    ----------
    seed
        The run's seed, >= 0.
    name
        Stable parameter name (e.g. ``"swu_per_machine_year:IR-6"``).
    """
    if seed < 0:
        raise DomainError("seed", "an integer >= 0", value=float(seed))
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    key = [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4)]
    return np.random.default_rng(np.random.SeedSequence([seed, *key]))
