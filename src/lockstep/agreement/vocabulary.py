"""The metric vocabulary: which metrics an obligation may name, their units and qualifiers.

The vocabulary lives in ``lockstep/data/agreements/metrics.yaml`` (documented in
``docs/agreement.md``). Quantitative metric names and qualifiers are shared with the
record, so an obligation such as ``centrifuges_installed{site=natanz_fep, model=IR-1}
le 5060`` can be tested against the observations with the same name and qualifiers.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lockstep.agreement.yamlio import LocatedDataError, parse_yaml
from lockstep.parsed_cache import parsed_once

#: How a metric is compared with a limit.
MetricKind = Literal["quantity", "boolean", "categorical", "set"]
#: Where compliance finds the metric's value.
EvaluatedFrom = Literal["observations", "events", "both"]
#: Comparators, by the metric kinds they apply to (semantics in ``comparators.py``).
COMPARATORS_BY_KIND: dict[str, tuple[str, ...]] = {
    "quantity": ("le", "lt", "ge", "gt", "eq", "ne"),
    "boolean": ("is_true", "is_false"),
    "categorical": ("eq", "ne", "in", "not_in"),
    "set": ("subset_of", "superset_of", "disjoint_from"),
}

_FILE = "metrics.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class UnitDefinition(_Strict):
    """A unit of the vocabulary.

    Attributes
    ----------
    description
        What the unit measures.
    converts_to
        Library unit this unit is converted to on load (e.g. ``pct`` -> ``fraction``).
    factor
        Multiplier applied on conversion (value_library = value * factor).
    """

    description: str
    converts_to: str | None = None
    factor: float | None = None


class QualifierDefinition(_Strict):
    """A qualifier and its allowed values (``None``: free text)."""

    description: str
    values: tuple[str, ...] | None = None


class MetricDefinition(_Strict):
    """One metric of the vocabulary.

    Attributes
    ----------
    name
        Identifier used by obligations and observations.
    unit
        Library unit of values and limits.
    kind
        ``quantity``, ``boolean``, ``categorical`` or ``set``.
    evaluated_from
        ``observations`` (IAEA-reported figures), ``events`` (dated actions) or ``both``.
    qualifiers
        Qualifier names the metric accepts.
    values
        Allowed values of a categorical metric.
    elements_from
        For a set metric, the qualifier whose values are the allowed elements.
    description
        What the metric measures.
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    unit: str
    kind: MetricKind
    evaluated_from: EvaluatedFrom
    qualifiers: tuple[str, ...] = ()
    values: tuple[str, ...] | None = None
    elements_from: str | None = None
    description: str


class Vocabulary(_Strict):
    """The whole vocabulary file."""

    schema_version: int = 1
    units: dict[str, UnitDefinition]
    qualifiers: dict[str, QualifierDefinition]
    categories: dict[str, str]
    metrics: tuple[MetricDefinition, ...]

    def metric(self, name: str) -> MetricDefinition | None:
        """The metric called ``name``, or None."""
        return self._by_name().get(name)

    def _by_name(self) -> dict[str, MetricDefinition]:
        return {m.name: m for m in self.metrics}

    def allowed_elements(self, metric: MetricDefinition) -> tuple[str, ...] | None:
        """Allowed values of a categorical metric or elements of a set metric."""
        if metric.kind == "categorical":
            return metric.values
        if metric.kind == "set" and metric.elements_from is not None:
            qualifier = self.qualifiers.get(metric.elements_from)
            return qualifier.values if qualifier else None
        return None

    def conversion(self, unit: str, library_unit: str) -> float | None:
        """Factor converting ``unit`` into ``library_unit`` (1.0 if equal, None if impossible)."""
        if unit == library_unit:
            return 1.0
        definition = self.units.get(unit)
        if definition and definition.converts_to == library_unit and definition.factor:
            return definition.factor
        return None


def _check(vocabulary: Vocabulary, file: str) -> None:
    names: set[str] = set()
    for metric in vocabulary.metrics:
        where = f"metric '{metric.name}'"
        if metric.name in names:
            raise LocatedDataError(f"{where}: duplicate metric name", file=file, field="name")
        names.add(metric.name)
        if metric.unit not in vocabulary.units:
            raise LocatedDataError(
                f"{where}: unknown unit '{metric.unit}'", file=file, field="unit"
            )
        for qualifier in metric.qualifiers:
            if qualifier not in vocabulary.qualifiers:
                raise LocatedDataError(
                    f"{where}: unknown qualifier '{qualifier}'", file=file, field="qualifiers"
                )
        if metric.kind == "categorical" and not metric.values:
            raise LocatedDataError(
                f"{where}: a categorical metric needs values", file=file, field="values"
            )
        if metric.kind == "set" and metric.elements_from not in vocabulary.qualifiers:
            raise LocatedDataError(
                f"{where}: a set metric needs elements_from naming a qualifier",
                file=file,
                field="elements_from",
            )


def parse_vocabulary(text: str, file: str | Path = _FILE) -> Vocabulary:
    """Parse and check a vocabulary file's text.

    Parameters
    ----------
    text
        YAML text in the format of ``metrics.yaml``.
    file
        Name used in error messages.

    Returns
    -------
    Vocabulary

    Raises
    ------
    LocatedDataError
        If the file is malformed or inconsistent.
    """
    document = parse_yaml(text, file)
    try:
        vocabulary = Vocabulary.model_validate(document.data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        raise LocatedDataError(
            error["msg"],
            file=document.file,
            line=document.line_of(loc),
            field=".".join(str(p) for p in loc),
        ) from None
    _check(vocabulary, document.file)
    return vocabulary


@cache
@parsed_once("agreement-vocabulary")
def load_vocabulary() -> Vocabulary:
    """The packaged metric vocabulary (parsed once per process)."""
    text = resources.files("lockstep.data.agreements").joinpath(_FILE).read_text("utf-8")
    return parse_vocabulary(text, f"lockstep/data/agreements/{_FILE}")
