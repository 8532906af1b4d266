"""Breakout at every IAEA report date: the curve from the interim deal to now.

Each point is the breakout estimate at one report date of the record
(``Record.report_dates()``), labelled with its era (interim deal, JCPOA, Iran's steps
beyond the limits from July 2019, no verification after June 2025). Points after the
loss of access are ``unknown`` unless the options assume the last known state; points
where the machines or stocks allowed cannot make a quantity are ``infeasible`` with the
reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from lockstep.assessment.adapter import has_machine_figures, oldest_age
from lockstep.assessment.breakout import assess_state
from lockstep.assessment.options import BreakoutOptions
from lockstep.errors import InfeasibleError
from lockstep.physics.breakout import Percentiles
from lockstep.record.model import ProgramState

#: Progress callback: (points done, points in all).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Era:
    """A period of the history chart.

    Attributes
    ----------
    id
        Short id (``jcpoa``).
    label
        Label for charts.
    start, end
        First and last day (None: open).
    source
        Where the boundary dates come from.
    """

    id: str
    label: str
    start: dt.date | None
    end: dt.date | None
    source: str


#: Eras of the history chart, with the documents that fix their boundaries.
ERAS: tuple[Era, ...] = (
    Era(
        "before-jpoa",
        "Before the interim deal",
        None,
        dt.date(2014, 1, 19),
        "JPOA (24 Nov 2013) took effect on 20 Jan 2014",
    ),
    Era(
        "jpoa",
        "Interim deal (JPOA)",
        dt.date(2014, 1, 20),
        dt.date(2016, 1, 15),
        "JPOA implementation 20 Jan 2014; JCPOA Implementation Day 16 Jan 2016",
    ),
    Era(
        "jcpoa",
        "JCPOA limits",
        dt.date(2016, 1, 16),
        dt.date(2019, 6, 30),
        "Implementation Day 16 Jan 2016 (GOV/INF/2016/1); first exceedance verified "
        "1 Jul 2019 (GOV/INF/2019/8)",
    ),
    Era(
        "beyond-limits",
        "Iran's steps beyond the JCPOA limits",
        dt.date(2019, 7, 1),
        dt.date(2025, 6, 12),
        "GOV/INF/2019/8 (stock above 202.8 kg U on 1 Jul 2019) to the strikes of 13 Jun 2025",
    ),
    Era(
        "no-verification",
        "No verification (after the June 2025 strikes)",
        dt.date(2025, 6, 13),
        None,
        "GOV/2025/50: last IAEA estimate as of 13 Jun 2025; no access since",
    ),
)


def era_of(day: dt.date) -> Era:
    """The era ``day`` falls in."""
    for era in ERAS:
        if (era.start is None or day >= era.start) and (era.end is None or day <= era.end):
            return era
    return ERAS[-1]


@dataclass(frozen=True)
class HistoryPoint:
    """Breakout at one date.

    Attributes
    ----------
    as_of
        The date.
    era
        Era id (:data:`ERAS`).
    status
        ``ok``, ``unknown`` (no verified figures) or ``infeasible`` (no machines, or not
        enough material allowed).
    assumed_last_known
        Whether the last known figures were assumed.
    first_quantity_days
        Days to the first quantity [days], None unless ``ok``.
    quantities_by_last_month
        Quantities held by the end of the last month reported, None unless ``ok``.
    machines
        Machines used [count].
    capacity_swu_per_year
        Median effective capacity [kg-SWU/yr].
    stocks_kg_u
        Mass by IAEA band [kg U] (None where no figure).
    oldest_figure_age_days
        Age of the oldest figure used [days].
    report
        Report the state's total figure comes from.
    note
        Why the point is unknown or infeasible, or its first caveat.
    """

    as_of: dt.date
    era: str
    status: Literal["ok", "unknown", "infeasible"]
    assumed_last_known: bool
    first_quantity_days: Percentiles | None
    quantities_by_last_month: Percentiles | None
    machines: int | None
    capacity_swu_per_year: float | None
    stocks_kg_u: dict[str, float | None]
    oldest_figure_age_days: int | None
    report: str | None
    note: str


def history_from_states(
    states: Iterable[ProgramState],
    options: BreakoutOptions | None = None,
    *,
    total: int | None = None,
    progress: Progress | None = None,
) -> list[HistoryPoint]:
    """Breakout at each state's date.

    Parameters
    ----------
    states
        Program states, one per date.
    options
        Options (sensitivity ranking is skipped for speed).
    total
        Number of states, for the progress callback.
    progress
        Called with (done, total) after each point.
    """
    options = replace(options or BreakoutOptions(), sensitivity=False)
    points = []
    for done, state in enumerate(states, start=1):
        points.append(_point(state, options))
        if progress is not None:
            progress(done, total or done)
    return points


def _point(state: ProgramState, options: BreakoutOptions) -> HistoryPoint:
    stocks = {f.band: f.mass_kg_u for f in state.stocks}
    base = {
        "as_of": state.as_of,
        "era": era_of(state.as_of).id,
        "stocks_kg_u": stocks,
        "oldest_figure_age_days": oldest_age(state),
        "report": getattr(state, "report", None),
    }
    if options.covert is None and not has_machine_figures(state):
        return HistoryPoint(
            status="unknown",
            assumed_last_known=False,
            first_quantity_days=None,
            quantities_by_last_month=None,
            machines=None,
            capacity_swu_per_year=None,
            note="no centrifuge figures recorded on or before this date",
            **base,  # type: ignore[arg-type]
        )
    try:
        assessment = assess_state(state, options)
    except InfeasibleError as exc:
        return HistoryPoint(
            status="infeasible",
            assumed_last_known=False,
            first_quantity_days=None,
            quantities_by_last_month=None,
            machines=None,
            capacity_swu_per_year=None,
            note=str(exc),
            **base,  # type: ignore[arg-type]
        )
    result = assessment.result
    if result is None:
        return HistoryPoint(
            status="unknown",
            assumed_last_known=False,
            first_quantity_days=None,
            quantities_by_last_month=None,
            machines=None,
            capacity_swu_per_year=None,
            note=assessment.notes[0] if assessment.notes else "",
            **base,  # type: ignore[arg-type]
        )
    return HistoryPoint(
        status="ok",
        assumed_last_known=assessment.assumed_last_known,
        first_quantity_days=result.first_quantity_days,
        quantities_by_last_month=result.quantities_by_month[-1][1],
        machines=sum(f.machines for f in result.fleets),
        capacity_swu_per_year=result.capacity_swu_per_year.p50,
        note=assessment.notes[0] if assessment.notes else "",
        **base,  # type: ignore[arg-type]
    )


def history(
    options: BreakoutOptions | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    record: Any = None,
    progress: Progress | None = None,
    include_end: bool = True,
) -> list[HistoryPoint]:
    """Breakout at every IAEA report date of the record between ``start`` and ``end``.

    Parameters
    ----------
    options
        What to estimate.
    start, end
        First and last dates (inclusive; default: the whole record, to today).
    record
        The record (default ``lockstep.record.load_record()``).
    progress
        Called with (done, total) after each point.
    include_end
        Add ``end`` itself as a last point when it falls after the last report date, so
        the curve reaches the present (``unknown`` after the loss of access).
    """
    from lockstep.record import load_record, state_at

    chosen = record if record is not None else load_record()
    last = end or dt.date.today()
    dates: list[dt.date] = [
        d for d in chosen.report_dates() if (start is None or d >= start) and d <= last
    ]
    if include_end and (not dates or last > dates[-1]):
        dates.append(last)
    states = (state_at(d, chosen) for d in dates)
    return history_from_states(states, options, total=len(dates), progress=progress)


#: Columns of the CSV form of the history (``lockstep breakout --history --csv``).
HISTORY_COLUMNS: tuple[str, ...] = (
    "as_of",
    "era",
    "status",
    "assumed_last_known",
    "first_quantity_days_p10",
    "first_quantity_days_p50",
    "first_quantity_days_p90",
    "quantities_by_last_month_p50",
    "machines",
    "capacity_swu_per_year",
    "stock_up_to_2pct_kg_u",
    "stock_up_to_5pct_kg_u",
    "stock_up_to_20pct_kg_u",
    "stock_up_to_60pct_kg_u",
    "oldest_figure_age_days",
    "report",
    "note",
)


def history_rows(points: Sequence[HistoryPoint]) -> list[dict[str, Any]]:
    """Flat rows of the history (the CSV columns; JSON uses the same keys)."""
    rows = []
    for p in points:
        first = p.first_quantity_days
        rows.append(
            {
                "as_of": p.as_of.isoformat(),
                "era": p.era,
                "status": p.status,
                "assumed_last_known": p.assumed_last_known,
                "first_quantity_days_p10": first.p10 if first else None,
                "first_quantity_days_p50": first.p50 if first else None,
                "first_quantity_days_p90": first.p90 if first else None,
                "quantities_by_last_month_p50": (
                    p.quantities_by_last_month.p50 if p.quantities_by_last_month else None
                ),
                "machines": p.machines,
                "capacity_swu_per_year": p.capacity_swu_per_year,
                "stock_up_to_2pct_kg_u": p.stocks_kg_u.get("up_to_2pct"),
                "stock_up_to_5pct_kg_u": p.stocks_kg_u.get("up_to_5pct"),
                "stock_up_to_20pct_kg_u": p.stocks_kg_u.get("up_to_20pct"),
                "stock_up_to_60pct_kg_u": p.stocks_kg_u.get("up_to_60pct"),
                "oldest_figure_age_days": p.oldest_figure_age_days,
                "report": p.report,
                "note": p.note,
            }
        )
    return rows
