"""The user's local database: generic rows in batches, with schema migrations.

SQLite under the user data directory by default; ``$LOCKSTEP_DB`` or an explicit
SQLAlchemy URL selects another database. The store knows nothing of the domain: the
packages that own a collection (e.g. :mod:`lockstep.record`) convert its rows.
"""

from typing import TYPE_CHECKING

from lockstep._lazy import attach

# SQLAlchemy loads only when a database is opened: commands that find no database file
# (most runs of ``status`` and ``breakout``) never pay for it.
if TYPE_CHECKING:
    from lockstep.store.database import ENV_VAR, database_exists, default_url, resolve_url
    from lockstep.store.migrations import MIGRATIONS, Migration, current_version, migrate
    from lockstep.store.store import Batch, SavedItem, Store, StoredRow

if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, __file__)


__all__ = [
    "ENV_VAR",
    "MIGRATIONS",
    "Batch",
    "Migration",
    "SavedItem",
    "Store",
    "StoredRow",
    "current_version",
    "database_exists",
    "default_url",
    "migrate",
    "resolve_url",
]
