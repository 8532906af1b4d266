"""The catalogue of return measures: its schema (loading: ``catalogue_file``).

A catalogue lists every step each party takes in a return to a target regime (the
2015 JCPOA by default): who acts, which obligation the step discharges, how long it
takes, what must come first, who verifies it and how long that takes, how reversible
it is, what it is worth to the other side under each party's lens, and what it does
to Iran's program (stocks, centrifuges, monitoring) or to the sanctions in force.

Every number in a catalogue carries its provenance: a ``source`` or a ``judgement``
with a reason (``provenance`` of each measure, keyed by field group). The loader
(``lockstep.roadmap.catalogue_file``, running the checks of ``catalogue_checks``)
refuses a catalogue with a missing provenance, a cycle in the prerequisites, an
unknown measure or party, a negative duration, lens values that do not sum to 100 per
side, or an impossible release date, naming the file, line, measure and field.

The format is documented in ``docs/roadmap.md``; see ``model.md`` (shared reference)
for the model it feeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: Parties that can owe a measure. ``IR`` is the nuclear side; the others deliver relief.
PARTIES: tuple[str, ...] = ("IR", "US", "EU", "E3", "UNSC")
Party = Literal["IR", "US", "EU", "E3", "UNSC"]
#: The two sides whose progress the gap compares.
Side = Literal["nuclear", "relief"]
#: Value lenses: whose judgement of what a step is worth to the other side.
LENSES: tuple[str, ...] = ("us", "iran")
Lens = Literal["us", "iran"]
Kind = Literal["physical", "legal", "financial", "transparency", "humanitarian"]
Relation = Literal["end_start", "verified_start", "end_end"]
MachineStatus = Literal["enriching", "idle", "stored", "destroyed"]
Monitoring = Literal["none", "csa_only", "csa_ap", "jcpoa_full"]
#: Monitoring levels from least to most access.
MONITORING_ORDER: tuple[str, ...] = ("none", "csa_only", "csa_ap", "jcpoa_full")
#: Provenance keys a measure may carry (``*`` covers every group).
PROVENANCE_KEYS: tuple[str, ...] = (
    "*",
    "duration",
    "quantity",
    "verification",
    "release",
    "value",
    "reversibility",
    "effects",
)

_ASSAY_TOL = 1e-9


def side_of(party: str) -> Side:
    """The side a party's measures count on: ``nuclear`` for Iran, ``relief`` otherwise."""
    return "nuclear" if party == "IR" else "relief"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Provenance(_Model):
    """Where a number comes from: a source, or a judgement with its reason."""

    source: str | None = None
    url: str | None = None
    judgement: bool = False
    reason: str | None = None

    @model_validator(mode="after")
    def _sourced_or_judged(self) -> Provenance:
        if self.source is None and not (self.judgement and self.reason):
            raise ValueError("give 'source', or 'judgement: true' with a 'reason'")
        return self

    def describe(self) -> str:
        """One line: the source (and address) or the judgement's reason."""
        if self.source is not None:
            return f"{self.source} <{self.url}>" if self.url else self.source
        return f"judgement: {self.reason}"


NonNegInt = Annotated[int, Field(ge=0)]
Fraction = Annotated[float, Field(gt=0.0, lt=1.0)]


class Prerequisite(_Model):
    """Another measure that must come first, with the relation and a lag [days]."""

    measure: str
    relation: Relation = "end_start"
    lag_days: NonNegInt = 0


class Verification(_Model):
    """Who verifies a measure and how long after completion [days]."""

    verifier: str
    lag_days: int
    lag_range_days: tuple[int, int] | None = None


class Divisibility(_Model):
    """How a measure may be split into tranches (used by the optimized strategy)."""

    max_tranches: Annotated[int, Field(ge=2, le=12)]
    sequential: bool = False
    tranche_duration_days: int | None = None


class Reversibility(_Model):
    """How a measure can be undone: time to reverse [days] (None: never) and share undone."""

    days: int | None = None
    completeness: Annotated[float, Field(ge=0.0, le=1.0)] = 1.0
    note: str = ""


class HaltProduction(_Model):
    """Stop all production above ``above_assay``."""

    type: Literal["halt_production"]
    above_assay: Fraction


class Export(_Model):
    """Ship material of one assay out of the country (``all`` of it, less ``keep_kg_u``)."""

    type: Literal["export"]
    assay: Fraction
    mass_kg_u: float | Literal["all"] = "all"
    keep_kg_u: Annotated[float, Field(ge=0.0)] = 0.0


class Downblend(_Model):
    """Dilute material of ``from_assay`` to ``to_assay`` with blendstock (natural by default)."""

    type: Literal["downblend"]
    from_assay: Fraction
    to_assay: Fraction
    mass_kg_u: float | Literal["all"] = "all"
    keep_kg_u: Annotated[float, Field(ge=0.0)] = 0.0
    blendstock_assay: Fraction = 0.00711


class Machines(_Model):
    """Change the status of centrifuges of one model (``*``: every model), at one site or all."""

    type: Literal["store", "destroy", "idle"]
    model: str
    site: str | None = None
    count: int | Literal["all"] = "all"
    keep: NonNegInt = 0


class SetMonitoring(_Model):
    """Raise the monitoring regime to ``level``."""

    type: Literal["monitoring"]
    level: Monitoring


class Baseline(_Model):
    """The IAEA has re-established its baseline (continuity of knowledge)."""

    type: Literal["baseline"]


class Relief(_Model):
    """A relief instrument takes effect, releasing ``funds_usd_bn`` where it moves money."""

    type: Literal["relief"]
    instrument: str
    funds_usd_bn: Annotated[float, Field(ge=0.0)] = 0.0


Effect = Annotated[
    HaltProduction | Export | Downblend | Machines | SetMonitoring | Baseline | Relief,
    Field(discriminator="type"),
]


class Measure(_Model):
    """One obligation step of one party (see ``docs/roadmap.md`` for every field)."""

    id: str
    party: Party
    title: str
    obligation: str
    closes: tuple[str, ...] = ()
    because: str = ""
    kind: Kind
    duration_days: int | None = None
    duration_rule: Literal["inara"] | None = None
    quantity: float | Literal["auto"] | None = None
    quantity_unit: str | None = None
    rate_per_day: float | None = None
    rate_range_per_day: tuple[float, float] | None = None
    lead_days: int = 0
    batch: bool = False
    duration_range_days: tuple[int, int] | None = None
    divisible: Divisibility | None = None
    prerequisites: tuple[Prerequisite, ...] = ()
    release_day: int = 0
    release_date: dt.date | None = None
    deadline_day: int | None = None
    verification: Verification
    reversibility: Reversibility = Reversibility()
    value: dict[str, int]
    effects: tuple[Effect, ...] = ()
    escrow: tuple[str, ...] | None = None
    baseline: bool = False
    interim: bool = False
    provenance: dict[str, Provenance] = {}
    notes: str = ""

    @property
    def side(self) -> Side:
        """The side this measure counts on."""
        return side_of(self.party)

    @property
    def obligations_closed(self) -> tuple[str, ...]:
        """Obligation ids this measure closes (``closes``, else its ``obligation``)."""
        return self.closes or (self.obligation,)


class StockSpec(_Model):
    """Enriched uranium at one assay in the initial state."""

    assay: Fraction
    mass_kg_u: Annotated[float, Field(ge=0.0)]
    status: Literal["verified", "estimated", "declared", "unverified"] = "declared"
    mass_range_kg_u: tuple[float, float] | None = None
    provenance: Provenance


class MachineSpec(_Model):
    """Centrifuges of one model at one site in the initial state."""

    site: str
    model: str
    count: NonNegInt
    status: MachineStatus = "enriching"
    swu_per_year: Annotated[float, Field(gt=0.0)]
    swu_range_per_year: tuple[float, float] | None = None
    provenance: Provenance


class ProductionSpec(_Model):
    """Daily production at one assay until a halt measure stops it [kg U/day]."""

    assay: Fraction
    kg_u_per_day: Annotated[float, Field(ge=0.0)]
    provenance: Provenance


class InitialStateSpec(_Model):
    """Iran's program on day 0 as the catalogue assumes it."""

    as_of: dt.date | None = None
    description: str = ""
    stocks: tuple[StockSpec, ...] = ()
    centrifuges: tuple[MachineSpec, ...] = ()
    production: tuple[ProductionSpec, ...] = ()
    monitoring: Monitoring = "none"
    baseline_verified: bool = False
    reinstall_days: NonNegInt = 60
    reinstall_range_days: tuple[int, int] | None = None
    provenance: dict[str, Provenance] = {}


class BreakoutSpec(_Model):
    """Parameters of the breakout ranking device (model.md section 3)."""

    u235_kg: Annotated[float, Field(gt=0.0)] = 25.0
    product_assay: Fraction = 0.90
    tails_assay: Fraction = 0.005
    natural_assay: Fraction = 0.00711
    setup_days: Annotated[float, Field(ge=0.0)] = 0.0
    year_days: Annotated[float, Field(gt=0.0)] = 365.0
    benchmark_days: Annotated[float, Field(gt=0.0)] = 365.0


class PlanDefaults(_Model):
    """Defaults for planning with this catalogue (overridable on the command line).

    ``sync_band`` [points]: the symmetric ``sync`` strategy keeps each side's progress
    within this band of the other side's verified progress (None: escrow pairs only, as
    in model.md section 7).
    """

    horizon_days: Annotated[int, Field(ge=1, le=5000)] = 365
    tau: NonNegInt = 100
    sigma_us: NonNegInt = 10
    sigma_iran: NonNegInt | None = None
    lens: Lens = "us"
    response_window_days: NonNegInt = 90
    sync_band: NonNegInt | None = None


class LessForLess(_Model):
    """The subset of measures of an interim deal and its escrow pairs."""

    measures: tuple[str, ...]
    pairs: dict[str, tuple[str, ...]] | None = None


class StrategyHints(_Model):
    """Per-catalogue choices for the rule-based strategies."""

    step_by_step: tuple[tuple[str | tuple[str, ...], ...], ...] | None = None
    less_for_less: LessForLess | None = None


class CatalogueSpec(_Model):
    """A whole catalogue file."""

    schema_version: Literal[1]
    id: str
    title: str
    description: str = ""
    target: str = "jcpoa2015"
    day0: dt.date | None = None
    defaults: PlanDefaults = PlanDefaults()
    initial_state: InitialStateSpec
    breakout: BreakoutSpec = BreakoutSpec()
    measures: tuple[Measure, ...]
    strategies: StrategyHints = StrategyHints()
    provenance_default: Provenance | None = None
    notes: tuple[str, ...] = ()

    def measure(self, measure_id: str) -> Measure:
        """The measure with id ``measure_id``."""
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)


class Catalogue:
    """A validated catalogue and the file it came from.

    Attributes
    ----------
    spec
        The validated content.
    source
        File name (or ``<dict>``) used in error messages.
    """

    def __init__(self, spec: CatalogueSpec, source: str) -> None:
        self.spec = spec
        self.source = source

    @property
    def measures(self) -> tuple[Measure, ...]:
        """The measures, in file order."""
        return self.spec.measures

    def __repr__(self) -> str:
        return f"Catalogue({self.spec.id!r}, {len(self.spec.measures)} measures)"


def line_for(lines: Mapping[tuple[Any, ...], int], loc: Sequence[Any]) -> int | None:
    """Line of the deepest known key path that prefixes ``loc`` (None if unknown)."""
    path = tuple(loc)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def data_file(name: str) -> Traversable:
    """A packaged file under ``lockstep/data/roadmap/``."""
    return resources.files("lockstep").joinpath("data", "roadmap", *name.split("/"))


def packaged_catalogues() -> tuple[str, ...]:
    """Names of the catalogues shipped with the package."""
    return ("default", "worked_example")


def iter_effects(spec: CatalogueSpec) -> Iterator[tuple[Measure, Effect]]:
    """Every (measure, effect) pair of a catalogue."""
    for m in spec.measures:
        for e in m.effects:
            yield m, e


def approx_assay(a: float, b: float) -> bool:
    """Whether two assays name the same stock."""
    return abs(a - b) <= _ASSAY_TOL
