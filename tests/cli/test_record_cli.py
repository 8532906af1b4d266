"""``lockstep record ...`` through the real entry point."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from lockstep.cli.main import run
from lockstep.record import clear_cache

HEADER = "id,as_of,report,quantity,band,value,unit,status,confidence,source,url,note\n"
GOOD = (
    "2026-05-20.stock.total,2026-05-20,GOV/2026/99,enriched_uranium_stock,total,1000.5,kg_u,"
    "estimated,medium,GOV/2026/99 para 3,https://example.org/r,test\n"
)


@pytest.fixture(autouse=True)
def _user_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'user.db'}"
    monkeypatch.setenv("LOCKSTEP_DB", url)
    clear_cache()
    return url


def _file(tmp_path: Path, text: str, name: str = "new.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_list_json_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        [
            "record",
            "list",
            "--quantity",
            "enriched_uranium_stock",
            "--band",
            "up_to_60pct",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--json",
        ]
    )
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["as_of"], r["value"]) for r in rows] == [
        ("2025-02-08", 274.8),
        ("2025-05-17", 408.6),
        ("2025-06-13", 440.9),
    ]
    assert all(r["source"] for r in rows)


def test_list_csv_keeps_reported_units(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["record", "list", "--quantity", "max_enrichment_level", "--csv"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    fep = next(r for r in rows if r["as_of"] == "2019-07-08")
    assert (fep["value"], fep["unit"], fep["reported_value"], fep["reported_unit"]) == (
        "0.045",
        "fraction",
        "4.5",
        "pct",
    )


def test_list_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["record", "list", "--quantity", "heavy_water_stock"]) == 0
    assert "128.2" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--quantity", "gold"], "--quantity"),
        (["--band", "up_to_90pct"], "--band"),
        (["--from", "2025-13-01"], "--from"),
        (["--from", "2025-01-02", "--to", "2025-01-01"], "--from"),
        (["--json", "--csv"], "--json / --csv"),
    ],
)
def test_list_bad_options_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    assert run(["record", "list", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert expected in err


def test_events_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(["record", "events", "--party", "unsc", "--measure", "unsc_1737_measures", "--json"])
        == 0
    )
    events = json.loads(capsys.readouterr().out)
    assert [e["effect"] for e in events] == ["imposed", "lifted", "reimposed"]
    assert events[-1]["contested_by"] == ["iran", "russia", "china"]
    assert run(["record", "sources", "--json"]) == 0
    sources = json.loads(capsys.readouterr().out)
    assert sources[0]["observations"] + sources[0]["events"] >= 1
    assert any(s["url"] and "iranwatch.org" in s["url"] for s in sources)


def test_validate_then_add_then_state(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _file(tmp_path, HEADER + GOOD)
    assert run(["record", "validate", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["rows"], out["stored"], out["batch_id"]) == (1, False, None)
    assert run(["record", "add", str(path)]) == 0
    assert "stored 1 observations" in capsys.readouterr().out
    assert run(["state", "--as-of", "2026-06-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total_enriched_kg_u"] == 1000.5
    assert run(["state", "--as-of", "2026-06-01", "--json", "--packaged-only"]) == 0
    assert json.loads(capsys.readouterr().out)["total_enriched_kg_u"] == 9874.9
    assert run(["record", "batches", "--json"]) == 0
    (batch,) = json.loads(capsys.readouterr().out)
    assert (batch["batch_id"], batch["kind"], batch["rows"]) == (1, "observations", 1)
    assert run(["record", "remove", "1"]) == 0
    capsys.readouterr()
    assert run(["state", "--as-of", "2026-06-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total_enriched_kg_u"] == 9874.9


def test_add_with_one_bad_row_exits_2_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = (
        GOOD.replace("2026-05-20.stock.total", "second")
        .replace("1000.5", "-1")
        .replace("2026-05-20,", "2026-05-21,")
    )
    path = _file(tmp_path, HEADER + GOOD + bad)
    assert run(["record", "add", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{path}, row 2, field 'value'" in err
    assert run(["record", "batches", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not,a,record\n1,2,3\n", "cannot tell observations from events"),
        (
            HEADER + GOOD.replace("enriched_uranium_stock", "gold_stock"),
            "unknown value 'gold_stock'",
        ),
        (HEADER + GOOD.replace("2026-05-20,GOV", "2026-5-20,GOV"), "expected a date YYYY-MM-DD"),
        (HEADER + GOOD + GOOD, "duplicate id"),
        (
            "id,date,parties,kind,description,source,confidence\nx,2026-01-01,atlantis,other,d,s,high\n",
            "unknown party 'atlantis'",
        ),
    ],
)
def test_validate_bad_files_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, expected: str
) -> None:
    assert run(["record", "validate", str(_file(tmp_path, text))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert expected in err


def test_remove_unknown_batch_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["record", "remove", "7"]) == 2
    assert "no batch 7" in capsys.readouterr().err


def test_record_without_subcommand_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["record"]) == 0
    out = capsys.readouterr().out
    for command in ("list", "events", "sources", "validate", "add", "batches", "remove"):
        assert command in out
