"""Compliance rules as data: ``lockstep/data/compliance/rules.yaml``.

The rules say how metrics the record does not report as figures are read from it
(sanctions measures, the monitoring level) and how a reading of a disputed clause
translates into a status for a given obligation. Each rule states its basis; the file is
documented in ``docs/compliance.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lockstep.errors import DataError
from lockstep.files import load_yaml
from lockstep.parsed_cache import parsed_once

_FILE = "lockstep/data/compliance/rules.yaml"

#: What a reading implies, besides a plain status.
ImpliedRule = Literal[
    "complies",
    "breached",
    "suspended",
    "not_in_force",
    "expired",
    "unknown",
    "as_written",
    "as_written_uncontested",
]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


class MeasureMetric(_Strict):
    """A boolean metric read from the record's sanctions measures.

    Attributes
    ----------
    metric, qualifiers
        The metric and qualifiers of the obligations it serves (exact match).
    measures
        Measure ids of the record (``vocabulary.yaml``).
    value
        ``any_in_force``, ``all_in_force`` or ``reimposed_since_start``.
    basis, sources
        Why the measures stand for the metric.
    """

    metric: str
    qualifiers: dict[str, str] = Field(default_factory=dict)
    measures: tuple[str, ...] = Field(min_length=1)
    value: Literal["any_in_force", "all_in_force", "reimposed_since_start"]
    basis: str
    sources: tuple[str, ...] = Field(min_length=1)


class DerivedMetric(_Strict):
    """A boolean metric derived from a categorical quantity of the record.

    Attributes
    ----------
    metric
        The metric derived.
    from_
        The record quantity it is read from (``monitoring_level``).
    true_when
        Values of that quantity for which the metric is true.
    basis, sources
        Why.
    """

    metric: str
    from_: str = Field(alias="from")
    true_when: tuple[str, ...] = Field(min_length=1)
    basis: str
    sources: tuple[str, ...] = Field(min_length=1)


class ReadingEffect(_Strict):
    """How one reading of a dispute translates into a status.

    Attributes
    ----------
    obligation
        The obligation it applies to (``None``: every obligation listing the dispute).
    dispute
        The dispute id.
    status_implied
        The reading's ``status_implied`` the rule applies to.
    implies
        The status, or ``as_written`` / ``as_written_uncontested``; ``None`` keeps the
        general rule (used with ``effective_from`` alone).
    effective_from
        Milestone before which the reading changes nothing.
    rationale
        Why.
    """

    obligation: str | None = None
    dispute: str
    status_implied: str
    implies: ImpliedRule | None = None
    effective_from: str | None = None
    rationale: str


class Rules(_Strict):
    """The compliance rules file."""

    schema_version: Literal[1] = 1
    party_aliases: dict[str, str] = Field(default_factory=dict)
    verifiers: tuple[str, ...] = ()
    measure_metrics: tuple[MeasureMetric, ...] = ()
    derived_metrics: tuple[DerivedMetric, ...] = ()
    reading_effects: tuple[ReadingEffect, ...] = ()

    def measure_metric(self, metric: str, qualifiers: Mapping[str, object]) -> MeasureMetric | None:
        """The measure rule for a metric and its exact qualifiers, if any."""
        for rule in self.measure_metrics:
            if rule.metric == metric and dict(rule.qualifiers) == qualifiers:
                return rule
        return None

    def derived_metric(self, metric: str) -> DerivedMetric | None:
        """The derivation rule of a metric, if any."""
        for rule in self.derived_metrics:
            if rule.metric == metric:
                return rule
        return None

    def reading_effect(
        self, obligation: str, dispute: str | None, status_implied: str
    ) -> ReadingEffect | None:
        """The most specific reading rule (obligation-specific first), if any."""
        if dispute is None:
            return None
        general = None
        for rule in self.reading_effects:
            if rule.dispute != dispute or rule.status_implied != status_implied:
                continue
            if rule.obligation == obligation:
                return rule
            if rule.obligation is None:
                general = rule
        return general


def parse_rules(text: str, file: str = _FILE) -> Rules:
    """Parse and validate a rules file; :class:`DataError` names the file and field."""
    import yaml

    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML ({exc})", file=file) from None
    if not isinstance(data, dict):
        raise DataError("expected a mapping at the top level", file=file)
    try:
        return Rules.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise DataError(f"{error['msg']}", file=file, field=where) from None


@cache
@parsed_once("compliance-rules")
def load_rules() -> Rules:
    """The packaged rules (cached)."""
    text = resources.files("lockstep.data.compliance").joinpath("rules.yaml").read_text("utf-8")
    return parse_rules(text)
