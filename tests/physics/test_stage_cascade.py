"""Stage-by-stage cascade: the stage balance, its invariants, layouts and batch recycling."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lockstep.errors import DataError, DomainError
from lockstep.physics.cascade_designs import cascade_design, cascade_designs, parse_designs
from lockstep.physics.stage_cascade import (
    batch_recycle,
    ideal_layout,
    machine_throughput,
    run_cascade,
    solve_stages,
)


def ratio(x: float) -> float:
    return x / (1.0 - x)


@pytest.mark.parametrize(
    ("stages", "feed_stage", "beta"), [(15, 4, 1.154), (15, 5, 1.2), (8, 3, 1.5)]
)
def test_design_duty_is_cohens_ideal_cascade(stages: int, feed_stage: int, beta: float) -> None:
    # With constant beta, the ideal profile R_s = R_F beta^(s - f) solves the stage
    # balance exactly (no mixing anywhere): R_P = R_F beta^(S - f + 1), R_T = R_F beta^-f.
    x = 0.00711
    p = solve_stages(stages, feed_stage, beta, x)
    assert ratio(float(p.product_assay[0])) == pytest.approx(
        ratio(x) * beta ** (stages - feed_stage + 1), rel=1e-9
    )
    assert ratio(float(p.tails_assay[0])) == pytest.approx(ratio(x) * beta**-feed_stage, rel=1e-9)


def test_ir1_design_duty_figures() -> None:
    # 15 stages, feed stage 4, beta 1.154 [computed]: 3.84 % product, 0.402 % tails.
    p = solve_stages(15, 4, 1.154, 0.00711)
    assert float(p.product_assay[0]) == pytest.approx(0.038409, abs=1e-6)
    assert float(p.tails_assay[0]) == pytest.approx(0.0040216, abs=1e-7)


@settings(max_examples=40, deadline=None)
@given(
    x=st.floats(0.002, 0.9),
    stages=st.integers(3, 30),
    beta=st.floats(1.05, 1.6),
    data=st.data(),
)
def test_balances_hold_for_any_feed(
    x: float, stages: int, beta: float, data: st.DataObject
) -> None:
    f = data.draw(st.integers(1, stages))
    p = solve_stages(stages, f, beta, x)
    pf, tf = float(p.product_per_feed[0]), float(p.tails_per_feed[0])
    xp, xt = float(p.product_assay[0]), float(p.tails_assay[0])
    assert pf + tf == pytest.approx(1.0, rel=1e-9)
    assert pf * xp + tf * xt == pytest.approx(x, rel=1e-8)
    assert xt < x < xp
    assert float(p.swu_per_feed[0]) >= -1e-12
    # Stage balance of uranium: what enters each stage leaves it.
    theta, flow = p.stage_cut[0], p.stage_flow_per_feed[0]
    inflow = np.zeros(stages)
    inflow[1:] += (theta * flow)[:-1]
    inflow[:-1] += ((1 - theta) * flow)[1:]
    inflow[f - 1] += 1.0
    np.testing.assert_allclose(inflow, flow, rtol=1e-9)


def test_product_rises_with_feed_assay_and_mixing_lowers_efficiency() -> None:
    design = cascade_design("ir1-164")
    feeds = np.array([0.00711, 0.035, 0.2, 0.6])
    run = design.run(feeds, 0.75)
    assert np.all(np.diff(run.profile.product_assay) > 0)
    # Fed far off its design duty the cascade delivers less of its installed SWU.
    assert run.efficiency[0] > 0.9
    assert run.efficiency[-1] < run.efficiency[0] - 0.15
    assert np.all(run.efficiency <= 1.0 + 1e-9)
    np.testing.assert_allclose(run.stage_load.max(axis=1), 1.0)


def test_vectorised_equals_one_by_one() -> None:
    feeds = [0.00711, 0.045, 0.6]
    batch = solve_stages(15, 4, 1.154, feeds)
    for i, x in enumerate(feeds):
        one = solve_stages(15, 4, 1.154, x)
        assert float(one.product_assay[0]) == pytest.approx(
            float(batch.product_assay[i]), rel=1e-12
        )


def test_machine_throughput_ir1() -> None:
    # q = dU (beta + 1) / ((beta - 1) ln beta): 0.75 kg-SWU/yr at beta 1.154 -> 73.24 kg U/yr.
    assert float(machine_throughput(0.75, 1.154)) == pytest.approx(73.2385, rel=1e-5)


def test_packaged_layouts_are_the_ideal_taper() -> None:
    # cascades.yaml says its layouts are reconstructed by ideal_layout: recompute them.
    for design in cascade_designs():
        assert design.machines_per_stage == ideal_layout(
            design.stages, design.feed_stage, design.heads_separation_factor, design.machines
        ), design.name
    assert cascade_design("ir1-164").machines == 164
    assert cascade_design("IR6-174").machines == 174


def test_batch_recycle_reaches_the_target_and_conserves_u235() -> None:
    design = cascade_design("ir1-164")
    passes = design.recycle(0.2, 100.0, 0.9, 0.75)
    assert passes[-1].product_assay == pytest.approx(0.9)
    assert [p.number for p in passes] == list(range(1, len(passes) + 1))
    # U-235 in = U-235 in the final product + in every pass's tails.
    out = passes[-1].product_kg_u * 0.9 + math.fsum(p.tails_kg_u * p.tails_assay for p in passes)
    assert out == pytest.approx(100.0 * 0.2, rel=1e-9)
    # Twice the cascades, half the time.
    double = design.recycle(0.2, 100.0, 0.9, 0.75, cascades=2)
    assert math.fsum(p.days for p in double) == pytest.approx(
        0.5 * math.fsum(p.days for p in passes), rel=1e-12
    )


def test_bad_arguments() -> None:
    with pytest.raises(DomainError, match="feed_stage"):
        solve_stages(15, 16, 1.154, 0.00711)
    with pytest.raises(DomainError, match="stages"):
        solve_stages(1, 1, 1.154, 0.00711)
    with pytest.raises(DomainError, match="beta"):
        solve_stages(15, 4, 1.0, 0.00711)
    with pytest.raises(DomainError, match="feed_assay"):
        solve_stages(15, 4, 1.154, 1.2)
    with pytest.raises(DomainError, match="target_assay"):
        batch_recycle([2, 2], 1, 1.2, 1.0, feed_assay=0.5, feed_kg_u=1.0, target_assay=0.4)
    with pytest.raises(DomainError, match="machines_per_stage"):
        run_cascade([2, 0], 1, 1.2, 0.01, 1.0)


GOOD = """
name: mine
title: test cascade
model: IR-1
machines_per_stage: [2, 3, 2]
feed_stage: 2
heads_separation_factor: 1.2
basis: test
reported: nothing
sources: [test]
confidence: low
"""


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("machines_per_stage: [2, 0, 2]", "machines_per_stage"),
        ("feed_stage: 4", "feed_stage"),
        ("heads_separation_factor: 0.9", "heads_separation_factor"),
        ("sources: []", "sources"),
        ("confidence: sure", "confidence"),
        ("colour: red", "colour"),
    ],
)
def test_design_file_errors_name_the_field(change: str, field: str) -> None:
    key = change.split(":")[0]
    lines = [line for line in GOOD.strip().splitlines() if not line.startswith(key + ":")]
    with pytest.raises(DataError, match=f"field '{field}'") as err:
        parse_designs("\n".join([*lines, change]), "my.yaml")
    assert "my.yaml" in str(err.value)


def test_design_file_parses_and_rejects_duplicates() -> None:
    (design,) = parse_designs(GOOD)
    assert design.machines == 7
    assert design.stages == 3
    twice = "designs:\n" + "\n".join(
        "  - " + "\n    ".join(GOOD.strip().splitlines()) for _ in range(2)
    )
    with pytest.raises(DataError, match="twice"):
        parse_designs(twice)
    with pytest.raises(DataError, match="not valid YAML"):
        parse_designs("designs: [1", "x.yaml")
    with pytest.raises(DataError, match="unknown cascade design"):
        cascade_design("nope")


def test_time_to_step_scales_with_the_product_and_the_cascades() -> None:
    design = cascade_design("ir6-174")
    days, feed, passes = design.step(0.6, 0.9, 25.0, 4.5)
    assert passes == 1
    # 60 -> 90 % in one pass: feed between the U-235 bound 37.5 kg and a few times it.
    assert 25.0 * 0.9 / 0.6 < feed < 4 * 25.0
    days2, feed2, _ = design.step(0.6, 0.9, 50.0, 4.5, cascades=4)
    assert feed2 == pytest.approx(2 * feed)
    assert days2 == pytest.approx(days / 2)
    assert 0 < days < 60
