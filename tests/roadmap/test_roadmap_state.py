"""Initial states from the record's ProgramState, targets, and INARA dates."""

from __future__ import annotations

import datetime as dt

import pytest

from lockstep.errors import DataError
from lockstep.record.model import STOCK_BANDS, CentrifugeFigure, ProgramState, StockFigure
from lockstep.roadmap import build_problem, default_catalogue, load_target, make_plan, validate
from lockstep.roadmap.problem import inara_days
from lockstep.roadmap.state import state_from_program_state, swu_per_machine

NOMINAL = {"up_to_2pct": 0.02, "up_to_5pct": 0.045, "up_to_20pct": 0.1975, "up_to_60pct": 0.6}


def _state() -> ProgramState:
    as_of = dt.date(2025, 6, 13)
    masses = {"up_to_5pct": 9249.9, "up_to_20pct": 184.1, "up_to_60pct": 440.9}
    return ProgramState(
        as_of=as_of,
        total_enriched_kg_u=9874.9,
        total_figure=None,
        stocks=tuple(
            StockFigure(b, masses.get(b), NOMINAL[b], "estimated", as_of, 0, None)
            for b in STOCK_BANDS
        ),
        centrifuges=(
            CentrifugeFigure("Natanz FEP", "IR-1", 10302, 10302, "estimated", as_of, 0, None),
            CentrifugeFigure("Natanz FEP", "IR-2m", 3828, 2000, "estimated", as_of, 0, None),
            CentrifugeFigure("Fordow FFEP", "IR-6", 1724, None, "estimated", as_of, 0, None),
            CentrifugeFigure("Natanz PFEP", "IR-4", 164, 164, "estimated", as_of, 0, None),
        ),
        heavy_water_t=None,
        monitoring="unknown",
        verified=False,
    )


def test_state_from_program_state() -> None:
    init = state_from_program_state(_state(), reinstall_days=45)
    assert dict(init.stocks) == {0.6: 440.9, 0.1975: 184.1, 0.045: 9249.9}
    groups = {(g.site, g.model, g.status): g.count for g in init.machines}
    assert groups[("natanz_fep", "IR-1", "enriching")] == 10302
    assert groups[("natanz_fep", "IR-2m", "enriching")] == 2000
    assert groups[("natanz_fep", "IR-2m", "idle")] == 1828
    assert groups[("fordow_ffep", "IR-6", "idle")] == 1724
    assert init.monitoring == "none"
    assert not init.baseline_verified
    assert init.reinstall_days == 45
    assert swu_per_machine("IR-6") == 4.5
    assert swu_per_machine("IR-99") == swu_per_machine("IR-1")


def test_default_catalogue_plans_from_a_record_state() -> None:
    init = state_from_program_state(_state())
    problem = build_problem(default_catalogue(), initial=init, day0=dt.date(2026, 7, 1))
    plan = make_plan(problem, "sync")
    assert validate(plan) == ()
    assert plan.feasible
    assert plan.metrics is not None
    # 'auto' quantities follow the state: the idle IR-2m are stored too.
    assert problem.measure("IR-NATANZ-ADV").quantity == pytest.approx(3828.0)
    # The R&D step stores whatever the record shows at the PFEP (model "*").
    assert problem.measure("IR-RD").quantity is None
    assert plan.metrics.end_state_violations == ()


def test_state_without_stock_figures_is_an_error() -> None:
    s = _state()
    empty = ProgramState(
        as_of=s.as_of,
        total_enriched_kg_u=None,
        total_figure=None,
        stocks=tuple(
            StockFigure(b, None, NOMINAL[b], "unverified", None, None, None) for b in STOCK_BANDS
        ),
        centrifuges=(),
        heavy_water_t=None,
        monitoring="none",
        verified=False,
    )
    with pytest.raises(DataError, match="no stock figure"):
        state_from_program_state(empty)


def test_inara_review_follows_the_calendar() -> None:
    # INARA: 30-day review, 60 days when transmitted between 10 July and 7 September.
    assert inara_days(None) == (35, 35, 65)
    assert inara_days(dt.date(2026, 3, 1))[0] == 35
    assert inara_days(dt.date(2026, 7, 20))[0] == 65
    summer = build_problem(default_catalogue(), day0=dt.date(2026, 7, 20))
    assert summer.measure("US-INARA").duration_days == 65
    spring = build_problem(default_catalogue(), day0=dt.date(2026, 3, 1))
    assert spring.measure("US-INARA").duration_days == 35


def test_targets() -> None:
    jcpoa = load_target("jcpoa2015")
    assert jcpoa.limits.stock_cap_kg_u == 202.8
    assert jcpoa.limits.enrichment_cap_assay == 0.0367
    caps = {(c.site, c.model, c.status): c.max for c in jcpoa.limits.machine_caps}
    assert caps[("natanz_fep", "IR-1", "enriching")] == 5060
    assert jcpoa.limits.heavy_water_cap_t == 130
    parties = {o.party for o in jcpoa.obligations}
    assert parties == {"IR", "US", "EU", "E3", "UNSC"}
    variant = load_target("post2025_suspension")
    assert variant.limits.enrichment_cap_assay == 0.015
    assert jcpoa.obligation_ids <= variant.obligation_ids
    # The default catalogue keeps 5,060 IR-1 enriching: the variant reports it.
    plan = make_plan(build_problem(default_catalogue(), target=variant), "sync")
    assert plan.metrics is not None
    assert any("IR-1 enriching" in v for v in plan.metrics.end_state_violations)
    with pytest.raises(DataError, match="unknown target"):
        load_target("jcpoa1999")
