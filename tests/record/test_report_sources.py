"""Figures and report facts added in the second data pass, pinned to the sources they cite.

Each case names the page read (see docs/data.md, "Second data pass"). The values are
exact because the record stores them as published.
"""

from __future__ import annotations

import datetime as dt

import pytest

from lockstep.record import Record, load_record, state_at, state_to_dict
from lockstep.record.model import STOCK_BANDS, Observation


@pytest.fixture(scope="module")
def record() -> Record:
    return load_record(include_user=False)


def _obs(record: Record, row_id: str) -> Observation:
    row = record.get(row_id)
    assert isinstance(row, Observation), row_id
    return row


@pytest.mark.parametrize(
    ("row_id", "report", "outlet"),
    [
        # GOV/2018/7: AFP quoted only "has not exceeded 300 kg" (UF6); the page read was a
        # reprint outside the sources policy, so the row names the outlet and has no address.
        ("2018-02-22.stock.total", "GOV/2018/7", "AFP"),
        # GOV/2018/24: Reuters: Iran "complied with limits on ... its stock" (reprint read).
        ("2018-05-24.stock.total", "GOV/2018/24", "Reuters"),
    ],
)
def test_2018_reports_give_only_the_limit(
    record: Record, row_id: str, report: str, outlet: str
) -> None:
    obs = _obs(record, row_id)
    assert obs.report == report
    assert obs.value is None
    assert obs.value_high == 202.8  # 300 kg UF6 x 0.676 kg U/kg UF6, the JCPOA limit
    assert obs.status == "verified"
    assert obs.source.url is None
    assert outlet in obs.source.document
    # A bound above the last figure does not make it false (issue 10: a bound wins where
    # it is lower): the state on the report date keeps the previous figure (GOV/2017/48:
    # 96.7 kg U as of 5 Nov 2017, Reuters via Hamodia) with its age, and the note names
    # the report's bound.
    state = state_at(obs.as_of, record)
    assert state.report == "GOV/2017/48"
    assert state.total_enriched_kg_u == 96.7
    assert state.total_figure is not None
    assert state.total_figure.basis == "figure"
    assert state.total_figure.note.startswith(f"{report} (as of {obs.as_of.isoformat()}) gives")
    assert "202.8 kg U" in state.total_figure.note


def test_gov_2019_55_heavy_water(record: Record) -> None:
    # GOV/2019/55 (Reuters excerpt): 128.9 t as of 28 Oct 2019; a separate IAEA report
    # of 18 Nov 2019 (Reuters via Al Arabiya): 131.5 t verified on 17 Nov 2019.
    before = state_at("2019-11-11", record)
    assert before.heavy_water_t == 128.9
    assert before.heavy_water_as_of == dt.date(2019, 10, 28)
    after = _obs(record, "2019-11-17.heavy_water")
    assert after.value == 131.5
    assert after.report == "IAEA report to member states, 18 Nov 2019"
    assert after.report_date == dt.date(2019, 11, 18)


@pytest.mark.parametrize(
    ("as_of", "report", "issued"),
    [
        ("2019-05-20", "GOV/2019/21", "2019-05-31"),  # AP via Courthouse News
        ("2019-11-03", "GOV/2019/55", "2019-11-11"),  # Iran Watch text of the report
        ("2020-02-19", "GOV/2020/5", "2020-03-03"),  # AP via Arete News
        ("2020-11-02", "GOV/2020/51", "2020-11-11"),  # Reuters via Investing.com
        ("2021-11-06", "GOV/2021/50", "2021-11-17"),  # AFP via Times of Israel (weekday)
        ("2022-05-15", "GOV/2022/24", "2022-05-30"),  # Republic World
        ("2022-08-21", "GOV/2022/39", "2022-09-07"),  # AP via MyNorthwest
        ("2022-10-22", "GOV/2022/62", "2022-11-10"),  # ISIS analysis, 16 Nov 2022
        ("2023-02-12", "GOV/2023/8", "2023-02-28"),  # ISIS analysis via FDD
        ("2023-05-13", "GOV/2023/24", "2023-05-31"),  # EFE via Guadanews
        ("2024-02-10", "GOV/2024/8", "2024-02-26"),  # DW
        ("2024-05-11", "GOV/2024/26", "2024-05-27"),  # PA/AP via Jersey Evening Post
        ("2025-06-13", "GOV/2025/50", "2025-09-03"),  # Iran's explanatory note (Nour News)
    ],
)
def test_report_issue_dates(record: Record, as_of: str, report: str, issued: str) -> None:
    payload = state_to_dict(state_at(as_of, record))
    assert payload["report"] == report
    assert payload["report_date"] == issued
    assert payload["total"]["figure_as_of"] == as_of


def test_gov_2022_39_sixty_percent_seen(record: Record) -> None:
    # AP (MyNorthwest, 7 Sep 2022): "an estimated 55.6 kilograms ... of uranium enriched
    # to up to 60%", as of 21 Aug 2022.
    state = state_at("2022-08-21", record)
    sixty = state.stocks[STOCK_BANDS.index("up_to_60pct")]
    assert sixty.mass_kg_u == 55.6
    obs = _obs(record, "2022-08-21.stock.up_to_60pct")
    assert obs.report == "GOV/2022/39"


def test_nov_2025_report_symbol(record: Record) -> None:
    # Iran's statement to the Board of 20 Nov 2025 names "the Director General's report
    # (GOV/2025/65)"; Reuters: no new estimate, verification "long overdue".
    obs = _obs(record, "2025-11-12.stock.total")
    assert obs.report == "GOV/2025/65"
    assert obs.value is None
    assert obs.status == "unverified"
    state = state_at("2025-12-01", record)
    assert state.total_enriched_kg_u == 9874.9
    assert any("GOV/2025/65" in n and "no total figure" in n for n in state.notes)
