"""``lockstep state`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lockstep.cli.main import run
from lockstep.record import clear_cache


@pytest.fixture(autouse=True)
def _user_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCKSTEP_DB", f"sqlite:///{tmp_path / 'user.db'}")
    clear_cache()


def test_state_json_gov_2025_50(capsys: pytest.CaptureFixture[str]) -> None:
    # GOV/2025/50: 9,874.9 kg U in all, 440.9 kg U up to 60 %, as of 13 Jun 2025.
    assert run(["state", "--as-of", "2025-06-13", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["as_of"] == "2025-06-13"
    assert out["total_enriched_kg_u"] == 9874.9
    assert out["report"] == "GOV/2025/50"
    assert out["verified"] is True
    sixty = out["stocks"][3]
    assert (sixty["band"], sixty["mass_kg_u"], sixty["status"]) == (
        "up_to_60pct",
        440.9,
        "estimated",
    )
    assert sixty["figure_as_of"] == "2025-06-13"
    assert sixty["age_days"] == 0
    assert sixty["source"] == "GOV/2025/50"
    assert sixty["source_url"].startswith("https://")


def test_state_json_after_access_lost(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["state", "--as-of", "2025-12-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verified"] is False
    assert out["monitoring"] == "none"
    assert {s["status"] for s in out["stocks"]} == {"unverified"}
    assert out["stocks"][3]["age_days"] == 171
    assert any("No IAEA access" in n for n in out["notes"])


def test_state_json_gov_2017_10(capsys: pytest.CaptureFixture[str]) -> None:
    # GOV/2017/10: 101.7 kg U enriched up to 3.67 % as of 18 Feb 2017.
    assert run(["state", "--as-of", "2017-02-18", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total_enriched_kg_u"] == 101.7
    assert out["stocks"][1]["mass_kg_u"] == 101.7
    assert out["stocks"][1]["nominal_assay_pct"] == 3.67
    assert out["monitoring"] == "jcpoa_full"
    assert "us_primary_embargo" in out["sanctions_in_force"]


def test_state_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["state", "--as-of", "2019-05-20"]) == 0
    out = capsys.readouterr().out
    assert "174.1" in out
    assert "jcpoa_full" in out


def test_state_bad_date_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["state", "--as-of", "20/05/2019"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--as-of" in err
    assert "YYYY-MM-DD" in err


def test_state_bad_db_url_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["state", "--as-of", "2019-05-20", "--db", "nonsense"]) == 2
    assert "not a database URL" in capsys.readouterr().err


def test_state_shows_facility_status_after_the_strikes(capsys: pytest.CaptureFixture[str]) -> None:
    # IAEA DG, 26 Jun 2025: Fordow's centrifuges "no longer operational"; the US reading
    # ("obliterated") is shown beside it.
    assert run(["state", "--as-of", "2025-07-01"]) == 0
    out = capsys.readouterr().out
    assert "Facilities" in out
    assert "us: destroyed" in out
    assert run(["state", "--as-of", "2025-07-01", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    fordow = next(f for f in payload["facilities"] if f["site"] == "fordow_ffep")
    assert fordow["status"] == "damaged"
    assert fordow["other_readings"][0]["status"] == "destroyed"
