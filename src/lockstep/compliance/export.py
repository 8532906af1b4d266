"""The documented, stable JSON and CSV forms of findings, intervals and summaries.

``lockstep compliance --json`` and the web API both use these; every key is documented
in ``docs/compliance.md`` (a test checks it). Keys may be added, never renamed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lockstep.compliance.model import (
    Evidence,
    Finding,
    Interval,
    LastKnown,
    PartySummary,
    ReadingOutcome,
)

#: Columns of ``lockstep compliance --timeline --csv``.
INTERVAL_FIELDS: tuple[str, ...] = (
    "party",
    "obligation",
    "metric",
    "status",
    "start",
    "end",
    "days",
    "ratio_max",
)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def evidence_to_dict(item: Evidence) -> dict[str, Any]:
    """JSON form of one piece of evidence."""
    return {
        "source": item.source,
        "url": item.url,
        "kind": item.kind,
        "id": item.id,
        "date": item.date.isoformat(),
        "status": item.status,
        "confidence": item.confidence,
        "role": item.role,
        "description": item.description,
        "report": item.report,
        "value": _json_value(item.value),
        "unit": item.unit,
        "age_days": item.age_days,
    }


def reading_to_dict(item: ReadingOutcome) -> dict[str, Any]:
    """JSON form of one reading and what it implies."""
    return {
        "holder": list(item.holder),
        "reading": item.reading,
        "status_implied": item.status_implied,
        "implies": item.implies,
        "role": item.role,
        "since": _iso(item.since),
        "until": _iso(item.until),
        "sources": list(item.sources),
        "dispute": item.dispute,
        "rule": item.rule,
    }


def last_known_to_dict(item: LastKnown | None) -> dict[str, Any] | None:
    """JSON form of the last figure known before access was lost."""
    if item is None:
        return None
    return {
        "value": _json_value(item.value),
        "unit": item.unit,
        "as_of": item.as_of.isoformat(),
        "age_days": item.age_days,
        "status": item.status,
        "ratio": item.ratio,
        "status_then": item.status_then,
    }


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """JSON form of a finding (keys in ``docs/compliance.md``)."""
    return {
        "party": finding.party,
        "obligation": finding.obligation,
        "metric": finding.metric,
        "status": finding.status,
        "observed": _json_value(finding.observed),
        "limit": _json_value(finding.limit),
        "unit": finding.unit,
        "ratio": finding.ratio,
        "since": _iso(finding.since),
        "evidence": [evidence_to_dict(e) for e in finding.evidence],
        "readings": [reading_to_dict(r) for r in finding.readings],
        "note": finding.note,
        "status_as_written": finding.status_as_written,
        "description": finding.description,
        "reference": finding.reference,
        "category": finding.category,
        "comparator": finding.comparator,
        "observed_bound": finding.observed_bound,
        "unit_display": finding.unit_display,
        "observed_display": _json_value(finding.observed_display),
        "limit_display": _json_value(finding.limit_display),
        "confidence": finding.confidence,
        "basis": finding.basis,
        "no_evidence_reason": finding.no_evidence_reason,
        "justification": finding.justification,
        "responsible": list(finding.responsible),
        "last_known": last_known_to_dict(finding.last_known),
        "status_at_end": finding.status_at_end,
        "start_date": _iso(finding.start_date),
        "end_date": _iso(finding.end_date),
        "timing": finding.timing,
    }


def findings_to_dict(
    findings: Sequence[Finding],
    as_of: dt.date,
    summary: Mapping[str, Mapping[str, int]] | None = None,
    agreement: str | None = None,
) -> dict[str, Any]:
    """The ``lockstep compliance --as-of DATE --json`` document.

    Parameters
    ----------
    findings
        The findings.
    as_of
        The date evaluated.
    summary
        ``{party: {status: count}}``; counted from ``findings`` when not given.
    agreement
        Id of the agreement evaluated.
    """
    if summary is None:
        from lockstep.compliance.summary import count_by_party

        summary = count_by_party(findings)
    return {
        "as_of": as_of.isoformat(),
        "agreement": agreement,
        "findings": [finding_to_dict(f) for f in findings],
        "summary": {party: dict(counts) for party, counts in summary.items()},
    }


def interval_to_dict(interval: Interval) -> dict[str, Any]:
    """JSON (and CSV) form of a status interval."""
    return {
        "party": interval.party,
        "obligation": interval.obligation,
        "metric": interval.metric,
        "status": interval.status,
        "start": interval.start.isoformat(),
        "end": interval.end.isoformat(),
        "days": interval.days,
        "ratio_max": interval.ratio_max,
    }


def summary_to_dict(summary: PartySummary) -> dict[str, Any]:
    """JSON form of a party summary."""
    first = summary.first_breach
    return {
        "party": summary.party,
        "as_of": summary.as_of.isoformat(),
        "counts": dict(summary.counts),
        "first_breach": (
            {"date": first[0].isoformat(), "obligation": first[1]} if first is not None else None
        ),
        "biggest_breaches": [
            {"obligation": obligation, "ratio": ratio}
            for obligation, ratio in summary.biggest_breaches
        ],
    }


def timeline_to_dict(
    intervals: Iterable[Interval],
    start: dt.date,
    end: dt.date,
    summaries: Mapping[str, PartySummary] | None = None,
    agreement: str | None = None,
) -> dict[str, Any]:
    """The ``lockstep compliance --timeline --json`` document."""
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "agreement": agreement,
        "intervals": [interval_to_dict(i) for i in intervals],
        "parties": {p: summary_to_dict(s) for p, s in (summaries or {}).items()},
    }
