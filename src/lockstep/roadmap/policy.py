"""What happens to the centrifuges a return removes: stored under seal, or destroyed.

The JCPOA stored removed machines under IAEA seal (Annex I, paras 29 and 47); a return
could instead destroy them. The choice changes what a defection can reinstall (the
restorable breakout), not the work of removal, so it is a transformation of a problem's
measures: every machine-removal effect is made ``store`` or ``destroy``.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from lockstep.errors import DomainError
from lockstep.roadmap.catalogue import Machines
from lockstep.roadmap.problem import Problem

Policy = Literal["store", "destroy"]
#: The removal policies a problem can be given.
POLICIES: tuple[Policy, ...] = ("store", "destroy")


def with_removal_policy(problem: Problem, policy: str) -> Problem:
    """``problem`` with every machine removal made ``policy`` (idling left as it is).

    Parameters
    ----------
    problem
        A resolved planning problem.
    policy
        ``store`` (under seal, reinstallable) or ``destroy``.

    Returns
    -------
    Problem
        A new problem; ``problem`` is unchanged.

    Raises
    ------
    DomainError
        For an unknown policy.
    """
    if policy not in POLICIES:
        raise DomainError("policy", f"one of {', '.join(POLICIES)} (got {policy!r})")
    measures = []
    for measure in problem.measures:
        effects = [
            e.model_copy(update={"type": policy})
            if isinstance(e, Machines) and e.type in POLICIES
            else e
            for e in measure.spec.effects
        ]
        spec = measure.spec.model_copy(update={"effects": effects})
        measures.append(dataclasses.replace(measure, spec=spec))
    return dataclasses.replace(problem, measures=tuple(measures))
