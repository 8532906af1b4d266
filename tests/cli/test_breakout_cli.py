"""``lockstep breakout`` through the real entry point."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from lockstep.cli.main import run

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
JCPOA = str(EXAMPLES / "jcpoa-limits.yaml")


def test_scenario_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["breakout", "--scenario", JCPOA, "--samples", "4000", "--seed", "3", "--json"])
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    assert body["status"] == "ok"
    assert body["as_of"] == "2016-01-16"
    assert body["quantity"] == "wgu25"
    assert body["model"] == "swu-budget"
    assert body["samples"] == 4000
    assert body["seed"] == 3
    # About a year under JCPOA limits (tests/physics: 481 days with all inputs sampled).
    assert 400 < body["first_quantity_days"]["p50"] < 560
    assert [m["month"] for m in body["quantities_by_month"]] == list(range(1, 13))
    assert body["steps"][0]["feed"] == "up_to_5pct"
    assert body["inputs"]["machines_total"] == 5060
    assert body["assumptions"]["swu_per_machine_year"]["IR-1"]["mode"] == 0.75


def test_same_seed_same_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["breakout", "--scenario", JCPOA, "--samples", "500", "--json"]
    run(args)
    first = capsys.readouterr().out
    run(args)
    assert capsys.readouterr().out == first


def test_cli_options_override_the_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        [
            "breakout",
            "--scenario",
            JCPOA,
            "--quantity",
            "iaea-sq",
            "--model",
            "batch-recycle",
            "--machines",
            "installed",
            "--site",
            "fordow",
            "--covert",
            "500",
            "--covert-model",
            "IR-2m",
            "--samples",
            "300",
            "--quantities",
            "2",
            "--json",
        ]
    )
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    assert body["quantity"] == "iaea-sq"
    assert body["model"] == "batch-recycle"
    assert body["assumptions"]["sites"] == ["fordow_ffep"]
    assert {f["site"] for f in body["inputs"]["fleets"]} == {"fordow_ffep", "covert"}
    assert body["inputs"]["machines_total"] == 1044 + 500
    assert len(body["nth_quantity_days"]) == 2


def test_custom_quantity(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        [
            "breakout",
            "--scenario",
            JCPOA,
            "--quantity-mass",
            "42",
            "--quantity-assay",
            "60",
            "--samples",
            "200",
            "--json",
        ]
    )
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    assert body["quantity"] == "custom"
    assert body["quantity_assay_pct"] == 60.0


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["breakout", "--scenario", JCPOA, "--samples", "300"]) == 0
    out = capsys.readouterr().out
    assert "days to the first quantity" in out
    assert "Plan for the first quantity" in out
    assert "What moves the answer most" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--model", "cascade"], "--model"),
        (["--quantity", "bomb"], "--quantity"),
        (["--machines", "spinning"], "--machines"),
        (["--site", "qom"], "site"),
        (["--samples", "0"], "--samples"),
        (["--covert", "0"], "--covert"),
        (["--covert", "10", "--covert-model", "IR-99"], "known centrifuge model"),
        (["--quantity-mass", "25"], "--quantity-assay"),
        (["--quantity-mass", "25", "--quantity-assay", "120"], "--quantity-assay"),
        (["--csv"], "--csv"),
        (["--as-of", "2020-01-01"], "--scenario"),
    ],
)
def test_bad_options_exit_2_with_one_line(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["breakout", "--scenario", JCPOA, *args])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.count("\n") == 1
    assert needle in captured.err
    assert "Traceback" not in captured.err


def test_bad_date_and_infeasible(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(["breakout", "--as-of", "2020-13-01"]) == 2
    assert "--as-of" in capsys.readouterr().err
    # Fordow enriched nothing under the JCPOA: the tool says so instead of "infinity".
    assert run(["breakout", "--scenario", JCPOA, "--site", "fordow"]) == 2
    assert "no machines" in capsys.readouterr().err
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(
        "stocks: []\ncentrifuges:\n  - {site: natanz_fep, model: IR-1, enriching: -5}\n",
        encoding="utf-8",
    )
    assert run(["breakout", "--scenario", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err
    assert "centrifuges[0].enriching" in err


# --- real data (the packaged record) ---


def test_real_record_feb_2020(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["breakout", "--as-of", "2020-02-19", "--samples", "2000", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["status"] == "ok"
    # ISIS (April 2020) put Feb 2020 breakout at 3.8 months (3.1-4.6); physics only, so
    # a wide band: one to eight months.
    assert 30 < body["first_quantity_days"]["p50"] < 245


def test_real_record_after_june_2025_is_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["breakout", "--as-of", "2026-01-15", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["status"] == "unknown"
    assert body["first_quantity_days"]["p50"] is None
    assert body["last_known"]["stocks"]
    run(["breakout", "--as-of", "2026-01-15", "--assume-last-known", "--samples", "500", "--json"])
    assumed = json.loads(capsys.readouterr().out)
    # The last known state is the record's: every enrichment plant is damaged or destroyed
    # (IAEA statements, facilities.csv), so no declared capacity remains to estimate with.
    assert assumed["status"] == "unknown"
    assert assumed["assumed_last_known"] is True
    assert any("no declared enrichment capacity" in n for n in assumed["notes"])
    argv = ["breakout", "--as-of", "2026-01-15", "--assume-last-known", "--covert", "1000"]
    run([*argv, "--samples", "500", "--json"])
    covert = json.loads(capsys.readouterr().out)
    assert covert["status"] == "ok"
    assert any("natanz_fep is recorded damaged" in n for n in covert["notes"])


def test_last_known_figures_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    # After June 2025 the table lists the last known figures by band and site in words
    # (GOV/2025/50: 440.9 kg U of up to 60 %), counts with thousands separators; before
    # the record's first figures it says there are none rather than print empty tables.
    assert run(["breakout", "--as-of", "2025-09-01"]) == 0
    out = capsys.readouterr().out
    assert "20–60 % U-235" in out
    assert "440.9" in out
    assert "Natanz Fuel" in out
    assert "5,060" in out
    assert "up_to_60pct" not in out
    assert "natanz_fep" not in out
    assert run(["breakout", "--as-of", "2012-01-01"]) == 0
    out = capsys.readouterr().out
    assert "Last known stocks: none recorded on or before this date" in out
    assert "Last known centrifuges: none recorded on or before this date" in out
    assert "┏" not in out


def test_real_record_history_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["breakout", "--history", "--from", "2017-01-01", "--samples", "500", "--csv"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) > 10
    eras = {r["era"] for r in rows}
    assert {"jcpoa", "beyond-limits", "no-verification"} <= eras
    assert rows[-1]["status"] == "unknown"
    jcpoa = [float(r["first_quantity_days_p50"]) for r in rows if r["era"] == "jcpoa"]
    steps = [
        float(r["first_quantity_days_p50"])
        for r in rows
        if r["era"] == "beyond-limits" and r["status"] == "ok"
    ]
    assert min(jcpoa) > max(steps[-3:])


def test_default_is_the_ensemble_with_weaponization_apart(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = run(["breakout", "--scenario", JCPOA, "--model", "ensemble", "--samples", "2000"])
    assert code == 0
    out = capsys.readouterr().out
    assert "model ensemble" in out
    assert "NOT included above" in out
    assert "Quantities held" in out
    assert "│ 12     │" in out  # months 1, 3, 6, 12
    assert "batch-recycle" in out  # the structures drawn, with their weights
    assert "step ladder" in out  # in words, the id beside it
    code = run(["breakout", "--as-of", "2024-08-29", "--samples", "2000", "--json"])
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    assert body["model"] == "ensemble"
    assert {s["name"] for s in body["structures"]} == {
        "swu-budget",
        "batch-recycle",
        "stage-cascade",
    }
    assert body["weaponization_days"]["p50"] > 10 * body["first_quantity_days"]["p50"]
