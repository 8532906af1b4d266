"""docs/nomenclature.md names every public field of the shared record, finding and plan types.

A field added to one of these types without a row (or a mention in the types table) in
its area's section of the nomenclature fails here: the name is shared between modules,
files and interfaces, so it must be documented with its unit.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from lockstep.agreement import Obligation
from lockstep.assessment import BreakoutOptions
from lockstep.compliance.model import (
    Evidence,
    Finding,
    Interval,
    LastKnown,
    PartySummary,
    ReadingOutcome,
)
from lockstep.physics.breakout import (
    Assumptions,
    BreakoutResult,
    Distribution,
    Fleet,
    Quantity,
    SensitivityEntry,
    StepResult,
    Stock,
)
from lockstep.record.model import (
    CentrifugeFigure,
    Event,
    Observation,
    ProgramState,
    Source,
    StockFigure,
)
from lockstep.roadmap.no_return import RestorableBreakout
from lockstep.roadmap.plan import Metrics

DOC = (Path(__file__).parents[1] / "docs" / "nomenclature.md").read_text(encoding="utf-8")

#: Section of the nomenclature (its "## " heading starts with this) for each type.
SECTIONS: dict[type, str] = {
    ProgramState: "The record",
    StockFigure: "The record",
    CentrifugeFigure: "The record",
    Observation: "The record",
    Event: "The record",
    Source: "The record",
    Obligation: "The agreement",
    Finding: "Compliance",
    Evidence: "Compliance",
    ReadingOutcome: "Compliance",
    LastKnown: "Compliance",
    Interval: "Compliance",
    PartySummary: "Compliance",
    Stock: "Breakout",
    Fleet: "Breakout",
    Quantity: "Breakout",
    Assumptions: "Breakout",
    Distribution: "Breakout",
    StepResult: "Breakout",
    SensitivityEntry: "Breakout",
    BreakoutResult: "Breakout",
    BreakoutOptions: "Breakout",
    Metrics: "The roadmap",
    RestorableBreakout: "The roadmap",
}


def section(title: str, doc: str = DOC) -> str:
    """The text of the ``## `` section whose heading starts with ``title``."""
    parts = re.split(r"^## ", doc, flags=re.MULTILINE)
    found = [p for p in parts[1:] if p.startswith(title)]
    assert len(found) == 1, f"docs/nomenclature.md has no single '## {title}' section"
    return found[0]


def public_fields(cls: type) -> list[str]:
    """Public field names of a dataclass or pydantic model."""
    if dataclasses.is_dataclass(cls):
        names = [f.name for f in dataclasses.fields(cls)]
    else:
        names = list(cls.model_fields)  # type: ignore[attr-defined]
    return [n for n in names if not n.startswith("_")]


def undocumented(cls: type, doc: str = DOC) -> list[str]:
    """Fields of ``cls`` not written as `name` in its section of ``doc``."""
    text = section(SECTIONS[cls], doc)
    return [n for n in public_fields(cls) if f"`{n}`" not in text]


@pytest.mark.parametrize("cls", list(SECTIONS), ids=lambda c: c.__name__)
def test_every_public_field_is_documented(cls: type) -> None:
    assert not undocumented(cls), (
        f"{cls.__name__} fields missing from the '{SECTIONS[cls]}' section of "
        "docs/nomenclature.md (add a row with meaning and unit)"
    )


def test_the_four_contract_types_are_covered() -> None:
    # The types every consumer of the record and of compliance reads.
    for cls in (ProgramState, StockFigure, CentrifugeFigure, Finding):
        assert len(public_fields(cls)) >= 10
        assert cls in SECTIONS


def test_a_missing_name_is_detected() -> None:
    # The check reads the right section: a name documented only elsewhere is missing.
    record = section("The record")
    assert "`total_enriched_kg_u`" in record
    without = DOC.replace("`total_enriched_kg_u`", "`total_enriched`")
    assert undocumented(ProgramState, without) == ["total_enriched_kg_u"]
    # `observed_bound` is a compliance field, not a record one.
    assert "`observed_bound`" not in record
    assert "observed_bound" in public_fields(Finding)


def test_types_table_lists_fields_in_declaration_order() -> None:
    # The "Types" rows of the record section are the dataclasses' field lists, in order.
    record = section("The record")
    for cls in (ProgramState, StockFigure, CentrifugeFigure, Observation, Event):
        row = next(line for line in record.splitlines() if line.startswith(f"| `{cls.__name__}` |"))
        listed = re.findall(r"`([a-z_]+)`", row.split("|")[2])
        assert listed == public_fields(cls), cls.__name__
