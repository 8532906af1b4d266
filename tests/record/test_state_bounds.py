"""The state honours later bounds and events that moved material (issue 10, point 2).

Each test names the packaged rows it is about: the 2016 reports that bound the stock at
300 kg UF6 (202.8 kg U) after the 28 Dec 2015 shipment to Russia, the Feb 2016 heavy-water
export, and the restart of 20 % production on 4 Jan 2021 after a 0.0 figure of 2016.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from lockstep.agreement import load_agreement
from lockstep.cli.main import app
from lockstep.compliance import evaluate
from lockstep.record import (
    STOCK_BANDS,
    Event,
    Record,
    StockFigure,
    load_record,
    state_at,
    state_to_dict,
)

JCPOA_CAP_KG_U = 202.8  # 300 kg UF6 x 0.676 kg U per kg UF6 (JCPOA Annex I para 56)


@pytest.fixture(scope="module")
def record() -> Record:
    return load_record(include_user=False)


def _band(state_date: str, band: str, record: Record) -> StockFigure:
    return state_at(state_date, record).stocks[STOCK_BANDS.index(band)]  # type: ignore[arg-type]


def test_shipment_event_is_marked(record: Record) -> None:
    event = record.get("2015-12-28.iran.iran-shipped-leu-materials")
    assert isinstance(event, Event)
    assert event.material_effect == "removes"
    assert set(event.materials) == {"total", "up_to_5pct", "up_to_20pct"}


def test_2016_state_shows_the_bound_not_the_2015_figure(record: Record) -> None:
    # GOV/2015/34 gave 7,714.3 kg U (May 2015); ~11 t of LEU left for Russia on 28 Dec
    # 2015; GOV/2016/23 (27 May 2016) says only "not more than 300 kg UF6".
    state = state_at("2016-06-01", record)
    assert state.total_enriched_kg_u is not None
    assert state.total_enriched_kg_u <= JCPOA_CAP_KG_U
    total = state.total_figure
    assert total is not None
    assert (total.basis, total.report, total.status) == ("bound", "GOV/2016/23", "verified")
    assert total.figure_as_of == dt.date(2016, 5, 27)
    assert "2015-12-28" in total.note
    five = _band("2016-06-01", "up_to_5pct", record)
    assert five.mass_kg_u == pytest.approx(JCPOA_CAP_KG_U)
    assert five.basis == "bound"
    assert "at most the total" in five.note
    # The near-20 % figure of Implementation Day (0.0, after the shipment) stands.
    twenty = _band("2016-06-01", "up_to_20pct", record)
    assert (twenty.mass_kg_u, twenty.basis) == (0.0, "figure")


def test_between_the_shipment_and_implementation_day_the_stock_is_unknown(
    record: Record,
) -> None:
    state = state_at("2016-01-01", record)
    assert state.total_enriched_kg_u is None
    assert state.total_figure is not None
    assert state.total_figure.basis == "unknown_after_event"
    assert state.total_figure.status == "unknown"
    # The last figure's date and age stay visible.
    assert state.total_figure.figure_as_of is not None
    assert (
        state.total_figure.age_days == (dt.date(2016, 1, 1) - state.total_figure.figure_as_of).days
    )
    five = _band("2016-01-01", "up_to_5pct", record)
    assert (five.mass_kg_u, five.basis) == (None, "unknown_after_event")
    assert "2015-12-28 (Iran shipped its LEU materials to Russia" in five.note
    assert "removed: all enriched uranium, up to 5 %, up to 20 %" in five.note
    # The day before the shipment, the 2015 figures still stand.
    before = state_at("2015-12-27", record)
    assert before.total_figure is not None
    assert before.total_figure.basis == "figure"
    assert before.total_enriched_kg_u is not None
    assert before.total_enriched_kg_u > 1000


def test_twenty_percent_band_after_production_restarted(record: Record) -> None:
    # GOV/INF/2016/1: 0.0 kg U near-20 % (16 Jan 2016); Iran restarted 20 % production at
    # Fordow on 4 Jan 2021; GOV/2021/10 gave 17.6 kg U as of 16 Feb 2021.
    twenty = _band("2021-02-01", "up_to_20pct", record)
    assert twenty.mass_kg_u is None
    assert twenty.status == "unknown"
    assert twenty.basis == "unknown_after_event"
    assert twenty.age_days == 1843  # the 2016 figure's age stays visible
    assert "2021-01-04" in twenty.note
    later = _band("2021-02-16", "up_to_20pct", record)
    assert (later.mass_kg_u, later.basis) == (17.6, "figure")


def test_sixty_percent_band_after_production_began(record: Record) -> None:
    sixty = _band("2021-05-01", "up_to_60pct", record)
    assert (sixty.mass_kg_u, sixty.basis) == (None, "unknown_after_event")
    assert "2021-04-16" in sixty.note


def test_heavy_water_after_the_february_2016_export(record: Record) -> None:
    # GOV/2016/8: 130.9 t verified 17 Feb 2016; 20 t shipped out, stock below 130 t.
    state = state_at("2016-02-20", record)
    assert (state.heavy_water_t, state.heavy_water_basis) == (130.9, "figure")
    after = state_at("2016-03-01", record)
    assert after.heavy_water_t == 130.0
    assert after.heavy_water_basis == "bound"
    assert "2016-02-24" in after.heavy_water_note
    payload = state_to_dict(after)
    assert (payload["heavy_water_basis"], payload["heavy_water_age_days"]) == ("bound", 6)


def test_a_bound_above_the_figure_leaves_the_figure(record: Record) -> None:
    # GOV/2017/48: 96.7 kg U (5 Nov 2017); GOV/2018/7 only "not exceeded 300 kg" UF6.
    state = state_at("2018-03-01", record)
    assert state.total_enriched_kg_u == 96.7
    assert state.total_figure is not None
    assert state.total_figure.basis == "figure"
    assert state.total_figure.age_days == 116
    assert "GOV/2018/7" in state.total_figure.note


def test_state_and_compliance_agree_on_the_stockpile(record: Record) -> None:
    # One model of the world: on every IAEA report date from Implementation Day on (and
    # 20 days after each), the stockpile finding's current evidence and the state's total
    # are the same row, or the state's figure lies within the finding's bound; after
    # access was lost the finding is unknown and the state says its figure is unverified.
    jcpoa = load_agreement("jcpoa")
    start = dt.date(2016, 1, 16)
    days = sorted(
        {d for d in record.report_dates() if d >= start}
        | {d + dt.timedelta(days=20) for d in record.report_dates() if d >= start}
    )
    assert len(days) > 40
    for date in days:
        state = state_at(date, record)
        finding = next(
            f
            for f in evaluate(jcpoa, record, date, party="iran")
            if f.obligation == "iran_stockpile_cap"
        )
        current = next(e for e in finding.evidence if e.role == "current")
        total = state.total_figure
        assert total is not None, date
        assert state.total_enriched_kg_u is not None, date
        if finding.basis == "access_lost":
            assert not state.verified, date
            assert total.status == "unverified", date
            assert total.observation_id == current.id, date
        elif finding.observed is not None:
            assert state.total_enriched_kg_u == pytest.approx(finding.observed), date
            assert total.observation_id == current.id, date
        else:
            assert finding.observed_bound is not None, date
            assert state.total_enriched_kg_u <= finding.observed_bound + 1e-9, date
            if total.basis == "bound":
                assert state.total_enriched_kg_u == pytest.approx(finding.observed_bound)
            else:
                assert total.figure_as_of is not None
                assert total.figure_as_of < current.date, date


def test_cli_state_json_on_2016_06_01() -> None:
    result = CliRunner().invoke(
        app, ["state", "--as-of", "2016-06-01", "--json", "--packaged-only"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["total_enriched_kg_u"] <= JCPOA_CAP_KG_U
    assert payload["total"]["basis"] == "bound"
    assert payload["total"]["report"].startswith("GOV/2016/")
    assert payload["total"]["source"]
    assert "at most 202.8 kg U" in payload["total"]["note"]
    assert all({"basis", "note"} <= set(s) for s in payload["stocks"])


def test_breakout_on_2016_06_01_is_of_the_order_of_a_year() -> None:
    result = CliRunner().invoke(app, ["breakout", "--as-of", "2016-06-01", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["status"] == "ok"
    p50 = payload["first_quantity_days"]["p50"]
    # Published estimates under the JCPOA: about a year (an independent check, not a fit);
    # before the shipment was honoured the state gave ~156 days. The default ensemble's
    # fixed-cascade half puts its median near two years (762 days; docs/breakout.md §6).
    assert 270 <= p50 <= 900


@pytest.mark.parametrize("command", ["state", "status"])
def test_tables_read_a_bound_as_a_bound(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--as-of", "2016-06-01"])
    assert result.exit_code == 0, result.output
    assert "≤ 202.8" in result.output
    unknown = CliRunner().invoke(app, ["state", "--as-of", "2021-02-01"])
    assert "unknown" in unknown.output
