"""Plausibility on every addition (issue 10, point 5), in the library, the CLI and the API.

Each refusal is one line naming the file, the row and the field; nothing is stored when
any row is refused. Files written by ``lockstep export`` come back through
``record add``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lockstep.cli.main import run
from lockstep.errors import DataError
from lockstep.record import add_file, list_batches, load_record, validate_file
from lockstep.record.checks import EARLIEST_ADDITION, MAX_DAYS_AHEAD, check_plausible
from lockstep.record.rows import EVENT_COLUMNS, OBSERVATION_COLUMNS, Located
from lockstep.web import Settings, create_app

from .conftest import WriteCsv

Row = Callable[..., dict[str, str]]
AHEAD = (dt.date.today() + dt.timedelta(days=MAX_DAYS_AHEAD + 2)).isoformat()

#: (changes to a good observation, the field named, words of the message)
BAD_OBSERVATIONS = [
    ({"as_of": "2001-12-31", "report_date": ""}, "as_of", "implausible"),
    ({"as_of": "3000-01-01", "report_date": ""}, "as_of", "implausible"),
    ({"as_of": AHEAD, "report_date": ""}, "as_of", "a year after today"),
    ({"report_date": "3000-01-01"}, "report_date", "implausible"),
    ({"value": "1e308"}, "value", "physical bound"),
    ({"value": "2000000"}, "value", "physical bound"),
    ({"value": "2e6", "unit": "kg_uf6"}, "value", "physical bound"),
    ({"value_high": "5e6"}, "value_high", "physical bound"),
    ({"unit": "lb"}, "unit", "not accepted"),
    ({"unit": "kg"}, "unit", "not accepted"),
    (
        {"quantity": "max_enrichment_level", "band": "", "value": "0.6", "unit": "pct"},
        "value",
        "below natural uranium",
    ),
    (
        {"quantity": "max_enrichment_level", "band": "", "value": "60", "unit": "fraction"},
        "value",
        "a percent given as a fraction",
    ),
    (
        {"quantity": "max_enrichment_level", "band": "", "value": "0.002", "unit": "fraction"},
        "value",
        "below natural uranium",
    ),
    (
        {"quantity": "heavy_water_stock", "band": "", "value": "20000", "unit": "t"},
        "value",
        "physical bound",
    ),
    (
        {"quantity": "centrifuges_installed", "band": "", "value": "5000000", "unit": "count"},
        "value",
        "physical bound",
    ),
]

BAD_EVENTS = [
    ({"date": "1999-05-01"}, "date", "implausible"),
    ({"date": AHEAD}, "date", "implausible"),
    ({"obligation_ids_affected": "iran_no_such_obligation"}, "obligation_ids_affected", "unknown"),
    ({"material": "plutonium", "material_effect": "removes"}, "material", "unknown material"),
    ({"material": "up_to_5pct", "material_effect": "vanishes"}, "material_effect", "unknown"),
    ({"material": "up_to_5pct"}, "material_effect", "needs a material_effect"),
    ({"date_precision": "year"}, "date_precision", "unknown"),
    ({"date_precision": "month", "date": "2026-07-15"}, "date", "first of the month"),
]


@pytest.mark.parametrize(("changes", "column", "words"), BAD_OBSERVATIONS)
def test_implausible_observation_is_refused(
    obs: Row, write_csv: WriteCsv, changes: dict[str, str], column: str, words: str
) -> None:
    path = write_csv([obs(id="2026-05-19.good", as_of="2026-05-19"), obs(**changes)])
    with pytest.raises(DataError) as caught:
        add_file(path)
    error = caught.value
    assert (error.file, error.row, error.field) == (str(path), 2, column)
    assert words in str(error)
    assert "\n" not in str(error)
    assert list_batches() == []


@pytest.mark.parametrize(("changes", "column", "words"), BAD_EVENTS)
def test_implausible_event_is_refused(
    event: Row, write_csv: WriteCsv, changes: dict[str, str], column: str, words: str
) -> None:
    path = write_csv([event(id="2026-07-02.us.good"), event(**changes)])
    with pytest.raises(DataError) as caught:
        add_file(path)
    error = caught.value
    assert (error.file, error.row, error.field) == (str(path), 2, column)
    assert words in str(error)
    assert list_batches() == []


def test_plausible_edges_are_accepted(obs: Row, event: Row, write_csv: WriteCsv) -> None:
    edge = (dt.date.today() + dt.timedelta(days=MAX_DAYS_AHEAD)).isoformat()
    rows = [
        obs(id="first", as_of=EARLIEST_ADDITION.isoformat(), report_date=""),
        obs(id="last", as_of=edge, report_date=""),
        obs(id="big", as_of="2026-05-21", value="999999"),
        obs(
            id="sixty",
            quantity="max_enrichment_level",
            band="",
            value="60",
            unit="pct",
            as_of="2026-05-22",
        ),
    ]
    assert validate_file(write_csv(rows)).ids == ("first", "last", "big", "sixty")
    material = event(material="total;up_to_60pct", material_effect="removes")
    assert validate_file(write_csv([material], "events.csv")).kind == "events"


def test_checks_take_the_reference_date(obs: Row, write_csv: WriteCsv) -> None:
    path = write_csv([obs()])
    table = validate_file(path).record.get("2026-05-20.stock.total")
    assert table is not None
    located = [Located(table, str(path), 1)]
    check_plausible(located, today=dt.date(2026, 1, 1))  # within a year
    with pytest.raises(DataError, match="implausible"):
        check_plausible(located, today=dt.date(2025, 1, 1))


def test_packaged_rows_pass_the_plausibility_checks() -> None:
    record = load_record(include_user=False)
    # Events before 2002 (the 1995 embargo, say) are packaged history; additions start
    # in 2002. Every other check holds for every packaged row.
    items = [Located(o, "packaged", n) for n, o in enumerate(record.observations, 1)]
    check_plausible(items, today=dt.date.today())
    later = [e for e in record.events if e.date >= EARLIEST_ADDITION]
    check_plausible([Located(e, "packaged", n) for n, e in enumerate(later, 1)])


def test_cli_record_add_refuses_in_one_line(
    obs: Row, write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv([obs(value="1e308")])
    assert run(["record", "add", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{path}, row 1, field 'value'" in err
    assert "Traceback" not in err
    assert run(["record", "batches", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_api_additions_refuse_with_422(obs: Row, event: Row, tmp_path: Path) -> None:
    client = TestClient(
        create_app(Settings(db_url=f"sqlite:///{tmp_path}/web.db", token="s3cret-token")),
        base_url="http://127.0.0.1",
    )
    auth = {"Authorization": "Bearer s3cret-token"}
    for rows, columns, field in (
        ([obs(), obs(id="x", as_of="3000-01-01", report_date="")], OBSERVATION_COLUMNS, "as_of"),
        ([obs(quantity="max_enrichment_level", band="", value="0.6", unit="pct")], None, "value"),
        ([event(obligation_ids_affected="nothing_like_it")], EVENT_COLUMNS, "obligation"),
    ):
        names = columns or OBSERVATION_COLUMNS
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(names))
        writer.writeheader()
        writer.writerows(rows)
        response = client.post(
            "/api/record/additions", json={"csv": buffer.getvalue()}, headers=auth
        )
        assert response.status_code == 422, response.text
        detail = response.json()["detail"]
        assert field in detail
        assert detail.startswith("the uploaded CSV, row ")
    assert client.get("/api/state", params={"as_of": "2026-06-01"}).json()[
        "total_enriched_kg_u"
    ] != pytest.approx(1000.5)


def test_exported_events_round_trip_through_record_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    assert run(["export", "-o", str(out)]) == 0
    capsys.readouterr()
    with (out / "events.csv").open(encoding="utf-8", newline="") as handle:
        exported = list(csv.DictReader(handle))
    header = list(exported[0])
    assert {"date_precision", "origin", "material", "material_effect"} <= set(header)
    # The packaged events are in the record already: give them new ids, keep every
    # column as exported, and keep those an addition may carry (from 2002 on).
    kept = [
        {**row, "id": f"copy.{row['id']}"}
        for row in exported
        if row["date"] >= EARLIEST_ADDITION.isoformat()
    ]
    assert any(row["date_precision"] == "month" for row in kept)
    assert any(row["material_effect"] for row in kept)
    path = tmp_path / "again.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(kept)
    assert run(["record", "add", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == len(kept)
    record = load_record()
    for row in kept[:: max(1, len(kept) // 20)]:
        copy = record.get(row["id"])
        original = record.get(row["id"].removeprefix("copy."))
        assert copy is not None
        assert original is not None
        assert copy.date == original.date  # type: ignore[union-attr]
        assert copy.date_precision == original.date_precision  # type: ignore[union-attr]
        assert copy.materials == original.materials  # type: ignore[union-attr]
        assert copy.origin.startswith("user:")


def test_exported_observations_round_trip_through_record_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    assert run(["export", "-o", str(out)]) == 0
    capsys.readouterr()
    with (out / "observations.csv").open(encoding="utf-8", newline="") as handle:
        exported = list(csv.DictReader(handle))
    header = list(exported[0])
    kept = [
        {**row, "id": f"copy.{row['id']}"}
        for row in exported
        if row["quantity"] == "heavy_water_stock"
    ]
    # One figure per quantity and date: move the copies to dates no row uses.
    for n, row in enumerate(kept):
        row["as_of"] = (dt.date(2003, 1, 1) + dt.timedelta(days=n)).isoformat()
        row["report_date"] = ""
    path = tmp_path / "again.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(kept)
    assert run(["record", "add", str(path)]) == 0
    record = load_record()
    first = record.get(kept[0]["id"])
    original = record.get(kept[0]["id"].removeprefix("copy."))
    assert first is not None
    assert original is not None
    assert first.value == original.value  # type: ignore[union-attr]
    assert first.value_high == original.value_high  # type: ignore[union-attr]
