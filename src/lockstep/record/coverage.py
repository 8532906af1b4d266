"""Report coverage: every IAEA report from Nov 2013 on, and what the record holds from it.

``data/record/reports.csv`` lists the reports (symbol, issue date, kind, whether the symbol
was seen in a source or is recalled, what the report gives, and the ``report`` values the
record's observations use for it). :func:`coverage_markdown` builds the table of
docs/data.md ("Report coverage") from it and from the record, so the table says what the
data hold, not what someone remembered; a test keeps the two in step.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lockstep.record.model import Observation
from lockstep.record.record import Record

_BAND_NAMES = {
    "total": "total",
    "up_to_2pct": "2 %",
    "up_to_5pct": "5 %",
    "up_to_20pct": "20 %",
    "up_to_60pct": "60 %",
}
_CENTRIFUGES = (
    "centrifuges_installed",
    "centrifuges_enriching",
    "cascades_installed",
    "cascades_enriching",
)


@dataclass(frozen=True)
class Report:
    """One IAEA report (a row of ``reports.csv``)."""

    symbol: str
    issued: str
    kind: str
    symbol_seen: bool
    gives: str
    record_reports: tuple[str, ...]


@cache
def reports() -> tuple[Report, ...]:
    """The packaged list of reports, in ``reports.csv`` order."""
    text = resources.files("lockstep.data.record").joinpath("reports.csv").read_text("utf-8")
    return tuple(
        Report(
            symbol=row["symbol"],
            issued=row["issued"],
            kind=row["kind"],
            symbol_seen=row["symbol_seen"] == "yes",
            gives=row["gives"],
            record_reports=tuple(r for r in row["record_reports"].split(";") if r),
        )
        for row in csv.DictReader(io.StringIO(text))
    )


def holdings(rows: list[Observation]) -> str:
    """What the record holds from a report's observations, in words."""
    if not rows:
        return ""
    parts = []
    stocks = [o for o in rows if o.quantity == "enriched_uranium_stock"]
    valued = [o for o in stocks if o.value is not None]
    bands = [
        _BAND_NAMES[b]
        for b in _BAND_NAMES
        if any(
            dict(o.qualifiers).get("band") == b and "site" not in dict(o.qualifiers) for o in valued
        )
    ]
    if bands:
        parts.append("stock " + ", ".join(bands))
    if any(o.value is None and o.value_high is not None for o in stocks):
        parts.append("stock bound")
    if any(o.value is None and o.value_high is None for o in stocks):
        parts.append("no stock figure (noted)")
    if any("site" in dict(o.qualifiers) for o in valued):
        parts.append("stock at a site")
    machines = sum(1 for o in rows if o.quantity in _CENTRIFUGES)
    if machines:
        parts.append(f"centrifuges ({machines} row{'s' if machines > 1 else ''})")
    counts = Counter(o.quantity for o in rows)
    for quantity, words in (
        ("enriched_uranium_produced", "production"),
        ("enriched_uranium_downblended", "down-blended"),
        ("enriched_uranium_converted", "fed to conversion"),
        ("heavy_water_stock", "heavy water"),
        ("max_enrichment_level", "enrichment level"),
        ("monitoring_level", "monitoring"),
        ("uranium_metal_produced", "uranium metal"),
        ("production_rate", "production rate"),
        ("enrichment_capacity", "capacity estimate"),
    ):
        if counts[quantity]:
            parts.append(words)
    if counts["enrichment_at_site"] or counts["nuclear_material_at_site"]:
        parts.append("site facts")
    return "; ".join(parts)


def coverage_rows(record: Record) -> list[dict[str, str]]:
    """One row per report: symbol, issued, gives, holds, gap."""
    by_report: dict[str, list[Observation]] = {}
    for obs in record.observations:
        by_report.setdefault(obs.report, []).append(obs)
    result = []
    for report in reports():
        rows = [o for name in report.record_reports for o in by_report.get(name, [])]
        holds = holdings(rows)
        if not holds:
            gap = "not in the record"
        elif report.kind == "quarterly" and "stock" not in holds:
            gap = "no stock figure"
        else:
            gap = ""
        symbol = report.symbol if report.symbol_seen else f"{report.symbol} (symbol recalled)"
        if not report.symbol.startswith("GOV/"):
            symbol = report.symbol
        result.append(
            {
                "symbol": symbol,
                "issued": report.issued,
                "gives": report.gives,
                "holds": holds or "-",
                "gap": gap,
            }
        )
    return result


def coverage_markdown(record: Record) -> str:
    """The report coverage table of docs/data.md, with the list of gaps after it."""
    rows = coverage_rows(record)
    lines = [
        "| report | issued | what it gives | what the record holds |",
        "|---|---|---|---|",
    ]
    for row in rows:
        cells = [row["symbol"], row["issued"], row["gives"], row["holds"]]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    gaps = [f"{r['symbol']} ({r['issued']}): {r['gap']}" for r in rows if r["gap"]]
    lines += ["", f"Gaps ({len(gaps)} of {len(rows)} reports):", ""]
    lines += [f"- {g}" for g in gaps]
    return "\n".join(lines) + "\n"


def refresh_docs(text: str, record: Record) -> str:
    """``text`` (docs/data.md) with the table between the coverage markers regenerated."""
    start, end = "<!-- coverage:start -->\n", "<!-- coverage:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return head + start + coverage_markdown(record) + end + tail
