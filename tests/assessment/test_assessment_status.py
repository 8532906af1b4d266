"""The status alone (for the planner and the point of no return) is the assessment's.

``assessment_status`` applies :func:`assess_state`'s rule without running the engine;
the two must give the same status, the same reason for ``unknown``, the same note on an
assumed state and the same ``assumed`` flag on every kind of date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from lockstep.assessment import BreakoutOptions, assess_state, assessment_status
from lockstep.errors import InfeasibleError
from lockstep.record import load_record, state_at

DATES = (
    dt.date(2013, 6, 1),  # before the record's first centrifuge figure
    dt.date(2014, 2, 20),
    dt.date(2016, 1, 16),  # Implementation Day
    dt.date(2019, 11, 11),
    dt.date(2021, 4, 6),
    dt.date(2022, 8, 8),
    dt.date(2025, 5, 31),
    dt.date(2025, 9, 1),  # after the loss of access: unverified
    dt.date(2026, 1, 15),
)


@pytest.mark.parametrize("day", DATES, ids=str)
@pytest.mark.parametrize("assume", [False, True], ids=["as-recorded", "assume-last-known"])
def test_the_status_alone_is_the_assessments(day: dt.date, assume: bool) -> None:
    state = state_at(day, load_record())
    options = BreakoutOptions(samples=200, sensitivity=False, assume_last_known=assume)
    status, note, assumed = assessment_status(state, options)
    try:
        full = assess_state(state, options)
    except InfeasibleError:
        assert status == "ok"
        return
    assert (status, assumed) == (full.status, full.assumed_last_known)
    if status == "unknown" or assumed:
        assert note == full.notes[0]
    assert (status == "unknown") == (full.result is None)


def test_an_unverified_state_with_its_sites_intact_is_assumed_alike() -> None:
    # The record has no such date (the loss of access came with the strikes), so the
    # 2022 state is marked unverified by hand: "ok" only when the figures are assumed.
    state = dataclasses.replace(state_at(dt.date(2022, 8, 8), load_record()), verified=False)
    for assume in (False, True):
        options = BreakoutOptions(samples=200, sensitivity=False, assume_last_known=assume)
        status, note, assumed = assessment_status(state, options)
        full = assess_state(state, options)
        assert (status, assumed, note) == (full.status, full.assumed_last_known, full.notes[0])
        assert status == ("ok" if assume else "unknown")


def test_dates_cover_each_kind_of_answer() -> None:
    # The list above must keep a date of each answer the record gives.
    record = load_record()
    seen = set()
    for day in DATES:
        for assume in (False, True):
            status, _, assumed = assessment_status(
                state_at(day, record), BreakoutOptions(assume_last_known=assume)
            )
            seen.add((status, assumed))
    assert {("unknown", False), ("unknown", True), ("ok", False)} <= seen
