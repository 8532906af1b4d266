"""``lockstep export``: the open dataset as CSV, JSON or Parquet with a datapackage.json."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Attach the ``export`` command to ``app``."""
    app.command("export")(export)


def export(
    out: Annotated[str, typer.Option("-o", "--out", help="Directory to write into.")],
    fmt: Annotated[str, typer.Option("--format", help="csv, json or parquet.")] = "csv",
    db: Annotated[
        str | None, typer.Option("--db", help="Store URL (default: the user's SQLite file).")
    ] = None,
) -> None:
    """Write the agreement, observations, events and computed series with a data dictionary."""
    from lockstep.cli._options import output_folder
    from lockstep.cli._output import console
    from lockstep.errors import DomainError
    from lockstep.report.dataset import dataset_tables
    from lockstep.report.opendata import FORMATS, write_package

    if fmt not in FORMATS:
        raise DomainError("--format", f"one of {', '.join(FORMATS)} (got '{fmt}')")
    folder = output_folder(out, "--out")
    tables = dataset_tables(db=db)
    path = write_package(tables, folder, fmt)
    out_console = console()
    for table in tables:
        out_console.print(
            f"{table.name}: {len(table.rows):,} rows → {folder / (table.name + '.' + fmt)}"
        )
    out_console.print(f"data dictionary: {path}")
