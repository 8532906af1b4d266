"""Sneakout: an undeclared plant that must be built, fed from the unverified stock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import numpy as np
import pytest

from lockstep.assessment.sneakout import assess_sneakout, sneakout_stock
from lockstep.cli.main import run
from lockstep.errors import DataError
from lockstep.physics.breakout import Distribution, swu_distribution
from lockstep.physics.breakout.sneakout import (
    PARAMETERS,
    parse_sneakout,
    sneakout,
    sneakout_parameters,
)
from lockstep.record import state_at


def stock(low: float, mode: float, high: float) -> Distribution:
    return Distribution.triangular(low, mode, high, "test")


def test_ordered_percentiles_and_same_seed() -> None:
    a = sneakout(stock(200, 400, 440), 0.6, swu_distribution("IR-6"), samples=3000, seed=4)
    b = sneakout(stock(200, 400, 440), 0.6, swu_distribution("IR-6"), samples=3000, seed=4)
    f = a.first_quantity_days
    assert 0 < f.p10 <= f.p50 <= f.p90
    np.testing.assert_array_equal(a.first_quantity_samples, b.first_quantity_samples)
    # Building the plant dominates: enrichment of 25 kg from 60 % takes days, not months.
    assert a.enrichment_days.p50 < 20 < a.plant_ready_days.p10
    assert a.quantities_possible.p50 >= 5
    assert a.sensitivity[0][0] == "construction_days"


def test_nothing_physical_lengthens_it() -> None:
    params = sneakout_parameters()
    base = sneakout(stock(200, 400, 440), 0.6, swu_distribution("IR-6"), samples=2000)
    # Faster rotor production and a smaller construction time never lengthen sneakout.
    faster = dict(params.parameters)
    faster["construction_days"] = dataclasses.replace(
        faster["construction_days"], distribution=Distribution.triangular(30, 90, 270, "t")
    )
    quick = sneakout(
        stock(200, 400, 440),
        0.6,
        swu_distribution("IR-6"),
        parameters=dataclasses.replace(params, parameters=faster),
        samples=2000,
    )
    assert np.all(quick.first_quantity_samples <= base.first_quantity_samples + 1e-9)
    # More stock never lengthens it (same draws, larger masses).
    more = sneakout(stock(400, 800, 880), 0.6, swu_distribution("IR-6"), samples=2000)
    assert np.all(more.first_quantity_samples <= base.first_quantity_samples + 1e-9)


def test_unverified_60_percent_stock_is_the_feed_after_june_2025() -> None:
    figure = sneakout_stock(state_at(dt.date(2026, 1, 15)))
    assert figure.band == "up_to_60pct"
    assert figure.status == "unverified"


def test_every_parameter_has_a_range_status_and_sources() -> None:
    body = assess_sneakout(state_at(dt.date(2026, 1, 15)))
    for name in PARAMETERS:
        entry = body["assumptions"][name]
        assert entry["low"] <= entry["mode"] <= entry["high"]
        assert entry["status"] in ("reported", "computed", "assumption")
        assert entry["sources"]
    assert body["assumptions"]["plant_assumed_built"] is False


def test_parameter_file_errors() -> None:
    with pytest.raises(DataError, match="field 'construction_days'"):
        parse_sneakout("centrifuge_model: IR-6\nparameters: {}\n", "s.yaml")


def test_cli_sneakout_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["breakout", "--as-of", "2026-01-15", "--sneakout", "--samples", "2000", "--json"])
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    s = body["sneakout"]
    first = s["first_quantity_days"]
    assert first["p10"] <= first["p50"] <= first["p90"]
    assert s["stock"]["band"] == "up_to_60pct"
    assert set(PARAMETERS) <= set(s["assumptions"])
    # Breakout at declared sites keeps its own answer (unknown without access).
    assert body["status"] == "unknown"


def test_cli_sneakout_needs_one_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["breakout", "--history", "--sneakout"]) == 2
    assert "--sneakout" in capsys.readouterr().err


def test_covert_says_the_plant_is_assumed_built(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        ["breakout", "--as-of", "2024-01-15", "--covert", "500", "--samples", "500", "--json"]
    )
    assert code == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert any("ALREADY BUILT" in n for n in notes)


def test_every_sneakout_key_is_documented() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "breakout.md").read_text(encoding="utf-8")

    def keys(value: object) -> set[str]:
        found: set[str] = set()
        if isinstance(value, dict):
            for key, item in value.items():
                found |= {key} | keys(item)
        elif isinstance(value, list):
            for item in value:
                found |= keys(item)
        return found

    body = assess_sneakout(state_at(dt.date(2026, 1, 15)))
    # Distribution keys (distribution, low, mode, high, source) and tails policy keys are
    # documented with the breakout contract.
    missing = sorted(k for k in keys(body) if f"`{k}`" not in doc)
    assert missing == []


def test_wider_ranges_never_narrow_the_interval() -> None:
    params = sneakout_parameters()

    def spread(low: float, high: float) -> float:
        wide = dict(params.parameters)
        wide["construction_days"] = dataclasses.replace(
            wide["construction_days"], distribution=Distribution.triangular(low, 180, high, "t")
        )
        r = sneakout(
            stock(200, 400, 440),
            0.6,
            swu_distribution("IR-6"),
            parameters=dataclasses.replace(params, parameters=wide),
            samples=5000,
        )
        return r.first_quantity_days.p90 - r.first_quantity_days.p10

    assert spread(60, 540) <= spread(30, 720)
    assert spread(120, 300) <= spread(60, 540)
