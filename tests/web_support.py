"""Shared pieces of the web tests: the write token and a valid observation row."""

from __future__ import annotations

import csv
import io

from lockstep.record.rows import OBSERVATION_COLUMNS

AUTH = {"Authorization": "Bearer s3cret-token"}


def csv_text(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(OBSERVATION_COLUMNS))
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


ROW = {
    "id": "2026-05-20.stock.total",
    "as_of": "2026-05-20",
    "report": "GOV/2026/99",
    "quantity": "enriched_uranium_stock",
    "band": "total",
    "value": "1000.5",
    "unit": "kg_u",
    "status": "estimated",
    "confidence": "medium",
    "source": "GOV/2026/99 para 1 (test)",
}
