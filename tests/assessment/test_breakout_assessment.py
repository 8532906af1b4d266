"""The adapter from ProgramState to the engine, the unknown rule, and the JSON contract."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

import iaea_states
from lockstep.assessment import (
    BreakoutOptions,
    CovertPlant,
    assess_state,
    fleets_from_state,
    payload,
    resolve_sites,
    stocks_from_state,
)
from lockstep.errors import DomainError, InfeasibleError
from lockstep.physics.breakout import Quantity

FAST = {"samples": 2000, "seed": 1}


def test_stocks_come_from_bands_at_nominal_assays_with_provenance() -> None:
    state = iaea_states.june_2025()
    stocks, notes = stocks_from_state(state)
    by_label = {s.label: s for s in stocks}
    assert by_label["up_to_60pct"].mass_kg_u == 440.9
    assert by_label["up_to_60pct"].assay == 0.60
    assert by_label["up_to_20pct"].assay == 0.1975
    assert "GOV/2025/50" in by_label["up_to_60pct"].source
    assert by_label["up_to_60pct"].figure_as_of == dt.date(2025, 6, 13)
    # The total (9,874.9 kg U) includes material outside the reported UF6 bands.
    assert any("outside the UF6 bands" in n for n in notes)
    assert any("no up_to_5pct figure" in n for n in notes)


def test_only_allowed_bands_are_used() -> None:
    stocks, notes = stocks_from_state(iaea_states.june_2025(), ["up_to_20pct"])
    assert [s.label for s in stocks] == ["up_to_20pct"]
    assert any("up_to_60pct" in n and "excluded" in n for n in notes)


def test_fleets_enriching_installed_and_site_totals() -> None:
    state = iaea_states.june_2025()
    enriching, notes = fleets_from_state(state, "enriching")
    counts = {(f.site, f.model): f.machines for f in enriching}
    assert counts[("fordow_ffep", "IR-6")] == 332
    # The FEP site total (15,000 operating, June 2025) exceeds the per-model figures
    # (5,060 + 696 + 174 + 174 = 6,104): the other 8,896 are counted as IR-1.
    fep = sum(f.machines for f in enriching if f.site == "natanz_fep")
    assert fep == 15000
    assert any("8,896" in n and "IR-1" in n for n in notes)
    installed, _ = fleets_from_state(state, "installed")
    fordow6 = [f for f in installed if f.site == "fordow_ffep" and f.model == "IR-6"]
    assert fordow6[0].machines == 1724


def test_site_selection_and_aliases() -> None:
    assert resolve_sites(["Fordow"]) == ("fordow_ffep",)
    assert resolve_sites(["natanz"]) == ("natanz_fep", "natanz_pfep")
    with pytest.raises(DomainError, match="site"):
        resolve_sites(["qom"])
    fleets, _ = fleets_from_state(iaea_states.june_2025(), "enriching", resolve_sites(["fordow"]))
    assert {f.site for f in fleets} == {"fordow_ffep"}


def test_unknown_model_in_the_record_is_counted_as_ir1_with_a_note() -> None:
    state = iaea_states.feb_2020()
    odd = dataclasses.replace(state.centrifuges[0], model="IR-7", site="natanz_pfep")
    state = dataclasses.replace(state, centrifuges=(*state.centrifuges, odd))
    fleets, notes = fleets_from_state(state)
    assert any("IR-7" in n and "counted as IR-1" in n for n in notes)
    assert all(f.model != "IR-7" for f in fleets)


def test_jcpoa_state_gives_about_a_year() -> None:
    options = BreakoutOptions(model="swu-budget", samples=10_000, seed=0)
    assessment = assess_state(iaea_states.jcpoa_limits(), options)
    assert assessment.status == "ok"
    assert assessment.result is not None
    # Same inputs as the physics test (5,060 IR-1 enriching, 202.8 kg U of 3.67 %).
    assert assessment.result.first_quantity_days.p50 == pytest.approx(481.3, abs=1.0)


def test_jcpoa_state_ensemble_is_more_than_a_year() -> None:
    # The default ensemble draws Iran's fixed cascades half of the time (the step ladder
    # and the stage-level cascade a quarter each): well over a year, its P10 above the
    # pooled model's median, its P90 the stage-level cascade's three and a half years
    # from natural uranium (docs/breakout.md section 6).
    assessment = assess_state(iaea_states.jcpoa_limits(), BreakoutOptions(samples=10_000, seed=0))
    assert assessment.result is not None
    first = assessment.result.first_quantity_days
    assert first.p10 == pytest.approx(483.8, abs=1.0)
    assert first.p50 == pytest.approx(761.8, abs=1.0)
    assert first.p90 == pytest.approx(1274.6, abs=1.0)


def test_fordow_only_in_the_jcpoa_years_is_infeasible() -> None:
    # Under the JCPOA no machine at Fordow enriched uranium (JCPOA Annex I).
    with pytest.raises(InfeasibleError, match="no machines"):
        assess_state(iaea_states.jcpoa_limits(), BreakoutOptions(sites=("fordow",), **FAST))
    installed = assess_state(
        iaea_states.jcpoa_limits(),
        BreakoutOptions(sites=("fordow",), machines="installed", **FAST),
    )
    assert installed.status == "ok"


def test_covert_plant_shortens_breakout() -> None:
    base = assess_state(iaea_states.jcpoa_limits(), BreakoutOptions(**FAST))
    covert = assess_state(
        iaea_states.jcpoa_limits(),
        BreakoutOptions(covert=CovertPlant("IR-2m", 3000), **FAST),
    )
    assert base.result is not None
    assert covert.result is not None
    assert covert.result.first_quantity_days.p50 < base.result.first_quantity_days.p50
    assert any(f.site == "covert" for f in covert.result.fleets)


def test_after_loss_of_access_the_answer_is_unknown() -> None:
    later = iaea_states.june_2025(after=dt.date(2026, 2, 27))
    assessment = assess_state(later, BreakoutOptions(**FAST))
    assert assessment.status == "unknown"
    assert assessment.result is None
    stocks = {s["band"]: s for s in assessment.last_known["stocks"]}
    assert stocks["up_to_60pct"]["mass_kg_u"] == 440.9
    assert stocks["up_to_60pct"]["age_days"] == (dt.date(2026, 2, 27) - dt.date(2025, 6, 13)).days
    body = payload(assessment)
    assert body["status"] == "unknown"
    assert body["first_quantity_days"] == {"p10": None, "p50": None, "p90": None}
    assert body["quantities_by_month"] == []


def test_assume_last_known_is_labelled() -> None:
    later = iaea_states.june_2025(after=dt.date(2026, 2, 27))
    assessment = assess_state(later, BreakoutOptions(assume_last_known=True, **FAST))
    assert assessment.status == "ok"
    assert assessment.assumed_last_known
    assert assessment.notes[0].startswith("ASSUMED")
    body = payload(assessment)
    assert body["assumed_last_known"] is True
    assert body["last_known"]["oldest_figure_age_days"] > 259


def test_json_contract_keys_and_units() -> None:
    assessment = assess_state(
        iaea_states.feb_2023(), BreakoutOptions(quantity=Quantity.iaea_sq(), **FAST)
    )
    body = payload(assessment)
    json.dumps(body)  # serializable as is
    for key in (
        "as_of",
        "quantity",
        "model",
        "samples",
        "seed",
        "first_quantity_days",
        "quantities_by_month",
        "steps",
        "assumptions",
        "inputs",
        "status",
    ):
        assert key in body
    assert body["as_of"] == "2023-02-12"
    assert body["quantity"] == "iaea-sq"
    assert set(body["first_quantity_days"]) == {"p10", "p50", "p90"}
    assert [m["month"] for m in body["quantities_by_month"]] == list(range(1, 13))
    assert [m["month"] for m in body["quantities_after_months"]] == [1, 3, 6, 12]
    assert body["model"] == "ensemble"
    assert {s["name"] for s in body["structures"]} == {
        "swu-budget",
        "batch-recycle",
        "stage-cascade",
    }
    weapon = body["weaponization_days"]
    assert weapon["p10"] < weapon["p50"] < weapon["p90"]
    assert "Milley" in body["assumptions"]["weaponization"]["source"]
    step = body["steps"][0]
    assert step["feed_pct"] == 60.0
    assert step["product_pct"] == 90.0
    assert set(step["days"]) == {"p10", "p50", "p90"}
    stock = next(s for s in body["inputs"]["stocks"] if s["label"] == "up_to_60pct")
    assert stock["assay_pct"] == 60.0
    assert stock["status"] == "estimated"
    assert stock["figure_as_of"] == "2023-02-12"
    swu = body["assumptions"]["swu_per_machine_year"]
    assert set(swu) == {"IR-1", "IR-2m", "IR-4", "IR-6"}
    assert swu["IR-6"]["source"]
    assert body["assumptions"]["effectiveness"]["source"]
    assert body["sensitivity"][0]["swing_days"] >= body["sensitivity"][-1]["swing_days"]


def test_bad_options() -> None:
    with pytest.raises(DomainError, match="machines"):
        BreakoutOptions(machines="spinning")  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="model"):
        BreakoutOptions(model="cascade")
    with pytest.raises(DomainError, match="bands"):
        BreakoutOptions(stocks=("up_to_90pct",))
    with pytest.raises(DomainError, match="covert"):
        CovertPlant("IR-6", 0)
    with pytest.raises(DomainError, match="model"):
        CovertPlant("IR-99", 10)


def test_a_newer_smaller_site_total_scales_the_site_down() -> None:
    # 13 Jun 2025: the IAEA said the above-ground PFEP was destroyed (site total 0
    # enriching), while the per-model PFEP figure still says 164 IR-2m enriching (2019).
    day = dt.date(2025, 6, 13)
    old = iaea_states.machines(
        day, "natanz_pfep", "IR-2m", 164, 164, "GOV/2019/55", dt.date(2019, 11, 11)
    )
    zero = iaea_states.machines(day, "natanz_pfep", "all", None, 0, "IAEA DG, 13 Jun 2025")
    state = iaea_states.state(day, iaea_states.stocks(day, {}), (old,), site_totals=(zero,))
    fleets, notes = fleets_from_state(state)
    assert sum(f.machines for f in fleets) == 0
    assert any("scaled down" in n for n in notes)


def test_no_centrifuge_figures_is_said_plainly() -> None:
    day = dt.date(2015, 5, 29)
    state = iaea_states.state(
        day, iaea_states.stocks(day, {"up_to_5pct": (5000.0, "GOV/2015/34")}), ()
    )
    before = assess_state(state, BreakoutOptions(**FAST))
    assert before.status == "unknown"  # as in the history, not an error
    assert before.result is None
    assert "no centrifuge figures" in before.notes[0]
    covert = assess_state(state, BreakoutOptions(covert=CovertPlant("IR-1", 5000), **FAST))
    assert covert.status == "ok"
