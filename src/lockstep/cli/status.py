"""The status summary printed by ``lockstep serve`` (the README's main job)."""

from __future__ import annotations

import datetime as dt

from rich.console import Console


def print_status(out: Console, as_of: dt.date | None = None) -> None:
    """Print the state of the program on ``as_of`` (default today) as Rich tables."""
    from lockstep.cli._output import table
    from lockstep.record import state_at

    day = as_of or dt.datetime.now(dt.UTC).date()
    state = state_at(day)
    rows = []
    for stock in state.stocks:
        rows.append(
            (
                stock.band,
                "–" if stock.mass_kg_u is None else f"{stock.mass_kg_u:,.1f}",
                stock.status,
                stock.figure_as_of.isoformat() if stock.figure_as_of else "–",
                "–" if stock.age_days is None else str(stock.age_days),
            )
        )
    out.print(
        table(
            f"Enriched uranium on {day.isoformat()} (kg U)",
            ("band", "mass [kg U]", "status", "figure as of", "age [days]"),
            rows,
        )
    )
    for note in state.notes:
        out.print(f"note: {note}")
