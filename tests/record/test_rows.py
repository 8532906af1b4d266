"""Every loader and consistency-check error path: one DataError naming file, row, field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lockstep.errors import DataError
from lockstep.physics.units import U_PER_UF6
from lockstep.record import validate_file
from lockstep.record.rows import parse_table, read_csv_text

WriteCsv = Callable[..., Path]
Row = Callable[..., dict[str, str]]


def _error(path: Path) -> DataError:
    with pytest.raises(DataError) as info:
        validate_file(path)
    return info.value


def test_good_rows_pass(write_csv: WriteCsv, obs: Row, event: Row) -> None:
    checked = validate_file(write_csv([obs()]))
    assert checked.kind == "observations"
    assert checked.ids == ("2026-05-20.stock.total",)
    checked = validate_file(write_csv([event()]))
    assert checked.kind == "events"


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"quantity": "plutonium_stock"}, "quantity", "unknown value 'plutonium_stock'"),
        ({"value": "-3"}, "value", "expected a mass >= 0"),
        ({"value": "12 kg"}, "value", "expected a number"),
        ({"value": "", "note": ""}, "value", "a note saying why"),
        ({"as_of": "2026/05/20"}, "as_of", "expected a date YYYY-MM-DD"),
        ({"as_of": "2026-13-01"}, "as_of", "expected a date YYYY-MM-DD"),
        ({"as_of": "20260520"}, "as_of", "expected a date YYYY-MM-DD"),
        ({"report_date": "2026-05-01"}, "report_date", "before as_of"),
        ({"unit": "lb"}, "unit", "not accepted"),
        ({"band": ""}, "band", "needs the qualifier 'band'"),
        ({"band": "up_to_90pct"}, "band", "unknown band 'up_to_90pct'"),
        ({"model": "IR-1"}, "model", "takes no qualifier 'model'"),
        ({"status": "rumoured"}, "status", "expected one of: verified"),
        ({"confidence": "certain"}, "confidence", "expected one of: high"),
        ({"source": "", "url": ""}, "source", "needs its source"),
        ({"url": "www.example.org"}, "url", "expected an http(s) URL"),
        ({"id": "bad id"}, "id", "expected an id"),
        ({"value_low": "1100", "value_high": "900"}, "value_low", "above value_high"),
        ({"value_high": "900"}, "value", "above value_high"),
        ({"supersedes": "no-such-row"}, "supersedes", "not an observation id"),
        ({"supersedes": "2026-05-20.stock.total"}, "supersedes", "cannot supersede itself"),
    ],
)
def test_bad_observation_field(
    write_csv: WriteCsv, changes: dict[str, str], field: str, expected: str, obs: Row
) -> None:
    path = write_csv([obs(id="2026-05-19.first", as_of="2026-05-19"), obs(**changes)])
    error = _error(path)
    assert error.file == str(path)
    assert error.row == 2
    assert error.field == field
    assert expected in str(error)
    assert f"{path}, row 2, field '{field}'" in str(error)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"value": "0"}, "an assay in (0, 100]%"),
        ({"value": "100.5"}, "an assay in (0, 100]%"),
        ({"value": "-1"}, "an assay in (0, 100]%"),
    ],
)
def test_assay_outside_0_100_percent(
    write_csv: WriteCsv, changes: dict[str, str], expected: str, obs: Row
) -> None:
    row = obs(quantity="max_enrichment_level", band="", unit="pct", **changes)
    error = _error(write_csv([row]))
    assert (error.row, error.field) == (1, "value")
    assert expected in str(error)


def test_assay_as_fraction_must_not_exceed_one(write_csv: WriteCsv, obs: Row) -> None:
    row = obs(quantity="max_enrichment_level", band="", unit="fraction", value="4.5")
    assert "(0, 1] (fraction)" in str(_error(write_csv([row])))


@pytest.mark.parametrize(
    ("quantity", "unit", "value", "expected"),
    [
        ("centrifuges_installed", "count", "17.5", "whole number"),
        ("centrifuges_installed", "count", "-1", "whole number"),
        ("enrichment_at_site", "bool", "yes", "true or false"),
        ("monitoring_level", "category", "partial", "unknown value 'partial'"),
    ],
)
def test_value_of_the_wrong_kind(
    write_csv: WriteCsv, quantity: str, unit: str, value: str, expected: str, obs: Row
) -> None:
    row = obs(quantity=quantity, unit=unit, value=value, band="", site="fordow_ffep")
    if quantity == "monitoring_level":
        row["site"] = ""
    error = _error(write_csv([row]))
    assert error.field == "value"
    assert expected in str(error)


def test_duplicate_id_within_file(write_csv: WriteCsv, obs: Row) -> None:
    path = write_csv([obs(), obs(as_of="2026-05-21")])
    error = _error(path)
    assert (error.row, error.field) == (2, "id")
    assert "duplicate id '2026-05-20.stock.total'" in str(error)
    assert "row 1" in str(error)


def test_duplicate_id_against_packaged_data(write_csv: WriteCsv, obs: Row) -> None:
    error = _error(write_csv([obs(id="2025-06-13.stock.total")]))
    assert "duplicate id '2025-06-13.stock.total'" in str(error)
    assert "lockstep/data/record/observations.csv" in str(error)


def test_second_figure_for_same_key_needs_supersedes(write_csv: WriteCsv, obs: Row) -> None:
    error = _error(write_csv([obs(id="my-fix", as_of="2025-06-13", value="9000")]))
    assert error.field == "as_of"
    assert "already exists (id '2025-06-13.stock.total'" in str(error)


def _split(obs: Row, total: str, exempt: str = "") -> list[dict[str, str]]:
    rows = [obs(id="t", value=total, check_exempt=exempt)]
    for band, value in (
        ("up_to_2pct", "100"),
        ("up_to_5pct", "200"),
        ("up_to_20pct", "50"),
        ("up_to_60pct", "10.5"),
    ):
        rows.append(obs(id=band, band=band, value=value))
    return rows


def test_total_that_disagrees_with_its_bands(write_csv: WriteCsv, obs: Row) -> None:
    path = write_csv(_split(obs, "400"))
    error = _error(path)
    assert (error.file, error.row, error.field) == (str(path), 5, "value")
    assert "disagrees with its bands" in str(error)
    assert "360.5 kg U" in str(error)


def test_bands_summing_to_the_total_pass(write_csv: WriteCsv, obs: Row) -> None:
    validate_file(write_csv(_split(obs, "360.5")))
    validate_file(write_csv(_split(obs, "360.8")))  # within the 0.5 kg U rounding tolerance


def test_check_exempt_total_passes(write_csv: WriteCsv, obs: Row) -> None:
    validate_file(write_csv(_split(obs, "400", exempt="band split covers UF6 only")))


def test_bands_exceeding_the_total_fail_even_when_exempt(write_csv: WriteCsv, obs: Row) -> None:
    error = _error(write_csv(_split(obs, "300", exempt="UF6 only")))
    assert "exceed the total" in str(error)


def test_partial_split_below_total_passes(write_csv: WriteCsv, obs: Row) -> None:
    rows = _split(obs, "1000")[:3]
    validate_file(write_csv(rows))


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"parties": "us;martians"}, "parties", "unknown party 'martians'"),
        ({"kind": "celebrates"}, "kind", "unknown value 'celebrates'"),
        ({"date": "1 July 2026"}, "date", "expected a date YYYY-MM-DD (or YYYY-MM)"),
        ({"measure": "us_no_such_measure"}, "measure", "unknown sanctions measure"),
        ({"effect": ""}, "effect", "needs an effect"),
        ({"measure": ""}, "measure", "an effect needs a measure"),
        ({"effect": "softened"}, "effect", "unknown effect 'softened'"),
        ({"obligation_ids_affected": "US Waivers"}, "obligation_ids_affected", "snake_case"),
        ({"contested_by": "nobody"}, "contested_by", "unknown party 'nobody'"),
        ({"description": ""}, "description", "a value is required"),
    ],
)
def test_bad_event_field(
    write_csv: WriteCsv, changes: dict[str, str], field: str, expected: str, event: Row
) -> None:
    path = write_csv([event(**changes)])
    error = _error(path)
    assert (error.file, error.row, error.field) == (str(path), 1, field)
    assert expected in str(error)


def test_event_with_month_precision() -> None:
    table = read_csv_text(
        "id,date,parties,kind,description,source,confidence\n"
        "x,2026-05,iaea,other,Report,doc,high\n",
        "mem.csv",
    )
    (located,) = parse_table(table)
    event = located.item
    assert (event.date.isoformat(), event.date_precision) == ("2026-05-01", "month")


def test_duplicate_event_id_against_packaged_data(write_csv: WriteCsv, event: Row) -> None:
    error = _error(write_csv([event(id="2025-09-28.unsc.prior-un-resolutions-16961929")]))
    assert "duplicate id" in str(error)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "empty file"),
        ("a,b\n1,2\n", "cannot tell observations from events"),
        ("id,as_of,quantity\n", "missing required column 'report'"),
        ("id,quantity,quantity\n", "appears twice"),
        (
            "id,as_of,report,quantity,value,unit,status,confidence,source,colour\n",
            "unknown column 'colour'",
        ),
    ],
)
def test_malformed_header(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    error = _error(path)
    assert expected in str(error)
    assert error.file == str(path)


def test_row_with_too_many_fields(write_csv: WriteCsv, obs: Row) -> None:
    path = write_csv([obs()])
    path.write_text(path.read_text(encoding="utf-8") + "a,b,c\n", encoding="utf-8")
    error = _error(path)
    assert error.row == 2
    assert "malformed CSV row: expected 20 fields" in str(error)


def test_unbalanced_quote_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        'id,date,parties,kind,description,source,confidence\nx,2026-01-01,us,other,"oops,s,high\n'
    )
    assert "malformed CSV" in str(_error(path))


def test_no_data_rows(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,date,parties,kind,description,source,confidence\n")
    assert "no data rows" in str(_error(path))


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "id,date,parties,kind,description,source,confidence\nx,2026-01-01,us,other,Caf\xe9,s,high\n".encode(
            "latin-1"
        )
    )
    assert "not UTF-8" in str(_error(path))


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read the file" in str(_error(tmp_path / "absent.csv"))


def test_edge_units_are_converted_and_kept_for_display() -> None:
    table = read_csv_text(
        "id,as_of,report,quantity,band,site,value,unit,status,confidence,source\n"
        "a,2015-06-30,r,enriched_uranium_stock,up_to_5pct,,7537,kg_uf6,verified,high,s\n"
        "b,2019-07-08,r,max_enrichment_level,,natanz_fep,4.5,pct,verified,high,s\n"
        "c,2021-02-08,r,uranium_metal_produced,natural,,3.6,g_u,verified,high,s\n",
        "mem.csv",
    )
    stock, level, metal = (item.item for item in parse_table(table))
    # IAEA convention: kg U = kg UF6 x 0.6762 (U_PER_UF6; 300 kg UF6 -> 202.8 kg U).
    assert stock.value == pytest.approx(7537 * U_PER_UF6)
    assert stock.value == pytest.approx(5096.4, abs=0.1)
    assert (stock.unit, stock.reported_value, stock.reported_unit) == ("kg_u", 7537.0, "kg_uf6")
    assert (level.value, level.unit, level.reported_value) == (
        pytest.approx(0.045),
        "fraction",
        4.5,
    )
    assert metal.value == pytest.approx(0.0036)


def test_row_numbers_count_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text(
        "id,date,parties,kind,description,source,confidence\n"
        "a,2026-01-01,us,other,d,s,high\n"
        "\n"
        "b,2026-01-02,nobody,other,d,s,high\n",
        encoding="utf-8",
    )
    error = _error(path)
    assert (error.row, error.field) == (3, "parties")
