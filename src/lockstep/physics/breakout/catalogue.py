"""Separative output per machine-year of each centrifuge model, as a distribution.

:func:`swu_distribution` is the one place the breakout engine gets a model's output.
It prefers the project's centrifuge catalogue (``lockstep.physics.centrifuges``, which
reads ``lockstep/data/physics/centrifuges.csv``) when that module is importable, and
otherwise uses the small fallback table below, copied with its sources from the
project's reference table ``shared/reference/physics/centrifuges.csv``.

Output is a triangular distribution on (low, central, high) [kg-SWU per machine-year,
uranium basis]: the central value is the most likely, the range is bounded, and no
value outside the sourced range is ever drawn.

The operational cross-checks behind the IR-1 and IR-6 ranges (output inferred from
IAEA-reported production rates) are worked in ``docs/breakout.md``.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lockstep.errors import DomainError
from lockstep.physics.breakout.distributions import Distribution


@dataclass(frozen=True)
class CentrifugeOutput:
    """Output range of one centrifuge model.

    Attributes
    ----------
    model
        Model name (e.g. ``"IR-6"``).
    low, central, high
        Separative output [kg-SWU per machine-year].
    source
        Sources of the range.
    confidence
        ``high``, ``medium`` or ``low``.
    """

    model: str
    low: float
    central: float
    high: float
    source: str
    confidence: str

    def distribution(self, origin: str) -> Distribution:
        """The triangular distribution of this output, its source naming ``origin``."""
        return Distribution.triangular(
            self.low,
            self.central,
            self.high,
            f"{origin}: {self.source} (confidence {self.confidence})",
        )


#: Fallback table: rows of shared/reference/physics/centrifuges.csv (IR family only).
FALLBACK_TABLE: dict[str, CentrifugeOutput] = {
    row.model: row
    for row in (
        CentrifugeOutput(
            "IR-1",
            0.5,
            0.75,
            1.0,
            "operational, IAEA-derived: ISIS 2011 (5,860 IR-1 for ~150 kg UF6/month of "
            "3.5 % LEU = 0.76 SWU/yr, recomputed in docs/breakout.md); Heinonen 2015 "
            "0.75-1.0; https://isis-online.org/isis-reports/detail/test1",
            "high",
        ),
        CentrifugeOutput(
            "IR-2m",
            3.0,
            4.0,
            5.0,
            "assessed: ISIS 2025 (advanced types exceed IR-1 more than fourfold); "
            "http://isis-online.org/isis-reports/detail/irans-advanced-centrifuges",
            "medium",
        ),
        CentrifugeOutput(
            "IR-4",
            2.5,
            3.5,
            5.0,
            "assessed: similar to IR-2m per ISIS 2011/2014, less reliable; "
            "http://isis-online.org/isis-reports/detail/irans-advanced-centrifuges",
            "medium",
        ),
        CentrifugeOutput(
            "IR-5",
            1.5,
            2.5,
            5.0,
            "placeholder, no reliable public output data (R&D machine); "
            "https://www.iranwatch.org/our-publications/weapon-program-background-report/"
            "irans-centrifuges-models-status",
            "low",
        ),
        CentrifugeOutput(
            "IR-6",
            3.5,
            4.5,
            6.8,
            "assessed: ISIS 2022 operating performance; Fordow 60 % production rates "
            "imply 4.0-6.5 (docs/breakout.md); "
            "https://isis-online.org/isis-reports/detail/the-ir-6-centrifuge-needs-"
            "further-development",
            "medium",
        ),
        CentrifugeOutput(
            "IR-6s",
            2.0,
            3.0,
            5.0,
            "placeholder scaled from IR-6 by rotor length (R&D machine)",
            "low",
        ),
        CentrifugeOutput(
            "IR-8",
            8.0,
            12.0,
            20.0,
            "discounted claim (ISIS 2014: claimed output inflated); "
            "https://isis-online.org/isis-reports/detail/technical-note-making-sense-out-"
            "of-the-ir-8-centrifuge",
            "low",
        ),
        CentrifugeOutput(
            "IR-9",
            15.0,
            25.0,
            50.0,
            "discounted claim (AEOI 2019/2021: 40-50 SWU/yr), no operating data",
            "low",
        ),
    )
}

_CATALOGUE_MODULE = "lockstep.physics.centrifuges"


@functools.lru_cache(maxsize=256)
def canonical_model(name: str) -> str:
    """Spell a model name as the catalogue does (``"ir-2M"`` -> ``"IR-2m"``)."""
    cleaned = name.strip()
    upper = cleaned.upper().replace(" ", "")
    for known in (*FALLBACK_TABLE, *_catalogue_models()):
        if known.upper().replace(" ", "") == upper:
            return known
    return cleaned


def known_models() -> tuple[str, ...]:
    """Every model name with an output range (catalogue first, then fallback)."""
    names = list(_catalogue_models())
    names.extend(m for m in FALLBACK_TABLE if m not in names)
    return tuple(names)


@functools.lru_cache(maxsize=256)
def swu_distribution(model: str) -> Distribution:
    """Output of one machine of ``model`` [kg-SWU per machine-year], as a distribution.

    Parameters
    ----------
    model
        Centrifuge model (case-insensitive, e.g. ``"IR-6"``).

    Returns
    -------
    Distribution
        Triangular (low, central, high) with its sources.

    Raises
    ------
    DomainError
        If the model is unknown.
    """
    name = canonical_model(model)
    found = _from_catalogue(name)
    if found is not None:
        return found.distribution("centrifuge catalogue")
    if name in FALLBACK_TABLE:
        return FALLBACK_TABLE[name].distribution("breakout fallback table")
    raise DomainError("model", f"a known centrifuge model ({', '.join(known_models())})")


# The catalogue module belongs to the enrichment-physics part of the project; it is
# read through duck typing so this engine works with it or without it.


def _catalogue() -> Any | None:
    try:
        return importlib.import_module(_CATALOGUE_MODULE)
    except ImportError:
        return None


@functools.lru_cache(maxsize=1)
def _catalogue_rows() -> tuple[Any, ...]:
    module = _catalogue()
    if module is None:
        return ()
    for loader_name in ("load_catalogue", "load_centrifuges", "catalogue", "load"):
        loader: Callable[[], Any] | None = getattr(module, loader_name, None)
        if callable(loader):
            try:
                rows = loader()
            except (TypeError, ValueError, OSError):
                continue
            if isinstance(rows, Mapping):
                return tuple(rows.values())
            if isinstance(rows, Iterable):
                return tuple(rows)
    return ()


def _field(row: Any, *names: str) -> Any:
    for name in names:
        if isinstance(row, Mapping) and name in row:
            return row[name]
        if hasattr(row, name):
            return getattr(row, name)
    return None


def _as_output(row: Any) -> CentrifugeOutput | None:
    model = _field(row, "model", "name")
    low = _field(row, "swu_low", "low_swu_per_machine_year", "swu_per_year_low", "low")
    central = _field(
        row, "swu_central", "central_swu_per_machine_year", "swu_per_year_central", "central"
    )
    high = _field(row, "swu_high", "high_swu_per_machine_year", "swu_per_year_high", "high")
    try:
        lo, mid, hi = float(low), float(central), float(high)
    except (TypeError, ValueError):
        return None
    if not (isinstance(model, str) and 0 <= lo <= mid <= hi):
        return None
    source = _field(row, "sources", "source") or ""
    if isinstance(source, tuple | list):
        source = "; ".join(str(s) for s in source)
    basis = _field(row, "basis")
    text = f"{basis}; {source}" if basis else str(source)
    confidence = _field(row, "confidence") or "unstated"
    return CentrifugeOutput(model, lo, mid, hi, text, str(confidence))


@functools.lru_cache(maxsize=1)
def _catalogue_outputs() -> tuple[CentrifugeOutput, ...]:
    # Read once: every fleet of every history date asks for its models' outputs.
    return tuple(o for o in map(_as_output, _catalogue_rows()) if o is not None)


def _catalogue_models() -> tuple[str, ...]:
    return tuple(output.model for output in _catalogue_outputs())


def _from_catalogue(model: str) -> CentrifugeOutput | None:
    for output in _catalogue_outputs():
        if output.model == model:
            return output
    return None
