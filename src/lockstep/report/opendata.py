"""Open-data packages: tables as CSV, JSON or Parquet plus a Frictionless descriptor.

The ``datapackage.json`` describes every field, its unit, the sources and the licence.

The writer is generic: callers pass :class:`Table` objects built from the library
(agreement, observations, events, computed series). Files are first written to a
temporary directory and moved into place only when all succeeded, so a failure leaves
nothing half-written.

References
----------
.. [1] Frictionless Data, "Data Package" and "Table Schema" specifications, v1,
   https://specs.frictionlessdata.io/
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lockstep import __version__
from lockstep.errors import DataError

Format = Literal["csv", "json", "parquet"]
FORMATS: tuple[Format, ...] = ("csv", "json", "parquet")
FieldType = Literal["string", "number", "integer", "boolean", "date", "any"]

#: Licences: data compiled by the project (facts from public documents) and the code.
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


@dataclass(frozen=True)
class Column:
    """One field of a table.

    Attributes
    ----------
    name
        Field name (a stable contract).
    type
        Table Schema type.
    description
        What the field holds.
    unit
        Unit of the values (``kg U``, ``days``, ``fraction``...), if any.
    """

    name: str
    type: FieldType
    description: str
    unit: str | None = None


@dataclass(frozen=True)
class Table:
    """A table of the package."""

    name: str
    title: str
    description: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    sources: Sequence[str] = field(default_factory=tuple)


def csv_cell(value: Any) -> Any:
    """One value as written in every CSV lockstep produces (exports, CLI, API).

    Dates are ISO 8601, booleans ``true``/``false`` (as in the data files), lists are
    joined with ``;``, NaN and infinities are empty.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list | tuple):
        return ";".join(str(csv_cell(v)) for v in value)
    return value


def _cell(value: Any) -> Any:
    """A value for JSON and Parquet cells (booleans stay booleans)."""
    if isinstance(value, bool):
        return value
    return csv_cell(value)


def _check(table: Table) -> None:
    names = [c.name for c in table.columns]
    if len(set(names)) != len(names):
        raise DataError("duplicate column names", file=table.name)
    for index, row in enumerate(table.rows, start=1):
        extra = set(row) - set(names)
        if extra:
            raise DataError(
                f"unexpected fields {sorted(extra)}; expected only {names}",
                file=table.name,
                row=index,
            )


def _write_csv(table: Table, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[c.name for c in table.columns])
        writer.writeheader()
        for row in table.rows:
            writer.writerow({k: csv_cell(v) for k, v in row.items()})


def _write_json(table: Table, path: Path) -> None:
    records = [{c.name: _cell(row.get(c.name)) for c in table.columns} for row in table.rows]
    path.write_text(json.dumps(records, indent=1, ensure_ascii=False), encoding="utf-8")


def _write_parquet(table: Table, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_types = {
        "string": pa.string(),
        "number": pa.float64(),
        "integer": pa.int64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "any": pa.string(),
    }
    arrays = []
    for column in table.columns:
        values = [row.get(column.name) for row in table.rows]
        if column.type in ("string", "any"):
            values = [None if v is None else str(_cell(v)) for v in values]
        elif column.type == "date":
            values = [dt.date.fromisoformat(v) if isinstance(v, str) else v for v in values]
        arrays.append(pa.array(values, type=arrow_types[column.type]))
    metadata = {
        f"unit:{c.name}".encode(): c.unit.encode() for c in table.columns if c.unit is not None
    }
    schema = pa.schema(
        [pa.field(c.name, arrow_types[c.type]) for c in table.columns], metadata=metadata
    )
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path)


def _resource(table: Table, fmt: Format) -> dict[str, Any]:
    fields = []
    for column in table.columns:
        entry: dict[str, Any] = {
            "name": column.name,
            "type": column.type,
            "description": column.description,
        }
        if column.unit is not None:
            entry["unit"] = column.unit
        fields.append(entry)
    resource: dict[str, Any] = {
        "name": table.name,
        "path": f"{table.name}.{fmt}",
        "title": table.title,
        "description": table.description,
        "format": fmt,
        "mediatype": {
            "csv": "text/csv",
            "json": "application/json",
            "parquet": "application/vnd.apache.parquet",
        }[fmt],
        "schema": {"fields": fields},
        "licenses": [DATA_LICENSE],
    }
    if fmt == "csv":
        resource["encoding"] = "utf-8"
    if table.sources:
        resource["sources"] = [
            {"title": s, "path": s} if "://" in s else {"title": s} for s in table.sources
        ]
    return resource


def write_package(
    tables: Sequence[Table],
    out_dir: str | Path,
    fmt: Format = "csv",
    *,
    name: str = "lockstep",
    title: str = "lockstep: the JCPOA, IAEA figures, events and computed series",
    description: str = (
        "The Iran nuclear deal as open data: every party's obligations under the JCPOA "
        "(2015, UNSCR 2231) and the JPOA (2013), the IAEA's figures on Iran's programme and "
        "the dated events of every party, each row with its source and status, and series "
        "computed by lockstep (breakout, compliance, point of no return) with their method "
        "documented in the project's docs."
    ),
) -> Path:
    """Write ``tables`` and their ``datapackage.json`` into ``out_dir``.

    Parameters
    ----------
    tables
        The tables to write.
    out_dir
        Target directory (created if missing; existing files of the same names are
        replaced).
    fmt
        ``csv``, ``json`` or ``parquet``.

    Returns
    -------
    pathlib.Path
        Path of the written ``datapackage.json``.

    Raises
    ------
    DataError
        On an unknown format or a table whose rows do not match its columns.
    """
    if fmt not in FORMATS:
        raise DataError(f"unknown format '{fmt}'; expected one of {', '.join(FORMATS)}")
    for table in tables:
        _check(table)
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    writers = {"csv": _write_csv, "json": _write_json, "parquet": _write_parquet}
    with tempfile.TemporaryDirectory(dir=target, prefix=".export-") as tmp:
        staging = Path(tmp)
        for table in tables:
            writers[fmt](table, staging / f"{table.name}.{fmt}")
        package = {
            "name": name,
            "title": title,
            "description": description,
            "version": __version__,
            "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "licenses": [DATA_LICENSE],
            "resources": [_resource(t, fmt) for t in tables],
        }
        (staging / "datapackage.json").write_text(
            json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        for item in staging.iterdir():
            os.replace(item, target / item.name)
    return target / "datapackage.json"
