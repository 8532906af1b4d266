"""Data page: browse observations and events with sources; download."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from lockstep.web.pages.common import render

router = APIRouter(include_in_schema=False)


#: Rows per page of the data tables.
PAGE_SIZE = 50
#: Columns a page drops when none of its rows has a value there.
OPTIONAL = {
    "observations": ("qualifiers", "confidence"),
    "events": ("obligations", "confidence"),
}


def _data_context(
    request: Request,
    table: str,
    quantity: str | None,
    party: str | None,
    start: str | None,
    end: str | None,
    page: int = 1,
) -> dict[str, Any]:
    from urllib.parse import urlencode

    from lockstep.record import vocabulary
    from lockstep.web.api.record import event_rows, observation_rows

    if table not in ("observations", "events"):
        from lockstep.errors import DomainError

        raise DomainError("table", "observations or events")
    if table == "observations":
        rows = observation_rows(request, quantity, start, end)
        query = {"quantity": quantity, "from": start, "to": end}
    else:
        rows = event_rows(request, party, None, start, end)
        query = {"party": party, "from": start, "to": end}
    qs = urlencode({k: v for k, v in query.items() if v})
    from itertools import groupby

    from lockstep.report import labels

    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = list(rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    view = []
    for row in shown:
        if table == "observations":
            qualifiers = [
                labels.plain(row.get("band"), "band") if row.get("band") else "",
                labels.plain(row.get("site"), "site") if row.get("site") else "",
                row.get("model") or "",
                (row.get("machine_status") or "").replace("_", " "),
            ]
            view.append(
                {
                    **row,
                    "group": f"{row.get('report') or 'figures without a report'}, as of "
                    f"{row['as_of']}",
                    "quantity_words": labels.quantity(row["quantity"]),
                    "qualifiers": " · ".join(q for q in qualifiers if q),
                    "value_words": labels.value(row.get("value"), row.get("unit") or ""),
                }
            )
        else:
            parties = row.get("parties") or []
            obligations = row.get("obligation_ids_affected") or []
            if isinstance(parties, str):
                parties = [p for p in parties.split(";") if p]
            if isinstance(obligations, str):
                obligations = [o for o in obligations.split(";") if o]
            view.append(
                {
                    **row,
                    "group": str(row["date"])[:4],
                    "party_list": parties,
                    "obligations": obligations,
                }
            )
    columns = [c for c in OPTIONAL[table] if any(r.get(c) for r in view)]
    groups = [(name, list(items)) for name, items in groupby(view, key=lambda r: r["group"])]
    base = {"table": table, **{k: v for k, v in query.items() if v}}
    return {
        "table": table,
        "rows": rows,
        "groups": groups,
        "columns": columns,
        "page": page,
        "pages": pages,
        "first_row": (page - 1) * PAGE_SIZE + 1 if shown else 0,
        "last_row": (page - 1) * PAGE_SIZE + len(shown),
        "page_link": "/data?" + urlencode(base) + "&page=",
        "quantity": quantity or "",
        "party": party or "",
        "start": start or "",
        "end": end or "",
        "quantities": sorted(vocabulary().quantities),
        "download": f"/api/record/{table}?{qs}" + ("&" if qs else ""),
    }


@router.get("/data", response_class=HTMLResponse)
def data(
    request: Request,
    table: str = "observations",
    quantity: str | None = None,
    party: str | None = None,
    start: str | None = Query(None, alias="from"),
    end: str | None = Query(None, alias="to"),
    page: int = Query(1, ge=1),
) -> HTMLResponse:
    """Browse observations and events with their sources; download CSV or JSON."""
    return render(
        request,
        "data.html",
        charts=False,
        **_data_context(request, table, quantity, party, start, end, page),
    )


@router.get("/fragments/data", response_class=HTMLResponse)
def data_fragment(
    request: Request,
    table: str = "observations",
    quantity: str | None = None,
    party: str | None = None,
    start: str | None = Query(None, alias="from"),
    end: str | None = Query(None, alias="to"),
    page: int = Query(1, ge=1),
) -> HTMLResponse:
    """The data page's table region."""
    return render(
        request,
        "data_body.html",
        **_data_context(request, table, quantity, party, start, end, page),
    )
