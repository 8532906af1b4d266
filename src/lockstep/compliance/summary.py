"""Party summaries: obligations counted by status, first breach, biggest breaches."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from lockstep.agreement import Agreement
from lockstep.compliance.model import STATUSES, Finding, Interval, PartySummary
from lockstep.compliance.plan import compile_plans
from lockstep.compliance.timeline import check_party, evaluate, tracks
from lockstep.record import Record


def count_by_party(findings: Iterable[Finding]) -> dict[str, dict[str, int]]:
    """``{party: {status: count}}`` over ``findings`` (every status listed, zeros too)."""
    counts: dict[str, dict[str, int]] = {}
    for finding in findings:
        entry = counts.setdefault(finding.party, dict.fromkeys(STATUSES, 0))
        entry[finding.status] += 1
    return counts


def first_breaches(
    agreement: Agreement, record: Record, date: dt.date
) -> dict[str, tuple[dt.date, str]]:
    """Per party, the earliest day on or before ``date`` an obligation was breached.

    A ``disputed`` status whose as-written status is ``breached`` counts as a breach
    as written.
    """
    compiled = compile_plans(agreement, record)
    found: dict[str, tuple[dt.date, str]] = {}
    for oid, track in tracks(compiled).items():
        party = compiled.plans[oid].obligation.party
        for day, state in zip(track.dates, track.states, strict=True):
            if day > date:
                break
            if state.status == "breached" or state.as_written == "breached":
                if party not in found or (day, oid) < found[party]:
                    found[party] = (day, oid)
                break
    return found


def party_summary(
    agreement: Agreement,
    record: Record,
    date: dt.date,
    *,
    party: str | None = None,
    top: int = 3,
    findings: Iterable[Finding] | None = None,
) -> dict[str, PartySummary]:
    """Each party's obligations on ``date``: counts, first breach, biggest breaches.

    Parameters
    ----------
    agreement, record
        As for :func:`lockstep.compliance.evaluate`.
    date
        The date.
    party
        Only this party.
    top
        How many of the biggest breaches (by ``observed / limit``) to keep.
    findings
        Findings already evaluated on ``date`` (saves evaluating again).

    Returns
    -------
    dict
        ``{party: PartySummary}`` in the agreement's order of parties.
    """
    check_party(agreement, party)
    found = list(findings) if findings is not None else list(evaluate(agreement, record, date))
    found = [f for f in found if party is None or f.party == party]
    counts = count_by_party(found)
    firsts = first_breaches(agreement, record, date)
    result: dict[str, PartySummary] = {}
    for item in agreement.parties:
        if item.id not in counts:
            continue
        breaches = sorted(
            (
                (f.obligation, f.ratio)
                for f in found
                if f.party == item.id and f.status_as_written == "breached" and f.ratio
            ),
            key=lambda pair: (-pair[1], pair[0]),
        )
        result[item.id] = PartySummary(
            party=item.id,
            as_of=date,
            counts=counts[item.id],
            first_breach=firsts.get(item.id),
            biggest_breaches=tuple(breaches[:top]),
        )
    return result


#: Precedence of statuses when one party's obligations are shown as one lane: a breach
#: anywhere shows, then a suspension, then a dispute; "complies" shows when at least one
#: obligation is met and none is breached, suspended or disputed; "unknown" only when
#: no in-force obligation has a known status.
PARTY_LANE_PRECEDENCE: tuple[str, ...] = (
    "breached",
    "suspended",
    "disputed",
    "complies",
    "unknown",
    "expired",
    "not_in_force",
)


def party_lanes(intervals: Iterable[Interval]) -> dict[str, list[Interval]]:
    """One lane per party: the leading status of its obligations, day by day.

    Parameters
    ----------
    intervals
        Status intervals of several obligations (from :func:`timeline`).

    Returns
    -------
    dict
        ``{party: [Interval, ...]}`` with ``obligation`` set to ``"*"`` and the status
        chosen by :data:`PARTY_LANE_PRECEDENCE`; ``ratio_max`` is the largest ratio of
        the obligations holding the leading status.
    """
    by_party: dict[str, list[Interval]] = {}
    for interval in intervals:
        by_party.setdefault(interval.party, []).append(interval)
    rank = {status: index for index, status in enumerate(PARTY_LANE_PRECEDENCE)}
    lanes: dict[str, list[Interval]] = {}
    for party, items in by_party.items():
        # Sweep over the change points of this party's intervals.
        cuts = sorted({i.start for i in items} | {i.end + dt.timedelta(days=1) for i in items})
        lane: list[Interval] = []
        for start, stop in itertools.pairwise(cuts):
            active = [i for i in items if i.start <= start <= i.end]
            if not active:
                continue
            best = min(active, key=lambda i: rank.get(i.status, len(rank)))
            ratios = [i.ratio_max for i in active if i.status == best.status and i.ratio_max]
            end = stop - dt.timedelta(days=1)
            if lane and lane[-1].status == best.status and lane[-1].end + dt.timedelta(1) == start:
                previous = lane[-1]
                ratio = max([r for r in (previous.ratio_max, *ratios) if r], default=None)
                lane[-1] = Interval(party, "*", "*", previous.status, previous.start, end, ratio)
            else:
                lane.append(
                    Interval(party, "*", "*", best.status, start, end, max(ratios, default=None))
                )
        lanes[party] = lane
    return lanes
