"""Unit tests of the centrifuge catalogue and its validation."""

from __future__ import annotations

import pytest

from lockstep.errors import DataError
from lockstep.physics import Centrifuge, catalogue, centrifuge
from lockstep.physics.centrifuges import parse_catalogue

HEADER = (
    "model,description,swu_low,swu_central,swu_high,basis,claimed,notes,changes,sources,confidence"
)


def row(**overrides: str) -> str:
    fields = {
        "model": "X-1",
        "description": "test",
        "swu_low": "1",
        "swu_central": "2",
        "swu_high": "3",
        "basis": "assessed",
        "claimed": "",
        "notes": "",
        "changes": "",
        "sources": "https://example.org/a ; GOV/2015/50 para 3",
        "confidence": "low",
    }
    fields.update(overrides)
    return ",".join(fields[c] for c in HEADER.split(","))


def test_packaged_catalogue_is_valid_and_sourced() -> None:
    entries = catalogue()
    assert len(entries) >= 10
    for c in entries:
        assert 0 < c.swu_low <= c.swu_central <= c.swu_high
        assert c.sources
        assert c.confidence in ("high", "medium", "low")
    assert catalogue() is catalogue()  # cached


def test_ir1_range_and_lookup() -> None:
    ir1 = centrifuge("IR-1")
    assert isinstance(ir1, Centrifuge)
    # shared/reference/physics/centrifuges.csv: 0.5 / 0.75 / 1.0, operational.
    assert (ir1.swu_low, ir1.swu_central, ir1.swu_high) == (0.5, 0.75, 1.0)
    assert ir1.confidence == "high"


def test_unknown_model_lists_known_ones() -> None:
    with pytest.raises(DataError, match=r"unknown centrifuge model 'IR-7'.*IR-1, IR-2m"):
        centrifuge("IR-7")


def test_parse_splits_sources() -> None:
    (entry,) = parse_catalogue(HEADER + "\n" + row() + "\n")
    assert entry.sources == ("https://example.org/a", "GOV/2015/50 para 3")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"swu_low": "abc"}, "swu_low", "expected a number"),
        ({"swu_central": "-1"}, "swu_central", "positive"),
        ({"swu_low": "2.5"}, "swu_central", "swu_low <= swu_central"),
        ({"swu_high": "1.5"}, "swu_high", "swu_central <= swu_high"),
        ({"sources": ""}, "sources", "source"),
        ({"confidence": "certain"}, "confidence", "high, medium, low"),
        ({"model": ""}, "model", "empty"),
        ({"basis": ""}, "basis", "basis"),
    ],
)
def test_validation_names_row_and_field(
    overrides: dict[str, str], field: str, message: str
) -> None:
    text = "\n".join([HEADER, row(model="Y-1"), row(**overrides)]) + "\n"
    with pytest.raises(DataError, match=message) as info:
        parse_catalogue(text, file="test.csv")
    assert info.value.row == 2
    assert info.value.field == field
    assert info.value.file == "test.csv"
    assert "test.csv, row 2, field" in str(info.value)


def test_duplicate_model_and_missing_column() -> None:
    with pytest.raises(DataError, match="twice"):
        parse_catalogue("\n".join([HEADER, row(), row()]))
    with pytest.raises(DataError, match="missing column"):
        parse_catalogue("model,swu_low\nX,1\n")
    with pytest.raises(DataError, match="no rows"):
        parse_catalogue(HEADER + "\n")
