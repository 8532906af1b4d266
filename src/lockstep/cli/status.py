"""The status summary printed by ``lockstep serve`` and ``lockstep status``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

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
        str | None, typer.Option("--as-of", help="Date YYYY-MM-DD or 'today' (default: today).")
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print a JSON object: as_of, state, breakout, breakout_assuming_last_known, "
            "compliance_by_party.",
        ),
    ] = False,
) -> None:
    """Print the status summary: stocks, breakout and compliance by party on a date."""
    from lockstep.cli._options import optional_date
    from lockstep.cli._output import console, emit_json

    day = optional_date(as_of, "--as-of")
    if as_json:
        emit_json(status_document(day))
        return
    print_status(console(), day)


def _status_parts(as_of: dt.date | None, db: str | None) -> dict[str, Any]:
    """The state, breakout payloads and compliance counts of the summary (one computation)."""
    import dataclasses

    from lockstep.agreement import load_agreement
    from lockstep.assessment import BreakoutOptions, assess_state, payload
    from lockstep.compliance import count_by_party, evaluate
    from lockstep.record import load_record, state_at

    day = as_of or dt.datetime.now(dt.UTC).date()
    record = load_record(db=db)
    state = state_at(day, record)
    options = dataclasses.replace(BreakoutOptions(), samples=5_000, sensitivity=False)
    result = payload(assess_state(state, options))
    assumed = None
    if result["status"] != "ok":
        assumed = payload(assess_state(state, dataclasses.replace(options, assume_last_known=True)))
    counts = count_by_party(evaluate(load_agreement("jcpoa"), record, day))
    return {
        "day": day,
        "state": state,
        "samples": options.samples,
        "breakout": result,
        "assumed": assumed,
        "counts": counts,
    }


def status_document(as_of: dt.date | None = None, db: str | None = None) -> dict[str, Any]:
    """The summary as JSON: the shared state and breakout forms, and counts by party.

    Keys: ``as_of``; ``state`` (as ``lockstep state --json``); ``breakout`` (as
    ``lockstep breakout --json``, 5,000 samples, no sensitivity ranking);
    ``breakout_assuming_last_known`` (the same with the last verified figures carried
    forward, when ``breakout`` is unknown; else null); ``compliance_by_party`` (party ->
    status -> number of JCPOA obligations).
    """
    from lockstep.record import state_to_dict

    parts = _status_parts(as_of, db)
    return {
        "as_of": parts["day"].isoformat(),
        "state": state_to_dict(parts["state"]),
        "breakout": parts["breakout"],
        "breakout_assuming_last_known": parts["assumed"],
        "compliance_by_party": {party: dict(c) for party, c in parts["counts"].items()},
    }


#: Obligation statuses in words, for the one-line-per-party summary.
_STATUS_WORDS = {"complies": "complied with", "not_in_force": "not in force"}


def print_status(out: Console, as_of: dt.date | None = None, db: str | None = None) -> None:
    """Print the state, breakout and compliance by party on ``as_of`` (default today)."""
    from lockstep.cli._output import table
    from lockstep.compliance.model import STATUSES
    from lockstep.report.labels import band, party_short

    parts = _status_parts(as_of, db)
    day, state, counts = parts["day"], parts["state"], parts["counts"]
    result, assumed = parts["breakout"], parts["assumed"]
    out.print(f"[bold]lockstep status on {day.isoformat()}[/bold]")
    for note in state.notes[:1]:
        out.print(f"note: {note}")
    rows: list[tuple[str, ...]] = [
        (
            band(stock.band),
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
            ("enrichment", "mass [kg U]", "status", "figure as of", "age [days]"),
            rows,
        )
    )
    if result["status"] == "ok":
        q = result["first_quantity_days"]
        out.print(
            f"breakout (days to 25 kg of 90 %): P50 {q['p50']:.1f} "
            f"(P10 {q['p10']:.1f}, P90 {q['p90']:.1f}), {parts['samples']:,} samples"
        )
    elif assumed is not None:
        q = assumed["first_quantity_days"]
        line = "breakout: unknown (no verified figures)"
        if assumed["status"] == "ok":
            line += (
                f"; assuming the last known state: P50 {q['p50']:.1f} days "
                f"(P10 {q['p10']:.1f}, P90 {q['p90']:.1f})"
            )
        out.print(line)
    # One line of words per party: seven status columns do not fit 80 columns.
    out.print(
        table(
            "JCPOA obligations by status",
            ("party", "obligations"),
            [
                (
                    party_short(party),
                    ", ".join(f"{c[s]} {_STATUS_WORDS.get(s, s)}" for s in STATUSES if c.get(s, 0))
                    or "none",
                )
                for party, c in counts.items()
            ],
        )
    )
