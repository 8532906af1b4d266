"""Cross-reference checks of an agreement: ids, parties, milestones, metrics, limits.

Field-level checks (types, formats, required keys) are pydantic's; the checks here need
the whole agreement or the vocabulary. Each problem carries the path of the offending
value so the loader can report the file's line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from lockstep.agreement.milestones import (
    add_offset,
    describe_offset,
    find_cycle,
    resolve_milestones,
)
from lockstep.agreement.schema import OPEN_ENDS, Agreement, LimitValue, MetricRef, Obligation
from lockstep.agreement.vocabulary import COMPARATORS_BY_KIND, MetricDefinition, Vocabulary

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One inconsistency: where (path in the file), and what was expected."""

    loc: Loc
    message: str


def _duplicates(agreement: Agreement) -> Iterator[Problem]:
    for section in ("parties", "milestones", "disputes"):
        seen: dict[str, int] = {}
        for index, item in enumerate(getattr(agreement, section)):
            names = (item.id, *getattr(item, "aliases", ()))
            for name in names:
                if name in seen:
                    yield Problem(
                        (section, index, "id"),
                        f"duplicate id '{name}' (also item {seen[name] + 1} of {section}); "
                        "ids must be unique",
                    )
                seen.setdefault(name, index)
    seen_ob: dict[str, int] = {}
    for index, obligation in enumerate(agreement.obligations):
        for field, names in (("id", (obligation.id,)), ("aliases", obligation.aliases)):
            for name in names:
                if name in seen_ob:
                    other = agreement.obligations[seen_ob[name]].id
                    yield Problem(
                        ("obligations", index, field),
                        f"duplicate obligation id '{name}' (already used by '{other}'); "
                        "ids and aliases must be unique",
                    )
                seen_ob.setdefault(name, index)


def _expected(known: set[str], limit: int = 10) -> str:
    names = sorted(known)
    shown = ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")
    return f"expected one of: {shown}"


def _parties(agreement: Agreement) -> Iterator[Problem]:
    ids = {p.id for p in agreement.parties}
    for index, party in enumerate(agreement.parties):
        for position, member in enumerate(party.includes):
            if member not in ids or member == party.id:
                yield Problem(
                    ("parties", index, "includes", position),
                    f"party '{party.id}' includes unknown party '{member}'; {_expected(ids)}",
                )


def _milestones(agreement: Agreement) -> Iterator[Problem]:
    ids: set[str] = set()
    for m in agreement.milestones:
        ids.update((m.id, *m.aliases))
    for index, milestone in enumerate(agreement.milestones):
        where = f"milestone '{milestone.id}'"
        if milestone.offset is not None and milestone.offset.from_ not in ids:
            yield Problem(
                ("milestones", index, "offset", "from"),
                f"{where}: offset from unknown milestone '{milestone.offset.from_}'; "
                f"{_expected(ids)}",
            )
        for position, other in enumerate(milestone.or_earlier):
            if other not in ids:
                yield Problem(
                    ("milestones", index, "or_earlier", position),
                    f"{where}: or_earlier names unknown milestone '{other}'; {_expected(ids)}",
                )


def _milestone_rules(agreement: Agreement) -> Iterator[Problem]:
    cycle = find_cycle(agreement.milestones)
    if cycle is not None:
        index = next(i for i, m in enumerate(agreement.milestones) if m.id == cycle[0])
        yield Problem(
            ("milestones", index, "offset"),
            f"milestone '{cycle[0]}': milestones defined in a cycle: "
            + " -> ".join(cycle)
            + "; expected definitions that do not lead back to themselves",
        )
        return
    resolved = resolve_milestones(agreement.milestones)
    for index, milestone in enumerate(agreement.milestones):
        if milestone.date is None or milestone.offset is None:
            continue
        base = resolved.get(milestone.offset.from_)
        if base is None:
            continue
        rule = add_offset(
            base,
            years=milestone.offset.years,
            months=milestone.offset.months,
            days=milestone.offset.days,
        )
        for other in milestone.or_earlier:
            candidate = resolved.get(other)
            if candidate is not None and candidate < rule:
                rule = candidate
        if rule != milestone.date:
            yield Problem(
                ("milestones", index, "date"),
                f"milestone '{milestone.id}': date {milestone.date.isoformat()} disagrees "
                f"with its rule ({describe_offset(milestone.offset)} = {rule.isoformat()}); "
                "expected them to agree",
            )


def _milestone_ref(
    agreement_ids: set[str], value: str, loc: Loc, what: str, *, open_allowed: bool
) -> Iterator[Problem]:
    if value in agreement_ids:
        return
    if open_allowed and value in OPEN_ENDS:
        return
    extra = f" or an open end ({', '.join(OPEN_ENDS)})" if open_allowed else ""
    yield Problem(loc, f"{what}: unknown milestone '{value}'; {_expected(agreement_ids)}{extra}")


def _limit_problem(
    limit: LimitValue,
    comparator: str,
    metric: MetricDefinition,
    vocabulary: Vocabulary,
    *,
    phased: bool,
) -> str | None:
    """What is wrong with ``limit`` for this comparator and metric, or None."""
    kind = metric.kind
    if kind == "quantity":
        if limit is None:
            return None if phased else "a quantity metric needs a numeric limit (or phases)"
        if isinstance(limit, bool) or not isinstance(limit, int | float):
            return f"expected a number for metric '{metric.name}', got {limit!r}"
        if limit < 0:
            return f"expected a limit >= 0 for metric '{metric.name}', got {limit!r}"
        if metric.unit == "fraction" and limit > 1:
            return (
                f"expected a fraction between 0 and 1 for metric '{metric.name}', got "
                f"{limit!r} (write percent with unit: pct)"
            )
        return None
    if kind == "boolean":
        if limit is not None:
            return (
                f"a boolean metric takes no limit (the comparator {comparator} says what "
                f"is required); got {limit!r}"
            )
        return None
    allowed = vocabulary.allowed_elements(metric) or ()
    if comparator in ("eq", "ne"):
        if not isinstance(limit, str) or limit not in allowed:
            return f"expected one of {', '.join(allowed)} for metric '{metric.name}', got {limit!r}"
        return None
    if not isinstance(limit, tuple) or not limit:
        return f"expected a list of values for comparator {comparator}, got {limit!r}"
    bad = [v for v in limit if v not in allowed]
    if bad:
        return f"unknown value(s) {', '.join(bad)} for metric '{metric.name}'; allowed: " + (
            ", ".join(allowed)
        )
    return None


def _metric(obligation: Obligation, index: int, vocabulary: Vocabulary) -> Iterator[Problem]:
    where = f"obligation '{obligation.id}'"
    ref: MetricRef = obligation.metric
    metric = vocabulary.metric(ref.name)
    if metric is None:
        known = {m.name for m in vocabulary.metrics}
        yield Problem(
            ("obligations", index, "metric", "name"),
            f"{where}: unknown metric '{ref.name}'; {_expected(known)} (see metrics.yaml)",
        )
        return
    for key, value in ref.qualifiers.items():
        loc: Loc = ("obligations", index, "metric", "qualifiers", key)
        if key not in metric.qualifiers:
            allowed = ", ".join(metric.qualifiers) or "none"
            yield Problem(
                loc,
                f"{where}: metric '{metric.name}' has no qualifier '{key}' (allowed: {allowed})",
            )
            continue
        values = vocabulary.qualifiers[key].values
        for item in value if isinstance(value, tuple) else (value,):
            if values is not None and item not in values:
                yield Problem(
                    loc,
                    f"{where}: unknown {key} '{item}'; expected one of: {', '.join(values)}",
                )
    allowed_comparators = COMPARATORS_BY_KIND[metric.kind]
    if obligation.comparator not in allowed_comparators:
        yield Problem(
            ("obligations", index, "comparator"),
            f"{where}: comparator '{obligation.comparator}' does not apply to {metric.kind} "
            f"metric '{metric.name}'; expected one of: {', '.join(allowed_comparators)}",
        )
        return
    if vocabulary.conversion(obligation.unit, metric.unit) is None:
        convertible = sorted(
            name for name, unit in vocabulary.units.items() if unit.converts_to == metric.unit
        )
        extra = f" (or {', '.join(convertible)}, converted on load)" if convertible else ""
        yield Problem(
            ("obligations", index, "unit"),
            f"{where}: unit '{obligation.unit}' does not fit metric '{metric.name}'; "
            f"expected '{metric.unit}'{extra}",
        )
    if obligation.display_unit is not None and (
        vocabulary.conversion(obligation.display_unit, metric.unit) is None
    ):
        yield Problem(
            ("obligations", index, "display_unit"),
            f"{where}: display unit '{obligation.display_unit}' cannot show metric "
            f"'{metric.name}' (library unit '{metric.unit}')",
        )
    problem = _limit_problem(
        obligation.limit,
        obligation.comparator,
        metric,
        vocabulary,
        phased=bool(obligation.phases),
    )
    if problem:
        yield Problem(("obligations", index, "limit"), f"{where}: {problem}")
    for position, phase in enumerate(obligation.phases):
        if phase.limit is None:
            continue
        problem = _limit_problem(
            phase.limit, obligation.comparator, metric, vocabulary, phased=True
        )
        if problem:
            yield Problem(
                ("obligations", index, "phases", position, "limit"), f"{where}: {problem}"
            )
    if obligation.baseline is not None and metric.kind != "quantity":
        yield Problem(
            ("obligations", index, "baseline"),
            f"{where}: a baseline applies only to quantity metrics",
        )


def _obligation(
    agreement: Agreement,
    obligation: Obligation,
    index: int,
    vocabulary: Vocabulary,
    ids: dict[str, set[str]],
) -> Iterator[Problem]:
    where = f"obligation '{obligation.id}'"
    if obligation.party not in ids["parties"]:
        yield Problem(
            ("obligations", index, "party"),
            f"{where}: unknown party '{obligation.party}'; {_expected(ids['parties'])}",
        )
    if obligation.category not in vocabulary.categories:
        yield Problem(
            ("obligations", index, "category"),
            f"{where}: unknown category '{obligation.category}'; "
            f"{_expected(set(vocabulary.categories))}",
        )
    milestones = ids["milestones"]
    yield from _milestone_ref(
        milestones, obligation.start, ("obligations", index, "start"), where, open_allowed=False
    )
    yield from _milestone_ref(
        milestones, obligation.end, ("obligations", index, "end"), where, open_allowed=True
    )
    if obligation.baseline is not None:
        yield from _milestone_ref(
            milestones,
            obligation.baseline,
            ("obligations", index, "baseline"),
            where,
            open_allowed=False,
        )
    if (obligation.end == "conditional") != bool(obligation.end_condition):
        yield Problem(
            ("obligations", index, "end_condition"),
            f"{where}: end_condition is required when end is 'conditional', and only then",
        )
    if obligation.timing == "by_deadline" and obligation.end in OPEN_ENDS:
        yield Problem(
            ("obligations", index, "end"),
            f"{where}: a by_deadline obligation needs an end milestone (its deadline)",
        )
    for position, phase in enumerate(obligation.phases):
        for field in ("start", "end"):
            yield from _milestone_ref(
                milestones,
                getattr(phase, field),
                ("obligations", index, "phases", position, field),
                f"{where}, phase {position + 1}",
                open_allowed=field == "end",
            )
    for position, reading in enumerate(obligation.readings):
        for slot, holder in enumerate(reading.holder):
            if holder not in ids["parties"]:
                yield Problem(
                    ("obligations", index, "readings", position, "holder", slot),
                    f"{where}: reading held by unknown party '{holder}'; "
                    f"{_expected(ids['parties'])}",
                )
    for position, dispute in enumerate(obligation.disputes):
        if dispute not in ids["disputes"]:
            yield Problem(
                ("obligations", index, "disputes", position),
                f"{where}: unknown dispute '{dispute}'; {_expected(ids['disputes'])}",
            )
    yield from _metric(obligation, index, vocabulary)


def _phase_order(agreement: Agreement) -> Iterator[Problem]:
    resolved = resolve_milestones(agreement.milestones)

    def when(milestone_id: str) -> dt.date | None:
        for m in agreement.milestones:
            if milestone_id == m.id or milestone_id in m.aliases:
                return resolved[m.id]
        return None

    for index, obligation in enumerate(agreement.obligations):
        start, end = when(obligation.start), when(obligation.end)
        if start is not None and end is not None and end < start:
            yield Problem(
                ("obligations", index, "end"),
                f"obligation '{obligation.id}': ends ({obligation.end}, {end.isoformat()}) "
                f"before it starts ({obligation.start}, {start.isoformat()})",
            )
        for position, phase in enumerate(obligation.phases):
            p_start, p_end = when(phase.start), when(phase.end)
            if p_start is not None and p_end is not None and p_end < p_start:
                yield Problem(
                    ("obligations", index, "phases", position, "end"),
                    f"obligation '{obligation.id}': phase {position + 1} ends before it starts",
                )


def _disputes(agreement: Agreement, parties: set[str]) -> Iterator[Problem]:
    for index, dispute in enumerate(agreement.disputes):
        for position, reading in enumerate(dispute.readings):
            for slot, holder in enumerate(reading.holder):
                if holder not in parties:
                    yield Problem(
                        ("disputes", index, "readings", position, "holder", slot),
                        f"dispute '{dispute.id}': reading held by unknown party '{holder}'; "
                        f"{_expected(parties)}",
                    )


def find_problems(agreement: Agreement, vocabulary: Vocabulary) -> list[Problem]:
    """Every cross-reference problem of ``agreement``, in file order of sections.

    Parameters
    ----------
    agreement
        A field-validated agreement.
    vocabulary
        The metric vocabulary.

    Returns
    -------
    list of Problem
        Empty if the agreement is consistent.
    """
    problems = list(_duplicates(agreement))
    problems.extend(_parties(agreement))
    problems.extend(_milestones(agreement))
    if problems:
        return problems
    problems.extend(_milestone_rules(agreement))
    parties = {p.id for p in agreement.parties}
    ids = {
        "parties": parties,
        "milestones": {name for m in agreement.milestones for name in (m.id, *m.aliases)},
        "disputes": {d.id for d in agreement.disputes},
    }
    problems.extend(_disputes(agreement, parties))
    for index, obligation in enumerate(agreement.obligations):
        problems.extend(_obligation(agreement, obligation, index, vocabulary, ids))
    if not problems:
        problems.extend(_phase_order(agreement))
    return problems
