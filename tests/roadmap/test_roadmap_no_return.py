"""The point of no return on hand-built ProgramState fixtures (and the record when merged)."""

from __future__ import annotations

import datetime as dt

import pytest

from lockstep.errors import DataError
from lockstep.physics.breakout import greedy_single_step_plan
from lockstep.record.model import STOCK_BANDS, CentrifugeFigure, ProgramState, StockFigure
from lockstep.roadmap import (
    ReturnAssumptions,
    point_of_no_return,
    restorable_breakout,
    states_for_analysis,
)
from lockstep.roadmap.no_return import reference_breakout_days

NOMINAL = {"up_to_2pct": 0.02, "up_to_5pct": 0.045, "up_to_20pct": 0.1975, "up_to_60pct": 0.6}
P_STAR = 25 / 0.9


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


def _days(swu: float, capacity: float) -> float:
    return swu / (capacity / 365)


def test_jcpoa_configuration_restores_the_reference() -> None:
    a = ReturnAssumptions()
    s = state("2016-01-16", {"up_to_5pct": 202.8}, {"IR-1": 5060})
    swu = greedy_single_step_plan([(0.0367, 202.8)], P_STAR).swu
    expected = _days(swu, 5060 * 0.75)
    for policy in ("store", "destroy"):
        row = restorable_breakout(s, a, policy)
        assert row.breakout_operating_days == pytest.approx(expected)
        assert row.breakout_restorable_days == pytest.approx(expected)
        assert row.other_swu_per_year == 0
    assert reference_breakout_days(a) == pytest.approx(expected)
    # 5,060 IR-1 at 0.75 SWU/yr and 202.8 kg U at 3.67 %: about 346 days on this device.
    assert expected == pytest.approx(346.0, abs=0.5)


def test_stored_advanced_machines_cap_the_restorable_breakout() -> None:
    a = ReturnAssumptions(reinstall_days=60, rebuild_days=365)
    s = state("2024-08-17", {"up_to_5pct": 3000, "up_to_60pct": 160}, {"IR-1": 6000, "IR-6": 2000})
    swu = greedy_single_step_plan([(0.0367, 202.8)], P_STAR).swu
    c_all = 6000 * 0.75 + 2000 * 4.5
    store = restorable_breakout(s, a, "store")
    assert store.kept_stock_kg_u == pytest.approx(202.8)
    assert store.other_swu_per_year == pytest.approx(940 * 0.75 + 2000 * 4.5)
    assert store.breakout_restorable_days == pytest.approx(60 + _days(swu, c_all))
    destroy = restorable_breakout(s, a, "destroy")
    ops = _days(swu, 5060 * 0.75)
    assert destroy.breakout_restorable_days == pytest.approx(min(ops, 365 + _days(swu, c_all)))


def test_small_stock_is_kept_whole() -> None:
    s = state("2017-02-18", {"up_to_5pct": 101.7}, {"IR-1": 5060})
    row = restorable_breakout(s, ReturnAssumptions(), "store")
    assert row.kept_stock_kg_u == pytest.approx(101.7)


def test_point_of_no_return_with_knowledge_kept() -> None:
    states = [
        state("2016-01-16", {"up_to_5pct": 202.8}, {"IR-1": 5060}),
        state("2021-05-22", {"up_to_5pct": 3000}, {"IR-1": 5060, "IR-2m": 1000}),
        state("2023-01-01", {"up_to_5pct": 4000}, {"IR-1": 5060, "IR-2m": 4000}),
        state("2026-02-27", {}, {}, verified=False),
    ]
    a = ReturnAssumptions(benchmark_days=200.0, reinstall_days=60)
    result = point_of_no_return(states, a)
    store = [r for r in result.rows if r.policy == "store"]
    assert [r.meets_benchmark for r in store] == [True, True, False, False]
    assert result.first_date_below["store"] == dt.date(2023, 1, 1)
    # Knowledge kept: after the loss of access the peak fleet still counts.
    assert store[3].fleet == {"IR-1": 5060, "IR-2m": 4000}
    assert store[3].notes
    assert "after 2023-01-01" in result.statements["store"]
    # Destroyed machines take a year to rebuild: the device's JCPOA value stays restorable.
    assert result.first_date_below["destroy"] is None
    assert "could still restore" in result.statements["destroy"]


def test_no_knowledge_kept_counts_installed_machines_only() -> None:
    states = [
        state("2023-01-01", {"up_to_5pct": 4000}, {"IR-1": 5060, "IR-2m": 4000}),
        state("2026-02-27", {}, {"IR-1": 5060}, verified=False),
    ]
    result = point_of_no_return(states, ReturnAssumptions(knowledge_kept=False))
    last = [r for r in result.rows if r.policy == "store"][-1]
    assert last.fleet == {"IR-1": 5060}


def test_no_states_is_an_error() -> None:
    with pytest.raises(DataError):
        point_of_no_return([])


def test_record_states_give_a_documented_answer() -> None:
    states, source = states_for_analysis()
    assert source == "record"
    result = point_of_no_return(states, source=source)
    assert len(result.rows) == 2 * len(states)
    assert all(r.breakout_restorable_days > 0 for r in result.rows)
    dates = sorted({r.date for r in result.rows})
    # GOV/2013/56 (14 Nov 2013) is the first report with centrifuge counts (the baseline
    # of the record, docs/data.md).
    assert dates[0] == dt.date(2013, 11, 14)
    store = [r for r in result.rows if r.policy == "store"]
    # With knowledge kept, the fleet that could be reinstalled never shrinks, so the
    # restorable breakout under storage only falls as stocks are capped at 202.8 kg U.
    capped = [r.breakout_restorable_days for r in store if r.kept_stock_kg_u >= 202.8 - 1e-9]
    assert capped == sorted(capped, reverse=True)
    assert store[0].breakout_restorable_days == pytest.approx(134.5, abs=1.0)
    assert set(result.statements) == {"store", "destroy"}
    payload = result.to_json()
    assert payload["reference_days"] == pytest.approx(346.0, abs=0.5)
    assert {"date", "policy", "breakout_restorable_days"} <= set(payload["rows"][0])
