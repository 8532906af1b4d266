"""The JSON API's published contract: error bodies, date formats and bounds, media types.

FastAPI describes what it validates itself; this module makes the OpenAPI document say
what the API really does beyond that: every 4xx answers with :class:`ErrorBody` (not
FastAPI's ``HTTPValidationError``), dates are ``YYYY-MM-DD`` within the record's span,
optional query parameters are omitted rather than sent as ``null``, CSV downloads are
``text/csv``, a missing item is 404 and a name already taken is 409. A schemathesis test
(tests/web/test_api_contract.py) holds the app to this document.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from fastapi import Query
from pydantic import BaseModel, Field

#: The first day the API answers for: the IAEA report of 14 November 2013 (GOV/2013/56),
#: the first in the record, ten days before the interim deal (JPOA).
EARLIEST_DAY = dt.date(2013, 11, 14)
#: The last day accepted (far enough ahead for scenarios, near enough to stay meaningful).
LATEST_DAY = dt.date(2099, 12, 31)


def _two_digits(low: int, high: int) -> str:
    """A regex alternation of the two-digit numbers ``low..high``."""
    return "(" + "|".join(f"{n:02d}" for n in range(low, high + 1)) + ")"


def date_pattern(first: dt.date) -> str:
    """A regex for ``YYYY-MM-DD`` from ``first`` to the end of 2099 (calendar validity aside).

    OpenAPI has no bounds for dates, so the bound is written into the pattern; an
    impossible day such as 30 February is left to ``format: date``.
    """
    any_day, any_month = _two_digits(1, 31), _two_digits(1, 12)
    options = [f"{first.year}-{first.month:02d}-{_two_digits(first.day, 31)}"]
    if first.month < 12:
        options.append(f"{first.year}-{_two_digits(first.month + 1, 12)}-{any_day}")
    if first.year < LATEST_DAY.year:
        later = "(" + "|".join(str(y) for y in range(first.year + 1, LATEST_DAY.year + 1)) + ")"
        options.append(f"{later}-{any_month}-{any_day}")
    return "^(" + "|".join(options) + ")$"


#: ``YYYY-MM-DD`` from EARLIEST_DAY to LATEST_DAY.
DATE_PATTERN = date_pattern(EARLIEST_DAY)

#: What each error status means, as the OpenAPI document says it.
ERROR_MEANINGS = {
    400: "The body could not be read as JSON.",
    403: "Writing needs the server's token (Authorization: Bearer ...); the app is "
    "read-only without one.",
    404: "No such item.",
    409: "The name is already taken, or the record's state on that date cannot answer the "
    "question (e.g. no machine at the site chosen).",
    413: "The request body is over the server's limit.",
    422: "A parameter or the body is invalid: `detail` names it and says what was expected.",
}


class ErrorBody(BaseModel):
    """The body of every 4xx answer of the JSON API."""

    detail: str = Field(description="One line: what was wrong (naming the parameter) and why.")
    error: str = Field(description="The kind of error, e.g. DomainError, NotFound.")


def date_query(description: str, *, alias: str | None = None, first: dt.date = EARLIEST_DAY) -> Any:
    """A ``YYYY-MM-DD`` query parameter from ``first`` to LATEST_DAY, as documented."""
    return Query(
        alias=alias,
        description=f"{description} YYYY-MM-DD, {first} to {LATEST_DAY}.",
        pattern=DATE_PATTERN if first == EARLIEST_DAY else date_pattern(first),
        json_schema_extra={"format": "date"},
    )


def enum_query(description: str, values: list[str]) -> Any:
    """A query parameter whose value is one of ``values`` (documented as an enum)."""
    return Query(description=description, json_schema_extra={"enum": values})


def _error_response(status: int) -> dict[str, Any]:
    return {
        "description": ERROR_MEANINGS[status],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
    }


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional parameter's schema without its ``null`` branch (omit it instead)."""
    branches = schema.get("anyOf")
    if not branches:
        return schema
    kept = [b for b in branches if b.get("type") != "null"]
    if len(kept) != 1:
        return schema
    merged = {k: v for k, v in schema.items() if k != "anyOf"}
    merged.update(kept[0])
    if merged.get("default") is None:
        merged.pop("default", None)
    return merged


def complete_openapi(
    document: dict[str, Any], *, max_samples: int, max_horizon_days: int
) -> dict[str, Any]:
    """Return ``document`` completed with the contract the app keeps.

    Parameters
    ----------
    document
        FastAPI's generated OpenAPI document (not modified).
    max_samples
        The server's cap on Monte Carlo samples per request [count].
    max_horizon_days
        The server's cap on planning horizons [days].

    Returns
    -------
    dict
        The completed document.
    """
    doc = copy.deepcopy(document)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas["ErrorBody"] = ErrorBody.model_json_schema()
    caps = {"samples": max_samples, "horizon": max_horizon_days}
    for path, operations in doc.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            parameters = operation.get("parameters", [])
            for parameter in parameters:
                schema = _without_null(parameter.get("schema", {}))
                if parameter["name"] in caps:
                    cap = caps[parameter["name"]]
                    schema["minimum"] = 1
                    schema["maximum"] = min(schema.get("maximum", cap), cap)
                parameter["schema"] = schema
                if parameter["name"] == "format" and "csv" in schema.get("enum", ()):
                    responses.setdefault("200", {}).setdefault("content", {})["text/csv"] = {
                        "schema": {"type": "string", "description": "CSV with a header row."}
                    }
            statuses = [422]
            if "{" in path:
                statuses.append(404)
            if method in ("post", "put", "patch", "delete"):
                statuses.append(403)
            if "requestBody" in operation:
                statuses += [400, 413]
            statuses.append(409)
            for status in statuses:
                responses[str(status)] = _error_response(status)
    return doc
