"""Types of the record: observations, events and the state of the program at a date.

These are the contracts between the record (which builds them) and the parts that
read them (breakout assessment, compliance, the return planner, the interfaces).
Values are in library units: masses in kg U, assays as fractions, heavy water in
tonnes, counts as numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from lockstep.record.facilities import FacilityStatus

#: How a figure is known (``docs/data.md``): verified by the IAEA; estimated by the IAEA
#: without full access; declared by the state; unverified (last known, no access since);
#: unknown (in a state: no figure at all for that band at that date).
FigureStatus = Literal["verified", "estimated", "declared", "unverified", "unknown"]
#: How well the figure is established in this dataset (see ``docs/data.md``).
Confidence = Literal["high", "medium", "low"]
#: IAEA enrichment-level categories used in state output (``total`` is all forms).
StockBand = Literal["up_to_2pct", "up_to_5pct", "up_to_20pct", "up_to_60pct"]
STOCK_BANDS: tuple[StockBand, ...] = ("up_to_2pct", "up_to_5pct", "up_to_20pct", "up_to_60pct")
#: Monitoring regimes, from most to least access.
MonitoringLevel = Literal["jcpoa_full", "csa_ap", "csa_only", "none", "unknown"]
#: Why a figure in a state stands (``docs/data.md``): the latest figure; an upper bound
#: (a report that gave only "at most", or a newer total that caps an older band figure);
#: unknown because an event since the last figure moved material; no figure at all.
Basis = Literal["figure", "bound", "unknown_after_event", "no_figure"]
#: What an event does to a material (the ``material_effect`` column of events.csv):
#: material left the stock (shipment, down-blending, conversion, export); material was
#: added; production of that material began (after none).
MaterialEffect = Literal["removes", "produces", "starts_production"]
MATERIAL_EFFECTS: tuple[MaterialEffect, ...] = ("removes", "produces", "starts_production")
#: Materials an event can name: the stock bands (``total`` is all forms) and heavy water.
MATERIALS = ("total", *STOCK_BANDS, "heavy_water")


@dataclass(frozen=True)
class Source:
    """Where a figure or event comes from.

    Attributes
    ----------
    document
        Document symbol and paragraph (e.g. ``"GOV/2023/8 para 12"``), or a title.
    url
        Address of the document or of the reporting used, if any.
    """

    document: str
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.document} <{self.url}>" if self.url else self.document


@dataclass(frozen=True)
class Observation:
    """One reported figure, in long format.

    Attributes
    ----------
    id
        Stable identifier of the row.
    as_of
        Date the figure refers to (the IAEA's cut-off date where known).
    report
        Report symbol (e.g. ``"GOV/2023/8"``) or description.
    report_date
        Date the report was issued, if known.
    quantity
        Name from the quantity vocabulary (``docs/data.md``), e.g. ``enriched_uranium_stock``.
    qualifiers
        Qualifiers such as ``band``, ``site``, ``model``, ``machine_status``.
    value
        Value in library units (see ``unit``); ``None`` for a figure known not to exist.
    unit
        Library unit of ``value`` (``kg_u``, ``fraction``, ``count``, ``t``, ``bool``, ...).
    status, confidence, source, note
        Provenance.
    reported_value, reported_unit
        The value and unit as written in the data file (e.g. ``4.5`` ``pct`` or
        ``7537`` ``kg_uf6``), kept for display; ``value``/``unit`` are converted.
    value_low, value_high
        Range around ``value`` where the source gives one (same unit as ``value``).
    check_exempt
        Why a consistency check does not apply to this row (empty: all checks apply).
    supersedes
        Id of an earlier row this one corrects (that row is then left out).
    origin
        ``"packaged"`` or ``"user:<batch>"`` for rows from the user's database.
    """

    id: str
    as_of: dt.date
    report: str
    report_date: dt.date | None
    quantity: str
    qualifiers: tuple[tuple[str, str], ...]
    value: float | str | bool | None
    unit: str
    status: FigureStatus
    confidence: Confidence
    source: Source
    note: str = ""
    reported_value: float | str | bool | None = None
    reported_unit: str = ""
    value_low: float | None = None
    value_high: float | None = None
    check_exempt: str = ""
    supersedes: str | None = None
    origin: str = "packaged"

    def qualifier(self, name: str) -> str | None:
        """Value of qualifier ``name``, or None."""
        return dict(self.qualifiers).get(name)


@dataclass(frozen=True)
class Event:
    """A dated action of a party (or an IAEA finding, vote, strike...).

    Attributes
    ----------
    id
        Stable identifier.
    date
        Date of the event (first day of the month where only the month is known;
        ``date_precision`` says so).
    date_precision
        ``"day"`` or ``"month"``.
    parties
        Party ids that acted (``iran``, ``us``, ``eu``, ``e3``, ``unsc``, ``iaea``, ...).
    kind
        ``violates``, ``suspends``, ``resumes``, ``complies``, ``negotiates``,
        ``military`` or ``other``.
    description
        What happened, in our own words.
    obligations
        Ids of the obligations affected.
    source, confidence
        Provenance.
    measures
        Sanctions measures the event changes (e.g. ``eu_reg_267_2012_nuclear``), if any
        (the ``measure`` column of the data file, ``;``-separated).
    effect
        What the event does to ``measures``: ``imposed``, ``reimposed``, ``maintained``
        (in force afterwards) or ``lifted``, ``waived``, ``suspended``, ``expired``.
    contested_by
        Parties that reject the legal effect of the event (e.g. of the 2025 snapback).
    note
        Caveats (differing sources, attributed actors).
    origin
        ``"packaged"`` or ``"user:<batch>"``.
    materials
        Stocks the event changes (``total``, a band, ``heavy_water``): figures of those
        stocks dated before the event no longer stand after it (see ``state_at``).
    material_effect
        What it does to them: ``removes``, ``produces`` or ``starts_production``.
    """

    id: str
    date: dt.date
    date_precision: Literal["day", "month"]
    parties: tuple[str, ...]
    kind: str
    description: str
    obligations: tuple[str, ...]
    source: Source
    confidence: Confidence
    measures: tuple[str, ...] = ()
    effect: str | None = None
    contested_by: tuple[str, ...] = ()
    note: str = ""
    origin: str = "packaged"
    materials: tuple[str, ...] = ()
    material_effect: MaterialEffect | None = None


@dataclass(frozen=True)
class StockFigure:
    """Enriched uranium in one band at a date.

    Attributes
    ----------
    band
        IAEA category (``up_to_2pct`` ... ``up_to_60pct``); ``"total"`` in
        ``ProgramState.total_figure``.
    mass_kg_u
        Mass [kg U]: the figure, or the upper bound where ``basis`` is ``bound``; None
        where nothing stands (``basis`` ``unknown_after_event`` or ``no_figure``).
    nominal_assay
        Representative U-235 fraction of the band [unitless] (e.g. 0.60, 0.1975).
    status
        How the figure is known; ``unverified`` when carried past loss of access.
    figure_as_of
        Date of the figure used.
    age_days
        Days between ``figure_as_of`` and the state's date [days].
    source
        Where the figure comes from.
    report
        Report the figure comes from (e.g. ``GOV/2025/50``).
    confidence
        How well the figure is established in this dataset.
    observation_id
        Id of the observation used.
    basis
        Why the figure stands: ``figure``, ``bound``, ``unknown_after_event`` (then the
        date, age and source are those of the last figure, which no longer stands) or
        ``no_figure``.
    note
        The reason in words (the bound's report, the event that moved material).
    """

    band: StockBand
    mass_kg_u: float | None
    nominal_assay: float
    status: FigureStatus
    figure_as_of: dt.date | None
    age_days: int | None
    source: Source | None
    report: str | None = None
    confidence: Confidence | None = None
    observation_id: str | None = None
    basis: Basis = "figure"
    note: str = ""


@dataclass(frozen=True)
class CentrifugeFigure:
    """Centrifuges of one model at one site at a date.

    Attributes
    ----------
    site
        Site id (``natanz_fep``, ``natanz_pfep``, ``fordow_ffep``, ...).
    model
        Centrifuge model (``IR-1``, ``IR-2m``, ``IR-4``, ``IR-6``, ...).
    installed
        Machines installed [count], or None if not reported.
    enriching
        Machines being fed with UF6 [count], or None if not reported.
    status
        How the figures are known.
    figure_as_of
        Date of the figure used.
    age_days
        Days between ``figure_as_of`` and the state's date [days].
    source
        Where the figure comes from.
    installed_as_of, enriching_as_of
        Dates of the two counts, which may come from different reports.
    confidence
        The weaker confidence of the two counts.
    note
        Caveats (derived counts, approximations).
    """

    site: str
    model: str
    installed: int | None
    enriching: int | None
    status: FigureStatus
    figure_as_of: dt.date | None
    age_days: int | None
    source: Source | None
    installed_as_of: dt.date | None = None
    enriching_as_of: dt.date | None = None
    confidence: Confidence | None = None
    note: str = ""


@dataclass(frozen=True)
class ProgramState:
    """Iran's program as known on a date: what ``state_at(date)`` returns.

    Attributes
    ----------
    as_of
        The date asked for.
    total_enriched_kg_u
        Total enriched uranium, all forms [kg U], with its provenance in ``total_figure``.
    total_figure
        The figure behind ``total_enriched_kg_u``.
    stocks
        One entry per band, in ``STOCK_BANDS`` order.
    centrifuges
        One entry per (site, model) reported.
    heavy_water_t
        Heavy water stock [t], if reported (an upper bound where
        ``heavy_water_basis`` is ``bound``).
    monitoring
        Monitoring regime in force.
    verified
        False when no figure can be verified at this date (after June 2025).
    sanctions_in_force
        Ids of sanctions measures in force at the date.
    notes
        Caveats (e.g. "no IAEA access since 2025-06-13").
    report, report_date
        Report of the latest total-stock figure used, and its date.
    heavy_water_as_of
        Date of the heavy-water figure.
    max_enrichment_level
        Highest enrichment level produced [unitless fraction], if reported.
    monitoring_since
        Date the monitoring regime in force began.
    access_lost_on
        Date since which the IAEA has had no access (None while it has access).
    centrifuges_by_site
        Site totals reported without a model split (``model`` is ``"all"``), e.g. the
        ~15,000 machines operating at FEP in June 2025; kept apart from ``centrifuges``
        so that per-model sums never double count.
    facilities
        Physical status of each site with a reading on or before ``as_of`` (from June
        2025: operating, damaged, destroyed, unknown), see :mod:`lockstep.record.facilities`.
    heavy_water_basis, heavy_water_note
        Why the heavy-water figure stands (as ``StockFigure.basis`` and ``note``).
    """

    as_of: dt.date
    total_enriched_kg_u: float | None
    total_figure: StockFigure | None
    stocks: tuple[StockFigure, ...]
    centrifuges: tuple[CentrifugeFigure, ...]
    heavy_water_t: float | None
    monitoring: MonitoringLevel
    verified: bool
    sanctions_in_force: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    report: str | None = None
    report_date: dt.date | None = None
    heavy_water_as_of: dt.date | None = None
    max_enrichment_level: float | None = None
    monitoring_since: dt.date | None = None
    access_lost_on: dt.date | None = None
    centrifuges_by_site: tuple[CentrifugeFigure, ...] = ()
    facilities: tuple[FacilityStatus, ...] = ()
    heavy_water_basis: Basis = "no_figure"
    heavy_water_note: str = ""
