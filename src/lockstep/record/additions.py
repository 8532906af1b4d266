"""The user's additions: validate a CSV of observations or events and store it atomically."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lockstep.errors import DataError
from lockstep.record.checks import check_plausible
from lockstep.record.load import (
    EVENTS_COLLECTION,
    OBSERVATIONS_COLLECTION,
    build_record,
    clear_cache,
    packaged_rows,
    user_rows,
)
from lockstep.record.record import Record
from lockstep.record.rows import Kind, parse_table, read_csv_file
from lockstep.store import Batch

_COLLECTIONS = (OBSERVATIONS_COLLECTION, EVENTS_COLLECTION)


@dataclass(frozen=True)
class FileCheck:
    """A file that passed validation.

    Attributes
    ----------
    file
        The file's path.
    kind
        ``"observations"`` or ``"events"``.
    ids
        Ids of its rows, in file order.
    record
        The record as it would be with the file added.
    batch_id
        The stored batch (``None`` for a validation without storing).
    db
        The database URL checked against (and written to).
    """

    file: str
    kind: Kind
    ids: tuple[str, ...]
    record: Record
    batch_id: int | None
    db: str


def validate_file(path: str | Path, db: str | None = None) -> FileCheck:
    """Check a CSV file of new rows against the packaged data and the user's additions.

    Nothing is stored. Raises :class:`~lockstep.errors.DataError` (file, row, field) on
    the first problem: a malformed or implausible row (:func:`check_plausible`) or rows
    inconsistent with the record.

    Parameters
    ----------
    path
        The CSV file.
    db
        Database URL of the user's additions (default ``$LOCKSTEP_DB``).
    """
    from lockstep.store import resolve_url

    url = resolve_url(db)
    table = read_csv_file(path)
    parsed = parse_table(table, origin="user:new")
    check_plausible(parsed)
    packaged_obs, packaged_events = packaged_rows()
    stored_obs, stored_events = user_rows(url)
    observations = [*packaged_obs, *stored_obs]
    events = [*packaged_events, *stored_events]
    if table.kind == "observations":
        observations += parsed  # type: ignore[arg-type]
    else:
        events += parsed  # type: ignore[arg-type]
    record = build_record(observations, events)
    return FileCheck(
        file=str(path),
        kind=table.kind,
        ids=tuple(item.item.id for item in parsed),
        record=record,
        batch_id=None,
        db=url,
    )


def add_file(
    path: str | Path,
    db: str | None = None,
    *,
    label: str | None = None,
    source: str | None = None,
) -> FileCheck:
    """Validate a CSV file and store all its rows in one transaction (all or none).

    Parameters
    ----------
    path
        The CSV file.
    db
        Store URL (``None``: the default store).
    label, source
        What the batch is and where it came from (default: the file's name and path).

    Returns
    -------
    FileCheck
        With the new ``batch_id``.
    """
    from lockstep.store import Store

    checked = validate_file(path, db)
    table = read_csv_file(path)
    collection = OBSERVATIONS_COLLECTION if table.kind == "observations" else EVENTS_COLLECTION
    store = Store(checked.db)
    batch_id = store.add_batch(
        collection,
        [(row["id"], row) for row in table.rows],
        label=label or Path(path).name,
        source=source if source is not None else str(Path(path).resolve()),
    )
    clear_cache()
    return FileCheck(checked.file, checked.kind, checked.ids, checked.record, batch_id, checked.db)


def list_batches(db: str | None = None) -> list[Batch]:
    """The stored batches of the user's additions to the record, oldest first."""
    from lockstep.store import Store, database_exists, resolve_url

    url = resolve_url(db)
    if not database_exists(url):
        return []
    return [b for b in Store(url).batches() if b.collection in _COLLECTIONS]


def remove_batch(batch_id: int, db: str | None = None) -> int:
    """Remove a stored batch of the user's additions; return the number of rows removed.

    Raises
    ------
    DataError
        If the database holds no such batch of record additions.
    """
    from lockstep.store import Store, resolve_url

    url = resolve_url(db)
    if batch_id not in {b.id for b in list_batches(url)}:
        raise DataError(
            f"no batch {batch_id} of record additions in {url} (see `lockstep record batches`)",
            field="batch",
        )
    removed = Store(url).remove_batch(batch_id)
    clear_cache()
    return removed
