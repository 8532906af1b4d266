"""The user's local store: batches of generic rows, written atomically."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from lockstep.errors import ConflictError, DataError, NotFoundError
from lockstep.store import schema
from lockstep.store.database import engine_for, resolve_url
from lockstep.store.migrations import migrate


@dataclass(frozen=True)
class StoredRow:
    """One stored row.

    Attributes
    ----------
    batch_id
        The batch it was written with.
    key
        Its key, unique within the collection.
    position
        1-based position within its batch (the data row of the file it came from).
    payload
        The row's fields.
    """

    batch_id: int
    key: str
    position: int
    payload: dict[str, str]


@dataclass(frozen=True)
class Batch:
    """Rows written together.

    Attributes
    ----------
    id
        Batch number.
    collection
        Collection the rows belong to.
    label
        What the batch is (e.g. the file name).
    source
        Where the rows came from (e.g. the file's path).
    created_at
        When the batch was written (UTC).
    row_count
        Number of rows.
    """

    id: int
    collection: str
    label: str
    source: str
    created_at: dt.datetime
    row_count: int


@dataclass(frozen=True)
class SavedItem:
    """A saved scenario or plan.

    Attributes
    ----------
    id
        Database id.
    kind
        ``scenario`` or ``plan`` (any short name a caller uses).
    name
        Name given by the user, unique within its kind.
    parameters
        What was asked (a JSON object).
    results
        What came out (a JSON object).
    created_at
        When it was saved (UTC).
    """

    id: int
    kind: str
    name: str
    parameters: dict[str, Any]
    results: dict[str, Any]
    created_at: dt.datetime


class Store:
    """A database of generic rows (SQLite by default, any SQLAlchemy URL).

    Parameters
    ----------
    url
        SQLAlchemy URL; ``None`` uses ``$LOCKSTEP_DB`` or the user-data SQLite file.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_url(url)
        self._engine = engine_for(self.url)
        try:
            self.version = migrate(self._engine)
        except SQLAlchemyError as exc:
            raise DataError(
                f"cannot open the database: {exc.__class__.__name__}: {exc}", file=self.url
            ) from exc

    def add_batch(
        self,
        collection: str,
        rows: Sequence[tuple[str, Mapping[str, str]]],
        *,
        label: str,
        source: str = "",
    ) -> int:
        """Write ``rows`` as one batch, all or nothing; return the batch id.

        Parameters
        ----------
        collection
            Collection name.
        rows
            ``(key, payload)`` pairs; keys must be new in the collection.
        label, source
            Description of the batch.

        Raises
        ------
        DataError
            If a key is already stored or repeated (nothing is written).
        """
        keys = [key for key, _ in rows]
        seen: set[str] = set()
        for position, key in enumerate(keys, start=1):
            if key in seen:
                raise DataError(f"duplicate key {key!r} in the batch", row=position, field="id")
            seen.add(key)
        with self._engine.begin() as connection:
            existing = (
                set(
                    connection.execute(
                        select(schema.rows.c.key).where(
                            schema.rows.c.collection == collection, schema.rows.c.key.in_(keys)
                        )
                    ).scalars()
                )
                if keys
                else set()
            )
            for position, key in enumerate(keys, start=1):
                if key in existing:
                    raise DataError(
                        f"id {key!r} is already stored in {self.url}", row=position, field="id"
                    )
            inserted = connection.execute(
                schema.batches.insert().values(
                    collection=collection,
                    label=label,
                    source=source,
                    created_at=dt.datetime.now(dt.UTC),
                    row_count=len(rows),
                )
            ).inserted_primary_key
            assert inserted is not None
            batch_id = inserted[0]
            if rows:
                connection.execute(
                    schema.rows.insert(),
                    [
                        {
                            "batch_id": batch_id,
                            "collection": collection,
                            "key": key,
                            "position": position,
                            "payload": json.dumps(dict(payload), ensure_ascii=False),
                        }
                        for position, (key, payload) in enumerate(rows, start=1)
                    ],
                )
        return int(batch_id)

    def rows(self, collection: str) -> list[StoredRow]:
        """Every row of ``collection``, in batch then position order."""
        query = (
            select(
                schema.rows.c.batch_id,
                schema.rows.c.key,
                schema.rows.c.position,
                schema.rows.c.payload,
            )
            .where(schema.rows.c.collection == collection)
            .order_by(schema.rows.c.batch_id, schema.rows.c.position)
        )
        with self._engine.connect() as connection:
            return [
                StoredRow(int(b), str(k), int(p), dict(json.loads(payload)))
                for b, k, p, payload in connection.execute(query)
            ]

    def batches(self, collection: str | None = None) -> list[Batch]:
        """Batches, oldest first, optionally of one collection."""
        query = select(schema.batches).order_by(schema.batches.c.id)
        if collection is not None:
            query = query.where(schema.batches.c.collection == collection)
        with self._engine.connect() as connection:
            return [
                Batch(
                    id=int(r.id),
                    collection=str(r.collection),
                    label=str(r.label),
                    source=str(r.source),
                    created_at=r.created_at,
                    row_count=int(r.row_count),
                )
                for r in connection.execute(query)
            ]

    def remove_batch(self, batch_id: int) -> int:
        """Delete a batch and its rows in one transaction; return the rows removed.

        Raises
        ------
        DataError
            If there is no such batch.
        """
        with self._engine.begin() as connection:
            found = connection.execute(
                select(schema.batches.c.id).where(schema.batches.c.id == batch_id)
            ).first()
            if found is None:
                raise NotFoundError(f"no batch {batch_id} in {self.url}", field="batch")
            removed = connection.execute(
                delete(schema.rows).where(schema.rows.c.batch_id == batch_id)
            ).rowcount
            connection.execute(delete(schema.batches).where(schema.batches.c.id == batch_id))
        return int(removed)

    def revision(self) -> tuple[int, int]:
        """A cheap fingerprint of the content: (highest batch id, number of rows)."""
        with self._engine.connect() as connection:
            top = connection.execute(select(func.max(schema.batches.c.id))).scalar()
            count = connection.execute(select(func.count()).select_from(schema.rows)).scalar()
        return int(top or 0), int(count or 0)

    def save_item(
        self, kind: str, name: str, parameters: Mapping[str, Any], results: Mapping[str, Any]
    ) -> int:
        """Save a scenario or plan in one transaction; return its id.

        Raises
        ------
        DataError
            If the name is empty or too long, or already used for this kind.
        """
        clean = name.strip()
        if not clean or len(clean) > 200:
            raise DataError("expected a name of 1 to 200 characters", field="name")
        with self._engine.begin() as connection:
            taken = connection.execute(
                select(schema.saved_items.c.id).where(
                    schema.saved_items.c.kind == kind, schema.saved_items.c.name == clean
                )
            ).first()
            if taken is not None:
                raise ConflictError(f"a {kind} named {clean!r} is already saved", field="name")
            inserted = connection.execute(
                schema.saved_items.insert().values(
                    kind=kind,
                    name=clean,
                    parameters=json.dumps(dict(parameters), ensure_ascii=False, default=str),
                    results=json.dumps(dict(results), ensure_ascii=False, default=str),
                    created_at=dt.datetime.now(dt.UTC),
                )
            ).inserted_primary_key
        assert inserted is not None
        return int(inserted[0])

    def saved_items(
        self, kind: str | None = None, *, limit: int | None = None, offset: int = 0
    ) -> list[SavedItem]:
        """Saved items, newest first, optionally of one kind, ``limit`` at most from ``offset``."""
        query = select(schema.saved_items).order_by(schema.saved_items.c.id.desc())
        if kind is not None:
            query = query.where(schema.saved_items.c.kind == kind)
        query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._engine.connect() as connection:
            return [_item(r) for r in connection.execute(query)]

    def count_saved(self, kind: str | None = None) -> int:
        """How many items are saved, optionally of one kind."""
        query = select(func.count()).select_from(schema.saved_items)
        if kind is not None:
            query = query.where(schema.saved_items.c.kind == kind)
        with self._engine.connect() as connection:
            return int(connection.execute(query).scalar() or 0)

    def saved_item(self, item_id: int) -> SavedItem:
        """One saved item.

        Raises
        ------
        DataError
            If there is no such item.
        """
        with self._engine.connect() as connection:
            row = connection.execute(
                select(schema.saved_items).where(schema.saved_items.c.id == item_id)
            ).first()
        if row is None:
            raise NotFoundError(f"no saved item {item_id}", field="id")
        return _item(row)

    def delete_item(self, item_id: int) -> None:
        """Delete a saved item (DataError if there is none)."""
        with self._engine.begin() as connection:
            deleted = connection.execute(
                delete(schema.saved_items).where(schema.saved_items.c.id == item_id)
            ).rowcount
        if not deleted:
            raise NotFoundError(f"no saved item {item_id}", field="id")


def _item(row: Any) -> SavedItem:
    created = row.created_at
    if created.tzinfo is None:  # SQLite drops the zone; values are written in UTC
        created = created.replace(tzinfo=dt.UTC)
    return SavedItem(
        id=int(row.id),
        kind=str(row.kind),
        name=str(row.name),
        parameters=dict(json.loads(row.parameters)),
        results=dict(json.loads(row.results)),
        created_at=created,
    )
