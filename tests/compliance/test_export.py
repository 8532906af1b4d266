"""The JSON contract: keys, types, and every key documented in docs/compliance.md."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from lockstep.agreement import Agreement
from lockstep.compliance import (
    STATUSES,
    evaluate,
    findings_to_dict,
    party_summary,
    timeline,
    timeline_to_dict,
)
from lockstep.record import Record

DOC = (Path(__file__).parents[2] / "docs" / "compliance.md").read_text(encoding="utf-8")
CONTRACT = {
    "party", "obligation", "metric", "status", "observed", "limit", "unit", "ratio",
    "since", "evidence", "readings", "note",
}  # fmt: skip


def _documented(name: str) -> bool:
    return f"`{name}`" in DOC or f"{name}," in DOC or f", {name}" in DOC


def test_findings_document(jcpoa: Agreement, record: Record) -> None:
    day = dt.date(2025, 11, 1)
    payload = findings_to_dict(evaluate(jcpoa, record, day), day, agreement="jcpoa")
    payload = json.loads(json.dumps(payload))  # JSON-serialisable as is
    assert set(payload) == {"as_of", "agreement", "findings", "summary"}
    assert payload["as_of"] == "2025-11-01"
    assert set(payload["summary"]) == {"iran", "us", "eu", "e3", "unsc", "all", "e3eu3"}
    for counts in payload["summary"].values():
        assert set(counts) == set(STATUSES)
    for finding in payload["findings"]:
        assert set(finding) >= CONTRACT
        assert finding["evidence"] or finding["no_evidence_reason"]
        for item in finding["evidence"]:
            assert item["source"]


def test_every_key_is_documented(jcpoa: Agreement, record: Record) -> None:
    keys: set[str] = set()
    for day in (dt.date(2019, 12, 31), dt.date(2025, 8, 1), dt.date(2025, 11, 1)):
        payload = findings_to_dict(evaluate(jcpoa, record, day), day, agreement="jcpoa")
        keys |= set(payload)
        for finding in payload["findings"]:
            keys |= set(finding)
            for item in finding["evidence"]:
                keys |= set(item)
            for reading in finding["readings"]:
                keys |= set(reading)
            if finding["last_known"]:
                keys |= set(finding["last_known"])
    start, end = dt.date(2015, 7, 14), dt.date(2026, 6, 30)
    document = timeline_to_dict(
        timeline(jcpoa, record, start, end, party="iran"),
        start,
        end,
        party_summary(jcpoa, record, dt.date(2023, 6, 30)),
        "jcpoa",
    )
    keys |= set(document) | set(document["intervals"][0]) | set(document["parties"]["iran"])
    keys |= set(document["parties"]["iran"]["first_breach"])
    keys |= set(document["parties"]["iran"]["biggest_breaches"][0])
    missing = sorted(k for k in keys if not _documented(k))
    assert not missing


def test_statuses_documented() -> None:
    assert all(_documented(status) for status in STATUSES)
