"""The agreement as JSON (the CLI/web contract), as YAML again, and its JSON Schema."""

from __future__ import annotations

import json
from typing import Any

from lockstep.agreement.milestones import describe_offset
from lockstep.agreement.schema import Agreement, LimitValue, Milestone, Obligation, Reading
from lockstep.agreement.vocabulary import load_vocabulary


def _json_limit(value: LimitValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _display(obligation: Obligation, value: LimitValue) -> LimitValue:
    """``value`` in the obligation's display unit (e.g. 0.0367 -> 3.67 pct)."""
    if obligation.display_unit is None or isinstance(value, bool):
        return value
    if not isinstance(value, int | float):
        return value
    factor = load_vocabulary().conversion(obligation.display_unit, obligation.unit)
    if not factor:
        return value
    return float(f"{value / factor:.12g}")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def reading_json(reading: Reading) -> dict[str, Any]:
    """One reading as a JSON object."""
    return {
        "holder": list(reading.holder),
        "reading": reading.reading,
        "status_implied": reading.status_implied,
        "since": _iso(reading.since),
        "until": _iso(reading.until),
        "sources": list(reading.sources),
        "dispute": reading.dispute,
    }


def milestone_json(agreement: Agreement, milestone: Milestone) -> dict[str, Any]:
    """One milestone as a JSON object (``date`` is the resolved date)."""
    resolved = agreement.milestone_date(milestone.id)
    return {
        "id": milestone.id,
        "aliases": list(milestone.aliases),
        "name": milestone.name,
        "date": _iso(resolved),
        "date_rule": describe_offset(milestone.offset) if milestone.offset else None,
        "or_earlier": list(milestone.or_earlier),
        "fixed_date": _iso(milestone.date),
        "kind": milestone.kind,
        "time_utc": milestone.time_utc,
        "definition": milestone.definition,
        "status": milestone.status,
        "reference": milestone.reference,
        "sources": list(milestone.sources),
        "confidence": milestone.confidence,
        "notes": milestone.notes,
        "changes": list(milestone.changes),
    }


def obligation_json(agreement: Agreement, obligation: Obligation) -> dict[str, Any]:
    """One obligation as a JSON object (keys documented in docs/agreement.md)."""
    readings = agreement.readings(obligation)
    metric = load_vocabulary().metric(obligation.metric.name)
    return {
        "id": obligation.id,
        "aliases": list(obligation.aliases),
        "party": obligation.party,
        "category": obligation.category,
        "description": obligation.description,
        "metric": obligation.metric.name,
        "metric_kind": metric.kind if metric else None,
        "evaluated_from": metric.evaluated_from if metric else None,
        "qualifiers": {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in obligation.metric.qualifiers.items()
        },
        "comparator": obligation.comparator,
        "limit": _json_limit(obligation.limit),
        "unit": obligation.unit,
        "limit_display": _json_limit(_display(obligation, obligation.limit)),
        "unit_display": obligation.display_unit or obligation.unit,
        "limit_as_written": obligation.limit_as_written,
        "limit_detail": obligation.limit_detail,
        "baseline": obligation.baseline,
        "phases": [
            {
                "start": phase.start,
                "end": phase.end,
                "start_date": _iso(agreement.milestone_date(phase.start)),
                "end_date": _iso(agreement.milestone_date(phase.end)),
                "limit": _json_limit(phase.limit),
                "limit_display": _json_limit(_display(obligation, phase.limit)),
                "note": phase.note,
            }
            for phase in obligation.phases
        ],
        "start": obligation.start,
        "end": obligation.end,
        "start_date": _iso(agreement.start_date(obligation)),
        "end_date": _iso(agreement.end_date(obligation)),
        "end_condition": obligation.end_condition,
        "timing": obligation.timing,
        "reference": obligation.reference,
        "confidence": obligation.confidence,
        "disputed": agreement.is_disputed(obligation),
        "disputes": list(obligation.disputes),
        "readings": [reading_json(r) for r in readings],
        "notes": obligation.notes,
        "sources": list(obligation.sources),
        "changes": list(obligation.changes),
    }


def agreement_json(
    agreement: Agreement, obligations: tuple[Obligation, ...] | None = None
) -> dict[str, Any]:
    """The agreement as the JSON object of ``lockstep agreement show --json``.

    Parameters
    ----------
    agreement
        The agreement.
    obligations
        Obligations to include (default: all, in file order).

    Returns
    -------
    dict
        Keys ``id``, ``name``, ``short_name``, ``kind``, ``concluded``, ``summary``,
        ``source_documents``, ``parties``, ``milestones``, ``disputes``,
        ``obligations``, ``notes``, ``changes`` (see docs/agreement.md).
    """
    chosen = agreement.obligations if obligations is None else obligations
    return {
        "id": agreement.id,
        "name": agreement.name,
        "short_name": agreement.short_name,
        "kind": agreement.kind,
        "concluded": agreement.concluded.isoformat(),
        "summary": agreement.summary,
        "source_documents": dict(agreement.source_documents),
        "parties": [
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind,
                "includes": list(p.includes),
                "states": list(p.states),
                "notes": p.notes,
            }
            for p in agreement.parties
        ],
        "milestones": [milestone_json(agreement, m) for m in agreement.milestones],
        "disputes": [
            {
                "id": d.id,
                "title": d.title,
                "since": _iso(d.since),
                "summary": d.summary,
                "readings": [reading_json(r) for r in d.readings],
                "obligations": [o.id for o in agreement.obligations if d.id in o.disputes],
            }
            for d in agreement.disputes
        ],
        "obligations": [obligation_json(agreement, o) for o in chosen],
        "notes": agreement.notes,
        "changes": list(agreement.changes),
    }


def dump_agreement(agreement: Agreement) -> str:
    """The agreement as YAML in the file format (limits in library units).

    ``parse_agreement(dump_agreement(a)) == a`` for every valid agreement ``a``.
    """
    import yaml

    data = agreement.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def agreement_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the agreement file format."""
    schema = Agreement.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://lockstep.invalid/schema/agreement.schema.json",
        **schema,
    }


def agreement_json_schema_text() -> str:
    """The JSON Schema as the text of ``docs/schema/agreement.schema.json``."""
    return json.dumps(agreement_json_schema(), indent=2, ensure_ascii=False) + "\n"
