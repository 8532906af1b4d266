"""Rule-based strategies (model.md section 7) as gates on the same tasks.

Each strategy is a set of lower bounds (:class:`~lockstep.roadmap.plan.Gate`) added to
the catalogue's own (prerequisites with lags, release days, and the baseline rule C8);
its schedule is the earliest solution, found by :mod:`lockstep.roadmap.timing`:

* ``iran-first`` (S-IR1): Iranian steps as soon as possible; every relief step starts
  after the last Iranian verification;
* ``us-first`` (S-US1): the mirror image (relief first, verified by Iran);
* ``sync`` (S-SYNC): with a catalogue ``sync_band`` (every generated plan), symmetric:
  each side's progress stays within the band of the other side's *verified* progress,
  so relief is tranched against verified Iranian steps and Iran's steps wait for relief
  Iran has verified (:func:`band_gates`); without a band, synchronized escrow as in 2015
  and 2022 (model.md section 7): each relief step *completes* no earlier than the
  verification of its paired Iranian steps (``escrow``; by default all of them);
* ``step-by-step`` (S-ALT): an alternating list of steps, each starting after the
  previous one is verified;
* ``less-for-less`` (S-LFL): a subset of measures (an interim deal) with escrow pairs.

The optimized strategy (S-OPT) lives in :mod:`lockstep.roadmap.optimize`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import numpy as np

from lockstep.errors import DataError
from lockstep.roadmap.evaluator import evaluate
from lockstep.roadmap.plan import STRATEGIES, Gate, Plan, Point, Schedule, ScheduledItem
from lockstep.roadmap.problem import Problem, Task
from lockstep.roadmap.timing import GateCycleError, IntArray, earliest_times


def catalogue_gates(problem: Problem, tasks: Sequence[Task]) -> list[Gate]:
    """Gates every strategy shares: prerequisites, sequential tranches and the baseline (C8).

    Parameters
    ----------
    problem
        The problem.
    tasks
        The tasks scheduled (whole measures or tranches); gates are built among them.
    """
    by_measure: dict[str, list[Task]] = {}
    for t in tasks:
        by_measure.setdefault(t.measure, []).append(t)
    gates: list[Gate] = []
    relation_points: dict[str, tuple[Point, Point]] = {
        "end_start": ("end", "start"),
        "verified_start": ("verified", "start"),
        "end_end": ("end", "end"),
    }
    for m in problem.measures:
        for pre in m.prerequisites:
            src_pt, tgt_pt = relation_points[pre.relation]
            for src in by_measure.get(pre.measure, []):
                for tgt in by_measure.get(m.id, []):
                    gates.append(Gate(src.id, src_pt, tgt.id, tgt_pt, pre.lag_days, "prerequisite"))
        parts = by_measure.get(m.id, [])
        div = m.spec.divisible
        if len(parts) > 1 and div is not None and div.sequential:
            for a, b in itertools.pairwise(parts):
                gates.append(Gate(a.id, "end", b.id, "start", 0, "tranche"))
    base = problem.baseline_id
    if base is not None:
        for src in by_measure.get(base, []):
            for t in tasks:
                if t.side == "nuclear" and t.measure != base:
                    gates.append(Gate(src.id, "verified", t.id, "verified", 0, "baseline"))
    return gates


def schedule_from_times(
    tasks: Sequence[Task], start: dict[str, int], end: dict[str, int], ver: dict[str, int]
) -> Schedule:
    """A :class:`Schedule` from per-task times."""
    return Schedule(
        tuple(
            ScheduledItem(
                id=t.id,
                measure=t.measure,
                party=t.party,
                side=t.side,
                start=int(start[t.id]),
                end=int(end[t.id]),
                verified=int(ver[t.id]),
            )
            for t in tasks
        )
    )


def earliest_schedule(
    tasks: Sequence[Task], gates: Sequence[Gate], lower_start: dict[str, int] | None = None
) -> Schedule:
    """The earliest schedule of ``tasks`` under ``gates`` and release days.

    Raises
    ------
    GateCycleError
        If the gates are cyclic.
    """
    ids = [t.id for t in tasks]
    dur = {t.id: np.asarray(t.duration_days, dtype=np.int64) for t in tasks}
    lag = {t.id: np.asarray(t.lag_days, dtype=np.int64) for t in tasks}
    low: dict[str, IntArray | int] = {
        t.id: max(t.release_day, (lower_start or {}).get(t.id, 0)) for t in tasks
    }
    s, e, v = earliest_times(ids, gates, dur, lag, low)
    return schedule_from_times(
        tasks,
        {k: int(x) for k, x in s.items()},
        {k: int(x) for k, x in e.items()},
        {k: int(x) for k, x in v.items()},
    )


def _cross(sources: Iterable[Task], targets: Iterable[Task], target_point: str) -> list[Gate]:
    tlist = list(targets)
    return [
        Gate(s.id, "verified", t.id, target_point, 0, "strategy")  # type: ignore[arg-type]
        for s in sources
        for t in tlist
    ]


def _side(tasks: Sequence[Task], side: str) -> list[Task]:
    return [t for t in tasks if t.side == side]


def _sync_gates(
    problem: Problem, tasks: Sequence[Task], pairs: dict[str, tuple[str, ...]] | None = None
) -> list[Gate]:
    """Escrow: each relief task completes no earlier than its paired Iranian verifications.

    The pairs come from ``pairs`` (less-for-less), else the measure's ``escrow``; pairs
    outside the scheduled tasks are dropped, and a relief step left without a pair waits
    for every Iranian step scheduled (Re-Implementation Day).
    """
    nuclear = _side(tasks, "nuclear")
    nuclear_ids = {n.measure for n in nuclear}
    gates: list[Gate] = []
    for t in _side(tasks, "relief"):
        if pairs is not None and t.measure in pairs:
            ids = set(pairs[t.measure])
        else:
            ids = set(problem.measure(t.measure).spec.escrow or ())
        ids = (ids & nuclear_ids) or nuclear_ids
        gates.extend(_cross([n for n in nuclear if n.measure in ids], [t], "end"))
    return gates


def _side_order(problem: Problem, tasks: Sequence[Task], side: str) -> list[Task]:
    """One side's tasks in the order they finish with only the catalogue's own gates."""
    free = earliest_schedule(tasks, catalogue_gates(problem, tasks))
    order = {mid: i for i, mid in enumerate(problem.measure_ids)}
    chosen = [t for t in tasks if t.side == side]
    return sorted(
        chosen, key=lambda t: (free.item(t.id).end, free.item(t.id).verified, order[t.measure])
    )


def _reaches(edges: dict[str, set[str]], start: str, goal: str) -> bool:
    stack, seen = [start], {start}
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def band_gates(problem: Problem, tasks: Sequence[Task], band: int) -> tuple[list[Gate], list[str]]:
    """Symmetric synchronization: neither side's progress runs ``band`` points ahead.

    Each side's tasks are taken in the order they would finish on their own; a task
    whose completion brings its side's cumulative value (under the plan's lens) to ``P``
    completes no earlier than the *verification* of the other side's first task at which
    that side reaches ``P - band``. Relief is thus released in tranches against steps the
    IAEA has verified, and Iran's steps against relief Iran has verified (oil sold, money
    received). A step whose value alone exceeds what the band can cover would wait for
    itself; such gates are left out (the indivisible lump goes ahead) and named in the
    returned notes.

    Parameters
    ----------
    problem
        The problem (its lens gives the values).
    tasks
        The tasks scheduled.
    band
        The band [points].

    Returns
    -------
    tuple
        The gates and notes on lumps that go ahead of the band.
    """
    lens = problem.lens
    nuclear = _side_order(problem, tasks, "nuclear")
    relief = _side_order(problem, tasks, "relief")
    edges: dict[str, set[str]] = {}
    for g in catalogue_gates(problem, tasks):
        edges.setdefault(g.source, set()).add(g.target)
    gates: list[Gate] = []
    # Explicit escrow pairs (e.g. a detainee exchange) hold whatever the band says.
    for t in relief:
        for mid in problem.measure(t.measure).spec.escrow or ():
            for n in nuclear:
                if n.measure == mid:
                    edges.setdefault(n.id, set()).add(t.id)
                    gates.append(Gate(n.id, "verified", t.id, "end", 0, "strategy"))
    wanted: list[tuple[float, Task, Task]] = []
    for own, other in ((relief, nuclear), (nuclear, relief)):
        cum_other: list[tuple[int, Task]] = []
        total = 0
        for t in other:
            total += t.value(lens)
            cum_other.append((total, t))
        mine = 0
        for t in own:
            mine += t.value(lens)
            need = mine - band
            if need <= 0 or not cum_other:
                continue
            src = next((o for c, o in cum_other if c >= need), cum_other[-1][1])
            wanted.append((need, src, t))
    skipped: list[str] = []
    for _need, src, tgt in sorted(wanted, key=lambda w: w[0]):
        if _reaches(edges, tgt.id, src.id):
            skipped.append(tgt.measure)
            continue
        edges.setdefault(src.id, set()).add(tgt.id)
        gates.append(Gate(src.id, "verified", tgt.id, "end", 0, "strategy"))
    notes = []
    if skipped:
        notes.append(
            f"ahead of the {band}-point band (a step larger than the band cannot wait for "
            f"itself): {', '.join(dict.fromkeys(skipped))}"
        )
    return gates, notes


def step_sequence(problem: Problem, measures: Sequence[str] | None = None) -> list[tuple[str, ...]]:
    """The step-by-step order: the catalogue's list, or an alternating order built from it.

    Without a list in the catalogue, Iranian and relief measures alternate, each side in
    catalogue order, taking at each turn the first measure whose prerequisites are
    already listed (so the order never contradicts them).
    """
    hints = problem.catalogue.spec.strategies.step_by_step
    if hints is not None and measures is None:
        steps: list[tuple[str, ...]] = []
        for pair in hints:
            for entry in pair:
                steps.append((entry,) if isinstance(entry, str) else tuple(entry))
        return steps
    wanted = list(measures or problem.measure_ids)
    listed: set[str] = set()
    steps = []
    base = problem.baseline_id
    if base is not None and base in wanted:
        # The baseline gates every Iranian verification (C8), so it and everything it
        # needs form the first step; alternating before it would order it after itself.
        first = [m for m in wanted if m == base or m in _ancestors(problem, base)]
        steps.append(tuple(first))
        listed.update(first)
    queues = {
        side: [m for m in wanted if problem.measure(m).side == side and m not in listed]
        for side in ("nuclear", "relief")
    }
    turn = "relief" if steps else "nuclear"
    while queues["nuclear"] or queues["relief"]:
        pick = _first_ready(problem, queues[turn], listed)
        other = "relief" if turn == "nuclear" else "nuclear"
        if pick is None:
            pick = _first_ready(problem, queues[other], listed)
            turn = other
        if pick is None:  # only unlisted prerequisites remain: keep catalogue order
            pick = (queues[turn] or queues[other])[0]
            turn = "nuclear" if pick in queues["nuclear"] else "relief"
        queues[turn].remove(pick)
        listed.add(pick)
        steps.append((pick,))
        turn = "relief" if turn == "nuclear" else "nuclear"
    return steps


def _ancestors(problem: Problem, measure_id: str) -> set[str]:
    out: set[str] = set()
    stack = [measure_id]
    while stack:
        for pre in problem.measure(stack.pop()).prerequisites:
            if pre.measure not in out:
                out.add(pre.measure)
                stack.append(pre.measure)
    return out


def _first_ready(problem: Problem, queue: Sequence[str], listed: set[str]) -> str | None:
    for mid in queue:
        if all(p.measure in listed for p in problem.measure(mid).prerequisites):
            return mid
    return None


def _alt_gates(tasks: Sequence[Task], steps: Sequence[tuple[str, ...]]) -> list[Gate]:
    by_measure = {t.measure: t for t in tasks}
    gates: list[Gate] = []
    for prev, cur in itertools.pairwise(steps):
        gates.extend(_cross([by_measure[m] for m in prev], [by_measure[m] for m in cur], "start"))
    return gates


def less_for_less_subset(
    problem: Problem,
) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]] | None]:
    """The interim subset and its escrow pairs (catalogue list, else ``interim: true``).

    The subset is closed over prerequisites: a measure of the subset brings the measures
    it needs (:func:`less_for_less_additions` lists them).

    Raises
    ------
    DataError
        If the catalogue defines no subset.
    """
    lfl = problem.catalogue.spec.strategies.less_for_less
    pairs: dict[str, tuple[str, ...]] | None = None
    if lfl is not None:
        chosen = set(lfl.measures)
        pairs = dict(lfl.pairs) if lfl.pairs is not None else None
    else:
        chosen = {m.id for m in problem.measures if m.spec.interim}
    if not chosen:
        raise DataError(
            "the catalogue defines no less-for-less subset (strategies.less_for_less or "
            "'interim: true' measures)",
            file=problem.catalogue.source,
            field="strategies.less_for_less",
        )
    for mid in list(chosen):
        chosen |= _ancestors(problem, mid)
    return tuple(m for m in problem.measure_ids if m in chosen), pairs


def less_for_less_additions(problem: Problem) -> tuple[str, ...]:
    """Measures added to the interim subset because a chosen measure needs them."""
    lfl = problem.catalogue.spec.strategies.less_for_less
    listed = (
        set(lfl.measures) if lfl is not None else {m.id for m in problem.measures if m.spec.interim}
    )
    subset, _ = less_for_less_subset(problem)
    return tuple(m for m in subset if m not in listed)


def strategy_gates(problem: Problem, strategy: str, tasks: Sequence[Task]) -> list[Gate]:
    """The gates a rule-based strategy adds to the catalogue's own."""
    nuclear, relief = _side(tasks, "nuclear"), _side(tasks, "relief")
    if strategy == "iran-first":
        return _cross(nuclear, relief, "start")
    if strategy == "us-first":
        return _cross(relief, nuclear, "start")
    if strategy == "sync":
        band = problem.catalogue.spec.defaults.sync_band
        if band is None:
            return _sync_gates(problem, tasks)
        return band_gates(problem, tasks, band)[0]
    if strategy == "step-by-step":
        return _alt_gates(tasks, step_sequence(problem))
    if strategy == "less-for-less":
        return _sync_gates(problem, tasks, less_for_less_subset(problem)[1])
    raise DataError(f"unknown strategy '{strategy}'; expected one of {', '.join(STRATEGIES)}")


def plan_rule_based(problem: Problem, strategy: str) -> Plan:
    """Build, check and evaluate a rule-based strategy's plan.

    Parameters
    ----------
    problem
        The problem (tranching is ignored: rule-based strategies schedule whole measures).
    strategy
        ``iran-first``, ``us-first``, ``sync``, ``step-by-step`` or ``less-for-less``.

    Returns
    -------
    Plan
        With ``feasible`` False and a reason when the rules cannot be ordered, or full
        compliance falls after the horizon or a deadline.
    """
    if strategy not in STRATEGIES or strategy == "optimized":
        raise DataError(f"unknown rule-based strategy '{strategy}'")
    tasks = list(problem.whole_tasks())
    complete = True
    notes: list[str] = []
    if strategy == "less-for-less":
        try:
            subset, _ = less_for_less_subset(problem)
        except DataError as exc:
            return Plan(
                strategy=strategy,
                problem=problem,
                feasible=False,
                reason=f"less-for-less is not defined for this catalogue: {exc.message}",
                schedule=None,
                metrics=None,
                measures=(),
            )
        tasks = [t for t in tasks if t.measure in subset]
        complete = set(subset) == set(problem.measure_ids)
        if not complete:
            notes.append(
                "less-for-less covers a subset of measures: full compliance is not reached "
                "by design; judge it at the horizon"
            )
        added = less_for_less_additions(problem)
        if added:
            notes.append(f"added to the interim subset as prerequisites: {', '.join(added)}")
    included = tuple(t.measure for t in tasks)
    try:
        gates = catalogue_gates(problem, tasks) + strategy_gates(problem, strategy, tasks)
        schedule = earliest_schedule(tasks, gates)
    except GateCycleError as exc:
        return Plan(
            strategy=strategy,
            problem=problem,
            feasible=False,
            reason=f"{strategy} cannot be applied to this catalogue: {exc}",
            schedule=None,
            metrics=None,
            measures=included,
            notes=tuple(notes),
        )
    problems = _schedule_problems(problem, schedule, complete)
    evaluation = evaluate(problem, schedule, complete=complete)
    problems.extend(target_problems(evaluation.metrics.end_state_violations))
    if strategy == "sync" and problem.catalogue.spec.defaults.sync_band is not None:
        notes.extend(band_gates(problem, tasks, problem.catalogue.spec.defaults.sync_band)[1])
    reason = "; ".join(problems) if problems else (notes[0] if notes else "")
    return Plan(
        strategy=strategy,
        problem=problem,
        feasible=not problems,
        reason=reason,
        schedule=schedule,
        metrics=evaluation.metrics,
        gates=tuple(gates),
        measures=included,
        notes=tuple(notes),
    )


def target_problems(violations: Sequence[str]) -> list[str]:
    """The reason a plan whose end state misses the target is not feasible (empty if met)."""
    if not violations:
        return []
    return ["end state misses the target: " + "; ".join(violations)]


def _schedule_problems(problem: Problem, schedule: Schedule, complete: bool) -> list[str]:
    out: list[str] = []
    horizon = problem.horizon_days
    for it in schedule.items:
        deadline = problem.measure(it.measure).spec.deadline_day
        if deadline is not None and it.end > deadline:
            out.append(f"{it.id} completes on day {it.end}, after its deadline (day {deadline})")
    last = max((it.verified for it in schedule.items), default=0)
    if complete and last > horizon:
        late = max(schedule.items, key=lambda it: it.verified)
        out.append(
            f"full compliance on day {last} ({late.id} verified last), after the horizon "
            f"of {horizon} days"
        )
    return out
