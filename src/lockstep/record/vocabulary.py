"""The record's vocabularies, read from the packaged YAML files.

``quantities.yaml`` (units, qualifiers, quantities), ``bands.yaml`` (IAEA categories and
their representative assays) and ``vocabulary.yaml`` (parties, event kinds, sanctions
measures and effects), all under ``lockstep/data/record/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from lockstep.errors import DataError
from lockstep.files import load_yaml
from lockstep.parsed_cache import parsed_once

DATA_PACKAGE = "lockstep.data.record"


@dataclass(frozen=True)
class Unit:
    """A unit a data file may use.

    Attributes
    ----------
    name
        Unit id (``kg_u``, ``pct``...).
    library_unit
        The library unit it converts to (itself for library units).
    factor
        Multiplier to the library unit (``None`` for a special conversion such as UF6).
    description
        What the unit is.
    """

    name: str
    library_unit: str
    factor: float | None
    description: str


@dataclass(frozen=True)
class Quantity:
    """A quantity of the vocabulary.

    Attributes
    ----------
    name
        Quantity id (e.g. ``enriched_uranium_stock``).
    unit
        Library unit of its values.
    accepts
        Units a data file may use.
    kind
        ``number``, ``count``, ``assay``, ``bool`` or ``category``.
    minimum
        Lowest allowed value in the library unit, if any.
    required
        Qualifiers every row must give.
    optional
        Qualifiers a row may give.
    values
        Allowed values per qualifier (and ``value`` for categories).
    description
        What the quantity is.
    """

    name: str
    unit: str
    accepts: tuple[str, ...]
    kind: str
    minimum: float | None
    required: tuple[str, ...]
    optional: tuple[str, ...]
    values: dict[str, tuple[str, ...]]
    description: str

    @property
    def qualifiers(self) -> tuple[str, ...]:
        """All qualifiers the quantity accepts."""
        return self.required + self.optional


@dataclass(frozen=True)
class NominalAssay:
    """A representative assay of a band from a date on, with its source."""

    start: dt.date
    assay: float
    source: str
    url: str
    reason: str


@dataclass(frozen=True)
class Band:
    """An IAEA enrichment-level category.

    Attributes
    ----------
    name
        Band id (``up_to_2pct``...).
    assay_low, assay_high
        Bounds of the band [unitless U-235 fraction].
    nominal
        Representative assays by date, oldest first.
    """

    name: str
    assay_low: float
    assay_high: float
    nominal: tuple[NominalAssay, ...]

    def nominal_assay(self, date: dt.date | None) -> float:
        """Representative assay [unitless] for material reported as of ``date``."""
        chosen = self.nominal[0]
        for entry in self.nominal:
            if date is not None and entry.start <= date:
                chosen = entry
        return chosen.assay


@dataclass(frozen=True)
class Vocabulary:
    """Everything the loader checks names against."""

    units: dict[str, Unit]
    qualifier_values: dict[str, tuple[str, ...]]
    qualifier_descriptions: dict[str, str]
    quantities: dict[str, Quantity]
    bands: dict[str, Band]
    parties: dict[str, str]
    kinds: dict[str, str]
    effects: dict[str, bool]
    effect_descriptions: dict[str, str]
    measures: dict[str, dict[str, str]]

    def allowed(self, quantity: Quantity, qualifier: str) -> tuple[str, ...]:
        """Allowed values of ``qualifier`` for ``quantity``."""
        return quantity.values.get(qualifier, self.qualifier_values.get(qualifier, ()))


def _read_yaml(name: str) -> Any:
    import yaml

    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        raise DataError(f"invalid YAML: {exc}", file=name) from exc


def _mapping(value: Any, file: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DataError(f"expected a mapping at {where}", file=file, field=where)
    return value


def _date(value: Any, file: str, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DataError(
            f"expected a date YYYY-MM-DD, got {value!r}", file=file, field=where
        ) from exc


def _quantities(
    raw: dict[str, Any], file: str
) -> tuple[dict[str, Unit], dict[str, tuple[str, ...]], dict[str, str], dict[str, Quantity]]:
    units: dict[str, Unit] = {}
    for name, spec in _mapping(raw.get("units"), file, "units").items():
        spec = _mapping(spec, file, f"units.{name}")
        library = bool(spec.get("library", False))
        target = name if library else str(spec.get("to", ""))
        factor = 1.0 if library else spec.get("factor")
        units[name] = Unit(
            name, target, float(factor) if factor is not None else None, str(spec["description"])
        )
    qualifiers = _mapping(raw.get("qualifiers"), file, "qualifiers")
    qvalues = {
        k: tuple(str(v) for v in _mapping(s, file, f"qualifiers.{k}")["values"])
        for k, s in qualifiers.items()
    }
    qdesc = {k: str(s.get("description", "")) for k, s in qualifiers.items()}
    quantities: dict[str, Quantity] = {}
    for name, spec in _mapping(raw.get("quantities"), file, "quantities").items():
        spec = _mapping(spec, file, f"quantities.{name}")
        quals = _mapping(spec.get("qualifiers") or {}, file, f"quantities.{name}.qualifiers")
        for q, need in quals.items():
            if q not in qvalues:
                raise DataError(f"unknown qualifier {q!r}", file=file, field=f"quantities.{name}")
            if need not in ("required", "optional"):
                raise DataError(
                    "expected 'required' or 'optional'", file=file, field=f"quantities.{name}.{q}"
                )
        accepts = tuple(str(u) for u in spec.get("accepts", [spec["unit"]]))
        for u in (*accepts, spec["unit"]):
            if u not in units:
                raise DataError(f"unknown unit {u!r}", file=file, field=f"quantities.{name}")
        values = {str(k): tuple(str(x) for x in v) for k, v in (spec.get("values") or {}).items()}
        quantities[name] = Quantity(
            name=name,
            unit=str(spec["unit"]),
            accepts=accepts,
            kind=str(spec["kind"]),
            minimum=float(spec["min"]) if "min" in spec else None,
            required=tuple(q for q, need in quals.items() if need == "required"),
            optional=tuple(q for q, need in quals.items() if need == "optional"),
            values=values,
            description=str(spec.get("description", "")),
        )
    return units, qvalues, qdesc, quantities


def _bands(raw: dict[str, Any], file: str) -> dict[str, Band]:
    bands: dict[str, Band] = {}
    for name, spec in raw.items():
        spec = _mapping(spec, file, name)
        nominal = tuple(
            sorted(
                (
                    NominalAssay(
                        start=_date(entry["from"], file, f"{name}.nominal.from"),
                        assay=float(entry["assay"]),
                        source=str(entry["source"]),
                        url=str(entry.get("url", "")),
                        reason=" ".join(str(entry.get("reason", "")).split()),
                    )
                    for entry in spec["nominal"]
                ),
                key=lambda n: n.start,
            )
        )
        band = Band(name, float(spec["assay_low"]), float(spec["assay_high"]), nominal)
        for entry in nominal:
            if not band.assay_low <= entry.assay <= band.assay_high:
                raise DataError(
                    f"nominal assay {entry.assay} outside the band "
                    f"[{band.assay_low}, {band.assay_high}]",
                    file=file,
                    field=f"{name}.nominal",
                )
        bands[name] = band
    return bands


@lru_cache(maxsize=1)
@parsed_once("record-vocabulary")
def vocabulary() -> Vocabulary:
    """The packaged vocabularies (read once)."""
    units, qvalues, qdesc, quantities = _quantities(
        _mapping(_read_yaml("quantities.yaml"), "quantities.yaml", "top"), "quantities.yaml"
    )
    bands = _bands(_mapping(_read_yaml("bands.yaml"), "bands.yaml", "top"), "bands.yaml")
    events = _mapping(_read_yaml("vocabulary.yaml"), "vocabulary.yaml", "top")
    effects = _mapping(events.get("effects"), "vocabulary.yaml", "effects")
    measures = _mapping(events.get("measures"), "vocabulary.yaml", "measures")
    parties = {
        str(k): str(v)
        for k, v in _mapping(events.get("parties"), "vocabulary.yaml", "parties").items()
    }
    for name, spec in measures.items():
        if spec.get("party") not in parties:
            raise DataError(
                f"unknown party {spec.get('party')!r}",
                file="vocabulary.yaml",
                field=f"measures.{name}",
            )
    return Vocabulary(
        units=units,
        qualifier_values=qvalues,
        qualifier_descriptions=qdesc,
        quantities=quantities,
        bands=bands,
        parties=parties,
        kinds={
            str(k): str(v)
            for k, v in _mapping(events.get("kinds"), "vocabulary.yaml", "kinds").items()
        },
        effects={str(k): bool(v["in_force"]) for k, v in effects.items()},
        effect_descriptions={str(k): str(v.get("description", "")) for k, v in effects.items()},
        measures={str(k): {str(a): str(b) for a, b in v.items()} for k, v in measures.items()},
    )
