"""Invariants of the record and of ``state_at`` (hypothesis)."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from lockstep.record import Record, load_record, state_at

RECORD = load_record(include_user=False)
DATES = st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2027, 12, 31))


@settings(max_examples=200, deadline=None)
@given(day=DATES)
def test_every_figure_is_dated_on_or_before_the_state_date(day: dt.date) -> None:
    state = state_at(day, RECORD)
    for figure in (*state.stocks, *state.centrifuges, *state.centrifuges_by_site):
        if figure.figure_as_of is None:
            assert figure.age_days is None
            continue
        assert figure.figure_as_of <= day
        assert figure.age_days == (day - figure.figure_as_of).days
        assert figure.source is not None
    if state.total_figure is not None:
        assert state.total_figure.figure_as_of is not None
        assert state.total_figure.figure_as_of <= day


@settings(max_examples=200, deadline=None)
@given(day=DATES)
def test_no_verified_or_estimated_figure_without_access(day: dt.date) -> None:
    state = state_at(day, RECORD)
    if not state.verified:
        assert state.access_lost_on is not None
        for stock in state.stocks:
            if stock.figure_as_of is not None and stock.figure_as_of <= state.access_lost_on:
                assert stock.status == "unverified"


@settings(max_examples=50, deadline=None)
@given(day=DATES, seed=st.integers(0, 2**32 - 1))
def test_state_does_not_depend_on_row_order(day: dt.date, seed: int) -> None:
    rng = random.Random(seed)
    observations = list(RECORD.observations)
    events = list(RECORD.events)
    rng.shuffle(observations)
    rng.shuffle(events)
    shuffled = Record(observations=tuple(observations), events=tuple(events))
    assert state_at(day, shuffled) == state_at(day, RECORD)


@settings(max_examples=100, deadline=None)
@given(first=DATES, second=DATES)
def test_later_state_never_uses_older_figures(first: dt.date, second: dt.date) -> None:
    early, late = sorted((first, second))
    a, b = state_at(early, RECORD), state_at(late, RECORD)
    for sa, sb in zip(a.stocks, b.stocks, strict=True):
        if sa.figure_as_of is not None:
            assert sb.figure_as_of is not None
            assert sb.figure_as_of >= sa.figure_as_of
