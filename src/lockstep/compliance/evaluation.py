"""The status of an obligation on a date, and the full finding with its evidence.

:func:`final_state` combines the as-written step (``plan.walk``) with what depends on
the date alone:

1. before the start milestone: ``not_in_force``; after the end: ``expired`` (a step due
   by a deadline keeps its status on the deadline in ``status_at_end``);
2. a step due by a deadline and not yet recorded as taken ``complies`` until the
   deadline (it is not yet due); announced as not to be taken, it is ``breached`` on the
   deadline;
3. while the IAEA has no access (``plan.AccessLoss``), an obligation resting on IAEA
   figures is ``unknown``, with the last figure kept in ``last_known``;
4. the readings held on the date: ``disputed`` when they lead to different statuses
   (``readings``).

:func:`build_finding` adds the evidence, the note, the confidence and ``since``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from lockstep.agreement import Obligation
from lockstep.compliance.model import Evidence, Finding, LastKnown, ReadingOutcome, Status
from lockstep.compliance.plan import AccessLoss, Plan, Step
from lockstep.compliance.quantitative import FigurePoint
from lockstep.compliance.readings import is_disputed, justification, outcomes
from lockstep.record import Event, Observation

_RANK = {"high": 0, "medium": 1, "low": 2}
_NAMES = {"high": "high", "medium": "medium", "low": "low"}


@dataclass(frozen=True)
class FinalState:
    """Everything that decides a finding on one date.

    Attributes
    ----------
    status, as_written
        Final status and status as written.
    phase
        ``before``, ``active`` or ``after`` the obligation's period.
    step
        The as-written step in force (None before any).
    pending
        True for a step not yet due and not yet recorded as taken.
    loss
        The access loss covering the date, if it makes the finding unknown.
    readings
        Readings held on the date.
    status_at_end
        For an expired deadline step, its status on the deadline.
    """

    status: Status
    as_written: Status
    phase: str
    step: Step | None
    pending: bool
    loss: AccessLoss | None
    readings: tuple[ReadingOutcome, ...]
    status_at_end: Status | None = None


def _written(plan: Plan, date: dt.date) -> tuple[Status, Step | None, bool, AccessLoss | None]:
    """The as-written status of an active obligation on ``date``."""
    step = plan.step_at(date)
    status = cast(Status, step.status) if step is not None and step.status else "unknown"
    pending = False
    obligation = plan.obligation
    if obligation.timing == "by_deadline" and plan.end is not None:
        early_figure = status == "breached" and step is not None and step.basis == "figures"
        if date < plan.end and (status == "unknown" or early_figure):
            # Not yet due: a figure beyond the final limit before the deadline is no breach.
            pending, status = True, "complies"
        elif date >= plan.end and status == "suspended":
            status = "breached"
    loss = None
    if plan.access_sensitive:
        loss = next((run for run in plan.losses if run.covers(date)), None)
        if loss is not None:
            status = "unknown"
    return status, step, pending, loss


def final_state(plan: Plan, date: dt.date) -> FinalState:
    """The status of ``plan``'s obligation on ``date`` (module docstring)."""
    obligation = plan.obligation
    if plan.start is None or date < plan.start:
        return FinalState("not_in_force", "not_in_force", "before", None, False, None, ())
    deadline = obligation.timing == "by_deadline"
    end = plan.end
    if end is not None and (date > end if deadline else date >= end):
        at_end = None
        if deadline:
            at_end = _written(plan, end)[0]
        return FinalState(
            "expired", "expired", "after", plan.step_at(date), False, None, (), at_end
        )
    as_written, step, pending, loss = _written(plan, date)

    def uncontested(holders: tuple[str, ...]) -> Status:
        other = plan.step_uncontested(holders, date)
        if loss is not None:
            return "unknown"
        return cast(Status, other.status) if other is not None and other.status else "unknown"

    found = outcomes(plan.agreement, obligation, date, plan.rules, as_written, uncontested)
    status: Status = "disputed" if is_disputed(found) else as_written
    return FinalState(status, as_written, "active", step, pending, loss, found)


# ------------------------------------------------------------------ tracks


@dataclass(frozen=True)
class Track:
    """The final status at every change date of one obligation.

    Attributes
    ----------
    dates
        Change dates, ascending.
    states
        The final state from each change date on.
    """

    dates: list[dt.date]
    states: list[FinalState]

    def index(self, date: dt.date) -> int:
        """Index of the state in force on ``date`` (-1 before the first change)."""
        return bisect.bisect_right(self.dates, date) - 1

    def since(self, date: dt.date) -> dt.date | None:
        """First day of the run of the status in force on ``date``."""
        index = self.index(date)
        if index < 0:
            return None
        status = self.states[index].status
        while index > 0 and self.states[index - 1].status == status:
            index -= 1
        return self.dates[index]

    def run_start_state(self, date: dt.date) -> FinalState | None:
        """The state at the start of the present run."""
        since = self.since(date)
        return None if since is None else self.states[self.index(since)]


def build_track(plan: Plan) -> Track:
    """Evaluate the obligation at each of its change dates."""
    dates = plan.change_dates
    return Track(list(dates), [final_state(plan, day) for day in dates])


# ------------------------------------------------------------------ findings


def _display(plan: Plan, value: Any) -> Any:
    obligation = plan.obligation
    if (
        obligation.display_unit == "pct"
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        return round(float(value) * 100.0, 6)
    return value


def _value(value: Any, unit: str | None = None) -> Any:
    """JSON-friendly value: tuples as lists, whole counts as integers."""
    if isinstance(value, tuple):
        return list(value)
    if unit in _COUNT_UNITS and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


_COUNT_UNITS = ("count", "count_per_year")


def _observation_evidence(
    obs: Observation, date: dt.date, role: str, loss: AccessLoss | None
) -> Evidence:
    status = obs.status
    if loss is not None and obs.as_of <= loss.lost:
        status = "unverified"
    return Evidence(
        kind="observation",
        id=obs.id,
        date=obs.as_of,
        source=obs.source.document,
        url=obs.source.url,
        status=status,
        confidence=obs.confidence,
        role=role,
        description=_describe_observation(obs),
        report=obs.report,
        value=obs.value if obs.value is not None else None,
        unit=obs.unit,
        age_days=(date - obs.as_of).days,
    )


def _describe_observation(obs: Observation) -> str:
    qualifiers = ", ".join(f"{k}={v}" for k, v in obs.qualifiers)
    label = f"{obs.quantity}{{{qualifiers}}}" if qualifiers else obs.quantity
    if obs.value is None:
        shown = f"at most {obs.value_high:g} {obs.unit}" if obs.value_high is not None else "none"
    elif isinstance(obs.value, float):
        shown = f"{obs.value:g} {obs.unit}"
    else:
        shown = str(obs.value)
    return f"{label} = {shown} ({obs.report}, as of {obs.as_of.isoformat()})"


def _event_evidence(event: Event, role: str) -> Evidence:
    return Evidence(
        kind="event",
        id=event.id,
        date=event.date,
        source=event.source.document or (event.source.url or ""),
        url=event.source.url,
        status=event.kind,
        confidence=event.confidence,
        role=role,
        description=event.description,
    )


def _point_evidence(
    point: FigurePoint, date: dt.date, role: str, loss: AccessLoss | None
) -> list[Evidence]:
    found = [_observation_evidence(o, date, role, loss) for o in point.observations]
    for change in point.changes:
        event = change.event
        found.append(
            Evidence(
                kind="measure",
                id=event.id,
                date=change.date,
                source=event.source.document or (event.source.url or ""),
                url=event.source.url,
                status=change.effect,
                confidence=event.confidence,
                role=role,
                description=f"{change.measure} {change.effect}: {event.description}",
            )
        )
    return found


def _milestone_evidence(plan: Plan, milestone_id: str, role: str) -> Evidence | None:
    agreement = plan.agreement
    if milestone_id not in {m.id for m in agreement.milestones} and not any(
        milestone_id in m.aliases for m in agreement.milestones
    ):
        return None
    milestone = agreement.milestone(milestone_id)
    day = agreement.milestone_date(milestone_id)
    if day is None:
        return None
    source = milestone.reference or (milestone.sources[0] if milestone.sources else agreement.name)
    return Evidence(
        kind="milestone",
        id=milestone.id,
        date=day,
        source=source,
        status=milestone.kind,
        confidence=milestone.confidence,
        role=role,
        description=f"{milestone.name}: {milestone.definition}",
    )


_ROLE_ORDER = {"current": 0, "run_start": 1, "announcement": 2, "context": 3}


def _dedupe(items: list[Evidence]) -> tuple[Evidence, ...]:
    """One item per row, in first-seen order, with its most specific role."""
    best: dict[tuple[str, str], Evidence] = {}
    order: list[tuple[str, str]] = []
    for item in items:
        key = (item.kind, item.id)
        if key not in best:
            order.append(key)
            best[key] = item
        elif _ROLE_ORDER.get(item.role, 9) < _ROLE_ORDER.get(best[key].role, 9):
            best[key] = item
    return tuple(best[key] for key in order)


def _weaker(a: str, b: str) -> str:
    return a if _RANK.get(a, 2) >= _RANK.get(b, 2) else b


def _fmt(value: Any, unit: str | None, obligation: Obligation) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "{" + ", ".join(str(v) for v in value) + "}"
    if isinstance(value, int | float):
        if obligation.display_unit == "pct" and unit == "fraction":
            return f"{float(value) * 100:.4g} %"
        if unit in _COUNT_UNITS and float(value).is_integer():
            return f"{int(value):,}"
        text = f"{float(value):,.1f}" if abs(float(value)) >= 10 else f"{float(value):.4g}"
        unit_text = {"kg_u": "kg U", "t": "t", "count": ""}.get(unit or "", unit or "")
        return f"{text} {unit_text}".strip()
    return str(value)


def build_finding(plan: Plan, track: Track, date: dt.date) -> Finding:
    """The finding of ``plan``'s obligation on ``date``."""
    obligation = plan.obligation
    state = final_state(plan, date)
    since = track.since(date) if state.phase != "before" else None
    if state.phase == "after" and plan.end is not None:
        since = plan.end + dt.timedelta(days=1) if obligation.timing == "by_deadline" else plan.end
    step = state.step if state.phase == "active" else None
    point = step.point if step is not None else None
    comparison = step.comparison if step is not None else None
    limit = (
        plan.limit_at(date)
        if state.phase == "active"
        else plan.agreement.limit_at(obligation, date)
    )
    unit = obligation.unit
    evidence: list[Evidence] = []
    notes: list[str] = []
    reason: str | None = None
    confidence = "high"
    basis = "milestones"
    observed: Any = None
    bound: float | None = None
    ratio: float | None = None
    last_known: LastKnown | None = None

    if state.phase == "before":
        start_ev = _milestone_evidence(plan, obligation.start, "current")
        if start_ev is not None:
            evidence.append(start_ev)
            notes.append(f"Applies from {start_ev.date.isoformat()} ({obligation.start}).")
        else:
            notes.append(f"Applies from {obligation.start}, which has not occurred.")
            reason = f"the start milestone '{obligation.start}' has not occurred"
        confidence = obligation.confidence
    elif state.phase == "after":
        end_ev = _milestone_evidence(plan, obligation.end, "current")
        if end_ev is not None:
            evidence.append(end_ev)
        if obligation.timing == "by_deadline":
            notes.append(
                f"Step due by {plan.end.isoformat() if plan.end else '?'}; its status on "
                f"the deadline: {state.status_at_end}."
            )
        else:
            notes.append(
                f"Ended on {plan.end.isoformat() if plan.end else '?'} ({obligation.end})."
            )
        confidence = obligation.confidence
    else:
        basis = step.basis if step is not None else "none"
        if point is not None and comparison is not None and comparison.status is not None:
            observed = _value(point.value, unit)
            bound = point.bound_high if point.value is None else None
            ratio = comparison.ratio
            run_state = track.run_start_state(date)
            evidence += _point_evidence(point, date, "current", state.loss)
            run_point = (
                run_state.step.point
                if run_state is not None and run_state.step is not None
                else None
            )
            if run_point is not None and run_point is not point and state.loss is None:
                evidence += _point_evidence(run_point, date, "run_start", None)
            confidence = point.confidence
            if point.status in ("estimated", "declared"):
                confidence = _weaker(confidence, "medium")
            if state.loss is None:
                notes.append(_value_note(plan, point, limit, ratio, comparison.status))
            signal = step.events.signal if step is not None else None
            if signal is not None and since is not None and signal.event.date >= since:
                evidence.append(_event_evidence(signal.event, "context"))
        elif step is not None and step.events.signal is not None:
            signal = step.events.signal
            evidence.append(_event_evidence(signal.event, "current"))
            run = step.events.run_start
            if run is not None and run.event.id != signal.event.id:
                evidence.append(_event_evidence(run.event, "run_start"))
            confidence = signal.event.confidence
            notes.append(
                f"Latest event ({signal.event.date.isoformat()}, {signal.event.kind}): "
                f"{signal.event.description}"
            )
            if step.events.responsible and step.events.responsible != (obligation.party,):
                notes.append("Set by: " + ", ".join(step.events.responsible) + ".")
        if (
            step is not None
            and step.flag is not None
            and state.as_written == "suspended"
            and basis in ("figures", "measures")
        ):
            evidence.append(_event_evidence(step.flag.event, "announcement"))
            notes.append(
                f"Performance announced or recorded as stopped on "
                f"{step.flag.event.date.isoformat()}: {step.flag.event.description}"
            )
        if state.pending:
            deadline = plan.end.isoformat() if plan.end else "?"
            notes.append(f"Step due by {deadline}; not yet recorded as taken (not yet due).")
            if step is not None and step.basis == "figures":
                notes.append("A figure beyond the final limit before the deadline is no breach.")
            end_ev = _milestone_evidence(plan, obligation.end, "current")
            if end_ev is not None:
                evidence.append(end_ev)
            basis = "milestones"
        if state.loss is not None:
            loss = state.loss
            basis = "access_lost"
            confidence = "low"
            if point is not None and comparison is not None and comparison.status is not None:
                newest = max((o.as_of for o in point.observations), default=point.date)
                status_then = cast(Status, comparison.status)
                last_known = LastKnown(
                    value=_value(
                        point.value if point.value is not None else point.bound_high, unit
                    ),
                    unit=unit,
                    as_of=newest,
                    age_days=(date - newest).days,
                    status=point.status or "unknown",
                    ratio=comparison.ratio,
                    status_then=status_then,
                )
                observed, bound, ratio = None, None, None
                notes.insert(
                    0,
                    f"No IAEA access since {loss.lost.isoformat()}: nothing can be verified. "
                    f"The last figure ({_fmt(last_known.value, unit, obligation)} as of "
                    f"{newest.isoformat()}, {last_known.age_days} days old) gave "
                    f"'{status_then}'"
                    + (f" (x{comparison.ratio:.2f} the limit)" if comparison.ratio else "")
                    + "; it is not carried forward as a current value.",
                )
            else:
                notes.insert(0, f"No IAEA access since {loss.lost.isoformat()}.")
            evidence.append(
                Evidence(
                    kind="observation",
                    id=loss.observation,
                    date=loss.lost,
                    source=loss.source,
                    url=loss.url,
                    status="verified",
                    confidence="high",
                    role="current",
                    description=f"monitoring_level = none from {loss.lost.isoformat()}",
                    value="none",
                    unit="category",
                    age_days=(date - loss.lost).days,
                )
            )
        context = [
            e for e in plan.context if e.date <= date and (since is None or e.date >= since)
        ][-3:]
        evidence += [_event_evidence(e, "context") for e in context]
        if state.as_written == "unknown" and state.loss is None:
            reason = _no_evidence_reason(plan, date)
            confidence = "low"
            notes.append(f"No evidence of performance: {reason}.")
    if state.status == "disputed":
        sides = "; ".join(
            f"{'/'.join(r.holder)}: {r.status_implied} -> {r.implies}"
            for r in state.readings
            if r.role != "justification"
        )
        notes.insert(0, f"Disputed: the parties' readings lead to different statuses ({sides}).")
    why = justification(state.readings)
    if why is not None and state.as_written not in ("breached", "suspended", "unknown"):
        why = None
    if not evidence and reason is None:
        reason = "no record entry bears on this obligation on this date"
    display = obligation.display_unit
    return Finding(
        as_of=date,
        party=obligation.party,
        obligation=obligation.id,
        description=obligation.description,
        reference=obligation.reference,
        category=obligation.category,
        metric=obligation.metric.label(),
        comparator=obligation.comparator,
        status=state.status,
        status_as_written=state.as_written,
        observed=observed,
        limit=_value(limit, unit),
        unit=unit,
        ratio=round(ratio, 6) if ratio is not None else None,
        since=since,
        evidence=_dedupe(evidence),
        readings=state.readings,
        note=" ".join(n for n in notes if n),
        confidence=_NAMES.get(confidence, "low"),
        basis=basis,
        no_evidence_reason=None if evidence else reason,
        justification=why,
        observed_bound=bound,
        unit_display=display,
        observed_display=_display(plan, observed) if display else None,
        limit_display=_display(plan, _value(limit, unit)) if display else None,
        responsible=step.events.responsible if step is not None and basis == "events" else (),
        last_known=last_known,
        status_at_end=state.status_at_end,
        start_date=plan.start,
        end_date=plan.end,
        timing=obligation.timing,
    )


def _value_note(
    plan: Plan, point: FigurePoint, limit: Any, ratio: float | None, status: str
) -> str:
    obligation = plan.obligation
    unit = obligation.unit
    if point.changes:
        shown = ", ".join(f"{c.measure} {c.effect} {c.date.isoformat()}" for c in point.changes)
        return f"{obligation.metric.label()} is {_fmt(point.value, unit, obligation)} ({shown})."
    newest = max((o.as_of for o in point.observations), default=point.date)
    reports = sorted({o.report for o in point.observations})
    value = (
        _fmt(point.value, unit, obligation)
        if point.value is not None
        else f"at most {_fmt(point.bound_high, unit, obligation)}"
    )
    requirement = _REQUIREMENT.get(obligation.comparator, obligation.comparator)
    if obligation.comparator not in ("is_true", "is_false"):
        requirement += " " + _fmt(limit, unit, obligation)
    text = (
        f"{obligation.metric.label()} = {value} (as of {newest.isoformat()}, "
        f"{'; '.join(reports)}, {point.status}); requirement {requirement}: "
        f"{'met' if status == 'complies' else 'not met'}"
    )
    if ratio is not None:
        text += f" (x{ratio:.2f} the limit)"
    return text + "."


_REQUIREMENT = {
    "le": "at most",
    "lt": "below",
    "ge": "at least",
    "gt": "above",
    "eq": "equal to",
    "ne": "other than",
    "in": "one of",
    "not_in": "none of",
    "subset_of": "within",
    "superset_of": "including all of",
    "disjoint_from": "none of",
    "is_true": "true",
    "is_false": "false",
}


def _no_evidence_reason(plan: Plan, date: dt.date) -> str:
    obligation = plan.obligation
    source = plan.definition.evaluated_from if plan.definition is not None else "events"
    if plan.series is None and source != "events":
        figures = f"the record holds no figure of {obligation.metric.label()}"
    elif plan.series is not None:
        figures = f"the record's figures of {obligation.metric.label()} begin after {date}"
    else:
        figures = f"{obligation.metric.label()} is evaluated from events"
    return (
        f"{figures}, and no event of kind violates, suspends, resumes or complies listing "
        f"'{obligation.id}' by a party that owes it is dated on or before {date.isoformat()}"
    )
