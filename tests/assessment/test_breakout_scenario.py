"""Scenario files: the examples, and a clear DataError (file, field) for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lockstep.assessment import assess_scenario, load_scenario, parse_scenario
from lockstep.errors import DataError
from lockstep.physics.breakout import Quantity

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"

BASE = {
    "label": "test",
    "stocks": [{"label": "leu", "assay_pct": 3.67, "mass_kg_u": 202.8}],
    "centrifuges": [{"site": "natanz_fep", "model": "IR-1", "installed": 5060, "enriching": 5060}],
}


def with_(path: str, value: object) -> dict[str, object]:
    """BASE with one entry replaced, ``path`` like ``centrifuges.0.enriching``."""
    data = yaml.safe_load(yaml.safe_dump(BASE))
    target = data
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
    last = parts[-1]
    if last.isdigit() and int(last) == len(target):
        target.append(value)
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


def test_jcpoa_example_is_about_a_year() -> None:
    scenario = load_scenario(EXAMPLES / "jcpoa-limits.yaml")
    assert scenario.label.startswith("JCPOA")
    assessment = assess_scenario(scenario)
    assert assessment.result is not None
    # Same inputs and seed as the physics test: 481.3 days (about 16 months).
    assert assessment.result.first_quantity_days.p50 == pytest.approx(481.3, abs=1.0)
    assert sum(f.machines for f in assessment.result.fleets) == 5060


def test_covert_example() -> None:
    scenario = load_scenario(EXAMPLES / "june-2025-covert.yaml")
    assert scenario.options.quantity == Quantity.iaea_sq()
    assert scenario.options.covert is not None
    assessment = assess_scenario(scenario)
    assert assessment.result is not None
    assert {f.site for f in assessment.result.fleets} == {"covert"}
    # 440.9 kg of 60 % hold about ten IAEA SQs; with 1,000 IR-6 the first needs about
    # two weeks of set-up and a few days of enrichment.
    assert 7 < assessment.result.first_quantity_days.p50 < 45


def test_mass_in_uf6_is_converted_at_the_edge() -> None:
    data = with_("stocks.0", {"label": "leu", "assay_pct": 3.67, "mass_kg_uf6": 300.0})
    scenario = parse_scenario(data)
    # 300 kg UF6 of 3.67 % hold 202.9 kg U (exact molar masses; 202.8 with 0.676).
    assert scenario.stocks[0].mass_kg_u == pytest.approx(202.9, abs=0.2)


def test_assumption_overrides() -> None:
    data = with_(
        "assumptions",
        {
            "quantity": {"mass_kg_u": 42, "assay_pct": 60},
            "tails": {"fixed_pct": 0.5},
            "effectiveness": {"low": 0.6, "mode": 0.7, "high": 0.9},
            "setup_days": 0,
            "natural_uranium": "none",
            "swu_per_machine_year": {"ir-1": {"low": 0.6, "mode": 0.8, "high": 1.0}},
            "model": "batch-recycle",
            "sites": ["natanz"],
        },
    )
    options = parse_scenario(data).options
    assert options.quantity == Quantity.custom(42.0, 0.60)
    assert options.assumptions.tails.fixed_assay == 0.005
    assert options.assumptions.effectiveness.mode == 0.7
    assert options.assumptions.setup_days.is_fixed
    assert not options.assumptions.unlimited_natural
    assert options.swu_overrides["IR-1"].mode == 0.8
    assert options.model == "batch-recycle"
    assert options.site_ids() == ("natanz_fep", "natanz_pfep")


@pytest.mark.parametrize(
    ("path", "value", "field", "message"),
    [
        ("centrifuges.0.enriching", -5, "centrifuges[0].enriching", "greater than or equal"),
        ("centrifuges.0.enriching", 6000, "centrifuges[0]", "cannot exceed installed"),
        ("centrifuges.0.model", "IR-99", "centrifuges[0].model", "unknown centrifuge model"),
        ("centrifuges.0.site", "qom", "centrifuges[0].site", "unknown site"),
        ("stocks.0.assay_pct", 150, "stocks[0].assay_pct", "less than 100"),
        ("stocks.0.assay_pct", 0, "stocks[0].assay_pct", "greater than 0"),
        ("stocks.0.mass_kg_u", -1, "stocks[0].mass_kg_u", "greater than or equal"),
        ("stocks.0.colour", "red", "stocks[0].colour", "Extra inputs"),
        ("assumptions.model", "cascade", "assumptions.model", "swu-budget"),
        ("assumptions.quantity", "bomb", "assumptions.quantity", "wgu25"),
        ("assumptions.machines", "spinning", "assumptions.machines", "enriching"),
        ("assumptions.sites", ["qom"], "assumptions.sites", "site"),
        (
            "assumptions.effectiveness",
            {"low": 0.9, "mode": 0.5, "high": 0.8},
            "assumptions.effectiveness",
            "low <= mode <= high",
        ),
        (
            "assumptions.effectiveness",
            {"low": 0.5, "mode": 1.2, "high": 1.5},
            "assumptions.effectiveness",
            "effectiveness",
        ),
        (
            "assumptions.swu_per_machine_year",
            {"IR-77": 3.0},
            "assumptions.swu_per_machine_year.IR-77",
            "unknown centrifuge model",
        ),
        (
            "assumptions.covert",
            {"model": "IR-6", "machines": 0},
            "assumptions.covert.machines",
            "greater",
        ),
    ],
)
def test_bad_entries_name_the_field(path: str, value: object, field: str, message: str) -> None:
    with pytest.raises(DataError, match=message) as info:
        parse_scenario(with_(path, value), "s.yaml")
    assert info.value.field == field
    assert info.value.file == "s.yaml"


def test_duplicate_stock_labels() -> None:
    data = with_("stocks.1", {"label": "leu", "assay_pct": 20, "mass_kg_u": 1})
    with pytest.raises(DataError, match="duplicate") as info:
        parse_scenario(data, "s.yaml")
    assert info.value.field == "stocks[1]"


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        load_scenario(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("label: x\nstocks: [\n  - {a: 1\n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid YAML") as info:
        load_scenario(broken)
    assert info.value.row is not None
    listed = tmp_path / "list.yaml"
    listed.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(DataError, match="mapping"):
        load_scenario(listed)


def test_a_stock_range_is_sampled_by_the_ensemble() -> None:
    ranged = with_(
        "stocks.0",
        {
            "label": "leu",
            "assay_pct": 3.67,
            "mass_kg_u": 202.8,
            "mass_low_kg_u": 150.0,
            "mass_high_kg_u": 260.0,
        },
    )
    scenario = parse_scenario(ranged)
    assert scenario.stocks[0].mass_low_kg_u == 150.0
    assessment = assess_scenario(scenario)
    assert assessment.result is not None
    entry = next(e for e in assessment.result.sensitivity if e.input == "stock:leu")
    assert (entry.low, entry.high) == (150.0, 260.0)


def test_a_stock_range_must_hold_the_mass() -> None:
    bad = with_(
        "stocks.0", {"label": "leu", "assay_pct": 3.67, "mass_kg_u": 202.8, "mass_low_kg_u": 300.0}
    )
    with pytest.raises(DataError, match=r"stocks\[0\]\.mass_low_kg_u"):
        parse_scenario(bad)
