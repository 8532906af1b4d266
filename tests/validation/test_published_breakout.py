"""Published breakout estimates: an independent check, never used to set parameters.

Every parameter of the engine comes from physics and operational data (docs/breakout.md).
The estimates below, by officials and ISIS, are compared with the model's median only
after the fact, with wide tolerances: they use their own conventions (25 kg of WGU, which
machines, set-up time, often unstated), and several are rounded statements. The model
passes if its median lies within a factor ``TOLERANCE`` of the published range.

The states are hand-built from cited IAEA figures (tests/iaea_states.py) so that this
check runs with or without the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest

import iaea_states
from lockstep.assessment import BreakoutOptions, assess_state
from lockstep.record.model import ProgramState

MONTH = 365.25 / 12
#: The model's median must lie within [low / TOLERANCE, high * TOLERANCE]: published
#: figures are rounded, use other machine and set-up assumptions, and are not
#: reproducible in detail (ISIS's calculator is unpublished).
TOLERANCE = 2.0
#: batch-recycle is the more pessimistic model (fixed-design steps and a pipeline);
#: it is checked against the same figures with a looser band.
BATCH_TOLERANCE = 3.0


@dataclass(frozen=True)
class Published:
    """One published estimate of breakout (25 kg of WGU unless said)."""

    id: str
    said_on: dt.date
    who: str
    statement: str
    low_days: float
    high_days: float
    url: str
    state: Callable[[], ProgramState]


PUBLISHED = (
    Published(
        "moniz-2015",
        dt.date(2015, 4, 2),
        "US Secretary of Energy Ernest Moniz",
        "Iran's current breakout timeline of two to three months",
        2 * MONTH,
        3 * MONTH,
        "https://www.jta.org/2015/04/03/israel/moniz-iran-deal-affords-one-year-buffer-to-prevent-nuclear-breakout",
        iaea_states.pre_jcpoa_2015,
    ),
    Published(
        "moniz-2016",
        dt.date(2016, 1, 16),
        "US Secretary of Energy Ernest Moniz, Implementation Day",
        "because of the Iran deal, it would take them 12 months or more",
        12 * MONTH,
        12 * MONTH,
        "https://pjvoice.org/tag/ernest-moniz/",
        iaea_states.jcpoa_limits,
    ),
    Published(
        "isis-2020",
        dt.date(2020, 4, 21),
        "D. Albright and S. Burkhard (ISIS), for late February 2020",
        "3.8 months, with a range of 3.1 to 4.6 months",
        3.1 * MONTH,
        4.6 * MONTH,
        "https://isis-online.org/isis-reports/detail/iranian-breakout-estimates-and-enriched-uranium-stocks",
        iaea_states.feb_2020,
    ),
    Published(
        "kahl-2023",
        dt.date(2023, 2, 28),
        "US Under Secretary of Defense for Policy Colin Kahl",
        "now it would take about 12 days",
        12.0,
        12.0,
        "https://edition.cnn.com/2023/02/28/politics/kahl-iran-nuclear-deal/index.html",
        iaea_states.feb_2023,
    ),
    Published(
        "blinken-2024",
        dt.date(2024, 7, 19),
        "US Secretary of State Antony Blinken (state: GOV/2024/40 figures)",
        "now probably one or two weeks away",
        7.0,
        14.0,
        "https://ca.news.yahoo.com/irans-nuclear-breakout-time-now-062349251.html",
        iaea_states.aug_2024,
    ),
)


@pytest.mark.parametrize("published", PUBLISHED, ids=lambda p: p.id)
def test_swu_budget_is_within_a_factor_of_published(published: Published) -> None:
    options = BreakoutOptions(model="swu-budget", samples=10_000, seed=0)
    result = assess_state(published.state(), options).result
    assert result is not None
    p50 = result.first_quantity_days.p50
    assert published.low_days / TOLERANCE <= p50 <= published.high_days * TOLERANCE, (
        f"{published.id}: model P50 {p50:.1f} days vs published "
        f"{published.low_days:.0f}-{published.high_days:.0f} days ({published.statement})"
    )


@pytest.mark.parametrize("published", PUBLISHED, ids=lambda p: p.id)
def test_batch_recycle_is_within_a_looser_factor(published: Published) -> None:
    options = BreakoutOptions(model="batch-recycle", samples=5000, seed=0)
    result = assess_state(published.state(), options).result
    assert result is not None
    p50 = result.first_quantity_days.p50
    assert published.low_days / BATCH_TOLERANCE <= p50 <= published.high_days * BATCH_TOLERANCE


def test_the_ordering_of_published_estimates_is_reproduced() -> None:
    # Whatever the absolute values, the sequence must match: months before the deal, a
    # year under it, months again in 2020, under two weeks from 2023.
    medians = {}
    for published in PUBLISHED:
        result = assess_state(published.state(), BreakoutOptions(samples=5000)).result
        assert result is not None
        medians[published.id] = result.first_quantity_days.p50
    assert medians["moniz-2016"] > medians["isis-2020"] > medians["kahl-2023"]
    assert medians["moniz-2016"] > 3 * medians["moniz-2015"]
    assert medians["blinken-2024"] < 20


#: Where each published figure falls in the default ensemble's P10-P90 (seed 0, 10,000
#: samples), as docs/breakout.md section 6 reports it. "inside": the published range
#: overlaps the interval; "below": entirely under P10. Moniz's "12 months or more" is a
#: floor, and the model's whole interval lies above it, which agrees with the statement.
PLACEMENT = {
    "moniz-2015": "inside",
    "moniz-2016": "below",
    "isis-2020": "inside",
    "kahl-2023": "inside",
    "blinken-2024": "inside",
}


def _placement(low: float, high: float, p10: float, p90: float) -> str:
    if high < p10:
        return "below"
    if low > p90:
        return "above"
    return "inside"


@pytest.mark.parametrize("published", PUBLISHED, ids=lambda p: p.id)
def test_where_each_estimate_falls_in_the_ensemble_interval(published: Published) -> None:
    result = assess_state(published.state(), BreakoutOptions(samples=10_000, seed=0)).result
    assert result is not None
    assert result.model == "ensemble"
    first = result.first_quantity_days
    assert first.p10 < first.p50 < first.p90
    where = _placement(published.low_days, published.high_days, first.p10, first.p90)
    assert where == PLACEMENT[published.id], (
        f"{published.id}: published {published.low_days:.0f}-{published.high_days:.0f} days, "
        f"model P10-P90 {first.p10:.1f}-{first.p90:.1f}"
    )
