"""Sourced parameters of the breakout ensemble, read from ``breakout_ensemble.yaml``.

The file (``lockstep/data/physics/breakout_ensemble.yaml``) holds the structure weights
with their reasons, the share of machines available, hold-up and losses, the
re-piping time of the step ladder, the width of stock bands by the figure's status, and
the weaponization time shown beside (never added to) the material time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from lockstep.errors import DataError
from lockstep.files import load_yaml
from lockstep.parsed_cache import parsed_once
from lockstep.physics.breakout.distributions import Distribution
from lockstep.physics.breakout.result import Percentiles

_PACKAGE = "lockstep.data.physics"
_FILE = "breakout_ensemble.yaml"
_WHERE = f"lockstep/data/physics/{_FILE}"


@dataclass(frozen=True)
class StructureWeight:
    """A model structure of the ensemble and the share of samples that draw it.

    Attributes
    ----------
    name
        Structure name (``swu-budget``, ``batch-recycle``, ...).
    weight
        Probability of drawing it [unitless].
    reason
        Why it is in the ensemble with this weight.
    """

    name: str
    weight: float
    reason: str


@dataclass(frozen=True)
class StockWidth:
    """Range of a stock band relative to its reported mass, for one figure status.

    Attributes
    ----------
    low, high
        Factors on the reported mass [unitless], low <= 1 <= high.
    reason
        Why this width.
    """

    low: float
    high: float
    reason: str


@dataclass(frozen=True)
class EnsembleParameters:
    """Everything the ensemble samples besides the engine's own assumptions."""

    structures: tuple[StructureWeight, ...]
    availability: Distribution
    holdup_loss: Distribution
    reconfiguration_days: Distribution
    stock_width: dict[str, StockWidth]
    weaponization_days: Distribution
    top_step_cascades: Distribution
    machines_per_cascade: int
    machines_per_cascade_source: str

    def width(self, status: str) -> StockWidth:
        """Width of a band whose figure has ``status`` (``other`` when not listed)."""
        return self.stock_width.get(status, self.stock_width["other"])

    def to_dict(self) -> dict[str, object]:
        """Plain mapping for JSON output."""
        return {
            "structures": [
                {"name": s.name, "weight": s.weight, "reason": s.reason} for s in self.structures
            ],
            "availability": self.availability.to_dict(),
            "holdup_loss": self.holdup_loss.to_dict(),
            "reconfiguration_days": self.reconfiguration_days.to_dict(),
            "top_step_cascades": self.top_step_cascades.to_dict(),
            "machines_per_cascade": {
                "value": self.machines_per_cascade,
                "source": self.machines_per_cascade_source,
            },
            "stock_width": {
                k: {"low": w.low, "high": w.high, "reason": w.reason}
                for k, w in self.stock_width.items()
            },
        }


def _distribution(raw: Any, field: str) -> Distribution:
    try:
        return Distribution.triangular(
            float(raw["low"]), float(raw["mode"]), float(raw["high"]), str(raw["source"]).strip()
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{_WHERE}, field {field!r}: expected low, mode, high and source") from exc


def _whole(raw: Any, field: str) -> int:
    try:
        value = int(raw["value"])
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{_WHERE}, field {field!r}: expected value and source") from exc
    if value < 1:
        raise DataError(f"{_WHERE}, field {field!r}: expected a whole number >= 1")
    return value


def parse_parameters(text: str) -> EnsembleParameters:
    """Parse the ensemble parameters file.

    Raises
    ------
    DataError
        Naming the field when a value is missing or out of range.
    """
    import yaml

    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        raise DataError(f"{_WHERE}: not valid YAML ({exc})") from exc
    try:
        structures = tuple(
            StructureWeight(str(name), float(item["weight"]), str(item["reason"]).strip())
            for name, item in raw["structures"].items()
        )
        widths = {
            str(status): StockWidth(float(w["low"]), float(w["high"]), str(w["reason"]).strip())
            for status, w in raw["stock_width"].items()
        }
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataError(f"{_WHERE}: structures or stock_width malformed ({exc})") from exc
    if not math.isclose(sum(s.weight for s in structures), 1.0, abs_tol=1e-9):
        raise DataError(f"{_WHERE}, field 'structures': weights must sum to 1")
    if "other" not in widths or any(not w.low <= 1.0 <= w.high for w in widths.values()):
        raise DataError(f"{_WHERE}, field 'stock_width': low <= 1 <= high, with an 'other' row")
    params = EnsembleParameters(
        structures=structures,
        availability=_distribution(raw.get("availability"), "availability"),
        holdup_loss=_distribution(raw.get("holdup_loss"), "holdup_loss"),
        reconfiguration_days=_distribution(raw.get("reconfiguration_days"), "reconfiguration_days"),
        stock_width=widths,
        weaponization_days=_distribution(raw.get("weaponization_days"), "weaponization_days"),
        top_step_cascades=_distribution(raw.get("top_step_cascades"), "top_step_cascades"),
        machines_per_cascade=_whole(raw.get("machines_per_cascade"), "machines_per_cascade"),
        machines_per_cascade_source=str(raw["machines_per_cascade"]["source"]).strip(),
    )
    if not (params.availability.low > 0 and params.availability.high <= 1):
        raise DataError(f"{_WHERE}, field 'availability': values with 0 < x <= 1")
    if not (params.holdup_loss.low >= 0 and params.holdup_loss.high < 1):
        raise DataError(f"{_WHERE}, field 'holdup_loss': values with 0 <= x < 1")
    return params


@cache
@parsed_once("ensemble-parameters")
def ensemble_parameters() -> EnsembleParameters:
    """The packaged ensemble parameters (read once)."""
    text = resources.files(_PACKAGE).joinpath(_FILE).read_text(encoding="utf-8")
    return parse_parameters(text)


def triangular_quantile(dist: Distribution, level: float) -> float:
    """Quantile of a triangular (or fixed) distribution at ``level`` in [0, 1]."""
    a, c, b = dist.low, dist.mode, dist.high
    if b == a:
        return a
    split = (c - a) / (b - a)
    if level <= split:
        return a + math.sqrt(level * (b - a) * (c - a))
    return b - math.sqrt((1 - level) * (b - a) * (b - c))


def weaponization_days() -> Percentiles:
    """P10/P50/P90 of the time from enough weapon-grade uranium to a first device [days].

    Shown beside the material time, never added to it. Exact quantiles of the sourced
    triangular distribution in ``breakout_ensemble.yaml`` (no sampling: same for every
    seed).
    """
    dist = ensemble_parameters().weaponization_days
    return Percentiles(*(round(triangular_quantile(dist, q), 1) for q in (0.1, 0.5, 0.9)))
