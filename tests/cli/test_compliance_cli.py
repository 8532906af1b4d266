"""``lockstep compliance`` through the real entry point."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from lockstep.cli.main import run
from lockstep.record import clear_cache


@pytest.fixture(autouse=True)
def _user_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCKSTEP_DB", f"sqlite:///{tmp_path / 'user.db'}")
    monkeypatch.setenv("COLUMNS", "160")
    clear_cache()


def test_as_of_json_end_2019(capsys: pytest.CaptureFixture[str]) -> None:
    # GOV/2019/55: 372.3 kg U as of 3 Nov 2019 against 202.8 kg U.
    assert run(["compliance", "--as-of", "2019-12-31", "--party", "iran", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["as_of"] == "2019-12-31"
    assert set(out["summary"]) == {"iran"}
    stock = next(f for f in out["findings"] if f["obligation"] == "iran_stockpile_cap")
    assert (stock["status"], stock["observed"], stock["limit"], stock["unit"]) == (
        "breached",
        372.3,
        202.8,
        "kg_u",
    )
    assert round(stock["ratio"], 2) == 1.84
    assert stock["since"] == "2019-07-01"
    assert stock["evidence"][0]["source"] == "GOV/2019/55"
    assert all(f["party"] == "iran" for f in out["findings"])


def test_status_filter_keeps_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["compliance", "--as-of", "2018-12-31", "--status", "breached", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {f["status"] for f in out["findings"]} == {"breached"}
    assert {f["obligation"] for f in out["findings"] if f["party"] == "us"} >= {
        "us_refrain_reimposition",
        "us_cease_nuclear_sanctions",
    }
    assert out["summary"]["iran"]["complies"] > 0  # counts cover every status


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["compliance", "--as-of", "2025-11-01", "--party", "unsc"]) == 0
    out = capsys.readouterr().out
    assert "Compliance with the JCPOA on 2025-11-01" in out
    assert "unsc_termination" in out
    assert "disputed" in out


def test_findings_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["compliance", "--as-of", "2019-12-31", "--party", "iran", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    sites = next(r for r in rows if r["obligation"] == "iran_enrichment_single_site")
    assert sites["observed"] == "fordow_ffep;natanz_fep;natanz_pfep"
    assert sites["status"] == "breached"


def test_timeline_csv_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compliance", "--timeline", "--from", "2018-01-01", "--to", "2019-12-31"]
    assert run([*args, "--party", "us", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == [
        "party", "obligation", "metric", "status", "start", "end", "days", "ratio_max"
    ]  # fmt: skip
    lane = [(r["status"], r["start"], r["end"]) for r in rows
            if r["obligation"] == "us_refrain_reimposition"]  # fmt: skip
    assert lane == [
        ("complies", "2018-01-01", "2018-05-07"),
        ("suspended", "2018-05-08", "2018-08-06"),
        ("breached", "2018-08-07", "2019-12-31"),
    ]
    assert run([*args, "--party", "iran", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["from"], out["to"]) == ("2018-01-01", "2019-12-31")
    assert out["parties"]["iran"]["first_breach"] == {
        "date": "2016-02-17",
        "obligation": "iran_heavy_water_cap",
    }


def test_timeline_table(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compliance", "--timeline", "--from", "2018-01-01", "--to", "2019-12-31"]
    assert run([*args, "--party", "us"]) == 0
    out = capsys.readouterr().out
    assert "first breach: us_cease_nuclear_sanctions, 2018-08-07" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2019-13-01"], "--as-of"),
        (["--party", "usa"], "party"),
        (["--status", "violated"], "--status"),
        (["--json", "--csv"], "one output format"),
        (["--from", "2019-01-01"], "--timeline"),
        (["--timeline", "--from", "2020-01-01", "--to", "2019-01-01"], "on or before --to"),
        (["--timeline", "--as-of", "2020-01-01"], "--as-of"),
        (["--agreement", "nosuch"], "nosuch"),
    ],
)
def test_errors_one_line(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert run(["compliance", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:")
    assert message in err
    assert len(err.strip().splitlines()) == 1
