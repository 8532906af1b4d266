"""``lockstep state``: Iran's program as known on a date (stocks, centrifuges, monitoring)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Attach the ``state`` command to ``app``."""
    app.command("state")(state)


def _fmt(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def _shown(value: float | None, basis: str, unit: str) -> str:
    """A stock as read: "≤" (at most) for a bound, "unknown" after an event (see the notes)."""
    suffix = f" {unit}" if unit else ""
    if basis == "unknown_after_event":
        return "unknown"
    if basis == "bound" and value is not None:
        return f"≤ {_fmt(value)}{suffix}"
    return f"{_fmt(value)}{suffix}"


def state(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date YYYY-MM-DD (default: today).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the state as JSON (keys in docs/data.md).")
    ] = False,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL of your additions (default: $LOCKSTEP_DB)."),
    ] = None,
    packaged_only: Annotated[
        bool, typer.Option("--packaged-only", help="Ignore your additions; packaged data only.")
    ] = False,
) -> None:
    """Show the program as known on a date: each figure with its date, age, status and source."""
    from lockstep.cli._output import console, emit_json, table
    from lockstep.record import as_date, load_record, state_at, state_to_dict

    day = as_date(as_of, "--as-of") if as_of is not None else dt.date.today()
    record = load_record(include_user=not packaged_only, db=db)
    result = state_at(day, record)
    if as_json:
        emit_json(state_to_dict(result))
        return
    out = console()
    verified = (
        "yes"
        if result.verified
        else f"NO: no IAEA access since {result.access_lost_on}, figures carried unverified"
    )
    out.print(f"Iran's nuclear program as known on {day.isoformat()}")
    out.print(
        "total enriched uranium: "
        + _shown(
            result.total_enriched_kg_u,
            result.total_figure.basis if result.total_figure else "no_figure",
            "kg U",
        )
        + (
            f" ({result.report}, as of {result.total_figure.figure_as_of})"
            if result.total_figure
            else ""
        )
    )
    out.print(f"monitoring: {result.monitoring} (since {result.monitoring_since})")
    out.print(f"figures current: {verified}")
    rows = [
        (
            s.band,
            _shown(s.mass_kg_u, s.basis, ""),
            f"{s.nominal_assay * 100:.4g}",
            s.status,
            s.figure_as_of.isoformat() if s.figure_as_of else "-",
            "-" if s.age_days is None else str(s.age_days),
            s.report or "-",
        )
        for s in result.stocks
    ]
    out.print(
        table(
            "Enriched uranium by band",
            ("band", "kg U", "nominal assay [%]", "status", "as of", "age [days]", "report"),
            rows,
        )
    )
    if result.centrifuges or result.centrifuges_by_site:
        out.print(
            table(
                "Centrifuges (latest figure of each site and model)",
                ("site", "model", "installed", "enriching", "status", "as of", "age [days]"),
                [
                    (
                        c.site,
                        c.model,
                        _fmt(c.installed),
                        _fmt(c.enriching),
                        c.status,
                        c.figure_as_of.isoformat() if c.figure_as_of else "-",
                        "-" if c.age_days is None else str(c.age_days),
                    )
                    for c in (*result.centrifuges, *result.centrifuges_by_site)
                ],
            )
        )
    if result.facilities:
        out.print(
            table(
                "Facilities: physical status (the IAEA's reading; others beside it)",
                ("site", "status", "as of", "whose reading", "other readings"),
                [
                    (
                        f.site,
                        f.status,
                        f.reading.date.isoformat(),
                        f.reading.reading_of,
                        ", ".join(f"{r.reading_of}: {r.status}" for r in f.other_readings) or "-",
                    )
                    for f in result.facilities
                ],
            )
        )
    if result.heavy_water_t is not None:
        shown = _shown(result.heavy_water_t, result.heavy_water_basis, "t")
        out.print(f"heavy water: {shown} (as of {result.heavy_water_as_of})")
    if result.max_enrichment_level is not None:
        out.print(f"highest enrichment level produced: {result.max_enrichment_level * 100:g} %")
    out.print("sanctions measures in force: " + (", ".join(result.sanctions_in_force) or "none"))
    for note in result.notes:
        out.print(f"note: {note}")
