"""docs/agreement.md documents every field, metric, JSON key and the packaged counts."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from lockstep.agreement import (
    Agreement,
    Dispute,
    Milestone,
    Obligation,
    Party,
    Phase,
    Reading,
    agreement_json,
    load_agreement,
    load_vocabulary,
    satisfies,
)

DOC = (Path(__file__).resolve().parents[2] / "docs/agreement.md").read_text(encoding="utf-8")


def _documented(name: str) -> bool:
    return f"`{name}`" in DOC or re.search(rf"\b{re.escape(name)}\b", DOC) is not None


@pytest.mark.parametrize(
    "model", [Agreement, Party, Milestone, Obligation, Phase, Reading, Dispute]
)
def test_every_field_is_documented(model: type) -> None:
    for name, field in model.model_fields.items():
        assert _documented(field.alias or name), f"{model.__name__}.{name}"


def test_every_metric_qualifier_unit_and_category_is_documented() -> None:
    vocabulary = load_vocabulary()
    names = [m.name for m in vocabulary.metrics]
    names += list(vocabulary.qualifiers) + list(vocabulary.units) + list(vocabulary.categories)
    for name in names:
        assert f"`{name}`" in DOC, name


def test_every_json_key_is_documented() -> None:
    payload = agreement_json(load_agreement("jcpoa"))
    keys = set(payload)
    for section in ("parties", "milestones", "disputes", "obligations"):
        keys.update(k for item in payload[section] for k in item)
    keys.update(k for o in payload["obligations"] for r in o["readings"] for k in r)
    keys.update(k for o in payload["obligations"] for p in o["phases"] for k in p)
    for key in sorted(keys):
        assert _documented(key), key


def test_every_dispute_is_listed() -> None:
    for dispute in load_agreement("jcpoa").disputes:
        assert f"`{dispute.id}`" in DOC, dispute.id


def test_documented_counts_match_the_data() -> None:
    for agreement_id in ("jcpoa", "jpoa"):
        agreement = load_agreement(agreement_id)
        row = next(line for line in DOC.splitlines() if line.startswith(f"| `{agreement_id}` |"))
        assert f"| {len(agreement.obligations)} |" in row
        for party, count in Counter(o.party for o in agreement.obligations).items():
            assert f"`{party}` {count}" in row, (agreement_id, party)


def test_quick_start_example() -> None:
    jcpoa = load_agreement("jcpoa")
    cap = jcpoa.obligation("iran_enrichment_level_cap")
    assert jcpoa.milestone_date("transition_day") == dt.date(2023, 10, 18)
    assert (cap.metric.name, cap.comparator, cap.limit) == ("max_enrichment_level", "le", 0.0367)
    day = dt.date(2021, 4, 16)
    assert jcpoa.is_active(cap, day)
    assert satisfies(cap.comparator, 0.60, jcpoa.limit_at(cap, day)) is False
    holders = [r.holder for r in jcpoa.readings(cap)]
    assert holders == [("iran",), ("e3",), ("iran", "russia", "china"), ("e3", "eu", "us")]
    assert str(holders) in DOC
