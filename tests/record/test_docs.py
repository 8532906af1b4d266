"""docs/data.md documents every JSON key, column, quantity and measure the record uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from lockstep.record import load_record, state_at, state_to_dict, vocabulary
from lockstep.record.export import EVENT_FIELDS, OBSERVATION_FIELDS
from lockstep.record.rows import EVENT_COLUMNS, OBSERVATION_COLUMNS

DOC = (Path(__file__).parents[2] / "docs" / "data.md").read_text(encoding="utf-8")


def _documented(name: str) -> bool:
    return f"`{name}`" in DOC or f"{name}," in DOC or f", {name}" in DOC


def test_state_json_keys_are_documented() -> None:
    payload = state_to_dict(state_at("2025-06-13", load_record(include_user=False)))
    keys = set(payload) | set(payload["stocks"][0]) | set(payload["centrifuges"][0])
    missing = sorted(k for k in keys if not _documented(k))
    assert not missing


@pytest.mark.parametrize(
    "names", [OBSERVATION_COLUMNS, EVENT_COLUMNS, OBSERVATION_FIELDS, EVENT_FIELDS]
)
def test_columns_and_list_keys_are_documented(names: tuple[str, ...]) -> None:
    assert not [n for n in names if not _documented(n)]


def test_vocabulary_is_documented() -> None:
    vocab = vocabulary()
    names = [*vocab.quantities, *vocab.measures, *vocab.effects, *vocab.kinds, *vocab.units]
    for values in vocab.qualifier_values.values():
        names += values
    assert not [n for n in names if not _documented(n)]
