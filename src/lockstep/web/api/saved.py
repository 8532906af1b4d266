"""``/api/saved``: saved scenarios and plans; ``/api/record/additions``: new observations.

Reading is open; writing needs the server's token (``Authorization: Bearer ...``).
"""

from __future__ import annotations

import os
import tempfile
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from lockstep.web.deps import settings_of
from lockstep.web.security import check_token

router = APIRouter(tags=["saved"])

#: A saved item's id: a positive 64-bit integer (the database's INTEGER).
ItemId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class SaveRequest(BaseModel):
    """A scenario or plan to save."""

    kind: Literal["scenario", "plan"] = Field(description="What is saved.")
    name: str = Field(min_length=1, max_length=200, description="A name, unique per kind.")
    parameters: dict[str, Any] = Field(description="What was asked (e.g. plan options).")
    results: dict[str, Any] = Field(
        default_factory=dict, description="What came out (e.g. the plan JSON)."
    )


class AdditionRequest(BaseModel):
    """New rows for the record, as the CSV text of ``lockstep record add``."""

    csv: str = Field(min_length=1, description="CSV of observations or events (docs/data.md).")
    label: str = Field(default="web upload", max_length=200, description="A label for the batch.")
    dry_run: bool = Field(default=False, description="Validate only; store nothing.")


def _store(request: Request) -> Any:
    from lockstep.store import Store

    return Store(settings_of(request).db_url)


def _item_summary(item: Any) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "name": item.name,
        "created_at": item.created_at.isoformat(),
    }


def _item_json(item: Any) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "name": item.name,
        "parameters": item.parameters,
        "results": item.results,
        "created_at": item.created_at.isoformat(),
    }


@router.get("/saved", summary="Saved scenarios and plans, a page at a time")
def list_saved(
    request: Request,
    kind: Annotated[
        Literal["scenario", "plan"] | None, Query(description="Only this kind.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Items per page (at most 100).")] = 20,
    offset: Annotated[int, Query(ge=0, description="Items to skip (newest first).")] = 0,
    full: Annotated[bool, Query(description="Include each item's parameters and results.")] = False,
) -> dict[str, Any]:
    """Saved items, newest first: ``total``, ``limit``, ``offset`` and the page's ``items``.

    Without ``full`` an item is its id, kind, name and date (fetch one item for the rest),
    so that a page stays small whatever was saved.
    """
    from lockstep.store import database_exists, resolve_url

    limit = min(limit, settings_of(request).max_saved_page)
    if not database_exists(resolve_url(settings_of(request).db_url)):
        return {"total": 0, "limit": limit, "offset": offset, "items": []}
    store = _store(request)
    items = store.saved_items(kind, limit=limit, offset=offset)
    return {
        "total": store.count_saved(kind),
        "limit": limit,
        "offset": offset,
        "items": [_item_json(i) if full else _item_summary(i) for i in items],
    }


@router.get("/saved/{item_id}", summary="One saved scenario or plan")
def get_saved(request: Request, item_id: ItemId) -> dict[str, Any]:
    """The saved item with its parameters and results."""
    return _item_json(_store(request).saved_item(item_id))


@router.post(
    "/saved",
    status_code=201,
    summary="Save a scenario or plan",
    dependencies=[Depends(check_token)],
)
def save(request: Request, body: SaveRequest) -> dict[str, Any]:
    """Save, in one transaction; needs the token."""
    item_id = _store(request).save_item(body.kind, body.name, body.parameters, body.results)
    return {"id": item_id, "kind": body.kind, "name": body.name.strip()}


@router.delete(
    "/saved/{item_id}", summary="Delete a saved item", dependencies=[Depends(check_token)]
)
def delete_saved(request: Request, item_id: ItemId) -> dict[str, Any]:
    """Delete; needs the token."""
    _store(request).delete_item(item_id)
    return {"deleted": item_id}


@router.post(
    "/record/additions",
    status_code=201,
    summary="Add observations or events to the record",
    dependencies=[Depends(check_token)],
)
def add_rows(request: Request, body: AdditionRequest) -> dict[str, Any]:
    """Validate a CSV of new rows and store them atomically (all rows or none)."""
    from lockstep.errors import DataError
    from lockstep.record import add_file, validate_file

    handle, path = tempfile.mkstemp(prefix="lockstep-upload-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(body.csv)
        db = settings_of(request).db_url
        if body.dry_run:
            checked = validate_file(path, db=db)
        else:
            checked = add_file(path, db=db, label=body.label, source="web upload")
    except DataError as exc:
        # The server's temporary file is nobody's business: name the upload instead.
        raise type(exc)(
            exc.message, file="the uploaded CSV", row=exc.row, field=exc.field
        ) from None
    finally:
        os.unlink(path)
    for cache in request.app.state.caches.values():
        cache.clear()
    return {
        "kind": checked.kind,
        "ids": list(checked.ids),
        "batch_id": checked.batch_id,
        "stored": not body.dry_run,
    }
