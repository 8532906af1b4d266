"""Plain-dict forms of observations and events: the keys of ``record list``/``record events``.

The same keys serve the CLI (JSON and CSV) and the web API; ``docs/data.md`` lists them.
"""

from __future__ import annotations

from typing import Any

from lockstep.record.model import Event, Observation

#: Columns of ``record list --csv`` and keys of ``--json``.
OBSERVATION_FIELDS = (
    "id",
    "as_of",
    "report",
    "report_date",
    "quantity",
    "band",
    "site",
    "model",
    "machine_status",
    "value",
    "unit",
    "value_low",
    "value_high",
    "reported_value",
    "reported_unit",
    "status",
    "confidence",
    "source",
    "url",
    "check_exempt",
    "supersedes",
    "note",
    "origin",
)
#: Columns of ``record events --csv`` and keys of ``--json``.
EVENT_FIELDS = (
    "id",
    "date",
    "date_precision",
    "parties",
    "kind",
    "description",
    "obligation_ids_affected",
    "measure",
    "effect",
    "contested_by",
    "material",
    "material_effect",
    "source",
    "url",
    "confidence",
    "note",
    "origin",
)


def observation_to_dict(obs: Observation) -> dict[str, Any]:
    """Row of ``record list`` output for an observation."""
    qualifiers = dict(obs.qualifiers)
    return {
        "id": obs.id,
        "as_of": obs.as_of.isoformat(),
        "report": obs.report,
        "report_date": obs.report_date.isoformat() if obs.report_date else None,
        "quantity": obs.quantity,
        "band": qualifiers.get("band"),
        "site": qualifiers.get("site"),
        "model": qualifiers.get("model"),
        "machine_status": qualifiers.get("machine_status"),
        "value": obs.value,
        "unit": obs.unit,
        "value_low": obs.value_low,
        "value_high": obs.value_high,
        "reported_value": obs.reported_value,
        "reported_unit": obs.reported_unit,
        "status": obs.status,
        "confidence": obs.confidence,
        "source": obs.source.document,
        "url": obs.source.url,
        "check_exempt": obs.check_exempt or None,
        "supersedes": obs.supersedes,
        "note": obs.note,
        "origin": obs.origin,
    }


def event_to_dict(event: Event) -> dict[str, Any]:
    """Row of ``record events`` output for an event."""
    return {
        "id": event.id,
        "date": event.date.isoformat(),
        "date_precision": event.date_precision,
        "parties": list(event.parties),
        "kind": event.kind,
        "description": event.description,
        "obligation_ids_affected": list(event.obligations),
        "measure": list(event.measures),
        "effect": event.effect,
        "contested_by": list(event.contested_by),
        "material": list(event.materials),
        "material_effect": event.material_effect,
        "source": event.source.document,
        "url": event.source.url,
        "confidence": event.confidence,
        "note": event.note,
        "origin": event.origin,
    }
