"""The program as known on a date: :func:`state_at` and its JSON form.

The state uses, for each quantity, the latest figure with ``as_of`` on or before the
date, with that figure's date, age and status. After the IAEA lost access (monitoring
``none`` in the record, from 13 Jun 2025), figures from before the loss are carried with
the status ``unverified`` and a note; the state never shows a number without its date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, cast

from lockstep.errors import DomainError
from lockstep.record.facilities import facilities_at, facility_to_dict
from lockstep.record.model import (
    STOCK_BANDS,
    CentrifugeFigure,
    FigureStatus,
    MonitoringLevel,
    Observation,
    ProgramState,
    StockBand,
    StockFigure,
)
from lockstep.record.record import Record
from lockstep.record.standing import Standing, capped_by_total, standing, usable
from lockstep.record.vocabulary import vocabulary

_CONFIDENCE_RANK = {"high": 2, "medium": 1, "low": 0}
_MONITORING = ("jcpoa_full", "csa_ap", "csa_only", "none", "unknown")


def as_date(value: dt.date | str, name: str = "date") -> dt.date:
    """Accept a date or an ISO ``YYYY-MM-DD`` string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise DomainError(name, f"a date YYYY-MM-DD (got {text!r})")


def _monitoring(record: Record, day: dt.date) -> tuple[Observation | None, dt.date | None]:
    """The monitoring figure in force, and the start of a 'none' run it belongs to."""
    latest = record.latest("monitoring_level", day)
    if latest is None or latest.value != "none":
        return latest, None
    lost = latest.as_of
    for obs in reversed(record.series("monitoring_level")):
        if obs.as_of > day or obs.value is None:
            continue
        if obs.value != "none":
            break
        lost = obs.as_of
    return latest, lost


def _jcpoa_monitoring_end(record: Record, day: dt.date) -> dt.date | None:
    """The date JCPOA monitoring ended, if it ended on or before ``day``."""
    was_full = False
    for obs in record.series("monitoring_level"):
        if obs.as_of > day:
            break
        if obs.value == "jcpoa_full":
            was_full = True
        elif was_full and obs.value is not None:
            return obs.as_of
    return None


def _stock(
    band: str,
    found: Standing,
    day: dt.date,
    carried: dt.date | None,
) -> StockFigure:
    """The state's figure of one band (or the total) from what stands on ``day``."""
    vocab = vocabulary()
    # The total has no band of its own; state_at replaces this with the mass-weighted
    # mean of the band figures when there are any.
    nominal_band = vocab.bands.get(band, vocab.bands["up_to_5pct"])
    obs = found.row
    if obs is None:
        return StockFigure(
            # No figure at all for this band: nothing to call verified or unverified.
            cast(StockBand, band),
            None,
            nominal_band.nominal_assay(day),
            "unknown",
            None,
            None,
            None,
            basis="no_figure",
        )
    status: FigureStatus = obs.status if found.value is not None else "unknown"
    if found.value is not None and carried is not None and obs.as_of <= carried:
        status = "unverified"
    return StockFigure(
        band=cast(StockBand, band),
        mass_kg_u=found.value,
        nominal_assay=nominal_band.nominal_assay(obs.as_of),
        status=status,
        figure_as_of=obs.as_of,
        age_days=(day - obs.as_of).days,
        source=obs.source,
        report=obs.report,
        confidence=obs.confidence,
        observation_id=obs.id,
        basis=found.basis,
        note=found.note,
    )


def _centrifuges(
    record: Record, day: dt.date, carried: dt.date | None, by_site: bool = False
) -> list[CentrifugeFigure]:
    """Per (site, model) figures; with ``by_site``, the site totals without a model."""
    vocab = vocabulary()
    sites = vocab.qualifier_values["site"]
    models = ("all", *vocab.qualifier_values["model"])
    wanted = {"site"} if by_site else {"site", "model"}
    pairs: set[tuple[str, str]] = set()
    for quantity in ("centrifuges_installed", "centrifuges_enriching"):
        for qualifiers in record.keys(quantity):
            names = dict(qualifiers)
            if set(names) == wanted:
                pairs.add((names["site"], names.get("model", "all")))
    result = []
    for site, model in sorted(pairs, key=lambda p: (sites.index(p[0]), models.index(p[1]))):
        key = (("site", site),) if by_site else (("model", model), ("site", site))
        installed = record.latest_by_key("centrifuges_installed", key, day)
        enriching = record.latest_by_key("centrifuges_enriching", key, day)
        used = [o for o in (installed, enriching) if o is not None]
        if not used:
            continue
        newest = max(used, key=lambda o: (o.as_of, o.quantity == "centrifuges_enriching"))
        status: FigureStatus = newest.status
        if carried is not None and newest.as_of <= carried:
            status = "unverified"
        confidence = min((o.confidence for o in used), key=lambda c: _CONFIDENCE_RANK[c])
        result.append(
            CentrifugeFigure(
                site=site,
                model=model,
                installed=_count(installed),
                enriching=_count(enriching),
                status=status,
                figure_as_of=newest.as_of,
                age_days=(day - newest.as_of).days,
                source=newest.source,
                installed_as_of=installed.as_of if installed else None,
                enriching_as_of=enriching.as_of if enriching else None,
                confidence=confidence,
                note=newest.note,
            )
        )
    return result


def _count(obs: Observation | None) -> int | None:
    if obs is None or not isinstance(obs.value, float):
        return None
    return int(obs.value)


def _max_enrichment(record: Record, day: dt.date) -> float | None:
    values = [
        obs.value
        for qualifiers in record.keys("max_enrichment_level")
        if (obs := record.latest_by_key("max_enrichment_level", qualifiers, day)) is not None
    ]
    numbers = [float(v) for v in values if isinstance(v, float)]
    return max(numbers) if numbers else None


def state_at(date: dt.date | str, record: Record | None = None) -> ProgramState:
    """Iran's program as known on ``date``.

    Parameters
    ----------
    date
        The date (a ``datetime.date`` or ``YYYY-MM-DD``).
    record
        The record to read; default :func:`lockstep.record.load_record()` (packaged data
        plus the user's additions).

    Returns
    -------
    ProgramState
        Stocks by band [kg U] with status, date and age of each figure; centrifuges by
        site and model; heavy water [t]; monitoring; sanctions measures in force; notes.

    References
    ----------
    .. [1] IAEA quarterly reports GOV/2016/8 ... GOV/2025/50 (see ``lockstep record
       sources``).
    """
    day = as_date(date)
    if record is None:
        from lockstep.record.load import load_record

        record = load_record()
    monitoring_obs, lost = _monitoring(record, day)
    carried = lost if lost is not None and day > lost else None
    notes: list[str] = []

    quantity = "enriched_uranium_stock"
    total_found = standing(record, quantity, "total", day, band="total")
    found: dict[str, Standing] = {
        band: capped_by_total(record, standing(record, quantity, band, day, band=band), day)
        for band in STOCK_BANDS
    }
    capped = [
        b
        for b in STOCK_BANDS
        if found[b].basis == "bound"
        and (row := found[b].row) is not None
        and row.qualifier("band") == "total"
    ]
    total = _stock("total", total_found, day, carried)
    stocks = [_stock(band, found[band], day, carried) for band in STOCK_BANDS]
    total_obs = total_found.row if total_found.value is not None else None
    masses = [(s.mass_kg_u, s.nominal_assay) for s in stocks if s.mass_kg_u]
    if total_obs is not None and masses:
        weight = sum(m for m, _ in masses)
        total = replace(total, nominal_assay=sum(m * a for m, a in masses) / weight)

    if carried is not None and total.figure_as_of is not None and total_obs is not None:
        if total.figure_as_of <= carried:
            notes.append(
                f"No IAEA access since {lost.isoformat() if lost else ''}: the figures are the "
                f"last known ones (total as of {total.figure_as_of.isoformat()}, "
                f"{total.age_days} days old) and are unverified; nothing after that date is "
                "verified."
            )
        else:
            # A later figure (e.g. a user's addition) keeps its own status.
            notes.append(
                f"No IAEA access since {lost.isoformat() if lost else ''}: the total shown "
                f"({total.figure_as_of.isoformat()}, {total.status}) came after it; figures "
                "dated on or before that day are unverified."
            )
    if total_found.note:
        notes.append(f"Total enriched uranium: {total_found.note}.")
    for band in STOCK_BANDS:
        if found[band].note:
            notes.append(f"{band}: {found[band].note}.")
    if len(capped) > 1:
        # Each is bounded by the total on its own; their sum may exceed it.
        notes.append(
            f"{' and '.join(capped)} are each at most the total; how it splits between "
            "them is unknown."
        )
    if total_found.row is None:
        notes.append(f"No total enriched-uranium figure is recorded on or before {day}.")
    elif total_obs is not None:
        newer = record.latest("enriched_uranium_stock", day, with_value=False, band="total")
        if newer is not None and newer.as_of > total_obs.as_of and not usable(newer):
            notes.append(
                f"{newer.report} ({newer.as_of.isoformat()}) gives no total figure in this "
                f"dataset ({newer.note}); the total shown is from {total_obs.report}."
            )
        ended = _jcpoa_monitoring_end(record, day)
        if total_obs.status == "estimated" and carried is None:
            since = f" since {ended.isoformat()}" if ended else ""
            notes.append(
                "Stock figures are IAEA estimates (status 'estimated'): without JCPOA "
                f"monitoring data{since} the IAEA estimates quantities from inspections, "
                "Iran's declarations and plant operation."
            )
        band_rows = {b: found[b].row for b in STOCK_BANDS if found[b].basis == "figure"}
        same_date = [o for o in band_rows.values() if o is not None and o.as_of == total_obs.as_of]
        if total_obs.check_exempt and same_date:
            notes.append(f"Band figures do not add up to the total: {total_obs.check_exempt}")
        for name in STOCK_BANDS:
            obs = found[name].row
            if found[name].basis == "no_figure":
                notes.append(f"No {name} figure is recorded on or before {day}.")
            elif (
                found[name].basis == "figure"
                and obs is not None
                and obs.as_of < total_obs.as_of
                and obs.value != 0.0
            ):
                notes.append(
                    f"No {name} figure for {total_obs.as_of.isoformat()} ({total_obs.report}) in "
                    f"this dataset; the {name} figure shown is from {obs.as_of.isoformat()} "
                    f"({obs.report})."
                )

    centrifuges = _centrifuges(record, day, carried)
    by_site = _centrifuges(record, day, carried, by_site=True)
    heavy_found = standing(record, "heavy_water_stock", "heavy_water", day)
    heavy = heavy_found.row
    if heavy_found.note:
        notes.append(f"Heavy water: {heavy_found.note}.")
    if heavy is not None:
        newer_hw = record.latest("heavy_water_stock", day, with_value=False)
        if newer_hw is not None and newer_hw.as_of > heavy.as_of and not usable(newer_hw):
            notes.append(
                f"The heavy-water figure is from {heavy.as_of.isoformat()}; {newer_hw.report} "
                f"({newer_hw.as_of.isoformat()}) gives none in this dataset ({newer_hw.note})"
            )
    monitoring = cast(
        MonitoringLevel,
        monitoring_obs.value
        if monitoring_obs is not None and monitoring_obs.value in _MONITORING
        else "unknown",
    )
    in_force = record.sanctions.in_force(day)
    for change in in_force:
        if change.event.contested_by:
            notes.append(
                f"{change.measure}: {change.effect} on {change.date.isoformat()}, which "
                f"{', '.join(change.event.contested_by)} contest (event {change.event.id})."
            )
    return ProgramState(
        as_of=day,
        total_enriched_kg_u=total.mass_kg_u,
        total_figure=total if total_found.row is not None else None,
        stocks=tuple(stocks),
        centrifuges=tuple(centrifuges),
        heavy_water_t=heavy_found.value,
        monitoring=monitoring,
        verified=carried is None,
        sanctions_in_force=tuple(c.measure for c in in_force),
        notes=tuple(notes),
        report=total_obs.report if total_obs else None,
        report_date=total_obs.report_date if total_obs else None,
        heavy_water_as_of=heavy.as_of if heavy is not None else None,
        heavy_water_basis=heavy_found.basis,
        heavy_water_note=heavy_found.note,
        max_enrichment_level=_max_enrichment(record, day),
        monitoring_since=monitoring_obs.as_of if monitoring_obs is not None else None,
        access_lost_on=lost,
        centrifuges_by_site=tuple(by_site),
        facilities=facilities_at(day),
    )


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _pct(fraction: float | None) -> float | None:
    return round(fraction * 100.0, 6) if fraction is not None else None


def stock_to_dict(figure: StockFigure) -> dict[str, Any]:
    """JSON form of a :class:`StockFigure` (keys in ``docs/data.md``)."""
    return {
        "band": figure.band,
        "mass_kg_u": figure.mass_kg_u,
        "nominal_assay_pct": _pct(figure.nominal_assay),
        "status": figure.status,
        "figure_as_of": _iso(figure.figure_as_of),
        "age_days": figure.age_days,
        "report": figure.report,
        "source": figure.source.document if figure.source else None,
        "source_url": figure.source.url if figure.source else None,
        "confidence": figure.confidence,
        "observation_id": figure.observation_id,
        "basis": figure.basis,
        "note": figure.note,
    }


def centrifuge_to_dict(figure: CentrifugeFigure) -> dict[str, Any]:
    """JSON form of a :class:`CentrifugeFigure` (keys in ``docs/data.md``)."""
    return {
        "site": figure.site,
        "model": figure.model,
        "installed": figure.installed,
        "enriching": figure.enriching,
        "status": figure.status,
        "figure_as_of": _iso(figure.figure_as_of),
        "age_days": figure.age_days,
        "installed_as_of": _iso(figure.installed_as_of),
        "enriching_as_of": _iso(figure.enriching_as_of),
        "source": figure.source.document if figure.source else None,
        "source_url": figure.source.url if figure.source else None,
        "confidence": figure.confidence,
        "note": figure.note,
    }


def state_to_dict(state: ProgramState) -> dict[str, Any]:
    """The documented, stable JSON form of a :class:`ProgramState` (``docs/data.md``)."""
    return {
        "as_of": state.as_of.isoformat(),
        "verified": state.verified,
        "report": state.report,
        "report_date": _iso(state.report_date),
        "total_enriched_kg_u": state.total_enriched_kg_u,
        "total": stock_to_dict(state.total_figure) if state.total_figure else None,
        "stocks": [stock_to_dict(s) for s in state.stocks],
        "centrifuges": [centrifuge_to_dict(c) for c in state.centrifuges],
        "centrifuges_by_site": [centrifuge_to_dict(c) for c in state.centrifuges_by_site],
        "heavy_water_t": state.heavy_water_t,
        "heavy_water_as_of": _iso(state.heavy_water_as_of),
        "heavy_water_age_days": (
            (state.as_of - state.heavy_water_as_of).days if state.heavy_water_as_of else None
        ),
        "heavy_water_basis": state.heavy_water_basis,
        "heavy_water_note": state.heavy_water_note,
        "max_enrichment_pct": _pct(state.max_enrichment_level),
        "monitoring": state.monitoring,
        "monitoring_since": _iso(state.monitoring_since),
        "access_lost_on": _iso(state.access_lost_on),
        "sanctions_in_force": list(state.sanctions_in_force),
        "facilities": [facility_to_dict(f) for f in state.facilities],
        "notes": list(state.notes),
    }
