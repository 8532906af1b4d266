"""Input types of the breakout engine: stocks, fleets, the quantity and the assumptions.

These are the engine's own types, independent of the record: an adapter in
``lockstep.assessment`` builds them from a ``ProgramState`` or a scenario file. All
values are in library units: assays as U-235 mass fractions, masses in kg U, outputs in
kg-SWU per machine-year, durations in days.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Literal

from lockstep.errors import DomainError
from lockstep.physics.breakout.distributions import Distribution
from lockstep.physics.enrichment import DAYS_PER_YEAR
from lockstep.physics.units import NATURAL_ASSAY

#: Breakout models, chosen by name.
#: Most quantities counted per run; counts at this cap are flagged in the notes.
MAX_QUANTITIES = 500

BreakoutModel = Literal["ensemble", "swu-budget", "batch-recycle", "stage-cascade"]
MODELS: tuple[BreakoutModel, ...] = ("ensemble", "swu-budget", "batch-recycle", "stage-cascade")


def check_model(model: str) -> BreakoutModel:
    """Return ``model`` if it names a breakout model, else raise :class:`DomainError`."""
    for known in MODELS:
        if model == known:
            return known
    raise DomainError("model", f"one of {', '.join(MODELS)} (got {model!r})")


def _fraction(value: float, name: str) -> None:
    if not (isinstance(value, int | float) and 0.0 < value < 1.0):
        raise DomainError(name, "a U-235 fraction with 0 < x < 1", value=_num(value))


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


@dataclass(frozen=True)
class Stock:
    """A stock of uranium available as feed.

    Attributes
    ----------
    assay
        U-235 fraction [unitless], 0 < x < 1.
    mass_kg_u
        Mass [kg U], >= 0.
    label
        Name of the stock (e.g. the IAEA band ``up_to_60pct``).
    source
        Where the figure comes from (report symbol and paragraph).
    status
        How the figure is known (``verified``, ``estimated``, ``declared``,
        ``unverified``, ``assumed``).
    figure_as_of
        Date the figure refers to, if known.
    mass_low_kg_u, mass_high_kg_u
        Range of the mass where the source gives one [kg U] (the record's
        ``value_low``/``value_high``); None: the ensemble uses the width for the
        figure's status.
    """

    assay: float
    mass_kg_u: float
    label: str = ""
    source: str = ""
    status: str = ""
    figure_as_of: dt.date | None = None
    mass_low_kg_u: float | None = None
    mass_high_kg_u: float | None = None

    def __post_init__(self) -> None:
        _fraction(self.assay, f"stock {self.label!r} assay")
        m = self.mass_kg_u
        if not (isinstance(m, int | float) and math.isfinite(m) and m >= 0):
            raise DomainError(f"stock {self.label!r} mass_kg_u", "a mass >= 0", value=_num(m))
        low = m if self.mass_low_kg_u is None else self.mass_low_kg_u
        high = m if self.mass_high_kg_u is None else self.mass_high_kg_u
        if not (math.isfinite(low) and math.isfinite(high) and 0 <= low <= m <= high):
            raise DomainError(
                f"stock {self.label!r} mass range",
                "0 <= mass_low_kg_u <= mass_kg_u <= mass_high_kg_u",
                value=_num(low),
            )


@dataclass(frozen=True)
class Fleet:
    """Machines of one model (at one site) available to a breakout.

    Attributes
    ----------
    model
        Centrifuge model (``IR-1``, ``IR-2m``, ``IR-4``, ``IR-6`` ...).
    machines
        Number of machines [count], >= 0.
    swu_per_machine_year
        Output of one machine [kg-SWU per machine-year] as a distribution.
    site
        Site id (``natanz_fep``, ``fordow_ffep``, ``covert`` ...).
    status
        ``enriching`` or ``installed`` (which count was used).
    source
        Where the count comes from.
    figure_as_of
        Date the count refers to, if known.
    """

    model: str
    machines: int
    swu_per_machine_year: Distribution
    site: str = ""
    status: str = "enriching"
    source: str = ""
    figure_as_of: dt.date | None = None

    def __post_init__(self) -> None:
        n = self.machines
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise DomainError(
                f"fleet {self.site or '?'}/{self.model} machines",
                "a whole number of machines >= 0",
                value=_num(n),
            )
        if self.swu_per_machine_year.low < 0:
            raise DomainError(
                f"fleet {self.model} swu_per_machine_year",
                "an output >= 0 kg-SWU per machine-year",
                value=self.swu_per_machine_year.low,
            )


@dataclass(frozen=True)
class Quantity:
    """The quantity of concern: ``mass_kg_u`` of uranium at ``assay``.

    Attributes
    ----------
    name
        ``wgu25``, ``iaea-sq`` or ``custom``.
    mass_kg_u
        Mass [kg U], > 0.
    assay
        U-235 fraction [unitless], 0 < x < 1.
    """

    name: str
    mass_kg_u: float
    assay: float

    def __post_init__(self) -> None:
        m = self.mass_kg_u
        if not (isinstance(m, int | float) and math.isfinite(m) and m > 0):
            raise DomainError("quantity mass_kg_u", "a mass > 0", value=_num(m))
        _fraction(self.assay, "quantity assay")

    @property
    def u235_kg(self) -> float:
        """U-235 contained [kg]."""
        return self.mass_kg_u * self.assay

    @classmethod
    def wgu25(cls) -> Quantity:
        """25 kg of 90 % uranium (ISIS and US-official convention)."""
        return cls("wgu25", 25.0, 0.90)

    @classmethod
    def iaea_sq(cls) -> Quantity:
        """IAEA significant quantity: 25 kg of U-235 contained, here as 90 % uranium."""
        return cls("iaea-sq", 25.0 / 0.90, 0.90)

    @classmethod
    def custom(cls, mass_kg_u: float, assay: float) -> Quantity:
        """Any mass [kg U] at any assay [unitless]."""
        return cls("custom", float(mass_kg_u), float(assay))


#: Named quantities.
QUANTITIES: dict[str, Quantity] = {"wgu25": Quantity.wgu25(), "iaea-sq": Quantity.iaea_sq()}


def quantity_named(name: str) -> Quantity:
    """The quantity called ``name`` (``wgu25`` or ``iaea-sq``)."""
    try:
        return QUANTITIES[name]
    except KeyError:
        raise DomainError("quantity", f"one of {', '.join(QUANTITIES)} (got {name!r})") from None


@dataclass(frozen=True)
class TailsBand:
    """Tails range for feed up to ``feed_assay_max``.

    Attributes
    ----------
    feed_assay_max
        Upper feed assay of the band [unitless].
    low, high
        Lowest and highest tails assay a step fed in this band uses [unitless].
    """

    feed_assay_max: float
    low: float
    high: float


#: Tails per step by feed assay, physics.md section 5.4: natural->LEU 0.3-0.5 %,
#: LEU->20 % 0.7-1.5 %, 20->60 % 3.5-10 %, 60->90 % 10-30 %.
DEFAULT_TAILS_BANDS: tuple[TailsBand, ...] = (
    TailsBand(0.010, 0.003, 0.005),
    TailsBand(0.060, 0.007, 0.015),
    TailsBand(0.250, 0.035, 0.100),
    TailsBand(1.000, 0.100, 0.300),
)

TAILS_SOURCE = (
    "shared/reference/physics/physics.md section 5.4 (typical tails per step: "
    "natural->LEU 0.3-0.5 %, LEU->20 % 0.7-1.5 %, 20->60 % 3.5-10 %, 60->90 % 10-30 %)"
)


@dataclass(frozen=True)
class TailsPolicy:
    """How each step's tails assay is chosen.

    ``best`` (the default): within the band's range for the step's feed, the highest
    tails the feed available allows (least separative work, physics.md section 2.1).
    ``fixed``: one tails assay for every step (the ``roadmap/model.md`` convention).

    Attributes
    ----------
    kind
        ``"best"`` or ``"fixed"``.
    fixed_assay
        Tails of every step when ``kind == "fixed"`` [unitless].
    bands
        Tails ranges by feed assay when ``kind == "best"``.
    """

    kind: Literal["best", "fixed"] = "best"
    fixed_assay: float | None = None
    bands: tuple[TailsBand, ...] = DEFAULT_TAILS_BANDS

    def __post_init__(self) -> None:
        if self.kind == "fixed":
            if self.fixed_assay is None:
                raise DomainError("tails", "a fixed tails assay for the fixed policy")
            _fraction(self.fixed_assay, "tails assay")
        elif self.kind != "best":
            raise DomainError("tails", "'best' or 'fixed'")

    @classmethod
    def fixed(cls, tails_assay: float) -> TailsPolicy:
        """One tails assay [unitless] for every step."""
        return cls("fixed", float(tails_assay))

    def bounds(self, feed_assay: float) -> tuple[float, float]:
        """Lowest and highest tails [unitless] for a step fed at ``feed_assay``."""
        if self.kind == "fixed":
            assert self.fixed_assay is not None
            return self.fixed_assay, self.fixed_assay
        for band in self.bands:
            if feed_assay <= band.feed_assay_max:
                return band.low, band.high
        last = self.bands[-1]
        return last.low, last.high

    def design(self, feed_assay: float) -> float:
        """Tails of a fixed-design step fed at ``feed_assay``: the middle of its range."""
        low, high = self.bounds(feed_assay)
        return 0.5 * (low + high)

    def to_dict(self) -> dict[str, object]:
        """Plain mapping for JSON output (fractions)."""
        if self.kind == "fixed":
            return {"policy": "fixed", "tails_assay": self.fixed_assay}
        return {
            "policy": "best",
            "bands": [
                {"feed_assay_max": b.feed_assay_max, "low": b.low, "high": b.high}
                for b in self.bands
            ],
            "source": TAILS_SOURCE,
        }


#: Cascade effectiveness of breakout steps relative to operational output [unitless].
DEFAULT_EFFECTIVENESS = Distribution.triangular(
    0.5,
    0.65,
    0.8,
    "shared/reference/physics/physics.md section 5.4: cascades run off their design "
    "duty lose separative power to mixing; 0.5-0.8 (ISIS ranges imply about +/-20 %); "
    "applied on top of operational (IAEA-derived) machine output",
)
#: Days to re-configure cascades for a breakout step [days].
DEFAULT_SETUP_DAYS = Distribution.triangular(
    2.0,
    7.0,
    14.0,
    "shared/reference/physics/physics.md section 5.4: set-up or re-configuration takes "
    "days to about two weeks per step (ISIS includes a set-up period)",
)
#: Intermediate products of the batch-recycle ladder [unitless]: Iran's LEU product
#: (4.5 % since July 2019), near-20 % (19.75 %) and 60 % (shared/reference/record).
DEFAULT_LADDER: tuple[float, ...] = (0.045, 0.20, 0.60)
#: A stock joins the first step that raises its abundance ratio x/(1-x) at least this
#: much: re-feeding material to a cascade that barely enriches it makes little progress.
MIN_PASS_GAIN = 2.0
#: Quantities planned together in batch-recycle: the fleet is balanced over the work of
#: each group of this many quantities (about the six-month horizon of the output).
PHASE_QUANTITIES = 6
#: Lots per quantity in which product moves from step to step (cylinder changes): ten
#: lots make the pipeline's fill time a tenth of a pass.
LOTS_PER_QUANTITY = 10


@dataclass(frozen=True)
class Assumptions:
    """Everything a breakout estimate assumes besides stocks, machines and quantity.

    Attributes
    ----------
    effectiveness
        Cascade effectiveness of breakout steps [unitless], 0 < x <= 1.
    setup_days
        Days to set up (re-configure) the cascades of a step [days], >= 0.
    tails
        Tails policy.
    unlimited_natural
        Whether natural uranium is available without limit (Iran holds tonnes of
        natural UF6, far beyond a breakout's needs).
    natural_assay
        Assay of natural uranium [unitless].
    days_per_year
        Days per year used to turn SWU per year into days (365.25; 365 in
        ``roadmap/model.md``).
    ladder
        Intermediate product assays of the batch-recycle model [unitless].
    min_pass_gain
        Least abundance-ratio gain for a stock to join a batch-recycle step.
    phase_quantities
        Quantities planned (and the fleet balanced) together in batch-recycle.
    lots_per_quantity
        Lots in which product moves between batch-recycle steps, per quantity.
    """

    effectiveness: Distribution = DEFAULT_EFFECTIVENESS
    setup_days: Distribution = DEFAULT_SETUP_DAYS
    tails: TailsPolicy = field(default_factory=TailsPolicy)
    unlimited_natural: bool = True
    natural_assay: float = NATURAL_ASSAY
    days_per_year: float = DAYS_PER_YEAR
    ladder: tuple[float, ...] = DEFAULT_LADDER
    min_pass_gain: float = MIN_PASS_GAIN
    phase_quantities: int = PHASE_QUANTITIES
    lots_per_quantity: int = LOTS_PER_QUANTITY

    def __post_init__(self) -> None:
        if not (self.effectiveness.low > 0 and self.effectiveness.high <= 1):
            raise DomainError("effectiveness", "values with 0 < x <= 1")
        if self.setup_days.low < 0:
            raise DomainError("setup_days", "days >= 0", value=self.setup_days.low)
        _fraction(self.natural_assay, "natural_assay")
        if not self.days_per_year > 0:
            raise DomainError("days_per_year", "a number > 0", value=self.days_per_year)
        for rung in self.ladder:
            _fraction(rung, "ladder")
        if not self.min_pass_gain > 1:
            raise DomainError("min_pass_gain", "a gain > 1", value=self.min_pass_gain)
        for name in ("phase_quantities", "lots_per_quantity"):
            count = getattr(self, name)
            if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 1000:
                raise DomainError(name, "a whole number from 1 to 1,000", value=_num(count))

    @classmethod
    def roadmap_reference(cls) -> Assumptions:
        """The configuration of ``shared/reference/roadmap/model.md`` section 8.2.

        Fixed tails 0.005 for every step, each stock a single-step feed, no set-up,
        effectiveness 1, a 365-day year, unlimited natural uranium.
        """
        return cls(
            effectiveness=Distribution.fixed(1.0, "roadmap/model.md 8.2: ideal capacity"),
            setup_days=Distribution.fixed(0.0, "roadmap/model.md 8.2: t_setup = 0"),
            tails=TailsPolicy.fixed(0.005),
            days_per_year=365.0,
        )

    def to_dict(self) -> dict[str, object]:
        """Plain mapping for JSON output (fractions)."""
        return {
            "effectiveness": self.effectiveness.to_dict(),
            "setup_days": self.setup_days.to_dict(),
            "tails": self.tails.to_dict(),
            "natural_uranium": "unlimited" if self.unlimited_natural else "none",
            "natural_assay": self.natural_assay,
            "days_per_year": self.days_per_year,
            "ladder": list(self.ladder),
            "min_pass_gain": self.min_pass_gain,
            "phase_quantities": self.phase_quantities,
            "lots_per_quantity": self.lots_per_quantity,
        }
