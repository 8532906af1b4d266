"""``record add`` stores atomically; additions show up everywhere the record is read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lockstep.errors import DataError
from lockstep.record import (
    add_file,
    clear_cache,
    list_batches,
    load_record,
    remove_batch,
    state_at,
    validate_file,
)
from lockstep.store import Store

WriteCsv = Callable[..., Path]
Row = Callable[..., dict[str, str]]


def _stored_rows(url: str) -> int:
    store = Store(url)
    return len(store.rows("record.observations")) + len(store.rows("record.events"))


def test_validate_stores_nothing(write_csv: WriteCsv, obs: Row, user_db: str) -> None:
    checked = validate_file(write_csv([obs()]))
    assert checked.batch_id is None
    assert checked.db == user_db
    assert list_batches() == []
    assert not Path(user_db.removeprefix("sqlite:///")).exists()


def test_file_with_one_bad_row_stores_nothing(write_csv: WriteCsv, obs: Row, user_db: str) -> None:
    good = [obs(id=f"r{i}", as_of=f"2026-05-{i + 10:02d}") for i in range(5)]
    bad = obs(id="bad", as_of="2026-05-16", value="-5")
    path = write_csv([*good, bad, obs(id="after", as_of="2026-05-17")])
    with pytest.raises(DataError, match="expected a mass >= 0") as info:
        add_file(path)
    assert (info.value.row, info.value.field) == (6, "value")
    assert list_batches() == []
    Store(user_db)  # open (creates the schema) to count
    assert _stored_rows(user_db) == 0
    assert (
        load_record()
        .latest("enriched_uranium_stock", state_at("2026-06-30").as_of, band="total")
        .id
        == "2025-06-13.stock.total"
    )  # type: ignore[union-attr]


def test_added_report_is_visible_through_state_at(write_csv: WriteCsv, obs: Row) -> None:
    before = state_at("2026-06-30")
    assert before.total_enriched_kg_u == 9874.9
    rows = [
        obs(),
        obs(id="2026-05-20.stock.up_to_60pct", band="up_to_60pct", value="200"),
        obs(
            id="2026-05-20.monitoring",
            quantity="monitoring_level",
            band="",
            value="csa_only",
            unit="category",
        ),
    ]
    checked = add_file(write_csv(rows))
    assert checked.batch_id == 1
    after = state_at("2026-06-30")
    assert after.total_enriched_kg_u == 1000.5
    assert after.report == "GOV/2026/99"
    assert after.total_figure is not None
    assert after.total_figure.status == "estimated"
    assert after.total_figure.age_days == 41
    assert after.stocks[3].mass_kg_u == 200.0
    assert after.monitoring == "csa_only"
    assert after.verified
    assert load_record().get("2026-05-20.stock.total").origin == "user:1"  # type: ignore[union-attr]
    # The packaged-only record is unchanged.
    assert state_at("2026-06-30", load_record(include_user=False)).total_enriched_kg_u == 9874.9


def test_added_event_changes_sanctions_in_force(write_csv: WriteCsv, event: Row) -> None:
    assert "us_secondary_oil_sanctions" in state_at("2026-07-02").sanctions_in_force
    add_file(write_csv([event()]))
    assert "us_secondary_oil_sanctions" not in state_at("2026-07-02").sanctions_in_force
    assert "us_secondary_oil_sanctions" in state_at("2026-06-30").sanctions_in_force
    (added,) = load_record().events_between(
        party="us", measure="us_secondary_oil_sanctions", start=state_at("2026-07-01").as_of
    )
    assert added.id == "2026-07-01.us.test-waiver"


def test_correction_supersedes_a_packaged_row(write_csv: WriteCsv, obs: Row) -> None:
    fix = obs(
        id="fix-2025-02-08-20pct",
        as_of="2025-02-08",
        report="GOV/2025/8",
        band="up_to_20pct",
        value="600",
        report_date="2025-02-26",
        supersedes="2025-02-08.stock.up_to_20pct",
    )
    add_file(write_csv([fix]))
    state = state_at("2025-03-01")
    assert state.stocks[2].mass_kg_u == 600.0
    assert state.stocks[2].observation_id == "fix-2025-02-08-20pct"
    assert load_record().get("2025-02-08.stock.up_to_20pct") is None


def test_duplicate_of_a_stored_row_is_refused(write_csv: WriteCsv, obs: Row) -> None:
    add_file(write_csv([obs()], "first.csv"))
    with pytest.raises(DataError, match="duplicate id") as info:
        add_file(write_csv([obs(as_of="2026-05-21")], "second.csv"))
    assert "batch 1: first.csv" in str(info.value)
    assert len(list_batches()) == 1


def test_remove_batch(write_csv: WriteCsv, obs: Row) -> None:
    add_file(write_csv([obs()]))
    (batch,) = list_batches()
    assert (batch.id, batch.label, batch.row_count) == (1, "new.csv", 1)
    assert remove_batch(1) == 1
    assert state_at("2026-06-30").total_enriched_kg_u == 9874.9
    with pytest.raises(DataError, match="no batch 1"):
        remove_batch(1)


def test_load_record_is_cached_per_url(write_csv: WriteCsv, obs: Row, tmp_path: Path) -> None:
    first = load_record()
    assert load_record() is first
    other = load_record(db=f"sqlite:///{tmp_path / 'other.db'}")
    assert other is not first
    add_file(write_csv([obs()]))
    assert load_record() is not first  # add_file cleared the cache
    clear_cache()


def test_explicit_db_argument(write_csv: WriteCsv, obs: Row, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'explicit.db'}"
    add_file(write_csv([obs()]), db=url)
    assert state_at("2026-06-30", load_record(db=url)).total_enriched_kg_u == 1000.5
    assert state_at("2026-06-30").total_enriched_kg_u == 9874.9


def test_rows_stored_by_another_process_are_seen(obs: Row, user_db: str) -> None:
    before = load_record()
    assert before.get("2026-05-20.stock.total") is None
    # Another process writes straight to the store (no clear_cache in this process).
    Store(user_db).add_batch("record.observations", [(obs()["id"], obs())], label="other")
    after = load_record()
    assert after.get("2026-05-20.stock.total") is not None


def test_note_after_loss_of_access_respects_a_later_figure(write_csv: WriteCsv, obs: Row) -> None:
    # GOOD_OBSERVATION is dated 2026-05-20, after the loss of access of 13 Jun 2025.
    add_file(write_csv([obs(status="declared")]))
    state = state_at("2026-06-01")
    assert state.total_figure is not None
    assert state.total_figure.status == "declared"
    access = [n for n in state.notes if n.startswith("No IAEA access since")]
    assert access
    assert "came after it" in access[0]
    assert "the figures are the last known ones" not in access[0]
