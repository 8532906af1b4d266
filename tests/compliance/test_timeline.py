"""Timelines and party summaries."""

from __future__ import annotations

import datetime as dt
from itertools import groupby, pairwise

import pytest

from lockstep.agreement import Agreement
from lockstep.compliance import evaluate, first_breaches, party_summary, timeline
from lockstep.errors import DomainError
from lockstep.record import Record

START, END = dt.date(2015, 7, 14), dt.date(2026, 6, 30)


def test_stockpile_swimlane(jcpoa: Agreement, record: Record) -> None:
    # GOV/INF/2016/1 (within the cap), 'step one' (8 May 2019), GOV/INF/2019/8 (205 kg U,
    # 1 Jul 2019), GOV/2025/50 (9,874.9 kg U, the last estimate, 13 Jun 2025), then no
    # access; Termination Day readings from 18 Oct 2025.
    lanes = [
        (i.status, i.start.isoformat(), i.end.isoformat())
        for i in timeline(jcpoa, record, START, END, party="iran")
        if i.obligation == "iran_stockpile_cap"
    ]
    assert lanes == [
        ("not_in_force", "2015-07-14", "2016-01-15"),
        ("complies", "2016-01-16", "2019-05-07"),
        ("suspended", "2019-05-08", "2019-06-30"),
        ("breached", "2019-07-01", "2025-06-13"),
        ("unknown", "2025-06-14", "2025-10-17"),
        ("disputed", "2025-10-18", "2026-06-30"),
    ]
    breached = next(
        i
        for i in timeline(jcpoa, record, START, END, party="iran")
        if i.obligation == "iran_stockpile_cap" and i.status == "breached"
    )
    assert breached.ratio_max == pytest.approx(9874.9 / 202.8, abs=1e-3)
    assert breached.days == (dt.date(2025, 6, 13) - dt.date(2019, 7, 1)).days + 1


def test_intervals_cover_the_period_without_gaps(jcpoa: Agreement, record: Record) -> None:
    intervals = timeline(jcpoa, record, START, END)
    assert {i.obligation for i in intervals} == {o.id for o in jcpoa.obligations}
    for _, lane in groupby(intervals, key=lambda i: i.obligation):
        items = list(lane)
        assert items[0].start == START
        assert items[-1].end == END
        for before, after in pairwise(items):
            assert after.start == before.end + dt.timedelta(days=1)
            assert after.status != before.status
    days = (END - START).days + 1
    assert sum(i.days for i in intervals) == days * len(jcpoa.obligations)


@pytest.mark.parametrize(
    "day", ["2016-01-16", "2018-08-07", "2019-07-01", "2021-02-23", "2025-06-14", "2025-10-18"]
)
def test_timeline_agrees_with_evaluate(jcpoa: Agreement, record: Record, day: str) -> None:
    date = dt.date.fromisoformat(day)
    lanes = {i.obligation: i.status for i in timeline(jcpoa, record, date, date)}
    assert lanes == {f.obligation: f.status for f in evaluate(jcpoa, record, date)}


def test_party_summary_2023(jcpoa: Agreement, record: Record) -> None:
    summaries = party_summary(jcpoa, record, dt.date(2023, 6, 30))
    iran = summaries["iran"]
    assert sum(iran.counts.values()) == len(jcpoa.obligations_for("iran"))
    # First breach on record: heavy water 130.9 t on 17 Feb 2016 (GOV/2016/8).
    assert iran.first_breach == (dt.date(2016, 2, 17), "iran_heavy_water_cap")
    ratios = [r for _, r in iran.biggest_breaches]
    assert ratios == sorted(ratios, reverse=True)
    assert len(ratios) == 3
    # GOV/2023/24: 4,744.5 kg U against 202.8 kg U.
    assert ("iran_stockpile_cap", pytest.approx(4744.5 / 202.8, abs=1e-4)) in [
        (o, pytest.approx(r)) for o, r in iran.biggest_breaches
    ]
    # The US: first reimposition on 7 Aug 2018 (EO 13846).
    assert summaries["us"].first_breach == (dt.date(2018, 8, 7), "us_cease_nuclear_sanctions")


def test_first_breaches_before_any(jcpoa: Agreement, record: Record) -> None:
    assert first_breaches(jcpoa, record, dt.date(2016, 1, 31)) == {}


def test_bad_arguments(jcpoa: Agreement, record: Record) -> None:
    with pytest.raises(DomainError, match="party"):
        evaluate(jcpoa, record, START, party="usa")
    with pytest.raises(DomainError, match="end"):
        timeline(jcpoa, record, END, START)
    with pytest.raises(DomainError, match="party"):
        party_summary(jcpoa, record, START, party="russia")
