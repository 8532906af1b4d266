"""Building blocks: figure series, comparison, event signals, cessation, the rules file."""

from __future__ import annotations

import datetime as dt

import pytest

from lockstep.agreement import Agreement
from lockstep.compliance import load_rules, parse_rules
from lockstep.compliance.qualitative import CessationFlag, EventMachine, Signal, split_events
from lockstep.compliance.quantitative import (
    FigurePoint,
    compare,
    measure_series,
    observation_series,
)
from lockstep.errors import DataError
from lockstep.record import Event, Record, Source


def _event(day: str, kind: str, parties: tuple[str, ...] = ("iran",), eid: str = "") -> Event:
    return Event(
        id=eid or f"{day}.{kind}",
        date=dt.date.fromisoformat(day),
        date_precision="day",
        parties=parties,
        kind=kind,
        description=kind,
        obligations=("iran_stockpile_cap",),
        source=Source("test"),
        confidence="high",
    )


# ------------------------------------------------------------------ figure series


def test_sum_over_models_fordow_installed(record: Record) -> None:
    # Fordow: 1,044 IR-1 (GOV/INF/2016/1) plus 166 IR-6 in one cascade (IAEA report of
    # 1 Dec 2021) = 1,210 machines installed, above the JCPOA's 1,044.
    series = observation_series(record, "centrifuges_installed", {"site": "fordow_ffep"})
    assert series is not None
    assert series.at(dt.date(2021, 12, 1)).value == 1210
    assert series.at(dt.date(2016, 6, 1)).value == 1044
    # Before the JCPOA: about 2,784 IR-1 positions at Fordow (GOV/2013/56 baseline, frozen
    # under the JPOA); nothing before the first report in the record.
    assert series.at(dt.date(2015, 1, 1)).value == 2784
    assert series.at(dt.date(2013, 1, 1)) is None


def test_sum_over_models_natanz_cascades(record: Record) -> None:
    # 30 IR-1 cascades (GOV/INF/2016/1) plus the first IR-2m cascade at FEP (IAEA report
    # to member states, 17 Nov 2020) = 31, one above the cap of 30.
    series = observation_series(record, "cascades_installed", {"site": "natanz_fep"})
    assert series is not None
    assert series.at(dt.date(2020, 11, 14)).value == 31
    assert series.at(dt.date(2020, 11, 13)).value == 30


def test_enrichment_sites_and_models(record: Record) -> None:
    sites = observation_series(record, "enrichment_sites", {})
    assert sites is not None
    assert sites.at(dt.date(2017, 1, 1)).value == ("natanz_fep",)
    assert "fordow_ffep" in sites.at(dt.date(2019, 11, 9)).value
    models = observation_series(record, "enriching_models", {"site": "natanz_fep"})
    assert models is not None
    assert models.at(dt.date(2020, 11, 14)).value == ("IR-1", "IR-2m")


def test_highest_level_and_bounds(record: Record) -> None:
    level = observation_series(record, "max_enrichment_level", {})
    assert level is not None
    assert level.at(dt.date(2021, 4, 17)).value == pytest.approx(0.60)  # GOV/INF/2021/28
    stock = observation_series(record, "enriched_uranium_stock", {"band": "total"})
    assert stock is not None
    point = stock.at(dt.date(2016, 6, 1))  # GOV/2016/23: within 202.8 kg U
    assert point.value is None
    assert point.bound_high == 202.8


def test_derived_monitoring_metric(record: Record) -> None:
    rule = load_rules().derived_metric("online_monitoring_permitted")
    series = observation_series(record, "online_monitoring_permitted", {}, rule)
    assert series is not None
    assert series.at(dt.date(2020, 1, 1)).value is True
    assert series.at(dt.date(2021, 2, 23)).value is False  # GOV/2021/10


def test_measure_series_us_section_4(record: Record) -> None:
    rule = load_rules().measure_metric(
        "sanctions_reimposed", {"imposer": "us", "scope": "annex_ii_section_4"}
    )
    assert rule is not None
    series = measure_series(record, rule, dt.date(2015, 10, 18))
    assert series.at(dt.date(2017, 1, 1)).value is False
    assert series.at(dt.date(2018, 8, 7)).value is True
    excluded = measure_series(
        record, rule, dt.date(2015, 10, 18), frozenset({"2018-08-07.us.first-tranche-reimposed-eo"})
    )
    assert excluded.at(dt.date(2018, 9, 1)).value is False


@pytest.mark.parametrize(
    ("comparator", "value", "bound", "limit", "status", "ratio"),
    [
        ("le", 372.3, None, 202.8, "breached", 372.3 / 202.8),
        ("le", 79.8, None, 202.8, "complies", 79.8 / 202.8),
        ("le", None, 202.8, 202.8, "complies", None),  # "at or below" the cap
        ("ge", None, 202.8, 130.0, None, None),  # a bound cannot show a floor met
        ("le", 0.0, None, 0, "complies", None),  # no ratio against a zero limit
        ("le", 2.4, None, 0, "breached", None),
        ("is_false", True, None, None, "breached", None),
        ("subset_of", ("fordow_ffep",), None, ("natanz_fep",), "breached", None),
        ("le", 10.0, None, None, None, None),  # a phase without a numeric limit
    ],
)
def test_compare(
    comparator: str,
    value: object,
    bound: float | None,
    limit: object,
    status: str | None,
    ratio: float | None,
) -> None:
    result = compare(comparator, FigurePoint(dt.date(2020, 1, 1), value, bound), limit)
    assert result.status == status
    assert result.ratio == (pytest.approx(ratio) if ratio is not None else None)


# ------------------------------------------------------------------ signals


def test_event_machine_keeps_breach_through_suspension() -> None:
    machine = EventMachine()
    machine.apply(Signal(_event("2019-07-07", "violates"), "breached", "iran"))
    machine.apply(Signal(_event("2020-01-05", "suspends"), "suspended", "iran"))
    state = machine.state()
    assert state.status == "breached"
    assert state.run_start is not None
    assert state.run_start.event.date == dt.date(2019, 7, 7)
    machine.apply(Signal(_event("2021-01-01", "resumes"), "complies", "iran"))
    assert machine.state().status == "complies"


def test_event_machine_group_worst_member() -> None:
    machine = EventMachine()
    machine.apply(Signal(_event("2018-05-08", "suspends", ("us",)), "suspended", "us"))
    machine.apply(Signal(_event("2019-01-31", "complies", ("e3",)), "complies", "e3"))
    state = machine.state()
    assert state.status == "suspended"
    assert state.responsible == ("us",)


def test_cessation_flag() -> None:
    announced = CessationFlag()
    announced.apply(Signal(_event("2019-05-08", "suspends"), "suspended", "iran"))
    announced.figure("breached")
    announced.figure("complies")
    assert announced.active  # only an announced resumption ends an announced cessation
    recorded = CessationFlag()
    recorded.apply(Signal(_event("2016-02-17", "violates"), "breached", "iran"))
    recorded.figure("complies")
    assert recorded.active  # not yet shown by the figures
    recorded.figure("breached")
    recorded.figure("complies")
    assert not recorded.active  # measured, then remedied


def test_split_events_attribution(jcpoa: Agreement) -> None:
    # A US waiver decision listed under an Iranian obligation is context, not a signal.
    obligation = jcpoa.obligation("iran_stockpile_cap")
    events = [_event("2019-05-03", "suspends", ("us",), "us"), _event("2019-07-01", "violates")]
    signals, context = split_events(jcpoa, obligation, events, load_rules())
    assert [s.event.id for s in signals] == ["2019-07-01.violates"]
    assert [e.id for e in context] == ["us"]


# ------------------------------------------------------------------ rules file


def test_packaged_rules_are_sourced() -> None:
    rules = load_rules()
    assert rules.measure_metrics
    assert all(r.sources and r.basis for r in rules.measure_metrics)
    assert all(r.sources and r.basis for r in rules.derived_metrics)
    assert all(r.rationale for r in rules.reading_effects)


def test_rules_reference_known_ids(jcpoa: Agreement, record: Record) -> None:
    rules = load_rules()
    measures = set(record.sanctions.measures)
    for rule in rules.measure_metrics:
        assert set(rule.measures) <= measures, rule.measures
    disputes = {d.id for d in jcpoa.disputes}
    for effect in rules.reading_effects:
        assert effect.dispute in disputes
        if effect.obligation is not None:
            jcpoa.obligation(effect.obligation)
        if effect.effective_from is not None:
            assert jcpoa.milestone_date(effect.effective_from) is not None


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("- not a mapping", None),
        ("schema_version: 2", "schema_version"),
        (
            "measure_metrics: [{metric: x, measures: [], value: any_in_force,"
            " basis: b, sources: [s]}]",
            "measure_metrics.0.measures",
        ),
        ("unknown_key: 1", "unknown_key"),
        (
            "reading_effects: [{dispute: d, status_implied: void, implies: maybe, rationale: r}]",
            "reading_effects.0.implies",
        ),
    ],
)
def test_rules_errors(text: str, field: str | None) -> None:
    with pytest.raises(DataError) as info:
        parse_rules(text, "rules.yaml")
    assert "rules.yaml" in str(info.value)
    assert info.value.field == field
