"""``lockstep brief``: a few pages on the state of the file at a date, as HTML or PDF."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Attach the ``brief`` command to ``app``."""
    app.command("brief")(brief)


def brief(
    out: Annotated[str, typer.Option("-o", "--out", help="Output file: .html or .pdf.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date YYYY-MM-DD or 'today' (default: today).")
    ] = None,
    db: Annotated[str | None, typer.Option("--db", help="Store URL.")] = None,
) -> None:
    """Write a brief: status summary, key charts, compliance, a synchronized roadmap, sources."""
    from lockstep.cli._options import date_or_today, output_file
    from lockstep.cli._output import console
    from lockstep.report.brief import write_brief

    day = date_or_today(as_of, "--as-of")
    path = write_brief(day, output_file(out, "--out"), db=db)
    console().print(f"brief for {day.isoformat()} written to {path}")
