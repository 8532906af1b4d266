"""Findings on a date and status intervals over a period.

Both rest on the per-obligation tracks (``evaluation.build_track``): the final status at
every change date of an obligation, computed once per agreement and record. A date is a
binary search in each track; a period is the tracks cut to the period, with adjacent
runs of one status merged into daily intervals (both ends inclusive). Nothing is
re-evaluated per day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from lockstep.agreement import Agreement
from lockstep.compliance.evaluation import Track, build_finding, build_track
from lockstep.compliance.model import Finding, Interval, Status
from lockstep.compliance.plan import Compiled, compile_plans
from lockstep.errors import DomainError
from lockstep.record import Record

_TRACKS: dict[int, tuple[Compiled, dict[str, Track]]] = {}


def tracks(compiled: Compiled) -> dict[str, Track]:
    """Every obligation's track (cached with the compiled plans)."""
    cached = _TRACKS.get(id(compiled))
    if cached is not None and cached[0] is compiled:
        return cached[1]
    built = {oid: build_track(plan) for oid, plan in compiled.plans.items()}
    if len(_TRACKS) >= 8:
        _TRACKS.pop(next(iter(_TRACKS)))
    _TRACKS[id(compiled)] = (compiled, built)
    return built


def clear_cache() -> None:
    """Forget every compiled plan and track (they are rebuilt on the next call)."""
    from lockstep.compliance import plan

    plan._CACHE.clear()
    _TRACKS.clear()


def check_party(agreement: Agreement, party: str | None) -> None:
    """Raise a DomainError naming the parties with obligations if ``party`` is unknown."""
    if party is None:
        return
    owners = sorted({o.party for o in agreement.obligations})
    if party not in owners:
        raise DomainError("party", f"one of {', '.join(owners)} (got '{party}')")


def _selected(agreement: Agreement, party: str | None) -> list[str]:
    check_party(agreement, party)
    return [o.id for o in agreement.obligations if party is None or o.party == party]


def evaluate(
    agreement: Agreement,
    record: Record,
    date: dt.date,
    *,
    party: str | None = None,
    status: Status | None = None,
) -> tuple[Finding, ...]:
    """A finding for every obligation of every party on ``date``.

    Parameters
    ----------
    agreement
        The agreement (``lockstep.agreement.load_agreement("jcpoa")``).
    record
        The record (``lockstep.record.load_record()``).
    date
        The date evaluated.
    party
        Only this party's obligations (ids as in the agreement: ``iran``, ``us``...).
    status
        Only findings with this status.

    Returns
    -------
    tuple of Finding
        In the agreement's order of obligations.

    Examples
    --------
    >>> import datetime as dt
    >>> from lockstep.agreement import load_agreement
    >>> from lockstep.record import load_record
    >>> findings = evaluate(load_agreement("jcpoa"), load_record(include_user=False),
    ...                     dt.date(2019, 12, 31), party="iran")
    >>> stock = next(f for f in findings if f.obligation == "iran_stockpile_cap")
    >>> stock.status, round(stock.ratio, 2), stock.since.isoformat()
    ('breached', 1.84, '2019-07-01')
    """
    compiled = compile_plans(agreement, record)
    built = tracks(compiled)
    found = []
    for oid in _selected(agreement, party):
        finding = build_finding(compiled.plans[oid], built[oid], date)
        if status is None or finding.status == status:
            found.append(finding)
    return tuple(found)


def timeline(
    agreement: Agreement,
    record: Record,
    start: dt.date,
    end: dt.date,
    *,
    party: str | None = None,
) -> tuple[Interval, ...]:
    """Status intervals of every obligation between ``start`` and ``end`` (inclusive).

    Parameters
    ----------
    agreement, record
        As for :func:`evaluate`.
    start, end
        The period [dates, inclusive].
    party
        Only this party's obligations.

    Returns
    -------
    tuple of Interval
        Per obligation (agreement order), intervals in date order covering the period
        day by day; adjacent days with one status form one interval.
    """
    if end < start:
        raise DomainError("end", f"a date on or after {start.isoformat()} (got {end.isoformat()})")
    compiled = compile_plans(agreement, record)
    built = tracks(compiled)
    result: list[Interval] = []
    for oid in _selected(agreement, party):
        plan = compiled.plans[oid]
        result.extend(
            _intervals(
                plan.obligation.party, oid, plan.obligation.metric.label(), built[oid], start, end
            )
        )
    return tuple(result)


def _intervals(
    party: str, obligation: str, metric: str, track: Track, start: dt.date, end: dt.date
) -> Iterable[Interval]:
    first = track.index(start)
    runs: list[list[object]] = []
    status: Status = track.states[first].status if first >= 0 else "not_in_force"
    ratio = _ratio(track, first)
    current: list[object] = [status, start, ratio]
    for index in range(first + 1, len(track.dates)):
        day = track.dates[index]
        if day > end:
            break
        state = track.states[index]
        if state.status != current[0]:
            runs.append([*current, day - dt.timedelta(days=1)])
            current = [state.status, day, _ratio(track, index)]
        else:
            current[2] = _max(current[2], _ratio(track, index))  # type: ignore[arg-type]
    runs.append([*current, end])
    for run_status, run_start, run_ratio, run_end in runs:
        yield Interval(
            party=party,
            obligation=obligation,
            metric=metric,
            status=run_status,  # type: ignore[arg-type]
            start=run_start,  # type: ignore[arg-type]
            end=run_end,  # type: ignore[arg-type]
            ratio_max=run_ratio if run_status == "breached" else None,  # type: ignore[arg-type]
        )


def _ratio(track: Track, index: int) -> float | None:
    if index < 0:
        return None
    state = track.states[index]
    if state.phase != "active" or state.loss is not None or state.step is None:
        return None
    comparison = state.step.comparison
    return round(comparison.ratio, 6) if comparison is not None and comparison.ratio else None


def _max(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)
