"""The generic store: migrations, atomic batches, removal, URL resolution."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, inspect, text

from lockstep.errors import DataError
from lockstep.store import (
    MIGRATIONS,
    Migration,
    Store,
    current_version,
    database_exists,
    default_url,
    resolve_url,
)
from lockstep.store.database import engine_for


def test_new_database_is_migrated_to_the_latest_version(db_url: str) -> None:
    store = Store(db_url)
    assert store.version == max(m.version for m in MIGRATIONS)
    tables = set(inspect(engine_for(db_url)).get_table_names())
    assert {"schema_migrations", "batches", "rows"} <= tables
    # Opening again applies nothing new.
    assert Store(db_url).version == store.version
    assert current_version(engine_for(db_url)) == store.version


def test_a_later_migration_is_applied_once(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(db_url)
    calls: list[int] = []

    def upgrade(connection: Connection) -> None:
        calls.append(1)
        connection.execute(text("CREATE TABLE saved_plans (id INTEGER PRIMARY KEY)"))

    monkeypatch.setattr(
        "lockstep.store.migrations.MIGRATIONS", [*MIGRATIONS, Migration(99, "plans", upgrade)]
    )
    assert Store(db_url).version == 99
    assert Store(db_url).version == 99
    assert calls == [1]
    assert "saved_plans" in inspect(engine_for(db_url)).get_table_names()


def test_batch_round_trip_keeps_order_and_payload(db_url: str) -> None:
    store = Store(db_url)
    batch = store.add_batch(
        "things", [("b", {"x": "1"}), ("a", {"x": "2", "y": "é"})], label="f.csv", source="/f.csv"
    )
    rows = store.rows("things")
    assert [(r.key, r.position, r.payload) for r in rows] == [
        ("b", 1, {"x": "1"}),
        ("a", 2, {"x": "2", "y": "é"}),
    ]
    assert all(r.batch_id == batch for r in rows)
    (info,) = store.batches("things")
    assert (info.id, info.label, info.source, info.row_count) == (batch, "f.csv", "/f.csv", 2)
    assert store.rows("other") == []


def test_duplicate_key_in_batch_stores_nothing(db_url: str) -> None:
    store = Store(db_url)
    with pytest.raises(DataError, match="duplicate key 'a'") as info:
        store.add_batch("things", [("a", {}), ("b", {}), ("a", {})], label="f")
    assert info.value.row == 3
    assert store.rows("things") == []
    assert store.batches() == []


def test_key_already_stored_stores_nothing(db_url: str) -> None:
    store = Store(db_url)
    store.add_batch("things", [("a", {})], label="first")
    with pytest.raises(DataError, match="already stored") as info:
        store.add_batch("things", [("new", {}), ("a", {})], label="second")
    assert (info.value.row, info.value.field) == (2, "id")
    assert [r.key for r in store.rows("things")] == ["a"]
    assert len(store.batches()) == 1
    # The same key in another collection is fine.
    store.add_batch("others", [("a", {})], label="third")


def test_remove_batch(db_url: str) -> None:
    store = Store(db_url)
    first = store.add_batch("things", [("a", {}), ("b", {})], label="1")
    store.add_batch("things", [("c", {})], label="2")
    assert store.revision() == (2, 3)
    assert store.remove_batch(first) == 2
    assert [r.key for r in store.rows("things")] == ["c"]
    with pytest.raises(DataError, match="no batch 1"):
        store.remove_batch(first)


def test_default_url_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCKSTEP_DB", "sqlite:////tmp/elsewhere.db")
    assert default_url() == "sqlite:////tmp/elsewhere.db"
    assert resolve_url(None) == "sqlite:////tmp/elsewhere.db"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
    monkeypatch.delenv("LOCKSTEP_DB")
    assert default_url().startswith("sqlite:///")
    assert default_url().endswith("lockstep.db")


def test_bad_url_is_a_data_error() -> None:
    with pytest.raises(DataError, match="not a database URL"):
        resolve_url("no such thing")


def test_reading_never_creates_a_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'x.db'}"
    assert not database_exists(url)
    assert not (tmp_path / "sub").exists()
    Store(url)
    assert database_exists(url)
    assert database_exists("sqlite://")
