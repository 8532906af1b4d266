"""Catalogue loading: the packaged catalogues, and clear errors for bad input."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from lockstep.errors import DataError
from lockstep.roadmap import build_problem, default_catalogue, load_catalogue, worked_example
from lockstep.roadmap.catalogue import LENSES, data_file
from lockstep.roadmap.catalogue_checks import required_provenance
from lockstep.roadmap.catalogue_file import catalogue_from_dict
from lockstep.roadmap.target import load_target


@pytest.fixture(scope="module")
def worked_dict() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(data_file("worked_example.yaml").read_text("utf-8"))
    return data


def _measure(data: dict[str, Any], mid: str) -> dict[str, Any]:
    return next(m for m in data["measures"] if m["id"] == mid)


def test_default_catalogue_is_complete() -> None:
    cat = default_catalogue()
    assert len(cat.measures) >= 40
    parties = {m.party for m in cat.measures}
    assert parties == {"IR", "US", "EU", "E3", "UNSC"}
    for lens in LENSES:
        for side in ("nuclear", "relief"):
            assert sum(m.value[lens] for m in cat.measures if m.side == side) == 100
    # Every number is sourced or a judgement with a reason (the loader enforces it).
    for m in cat.measures:
        for key in required_provenance(m):
            prov = m.provenance[key]
            assert prov.source or (prov.judgement and prov.reason)
    assert sum(1 for m in cat.measures if m.baseline) == 1
    assert cat.spec.initial_state.as_of is not None
    # The stock of the last IAEA estimate before the strikes (GOV/2025/50).
    stocks = {s.assay: s.mass_kg_u for s in cat.spec.initial_state.stocks}
    assert stocks[0.60] == pytest.approx(440.9)


def test_default_catalogue_links_to_target_obligations() -> None:
    cat = default_catalogue()
    target = load_target(cat.spec.target)
    for m in cat.measures:
        assert m.obligation in target.obligation_ids, m.id
        assert target.obligation(m.obligation).party in (m.party, "US")


def test_default_catalogue_reaches_the_target() -> None:
    from lockstep.roadmap import make_plan

    plan = make_plan(build_problem(default_catalogue()), "sync")
    assert plan.metrics is not None
    assert plan.metrics.end_state_violations == ()
    # 202.8 kg U at 3.67 % and 5,060 IR-1 on the breakout engine with lockstep breakout's
    # defaults: within 10 % of the engine's P50 (476 vs 481 days with swu-budget).
    from lockstep.assessment import assess_inputs
    from lockstep.physics.breakout import Fleet, Stock, swu_distribution

    assessed = assess_inputs(
        [Stock(0.0367, 202.8)], [Fleet("IR-1", 5060, swu_distribution("IR-1"))]
    )
    assert assessed.result is not None
    p50 = assessed.result.first_quantity_days.p50
    assert plan.metrics.breakout_end_days == pytest.approx(p50, rel=0.10)


def test_worked_example_loads_by_path(tmp_path: Path) -> None:
    path = tmp_path / "we.yaml"
    path.write_text(data_file("worked_example.yaml").read_text("utf-8"), encoding="utf-8")
    cat = load_catalogue(path)
    assert [m.id for m in cat.measures] == [m.id for m in worked_example().measures]


def _error(data: dict[str, Any]) -> DataError:
    with pytest.raises(DataError) as info:
        catalogue_from_dict(data, source="bad.yaml")
    return info.value


def test_cycle_in_prerequisites(worked_dict: dict[str, Any]) -> None:
    data = copy.deepcopy(worked_dict)
    _measure(data, "I1")["prerequisites"] = [{"measure": "I2b"}]
    err = _error(data)
    assert err.field == "prerequisites"
    assert "cycle" in str(err)
    assert "I1" in str(err)
    assert "I2a" in str(err)


def test_unknown_measure(worked_dict: dict[str, Any]) -> None:
    data = copy.deepcopy(worked_dict)
    _measure(data, "U2b")["prerequisites"] = [{"measure": "U9"}]
    err = _error(data)
    assert "measure 'U2b'" in str(err)
    assert "unknown measure 'U9'" in str(err)
    assert err.field == "prerequisites"


def test_unknown_party(worked_dict: dict[str, Any]) -> None:
    data = copy.deepcopy(worked_dict)
    _measure(data, "U1")["party"] = "UK"
    err = _error(data)
    assert "measure 'U1'" in str(err)
    assert "unknown party 'UK'" in str(err)
    assert err.field == "party"


def test_negative_duration(worked_dict: dict[str, Any]) -> None:
    data = copy.deepcopy(worked_dict)
    _measure(data, "U3")["duration_days"] = -3
    err = _error(data)
    assert "measure 'U3'" in str(err)
    assert "negative duration" in str(err)
    assert err.field == "duration_days"


def test_values_must_sum_to_100_per_lens(worked_dict: dict[str, Any]) -> None:
    data = copy.deepcopy(worked_dict)
    _measure(data, "U3")["value"] = {"us": 60, "iran": 55}
    err = _error(data)
    assert "relief side" in str(err)
    assert "'iran' lens sum to 95" in str(err)


def test_missing_lens_value(worked_dict: dict[str, Any]) -> None:
    data = copy.deepcopy(worked_dict)
    _measure(data, "I1")["value"] = {"us": 20}
    err = _error(data)
    assert "measure 'I1'" in str(err)
    assert err.field == "value"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"release_day": 500}, "after the catalogue's horizon"),
        ({"release_day": 35, "deadline_day": 30}, "after the deadline"),
        ({"release_date": "2024-01-01"}, "before day 0"),
        ({"release_date": "2026-01-01", "_no_day0": True}, "needs the catalogue's day0"),
    ],
)
def test_impossible_release_date(
    worked_dict: dict[str, Any], change: dict[str, Any], expected: str
) -> None:
    data = copy.deepcopy(worked_dict)
    no_day0 = change.pop("_no_day0", False)
    if not no_day0:
        data["day0"] = "2025-01-01"
    _measure(data, "U3").update(change)
    err = _error(data)
    assert "measure 'U3'" in str(err)
    assert "release" in (err.field or "")
    assert expected in str(err)


def test_missing_provenance_is_refused() -> None:
    data: dict[str, Any] = yaml.safe_load(data_file("default.yaml").read_text("utf-8"))
    del _measure(data, "US-FUNDS-A")["provenance"]["duration"]
    err = _error(data)
    assert "measure 'US-FUNDS-A'" in str(err)
    assert err.field == "provenance.duration"


def test_unknown_field_names_the_measure(worked_dict: dict[str, Any]) -> None:
    data = copy.deepcopy(worked_dict)
    _measure(data, "I3")["colour"] = "red"
    err = _error(data)
    assert "measure 'I3'" in str(err)
    assert err.field == "colour"


def test_error_carries_file_and_line(tmp_path: Path) -> None:
    text = data_file("worked_example.yaml").read_text("utf-8")
    text = text.replace("rate_per_day: 100", "rate_per_day: -100")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_catalogue(path)
    err = info.value
    assert err.file == str(path)
    assert err.row is not None
    assert "rate_per_day: -100" in text.splitlines()[err.row - 1]
    assert "measure 'I3'" in str(err)


def test_not_yaml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text("measures: [\n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid YAML"):
        load_catalogue(bad)
    with pytest.raises(DataError, match="file not found"):
        load_catalogue(tmp_path / "missing.yaml")


def test_obligation_must_exist_in_target(worked_dict: dict[str, Any]) -> None:
    data = copy.deepcopy(worked_dict)
    _measure(data, "I1")["obligation"] = "no_such_obligation"
    cat = catalogue_from_dict(data, source="bad.yaml")
    with pytest.raises(DataError, match="no_such_obligation"):
        build_problem(cat)


def test_escrow_must_cross_sides(worked_dict: dict[str, Any]) -> None:
    data = copy.deepcopy(worked_dict)
    _measure(data, "U1")["escrow"] = ["U2a"]
    err = _error(data)
    assert err.field == "escrow"
