"""The point of no return on hand-built ProgramState fixtures and on the record."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from lockstep.assessment import BreakoutOptions
from lockstep.errors import DataError
from lockstep.record.model import STOCK_BANDS, CentrifugeFigure, ProgramState, StockFigure
from lockstep.roadmap import (
    ReturnAssumptions,
    point_of_no_return,
    restorable_breakout,
    states_for_analysis,
)
from lockstep.roadmap.breakout_time import BreakoutTime
from lockstep.roadmap.no_return import load_knowledge, reference_breakout_days

NOMINAL = {"up_to_2pct": 0.02, "up_to_5pct": 0.0367, "up_to_20pct": 0.1975, "up_to_60pct": 0.6}
#: The swu-budget model at central values: a fixed device for golden numbers, whatever
#: lockstep breakout's default model is (the record test below uses the default).
DEVICE = BreakoutTime.like_breakout(BreakoutOptions(model="swu-budget"))
#: The fleet at the deal (GOV/2015/50: 15,420 + 2,710 IR-1 and 1,008 IR-2m installed).
DEAL = {"IR-1": 18130, "IR-2m": 1008}


def state(
    day: str, stocks: dict[str, float], fleet: dict[str, int], verified: bool = True
) -> ProgramState:
    as_of = dt.date.fromisoformat(day)
    return ProgramState(
        as_of=as_of,
        total_enriched_kg_u=sum(stocks.values()) or None,
        total_figure=None,
        stocks=tuple(
            StockFigure(b, stocks.get(b), NOMINAL[b], "verified", as_of, 0, None)
            for b in STOCK_BANDS
        ),
        centrifuges=tuple(
            CentrifugeFigure("natanz_fep", model, n, n, "verified", as_of, 0, None)
            for model, n in fleet.items()
        ),
        heavy_water_t=None,
        monitoring="jcpoa_full" if verified else "none",
        verified=verified,
    )


def by(result: object, day: str, policy: str) -> object:
    rows = [r for r in result.rows if r.date.isoformat() == day and r.policy == policy]  # type: ignore[attr-defined]
    assert len(rows) == 1
    return rows[0]


JCPOA_STATES = [
    state("2015-08-27", {"up_to_5pct": 8000.0}, DEAL),
    state("2016-01-16", {"up_to_5pct": 202.8}, {"IR-1": 5060}),
]


def test_reference_is_the_deal_on_the_breakout_engine() -> None:
    a = ReturnAssumptions()
    restorable, operating = reference_breakout_days(DEAL, a, DEVICE)
    cap = ((0.0367, 202.8),)
    assert operating == pytest.approx(DEVICE.days(cap, {"IR-1": 5060}))
    assert restorable == pytest.approx(min(operating, 60 + DEVICE.days(cap, DEAL)))
    # 5,060 IR-1 and 202.8 kg U at 3.67 %: about 476 days at central values (the engine's
    # P50 is about 481); the deal's stored fleet back after 60 days: about 168 days.
    assert operating == pytest.approx(476.2, abs=1.0)
    assert restorable == pytest.approx(168.0, abs=1.0)


def test_jcpoa_configuration_has_share_one() -> None:
    result = point_of_no_return(JCPOA_STATES, device=DEVICE)
    row = by(result, "2016-01-16", "store")
    assert row.share_of_reference == pytest.approx(1.0, abs=1e-6)  # type: ignore[attr-defined]
    assert row.status == "restorable"  # type: ignore[attr-defined]
    # Destroying the stored machines restores more than the deal did: the policies differ.
    destroy = by(result, "2016-01-16", "destroy")
    assert destroy.share_of_reference > 2.0  # type: ignore[attr-defined]
    assert destroy.breakout_restorable_days > row.breakout_restorable_days  # type: ignore[attr-defined]


def test_stock_within_the_limits_never_flags() -> None:
    # A hand-built state within every limit (LEU below the cap, 5,060 IR-1).
    states = [*JCPOA_STATES, state("2018-11-04", {"up_to_5pct": 149.4}, {"IR-1": 5060})]
    result = point_of_no_return(states, device=DEVICE)
    for policy in ("store", "destroy"):
        row = by(result, "2018-11-04", policy)
        assert row.status == "restorable"  # type: ignore[attr-defined]
        assert row.share_of_reference >= 1.0  # type: ignore[attr-defined]
        assert "nothing a return cannot undo" in row.because  # type: ignore[attr-defined]
    assert result.first_date_lost is None


def test_destroy_restores_with_a_rebuild_that_grows_with_the_fleet() -> None:
    k = load_knowledge()
    lead = k.lead_days.central
    assert k.rebuild_days({"IR-6": 2000}, lead) > k.rebuild_days({"IR-6": 1000}, lead)
    s = state("2024-08-17", {"up_to_5pct": 3000, "up_to_60pct": 160}, {"IR-1": 6000, "IR-6": 2000})
    a = ReturnAssumptions()
    store = restorable_breakout(s, a, "store", device=DEVICE)
    destroy = restorable_breakout(s, a, "destroy", device=DEVICE)
    cap = ((0.0367, 202.8),)
    assert store.kept_stock_kg_u == pytest.approx(202.8)
    assert store.breakout_restorable_days == pytest.approx(
        60 + DEVICE.days(cap, {"IR-1": 6000, "IR-6": 2000})
    )
    # One line per model, in parallel: the slowest line sets the rebuild time.
    years = max(940 / k.pace("IR-1"), 2000 / k.pace("IR-6"))
    assert destroy.rebuild_days == pytest.approx(lead + years * 365.25)
    assert store.breakout_restorable_days < destroy.breakout_restorable_days
    assert destroy.breakout_restorable_days <= destroy.breakout_operating_days


def test_a_date_after_february_2021_is_flagged_with_the_reason() -> None:
    states = [
        *JCPOA_STATES,
        state("2021-05-22", {"up_to_5pct": 3000}, {"IR-1": 5060, "IR-2m": 1000}),
    ]
    result = point_of_no_return(states, device=DEVICE)
    row = by(result, "2021-05-22", "destroy")
    assert row.status == "lost"  # type: ignore[attr-defined]
    # Not flagged by breakout: destroying the machines would still restore the deal's.
    assert row.share_of_reference > 1.0  # type: ignore[attr-defined]
    assert "continuity of knowledge of centrifuge production" in row.because  # type: ignore[attr-defined]
    assert "23 Feb 2021" in row.because  # type: ignore[attr-defined]
    assert result.first_date_lost == dt.date(2021, 5, 22)
    assert [c.since for c in result.losses] == [dt.date(2021, 2, 23)]


def test_unverified_dates_are_unknown_unless_assumed() -> None:
    states = [
        *JCPOA_STATES,
        state(
            "2026-02-27",
            {"up_to_5pct": 2000, "up_to_60pct": 440.9},
            {"IR-1": 5060, "IR-6": 1700},
            verified=False,
        ),
    ]
    result = point_of_no_return(states, device=DEVICE)
    for policy in ("store", "destroy"):
        row = by(result, "2026-02-27", policy)
        assert row.status == "unknown"  # type: ignore[attr-defined]
        assert row.share_of_reference is None  # type: ignore[attr-defined]
        assert "assume-last-known" in row.because  # type: ignore[attr-defined]
    assumed = point_of_no_return(states, ReturnAssumptions(assume_last_known=True), device=DEVICE)
    row = by(assumed, "2026-02-27", "destroy")
    assert row.status == "lost"  # type: ignore[attr-defined]
    low, high = row.share_of_reference_range  # type: ignore[attr-defined]
    # The unverified 60 % stock, hidden, would leave days, not months.
    assert low < 0.1 < 1.0 < high == pytest.approx(row.share_of_reference)  # type: ignore[attr-defined]
    assert "size and location of the enriched uranium stock" in row.because  # type: ignore[attr-defined]


def test_knowledge_kept_counts_the_peak_fleet() -> None:
    states = [
        *JCPOA_STATES,
        state("2023-01-01", {"up_to_5pct": 4000}, {"IR-1": 5060, "IR-2m": 4000}),
        state("2025-06-13", {"up_to_5pct": 4000}, {"IR-1": 5060}),
    ]
    kept = point_of_no_return(states, device=DEVICE)
    assert by(kept, "2025-06-13", "store").fleet == {"IR-1": 18130, "IR-2m": 4000}  # type: ignore[attr-defined]
    plain = point_of_no_return(states, ReturnAssumptions(knowledge_kept=False), device=DEVICE)
    assert by(plain, "2025-06-13", "store").fleet == {"IR-1": 5060}  # type: ignore[attr-defined]


def test_no_states_is_an_error() -> None:
    with pytest.raises(DataError):
        point_of_no_return([])


def test_record_answer_and_json_contract() -> None:
    states, source = states_for_analysis(dt.date(2026, 2, 27))
    result = point_of_no_return(states, source=source)
    rows = {(r.date.isoformat(), r.policy): r for r in result.rows}
    assert rows[("2018-11-04", "store")].status == "restorable"
    assert rows[("2016-01-16", "store")].share_of_reference == pytest.approx(1.0, abs=1e-6)
    assert rows[("2021-05-22", "destroy")].status == "lost"
    assert rows[("2026-02-27", "destroy")].status == "unknown"
    assert result.first_date_lost is not None
    assert dt.date(2021, 2, 23) <= result.first_date_lost <= dt.date(2021, 6, 1)
    # The destroy policy is not the reference at every date.
    destroy = [r.share_of_reference for r in result.rows if r.policy == "destroy"]
    assert len({round(s, 3) for s in destroy if s is not None}) > 3
    payload = result.to_json()
    assert payload["reference_days"] == pytest.approx(result.reference_days, abs=0.01)
    row = payload["rows"][0]
    assert {"share_of_reference", "status", "because", "date", "policy"} <= set(row)


def test_knowledge_file_is_sourced_and_checked() -> None:
    from lockstep.roadmap.no_return import _range

    k = load_knowledge()
    for model, pace in k.paces.items():
        assert 0 < pace.low <= pace.central <= pace.high, model
        assert pace.source
    assert [c.since for c in k.continuity] == sorted(c.since for c in k.continuity)
    assert k.continuity[0].since == dt.date(2021, 2, 23)
    with pytest.raises(DataError, match="low <= central <= high") as err:
        _range({"low": 5, "central": 1, "high": 2, "source": "x"}, "pace_per_year.IR-9")
    assert err.value.field == "pace_per_year.IR-9"  # type: ignore[attr-defined]
    with pytest.raises(DataError, match="source"):
        _range({"low": 1, "central": 1, "high": 2}, "lead_days")


def test_knowledge_that_rebuilds_faster_than_the_deal_reinstalls_is_lost() -> None:
    # A what-if knowledge file: IR-6 made at 100,000 a year with a 1-day lead. Destroying
    # the machines no longer restores the deal's own breakout: the date is lost by
    # knowledge alone (before any loss of continuity).
    base = load_knowledge()
    fast = dataclasses.replace(
        base,
        paces={**base.paces, "IR-6": dataclasses.replace(base.paces["IR-6"], central=1e5)},
        lead_days=dataclasses.replace(base.lead_days, central=1.0),
    )
    states = [
        *JCPOA_STATES,
        state("2020-11-02", {"up_to_5pct": 2000}, {"IR-1": 5060, "IR-6": 8000}),
    ]
    result = point_of_no_return(states, device=DEVICE, knowledge=fast)
    row = by(result, "2020-11-02", "destroy")
    assert row.share_of_reference < 1.0  # type: ignore[attr-defined]
    assert row.status == "lost"  # type: ignore[attr-defined]
    assert "knowledge lost" in row.because  # type: ignore[attr-defined]
    # With the sourced paces the same state is restorable by destroying the machines.
    plain = point_of_no_return(states, device=DEVICE)
    assert by(plain, "2020-11-02", "destroy").status == "restorable"  # type: ignore[attr-defined]
