"""Types of the compliance evaluation: findings, evidence, readings, intervals, summaries.

A :class:`Finding` is one obligation of one party evaluated on one date. Its ``status``
is one of :data:`STATUSES`; ``status_as_written`` is the status of the obligation as
written against the record, before the parties' readings are considered (the two differ
only when the readings lead to different statuses and ``status`` is ``disputed``).
Values are in library units (kg U, U-235 fractions, counts, tonnes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

#: Status of an obligation on a date (``docs/compliance.md``, "Statuses").
Status = Literal[
    "complies", "breached", "suspended", "not_in_force", "expired", "unknown", "disputed"
]
#: Every status, in display order.
STATUSES: tuple[Status, ...] = (
    "complies",
    "breached",
    "suspended",
    "disputed",
    "unknown",
    "not_in_force",
    "expired",
)
#: What a piece of evidence is.
EvidenceKind = Literal["observation", "event", "measure", "milestone"]
#: How a reading bears on a finding (``docs/compliance.md``, "Readings").
ReadingRole = Literal["justification", "assessment", "legal_effect"]


@dataclass(frozen=True)
class Evidence:
    """A fact from the record (or the agreement) that a finding rests on.

    Attributes
    ----------
    kind
        ``observation`` (an IAEA figure), ``event`` (a dated action), ``measure`` (a
        change of a sanctions measure) or ``milestone`` (a date of the agreement).
    id
        Id of the observation, event or milestone.
    date
        Date of the figure (``as_of``), event, change or milestone.
    source
        Document or title the row cites.
    url
        Address read, if any.
    status
        For figures: ``verified``, ``estimated``, ``declared`` or ``unverified`` (as
        known on the finding's date); for events: the event kind; for measures: the
        effect.
    confidence
        ``high``, ``medium`` or ``low`` (of the row).
    role
        Why it is listed: ``current`` (sets the present status), ``run_start`` (began
        the present status), ``announcement`` (a stated cessation), ``context``.
    description
        What it says, in words.
    report
        Report symbol of a figure (``GOV/2019/55``), if any.
    value, unit
        The figure in library units, if any.
    age_days
        Age of a figure on the finding's date [days].
    """

    kind: EvidenceKind
    id: str
    date: dt.date
    source: str
    url: str | None = None
    status: str | None = None
    confidence: str | None = None
    role: str = "current"
    description: str = ""
    report: str | None = None
    value: Any = None
    unit: str | None = None
    age_days: int | None = None


@dataclass(frozen=True)
class ReadingOutcome:
    """One party's reading of the obligation on the finding's date, and what it implies.

    Attributes
    ----------
    holder
        Party ids holding the reading.
    reading
        The position, in words (from the agreement).
    status_implied
        The agreement's ``status_implied`` (``non_compliant``, ``terminated``...).
    implies
        The status of the obligation under this reading.
    role
        ``justification`` (the obligated party's own defence), ``assessment`` (another
        party's judgement of the conduct) or ``legal_effect`` (whether the clause or an
        act has legal effect).
    since, until
        When the position was stated and, if abandoned, when.
    sources
        Where the position is documented.
    dispute
        The agreement-level dispute it belongs to, if any.
    rule
        The rule of ``rules.yaml`` used to translate it, if any.
    """

    holder: tuple[str, ...]
    reading: str
    status_implied: str
    implies: Status
    role: ReadingRole
    since: dt.date | None
    until: dt.date | None
    sources: tuple[str, ...]
    dispute: str | None = None
    rule: str | None = None


@dataclass(frozen=True)
class LastKnown:
    """The last figure known before access was lost (never a silent current value).

    Attributes
    ----------
    value, unit
        The figure (library units).
    as_of
        Its date.
    age_days
        Days between ``as_of`` and the finding's date [days].
    status
        Its status when reported (``verified`` or ``estimated``).
    ratio
        ``value / limit`` where meaningful.
    status_then
        The status the figure gave on its date.
    """

    value: Any
    unit: str
    as_of: dt.date
    age_days: int
    status: str
    ratio: float | None
    status_then: Status


@dataclass(frozen=True)
class Finding:
    """One obligation of one party evaluated on one date.

    Attributes
    ----------
    as_of
        The date evaluated.
    party
        Party id that owes the obligation (``iran``, ``us``, ``eu``, ``e3``, ``unsc``,
        ``all``, ``e3eu3``).
    obligation
        Obligation id.
    description, reference, category
        From the agreement.
    metric
        Metric label (``enriched_uranium_stock{band=total}``).
    comparator
        How the value is compared with the limit.
    status
        Status on the date (:data:`Status`).
    status_as_written
        Status of the obligation as written against the record, before readings.
    observed
        The value used, in library units (a number, a boolean, a category or a sorted
        list); ``None`` when no current value exists.
    observed_bound
        An upper bound used when the source gives only "at most" [library unit].
    limit
        The limit in force on the date (library units).
    unit
        Library unit of ``observed`` and ``limit``.
    unit_display, observed_display, limit_display
        The same in the agreement's display unit (``pct``) where it has one.
    ratio
        ``observed / limit`` for numeric limits other than zero; ``None`` otherwise.
    since
        First day of the present run of ``status`` (``None`` before the start).
    evidence
        What the finding rests on.
    no_evidence_reason
        Why ``evidence`` is empty, when it is.
    readings
        Readings held on the date, with what each implies.
    justification
        The obligated party's stated reason for not performing, if any, recorded as
        such (it never changes ``status``).
    note
        The finding in words.
    confidence
        How well the status is established: ``high``, ``medium`` or ``low``.
    basis
        What decided the status: ``figures``, ``events``, ``measures``, ``milestones``,
        ``access_lost`` or ``none``.
    responsible
        Parties whose conduct set the status (for group obligations), if known.
    last_known
        The last figure before access was lost, for ``unknown`` findings.
    status_at_end
        For an expired step due by a deadline: its status on the deadline.
    start_date, end_date
        The obligation's period (end exclusive; deadline inclusive for steps).
    timing
        ``continuing`` or ``by_deadline``.
    """

    as_of: dt.date
    party: str
    obligation: str
    description: str
    reference: str
    category: str
    metric: str
    comparator: str
    status: Status
    status_as_written: Status
    observed: Any
    limit: Any
    unit: str
    ratio: float | None
    since: dt.date | None
    evidence: tuple[Evidence, ...]
    readings: tuple[ReadingOutcome, ...]
    note: str
    confidence: str
    basis: str
    no_evidence_reason: str | None = None
    justification: str | None = None
    observed_bound: float | None = None
    unit_display: str | None = None
    observed_display: Any = None
    limit_display: Any = None
    responsible: tuple[str, ...] = ()
    last_known: LastKnown | None = None
    status_at_end: Status | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    timing: str = "continuing"


@dataclass(frozen=True)
class Interval:
    """A run of one status of one obligation (both ends inclusive).

    Attributes
    ----------
    party, obligation, metric
        As in :class:`Finding`.
    status
        The status throughout the interval.
    start, end
        First and last day [dates, inclusive].
    ratio_max
        Largest ``observed / limit`` reached in the interval, if any.
    """

    party: str
    obligation: str
    metric: str
    status: Status
    start: dt.date
    end: dt.date
    ratio_max: float | None = None

    @property
    def days(self) -> int:
        """Length of the interval [days]."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class PartySummary:
    """A party's obligations on a date, counted by status.

    Attributes
    ----------
    party
        Party id.
    as_of
        The date.
    counts
        Number of obligations in each status (every status present, zeros included).
    first_breach
        Date and obligation of the earliest breach on record up to the date, if any.
    biggest_breaches
        Breached obligations with the largest ``observed / limit``, largest first, as
        ``(obligation, ratio)``.
    """

    party: str
    as_of: dt.date
    counts: dict[str, int]
    first_breach: tuple[dt.date, str] | None
    biggest_breaches: tuple[tuple[str, float], ...]
