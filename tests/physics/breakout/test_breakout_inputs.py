"""Distributions, centrifuge outputs and input validation."""

from __future__ import annotations

import numpy as np
import pytest

from lockstep.errors import DomainError
from lockstep.physics.breakout import (
    FALLBACK_TABLE,
    Assumptions,
    Distribution,
    Fleet,
    Quantity,
    Stock,
    TailsPolicy,
    canonical_model,
    check_model,
    parameter_rng,
    quantity_named,
    swu_distribution,
)


def test_triangular_samples_stay_in_range_and_centre_on_the_mean() -> None:
    dist = Distribution.triangular(0.5, 0.75, 1.0)
    draws = dist.sample(parameter_rng(1, "x"), 50_000)
    assert draws.min() >= 0.5
    assert draws.max() <= 1.0
    # Mean of a triangular distribution is (a + b + c) / 3 = 0.75; 3 sigma of the mean
    # of 50,000 draws is ~0.0015.
    assert draws.mean() == pytest.approx(0.75, abs=0.002)


def test_fixed_and_uniform() -> None:
    assert (Distribution.fixed(3.0).sample(parameter_rng(0, "a"), 4) == 3.0).all()
    u = Distribution.uniform(2.0, 4.0)
    assert u.mode == 3.0
    draws = u.sample(parameter_rng(0, "b"), 10_000)
    assert draws.min() >= 2.0
    assert draws.max() <= 4.0


def test_same_seed_same_draws_and_streams_independent_by_name() -> None:
    dist = Distribution.triangular(1, 2, 3)
    a = dist.sample(parameter_rng(7, "swu:IR-1"), 100)
    b = dist.sample(parameter_rng(7, "swu:IR-1"), 100)
    c = dist.sample(parameter_rng(7, "swu:IR-6"), 100)
    d = dist.sample(parameter_rng(8, "swu:IR-1"), 100)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    assert not np.array_equal(a, d)


@pytest.mark.parametrize(
    ("low", "mode", "high"), [(2.0, 1.0, 3.0), (1.0, 4.0, 3.0), (float("nan"), 1.0, 2.0)]
)
def test_disordered_distribution_is_rejected(low: float, mode: float, high: float) -> None:
    with pytest.raises(DomainError):
        Distribution.triangular(low, mode, high)


def test_negative_seed_rejected() -> None:
    with pytest.raises(DomainError, match="seed"):
        parameter_rng(-1, "x")


def test_fallback_table_matches_the_reference_rows() -> None:
    # shared/reference/physics/centrifuges.csv: IR-1 0.5/0.75/1.0, IR-2m 3/4/5,
    # IR-4 2.5/3.5/5, IR-6 3.5/4.5/6.8 kg-SWU per machine-year.
    expected = {
        "IR-1": (0.5, 0.75, 1.0),
        "IR-2m": (3.0, 4.0, 5.0),
        "IR-4": (2.5, 3.5, 5.0),
        "IR-6": (3.5, 4.5, 6.8),
    }
    for model, (low, central, high) in expected.items():
        row = FALLBACK_TABLE[model]
        assert (row.low, row.central, row.high) == (low, central, high)
        assert row.source


def test_swu_distribution_is_triangular_with_sources() -> None:
    dist = swu_distribution("ir-6")
    assert dist.kind == "triangular"
    assert dist.low <= dist.mode <= dist.high
    assert "IR-6" in canonical_model("ir-6")
    assert dist.source


def test_unknown_centrifuge_model() -> None:
    with pytest.raises(DomainError, match="known centrifuge model"):
        swu_distribution("IR-99")


def test_quantities() -> None:
    assert Quantity.wgu25().u235_kg == pytest.approx(22.5)
    # IAEA SQ: 25 kg U-235 contained, as 90 % uranium = 27.78 kg U (physics.md section 1).
    assert quantity_named("iaea-sq").mass_kg_u == pytest.approx(27.78, abs=0.005)
    assert quantity_named("iaea-sq").u235_kg == pytest.approx(25.0)
    with pytest.raises(DomainError, match="quantity"):
        quantity_named("bomb")
    with pytest.raises(DomainError):
        Quantity.custom(-1.0, 0.9)
    with pytest.raises(DomainError):
        Quantity.custom(25.0, 1.2)


def test_bad_stock_and_fleet() -> None:
    with pytest.raises(DomainError, match="assay"):
        Stock(0.0, 10.0, "x")
    with pytest.raises(DomainError, match="mass"):
        Stock(0.2, -1.0, "x")
    with pytest.raises(DomainError, match="machines"):
        Fleet("IR-1", -5, swu_distribution("IR-1"))
    with pytest.raises(DomainError, match="machines"):
        Fleet("IR-1", 2.5, swu_distribution("IR-1"))  # type: ignore[arg-type]


def test_bad_assumptions_and_model() -> None:
    with pytest.raises(DomainError, match="effectiveness"):
        Assumptions(effectiveness=Distribution.triangular(0.5, 1.0, 1.5))
    with pytest.raises(DomainError, match="setup_days"):
        Assumptions(setup_days=Distribution.fixed(-1.0))
    with pytest.raises(DomainError, match="model"):
        check_model("cascade-sim")


def test_tails_policy_bands_follow_physics_md() -> None:
    # physics.md 5.4: natural->LEU 0.3-0.5 %, LEU->20 % 0.7-1.5 %, 20->60 % 3.5-10 %,
    # 60->90 % 10-30 %.
    best = TailsPolicy()
    assert best.bounds(0.00711) == (0.003, 0.005)
    assert best.bounds(0.045) == (0.007, 0.015)
    assert best.bounds(0.1975) == (0.035, 0.10)
    assert best.bounds(0.60) == (0.10, 0.30)
    assert TailsPolicy.fixed(0.005).bounds(0.6) == (0.005, 0.005)


def test_the_project_catalogue_is_preferred_when_present() -> None:
    from lockstep.physics import centrifuges as catalogue

    entry = catalogue.centrifuge("IR-6")
    dist = swu_distribution("IR-6")
    assert dist.source.startswith("centrifuge catalogue")
    assert (dist.low, dist.mode, dist.high) == (entry.swu_low, entry.swu_central, entry.swu_high)
