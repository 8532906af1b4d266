"""Invariants of the compliance evaluation (hypothesis)."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from lockstep.agreement import load_agreement
from lockstep.compliance import evaluate, findings_to_dict, timeline
from lockstep.record import Record, load_record

JCPOA = load_agreement("jcpoa")
RECORD = load_record(include_user=False)
DATES = st.dates(min_value=dt.date(2013, 1, 1), max_value=dt.date(2027, 12, 31))
#: Dates where much changes (breaches, access loss, snapback, termination).
KEY_DATES = [dt.date(2017, 6, 30), dt.date(2019, 12, 31), dt.date(2025, 8, 1), dt.date(2025, 11, 1)]


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_findings_do_not_depend_on_row_order(seed: int) -> None:
    rng = random.Random(seed)
    observations = list(RECORD.observations)
    events = list(RECORD.events)
    rng.shuffle(observations)
    rng.shuffle(events)
    shuffled = Record(tuple(observations), tuple(events))
    for day in KEY_DATES:
        expected = findings_to_dict(evaluate(JCPOA, RECORD, day), day)
        assert findings_to_dict(evaluate(JCPOA, shuffled, day), day) == expected


@settings(max_examples=150, deadline=None)
@given(day=DATES)
def test_every_finding_has_evidence_or_a_reason(day: dt.date) -> None:
    for finding in evaluate(JCPOA, RECORD, day):
        assert finding.evidence or finding.no_evidence_reason, finding.obligation
        assert not (finding.evidence and finding.no_evidence_reason)
        assert all(item.source for item in finding.evidence)


@settings(max_examples=150, deadline=None)
@given(day=DATES)
def test_status_invariants(day: dt.date) -> None:
    for finding in evaluate(JCPOA, RECORD, day):
        start = finding.start_date
        assert (finding.status == "not_in_force") == (start is None or day < start)
        if finding.since is not None:
            assert finding.since <= day
        if finding.ratio is not None:
            assert isinstance(finding.observed, int | float)
            assert finding.limit
        if finding.status == "disputed":
            assert len({r.implies for r in finding.readings}) >= 2
        else:
            assert finding.status == finding.status_as_written
        if finding.last_known is not None:
            assert finding.status in ("unknown", "disputed")
            assert finding.observed is None
        for item in finding.evidence:
            if item.kind in ("observation", "event", "measure"):
                assert item.date <= day


@settings(max_examples=60, deadline=None)
@given(day=DATES)
def test_timeline_matches_evaluate(day: dt.date) -> None:
    first = day - dt.timedelta(days=400)
    lanes = {
        i.obligation: i.status
        for i in timeline(JCPOA, RECORD, first, day)
        if i.start <= day <= i.end
    }
    assert lanes == {f.obligation: f.status for f in evaluate(JCPOA, RECORD, day)}
