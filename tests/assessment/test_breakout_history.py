"""Breakout over report dates, from hand-built states (the record-free part of history)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

import iaea_states
from lockstep.assessment import BreakoutOptions, era_of, history_from_states, history_rows
from lockstep.assessment.history import ERAS, HISTORY_COLUMNS

OPTIONS = BreakoutOptions(samples=2000, seed=2)


def test_eras_cover_every_day_in_order() -> None:
    assert era_of(dt.date(2013, 11, 14)).id == "before-jpoa"
    assert era_of(dt.date(2015, 6, 30)).id == "jpoa"
    assert era_of(dt.date(2016, 1, 16)).id == "jcpoa"
    assert era_of(dt.date(2019, 7, 1)).id == "beyond-limits"
    assert era_of(dt.date(2025, 6, 12)).id == "beyond-limits"
    assert era_of(dt.date(2025, 6, 13)).id == "no-verification"
    for before, after in itertools.pairwise(ERAS):
        assert before.end is not None
        assert after.start == before.end + dt.timedelta(days=1)
        assert after.source


def test_history_curve_shape() -> None:
    states = [
        iaea_states.pre_jcpoa_2015(),
        iaea_states.jcpoa_limits(),
        iaea_states.feb_2020(),
        iaea_states.feb_2023(),
        iaea_states.aug_2024(),
        iaea_states.june_2025(),
        iaea_states.june_2025(after=dt.date(2026, 2, 27)),
    ]
    seen: list[tuple[int, int]] = []
    points = history_from_states(
        states, OPTIONS, total=len(states), progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (7, 7)
    assert [p.era for p in points] == [
        "jpoa",
        "jcpoa",
        "beyond-limits",
        "beyond-limits",
        "beyond-limits",
        "no-verification",
        "no-verification",
    ]
    assert [p.status for p in points][:-1] == ["ok"] * 6
    assert points[-1].status == "unknown"
    assert points[-1].first_quantity_days is None
    p50 = [p.first_quantity_days.p50 for p in points[:-1] if p.first_quantity_days]
    # The JCPOA lengthened breakout from months to over a year; Iran's steps from 2019
    # shortened it to weeks, then days.
    assert p50[1] > 3 * p50[0]
    assert p50[1] > p50[2] > p50[3]
    assert p50[3] < 30
    rows = history_rows(points)
    assert set(rows[0]) == set(HISTORY_COLUMNS)
    assert rows[-1]["first_quantity_days_p50"] is None
    assert rows[1]["stock_up_to_5pct_kg_u"] == 202.8


def test_history_assume_last_known_and_infeasible() -> None:
    later = iaea_states.june_2025(after=dt.date(2026, 2, 27))
    assumed = history_from_states([later], BreakoutOptions(assume_last_known=True, samples=500))
    assert assumed[0].status == "ok"
    assert assumed[0].assumed_last_known
    fordow = history_from_states(
        [iaea_states.jcpoa_limits()], BreakoutOptions(sites=("fordow",), samples=500)
    )
    assert fordow[0].status == "infeasible"
    assert "no machines" in fordow[0].note


def test_history_is_reproducible() -> None:
    a = history_from_states([iaea_states.feb_2020()], OPTIONS)
    b = history_from_states([iaea_states.feb_2020()], OPTIONS)
    assert a == b
    assert a[0].first_quantity_days is not None
    assert a[0].first_quantity_days.p50 == pytest.approx(
        b[0].first_quantity_days.p50 if b[0].first_quantity_days else 0.0
    )


def test_a_date_without_centrifuge_figures_is_unknown_not_infeasible() -> None:
    day = dt.date(2015, 5, 29)
    state = iaea_states.state(
        day, iaea_states.stocks(day, {"up_to_5pct": (5000.0, "GOV/2015/34")}), ()
    )
    (point,) = history_from_states([state], OPTIONS)
    assert point.status == "unknown"
    assert "no centrifuge figures" in point.note
