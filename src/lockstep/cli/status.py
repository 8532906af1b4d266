"""The status summary printed by ``lockstep serve`` and ``lockstep status``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console


def _mass(mass_kg_u: float | None, basis: str) -> str:
    """A stock as read: "≤" for an upper bound, "unknown" after an event that moved it."""
    if basis == "unknown_after_event":
        return "unknown"
    if mass_kg_u is None:
        return "–"
    return f"≤ {mass_kg_u:,.1f}" if basis == "bound" else f"{mass_kg_u:,.1f}"


def register(app: typer.Typer) -> None:
    """Attach the ``status`` command to ``app``."""
    app.command("status")(status)


def status(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date YYYY-MM-DD (default: today).")
    ] = None,
) -> None:
    """Print the status summary: stocks, breakout and compliance by party on a date."""
    from lockstep.cli._options import optional_date
    from lockstep.cli._output import console

    print_status(console(), optional_date(as_of, "--as-of"))


def print_status(out: Console, as_of: dt.date | None = None, db: str | None = None) -> None:
    """Print the state, breakout and compliance by party on ``as_of`` (default today)."""
    import dataclasses

    from lockstep.agreement import load_agreement
    from lockstep.assessment import BreakoutOptions, assess_state, payload
    from lockstep.cli._output import table
    from lockstep.compliance import count_by_party, evaluate
    from lockstep.compliance.model import STATUSES
    from lockstep.record import load_record, state_at

    day = as_of or dt.datetime.now(dt.UTC).date()
    record = load_record(db=db)
    state = state_at(day, record)
    out.print(f"[bold]lockstep status on {day.isoformat()}[/bold]")
    for note in state.notes[:1]:
        out.print(f"note: {note}")
    rows: list[tuple[str, ...]] = [
        (
            stock.band,
            _mass(stock.mass_kg_u, stock.basis),
            stock.status,
            stock.figure_as_of.isoformat() if stock.figure_as_of else "–",
            "–" if stock.age_days is None else str(stock.age_days),
        )
        for stock in state.stocks
    ]
    total = _mass(
        state.total_enriched_kg_u,
        state.total_figure.basis if state.total_figure else "no_figure",
    )
    rows.append(("total (all forms)", total, "", "", ""))
    out.print(
        table(
            "Enriched uranium (kg U)",
            ("band", "mass [kg U]", "status", "figure as of", "age [days]"),
            rows,
        )
    )
    options = dataclasses.replace(BreakoutOptions(), samples=5_000, sensitivity=False)
    result = payload(assess_state(state, options))
    if result["status"] == "ok":
        q = result["first_quantity_days"]
        out.print(
            f"breakout (days to 25 kg of 90 %): P50 {q['p50']:.1f} "
            f"(P10 {q['p10']:.1f}, P90 {q['p90']:.1f}), {options.samples:,} samples"
        )
    else:
        assumed = payload(assess_state(state, dataclasses.replace(options, assume_last_known=True)))
        q = assumed["first_quantity_days"]
        line = "breakout: unknown (no verified figures)"
        if assumed["status"] == "ok":
            line += (
                f"; assuming the last known state: P50 {q['p50']:.1f} days "
                f"(P10 {q['p10']:.1f}, P90 {q['p90']:.1f})"
            )
        out.print(line)
    counts = count_by_party(evaluate(load_agreement("jcpoa"), record, day))
    out.print(
        table(
            "JCPOA obligations by status",
            ("party", *STATUSES),
            [(party, *(str(c.get(s, 0)) for s in STATUSES)) for party, c in counts.items()],
        )
    )
