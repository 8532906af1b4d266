"""Sneakout: days to a quantity in an undeclared plant that must first be built.

Breakout at declared sites uses the machines the IAEA has counted. Sneakout asks how
long an undeclared plant would take, fed from a stock whose location the IAEA cannot
verify (after June 2025, the 60 % stock). Every sample draws (``data/physics/
sneakout.yaml``, each parameter with a range, a status and sources):

* the plant's machines N, the machines already made M0 and the rotor production r
  [machines/yr]: making the rest takes max(0, N - M0) / r years;
* the construction of the hall C [days], which runs at the same time;
* commissioning K [days] once the last machine is in (passivation, cascade tests);
* the machines' output (centrifuge catalogue) and the cascade effectiveness;
* the stock's mass, over the record's range (``value_low``/``value_high``) or, where the
  record gives none, over a retrievable share of the last figure.

The plant is ready after max(C, making) + K days; it then does the separative work of
one quantity from the stock at the highest tails the stock allows within the tails
band of its assay (physics.md section 2.1). Days to the first quantity = ready +
work / capacity. The result is reported apart from breakout at declared sites.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from lockstep.errors import DataError, DomainError
from lockstep.files import load_yaml
from lockstep.physics._checks import FloatArray
from lockstep.physics.breakout.distributions import Distribution, parameter_rng
from lockstep.physics.breakout.inputs import Assumptions, Quantity
from lockstep.physics.breakout.result import Percentiles
from lockstep.physics.enrichment import _value

_FILE = "sneakout.yaml"
_PACKAGE = "lockstep.data.physics"
#: Parameters the file must give, in the order reported.
PARAMETERS: tuple[str, ...] = (
    "construction_days",
    "plant_machines",
    "machines_on_hand",
    "rotor_production_per_year",
    "commissioning_days",
    "stock_available_fraction",
)
_STATUSES = ("reported", "computed", "assumption")


@dataclass(frozen=True)
class SneakoutParameter:
    """One sampled input of the sneakout model.

    Attributes
    ----------
    name
        Parameter name (its unit is in the name, see ``meaning``).
    distribution
        Triangular range.
    status
        ``reported``, ``computed`` or ``assumption``.
    meaning
        What it is, with its unit.
    basis
        Why this range.
    sources
        Sources.
    """

    name: str
    distribution: Distribution
    status: str
    meaning: str
    basis: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain mapping for JSON output."""
        d = self.distribution
        return {
            "low": d.low,
            "mode": d.mode,
            "high": d.high,
            "status": self.status,
            "meaning": self.meaning,
            "basis": self.basis,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class SneakoutParameters:
    """The sneakout file: the plant's centrifuge model and the sampled parameters."""

    centrifuge_model: str
    centrifuge_model_basis: str
    parameters: Mapping[str, SneakoutParameter]

    def __getitem__(self, name: str) -> SneakoutParameter:
        return self.parameters[name]


def parse_sneakout(text: str, file: str = _FILE) -> SneakoutParameters:
    """Validate the sneakout parameter file.

    Raises
    ------
    DataError
        Naming the file, the parameter and what was expected.
    """
    doc = load_yaml(text)
    if not isinstance(doc, dict):
        raise DataError("expected a mapping", file=file)
    model = doc.get("centrifuge_model")
    if not isinstance(model, str) or not model.strip():
        raise DataError("expected a centrifuge model", file=file, field="centrifuge_model")
    entries = doc.get("parameters")
    if not isinstance(entries, dict):
        raise DataError("expected a mapping of parameters", file=file, field="parameters")
    params: dict[str, SneakoutParameter] = {}
    for name in PARAMETERS:
        entry = entries.get(name)
        if not isinstance(entry, dict):
            raise DataError("missing parameter", file=file, field=name)
        try:
            low, mode, high = (float(entry[k]) for k in ("low", "mode", "high"))
        except (KeyError, TypeError, ValueError):
            raise DataError("expected numbers low, mode, high", file=file, field=name) from None
        if not (math.isfinite(low + mode + high) and 0 <= low <= mode <= high):
            raise DataError("expected 0 <= low <= mode <= high", file=file, field=name)
        status = entry.get("status")
        if status not in _STATUSES:
            raise DataError(f"expected status one of {', '.join(_STATUSES)}", file=file, field=name)
        sources = entry.get("sources")
        if not isinstance(sources, list) or not sources:
            raise DataError("expected a non-empty list of sources", file=file, field=name)
        meaning, basis = entry.get("meaning"), entry.get("basis")
        if not isinstance(meaning, str) or not isinstance(basis, str):
            raise DataError("expected text 'meaning' and 'basis'", file=file, field=name)
        source = "; ".join(str(s) for s in sources)
        params[name] = SneakoutParameter(
            name,
            Distribution.triangular(low, mode, high, source),
            status,
            meaning.strip(),
            " ".join(basis.split()),
            tuple(str(s) for s in sources),
        )
    if params["stock_available_fraction"].distribution.high > 1.0:
        raise DataError("expected a share <= 1", file=file, field="stock_available_fraction")
    return SneakoutParameters(
        model.strip(), " ".join(str(doc.get("centrifuge_model_basis", "")).split()), params
    )


@cache
def sneakout_parameters() -> SneakoutParameters:
    """The packaged sneakout parameters (``data/physics/sneakout.yaml``)."""
    text = resources.files(_PACKAGE).joinpath(_FILE).read_text(encoding="utf-8")
    return parse_sneakout(text)


@dataclass(frozen=True)
class SneakoutResult:
    """Days to the first quantity in an undeclared plant, with its parts.

    Attributes
    ----------
    first_quantity_days
        Plant ready plus enrichment [days].
    plant_ready_days
        Construction or machine making (the longer), plus commissioning [days].
    enrichment_days
        Separative work of the first quantity over the plant's capacity [days].
    quantities_possible
        Whole quantities the stock can supply (at the band's highest tails).
    stock_kg_u
        The stock fed [kg U].
    samples, seed
        Monte Carlo sample count and seed.
    sensitivity
        Rank correlation of each sampled input with the days to the first quantity.
    first_quantity_samples
        The samples of ``first_quantity_days``.
    """

    first_quantity_days: Percentiles
    plant_ready_days: Percentiles
    enrichment_days: Percentiles
    quantities_possible: Percentiles
    stock_kg_u: Percentiles
    samples: int
    seed: int
    sensitivity: tuple[tuple[str, float], ...]
    first_quantity_samples: FloatArray


def _rank(x: FloatArray) -> FloatArray:
    r = np.empty(x.size)
    r[np.argsort(x, kind="stable")] = np.arange(x.size)
    return r


def sneakout(
    stock_kg_u: Distribution,
    stock_assay: float,
    swu_per_machine_year: Distribution,
    *,
    quantity: Quantity | None = None,
    assumptions: Assumptions | None = None,
    parameters: SneakoutParameters | None = None,
    samples: int = 10_000,
    seed: int = 0,
) -> SneakoutResult:
    """Sample the sneakout model (see the module docstring).

    Parameters
    ----------
    stock_kg_u
        Mass of the stock that can be fed [kg U] (already reduced to what is retrievable).
    stock_assay
        Its U-235 fraction [unitless], below the quantity's assay.
    swu_per_machine_year
        Output of one of the plant's machines [kg-SWU/yr].
    quantity
        Quantity of concern (default 25 kg of 90 %).
    assumptions
        Effectiveness, tails bands and days per year (default :class:`Assumptions`).
    parameters
        Plant parameters (default the packaged file).
    samples, seed
        Monte Carlo samples (>= 1) and seed (>= 0).

    Returns
    -------
    SneakoutResult
    """
    quantity = quantity or Quantity.wgu25()
    assumptions = assumptions or Assumptions()
    params = parameters or sneakout_parameters()
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise DomainError("samples", "a whole number >= 1")
    if not 0.0 < stock_assay < quantity.assay:
        raise DomainError("stock_assay", "a U-235 fraction below the quantity's assay")

    def draw(name: str, dist: Distribution) -> FloatArray:
        return dist.sample(parameter_rng(seed, f"sneakout:{name}"), samples)

    sampled = {name: draw(name, params[name].distribution) for name in PARAMETERS}
    sampled["stock_kg_u"] = draw("stock_kg_u", stock_kg_u)
    sampled["swu_per_machine_year"] = draw("swu_per_machine_year", swu_per_machine_year)
    sampled["effectiveness"] = draw("effectiveness", assumptions.effectiveness)
    dpy = assumptions.days_per_year
    machines = np.maximum(np.round(sampled["plant_machines"]), 1.0)
    to_make = np.maximum(machines - np.round(sampled["machines_on_hand"]), 0.0)
    rate = sampled["rotor_production_per_year"]
    with np.errstate(divide="ignore", invalid="ignore"):
        making = np.where(to_make > 0, to_make / rate * dpy, 0.0)
    ready = np.maximum(sampled["construction_days"], making) + sampled["commissioning_days"]
    mass = sampled["stock_kg_u"]
    p, xp, xf = quantity.mass_kg_u, quantity.assay, stock_assay
    _, high = assumptions.tails.bounds(xf)
    with np.errstate(divide="ignore", invalid="ignore"):
        forced = (mass * xf - p * xp) / (mass - p)
    possible = (mass > p) & (forced > 0)
    xt = np.where(possible, np.minimum(np.where(possible, forced, high), high), high)
    feed = p * (xp - xt) / (xf - xt)
    work = p * _value(np.asarray(xp)) + (feed - p) * _value(xt) - feed * _value(np.asarray(xf))
    capacity = machines * sampled["swu_per_machine_year"] * sampled["effectiveness"]
    with np.errstate(divide="ignore"):
        enrich = np.where(possible & (capacity > 0), work / capacity * dpy, np.inf)
    total = ready + enrich
    count = np.floor(mass * (xf - high) / (p * (xp - high)) + 1e-9)
    count = np.maximum(count, np.where(possible, 1.0, 0.0)).astype(np.int64)
    ranks = _rank(total) if np.isfinite(total).all() and np.ptp(total) > 0 else None
    sens = []
    for name, values in sampled.items():
        if ranks is None or np.ptp(values) == 0:
            rho = 0.0
        else:
            rho = float(np.corrcoef(_rank(values), ranks)[0, 1])
        sens.append((name, rho))
    sens.sort(key=lambda item: (-abs(item[1]), item[0]))
    return SneakoutResult(
        first_quantity_days=Percentiles.of(total),
        plant_ready_days=Percentiles.of(ready),
        enrichment_days=Percentiles.of(enrich),
        quantities_possible=Percentiles.of_counts(count),
        stock_kg_u=Percentiles.of(mass),
        samples=samples,
        seed=seed,
        sensitivity=tuple(sens),
        first_quantity_samples=total,
    )
