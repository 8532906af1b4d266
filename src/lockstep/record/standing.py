"""Which figure of a stock stands on a date: the latest figure, a bound, or unknown.

A stock's figure (enriched uranium of a band, the total, heavy water) stands on a date
until something newer says otherwise:

- a newer row that gives only an upper bound (``value_high`` without ``value``, e.g. the
  2016-2018 reports' "not more than 300 kg UF6", 202.8 kg U) below it replaces it: the
  lowest such bound is shown, with its report and a note (a bound above the figure does
  not make it false; the figure stands, and the note names the bound);
- a newer event that moved that material (the ``material`` and ``material_effect``
  columns of events.csv: the 28 Dec 2015 shipment to Russia, the Feb 2016 heavy-water
  export, the start of 20 % production in Jan 2021) makes it unknown until a figure or a
  bound dated on or after the event;
- for a band, a newer total caps it: a band never holds more than the total.

Only rows and events dated on or before the date count, so a later row never changes an
earlier date's state.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lockstep.record.model import Basis, Event, Observation
from lockstep.record.record import Record


@dataclass(frozen=True)
class Standing:
    """What stands for one stock on a date.

    Attributes
    ----------
    value
        The figure, or the upper bound (``basis`` ``bound``), in the row's library unit;
        None when nothing stands.
    basis
        ``figure``, ``bound``, ``unknown_after_event`` or ``no_figure``.
    row
        The row shown (figure or bound); for ``unknown_after_event`` the last row, which no
        longer stands; None for ``no_figure``.
    note
        The reason, in words (empty for a plain figure).
    event
        The event that made the last row unknown, if any.
    """

    value: float | None
    basis: Basis
    row: Observation | None
    note: str = ""
    event: Event | None = None


def usable(obs: Observation) -> bool:
    """Whether a row says something about the stock's size: a figure or an upper bound."""
    return obs.value is not None or obs.value_high is not None


def material_events(record: Record, material: str, after: dt.date, day: dt.date) -> list[Event]:
    """Events changing ``material`` dated after ``after`` and on or before ``day``."""
    start = after + dt.timedelta(days=1)
    return [e for e in record.events_between(start, day) if material in e.materials]


def _amount(value: float, unit: str) -> str:
    shown = {"kg_u": "kg U", "t": "t"}.get(unit, unit)
    return f"{value:,.1f} {shown}"


def _row_text(obs: Observation) -> str:
    return f"{obs.report} (as of {obs.as_of.isoformat()})"


_MATERIAL_WORDS = {
    "total": "all enriched uranium",
    "up_to_2pct": "up to 2 %",
    "up_to_5pct": "up to 5 %",
    "up_to_20pct": "up to 20 %",
    "up_to_60pct": "up to 60 %",
    "heavy_water": "heavy water",
}
_EFFECT_WORDS = {
    "removes": "removed",
    "produces": "added",
    "starts_production": "production started",
}


def _event_text(event: Event) -> str:
    """The event in words: its date, the first clause of its description, what it moved."""
    # The first clause: up to a sentence end, ';', ':' or '(' (not a decimal point).
    first = re.split(r"\.(?:\s|$)|[;:(]| incl\.", event.description, maxsplit=1)[0]
    first = first.strip(" ,")
    if len(first) > 90:
        first = first[:87].rsplit(" ", 1)[0] + "..."
    moved = ", ".join(_MATERIAL_WORDS.get(m, m) for m in event.materials)
    effect = _EFFECT_WORDS.get(event.material_effect or "", "changed")
    return f"{event.date.isoformat()} ({first}; {effect}: {moved})"


def _tightest(bounds: list[Observation]) -> Observation:
    """The lowest bound; of equal ones, the latest."""
    return min(reversed(bounds), key=lambda o: float(o.value_high or 0.0))


def standing(
    record: Record, quantity: str, material: str, day: dt.date, **qualifiers: str
) -> Standing:
    """The figure of one stock that stands on ``day``.

    The latest figure stands unless a bound dated after it is lower (then the lowest such
    bound is shown) or an event dated after it moved that material (then only bounds
    dated on or after the event count; with none, the stock is unknown).

    Parameters
    ----------
    record
        The record.
    quantity, **qualifiers
        The series (e.g. ``enriched_uranium_stock`` with ``band="total"``).
    material
        The material name events use for this stock (``total``, a band, ``heavy_water``).
    day
        The date.

    Returns
    -------
    Standing
        The value with its basis, row and note.
    """
    rows = [o for o in record.series(quantity, **qualifiers) if o.as_of <= day and usable(o)]
    if not rows:
        return Standing(None, "no_figure", None)
    figures = [o for o in rows if o.value is not None]
    figure = figures[-1] if figures else None
    events = material_events(record, material, figure.as_of if figure else dt.date.min, day)
    if events:
        event = events[-1]
        bounds = [o for o in rows if o.value is None and o.as_of >= event.date]
        if not bounds:
            last = [o for o in rows if o.as_of < event.date][-1]
            shown = (
                _amount(float(last.value), last.unit)
                if last.value is not None
                else f"at most {_amount(float(last.value_high or 0.0), last.unit)}"
            )
            return Standing(
                None,
                "unknown_after_event",
                last,
                f"unknown: the last figure, {shown} in {_row_text(last)}, predates the event of "
                f"{_event_text(event)}; no figure or bound since",
                event,
            )
        tightest = _tightest(bounds)
        value = float(tightest.value_high or 0.0)
        return Standing(
            value,
            "bound",
            tightest,
            f"at most {_amount(value, tightest.unit)}: {_row_text(tightest)} gives only an "
            f"upper bound, after the event of {_event_text(event)}",
            event,
        )
    after = figure.as_of if figure else dt.date.min
    bounds = [o for o in rows if o.value is None and o.as_of > after]
    if figure is not None:
        value = float(figure.value)  # type: ignore[arg-type]
        if not bounds or float(_tightest(bounds).value_high or 0.0) >= value:
            above = ""
            if bounds:
                newest = bounds[-1]
                above = (
                    f"{_row_text(newest)} gives only an upper bound, "
                    f"{_amount(float(newest.value_high or 0.0), newest.unit)}; the figure "
                    f"shown, {_amount(value, figure.unit)} in {_row_text(figure)}, is within it"
                )
            return Standing(value, "figure", figure, above)
    tightest = _tightest(bounds)
    bound = float(tightest.value_high or 0.0)
    since = ""
    if figure is not None:
        since = (
            f"; the last figure, {_amount(float(figure.value), figure.unit)} "  # type: ignore[arg-type]
            f"in {_row_text(figure)}, is above it"
        )
    return Standing(
        bound,
        "bound",
        tightest,
        f"at most {_amount(bound, tightest.unit)}: {_row_text(tightest)} gives only an upper "
        f"bound{since}",
    )


def _size(obs: Observation) -> float:
    """A row's figure, or its upper bound."""
    return float(obs.value if obs.value is not None else obs.value_high or 0.0)


def capped_by_total(record: Record, band: Standing, day: dt.date) -> Standing:
    """A band's standing, capped by newer totals: a band never holds more than the total.

    Every total row (figure or bound) dated after the band's row, on or before ``day``
    and not made void by a later event on the total, bounds the band; the lowest one
    caps it. A band unknown since an event is bounded by the totals dated on or after
    that event.
    """
    if band.row is None:
        return band
    quantity, total_band = "enriched_uranium_stock", "total"
    totals = [o for o in record.series(quantity, band=total_band) if o.as_of <= day and usable(o)]
    events = material_events(record, total_band, dt.date.min, day)
    if events:
        totals = [o for o in totals if o.as_of >= events[-1].date]
    unknown = band.basis == "unknown_after_event" and band.event is not None
    if unknown:
        since = band.event.date  # type: ignore[union-attr]
        totals = [o for o in totals if o.as_of >= since]
    else:
        totals = [o for o in totals if o.as_of > band.row.as_of]
    if not totals:
        return band
    cap_row = min(reversed(totals), key=_size)
    cap = _size(cap_row)
    if unknown:
        return Standing(
            cap,
            "bound",
            cap_row,
            f"at most the total, {_amount(cap, cap_row.unit)} in {_row_text(cap_row)}: no "
            f"figure for this band since the event of {_event_text(band.event)}",  # type: ignore[arg-type]
            band.event,
        )
    if band.value is not None and band.value > cap:
        return Standing(
            cap,
            "bound",
            cap_row,
            f"at most the total, {_amount(cap, cap_row.unit)} in {_row_text(cap_row)}, "
            f"which is newer than and below the band's "
            f"{_amount(band.value, band.row.unit)} in {_row_text(band.row)}",
        )
    return band
