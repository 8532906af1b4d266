"""``lockstep centrifuges``: the centrifuge catalogue with output ranges and sources."""

from __future__ import annotations

from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    """Attach the ``centrifuges`` command to ``app``."""
    app.command("centrifuges")(centrifuges)


def catalogue_payload(model: str | None = None) -> list[dict[str, Any]]:
    """The catalogue (or one model) as JSON-ready objects (keys in docs/physics.md)."""
    from lockstep.physics import catalogue, centrifuge

    entries = catalogue() if model is None else (centrifuge(model),)
    return [
        {
            "model": c.model,
            "swu_low": c.swu_low,
            "swu_central": c.swu_central,
            "swu_high": c.swu_high,
            "unit": "kg-SWU per machine-year (uranium basis)",
            "basis": c.basis,
            "confidence": c.confidence,
            "claimed": c.claimed,
            "description": c.description,
            "notes": c.notes,
            "sources": list(c.sources),
        }
        for c in entries
    ]


def centrifuges(
    model: Annotated[
        str | None, typer.Option("--model", help="Show one model with its notes and sources.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List the centrifuge catalogue: output per machine-year (low/central/high) and sources."""
    from lockstep.cli._output import console, emit_json, table

    rows = catalogue_payload(model)
    if as_json:
        emit_json(rows)
        return
    out = console()
    out.print(
        table(
            "Centrifuge catalogue [kg-SWU per machine-year, uranium basis]",
            ("model", "low", "central", "high", "confidence", "basis of central value"),
            [
                (
                    r["model"],
                    f"{r['swu_low']:g}",
                    f"{r['swu_central']:g}",
                    f"{r['swu_high']:g}",
                    r["confidence"],
                    r["basis"],
                )
                for r in rows
            ],
        )
    )
    if model is not None:
        entry = rows[0]
        out.print(f"design: {entry['description']}", markup=False)
        out.print(f"claimed: {entry['claimed']}", markup=False)
        out.print(f"notes: {entry['notes']}", markup=False)
        for source in entry["sources"]:
            out.print(f"source: {source}", markup=False)
    else:
        out.print("Sources and notes: lockstep centrifuges --model NAME (or --json).")
