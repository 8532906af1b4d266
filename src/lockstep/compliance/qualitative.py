"""Event-based rules: what the record's dated actions say about an obligation.

An event counts for an obligation when it lists the obligation's id (``events.csv``,
``obligation_ids_affected``) and one of its parties is the obligated party, a member of
the obligated group, or a verifier (the IAEA reporting on Iran). Its kind gives a
*signal*:

=========================  ==========================================================
event kind                 signal
=========================  ==========================================================
``violates``               ``breached``
``suspends``               ``suspended``: performance announced as stopped; a breach
                           already recorded stays a breach
``complies``, ``resumes``  ``complies``
other kinds                context only (listed as evidence, no signal)
=========================  ==========================================================

For an obligation owed by a group (``all``, ``e3eu3``) each member's latest signal is
kept apart and the worst one sets the status (``breached`` > ``suspended`` >
``complies``), so one party's compliance never hides another's breach. Events listing
the obligation whose parties do not owe it (a US waiver decision listed under an Iranian
obligation) are context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lockstep.agreement import Agreement, Obligation
from lockstep.compliance.rules import Rules
from lockstep.record import Event

#: Event kinds that carry a signal, and the signal.
SIGNALS = {
    "violates": "breached",
    "suspends": "suspended",
    "complies": "complies",
    "resumes": "complies",
}
_SEVERITY = {"complies": 0, "suspended": 1, "breached": 2}


@dataclass(frozen=True)
class Signal:
    """An event that says something about an obligation's performance.

    Attributes
    ----------
    event
        The event.
    status
        ``breached``, ``suspended`` or ``complies`` (from the kind).
    actor
        The party (or group member) whose conduct it reports.
    """

    event: Event

    status: str
    actor: str


def members(agreement: Agreement, party: str) -> frozenset[str]:
    """The party and, for a group, every party it includes (recursively)."""
    found = {party}
    frontier = [party]
    ids = {p.id: p for p in agreement.parties}
    while frontier:
        current = ids.get(frontier.pop())
        if current is None:
            continue
        for member in current.includes:
            if member not in found:
                found.add(member)
                frontier.append(member)
    return frozenset(found)


def events_by_obligation(agreement: Agreement, events: Iterable[Event]) -> dict[str, list[Event]]:
    """Events listing each obligation (aliases resolved to ids), in date order."""
    ids = {alias: o.id for o in agreement.obligations for alias in (o.id, *o.aliases)}
    found: dict[str, list[Event]] = {}
    for event in sorted(events, key=lambda e: (e.date, e.id)):
        for listed in dict.fromkeys(event.obligations):
            if listed in ids:
                found.setdefault(ids[listed], []).append(event)
    return found


def split_events(
    agreement: Agreement,
    obligation: Obligation,
    events: Sequence[Event],
    rules: Rules,
) -> tuple[tuple[Signal, ...], tuple[Event, ...]]:
    """(signals, context events) of an obligation, both in date order."""
    owners = members(agreement, obligation.party)
    group = owners != {obligation.party}
    signals: list[Signal] = []
    context: list[Event] = []
    for event in events:
        status = SIGNALS.get(event.kind)
        parties = {rules.party_aliases.get(p, p) for p in event.parties}
        acting = sorted(parties & owners - ({obligation.party} if group else set()))
        own = bool(parties & owners) or bool(parties & set(rules.verifiers))
        if status is None or not own:
            context.append(event)
            continue
        if not group:
            signals.append(Signal(event, status, obligation.party))
        elif acting:
            signals.extend(Signal(event, status, actor) for actor in acting)
        else:
            signals.append(Signal(event, status, obligation.party))
    return tuple(signals), tuple(context)


@dataclass(frozen=True)
class EventState:
    """The status events give on a date.

    Attributes
    ----------
    status
        ``complies``, ``breached`` or ``suspended``; None before any signal.
    signal
        The signal that set it (the worst actor's latest).
    responsible
        Actors whose latest signal is the worst one.
    run_start
        The signal that began the present status of the responsible actor.
    """

    status: str | None
    signal: Signal | None
    responsible: tuple[str, ...]
    run_start: Signal | None


class EventMachine:
    """Applies signals in date order and tells the status at any point.

    Per actor: ``violates`` -> breached; ``suspends`` -> suspended unless already
    breached; ``complies``/``resumes`` -> complies. The worst actor sets the status.
    """

    def __init__(self) -> None:
        self._state: dict[str, tuple[str, Signal, Signal]] = {}

    def apply(self, signal: Signal) -> None:
        """Take one signal into account."""
        previous = self._state.get(signal.actor)
        status = signal.status
        if status == "suspended" and previous is not None and previous[0] == "breached":
            status = "breached"
        run_start = previous[2] if previous is not None and previous[0] == status else signal
        self._state[signal.actor] = (status, signal, run_start)

    def state(self) -> EventState:
        """The status now."""
        if not self._state:
            return EventState(None, None, (), None)
        worst = max(_SEVERITY[s[0]] for s in self._state.values())
        actors = sorted(a for a, s in self._state.items() if _SEVERITY[s[0]] == worst)
        status, signal, run_start = max(
            (self._state[a] for a in actors), key=lambda s: (s[1].event.date, s[1].event.id)
        )
        return EventState(status, signal, tuple(actors), run_start)


class CessationFlag:
    """Whether performance of a figure-measured obligation has been announced as stopped.

    Set by a ``suspends`` signal (an announcement) or a ``violates`` signal (a recorded
    violation) and cleared by ``complies``/``resumes``. A flag set by a violation is also
    cleared when a figure after it showed the limit exceeded and a later figure shows it
    respected again (the breach was remedied); a flag set by an announcement stays until
    the party announces or is recorded resuming performance.
    """

    def __init__(self) -> None:
        self.signal: Signal | None = None
        self.announced = False
        self._breach_seen = False

    def apply(self, signal: Signal) -> None:
        """Take one signal into account."""
        if signal.status == "complies":
            self.signal, self.announced, self._breach_seen = None, False, False
        elif signal.status == "suspended":
            self.signal, self.announced, self._breach_seen = signal, True, False
        else:
            if self.signal is None or not self.announced:
                self.signal = signal
            self._breach_seen = False

    def figure(self, status: str | None) -> None:
        """Take a figure's comparison (``complies``/``breached``) into account."""
        if self.signal is None or status is None:
            return
        if status == "breached":
            self._breach_seen = True
        elif status == "complies" and self._breach_seen and not self.announced:
            self.signal, self._breach_seen = None, False

    @property
    def active(self) -> bool:
        """True while performance stands announced or recorded as stopped."""
        return self.signal is not None


def signal_dates(signals: Iterable[Signal]) -> set[dt.date]:
    """Dates of the signals."""
    return {s.event.date for s in signals}
