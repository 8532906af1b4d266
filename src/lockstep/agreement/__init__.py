"""Nonproliferation agreements as validated data: the JCPOA (2015) and the JPOA (2013).

An agreement has parties, milestones (dated, or defined relative to one another),
obligations (party, metric from a documented vocabulary, comparator, limit with unit,
phases, start and end milestones, clause reference, confidence) and, where parties read a
clause differently, readings with who holds each. See ``docs/agreement.md``.

>>> from lockstep.agreement import load_agreement
>>> jcpoa = load_agreement("jcpoa")
>>> jcpoa.milestone_date("transition_day").isoformat()
'2023-10-18'
"""

from typing import TYPE_CHECKING

from lockstep._lazy import attach

if TYPE_CHECKING:
    from lockstep.agreement.comparators import satisfies
    from lockstep.agreement.export import (
        agreement_json,
        agreement_json_schema,
        agreement_json_schema_text,
        dump_agreement,
    )
    from lockstep.agreement.loader import available_agreements, load_agreement, parse_agreement
    from lockstep.agreement.milestones import add_offset
    from lockstep.agreement.schema import (
        OPEN_ENDS,
        Agreement,
        Dispute,
        MetricRef,
        Milestone,
        Obligation,
        Offset,
        Party,
        Phase,
        Reading,
    )
    from lockstep.agreement.vocabulary import MetricDefinition, Vocabulary, load_vocabulary
    from lockstep.agreement.yamlio import LocatedDataError

if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, __file__)

__all__ = [
    "OPEN_ENDS",
    "Agreement",
    "Dispute",
    "LocatedDataError",
    "MetricDefinition",
    "MetricRef",
    "Milestone",
    "Obligation",
    "Offset",
    "Party",
    "Phase",
    "Reading",
    "Vocabulary",
    "add_offset",
    "agreement_json",
    "agreement_json_schema",
    "agreement_json_schema_text",
    "available_agreements",
    "dump_agreement",
    "load_agreement",
    "load_vocabulary",
    "parse_agreement",
    "satisfies",
]
