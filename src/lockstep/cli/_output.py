"""Output helpers shared by the CLI command modules: JSON, CSV and Rich tables."""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def console() -> Console:
    """A Rich console writing to stdout (no colour when not a terminal)."""
    return Console(highlight=False, soft_wrap=False)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def emit_json(payload: Any) -> None:
    """Print ``payload`` as indented JSON (NaN and infinities become null)."""
    sys.stdout.write(json.dumps(_clean(payload), indent=2, ensure_ascii=False, default=str))
    sys.stdout.write("\n")


def emit_csv(rows: Iterable[Mapping[str, Any]], fieldnames: Sequence[str]) -> None:
    """Print ``rows`` as CSV with the given columns."""
    from lockstep.report.opendata import csv_cell

    writer = csv.DictWriter(sys.stdout, fieldnames=list(fieldnames), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    """Build a Rich table; numeric columns are right-aligned by the caller's formatting."""
    result = Table(title=escape(title), title_justify="left")
    for name in columns:
        result.add_column(escape(name))
    for row in rows:
        result.add_row(*(escape(str(cell)) for cell in row))
    return result
