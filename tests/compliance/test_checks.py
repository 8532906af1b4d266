"""The issue's checks against published facts, each citing its source.

Tolerances: ratios are compared to 0.005 because the published figures are given to one
decimal (e.g. 372.3 kg U); every other value is exact (it is the figure of the record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from lockstep.agreement import Agreement
from lockstep.compliance import Finding, evaluate
from lockstep.record import Record

Lookup = Callable[[str, str], Finding]


# ------------------------------------------------------------------ mid-2017


def test_mid_2017_stockpile_complies(finding: Lookup) -> None:
    # GOV/2017/24 (2 Jun 2017): 79.8 kg U of enriched uranium as of 27 May 2017, under
    # the JCPOA cap of 300 kg UF6 = 202.8 kg U (JCPOA Annex I para 56).
    stock = finding("2017-06-30", "iran_stockpile_cap")
    assert stock.status == "complies"
    assert stock.observed == 79.8
    assert stock.limit == 202.8
    assert stock.ratio == pytest.approx(79.8 / 202.8, abs=0.005)
    current = [e for e in stock.evidence if e.role == "current"]
    assert [(e.report, e.date, e.status) for e in current] == [
        ("GOV/2017/24", dt.date(2017, 5, 27), "verified")
    ]
    # Within the cap since Implementation Day (GOV/INF/2016/1: at or below 202.8 kg U).
    assert stock.since == dt.date(2016, 1, 16)


def test_mid_2017_no_us_obligation_breached(jcpoa: Agreement, record: Record) -> None:
    # Until the withdrawal of 8 May 2018 the US waived its Annex II sanctions (Implementation
    # Day, EO 13716, 16 Jan 2016) and renewed the waivers (e.g. 12 Jan 2018).
    us = evaluate(jcpoa, record, dt.date(2017, 6, 30), party="us")
    assert us
    assert not [f.obligation for f in us if f.status in ("breached", "suspended")]
    relief = next(f for f in us if f.obligation == "us_cease_nuclear_sanctions")
    assert relief.status == "complies"
    assert relief.basis == "measures"
    assert relief.observed is False  # no Annex II section 4 measure in force


# ------------------------------------------------------------------ end of 2018


def test_end_2018_us_breaches_no_reimposition(finding: Lookup) -> None:
    # EO 13846 (6 Aug 2018, 83 FR 38939) reimposed the first tranche from 7 Aug 2018; the
    # second tranche (oil, shipping, banking) followed on 5 Nov 2018.
    us = finding("2018-12-31", "us_refrain_reimposition")
    assert us.status == "breached"
    assert us.since == dt.date(2018, 8, 7)
    measures = {(e.id, e.status) for e in us.evidence if e.kind == "measure"}
    assert ("2018-08-07.us.first-tranche-reimposed-eo", "reimposed") in measures
    assert ("2018-11-05.us.second-tranche-reimposed-oil", "reimposed") in measures
    # The US reading (a political commitment it could leave) is its justification: it is
    # reported, and does not change the status.
    assert us.justification is not None
    assert "political commitments" in us.justification
    roles = {r.holder: r.role for r in us.readings}
    assert roles[("us",)] == "justification"
    assert roles[("iran",)] == "assessment"


def test_end_2018_us_suspended_between_withdrawal_and_first_tranche(finding: Lookup) -> None:
    # NSPM-11 (8 May 2018) announced the withdrawal; nothing was reimposed before 7 Aug 2018.
    us = finding("2018-06-30", "us_refrain_reimposition")
    assert us.status == "suspended"
    assert us.since == dt.date(2018, 5, 8)
    assert any(e.role == "announcement" for e in us.evidence)


def test_end_2018_iran_still_complies(finding: Lookup) -> None:
    # GOV/2018/47 (12 Nov 2018): 149.4 kg U as of 4 Nov 2018; enrichment not above 3.67 %.
    stock = finding("2018-12-31", "iran_stockpile_cap")
    assert (stock.status, stock.observed) == ("complies", 149.4)
    level = finding("2018-12-31", "iran_enrichment_level_cap")
    assert level.status == "complies"
    assert level.observed == pytest.approx(0.0367)
    assert level.limit_display == pytest.approx(3.67)
    assert level.unit_display == "pct"


# ------------------------------------------------------------------ end of 2019


def test_end_2019_stockpile_breached(finding: Lookup) -> None:
    # GOV/2019/55 (11 Nov 2019): 372.3 kg U as of 3 Nov 2019, x1.84 the 202.8 kg U cap;
    # the breach began with GOV/INF/2019/8 (1 Jul 2019): 205.0 kg U.
    stock = finding("2019-12-31", "iran_stockpile_cap")
    assert stock.status == "breached"
    assert stock.observed == 372.3
    assert stock.ratio == pytest.approx(1.84, abs=0.005)
    assert stock.since == dt.date(2019, 7, 1)
    start = [e for e in stock.evidence if e.role == "run_start"]
    assert [(e.report, e.value) for e in start] == [("GOV/INF/2019/8", 205.0)]
    # Iran's reading (paras 26 and 36) is recorded as its justification, not a status.
    assert stock.status_as_written == "breached"
    assert stock.justification is not None
    assert "paras 26 and 36" in stock.justification


def test_end_2019_enrichment_level_breached(finding: Lookup) -> None:
    # GOV/INF/2019/9 (8 Jul 2019): enrichment up to 4.5 % U-235 against 3.67 %.
    level = finding("2019-12-31", "iran_enrichment_level_cap")
    assert level.status == "breached"
    assert level.observed == pytest.approx(0.045)
    assert level.observed_display == pytest.approx(4.5)
    assert level.ratio == pytest.approx(4.5 / 3.67, abs=0.005)
    assert level.since == dt.date(2019, 7, 8)
    assert any(e.report == "GOV/INF/2019/9" for e in level.evidence)


def test_end_2019_fordow_enrichment_breached(finding: Lookup) -> None:
    # GOV/2019/55 and GOV/INF/2019/17: UF6 fed into the 1,044 IR-1 machines at Fordow,
    # verified on 9 Nov 2019; Iran had announced the step for 6 Nov ('step four').
    fordow = finding("2019-12-31", "iran_fordow_no_enrichment")
    assert fordow.status == "breached"
    assert fordow.observed is True
    assert fordow.ratio is None
    assert fordow.since == dt.date(2019, 11, 9)
    assert any(e.id == "2019-11-09.enrichment_at_site.fordow_ffep" for e in fordow.evidence)
    announced = finding("2019-11-07", "iran_fordow_no_enrichment")
    assert announced.status == "suspended"  # announced, not yet measured


# ------------------------------------------------------------------ after June 2025


def test_after_june_2025_stockpile_unknown(finding: Lookup) -> None:
    # No IAEA access since the strikes of 13 Jun 2025 (IAEA DG statements); the last
    # estimate, 9,874.9 kg U as of 13 Jun 2025 (GOV/2025/50), is not a current value.
    stock = finding("2025-08-01", "iran_stockpile_cap")
    assert stock.status == "unknown"
    assert stock.observed is None
    assert stock.ratio is None
    assert stock.since == dt.date(2025, 6, 14)
    assert stock.last_known is not None
    assert stock.last_known.value == 9874.9
    assert stock.last_known.as_of == dt.date(2025, 6, 13)
    assert stock.last_known.age_days == 49
    assert stock.last_known.status_then == "breached"
    assert "No IAEA access since 2025-06-13" in stock.note
    statuses = {e.id: e.status for e in stock.evidence}
    assert statuses["2025-06-13.stock.total"] == "unverified"
    assert statuses["2025-06-13.monitoring"] == "verified"
    for obligation in ("iran_no_heu", "iran_enrichment_level_cap", "iran_near_20pct_disposition"):
        assert finding("2025-08-01", obligation).status == "unknown"
    # On the day of the last estimate it was still an estimate, not unknown.
    assert finding("2025-06-13", "iran_stockpile_cap").status == "breached"


def test_access_obligations_stay_evaluated_after_loss(finding: Lookup) -> None:
    # Monitoring itself is what was lost: monitoring_level none (IAEA, 13 Jun 2025).
    monitoring = finding("2025-08-01", "iran_enrichment_continuous_monitoring")
    assert monitoring.status == "breached"
    assert monitoring.observed == "none"


def test_after_october_2025_un_restrictions_disputed(finding: Lookup) -> None:
    # S/RES/2231 (2015) op 8 (termination on 18 Oct 2025) against the E3 snapback
    # (notification of 28 Aug 2025; earlier resolutions reapplied 28 Sept 2025).
    prior = finding("2025-11-01", "unsc_prior_resolutions_after_termination")
    assert prior.status == "disputed"
    assert prior.status_as_written == "breached"  # unsc_1737_measures reimposed 28 Sept
    sides = {(r.holder, r.dispute): r.implies for r in prior.readings}
    assert sides[(("e3", "eu", "us"), "e3_snapback_2025")] == "expired"
    assert sides[(("iran", "russia", "china"), "e3_snapback_2025")] == "complies"
    assert sides[(("iran", "russia", "china"), "termination_day_2025")] == "complies"
    assert sides[(("e3", "eu", "us"), "termination_day_2025")] == "expired"
    assert all(r.sources for r in prior.readings)
    assert "Disputed" in prior.note
    termination = finding("2025-11-01", "unsc_termination")
    assert termination.status == "disputed"
    assert {r.implies for r in termination.readings} == {"complies", "expired"}


def test_snapback_reading_takes_effect_on_reapplication(finding: Lookup) -> None:
    # Before 28 Sept 2025 the E3 reading changes nothing: EU relief still in place.
    before = finding("2025-09-01", "eu_terminate_nuclear_sanctions")
    assert before.status == "complies"
    after = finding("2025-10-01", "eu_terminate_nuclear_sanctions")
    assert after.status == "disputed"
    assert after.status_as_written == "breached"  # EU reimposition of 29 Sept 2025


# ------------------------------------------------------------------ other published facts


def test_implementation_day_stockpile_bound(finding: Lookup) -> None:
    # GOV/INF/2016/1: at or below 300 kg UF6 (202.8 kg U); no exact quantity published.
    stock = finding("2016-01-16", "iran_stockpile_cap")
    assert stock.status == "complies"
    assert stock.observed is None
    assert stock.observed_bound == 202.8
    assert stock.ratio is None


def test_heavy_water_2016_exceedance(finding: Lookup) -> None:
    # GOV/2016/8: 130.9 t on 17 Feb 2016; 20 t shipped out on 24 Feb, below 130 t.
    assert finding("2016-02-20", "iran_heavy_water_cap").status == "breached"
    assert finding("2016-02-20", "iran_heavy_water_cap").ratio == pytest.approx(130.9 / 130)
    assert finding("2016-03-01", "iran_heavy_water_cap").status == "complies"


def test_estimated_figures_are_evidence(finding: Lookup) -> None:
    # GOV/2023/24: 4,744.5 kg U as of 13 May 2023, an IAEA estimate without JCPOA access.
    stock = finding("2023-06-30", "iran_stockpile_cap")
    assert stock.status == "breached"
    assert stock.observed == 4744.5
    current = next(e for e in stock.evidence if e.role == "current")
    assert current.status == "estimated"
    assert stock.confidence == "medium"


def test_stockpile_suspended_before_measured_breach(finding: Lookup) -> None:
    # 'Step one' (Rouhani, 8 May 2019) announced the end of the stock limit; GOV/2019/21
    # still measured 174.1 kg U on 20 May 2019; the cap was exceeded on 1 Jul 2019.
    stock = finding("2019-06-15", "iran_stockpile_cap")
    assert stock.status == "suspended"
    assert stock.observed == 174.1
    assert stock.since == dt.date(2019, 5, 8)


def test_sunset_and_phases(finding: Lookup) -> None:
    # JCPOA Annex I: the IR-1 cap at Natanz runs 10 years from Implementation Day.
    assert finding("2026-02-01", "iran_natanz_ir1_cap").status == "expired"
    assert finding("2015-09-01", "iran_stockpile_cap").status == "not_in_force"
    # Annex B para 5 arms restrictions lapsed five years after Adoption Day (18 Oct 2020).
    assert finding("2020-10-18", "unsc_b5_arms_to_iran").status == "expired"


def test_deadline_step_status_at_end(finding: Lookup) -> None:
    # E3 letter of 14 Sept 2023: no Transition Day steps (Straits Times, 14 Sept 2023).
    on_day = finding("2023-10-18", "e3_transition_day_actions")
    assert on_day.status == "breached"
    assert on_day.justification is not None  # E3/EU: a response under para 36
    later = finding("2024-01-01", "e3_transition_day_actions")
    assert later.status == "expired"
    assert later.status_at_end == "breached"
