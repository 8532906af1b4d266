"""Cascade designs: machines per stage, feed stage, separation factor, with sources.

The packaged designs are ``lockstep/data/physics/cascades.yaml`` (read once, like the
centrifuge catalogue); :func:`parse_designs` validates the same schema from any YAML
text, so a user's own design file is checked the same way. A design is evaluated with
:mod:`lockstep.physics.stage_cascade`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from lockstep.errors import DataError
from lockstep.files import load_yaml
from lockstep.physics.centrifuges import CONFIDENCE_LEVELS
from lockstep.physics.stage_cascade import CascadeRun, batch_recycle, run_cascade

_FILE = "cascades.yaml"
_PACKAGE = "lockstep.data.physics"
_KEYS = (
    "name",
    "title",
    "model",
    "machines_per_stage",
    "feed_stage",
    "heads_separation_factor",
    "basis",
    "reported",
    "sources",
    "confidence",
)
_OPTIONAL = ("swu_per_machine_year",)


@dataclass(frozen=True)
class CascadeDesign:
    """One cascade design.

    Attributes
    ----------
    name
        Short name (``ir1-164``).
    title
        What it is, in words.
    model
        Centrifuge model of its machines (catalogue name).
    machines_per_stage
        n_s [machines] from the tails end.
    feed_stage
        Stage receiving the feed, 1 (tails end) ... S.
    heads_separation_factor
        beta of one stage [unitless], > 1.
    basis
        What the layout and beta rest on.
    reported
        What cascades of this kind were reported to produce (the independent check).
    sources
        Sources, each a string.
    confidence
        ``high``, ``medium`` or ``low``.
    swu_per_machine_year
        Output of one machine [kg-SWU/yr] if the file gives it (else the catalogue's).
    """

    name: str
    title: str
    model: str
    machines_per_stage: tuple[int, ...]
    feed_stage: int
    heads_separation_factor: float
    basis: str
    reported: str
    sources: tuple[str, ...]
    confidence: str
    swu_per_machine_year: float | None = None

    @property
    def stages(self) -> int:
        """Number of stages S."""
        return len(self.machines_per_stage)

    @property
    def machines(self) -> int:
        """Machines in the cascade [machines]."""
        return sum(self.machines_per_stage)

    def run(self, feed_assay: float | np.ndarray, swu_per_machine_year: float) -> CascadeRun:
        """Steady state at full load on a feed [unitless] with machines of given output."""
        return run_cascade(
            self.machines_per_stage,
            self.feed_stage,
            self.heads_separation_factor,
            feed_assay,
            swu_per_machine_year,
        )

    def recycle(
        self,
        feed_assay: float,
        feed_kg_u: float,
        target_assay: float,
        swu_per_machine_year: float,
        cascades: int = 1,
    ) -> tuple[Any, ...]:
        """Batch recycling through ``cascades`` of this design (see ``batch_recycle``)."""
        return batch_recycle(
            self.machines_per_stage,
            self.feed_stage,
            self.heads_separation_factor,
            swu_per_machine_year,
            feed_assay=feed_assay,
            feed_kg_u=feed_kg_u,
            target_assay=target_assay,
            cascades=cascades,
        )

    def step(
        self,
        feed_assay: float,
        product_assay: float,
        product_kg_u: float,
        swu_per_machine_year: float,
        cascades: int = 1,
    ) -> tuple[float, float, int]:
        """Time to step ``product_kg_u`` of material from one assay to the next.

        Batch recycling through ``cascades`` of this design (passes are linear in the
        batch, so one unit batch is scaled).

        Parameters
        ----------
        feed_assay, product_assay
            From and to [unitless].
        product_kg_u
            Product wanted at ``product_assay`` [kg U], > 0.
        swu_per_machine_year
            Output of one machine [kg-SWU/yr].
        cascades
            Identical cascades in parallel [count].

        Returns
        -------
        (float, float, int)
            Days of processing [days] (set-up excluded), feed needed [kg U], passes.
        """
        passes = self.recycle(feed_assay, 1.0, product_assay, swu_per_machine_year, cascades)
        scale = product_kg_u / passes[-1].product_kg_u
        days = sum(p.days for p in passes) * scale
        return days, scale, len(passes)


def _text(entry: dict[str, Any], key: str, file: str, row: int) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataError("expected non-empty text", file=file, row=row, field=key)
    return value.strip()


def _design(entry: object, file: str, row: int) -> CascadeDesign:
    if not isinstance(entry, dict):
        raise DataError("expected a mapping with the design's keys", file=file, row=row)
    unknown = sorted(set(entry) - set(_KEYS) - set(_OPTIONAL))
    if unknown:
        raise DataError(
            f"unknown key (expected {', '.join(_KEYS)})", file=file, row=row, field=unknown[0]
        )
    stages = entry.get("machines_per_stage")
    if (
        not isinstance(stages, list)
        or len(stages) < 2
        or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in stages)
    ):
        raise DataError(
            "expected a list of at least 2 whole machine counts >= 1 (tails end first)",
            file=file,
            row=row,
            field="machines_per_stage",
        )
    feed = entry.get("feed_stage")
    if isinstance(feed, bool) or not isinstance(feed, int) or not 1 <= feed <= len(stages):
        raise DataError(
            f"expected a stage number from 1 to {len(stages)}",
            file=file,
            row=row,
            field="feed_stage",
        )
    beta = entry.get("heads_separation_factor")
    if (
        isinstance(beta, bool)
        or not isinstance(beta, int | float)
        or not (math.isfinite(beta) and 1.0 < beta < 3.0)
    ):
        raise DataError(
            "expected a heads separation factor with 1 < beta < 3",
            file=file,
            row=row,
            field="heads_separation_factor",
        )
    sources = entry.get("sources")
    if (
        not isinstance(sources, list)
        or not sources
        or not all(isinstance(s, str) and s.strip() for s in sources)
    ):
        raise DataError("expected a non-empty list of sources", file=file, row=row, field="sources")
    confidence = _text(entry, "confidence", file, row)
    if confidence not in CONFIDENCE_LEVELS:
        raise DataError(
            f"expected one of {', '.join(CONFIDENCE_LEVELS)}",
            file=file,
            row=row,
            field="confidence",
        )
    swu = entry.get("swu_per_machine_year")
    if swu is not None and (
        isinstance(swu, bool)
        or not isinstance(swu, int | float)
        or not (math.isfinite(swu) and swu > 0)
    ):
        raise DataError(
            "expected an output in kg-SWU/yr > 0", file=file, row=row, field="swu_per_machine_year"
        )
    return CascadeDesign(
        name=_text(entry, "name", file, row),
        title=_text(entry, "title", file, row),
        model=_text(entry, "model", file, row),
        machines_per_stage=tuple(stages),
        feed_stage=feed,
        heads_separation_factor=float(beta),
        basis=_text(entry, "basis", file, row),
        reported=_text(entry, "reported", file, row),
        sources=tuple(s.strip() for s in sources),
        confidence=confidence,
        swu_per_machine_year=None if swu is None else float(swu),
    )


def parse_designs(text: str, file: str = _FILE) -> tuple[CascadeDesign, ...]:
    """Validate cascade designs from YAML text.

    The text is either a mapping with a ``designs`` list or a single design mapping.
    Rows in errors are 1-based positions in the list.

    Raises
    ------
    DataError
        Naming the file, the design's position and the field, and what was expected.
    """
    import yaml

    try:
        doc = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataError("not valid YAML", file=file, row=line) from None
    if isinstance(doc, dict) and "designs" in doc:
        entries = doc["designs"]
    elif isinstance(doc, dict):
        entries = [doc]
    else:
        raise DataError("expected a design mapping or a 'designs' list", file=file)
    if not isinstance(entries, list) or not entries:
        raise DataError("expected a non-empty list", file=file, field="designs")
    designs = tuple(_design(e, file, i) for i, e in enumerate(entries, start=1))
    names = [d.name for d in designs]
    for i, name in enumerate(names, start=1):
        if names.index(name) != i - 1:
            raise DataError(f"design {name!r} appears twice", file=file, row=i, field="name")
    return designs


@cache
def cascade_designs() -> tuple[CascadeDesign, ...]:
    """The packaged designs (``data/physics/cascades.yaml``), validated once."""
    text = resources.files(_PACKAGE).joinpath(_FILE).read_text(encoding="utf-8")
    return parse_designs(text)


def cascade_design(name: str) -> CascadeDesign:
    """The packaged design called ``name`` (case-insensitive).

    Raises
    ------
    DataError
        If no design has that name (the message lists the known ones).
    """
    for design in cascade_designs():
        if design.name.lower() == name.strip().lower():
            return design
    known = ", ".join(d.name for d in cascade_designs())
    raise DataError(f"unknown cascade design {name!r} (known: {known})")


def design_for_model(model: str) -> CascadeDesign | None:
    """The first packaged design whose machines are ``model``, or None."""
    for design in cascade_designs():
        if design.model == model:
            return design
    return None
