"""Readings of disputed clauses: what each implies, and when an obligation is ``disputed``.

The agreement records, for disputed clauses, each party's reading with its
``status_implied`` (``docs/agreement.md``). Here each reading held on a date becomes a
:class:`~lockstep.compliance.model.ReadingOutcome` with the status the obligation has
under it, and a role:

- ``justification``: the obligated party's own defence of its conduct
  (``permitted_cessation``, ``not_binding``, ``compliant`` held by the party that owes
  the obligation, or by a member of the group that owes it). Recorded as the party's
  justification; it never changes the status.
- ``legal_effect``: whether the clause, or an act such as a snapback notification, has
  legal effect (``in_force``, ``terminated``, ``void``, ``binding``, and ``not_binding``
  held by others).
- ``assessment``: another party's judgement of the conduct (``compliant``,
  ``non_compliant``, ``permitted_cessation`` held by others).

General translation (``rules.yaml`` ``reading_effects`` refines it for some obligations):
``compliant`` -> complies, ``non_compliant`` -> breached, ``permitted_cessation`` ->
suspended, ``not_binding`` -> not_in_force, ``terminated`` -> expired, ``binding`` and
``in_force`` -> the status as written, ``void`` -> the status as written with the acts
the holders contest left out.

An obligation is ``disputed`` on a date when the legal-effect readings held then imply
two or more different statuses, or the assessments do; each reading is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from lockstep.agreement import Agreement, Obligation, Reading
from lockstep.compliance.model import ReadingOutcome, ReadingRole, Status
from lockstep.compliance.qualitative import members
from lockstep.compliance.rules import Rules

_GENERAL: dict[str, str] = {
    "compliant": "complies",
    "non_compliant": "breached",
    "permitted_cessation": "suspended",
    "not_binding": "not_in_force",
    "terminated": "expired",
    "binding": "as_written",
    "in_force": "as_written",
    "void": "as_written_uncontested",
}
_DEFENCES = ("permitted_cessation", "not_binding", "compliant")
_LEGAL = ("in_force", "terminated", "void", "binding", "not_binding")


def role_of(reading: Reading, owners: frozenset[str]) -> ReadingRole:
    """The role of a reading for an obligation owed by ``owners`` (module docstring).

    ``owners`` is the obligated party and, for a group, its members: a member's defence
    of its own part in a group commitment is a justification too.
    """
    if owners & set(reading.holder) and reading.status_implied in _DEFENCES:
        return "justification"
    if reading.status_implied in _LEGAL:
        return "legal_effect"
    return "assessment"


def reading_dates(agreement: Agreement, obligation: Obligation, rules: Rules) -> set[dt.date]:
    """Dates on which the readings held, or their effect, change."""
    dates: set[dt.date] = set()
    for reading in agreement.readings(obligation):
        for day in (reading.since, reading.until):
            if day is not None:
                dates.add(day)
        rule = rules.reading_effect(obligation.id, reading.dispute, reading.status_implied)
        if rule is not None and rule.effective_from is not None:
            effective = agreement.milestone_date(rule.effective_from)
            if effective is not None:
                dates.add(effective)
    return dates


def outcomes(
    agreement: Agreement,
    obligation: Obligation,
    date: dt.date,
    rules: Rules,
    as_written: Status,
    uncontested: Callable[[tuple[str, ...]], Status],
) -> tuple[ReadingOutcome, ...]:
    """The readings held on ``date`` with the status each implies.

    Parameters
    ----------
    agreement, obligation, date
        What is evaluated.
    rules
        The compliance rules (``reading_effects``).
    as_written
        The status of the obligation as written against the record.
    uncontested
        The status as written when the events contested by the given holders are left
        out (for ``void`` readings).
    """
    owners = members(agreement, obligation.party)
    found = []
    for reading in agreement.readings_at(obligation, date):
        rule = rules.reading_effect(obligation.id, reading.dispute, reading.status_implied)
        implied = _GENERAL[reading.status_implied]
        rule_note = None
        if rule is not None:
            effective = (
                agreement.milestone_date(rule.effective_from) if rule.effective_from else None
            )
            if rule.effective_from is not None and (effective is None or date < effective):
                implied = "as_written"
            elif rule.implies is not None:
                implied = rule.implies
            rule_note = rule.rationale
        if implied == "as_written":
            status: Status = as_written
        elif implied == "as_written_uncontested":
            status = uncontested(reading.holder)
        else:
            status = implied  # type: ignore[assignment]
        found.append(
            ReadingOutcome(
                holder=reading.holder,
                reading=reading.reading,
                status_implied=reading.status_implied,
                implies=status,
                role=role_of(reading, owners),
                since=reading.since,
                until=reading.until,
                sources=reading.sources,
                dispute=reading.dispute,
                rule=rule_note,
            )
        )
    return tuple(found)


def is_disputed(found: Sequence[ReadingOutcome]) -> bool:
    """True when the legal-effect readings, or the assessments, imply different statuses."""
    for role in ("legal_effect", "assessment"):
        if len({r.implies for r in found if r.role == role}) > 1:
            return True
    return False


def justification(found: Sequence[ReadingOutcome]) -> str | None:
    """The obligated party's stated reasons, joined, if any."""
    texts = [r.reading for r in found if r.role == "justification"]
    return " ".join(texts) if texts else None
