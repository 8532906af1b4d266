"""Record tests: an isolated user database per test, and helpers to write CSV files."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from lockstep.record import clear_cache
from lockstep.record.rows import EVENT_COLUMNS, OBSERVATION_COLUMNS


@pytest.fixture(autouse=True)
def user_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point LOCKSTEP_DB at a fresh SQLite file (never the real user data directory)."""
    url = f"sqlite:///{tmp_path / 'user.db'}"
    monkeypatch.setenv("LOCKSTEP_DB", url)
    clear_cache()
    yield url
    clear_cache()


#: A valid new observation (a made-up later IAEA report), to be varied by tests.
GOOD_OBSERVATION: dict[str, str] = {
    "id": "2026-05-20.stock.total",
    "as_of": "2026-05-20",
    "report": "GOV/2026/99",
    "report_date": "2026-05-28",
    "quantity": "enriched_uranium_stock",
    "band": "total",
    "value": "1000.5",
    "unit": "kg_u",
    "status": "estimated",
    "confidence": "medium",
    "source": "GOV/2026/99 para 1 (test)",
    "url": "https://example.org/report",
    "note": "test row",
}

GOOD_EVENT: dict[str, str] = {
    "id": "2026-07-01.us.test-waiver",
    "date": "2026-07-01",
    "parties": "us",
    "kind": "resumes",
    "description": "Test: oil sanctions waived again.",
    "obligation_ids_affected": "us_cease_nuclear_sanctions",
    "measure": "us_secondary_oil_sanctions",
    "effect": "waived",
    "source": "test document",
    "confidence": "low",
}

WriteCsv = Callable[..., Path]


@pytest.fixture
def obs() -> Callable[..., dict[str, str]]:
    """A valid new observation row, with changes."""
    return lambda **changes: {**GOOD_OBSERVATION, **changes}


@pytest.fixture
def event() -> Callable[..., dict[str, str]]:
    """A valid new event row, with changes."""
    return lambda **changes: {**GOOD_EVENT, **changes}


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write rows to ``tmp_path/name`` with the full column set of their kind."""

    def write(rows: Sequence[Mapping[str, str]], name: str = "new.csv") -> Path:
        columns = OBSERVATION_COLUMNS if "quantity" in rows[0] else EVENT_COLUMNS
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns))
            writer.writeheader()
            for row in rows:
                writer.writerow(dict(row))
        return path

    return write
