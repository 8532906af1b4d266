"""Where the user's database lives and how to open it.

The default is a SQLite file ``lockstep.db`` in the platform's user data directory
(``platformdirs.user_data_dir("lockstep")``). The environment variable ``LOCKSTEP_DB``
(a SQLAlchemy URL, e.g. ``sqlite:////tmp/x.db`` or ``postgresql+psycopg://...``)
overrides it, and an explicit URL argument overrides both.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from lockstep.errors import DataError

if TYPE_CHECKING:
    from sqlalchemy import Engine

#: Environment variable naming the database URL.
ENV_VAR = "LOCKSTEP_DB"
#: Database backends lockstep ships drivers for (SQLAlchemy backend names).
BACKENDS: tuple[str, ...] = ("sqlite", "postgresql")


def default_url() -> str:
    """The database URL in effect: ``$LOCKSTEP_DB`` or the user-data SQLite file."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    from platformdirs import user_data_dir

    return f"sqlite:///{Path(user_data_dir('lockstep', appauthor=False)) / 'lockstep.db'}"


def _plain_sqlite_file(url: str) -> str | None:
    """The file of a plain ``sqlite:///path`` URL (no query, not in memory), else None.

    Read without SQLAlchemy, so that finding no database file costs no import.
    """
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    database = url.removeprefix(prefix)
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


def resolve_url(url: str | None = None) -> str:
    """``url`` if given, else :func:`default_url`; checked to be a SQLAlchemy URL."""
    resolved = url.strip() if url else default_url()
    if _plain_sqlite_file(resolved) is not None:
        return resolved
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    # psycopg (3) is the PostgreSQL driver lockstep ships; plain URLs mean it.
    for prefix in ("postgresql://", "postgres://"):
        if resolved.startswith(prefix):
            resolved = "postgresql+psycopg://" + resolved.removeprefix(prefix)
    field = ENV_VAR if not url else "database URL (--db)"
    try:
        backend = make_url(resolved).get_backend_name()
    except ArgumentError as exc:
        raise DataError(
            f"not a database URL: {resolved!r} (expected a SQLAlchemy URL such as "
            "'sqlite:///path/to/lockstep.db')",
            field=field,
        ) from exc
    if backend not in BACKENDS:
        raise DataError(
            f"unsupported database '{backend}' (expected a URL starting sqlite:/// or "
            "postgresql://)",
            field=field,
        )
    return resolved


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite)."""
    plain = _plain_sqlite_file(url)
    if plain is not None:
        return Path(plain).expanduser()
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def database_exists(url: str) -> bool:
    """False only for a SQLite file that does not exist yet (reading never creates it)."""
    path = sqlite_path(url)
    return path is None or path.exists()


@lru_cache(maxsize=16)
def engine_for(url: str) -> Engine:
    """A (cached) engine for ``url``; creates the folder of a SQLite file if needed."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine
