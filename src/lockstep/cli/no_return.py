"""``lockstep no-return``: what a full return could restore at each report date, and what is lost.

The JSON printed by ``--json`` is a documented contract (``docs/roadmap.md``).
"""

from __future__ import annotations

import math
from typing import Annotated

import typer

from lockstep.cli._options import optional_date
from lockstep.errors import DataError

#: CSV columns (the JSON row keys without the nested ones).
CSV_FIELDS: tuple[str, ...] = (
    "date",
    "policy",
    "status",
    "share_of_reference",
    "share_of_reference_low",
    "share_of_reference_high",
    "kept_stock_kg_u",
    "retained_swu_per_year",
    "other_swu_per_year",
    "breakout_operating_days",
    "breakout_restorable_days",
    "rebuild_days",
    "meets_benchmark",
    "meets_reference",
    "verified",
    "because",
)


def register(app: typer.Typer) -> None:
    """Attach ``no-return`` to ``app``."""
    app.command("no-return")(no_return)


def no_return(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV rows.")] = False,
    benchmark_days: Annotated[
        float, typer.Option("--benchmark-days", help="Breakout a return should restore [days].")
    ] = 365.0,
    reinstall_days: Annotated[
        int, typer.Option("--reinstall-days", help="Days to reinstall stored machines.")
    ] = 60,
    rebuild_days: Annotated[
        int | None,
        typer.Option(
            "--rebuild-days",
            help="Days before destroyed machines start coming back (default 60, from "
            "knowledge.yaml); the rest of the rebuild grows with the fleet.",
        ),
    ] = None,
    assume_last_known: Annotated[
        bool,
        typer.Option(
            "--assume-last-known",
            help="After the loss of IAEA access, assume the last known figures still hold "
            "(else those dates are unknown, as in lockstep breakout).",
        ),
    ] = False,
    end: Annotated[
        str | None,
        typer.Option("--to", help="Last date YYYY-MM-DD (default today)."),
    ] = None,
) -> None:
    """Breakout a full return restores at each report date, and what it cannot undo."""
    from lockstep.cli._output import console, emit_csv, emit_json, table
    from lockstep.roadmap import ReturnAssumptions, point_of_no_return, states_for_analysis
    from lockstep.roadmap.no_return import row_json

    if as_json and as_csv:
        raise DataError("--json and --csv: choose one")
    if not (math.isfinite(benchmark_days) and benchmark_days > 0):
        raise DataError(f"--benchmark-days: expected days > 0 (got {benchmark_days})")
    if reinstall_days < 0 or (rebuild_days is not None and rebuild_days < 0):
        raise DataError("--reinstall-days / --rebuild-days: expected days >= 0")
    last = optional_date(end, "--to")
    states, source = states_for_analysis(last)
    result = point_of_no_return(
        states,
        ReturnAssumptions(
            benchmark_days=benchmark_days,
            reinstall_days=reinstall_days,
            rebuild_days=rebuild_days,
            assume_last_known=assume_last_known,
        ),
        source=source,
    )
    if as_json:
        emit_json(result.to_json())
        return
    if as_csv:
        emit_csv((row_json(r) for r in result.rows), CSV_FIELDS)
        return
    out = console()
    by_date: dict[str, dict[str, dict[str, object]]] = {}
    for r in result.rows:
        by_date.setdefault(r.date.isoformat(), {})[r.policy] = row_json(r)
    rows = []
    for day, pair in by_date.items():
        store, destroy = pair["store"], pair["destroy"]
        rows.append(
            (
                day,
                str(store["status"]),
                _days(store["breakout_restorable_days"]),
                _share(store["share_of_reference"]),
                _days(destroy["breakout_restorable_days"]),
                _share(destroy["share_of_reference"]),
                _share(destroy["share_of_reference_low"]),
            )
        )
    cols = ("date", "status", "store [d]", "share", "destroy [d]", "share", "hidden")
    out.print(
        table(
            "Breakout a full return restores, as a share of the deal's own "
            f"({result.reference_days:.0f} days)",
            cols,
            rows,
        )
    )
    out.print(
        "store: machines beyond the deal's 5,060 IR-1 kept under seal; destroy: destroyed "
        "and rebuilt at the pace seen before; hidden: the share if machines made unseen "
        "and unverified stock were hidden."
    )
    if result.losses:
        out.print("What a return cannot undo:")
        for c in result.losses:
            out.print(f"- since {c.since:%d %b %Y}: {c.what}. Why: {c.why}.")
    for text in result.statements.values():
        out.print(text)


def _days(value: object) -> str:
    return f"{value:,.0f}" if isinstance(value, int | float) else "unknown"


def _share(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, int | float) else "-"
