"""Scenario files: stocks by assay, centrifuges by site, model and status, assumptions.

A scenario is a YAML file a user writes to ask "what if" (e.g. the JCPOA limits, or
today's stocks with a covert plant). Assays are in percent and masses in kg U (or kg
UF6) at this edge. Every mistake is a :class:`~lockstep.errors.DataError` naming the
file and the field (``centrifuges[2].enriching``). The format is documented in
``docs/breakout.md``; an example::

    label: JCPOA limits
    as_of: 2016-01-16
    stocks:
      - {label: up_to_5pct, assay_pct: 3.67, mass_kg_u: 202.8, source: JCPOA Annex I}
    centrifuges:
      - {site: natanz_fep, model: IR-1, installed: 5060, enriching: 5060}
    assumptions:
      quantity: wgu25
      model: swu-budget
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from lockstep.assessment.adapter import fleets_from_figures
from lockstep.assessment.breakout import BreakoutAssessment, assess_inputs
from lockstep.assessment.options import (
    KNOWN_SITES,
    BreakoutOptions,
    CovertPlant,
    MachineCount,
    resolve_sites,
)
from lockstep.errors import DataError, LockstepError
from lockstep.files import load_yaml, read_text_file
from lockstep.physics.breakout import (
    Assumptions,
    Distribution,
    Quantity,
    Stock,
    TailsPolicy,
    canonical_model,
    check_model,
    known_models,
    quantity_named,
)
from lockstep.physics.units import uf6_to_u
from lockstep.record.model import CentrifugeFigure, Source

_STATUSES = ("verified", "estimated", "declared", "unverified", "assumed")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _DistributionSpec(_Strict):
    distribution: Literal["triangular", "uniform", "fixed"] = "triangular"
    low: float
    mode: float | None = None
    high: float
    source: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> _DistributionSpec:
        mode = self.mode if self.mode is not None else 0.5 * (self.low + self.high)
        if not self.low <= mode <= self.high:
            raise ValueError("expected low <= mode <= high")
        if self.distribution == "triangular" and self.mode is None:
            raise ValueError("a triangular distribution needs a mode")
        return self

    def build(self, default_source: str) -> Distribution:
        source = self.source or default_source
        if self.distribution == "uniform":
            return Distribution.uniform(self.low, self.high, source)
        if self.distribution == "fixed":
            if self.low != self.high:
                raise ValueError("a fixed value needs low == high")
            return Distribution.fixed(self.low, source)
        assert self.mode is not None
        return Distribution.triangular(self.low, self.mode, self.high, source)


_Dist = float | _DistributionSpec


def _build(spec: _Dist, source: str) -> Distribution:
    if isinstance(spec, _DistributionSpec):
        return spec.build(source)
    return Distribution.fixed(float(spec), source)


class _StockSpec(_Strict):
    label: str = Field(min_length=1)
    assay_pct: float = Field(gt=0, lt=100)
    mass_kg_u: float | None = Field(default=None, ge=0)
    mass_kg_uf6: float | None = Field(default=None, ge=0)
    mass_low_kg_u: float | None = Field(default=None, ge=0)
    mass_high_kg_u: float | None = Field(default=None, ge=0)
    source: str = ""
    status: str = "assumed"
    as_of: dt.date | None = None

    @model_validator(mode="after")
    def _one_mass(self) -> _StockSpec:
        if (self.mass_kg_u is None) == (self.mass_kg_uf6 is None):
            raise ValueError("give exactly one of mass_kg_u and mass_kg_uf6")
        if self.status not in _STATUSES:
            raise ValueError(f"status must be one of {', '.join(_STATUSES)}")
        return self


class _CentrifugeSpec(_Strict):
    site: str = Field(min_length=1)
    model: str = Field(min_length=1)
    installed: int | None = Field(default=None, ge=0)
    enriching: int | None = Field(default=None, ge=0)
    source: str = ""
    status: str = "assumed"
    as_of: dt.date | None = None

    @model_validator(mode="after")
    def _counts(self) -> _CentrifugeSpec:
        if self.installed is None and self.enriching is None:
            raise ValueError("give installed, enriching or both")
        if (
            self.installed is not None
            and self.enriching is not None
            and self.enriching > self.installed
        ):
            raise ValueError("enriching cannot exceed installed")
        if self.status not in _STATUSES:
            raise ValueError(f"status must be one of {', '.join(_STATUSES)}")
        return self


class _QuantitySpec(_Strict):
    mass_kg_u: float = Field(gt=0)
    assay_pct: float = Field(gt=0, lt=100)


class _TailsSpec(_Strict):
    fixed_pct: float = Field(gt=0, lt=100)


class _CovertSpec(_Strict):
    model: str
    machines: int = Field(ge=1)


class _AssumptionsSpec(_Strict):
    quantity: str | _QuantitySpec | None = None
    model: str | None = None
    machines: MachineCount | None = None
    sites: list[str] | None = None
    stocks: list[str] | None = None
    natural_uranium: Literal["unlimited", "none"] | None = None
    effectiveness: _Dist | None = None
    setup_days: _Dist | None = None
    tails: Literal["best"] | _TailsSpec | None = None
    swu_per_machine_year: dict[str, _Dist] | None = None
    covert: _CovertSpec | None = None
    days_per_year: Annotated[float, Field(gt=0)] | None = None
    phase_quantities: Annotated[int, Field(ge=1, le=1000)] | None = None
    lots_per_quantity: Annotated[int, Field(ge=1, le=1000)] | None = None
    samples: Annotated[int, Field(ge=1)] | None = None
    seed: Annotated[int, Field(ge=0)] | None = None


class _ScenarioSpec(_Strict):
    label: str = ""
    description: str = ""
    as_of: dt.date | None = None
    stocks: list[_StockSpec] = Field(default_factory=list)
    centrifuges: list[_CentrifugeSpec] = Field(default_factory=list)
    assumptions: _AssumptionsSpec = Field(default_factory=_AssumptionsSpec)


@dataclass(frozen=True)
class Scenario:
    """A parsed scenario file.

    Attributes
    ----------
    label, description
        What the scenario is.
    as_of
        Date the scenario describes, if any.
    stocks
        Stocks [library units].
    centrifuges
        Centrifuge figures by site and model.
    options
        Options built from the file's ``assumptions`` (the CLI may override them).
    file
        The file read, if any.
    """

    label: str
    description: str
    as_of: dt.date | None
    stocks: tuple[Stock, ...]
    centrifuges: tuple[CentrifugeFigure, ...]
    options: BreakoutOptions
    file: str | None = None
    given: frozenset[str] = field(default_factory=frozenset)


_UNION_TAGS = {"float", "int", "str", "_DistributionSpec", "_QuantitySpec", "_TailsSpec"}


def _field_path(loc: tuple[int | str, ...]) -> str:
    """``("centrifuges", 2, "enriching")`` -> ``"centrifuges[2].enriching"``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
            continue
        if part in _UNION_TAGS or part.startswith(("function-", "literal[", "constrained-")):
            continue
        path += f".{part}" if path else part
    return path


def parse_scenario(data: Any, file: str | Path | None = None) -> Scenario:
    """Validate a scenario mapping (as loaded from YAML) and build a :class:`Scenario`.

    Raises
    ------
    DataError
        With the file and the field, for any invalid entry.
    """
    if not isinstance(data, dict):
        raise DataError("a scenario must be a mapping (label, stocks, centrifuges, ...)", file=file)
    try:
        spec = _ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # For "a number or a mapping" fields, the number branch's type error is noise
        # when a mapping was given: report the error of the branch that applies.
        error = next(
            (e for e in errors if not e["type"].endswith("_type") and e["type"] != "model_type"),
            errors[0],
        )
        got = error.get("input")
        shown = "" if isinstance(got, dict | list) else f" (got {got!r})"
        message = error["msg"].removeprefix("Value error, ")
        raise DataError(f"{message}{shown}", file=file, field=_field_path(error["loc"])) from None
    try:
        return _build_scenario(spec, file)
    except DataError:
        raise
    except LockstepError as exc:
        raise DataError(str(exc), file=file) from None


def _build_scenario(spec: _ScenarioSpec, file: str | Path | None) -> Scenario:
    origin = f"scenario {Path(file).name}" if file is not None else "scenario"
    stocks = []
    for i, s in enumerate(spec.stocks):
        assay = s.assay_pct / 100.0
        if s.mass_kg_u is not None:
            mass = s.mass_kg_u
        else:
            assert s.mass_kg_uf6 is not None
            mass = float(uf6_to_u(s.mass_kg_uf6, assay))
        low, high = s.mass_low_kg_u, s.mass_high_kg_u
        if (low is not None and low > mass) or (high is not None and high < mass):
            raise DataError(
                f"the range {low}-{high} kg U does not hold the mass {mass:g} kg U",
                file=file,
                field=f"stocks[{i}].mass_low_kg_u",
            )
        stocks.append(
            Stock(
                assay,
                mass,
                s.label,
                s.source or origin,
                s.status,
                s.as_of or spec.as_of,
                mass_low_kg_u=low,
                mass_high_kg_u=high,
            )
        )
        if any(other.label == s.label for other in spec.stocks[:i]):
            raise DataError(f"duplicate stock label {s.label!r}", file=file, field=f"stocks[{i}]")
    centrifuges = []
    for i, c in enumerate(spec.centrifuges):
        model = canonical_model(c.model)
        if model not in known_models():
            raise DataError(
                f"unknown centrifuge model {c.model!r}; known: {', '.join(known_models())}",
                file=file,
                field=f"centrifuges[{i}].model",
            )
        site = c.site.strip().lower()
        if site not in KNOWN_SITES:
            raise DataError(
                f"unknown site {c.site!r}; known: {', '.join(KNOWN_SITES)}",
                file=file,
                field=f"centrifuges[{i}].site",
            )
        centrifuges.append(
            CentrifugeFigure(
                site=site,
                model=model,
                installed=c.installed,
                enriching=c.enriching,
                status=c.status,  # type: ignore[arg-type]
                figure_as_of=c.as_of or spec.as_of,
                age_days=None,
                source=Source(c.source or origin),
            )
        )
    options, given = _options(spec.assumptions, origin, file)
    return Scenario(
        label=spec.label,
        description=spec.description,
        as_of=spec.as_of,
        stocks=tuple(stocks),
        centrifuges=tuple(centrifuges),
        options=options,
        file=str(file) if file is not None else None,
        given=given,
    )


def _options(
    a: _AssumptionsSpec, origin: str, file: str | Path | None
) -> tuple[BreakoutOptions, frozenset[str]]:
    def fail(message: str, name: str) -> DataError:
        return DataError(message, file=file, field=f"assumptions.{name}")

    engine: dict[str, Any] = {}
    options: dict[str, Any] = {}
    if a.effectiveness is not None:
        engine["effectiveness"] = _build(a.effectiveness, origin)
    if a.setup_days is not None:
        engine["setup_days"] = _build(a.setup_days, origin)
    if a.tails is not None:
        engine["tails"] = (
            TailsPolicy() if a.tails == "best" else TailsPolicy.fixed(a.tails.fixed_pct / 100.0)
        )
    if a.natural_uranium is not None:
        engine["unlimited_natural"] = a.natural_uranium == "unlimited"
    for name in ("days_per_year", "phase_quantities", "lots_per_quantity"):
        if getattr(a, name) is not None:
            engine[name] = getattr(a, name)
    try:
        options["assumptions"] = Assumptions(**engine)
    except LockstepError as exc:
        raise fail(str(exc), next(iter(engine), "assumptions")) from None
    if a.quantity is not None:
        try:
            options["quantity"] = (
                quantity_named(a.quantity)
                if isinstance(a.quantity, str)
                else Quantity.custom(a.quantity.mass_kg_u, a.quantity.assay_pct / 100.0)
            )
        except LockstepError as exc:
            raise fail(str(exc), "quantity") from None
    if a.model is not None:
        try:
            options["model"] = check_model(a.model)
        except LockstepError as exc:
            raise fail(str(exc), "model") from None
    if a.machines is not None:
        options["machines"] = a.machines
    if a.sites is not None:
        try:
            options["sites"] = resolve_sites(a.sites)
        except LockstepError as exc:
            raise fail(str(exc), "sites") from None
    if a.stocks is not None:
        options["stocks"] = tuple(a.stocks)
    if a.swu_per_machine_year is not None:
        overrides = {}
        for name, dist in a.swu_per_machine_year.items():
            model = canonical_model(name)
            if model not in known_models():
                raise fail(f"unknown centrifuge model {name!r}", f"swu_per_machine_year.{name}")
            try:
                overrides[model] = _build(dist, origin)
            except (LockstepError, ValueError) as exc:
                raise fail(str(exc), f"swu_per_machine_year.{name}") from None
        options["swu_overrides"] = overrides
    if a.covert is not None:
        try:
            options["covert"] = CovertPlant(canonical_model(a.covert.model), a.covert.machines)
        except LockstepError as exc:
            raise fail(str(exc), "covert.model") from None
    for name in ("samples", "seed"):
        if getattr(a, name) is not None:
            options[name] = getattr(a, name)
    return BreakoutOptions(**options), frozenset(options)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario YAML file.

    Raises
    ------
    DataError
        If the file cannot be read, is not YAML, or has an invalid entry.
    """
    file = Path(path)
    import yaml

    text = read_text_file(file, "scenario file")
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise DataError(f"not valid YAML: {problem}", file=file, row=row) from None
    return parse_scenario(data, file)


def assess_scenario(
    scenario: Scenario, options: BreakoutOptions | None = None
) -> BreakoutAssessment:
    """Breakout of a scenario.

    Parameters
    ----------
    scenario
        The scenario.
    options
        Options to use instead of the scenario's (default: the scenario's own).
    """
    chosen = options or scenario.options
    fleets, notes = fleets_from_figures(
        scenario.centrifuges, (), chosen.machines, (), chosen.swu_overrides
    )
    return assess_inputs(
        scenario.stocks,
        fleets,
        chosen,
        as_of=scenario.as_of,
        label=scenario.label,
        notes=notes,
    )
