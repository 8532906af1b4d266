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


Node = tuple[str, str]
_SRC_NODE = {"end": "E", "verified": "V"}


def _node_graph(
    task_ids: Sequence[str], gates: Sequence[Gate]
) -> tuple[dict[Node, list[tuple[Node, str]]], list[Node]]:
    """Dependency graph on time points: S -> E -> V per task, plus one edge per gate.

    A gate on a target's start or end bounds its start (``end = start + d``); a gate on
    its verification bounds the verification.
    """
    known = set(task_ids)
    nodes: list[Node] = [(t, p) for t in task_ids for p in ("S", "E", "V")]
    succ: dict[Node, list[tuple[Node, str]]] = {n: [] for n in nodes}
    for t in task_ids:
        succ[(t, "S")].append(((t, "E"), "duration"))
        succ[(t, "E")].append(((t, "V"), "verification"))
    for g in gates:
        if g.source not in known or g.target not in known:
            continue
        src = (g.source, _SRC_NODE[g.source_point])
        dst = (g.target, "V" if g.target_point == "verified" else "S")
        succ[src].append((dst, g.kind))
    return succ, nodes


def topological_order(task_ids: Sequence[str], gates: Sequence[Gate]) -> list[Node]:
    """Time points in an order where every bound's source precedes its target.

    Raises
    ------
    GateCycleError
        If the gates contain a cycle (the message lists the tasks on it).
    """
    succ, nodes = _node_graph(task_ids, gates)
    indeg = dict.fromkeys(nodes, 0)
    for n in nodes:
        for m, _ in succ[n]:
            indeg[m] += 1
    position = {n: i for i, n in enumerate(nodes)}
    ready = sorted((n for n in nodes if indeg[n] == 0), key=position.__getitem__)
    order: list[Node] = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for nxt, _ in succ[node]:
            indeg[nxt] -= 1
            if indeg[nxt] == 0:
                ready.append(nxt)
        ready.sort(key=position.__getitem__)
    if len(order) < len(nodes):
        raise _cycle_error([n for n in nodes if indeg[n] > 0], succ)
    return order


def _cycle_error(
    remaining: Sequence[Node], succ: Mapping[Node, Sequence[tuple[Node, str]]]
) -> GateCycleError:
    # Every remaining point has a remaining predecessor: walk back until one repeats.
    left = set(remaining)
    pred: dict[Node, tuple[Node, str]] = {}
    for src in remaining:
        for dst, kind in succ[src]:
            if dst in left:
                pred.setdefault(dst, (src, kind))
    node = remaining[0]
    seen: dict[Node, int] = {}
    walk: list[tuple[Node, str]] = []
    while node not in seen:
        seen[node] = len(walk)
        src, kind = pred[node]
        walk.append((node, kind))
        node = src
    loop = list(reversed(walk[seen[node] :]))
    tasks: list[str] = []
    for n, _ in loop:
        if not tasks or tasks[-1] != n[0]:
            tasks.append(n[0])
    kinds = [k for _, k in loop if k not in ("duration", "verification")]
    return GateCycleError([*tasks, tasks[0]], kinds)


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
    for t, point in order:
        d = durations[t]
        if point == "S":
            s = np.asarray(lower_start[t], dtype=np.int64) + np.zeros_like(d)
            for g in incoming[t]:
                if g.target_point == "verified":
                    continue
                src = end[g.source] if g.source_point == "end" else ver[g.source]
                bound = src + g.lag
                s = np.maximum(s, bound if g.target_point == "start" else bound - d)
            start[t] = s
        elif point == "E":
            end[t] = start[t] + d
        else:
            v = end[t] + lags[t]
            for g in incoming[t]:
                if g.target_point == "verified":
                    src = end[g.source] if g.source_point == "end" else ver[g.source]
                    v = np.maximum(v, src + g.lag)
            ver[t] = v
    return start, end, ver
