from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from lockstep.errors import DataError
from lockstep.report.opendata import Column, Table, write_package

TABLE = Table(
    name="stock",
    title="Stock",
    description="Enriched uranium by band",
    columns=(
        Column("as_of", "date", "Date of the figure"),
        Column("band", "string", "IAEA category"),
        Column("mass_kg_u", "number", "Mass", unit="kg U"),
        Column("verified", "boolean", "Verified by the IAEA"),
    ),
    rows=(
        {"as_of": dt.date(2017, 2, 18), "band": "up_to_5pct", "mass_kg_u": 101.7, "verified": True},
        {
            "as_of": dt.date(2025, 6, 13),
            "band": "up_to_60pct",
            "mass_kg_u": 440.9,
            "verified": False,
        },
    ),
    sources=("GOV/2017/10", "https://example.org/gov-2025-50"),
)


def test_csv_package_validates_with_frictionless(tmp_path: Path) -> None:
    import frictionless

    path = write_package([TABLE], tmp_path, "csv")
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads(path.read_text())
    field = descriptor["resources"][0]["schema"]["fields"][2]
    assert field == {"name": "mass_kg_u", "type": "number", "description": "Mass", "unit": "kg U"}
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"


def test_json_and_parquet_round_trip(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    write_package([TABLE], tmp_path / "j", "json")
    rows = json.loads((tmp_path / "j" / "stock.json").read_text())
    assert rows[1] == {
        "as_of": "2025-06-13",
        "band": "up_to_60pct",
        "mass_kg_u": 440.9,
        "verified": False,
    }
    write_package([TABLE], tmp_path / "p", "parquet")
    table = pq.read_table(tmp_path / "p" / "stock.parquet")
    assert table.column("mass_kg_u").to_pylist() == [101.7, 440.9]
    assert table.schema.metadata[b"unit:mass_kg_u"] == b"kg U"


def test_bad_rows_write_nothing(tmp_path: Path) -> None:
    bad = Table("bad", "Bad", "", TABLE.columns, rows=({"as_of": None, "oops": 1},))
    with pytest.raises(DataError, match=r"row 1.*unexpected fields"):
        write_package([TABLE, bad], tmp_path / "out", "csv")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
