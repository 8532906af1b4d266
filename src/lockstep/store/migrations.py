"""A tiny, ordered list of schema migrations with a version table.

Each migration has an integer version, a name and an ``upgrade(connection)`` function.
:func:`migrate` applies, in order and each in its own transaction, every migration whose
version is not yet in ``schema_migrations``. Later parts of lockstep (saved scenarios,
plans) add their tables by appending a :class:`Migration` with the next version number
to :data:`MIGRATIONS`; versions already released are never edited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, inspect, select

from lockstep.store import schema


@dataclass(frozen=True)
class Migration:
    """One schema change.

    Attributes
    ----------
    version
        Position in the sequence (1, 2, ...); unique.
    name
        Short description, stored with the version.
    upgrade
        Function applying the change on an open connection inside a transaction.
    """

    version: int
    name: str
    upgrade: Callable[[Connection], None]


def _create_generic_rows(connection: Connection) -> None:
    schema.metadata.create_all(connection, tables=[schema.batches, schema.rows], checkfirst=True)


def _create_saved_items(connection: Connection) -> None:
    schema.metadata.create_all(connection, tables=[schema.saved_items], checkfirst=True)


#: Every migration, in version order.
MIGRATIONS: list[Migration] = [
    Migration(1, "generic batches and rows", _create_generic_rows),
    Migration(2, "saved scenarios and plans", _create_saved_items),
]


def current_version(engine: Engine) -> int:
    """The highest applied migration version (0 for an empty database)."""
    if not inspect(engine).has_table(schema.schema_migrations.name):
        return 0
    with engine.connect() as connection:
        versions = connection.execute(select(schema.schema_migrations.c.version)).scalars()
        return max(versions, default=0)


def migrate(engine: Engine) -> int:
    """Apply every pending migration; return the resulting version.

    Parameters
    ----------
    engine
        The database to bring up to date.

    Returns
    -------
    int
        The schema version after the call.
    """
    ordered = sorted(MIGRATIONS, key=lambda m: m.version)
    if len({m.version for m in ordered}) != len(ordered):
        raise RuntimeError("duplicate migration versions in lockstep.store.migrations")
    with engine.begin() as connection:
        schema.metadata.create_all(connection, tables=[schema.schema_migrations], checkfirst=True)
    done = current_version(engine)
    for migration in ordered:
        if migration.version <= done:
            continue
        with engine.begin() as connection:
            migration.upgrade(connection)
            connection.execute(
                schema.schema_migrations.insert().values(
                    version=migration.version,
                    name=migration.name,
                    applied_at=dt.datetime.now(dt.UTC),
                )
            )
        done = migration.version
    return done
