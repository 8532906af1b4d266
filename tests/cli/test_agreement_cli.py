"""``lockstep agreement`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lockstep.agreement import agreement_json_schema_text
from lockstep.cli.main import run

SIX_PARTIES = {"iran", "us", "eu", "e3", "unsc", "all"}


def _json(capsys: pytest.CaptureFixture[str], args: list[str]) -> object:
    code = run(args)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def _fails(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    code = run(args)
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.count("\n") == 1, captured.err
    assert "Traceback" not in captured.err
    return captured.err


def test_show_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, ["agreement", "show", "jcpoa", "--json"])
    assert isinstance(payload, dict)
    assert payload["id"] == "jcpoa"
    obligations = payload["obligations"]
    assert len(obligations) >= 70
    assert {o["party"] for o in obligations} >= SIX_PARTIES
    for obligation in obligations:
        for key in ("id", "party", "category", "metric", "limit", "unit", "start", "end"):
            assert key in obligation
        assert obligation["reference"]
        assert obligation["confidence"] in ("high", "medium", "low")
    milestones = {m["id"]: m["date"] for m in payload["milestones"]}
    assert milestones["implementation_day"] == "2016-01-16"
    assert milestones["transition_day"] == "2023-10-18"


def test_show_one_party(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, ["agreement", "show", "jcpoa", "--party", "unsc", "--json"])
    assert isinstance(payload, dict)
    assert {o["party"] for o in payload["obligations"]} == {"unsc"}
    assert len(payload["parties"]) == 10, "the party list stays complete"


def test_show_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, ["agreement", "show", "jcpoa", "--as-of", "2027-01-01", "--json"])
    assert isinstance(payload, dict)
    ids = {o["id"] for o in payload["obligations"]}
    assert "iran_stockpile_cap" in ids, "15-year limit"
    assert "iran_natanz_ir1_cap" not in ids, "10-year limit ended 16 Jan 2026"


def test_show_tables_grouped_by_party(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["agreement", "show", "jcpoa"]) == 0
    out = capsys.readouterr().out
    assert "Milestones" in out
    for title in (
        "Islamic Republic of Iran [iran]",
        "United States [us]",
        "European Union [eu]",
        "[e3]",
        "[unsc]",
        "All JCPOA participants [all]",
    ):
        assert title in out
    assert "<= 3.67 %" in out
    assert "2023-10-18" in out


def test_show_jpoa_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["agreement", "show", "jpoa", "--party", "iran"]) == 0
    out = capsys.readouterr().out
    assert "Joint Plan of Action" in out
    assert "<= 5 %" in out
    assert "Milestones" not in out


def test_unknown_party_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    err = _fails(capsys, ["agreement", "show", "jcpoa", "--party", "irn"])
    assert "party" in err
    assert "irn" in err
    assert "iran" in err


def test_bad_date_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    err = _fails(capsys, ["agreement", "show", "jcpoa", "--as-of", "2020-13-01"])
    assert "--as-of" in err
    assert "YYYY-MM-DD" in err


def test_unknown_agreement_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    err = _fails(capsys, ["agreement", "show", "nopea"])
    assert "unknown agreement 'nopea'" in err


def test_bad_file_exits_2_naming_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nname: [unclosed\n", encoding="utf-8")
    err = _fails(capsys, ["agreement", "show", str(path)])
    assert str(path) in err
    assert "line" in err
    assert "malformed YAML" in err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, ["agreement", "list", "--json"])
    assert isinstance(payload, list)
    assert [a["id"] for a in payload] == ["jcpoa", "jpoa"]
    assert payload[0]["obligations"] >= 70
    assert run(["agreement", "list"]) == 0
    assert "Joint Plan of Action" in capsys.readouterr().out


def test_metrics(capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, ["agreement", "metrics", "--json"])
    assert isinstance(payload, list)
    names = {m["name"]: m for m in payload}
    assert names["enriched_uranium_stock"]["unit"] == "kg_u"
    assert names["max_enrichment_level"]["unit"] == "fraction"
    assert names["monitoring_level"]["values"] == [
        "jcpoa_full",
        "csa_ap",
        "csa_only",
        "none",
        "unknown",
    ]


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["agreement", "schema"]) == 0
    out = capsys.readouterr().out
    assert out == agreement_json_schema_text()
    assert json.loads(out)["title"] == "Agreement"
