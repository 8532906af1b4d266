"""Earliest times under gates: the longest-path engine every rule-based plan uses.

A schedule is the earliest solution of lower bounds (:class:`Gate`):
``start >= release``, ``start >= source.end/verified + lag``, ``end >= ...`` (escrow:
a relief step *completes* no earlier than a verification), and ``verified >= ...``
(the baseline rule C8). With ``end = start + d`` and ``verified = max(end + lag,
verified gates)`` the solution is found task by task in topological order.

The same code runs on numpy arrays of samples, which is how Monte Carlo evaluates a
thousand sets of durations and lags at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from lockstep.errors import InfeasibleError
from lockstep.roadmap.plan import Gate

IntArray = npt.NDArray[np.int64]


class GateCycleError(InfeasibleError):
    """The gates order a task before itself (e.g. a strategy rule against a prerequisite)."""

    def __init__(self, cycle: Sequence[str], kinds: Sequence[str]) -> None:
        self.cycle = tuple(cycle)
        self.kinds = tuple(kinds)
        steps = " -> ".join(self.cycle)
        why = ", ".join(sorted(set(kinds)))
        super().__init__(f"the rules order a step before itself: {steps} ({why} gates)")


def topological_order(task_ids: Sequence[str], gates: Sequence[Gate]) -> list[str]:
    """Tasks in an order where every gate's source precedes its target.

    Raises
    ------
    GateCycleError
        If the gates contain a cycle (the message lists it).
    """
    known = set(task_ids)
    succ: dict[str, list[tuple[str, str]]] = {t: [] for t in task_ids}
    indeg = dict.fromkeys(task_ids, 0)
    for g in gates:
        if g.source not in known or g.target not in known:
            continue
        if g.source == g.target:
            raise GateCycleError([g.source, g.target], [g.kind])
        succ[g.source].append((g.target, g.kind))
        indeg[g.target] += 1
    position = {t: i for i, t in enumerate(task_ids)}
    ready = sorted((t for t in task_ids if indeg[t] == 0), key=position.__getitem__)
    order: list[str] = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for nxt, _ in succ[node]:
            indeg[nxt] -= 1
            if indeg[nxt] == 0:
                ready.append(nxt)
        ready.sort(key=position.__getitem__)
    if len(order) < len(task_ids):
        raise _cycle_error([t for t in task_ids if indeg[t] > 0], succ)
    return order


def _cycle_error(
    remaining: Sequence[str], succ: Mapping[str, Sequence[tuple[str, str]]]
) -> GateCycleError:
    left = set(remaining)
    start = remaining[0]
    path = [start]
    kinds: list[str] = []
    seen = {start: 0}
    node = start
    while True:
        nxt, kind = next((n, k) for n, k in succ[node] if n in left)
        kinds.append(kind)
        if nxt in seen:
            cycle = [*path[seen[nxt] :], nxt]
            return GateCycleError(cycle, kinds[seen[nxt] :])
        seen[nxt] = len(path)
        path.append(nxt)
        node = nxt


def earliest_times(
    task_ids: Sequence[str],
    gates: Sequence[Gate],
    durations: Mapping[str, IntArray],
    lags: Mapping[str, IntArray],
    lower_start: Mapping[str, IntArray | int],
) -> tuple[dict[str, IntArray], dict[str, IntArray], dict[str, IntArray]]:
    """Earliest start, end and verification of every task under the gates.

    Parameters
    ----------
    task_ids
        Tasks to schedule (gates touching other ids are ignored).
    gates
        Lower bounds between tasks.
    durations, lags
        Per task, an integer array of samples (or shape ``()``) [days].
    lower_start
        Per task, the release day or a fixed earliest start [day].

    Returns
    -------
    tuple of dict
        ``(start, end, verified)`` arrays per task [day].

    Raises
    ------
    GateCycleError
        If the gates are cyclic.
    """
    order = topological_order(task_ids, gates)
    known = set(task_ids)
    incoming: dict[str, list[Gate]] = {t: [] for t in task_ids}
    for g in gates:
        if g.source in known and g.target in known:
            incoming[g.target].append(g)
    start: dict[str, IntArray] = {}
    end: dict[str, IntArray] = {}
    ver: dict[str, IntArray] = {}
    for t in order:
        d = durations[t]
        s = np.asarray(lower_start[t], dtype=np.int64) + np.zeros_like(d)
        v_gates: list[IntArray] = []
        for g in incoming[t]:
            src = end[g.source] if g.source_point == "end" else ver[g.source]
            bound = src + g.lag
            if g.target_point == "start":
                s = np.maximum(s, bound)
            elif g.target_point == "end":
                s = np.maximum(s, bound - d)
            else:
                v_gates.append(bound)
        e = s + d
        v = e + lags[t]
        for bound in v_gates:
            v = np.maximum(v, bound)
        start[t], end[t], ver[t] = s, e, v
    return start, end, ver
