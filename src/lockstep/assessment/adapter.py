"""From a ``ProgramState`` (or scenario figures) to the engine's stocks and fleets.

Every stock and fleet keeps its provenance (figure date, status, source); whatever is
left out or counted by a rule (a model without output data, machines without a model)
is said in the notes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lockstep.assessment.options import (
    FALLBACK_MODEL,
    BreakoutOptions,
    CovertPlant,
    MachineCount,
)
from lockstep.physics.breakout import (
    Distribution,
    Fleet,
    Stock,
    canonical_model,
    known_models,
    swu_distribution,
)
from lockstep.record.model import CentrifugeFigure, ProgramState, StockFigure


@dataclass(frozen=True)
class Inputs:
    """Stocks and fleets chosen for an estimate, with what was left out and why."""

    stocks: tuple[Stock, ...]
    fleets: tuple[Fleet, ...]
    notes: tuple[str, ...]


def _source_text(figure: StockFigure | CentrifugeFigure) -> str:
    source = figure.source
    report = getattr(figure, "report", None)
    text = str(source) if source is not None else ""
    if report and report not in text:
        text = f"{report}: {text}" if text else str(report)
    return text


def stocks_from_state(
    state: ProgramState, allowed: Sequence[str] | None = None
) -> tuple[list[Stock], list[str]]:
    """Stocks of the state's IAEA bands, at each band's nominal assay.

    Parameters
    ----------
    state
        The program state.
    allowed
        Bands that may be used (None: all).

    Returns
    -------
    (list of Stock, list of str)
        The stocks and notes about bands left out.
    """
    stocks, notes = [], []
    for figure in state.stocks:
        if allowed is not None and figure.band not in allowed:
            if figure.mass_kg_u:
                notes.append(f"{figure.band} ({figure.mass_kg_u:,.1f} kg U) not used: excluded")
            continue
        if figure.mass_kg_u is None:
            notes.append(f"no {figure.band} figure at this date: that band is not used")
            continue
        if figure.mass_kg_u <= 0:
            continue
        stocks.append(
            Stock(
                assay=figure.nominal_assay,
                mass_kg_u=figure.mass_kg_u,
                label=figure.band,
                source=_source_text(figure),
                status=figure.status,
                figure_as_of=figure.figure_as_of,
            )
        )
    if state.total_enriched_kg_u is not None:
        in_bands = sum(f.mass_kg_u or 0.0 for f in state.stocks)
        if state.total_enriched_kg_u > in_bands + 0.5:
            notes.append(
                f"{state.total_enriched_kg_u - in_bands:,.1f} kg U of the total "
                f"{state.total_enriched_kg_u:,.1f} kg U is outside the UF6 bands (oxide, "
                "scrap, fuel, or not split by the IAEA) and is not used as feed"
            )
    return stocks, notes


def fleets_from_state(
    state: ProgramState,
    machines: MachineCount = "enriching",
    sites: Sequence[str] = (),
    swu_overrides: Mapping[str, Distribution] | None = None,
) -> tuple[list[Fleet], list[str]]:
    """Fleets of the state's centrifuge figures (see :func:`fleets_from_figures`)."""
    return fleets_from_figures(
        state.centrifuges,
        getattr(state, "centrifuges_by_site", ()),
        machines,
        sites,
        swu_overrides,
    )


def fleets_from_figures(
    figures: Sequence[CentrifugeFigure],
    site_totals: Sequence[CentrifugeFigure] = (),
    machines: MachineCount = "enriching",
    sites: Sequence[str] = (),
    swu_overrides: Mapping[str, Distribution] | None = None,
) -> tuple[list[Fleet], list[str]]:
    """Fleets of centrifuge figures by site and model.

    Machines of a model without output data are counted as IR-1 (the lowest-output
    model, so the estimate errs long); so are machines in a site total beyond the
    per-model figures (e.g. "about 15,000 operating" at Natanz in June 2025).

    Parameters
    ----------
    figures
        Figures per site and model.
    site_totals
        Figures per site without a model (``ProgramState.centrifuges_by_site``).
    machines
        ``enriching`` or ``installed``.
    sites
        Site ids to keep (empty: all).
    swu_overrides
        Output distributions by model replacing the catalogue's.

    Returns
    -------
    (list of Fleet, list of str)
        The fleets and notes on what was counted how.
    """
    fleets: list[Fleet] = []
    notes: list[str] = []
    per_site: dict[str, int] = {}
    newest: dict[str, dt.date] = {}
    for figure in figures:
        if sites and figure.site not in sites:
            continue
        count = _count(figure, machines, notes)
        if count is None:
            continue
        model = canonical_model(figure.model)
        fleets.append(
            _fleet(
                model,
                count,
                figure.site,
                machines,
                _source_text(figure),
                figure.figure_as_of,
                swu_overrides,
                notes,
            )
        )
        per_site[figure.site] = per_site.get(figure.site, 0) + count
        if figure.figure_as_of is not None:
            newest[figure.site] = max(
                newest.get(figure.site, figure.figure_as_of), figure.figure_as_of
            )
    for total in site_totals:
        site = total.site
        if sites and site not in sites:
            continue
        count = _count(total, machines, [])
        per_model = per_site.get(site, 0)
        if count is None or count == per_model:
            continue
        if total.figure_as_of is not None and site in newest and total.figure_as_of < newest[site]:
            continue
        if count < per_model:
            # A newer site total below the per-model figures (e.g. a plant destroyed):
            # the per-model figures are out of date; scale them down to the total.
            notes.append(
                f"{site}: the site total ({count:,} {machines}, {total.figure_as_of}) is below "
                f"the per-model figures ({per_model:,}); they are scaled down to it"
            )
            fleets = [_scaled(f, count / per_model) if f.site == site else f for f in fleets]
            continue
        extra = count - per_model
        notes.append(
            f"{site}: {extra:,} of the {count:,} machines {machines} in the site total have no "
            f"model in the record; counted as {FALLBACK_MODEL}"
        )
        fleets.append(
            _fleet(
                FALLBACK_MODEL,
                extra,
                site,
                machines,
                _source_text(total),
                total.figure_as_of,
                swu_overrides,
                notes,
            )
        )
    return fleets, notes


def _scaled(fleet: Fleet, factor: float) -> Fleet:
    return dataclasses.replace(fleet, machines=int(fleet.machines * factor))


def _count(figure: CentrifugeFigure, machines: MachineCount, notes: list[str]) -> int | None:
    if machines == "enriching":
        if figure.enriching is None:
            if figure.installed:
                notes.append(
                    f"{figure.site}/{figure.model}: no enriching count reported "
                    f"({figure.installed:,} installed); not counted"
                )
            return None
        return figure.enriching
    if figure.installed is None:
        if figure.enriching is not None:
            notes.append(
                f"{figure.site}/{figure.model}: no installed count reported; the enriching "
                f"count ({figure.enriching:,}) is used"
            )
        return figure.enriching
    return max(figure.installed, figure.enriching or 0)


def _fleet(
    model: str,
    count: int,
    site: str,
    machines: MachineCount,
    source: str,
    as_of: dt.date | None,
    swu_overrides: Mapping[str, Distribution] | None,
    notes: list[str],
) -> Fleet:
    overrides = swu_overrides or {}
    if model in overrides:
        dist = overrides[model]
    elif model in known_models():
        dist = swu_distribution(model)
    else:
        notes.append(
            f"{site}/{model}: no output data for this model; its {count:,} machines are "
            f"counted as {FALLBACK_MODEL}"
        )
        model = FALLBACK_MODEL
        dist = overrides.get(model, swu_distribution(model))
    return Fleet(model, count, dist, site=site, status=machines, source=source, figure_as_of=as_of)


def select_inputs(state: ProgramState, options: BreakoutOptions) -> Inputs:
    """The stocks and fleets ``options`` allow from ``state``, with notes."""
    stocks, stock_notes = stocks_from_state(state, options.stocks)
    fleets, fleet_notes = fleets_from_state(
        state, options.machines, options.site_ids(), options.swu_overrides
    )
    fleets, facility_notes = without_sites_out_of_service(fleets, state)
    notes = [*stock_notes, *fleet_notes, *facility_notes]
    if options.covert is not None:
        fleets.append(covert_fleet(options.covert, options.swu_overrides))
        notes.append(covert_note(options.covert))
    return Inputs(tuple(stocks), tuple(fleets), tuple(notes))


def covert_note(covert: CovertPlant) -> str:
    """What ``--covert`` assumes, said in the output."""
    return (
        f"covert plant of {covert.machines:,} {covert.model}: assumed ALREADY BUILT and "
        "equipped (no construction, no rotor production, same set-up as declared cascades); "
        "--sneakout estimates a plant that must first be built"
    )


def without_sites_out_of_service(
    fleets: Sequence[Fleet], state: ProgramState
) -> tuple[list[Fleet], list[str]]:
    """Drop the fleets of sites the record shows damaged or destroyed (``state.facilities``).

    After the June 2025 strikes the last machine counts are pre-war figures; a site the
    IAEA (or, without an IAEA reading, another party) reports damaged or destroyed is
    taken to enrich nothing, and a note says so for each site.
    """
    out = {f.site: f for f in getattr(state, "facilities", ()) if f.out_of_service}
    kept = [f for f in fleets if f.site not in out]
    notes = []
    for site, facility in out.items():
        dropped = sum(f.machines for f in fleets if f.site == site)
        if dropped:
            reading = facility.reading
            notes.append(
                f"ASSUMED: {site} is recorded {facility.status} since "
                f"{reading.date.isoformat()} ({reading.source}); its {dropped:,} machines "
                "of the last known figures are not counted"
            )
    return kept, notes


def covert_fleet(
    covert: CovertPlant, swu_overrides: Mapping[str, Distribution] | None = None
) -> Fleet:
    """The fleet of a covert plant (status ``assumed``)."""
    model = canonical_model(covert.model)
    overrides = swu_overrides or {}
    dist = overrides.get(model, swu_distribution(model))
    return Fleet(
        model,
        covert.machines,
        dist,
        site="covert",
        status="assumed",
        source="user assumption: a covert plant, assumed already built",
    )


def last_known(state: ProgramState) -> dict[str, Any]:
    """The figures a state rests on, each with its date and age [days]."""
    return {
        "stocks": [
            {
                "band": f.band,
                "mass_kg_u": f.mass_kg_u,
                "status": f.status,
                "figure_as_of": f.figure_as_of,
                "age_days": f.age_days,
                "source": _source_text(f),
            }
            for f in state.stocks
            if f.mass_kg_u is not None
        ],
        "centrifuges": [
            {
                "site": f.site,
                "model": f.model,
                "installed": f.installed,
                "enriching": f.enriching,
                "status": f.status,
                "figure_as_of": f.figure_as_of,
                "age_days": f.age_days,
                "source": _source_text(f),
            }
            for f in state.centrifuges
        ],
        "access_lost_on": getattr(state, "access_lost_on", None),
        "oldest_figure_age_days": oldest_age(state),
    }


def has_machine_figures(state: ProgramState) -> bool:
    """Whether ``state`` has any centrifuge figure (per model or per site)."""
    return bool(state.centrifuges) or bool(getattr(state, "centrifuges_by_site", ()))


def oldest_age(state: ProgramState) -> int | None:
    """Age of the oldest stock or centrifuge figure of ``state`` [days]."""
    ages = [f.age_days for f in state.stocks if f.age_days is not None]
    ages += [f.age_days for f in state.centrifuges if f.age_days is not None]
    return max(ages, default=None)
