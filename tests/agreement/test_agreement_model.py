"""The encoded agreements: contents, queries compliance will use, units, readings."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from lockstep.agreement import available_agreements, load_agreement, load_vocabulary
from lockstep.physics.units import U_PER_UF6

D = dt.date
RECORD_EVENTS = Path(__file__).resolve().parents[2] / "src/lockstep/data/record/events.csv"


def test_available_agreements() -> None:
    assert available_agreements() == ("jcpoa", "jpoa")


def test_jcpoa_covers_every_party() -> None:
    jcpoa = load_agreement("jcpoa")
    counts = Counter(o.party for o in jcpoa.obligations)
    assert len(jcpoa.obligations) >= 70
    for party in ("iran", "us", "eu", "e3", "unsc", "all"):
        assert counts[party] >= 1, party
    assert counts["iran"] >= 45, "Annex I in full"


def test_every_obligation_is_referenced_and_sourced() -> None:
    for agreement_id in available_agreements():
        agreement = load_agreement(agreement_id)
        for obligation in agreement.obligations:
            assert obligation.reference.strip(), obligation.id
            if obligation.confidence != "high" or obligation.limit_as_written:
                # Anything not firmly established says where it was checked.
                assert (
                    obligation.sources
                    or "recalled" in obligation.reference
                    or (
                        "not checked" in obligation.reference
                        or "not located" in obligation.reference
                        or "reported" in obligation.reference
                    )
                ), obligation.id


def test_quantitative_limits_use_the_shared_metric_names() -> None:
    jcpoa = load_agreement("jcpoa")
    stock = jcpoa.obligation("iran_stockpile_cap")
    assert stock.metric.name == "enriched_uranium_stock"
    assert stock.metric.qualifiers == {"band": "total"}
    assert stock.unit == "kg_u"
    natanz = jcpoa.obligation("iran_natanz_ir1_cap")
    assert natanz.metric.name == "centrifuges_installed"
    assert natanz.metric.qualifiers == {"site": "natanz_fep", "model": "IR-1"}
    assert natanz.limit == 5060
    fordow = jcpoa.obligation("iran_fordow_no_enrichment")
    assert (fordow.metric.name, fordow.metric.qualifiers) == (
        "enrichment_at_site",
        {"site": "fordow_ffep"},
    )
    assert jcpoa.obligation("iran_heavy_water_cap").metric.name == "heavy_water_stock"
    assert jcpoa.obligation("iran_enrichment_continuous_monitoring").limit == "jcpoa_full"


def test_stockpile_cap_is_300_kg_uf6_in_uranium() -> None:
    # JCPOA para 7 / Annex I para 56: 300 kg of UF6 up to 3.67 %; the IAEA counts it as
    # 202.8 kg U (iranwatch.org, 5 Sept 2020). Checked against the physics constant
    # U/UF6 = 0.6761 to 0.1 kg (the IAEA figure is rounded to 0.1 kg).
    cap = load_agreement("jcpoa").obligation("iran_stockpile_cap")
    assert cap.limit == 202.8
    assert cap.limit_as_written is not None
    assert "300 kg of UF6" in cap.limit_as_written
    assert pytest.approx(202.8, abs=0.1) == 300 * U_PER_UF6


def test_percent_is_converted_to_a_fraction() -> None:
    jcpoa = load_agreement("jcpoa")
    level = jcpoa.obligation("iran_enrichment_level_cap")
    assert level.limit == 0.0367
    assert level.unit == "fraction"
    assert level.display_unit == "pct"
    jpoa_level = load_agreement("jpoa").obligation("jpoa_iran_enrichment_max_5pct")
    assert jpoa_level.limit == 0.05


def test_is_active_is_end_exclusive_for_continuing_obligations() -> None:
    jcpoa = load_agreement("jcpoa")
    natanz = jcpoa.obligation("iran_natanz_ir1_cap")
    assert not jcpoa.is_active(natanz, D(2016, 1, 15))
    assert jcpoa.is_active(natanz, D(2016, 1, 16))
    assert jcpoa.is_active(natanz, D(2026, 1, 15))
    assert not jcpoa.is_active(natanz, D(2026, 1, 16)), "10 years end on 16 Jan 2026"


def test_deadlines_include_their_last_day() -> None:
    jcpoa = load_agreement("jcpoa")
    calandria = jcpoa.obligation("iran_arak_calandria_inoperable")
    assert calandria.timing == "by_deadline"
    assert jcpoa.is_active(calandria, D(2016, 1, 16))
    assert not jcpoa.is_active(calandria, D(2016, 1, 17))


def test_open_ended_obligations_never_end() -> None:
    jcpoa = load_agreement("jcpoa")
    weapons = jcpoa.obligation("iran_no_nuclear_weapons")
    assert weapons.open_ended
    assert jcpoa.end_date(weapons) is None
    assert jcpoa.is_active(weapons, D(2100, 1, 1))


def test_phases_change_the_limit() -> None:
    jcpoa = load_agreement("jcpoa")
    ir6 = jcpoa.obligation("iran_rd_ir6")
    assert jcpoa.limit_at(ir6, D(2020, 1, 1)) is None, "no number before year 8.5"
    assert jcpoa.limit_at(ir6, D(2024, 7, 16)) == 30
    inspectors = jcpoa.obligation("iran_modern_tech_and_presence")
    assert jcpoa.limit_at(inspectors, D(2016, 6, 1)) is None
    assert jcpoa.limit_at(inspectors, D(2016, 10, 16)) == 130


def test_phase_after_a_milestone_that_never_came() -> None:
    # 90 t of heavy water applies only after the modernised Arak reactor is commissioned.
    jcpoa = load_agreement("jcpoa")
    heavy_water = jcpoa.obligation("iran_heavy_water_cap")
    assert jcpoa.limit_at(heavy_water, D(2030, 1, 1)) == 130


def test_obligations_of_groups() -> None:
    jcpoa = load_agreement("jcpoa")
    assert set(jcpoa.groups_of("us")) == {"e3eu3", "all"}
    assert set(jcpoa.groups_of("iran")) == {"all"}
    own = jcpoa.obligations_for("us")
    with_groups = jcpoa.obligations_for("us", include_groups=True)
    assert {o.party for o in own} == {"us"}
    assert {o.party for o in with_groups} == {"us", "e3eu3", "all"}


def test_unknown_party_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="party: expected a party id of agreement 'jcpoa'"):
        load_agreement("jcpoa").obligations_for("irn")


def test_active_obligations_on_a_date() -> None:
    jcpoa = load_agreement("jcpoa")
    before = jcpoa.active_obligations(D(2015, 8, 1))
    assert {o.id for o in before} == {"iran_no_nuclear_weapons", "iran_pmd_roadmap"}
    in_2017 = jcpoa.active_obligations(D(2017, 1, 1), "iran")
    assert len(in_2017) >= 45


def test_readings_come_with_holders_and_sources() -> None:
    jcpoa = load_agreement("jcpoa")
    stock = jcpoa.obligation("iran_stockpile_cap")
    readings = jcpoa.readings(stock)
    assert jcpoa.is_disputed(stock)
    by_holder = {r.holder: r for r in readings if r.dispute == "iran_remedial_steps_2019"}
    assert by_holder[("iran",)].status_implied == "permitted_cessation"
    assert by_holder[("e3",)].status_implied == "non_compliant"
    for reading in readings:
        assert reading.sources


@pytest.mark.parametrize(
    ("dispute", "holders"),
    [
        ("us_withdrawal_2018", {"us", "iran", "e3", "eu"}),
        ("us_snapback_claim_2020", {"us", "e3", "eu", "china", "russia", "iran"}),
        ("e3_snapback_2025", {"e3", "eu", "us", "iran", "russia", "china"}),
        ("e3_transition_day_2023", {"e3", "eu", "iran"}),
    ],
)
def test_disputes_record_both_sides(dispute: str, holders: set[str]) -> None:
    jcpoa = load_agreement("jcpoa")
    found = jcpoa.dispute(dispute)
    assert {h for r in found.readings for h in r.holder} == holders
    assert len({r.status_implied for r in found.readings}) >= 2, "the sides differ"
    assert any(dispute in o.disputes for o in jcpoa.obligations)


def test_us_snapback_reading_was_abandoned() -> None:
    jcpoa = load_agreement("jcpoa")
    claim = jcpoa.dispute("us_snapback_claim_2020")
    us = next(r for r in claim.readings if r.holder == ("us",))
    assert us.until == D(2021, 2, 18)
    arms = jcpoa.obligation("unsc_b5_arms_to_iran")
    held_2020 = {r.holder for r in jcpoa.readings_at(arms, D(2020, 10, 1))}
    held_2021 = {r.holder for r in jcpoa.readings_at(arms, D(2021, 3, 1))}
    assert ("us",) in held_2020
    assert ("us",) not in held_2021
    assert jcpoa.readings_at(arms, D(2019, 1, 1)) == (), "no dispute before Aug 2020"


def test_metrics_and_qualifiers_exist_in_the_vocabulary() -> None:
    vocabulary = load_vocabulary()
    for agreement_id in available_agreements():
        for obligation in load_agreement(agreement_id).obligations:
            metric = vocabulary.metric(obligation.metric.name)
            assert metric is not None
            assert set(obligation.metric.qualifiers) <= set(metric.qualifiers)


def test_shared_site_and_model_ids() -> None:
    qualifiers = load_vocabulary().qualifiers
    assert {"natanz_fep", "natanz_pfep", "fordow_ffep", "isfahan", "arak"} <= set(
        qualifiers["site"].values or ()
    )
    assert qualifiers["model"].values == (
        "IR-1",
        "IR-2m",
        "IR-4",
        "IR-5",
        "IR-6",
        "IR-6s",
        "IR-7",
        "IR-8",
        "IR-9",
        "IR-s",
    )
    assert qualifiers["band"].values == (
        "total",
        "up_to_2pct",
        "up_to_5pct",
        "up_to_20pct",
        "up_to_60pct",
    )


def test_record_events_refer_to_existing_obligations() -> None:
    # The record's events.csv refers to obligations by id: every id it uses must
    # resolve in the agreement (ids were kept from the reference pack; renamed ones keep
    # an alias).
    jcpoa = load_agreement("jcpoa")
    with RECORD_EVENTS.open(encoding="utf-8") as handle:
        ids = {
            item.strip()
            for row in csv.DictReader(handle)
            for item in row["obligation_ids_affected"].split(";")
            if item.strip()
        }
    assert ids
    for obligation_id in sorted(ids):
        assert jcpoa.obligation(obligation_id).id


def test_jpoa_obligations() -> None:
    jpoa = load_agreement("jpoa")
    parties = Counter(o.party for o in jpoa.obligations)
    assert parties["iran"] >= 15
    assert parties["us"] >= 4
    assert parties["eu"] >= 3
    funds = jpoa.obligation("jpoa_us_restricted_funds")
    # US Treasury FAQ of 20 Jan 2014: $4.2 billion over the six months.
    assert (funds.limit, funds.unit) == (4.2, "usd_billion")
    leu = jpoa.obligation("jpoa_iran_leu_stock_no_increase")
    assert leu.baseline == "jpoa_implementation"
    assert jpoa.milestone_date(leu.baseline) == D(2014, 1, 20)
