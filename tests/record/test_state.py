"""``state_at`` against the figures in the sources (each test cites its source)."""

from __future__ import annotations

import datetime as dt

import pytest

from lockstep.errors import DomainError
from lockstep.record import Record, load_record, state_at, state_to_dict
from lockstep.record.model import STOCK_BANDS, ProgramState


@pytest.fixture(scope="module")
def record() -> Record:
    return load_record(include_user=False)


def _band(state: ProgramState, band: str) -> float | None:
    return next(s.mass_kg_u for s in state.stocks if s.band == band)


# Published figures (exact: the record stores them as published, to 0.1 kg U).
@pytest.mark.parametrize(
    ("date", "report", "total"),
    [
        # GOV/2017/10: "As of 18 February 2017, the quantity of Iran's uranium enriched up
        # to 3.67 percent U-235 was 101.7 kg" (AFP via IFP News).
        ("2017-02-18", "GOV/2017/10", 101.7),
        # GOV/2017/24: 79.8 kg as of 27 May 2017 (Reuters via Iran Watch).
        ("2017-05-27", "GOV/2017/24", 79.8),
        # GOV/2019/21: 174.1 kg U, up from 163.8 kg in February (ILNA).
        ("2019-05-20", "GOV/2019/21", 174.1),
        # GOV/2020/41: 2,105.4 kg as of 25 Aug 2020, up from 1,571.6 kg (The National).
        ("2020-08-25", "GOV/2020/41", 2105.4),
        # GOV/2023/24: 4,744.5 kg (The Media Line, 1 Jun 2023).
        ("2023-05-13", "GOV/2023/24", 4744.5),
        # GOV/2025/24: 9,247.6 kg as of 17 May 2025 (AP via European Mirror).
        ("2025-05-17", "GOV/2025/24", 9247.6),
        # GOV/2025/50: last estimate as of 13 Jun 2025, 9,874.9 kg U (AP via Evrim Agaci).
        ("2025-06-13", "GOV/2025/50", 9874.9),
    ],
)
def test_total_at_report_dates(record: Record, date: str, report: str, total: float) -> None:
    state = state_at(date, record)
    assert state.total_enriched_kg_u == total
    assert state.report == report
    assert state.total_figure is not None
    assert state.total_figure.age_days == 0
    assert state.total_figure.source is not None


def test_gov_2025_50_sixty_percent_and_status(record: Record) -> None:
    # GOV/2025/50 (Sept 2025 report): 440.9 kg U enriched up to 60 % as of 13 Jun 2025.
    state = state_at(dt.date(2025, 6, 13), record)
    sixty = state.stocks[STOCK_BANDS.index("up_to_60pct")]
    assert sixty.mass_kg_u == 440.9
    assert sixty.status == "estimated"
    assert sixty.nominal_assay == 0.60
    assert sixty.report == "GOV/2025/50"
    assert state.verified


def test_gov_2021_28_full_split(record: Record) -> None:
    # GOV/2021/28 (Janes): total 3,241 kg; UF6 3,206.3 kg = 1,367.9 (2 %) + 1,773.2 (5 %)
    # + 62.8 (20 %) + 2.4 (60 %).
    state = state_at("2021-05-22", record)
    assert state.total_enriched_kg_u == 3241.0
    masses = [s.mass_kg_u for s in state.stocks]
    assert masses == [1367.9, 1773.2, 62.8, 2.4]
    assert sum(m for m in masses if m is not None) == pytest.approx(3206.3)
    assert all(s.status == "estimated" for s in state.stocks)
    assert any("UF6 only" in n for n in state.notes)


def test_every_quarterly_report_2017_to_june_2025_has_a_sourced_total(record: Record) -> None:
    with_total = {
        o.as_of
        for o in record.series("enriched_uranium_stock", band="total")
        if o.value is not None and o.report.startswith("GOV/")
    }
    dates = [d for d in record.report_dates() if dt.date(2017, 1, 1) <= d <= dt.date(2025, 6, 13)]
    # Feb, May and Aug 2018 give the stock by level under a bound, not a total in kg.
    assert {dt.date(2018, 2, 22), dt.date(2018, 5, 24)} <= set(dates) - with_total
    dates = [d for d in dates if d in with_total]
    # 4 reports a year 2017-2024 (2018: only Nov has a kg figure), plus the 2019 special
    # reports and 2025's three; at least 30 dated figures.
    assert len(dates) >= 30
    for day in dates:
        state = state_at(day, record)
        assert state.total_figure is not None
        assert state.total_figure.figure_as_of == day
        assert state.total_figure.source is not None
        assert state.report is not None
        assert state.report.startswith("GOV/")
        assert state.total_figure.status in ("verified", "estimated")


def test_status_policy(record: Record) -> None:
    # Through 23 Feb 2021 the figures rest on JCPOA monitoring (verified); then estimates.
    assert state_at("2021-02-16", record).total_figure.status == "verified"  # type: ignore[union-attr]
    later = state_at("2021-05-22", record)
    assert later.total_figure.status == "estimated"  # type: ignore[union-attr]
    assert any("IAEA estimates" in n and "2021-02-23" in n for n in later.notes)


def test_after_june_2025_figures_are_unverified_with_their_age(record: Record) -> None:
    state = state_at("2026-01-01", record)
    assert not state.verified
    assert state.monitoring == "none"
    assert state.access_lost_on == dt.date(2025, 6, 13)
    assert state.total_enriched_kg_u == 9874.9
    assert state.total_figure is not None
    assert state.total_figure.status == "unverified"
    assert state.total_figure.age_days == (dt.date(2026, 1, 1) - dt.date(2025, 6, 13)).days == 202
    assert all(s.status == "unverified" for s in state.stocks)
    lost = dt.date(2025, 6, 13)
    carried = [c for c in state.centrifuges if c.figure_as_of and c.figure_as_of <= lost]
    assert carried
    assert all(c.status == "unverified" for c in carried)
    # Statements made after the loss of access (Fordow, 26 Jun 2025) keep their status.
    fordow = next(c for c in state.centrifuges if (c.site, c.model) == ("fordow_ffep", "IR-6"))
    assert (fordow.enriching, fordow.status) == (0, "estimated")
    assert any("No IAEA access since 2025-06-13" in n for n in state.notes)
    # The Nov 2025 report gave no new figure: the state says so.
    assert any("Nov 2025" in n and "no total figure" in n for n in state.notes)


def test_between_reports_the_previous_figure_is_carried_with_its_age(record: Record) -> None:
    state = state_at("2017-04-01", record)
    assert state.total_enriched_kg_u == 101.7
    assert state.total_figure is not None
    assert state.total_figure.figure_as_of == dt.date(2017, 2, 18)
    assert state.total_figure.age_days == 42


def test_band_without_figure_in_latest_report_is_noted(record: Record) -> None:
    state = state_at("2025-06-13", record)
    two = state.stocks[0]
    assert two.figure_as_of == dt.date(2024, 8, 17)
    assert any("No up_to_2pct figure for 2025-06-13" in n for n in state.notes)


def test_before_any_figure(record: Record) -> None:
    state = state_at("2010-01-01", record)
    assert state.total_enriched_kg_u is None
    assert state.total_figure is None
    assert all(s.mass_kg_u is None and s.status == "unknown" for s in state.stocks)
    assert state.monitoring == "unknown"
    assert any("No total" in n for n in state.notes)


def test_pre_2016_baseline_in_kg_u(record: Record) -> None:
    # GOV/2015/34 (ISIS summary): 8,714 kg of 3.5 % LEU as UF6 plus 1,822 kg U in other
    # forms; the UF6 figure is converted with 0.6762 kg U per kg UF6.
    state = state_at("2015-06-01", record)
    assert _band(state, "up_to_5pct") == pytest.approx(8714 * 0.67619, abs=0.1)
    assert state.total_enriched_kg_u == pytest.approx(7714.3)
    # End of June 2015: 7,537 kg UF6 under the JPOA ceiling (Reuters).
    assert _band(state_at("2015-07-14", record), "up_to_5pct") == pytest.approx(5096.4, abs=0.1)


def test_nominal_assays_by_date(record: Record) -> None:
    before = state_at("2019-05-20", record).stocks
    after = state_at("2020-08-25", record).stocks
    assert before[1].nominal_assay == 0.0367  # <= 3.67 % until 8 Jul 2019 (JCPOA cap)
    assert after[1].nominal_assay == 0.045  # ~4.5 % from 8 Jul 2019 (GOV/INF/2019/9)
    assert after[0].nominal_assay == 0.02
    assert state_at("2023-01-01", record).stocks[2].nominal_assay == 0.1975


def test_centrifuges_jcpoa_years(record: Record) -> None:
    state = state_at("2017-06-01", record)
    by_key = {(c.site, c.model): c for c in state.centrifuges}
    fep = by_key[("natanz_fep", "IR-1")]
    assert (fep.installed, fep.enriching, fep.status) == (5060, 5060, "verified")
    fordow = by_key[("fordow_ffep", "IR-1")]
    assert (fordow.installed, fordow.enriching) == (1044, 0)


def test_centrifuges_2021_and_2024(record: Record) -> None:
    # IAEA, 15 Mar 2021: 5,060 IR-1, 522 IR-2m and 174 IR-4 enriching at FEP (Reuters).
    march = {(c.site, c.model): c for c in state_at("2021-03-15", record).centrifuges}
    assert march[("natanz_fep", "IR-4")].enriching == 174
    assert march[("natanz_fep", "IR-2m")].enriching == 522
    # GOV/2024/40: eight 174-machine IR-6 cascades in Fordow Unit 1 plus the two
    # original 166-machine cascades = 1,724 installed (derived), 332 enriching.
    fordow = {(c.site, c.model): c for c in state_at("2024-09-01", record).centrifuges}
    ir6 = fordow[("fordow_ffep", "IR-6")]
    assert (ir6.installed, ir6.enriching) == (1724, 332)


def test_heavy_water(record: Record) -> None:
    # GOV/2017/24: 128.2 t on 16 May 2017 (Reuters).
    state = state_at("2017-06-01", record)
    assert state.heavy_water_t == 128.2
    assert state.heavy_water_as_of == dt.date(2017, 5, 16)


@pytest.mark.parametrize(
    ("date", "level"),
    [
        ("2014-06-01", "csa_only"),
        ("2017-06-01", "jcpoa_full"),
        ("2022-06-01", "csa_only"),
        ("2025-07-01", "none"),
    ],
)
def test_monitoring_levels(record: Record, date: str, level: str) -> None:
    assert state_at(date, record).monitoring == level


def test_max_enrichment_level(record: Record) -> None:
    assert state_at("2017-06-01", record).max_enrichment_level == pytest.approx(0.0367)
    assert state_at("2019-08-01", record).max_enrichment_level == pytest.approx(0.045)
    assert state_at("2022-01-01", record).max_enrichment_level == pytest.approx(0.60)


def test_sanctions_in_force_are_computed_from_events(record: Record) -> None:
    jcpoa = set(state_at("2017-06-01", record).sanctions_in_force)
    assert "us_primary_embargo" in jcpoa  # never lifted by the JCPOA
    assert "us_secondary_oil_sanctions" not in jcpoa  # waived on Implementation Day
    assert "eu_reg_267_2012_nuclear" not in jcpoa
    assert "unsc_1737_measures" not in jcpoa
    assert "unsc_2231_annex_b_arms" in jcpoa
    after_exit = set(state_at("2019-01-01", record).sanctions_in_force)
    assert {"us_secondary_oil_sanctions", "us_secondary_non_oil_sanctions"} <= after_exit
    assert "unsc_2231_annex_b_arms" in after_exit
    assert "unsc_2231_annex_b_arms" not in state_at("2020-10-18", record).sanctions_in_force
    snapback = state_at("2025-10-01", record)
    assert {"unsc_1737_measures", "eu_reg_267_2012_nuclear"} <= set(snapback.sanctions_in_force)
    assert any("unsc_1737_measures" in n and "contest" in n for n in snapback.notes)


def test_string_and_bad_dates(record: Record) -> None:
    assert state_at("2017-02-18", record) == state_at(dt.date(2017, 2, 18), record)
    with pytest.raises(DomainError, match="YYYY-MM-DD"):
        state_at("18/02/2017", record)
    with pytest.raises(DomainError):
        state_at("2017-02-30", record)


def test_json_contract(record: Record) -> None:
    payload = state_to_dict(state_at("2025-06-13", record))
    assert {
        "as_of",
        "total_enriched_kg_u",
        "stocks",
        "centrifuges",
        "monitoring",
        "verified",
        "heavy_water_t",
        "sanctions_in_force",
        "notes",
        "report",
    } <= set(payload)
    assert [s["band"] for s in payload["stocks"]] == list(STOCK_BANDS)
    for stock in payload["stocks"]:
        assert {"band", "mass_kg_u", "status", "figure_as_of", "age_days", "source"} <= set(stock)
    for machine in payload["centrifuges"]:
        assert {
            "site",
            "model",
            "installed",
            "enriching",
            "status",
            "figure_as_of",
            "source",
        } <= set(machine)
    assert payload["stocks"][3]["mass_kg_u"] == 440.9
    assert payload["stocks"][3]["nominal_assay_pct"] == 60.0
    assert payload["report"] == "GOV/2025/50"
