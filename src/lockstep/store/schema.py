"""Tables of the user's local database, in SQLAlchemy Core.

The store holds generic rows: a *collection* name (e.g. ``"record.observations"``), a
key unique within the collection, and a JSON payload of strings. It knows nothing of
what the rows mean; the packages that own a collection convert them.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

#: One row per applied migration (see :mod:`lockstep.store.migrations`).
schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

#: A set of rows written together (one ``lockstep record add`` call, say).
batches = Table(
    "batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("collection", String(200), nullable=False, index=True),
    Column("label", String(500), nullable=False),
    Column("source", String(1000), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("row_count", Integer, nullable=False),
)

#: Generic rows: the payload is a JSON object of the row's fields.
rows = Table(
    "rows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "batch_id",
        Integer,
        ForeignKey("batches.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("collection", String(200), nullable=False),
    Column("key", String(500), nullable=False),
    Column("position", Integer, nullable=False),
    Column("payload", Text, nullable=False),
    UniqueConstraint("collection", "key", name="uq_rows_collection_key"),
)

#: Saved scenarios and plans: what the user asked (parameters) and what came out.
saved_items = Table(
    "saved_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(50), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("parameters", Text, nullable=False),
    Column("results", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("kind", "name", name="uq_saved_items_kind_name"),
)
