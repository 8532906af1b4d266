"""Saved scenarios and plans, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from lockstep.errors import DataError
from lockstep.store import Store


def test_save_list_get_delete(db_url: str) -> None:
    store = Store(db_url)
    first = store.save_item(
        "plan", "sync tau 50", {"strategy": "sync", "tau": 50}, {"t_full_days": 51}
    )
    second = store.save_item("scenario", "Fordow only", {"site": "fordow"}, {"p50": 12.5})
    assert [i.name for i in store.saved_items()] == ["Fordow only", "sync tau 50"]
    plans = store.saved_items("plan")
    assert [i.id for i in plans] == [first]
    item = store.saved_item(second)
    assert item.parameters == {"site": "fordow"}
    assert item.results == {"p50": 12.5}
    assert item.created_at.tzinfo is not None
    assert abs(item.created_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    store.delete_item(first)
    assert store.saved_items("plan") == []
    with pytest.raises(DataError, match="no saved item"):
        store.delete_item(first)


def test_duplicate_or_empty_name_writes_nothing(db_url: str) -> None:
    store = Store(db_url)
    store.save_item("plan", "a", {}, {})
    with pytest.raises(DataError, match="already saved"):
        store.save_item("plan", " a ", {"x": 1}, {})
    with pytest.raises(DataError, match="name of 1 to 200"):
        store.save_item("plan", "  ", {}, {})
    assert len(store.saved_items()) == 1
    # The same name is fine for another kind.
    store.save_item("scenario", "a", {}, {})


def test_postgres_url_without_driver_name_uses_psycopg() -> None:
    from lockstep.store import resolve_url

    assert resolve_url("postgresql://u@127.0.0.1:5432/db") == (
        "postgresql+psycopg://u@127.0.0.1:5432/db"
    )
