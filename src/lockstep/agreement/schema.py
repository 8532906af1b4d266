"""The agreement schema: parties, milestones, obligations, readings and disputes.

These pydantic models are the format of the agreement files
(``lockstep/data/agreements/*.yaml``) and the objects the rest of lockstep works with.
Every field is documented in ``docs/agreement.md``; the JSON Schema of the file format is
``docs/schema/agreement.schema.json`` (``lockstep agreement schema``).

Conventions: limits are in library units (the metric's unit in the vocabulary; an
agreement file may write a convertible unit such as ``pct`` and it is converted on load,
keeping ``display_unit``). Durations run from the ``start`` milestone to the ``end``
milestone, end exclusive. ``end`` may instead be an open end (``OPEN_ENDS``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    ValidationInfo,
    model_validator,
)

from lockstep.agreement.milestones import MilestoneCycleError, resolve_milestones

#: How well an entry is established: ``high`` = wording and clause confirmed in a
#: retrieved text or firmly established; ``medium`` = content certain, clause number
#: recalled or from a secondary paraphrase; ``low`` = single weak source or reconstructed.
Confidence = Literal["high", "medium", "low"]
#: How a limit is compared with the metric's value (see ``comparators.satisfies``).
Comparator = Literal[
    "le",
    "lt",
    "ge",
    "gt",
    "eq",
    "ne",
    "is_true",
    "is_false",
    "in",
    "not_in",
    "subset_of",
    "superset_of",
    "disjoint_from",
]
#: ``continuing``: the condition must hold on every day from start to end (end
#: exclusive); ``by_deadline``: it must hold on the end date (a step to be taken by then).
Timing = Literal["continuing", "by_deadline"]
#: What a reading implies for the obligation (see ``docs/agreement.md``, "Readings").
ReadingStatus = Literal[
    "compliant",
    "non_compliant",
    "permitted_cessation",
    "binding",
    "not_binding",
    "in_force",
    "terminated",
    "void",
]
#: Ends that are not milestones: ``none_indefinite`` (no end: an open-ended commitment),
#: ``none_specified`` (the text gives no end), ``jcpoa_lifetime`` (for as long as the
#: agreement is implemented; no calendar end) and ``conditional`` (ends when the
#: condition in ``end_condition`` is met).
OPEN_ENDS: tuple[str, ...] = ("none_indefinite", "none_specified", "jcpoa_lifetime", "conditional")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID_PATTERN = r"^[a-z][a-z0-9_]*$"


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date written YYYY-MM-DD, not a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a calendar date (expected YYYY-MM-DD)") from None
    raise ValueError(f"expected a date written YYYY-MM-DD, got {value!r}")


#: A calendar date written ``YYYY-MM-DD`` (nothing else is accepted).
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
]
#: Lowercase snake_case identifier.
Identifier = Annotated[str, Field(pattern=_ID_PATTERN)]
#: A limit: a number, true/false, a category, a list of categories, or null.
LimitValue = int | float | bool | str | tuple[str, ...] | None


class _Strict(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        populate_by_name=True,
        str_strip_whitespace=True,
        defer_build=True,
    )


class Party(_Strict):
    """A party to the agreement, a group of parties, or an actor without obligations.

    Attributes
    ----------
    id
        Lowercase identifier (``iran``, ``us``, ``eu``, ``e3``, ``unsc``, ``all``...).
    name
        Display name.
    kind
        ``state``, ``group`` (of other parties), ``organisation`` (the EU),
        ``un_organ`` (the Security Council) or ``verifier`` (the IAEA).
    includes
        Ids of the parties a group includes (each must be a party of the file).
    states
        Names of the states a party stands for (e.g. E3: France, Germany, UK).
    notes
        Remarks.
    """

    id: Identifier
    name: str = Field(min_length=1)
    kind: Literal["state", "group", "organisation", "un_organ", "verifier"]
    includes: tuple[Identifier, ...] = ()
    states: tuple[str, ...] = ()
    notes: str = ""


class Offset(_Strict):
    """A milestone defined relative to another: ``from`` plus years, months and days."""

    from_: Identifier = Field(alias="from")
    years: int = 0
    months: int = 0
    days: int = 0


class Milestone(_Strict):
    """A dated point of the agreement's timeline.

    A milestone has a fixed ``date`` (what happened, or what the text fixes), an
    ``offset`` from another milestone, or both (then they must agree). ``or_earlier``
    lists milestones that end it earlier if they come first ("X years after Adoption
    Day or the Broader Conclusion, whichever is earlier"). A milestone with neither
    date nor offset has not occurred (e.g. the Broader Conclusion) and resolves to None.

    Attributes
    ----------
    id, aliases
        Identifier and former identifiers still accepted.
    name
        Display name.
    date
        Fixed date, if any.
    offset
        Definition relative to another milestone.
    or_earlier
        Milestones that end this one earlier if they occur first.
    kind
        ``treaty`` (defined by the text), ``derived`` (an anniversary computed from the
        text), ``event`` (an act such as a vote or notification), ``condition`` (a state
        of affairs that may never occur).
    time_utc
        Time of day where the legal effect depends on it.
    definition
        What the text says (own words).
    status
        What actually happened.
    reference, sources, confidence, notes, changes
        Provenance; ``changes`` records edits made to the reference data and why.
    """

    id: Identifier
    aliases: tuple[Identifier, ...] = ()
    name: str = Field(min_length=1)
    date: IsoDate | None = None
    offset: Offset | None = None
    or_earlier: tuple[Identifier, ...] = ()
    kind: Literal["treaty", "derived", "event", "condition"]
    time_utc: str | None = None
    definition: str = Field(min_length=1)
    status: str = ""
    reference: str = ""
    sources: tuple[str, ...] = ()
    confidence: Confidence
    notes: str = ""
    changes: tuple[str, ...] = ()


class MetricRef(_Strict):
    """The metric an obligation constrains: a vocabulary name and its qualifiers.

    A qualifier given as a list means the limit applies to each value separately
    (e.g. ``model: [IR-6, IR-8]`` with limit 200: at most 200 of each).
    """

    name: Identifier
    qualifiers: dict[str, str | tuple[str, ...]] = Field(default_factory=dict)

    def label(self) -> str:
        """``name{key=value, ...}`` for display."""
        if not self.qualifiers:
            return self.name
        parts = []
        for key, value in self.qualifiers.items():
            shown = "|".join(value) if isinstance(value, tuple) else value
            parts.append(f"{key}={shown}")
        return f"{self.name}{{{', '.join(parts)}}}"


class Phase(_Strict):
    """A period in which the limit differs from the obligation's base limit.

    Attributes
    ----------
    start, end
        Milestone ids bounding the phase (end exclusive; ``end`` may be an open end).
    limit
        Limit in force during the phase (library units); null = no numeric limit.
    note
        What the text says about the phase.
    """

    start: Identifier
    end: Identifier
    limit: LimitValue = None
    note: str = ""


class Reading(_Strict):
    """How one or more parties read a clause, and what that implies.

    Attributes
    ----------
    holder
        Party ids that hold the reading.
    reading
        The position, in our own words.
    status_implied
        What the reading implies for the obligation (``ReadingStatus``).
    since, until
        When the reading was first stated and, if abandoned, when.
    sources
        Where the position is documented.
    dispute
        Id of the agreement-level dispute the reading belongs to (set on expansion).
    """

    holder: tuple[Identifier, ...] = Field(min_length=1)
    reading: str = Field(min_length=1)
    status_implied: ReadingStatus
    since: IsoDate | None = None
    until: IsoDate | None = None
    sources: tuple[str, ...] = Field(min_length=1)
    dispute: Identifier | None = None


class Dispute(_Strict):
    """A disagreement that bears on several obligations, with each side's reading."""

    id: Identifier
    title: str = Field(min_length=1)
    since: IsoDate | None = None
    summary: str = ""
    readings: tuple[Reading, ...] = Field(min_length=2)


class Obligation(_Strict):
    """One commitment of one party.

    Attributes
    ----------
    id
        Stable identifier (the record's events refer to it).
    aliases
        Former ids still accepted by ``Agreement.obligation``.
    party
        Party id that owes the obligation.
    category
        Category from the vocabulary.
    description
        The commitment in our own words.
    metric
        Metric name and qualifiers from the vocabulary.
    comparator
        How the metric's value is compared with the limit.
    limit
        The limit in library units (null for boolean metrics, or when phases carry it).
    unit
        Library unit of ``limit`` (after conversion).
    display_unit
        Unit the text uses, if different (e.g. ``pct``); see ``limit_display``.
    limit_as_written
        The limit in the text's own terms (e.g. "300 kg of UF6 enriched up to 3.67 %").
    limit_detail
        Further numbers of the clause (e.g. cascades, ranges).
    baseline
        Milestone whose metric value the limit is added to ("no more than at the start").
    phases
        Periods with a different limit.
    start, end
        Milestone ids; ``end`` may be an open end (``OPEN_ENDS``).
    end_condition
        The condition of a ``conditional`` end.
    timing
        ``continuing`` or ``by_deadline``.
    reference
        Clause(s) of the text (e.g. "JCPOA Annex I para 28").
    confidence
        How well the entry is established.
    readings
        Readings specific to this obligation.
    disputes
        Ids of agreement-level disputes bearing on it.
    notes, sources, changes
        Remarks, where the entry was checked, and edits made to the reference data.
    """

    id: Identifier
    aliases: tuple[Identifier, ...] = ()
    party: Identifier
    category: Identifier
    description: str = Field(min_length=1)
    metric: MetricRef
    comparator: Comparator
    limit: LimitValue = None
    unit: str
    display_unit: str | None = None
    limit_as_written: str | None = None
    limit_detail: dict[str, int | float | str] | None = None
    baseline: Identifier | None = None
    phases: tuple[Phase, ...] = ()
    start: Identifier
    end: Identifier
    end_condition: str | None = None
    timing: Timing = "continuing"
    reference: str = Field(min_length=1)
    confidence: Confidence
    readings: tuple[Reading, ...] = ()
    disputes: tuple[Identifier, ...] = ()
    notes: str = ""
    sources: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()

    @property
    def open_ended(self) -> bool:
        """True if the obligation has no end milestone."""
        return self.end in OPEN_ENDS


def _convert_units(data: Any, info: ValidationInfo) -> Any:
    """Convert limits written in a convertible unit (e.g. pct) to the library unit."""
    from lockstep.agreement.vocabulary import load_vocabulary

    if not isinstance(data, dict) or not isinstance(data.get("obligations"), list):
        return data
    vocabulary = (info.context or {}).get("vocabulary") or load_vocabulary()
    obligations = []
    for item in data["obligations"]:
        obligations.append(_convert_obligation(item, vocabulary))
    return {**data, "obligations": obligations}


def _scale(value: Any, factor: float) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(f"{value * factor:.12g}")
    return value


def _convert_obligation(item: Any, vocabulary: Any) -> Any:
    if not isinstance(item, dict):
        return item
    metric = item.get("metric")
    unit = item.get("unit")
    name = metric.get("name") if isinstance(metric, dict) else None
    definition = vocabulary.metric(name) if isinstance(name, str) else None
    if definition is None or not isinstance(unit, str) or unit == definition.unit:
        return item
    factor = vocabulary.conversion(unit, definition.unit)
    if factor is None:
        return item  # reported by the reference checks
    converted = dict(item)
    converted["limit"] = _scale(item.get("limit"), factor)
    converted["unit"] = definition.unit
    converted.setdefault("display_unit", unit)
    phases = item.get("phases")
    if isinstance(phases, list):
        converted["phases"] = [
            {**phase, "limit": _scale(phase.get("limit"), factor)}
            if isinstance(phase, dict)
            else phase
            for phase in phases
        ]
    return converted


class Agreement(_Strict):
    """A nonproliferation agreement: its parties, timeline, obligations and disputes.

    Build it with ``lockstep.agreement.load_agreement`` (which reports errors with the
    file and line, and runs the cross-reference checks of ``lockstep.agreement.checks``);
    validating a dict directly checks fields only. Milestone dates are resolved once,
    at validation.

    Attributes
    ----------
    schema_version
        Version of the file format (1).
    id, name, short_name
        Identifier (``jcpoa``), full and short names.
    kind
        ``comprehensive`` or ``interim``.
    concluded
        Date the text was agreed.
    summary
        What the agreement does, in our own words.
    source_documents
        The texts, by key (official symbol and copies used).
    parties, milestones, disputes, obligations
        The content.
    notes
        Remarks.
    changes
        Agreement-wide edits made to the reference data and why.
    """

    schema_version: Literal[1] = 1
    id: Identifier
    name: str = Field(min_length=1)
    short_name: str = Field(min_length=1)
    kind: Literal["comprehensive", "interim"]
    concluded: IsoDate
    summary: str = ""
    source_documents: dict[str, str] = Field(default_factory=dict)
    parties: tuple[Party, ...] = Field(min_length=1)
    milestones: tuple[Milestone, ...] = Field(min_length=1)
    disputes: tuple[Dispute, ...] = ()
    obligations: tuple[Obligation, ...] = Field(min_length=1)
    notes: str = ""
    changes: tuple[str, ...] = ()

    # Resolved date of every milestone id and alias (one private lookup per query: private
    # attributes of pydantic models are slow to reach).
    _date_of: dict[str, dt.date | None] = PrivateAttr(default_factory=dict)
    _milestone_ids: dict[str, str] = PrivateAttr(default_factory=dict)
    _obligations: dict[str, Obligation] = PrivateAttr(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _before(cls, data: Any, info: ValidationInfo) -> Any:
        return _convert_units(data, info)

    @model_validator(mode="after")
    def _after(self) -> Agreement:
        # Cross-reference checks (lockstep.agreement.checks) sit above the schema and run
        # in the loader; here only the lookups the schema itself needs are built.
        for m in self.milestones:
            self._milestone_ids.update(dict.fromkeys((m.id, *m.aliases), m.id))
        for o in self.obligations:
            self._obligations.update(dict.fromkeys((o.id, *o.aliases), o))
        try:
            dates = resolve_milestones(self.milestones)
        except MilestoneCycleError:
            return self  # no dates; the loader's checks name the cycle
        for m in self.milestones:
            self._date_of.update(dict.fromkeys((m.id, *m.aliases), dates[m.id]))
        self._date_of.update(dict.fromkeys(OPEN_ENDS))
        return self

    # ------------------------------------------------------------------ lookups
    def party(self, party_id: str) -> Party:
        """The party ``party_id``; DomainError if the agreement has none."""
        for item in self.parties:
            if item.id == party_id:
                return item
        raise _unknown("party", party_id, [p.id for p in self.parties], self.id)

    def milestone(self, milestone_id: str) -> Milestone:
        """The milestone ``milestone_id`` (or one of its aliases)."""
        canonical = self._milestone_ids.get(milestone_id)
        for item in self.milestones:
            if item.id == canonical:
                return item
        raise _unknown("milestone", milestone_id, [m.id for m in self.milestones], self.id)

    def obligation(self, obligation_id: str) -> Obligation:
        """The obligation ``obligation_id`` (or one of its aliases)."""
        found = self._obligations.get(obligation_id)
        if found is not None:
            return found
        raise _unknown("obligation", obligation_id, [o.id for o in self.obligations], self.id)

    def dispute(self, dispute_id: str) -> Dispute:
        """The dispute ``dispute_id``."""
        for item in self.disputes:
            if item.id == dispute_id:
                return item
        raise _unknown("dispute", dispute_id, [d.id for d in self.disputes], self.id)

    # ------------------------------------------------------------------ dates
    def milestone_date(self, milestone_id: str) -> dt.date | None:
        """Resolved date of a milestone (None if it has not occurred or is open).

        Open ends (``OPEN_ENDS``) resolve to None.
        """
        date_of = self._date_of
        if milestone_id not in date_of:
            self.milestone(milestone_id)  # raises the DomainError naming the known ids
        return date_of[milestone_id]

    def start_date(self, obligation: Obligation) -> dt.date | None:
        """Date the obligation starts (None if its start milestone has not occurred)."""
        return self.milestone_date(obligation.start)

    def end_date(self, obligation: Obligation) -> dt.date | None:
        """Date the obligation ends (exclusive); None for an open end or unresolved end."""
        return self.milestone_date(obligation.end)

    def is_active(self, obligation: Obligation, date: dt.date) -> bool:
        """Whether the obligation applies on ``date``.

        A ``continuing`` obligation applies from its start date up to, not including,
        its end date (open ends never end). A ``by_deadline`` obligation applies from
        its start date through its deadline (inclusive): it must be met by then.
        """
        start = self.start_date(obligation)
        if start is None or date < start:
            return False
        end = self.end_date(obligation)
        if end is None:
            return obligation.open_ended
        return date <= end if obligation.timing == "by_deadline" else date < end

    def limit_at(self, obligation: Obligation, date: dt.date) -> LimitValue:
        """The limit in force on ``date``: the phase covering it, else the base limit."""
        for phase in obligation.phases:
            start = self.milestone_date(phase.start)
            end = self.milestone_date(phase.end)
            if start is None or date < start:
                continue
            if end is None and phase.end not in OPEN_ENDS:
                continue  # the phase ends at a milestone that has not occurred: open
            if end is None or date < end:
                return phase.limit
        return obligation.limit

    # ------------------------------------------------------------------ parties
    def groups_of(self, party_id: str) -> tuple[str, ...]:
        """Ids of the groups that include ``party_id``, directly or through other groups."""
        self.party(party_id)
        found: list[str] = []
        frontier = [party_id]
        while frontier:
            current = frontier.pop()
            for group in self.parties:
                if current in group.includes and group.id not in found:
                    found.append(group.id)
                    frontier.append(group.id)
        return tuple(found)

    def obligations_for(
        self, party_id: str, *, include_groups: bool = False
    ) -> tuple[Obligation, ...]:
        """Obligations owed by ``party_id`` (and by the groups it belongs to, if asked)."""
        owners = {party_id}
        if include_groups:
            owners.update(self.groups_of(party_id))
        else:
            self.party(party_id)
        return tuple(o for o in self.obligations if o.party in owners)

    def active_obligations(
        self, date: dt.date, party_id: str | None = None
    ) -> tuple[Obligation, ...]:
        """Obligations that apply on ``date`` (optionally of one party only)."""
        pool = self.obligations if party_id is None else self.obligations_for(party_id)
        return tuple(o for o in pool if self.is_active(o, date))

    # ------------------------------------------------------------------ readings
    def readings(self, obligation: Obligation) -> tuple[Reading, ...]:
        """All readings bearing on the obligation: its own, then those of its disputes."""
        found = list(obligation.readings)
        for dispute_id in obligation.disputes:
            dispute = self.dispute(dispute_id)
            found.extend(r.model_copy(update={"dispute": dispute.id}) for r in dispute.readings)
        return tuple(found)

    def readings_at(self, obligation: Obligation, date: dt.date) -> tuple[Reading, ...]:
        """Readings held on ``date``: stated by then (or undated) and not yet abandoned."""
        return tuple(
            r
            for r in self.readings(obligation)
            if (r.since is None or r.since <= date) and (r.until is None or date < r.until)
        )

    def is_disputed(self, obligation: Obligation) -> bool:
        """True if any party reads the obligation differently (it has readings)."""
        return bool(obligation.readings or obligation.disputes)


def _unknown(kind: str, value: str, known: list[str], agreement_id: str) -> Exception:
    from lockstep.errors import DomainError

    shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    return DomainError(kind, f"a {kind} id of agreement '{agreement_id}' ({shown}); got '{value}'")
