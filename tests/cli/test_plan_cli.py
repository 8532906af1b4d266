"""``lockstep plan`` and ``lockstep no-return`` through the real entry point."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from lockstep.cli.main import run
from lockstep.roadmap.catalogue import data_file

CONTRACT_KEYS = {
    "strategy",
    "feasible",
    "reason",
    "t_full_days",
    "iran_done_day",
    "exposure",
    "gap_area",
    "first_day_breakout_at_least",
    "deficit",
    "breakout_end_days",
    "schedule",
}


def _json(capsys: pytest.CaptureFixture[str], args: list[str]) -> dict[str, object]:
    code = run(args)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    out: dict[str, object] = json.loads(captured.out)
    return out


def test_plan_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    # model.md 8.3, S-SYNC: full compliance on day 51, Iran done on day 32, E_IR = 70.
    out = _json(capsys, ["plan", "--catalogue", "worked_example", "--strategy", "sync", "--json"])
    assert set(out) >= CONTRACT_KEYS
    assert out["strategy"] == "sync"
    assert out["feasible"] is True
    assert out["t_full_days"] == 51
    assert out["iran_done_day"] == 32
    assert out["exposure"] == {"iran": 70, "us": 0}
    assert out["gap_area"] == 1330
    assert out["first_day_breakout_at_least"] == {"30": 22, "180": 32, "365": None}
    assert out["deficit"] == pytest.approx(12530.7, abs=0.1)
    assert out["breakout_end_days"] == pytest.approx(351.05, abs=0.01)
    schedule = out["schedule"]
    assert isinstance(schedule, list)
    u3 = next(r for r in schedule if r["id"] == "U3")
    assert {"id", "party", "start", "end", "verified"} <= set(u3)
    assert (u3["party"], u3["start"], u3["end"], u3["verified"]) == ("US", 36, 37, 51)
    assert "defection" in out


def test_plan_optimized_options(capsys: pytest.CaptureFixture[str]) -> None:
    # model.md 8.4: tau = 50, U3 in three tranches: T_full = 55.
    args = ["plan", "--catalogue", "worked_example", "--strategy", "optimized"]
    out = _json(capsys, [*args, "--tau", "50", "--sigma-us", "10", "--tranches", "--json"])
    assert out["t_full_days"] == 55
    assert out["tau"] == 50
    assert out["sigma"] == {"us": 10, "iran": 50}
    assert out["tranches"] is True
    out = _json(capsys, [*args, "--tau", "45", "--json"])
    assert out["feasible"] is False
    assert "U3" in str(out["reason"])
    assert out["schedule"] == []


def test_plan_lens_and_horizon(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(
        capsys,
        [
            "plan",
            "--catalogue",
            "worked_example",
            "--strategy",
            "iran-first",
            "--lens",
            "iran",
            "--horizon",
            "200",
            "--json",
        ],
    )
    assert out["lens"] == "iran"
    assert out["horizon_days"] == 200
    assert out["t_full_days"] == 69


def test_plan_compare_json_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, ["plan", "--catalogue", "worked_example", "--compare", "--json"])
    plans = out["plans"]
    assert isinstance(plans, list)
    got = {p["strategy"]: p["t_full_days"] for p in plans}
    assert got == {
        "iran-first": 69,
        "us-first": 87,
        "sync": 51,
        "optimized": 50,
        "step-by-step": 127,
        "less-for-less": None,
    }
    assert run(["plan", "--catalogue", "worked_example", "--compare"]) == 0
    table = capsys.readouterr().out
    assert "step-by-step" in table
    assert "12,530.7" in table


def test_plan_sweep_tau(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(
        capsys,
        ["plan", "--catalogue", "worked_example", "--sweep-tau", "--taus", "100,50,45", "--json"],
    )
    rows = out["rows"]
    assert isinstance(rows, list)
    assert [(r["tau"], r["plan"]["t_full_days"]) for r in rows] == [(100, 50), (50, 56), (45, None)]
    assert run(["plan", "--catalogue", "worked_example", "--sweep-tau", "--taus", "100,45"]) == 0
    assert "Pareto" in capsys.readouterr().out


def test_plan_monte_carlo(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["plan", "--catalogue", "worked_example", "--strategy", "sync", "--samples", "200"]
    out = _json(capsys, [*args, "--seed", "1", "--json"])
    rob = out["robustness"]
    assert isinstance(rob, dict)
    assert rob["samples"] == 200
    assert rob["t_full_days"]["p50"] <= rob["t_full_days"]["p90"]
    assert out == _json(capsys, [*args, "--seed", "1", "--json"])


def test_plan_default_is_generated_from_the_gap(capsys: pytest.CaptureFixture[str]) -> None:
    # Without --catalogue the measures come from the gap on the date (today: no access
    # since June 2025, so the plan opens with access and a new baseline).
    assert run(["plan", "--strategy", "sync"]) == 0
    out = capsys.readouterr().out
    assert "catalogue gap-" in out
    assert "IR-BASELINE" in out
    assert "because" in out
    assert run(["plan", "--catalogue", "default", "--strategy", "sync"]) == 0
    assert "catalogue default" in capsys.readouterr().out


def test_plan_generated_json_rows_and_chain(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, ["plan", "--as-of", "2015-10-18", "--strategy", "sync", "--json"])
    assert set(out) >= CONTRACT_KEYS
    assert out["day0"] == "2015-10-18"
    assert out["feasible"] is True
    assert out["end_state_violations"] == []
    rows = {r["measure"]: r for r in out["schedule"]}  # type: ignore[union-attr]
    export = rows["IR-EXPORT"]
    assert export["text"].startswith("Ship")
    assert "iran_stockpile_excess_disposal" in export["closes"]
    assert "5,096.4 kg U" in export["because"]
    chain = out["critical_chain"]
    assert isinstance(chain, list)
    assert chain
    assert set(chain) <= set(rows)
    assert out["solver_status"] is None
    opt = _json(capsys, ["plan", "--as-of", "2015-10-18", "--time-limit", "5", "--json"])
    assert opt["solver_status"] in {"OPTIMAL", "FEASIBLE"}


def test_plan_values_file_overrides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["plan", "--as-of", "2022-08-08", "--strategy", "sync", "--json"]
    base = _json(capsys, args)
    path = tmp_path / "values.csv"
    path.write_text(
        "measure,lens,value,basis\nUS-WAIVER-OIL,us,0,test: the US sees no cost in oil relief\n",
        encoding="utf-8",
    )
    changed = _json(capsys, [*args, "--values", str(path)])
    assert changed["exposure_by_lens"] != base["exposure_by_lens"]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("measure,lens,value\nUS-EO,us,1\n", "expected the columns measure,lens,value,basis"),
        ("measure,lens,value,basis\nUS-EO,eu,1,x\n", "lens 'eu'"),
        ("measure,lens,value,basis\nUS-EO,us,-1,x\n", "expected a number >= 0"),
        ("measure,lens,value,basis\nUS-NOPE,us,1,x\n", "unknown measure 'US-NOPE'"),
        ("measure,lens,value,basis\nUS-EO,us,1,\n", "basis"),
    ],
)
def test_bad_values_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, needle: str
) -> None:
    path = tmp_path / "values.csv"
    path.write_text(text, encoding="utf-8")
    code = run(["plan", "--as-of", "2022-08-08", "--strategy", "sync", "--values", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert needle in err
    assert "Traceback" not in err


def test_plan_as_of_without_or_with_record(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, ["plan", "--as-of", "2026-07-01", "--strategy", "sync", "--json"])
    assert out["day0"] == "2026-07-01"
    first = out["schedule"][0]
    assert first["start_date"] == "2026-07-01"
    assert all(isinstance(n, str) for n in out["notes"])  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["plan", "--catalogue", "missing.yaml"], "file not found"),
        (["plan", "--as-of", "2026-13-01"], "--as-of"),
        (["plan", "--horizon", "0"], "--horizon"),
        (["plan", "--tau", "-1"], "--tau"),
        (["plan", "--strategy", "fastest"], "--strategy"),
        (["plan", "--target", "jcpoa1999"], "unknown target"),
        (["plan", "--sweep-tau", "--taus", "a,b"], "--taus"),
        (["no-return", "--json", "--csv"], "choose one"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    code = run(args)
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert needle in err
    assert "Traceback" not in err


def test_bad_catalogue_names_measure_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = data_file("worked_example.yaml").read_text("utf-8")
    # I2a (the first 60 % shipment) made to wait for I2b, which waits for I2a.
    old = "prerequisites: [{measure: I1}]\n    effects: [{type: export, assay: 0.60"
    assert old in text
    text = text.replace(old, old.replace("I1", "I2b"), 1)
    path = tmp_path / "cycle.yaml"
    path.write_text(text, encoding="utf-8")
    code = run(["plan", "--catalogue", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "cycle in prerequisites" in err
    assert "field 'prerequisites'" in err
    assert "measure 'I2a'" in err


def test_no_return_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, ["no-return", "--json"])
    assert out["benchmark_days"] == 365
    assert set(out["first_date_below"]) == {"store", "destroy"}
    rows = out["rows"]
    assert isinstance(rows, list)
    assert {r["policy"] for r in rows} == {"store", "destroy"}
    assert run(["no-return", "--csv"]) == 0
    reader = csv.DictReader(io.StringIO(capsys.readouterr().out))
    first = next(reader)
    assert first["policy"] in ("store", "destroy")
    assert float(first["breakout_restorable_days"]) > 0
    assert run(["no-return", "--benchmark-days", "120"]) == 0
    assert "120 days" in capsys.readouterr().out
