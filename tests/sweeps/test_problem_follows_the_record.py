"""A sweep plans the record in use: additions to the user's database change its problem.

A long-running server (the web frontier) keeps the sweeps' planning problems cached;
after ``lockstep record add`` (in this process, or in another one writing the same
SQLite file) the next plan must start from the record with the addition.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from lockstep.record import add_file, clear_cache
from lockstep.record.rows import OBSERVATION_COLUMNS
from lockstep.store import Store
from lockstep.sweeps.solve import _problem

DAY = dt.date(2026, 6, 30)


def _row(**changes: str) -> dict[str, str]:
    # A made-up later IAEA figure for the 60 % band (packaged: 440.9 kg U, GOV/2025/50).
    row = {
        "id": "2026-05-20.stock.up_to_60pct",
        "as_of": "2026-05-20",
        "report": "GOV/2026/99",
        "report_date": "2026-05-28",
        "quantity": "enriched_uranium_stock",
        "band": "up_to_60pct",
        "value": "100.5",
        "unit": "kg_u",
        "status": "estimated",
        "confidence": "medium",
        "source": "GOV/2026/99 para 1 (test)",
        "url": "https://example.org/report",
        "note": "test row",
    }
    return {column: changes.get(column, row.get(column, "")) for column in OBSERVATION_COLUMNS}


def _stock_60(as_of: dt.date = DAY) -> float:
    stocks = dict(_problem(None, as_of, "us", False).initial.stocks)
    return stocks[0.6]


@pytest.fixture
def user_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'user.db'}"
    monkeypatch.setenv("LOCKSTEP_DB", url)
    clear_cache()
    return url


def test_the_problem_is_reused_while_the_record_is_unchanged(user_db: str) -> None:
    assert _problem(None, DAY, "us", False) is _problem(None, DAY, "us", False)
    assert _stock_60() == 440.9


def test_rows_stored_by_another_process_change_the_problem(user_db: str) -> None:
    assert _stock_60() == 440.9
    # Another process writes straight to the store (no clear_cache in this process).
    row = _row()
    Store(user_db).add_batch("record.observations", [(row["id"], row)], label="other")
    assert _stock_60() == 100.5


def test_record_add_changes_the_problem(user_db: str, tmp_path: Path) -> None:
    assert _stock_60() == 440.9
    path = tmp_path / "new.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(OBSERVATION_COLUMNS))
        writer.writeheader()
        writer.writerow(_row(value="212.0"))
    add_file(path)
    assert _stock_60() == 212.0
    # A date before the addition plans the same state as before.
    assert _stock_60(dt.date(2025, 9, 1)) == 440.9
