"""``lockstep export`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lockstep.cli.main import run


def test_csv_export_validates_and_describes_every_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import frictionless

    assert run(["export", "-o", str(tmp_path), "--format", "csv"]) == 0
    package = tmp_path / "datapackage.json"
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])
    descriptor = json.loads(package.read_text())
    names = {r["name"] for r in descriptor["resources"]}
    assert {"obligations", "milestones", "observations", "events", "breakout_history"} <= names
    for resource in descriptor["resources"]:
        assert resource["licenses"][0]["name"] == "CC-BY-4.0"
        for field in resource["schema"]["fields"]:
            assert field["description"], (resource["name"], field["name"])
    # GOV/2017/10 (101.7 kg U) is in the observations with its source.
    text = (tmp_path / "observations.csv").read_text()
    assert "101.7" in text
    assert "GOV/2017/10" in text
    assert "datapackage.json" in capsys.readouterr().out


def test_parquet_export_keeps_units(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    assert run(["export", "-o", str(tmp_path), "--format", "parquet"]) == 0
    table = pq.read_table(tmp_path / "breakout_history.parquet")
    assert table.schema.metadata[b"unit:first_quantity_days_p50"] == b"days"
    assert table.num_rows > 30


def test_unknown_format_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["export", "-o", str(tmp_path / "x"), "--format", "xlsx"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --format: expected one of csv, json, parquet")
    assert not (tmp_path / "x").exists()
