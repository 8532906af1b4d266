"""Compliance by party and date: who kept which promise, when, by how much.

Every obligation of the agreement (``lockstep.agreement``) is evaluated against the
record (``lockstep.record``): quantitative obligations from the IAEA's figures,
qualitative ones from dated events and sanctions measures, periods from the agreement's
milestones. Each :class:`Finding` gives the status, the value against the limit with its
ratio, the date the status began, the evidence with its sources, and each party's
reading where parties read the clause differently. Facts (what the IAEA reported, what a
government enacted) decide the status as written; readings and justifications are
reported beside it. See ``docs/compliance.md``.

>>> import datetime as dt
>>> from lockstep.agreement import load_agreement
>>> from lockstep.record import load_record
>>> from lockstep.compliance import evaluate
>>> jcpoa, record = load_agreement("jcpoa"), load_record(include_user=False)
>>> us = evaluate(jcpoa, record, dt.date(2018, 12, 31), party="us")
>>> [f.status for f in us if f.obligation == "us_refrain_reimposition"]
['breached']
"""

from typing import TYPE_CHECKING

from lockstep._lazy import attach

if TYPE_CHECKING:
    from lockstep.compliance.evaluation import build_finding, final_state
    from lockstep.compliance.export import (
        INTERVAL_FIELDS,
        evidence_to_dict,
        finding_to_dict,
        findings_to_dict,
        interval_to_dict,
        reading_to_dict,
        summary_to_dict,
        timeline_to_dict,
    )
    from lockstep.compliance.model import (
        STATUSES,
        Evidence,
        Finding,
        Interval,
        LastKnown,
        PartySummary,
        ReadingOutcome,
        Status,
    )
    from lockstep.compliance.plan import compile_plans
    from lockstep.compliance.rules import Rules, load_rules, parse_rules
    from lockstep.compliance.summary import (
        PARTY_LANE_PRECEDENCE,
        count_by_party,
        first_breaches,
        party_lanes,
        party_summary,
    )
    from lockstep.compliance.timeline import clear_cache, evaluate, timeline

if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, __file__)

__all__ = [
    "INTERVAL_FIELDS",
    "PARTY_LANE_PRECEDENCE",
    "STATUSES",
    "Evidence",
    "Finding",
    "Interval",
    "LastKnown",
    "PartySummary",
    "ReadingOutcome",
    "Rules",
    "Status",
    "build_finding",
    "clear_cache",
    "compile_plans",
    "count_by_party",
    "evaluate",
    "evidence_to_dict",
    "final_state",
    "finding_to_dict",
    "findings_to_dict",
    "first_breaches",
    "interval_to_dict",
    "load_rules",
    "parse_rules",
    "party_lanes",
    "party_summary",
    "reading_to_dict",
    "summary_to_dict",
    "timeline",
    "timeline_to_dict",
]
