"""The file format: YAML round-trip, the exported JSON Schema, and the JSON contract."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from lockstep.agreement import (
    agreement_json,
    agreement_json_schema,
    agreement_json_schema_text,
    available_agreements,
    dump_agreement,
    load_agreement,
    parse_agreement,
)
from lockstep.agreement.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "docs/schema/agreement.schema.json"


@pytest.mark.parametrize("agreement_id", ["jcpoa", "jpoa"])
def test_round_trip(agreement_id: str) -> None:
    original = load_agreement(agreement_id)
    text = dump_agreement(original)
    again = parse_agreement(text, "dumped.yaml")
    assert again == original
    # Dumping is stable: a second round gives the same text.
    assert dump_agreement(again) == text
    assert again.milestone_date("jpoa_initial_end" if agreement_id == "jpoa" else "transition_day")


def test_round_trip_keeps_display_units() -> None:
    again = parse_agreement(dump_agreement(load_agreement("jcpoa")))
    level = again.obligation("iran_enrichment_level_cap")
    assert (level.limit, level.unit, level.display_unit) == (0.0367, "fraction", "pct")


def test_schema_file_is_up_to_date() -> None:
    # Regenerate with: lockstep agreement schema > docs/schema/agreement.schema.json
    assert SCHEMA_FILE.read_text(encoding="utf-8") == agreement_json_schema_text()


@pytest.mark.parametrize("agreement_id", ["jcpoa", "jpoa"])
def test_packaged_files_validate_against_the_exported_schema(agreement_id: str) -> None:
    text = (
        resources.files("lockstep.data.agreements")
        .joinpath(f"{agreement_id}.yaml")
        .read_text("utf-8")
    )
    document = parse_yaml(text, f"{agreement_id}.yaml")
    jsonschema.validate(document.data, agreement_json_schema())


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = agreement_json_schema()
    data = parse_yaml(dump_agreement(load_agreement("jpoa")), "jpoa.yaml").data
    data["obligations"][0]["confidence"] = "certain"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


CONTRACT_TOP = {"id", "name", "parties", "milestones", "obligations"}
CONTRACT_OBLIGATION = {
    "id",
    "party",
    "category",
    "metric",
    "limit",
    "unit",
    "start",
    "end",
    "reference",
    "confidence",
}


@pytest.mark.parametrize("agreement_id", ["jcpoa", "jpoa"])
def test_json_contract(agreement_id: str) -> None:
    agreement = load_agreement(agreement_id)
    payload = json.loads(json.dumps(agreement_json(agreement)))
    assert set(payload) >= CONTRACT_TOP
    party_ids = {p["id"] for p in payload["parties"]}
    assert all(p == p.lower() for p in party_ids)
    for milestone in payload["milestones"]:
        assert {"id", "date"} <= set(milestone)
    for obligation in payload["obligations"]:
        assert set(obligation) >= CONTRACT_OBLIGATION
        assert obligation["party"] in party_ids
        assert obligation["reference"]


def test_json_dates_are_resolved() -> None:
    payload = agreement_json(load_agreement("jcpoa"))
    milestones = {m["id"]: m for m in payload["milestones"]}
    assert milestones["transition_day"]["date"] == "2023-10-18"
    assert milestones["transition_day"]["date_rule"] == "adoption_day + 8 years"
    assert milestones["broader_conclusion"]["date"] is None
    stock = next(o for o in payload["obligations"] if o["id"] == "iran_stockpile_cap")
    assert (stock["start_date"], stock["end_date"]) == ("2016-01-16", "2031-01-16")
    assert stock["qualifiers"] == {"band": "total"}
    level = next(o for o in payload["obligations"] if o["id"] == "iran_enrichment_level_cap")
    assert (level["limit"], level["unit"]) == (0.0367, "fraction")
    assert (level["limit_display"], level["unit_display"]) == (3.67, "pct")


def test_every_packaged_agreement_is_listed() -> None:
    files = {
        entry.name.removesuffix(".yaml")
        for entry in resources.files("lockstep.data.agreements").iterdir()
        if entry.name.endswith(".yaml")
    }
    assert set(available_agreements()) == files - {"metrics"}
