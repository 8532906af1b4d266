"""Load the record: packaged CSV data plus the user's additions from the local store."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from lockstep.parsed_cache import parsed_once
from lockstep.record.checks import check_events, check_observations
from lockstep.record.model import Event, Observation
from lockstep.record.record import Record
from lockstep.record.rows import (
    Located,
    RawTable,
    parse_event,
    parse_observation,
    parse_table,
    read_csv_text,
)
from lockstep.record.vocabulary import DATA_PACKAGE

#: Store collections holding the user's rows.
OBSERVATIONS_COLLECTION = "record.observations"
EVENTS_COLLECTION = "record.events"
PACKAGED_FILES = {"observations": "observations.csv", "events": "events.csv"}


def _packaged_table(kind: str) -> RawTable:
    name = PACKAGED_FILES[kind]
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    table = read_csv_text(text, f"lockstep/data/record/{name}")
    if table.kind != kind:
        raise AssertionError(f"{name} holds {table.kind}, not {kind}")
    return table


@lru_cache(maxsize=1)
@parsed_once("record-rows")
def packaged_rows() -> tuple[tuple[Located[Observation], ...], tuple[Located[Event], ...]]:
    """The packaged observations and events, parsed (cached)."""
    observations = parse_table(_packaged_table("observations"))
    events = parse_table(_packaged_table("events"))
    return tuple(observations), tuple(events)  # type: ignore[arg-type]


def user_rows(url: str) -> tuple[list[Located[Observation]], list[Located[Event]]]:
    """The user's stored observations and events, parsed like the packaged files."""
    from lockstep.store import database_exists

    if not database_exists(url):
        return [], []
    from lockstep.store import Store

    store = Store(url, read_only=True)
    if store.version == 0:
        return [], []  # a file without lockstep's tables: nothing added, nothing written
    labels = {b.id: b.label for b in store.batches()}
    observations = [
        Located(
            parse_observation(
                row.payload, _label(url, row.batch_id, labels), row.position, f"user:{row.batch_id}"
            ),
            _label(url, row.batch_id, labels),
            row.position,
        )
        for row in store.rows(OBSERVATIONS_COLLECTION)
    ]
    events = [
        Located(
            parse_event(
                row.payload, _label(url, row.batch_id, labels), row.position, f"user:{row.batch_id}"
            ),
            _label(url, row.batch_id, labels),
            row.position,
        )
        for row in store.rows(EVENTS_COLLECTION)
    ]
    return observations, events


def _label(url: str, batch_id: int, labels: dict[int, str]) -> str:
    return f"{url} (batch {batch_id}: {labels.get(batch_id, '?')})"


def build_record(observations: list[Located[Observation]], events: list[Located[Event]]) -> Record:
    """Check the rows together and build a :class:`Record`."""
    effective = check_observations(observations)
    checked_events = check_events(events)
    return Record(
        observations=tuple(item.item for item in effective),
        events=tuple(item.item for item in checked_events),
    )


@lru_cache(maxsize=8)
def _load(include_user: bool, url: str | None, stamp: int | None = None) -> Record:
    observations, events = packaged_rows()
    obs_list, event_list = list(observations), list(events)
    if include_user and url is not None:
        more_obs, more_events = user_rows(url)
        obs_list += more_obs
        event_list += more_events
    return build_record(obs_list, event_list)


def load_record(include_user: bool = True, db: str | None = None) -> Record:
    """The record: packaged data plus (by default) the user's additions.

    Cached per database URL (and, for SQLite, the file's modification time);
    :func:`clear_cache` (called by ``record add``) resets it.

    Parameters
    ----------
    include_user
        Add the rows stored in the user's database.
    db
        SQLAlchemy URL of that database; default ``$LOCKSTEP_DB`` or the user-data file.

    Returns
    -------
    Record
        Checked observations and events.

    Raises
    ------
    DataError
        If a row (packaged or stored) is malformed or the rows are inconsistent.
    """
    if not include_user:
        return _load(False, None)
    url, stamp, _ = record_version(db)
    return _load(True, url, stamp)


#: Bumped by :func:`clear_cache`, so that :func:`record_version` changes with it.
_generation = 0


def record_version(db: str | None = None) -> tuple[str, int | None, int]:
    """What identifies the record :func:`load_record` returns now, without loading it.

    A key for caches of things computed from the record (the sweeps' planning
    problems): it changes whenever :func:`load_record` would load the record anew.

    Parameters
    ----------
    db
        SQLAlchemy URL of the user's database; default ``$LOCKSTEP_DB`` or the
        user-data file.

    Returns
    -------
    tuple
        The database URL, the SQLite file's modification time [ns] (``None`` for another
        database or no file yet) and the count of :func:`clear_cache` calls.
    """
    from lockstep.store import resolve_url
    from lockstep.store.database import sqlite_path

    url = resolve_url(db)
    path = sqlite_path(url)
    # A SQLite file's modification time keys the cache, so rows added by another process
    # (a long-running web server, say) are seen; other databases rely on clear_cache().
    stamp = path.stat().st_mtime_ns if path is not None and path.exists() else None
    return url, stamp, _generation


def clear_cache() -> None:
    """Forget loaded records (after the user's database changed)."""
    global _generation
    _generation += 1
    _load.cache_clear()
