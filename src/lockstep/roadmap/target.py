"""The target regime of a return: nuclear limits plus the relief package.

UNSCR 2231's scheduled termination date (18 Oct 2025) has passed and snapback was
triggered in Sep 2025, so "full JCPOA compliance" is a *configuration*, not a live
legal baseline (model.md section 0.4). A target lists the obligations each party owes
(each measure of a catalogue names the one it discharges) and the limits the end state
is checked against. A target is an agreement plus overrides: a file that names
``agreement: jcpoa`` takes its limits (enrichment level, stockpile, machine models,
sites, Natanz and Fordow caps, heavy water) and its obligations from the agreement data
(:func:`limits_from_agreement`), so no limit is kept twice; the file adds what the text
does not state as numbers and obligations a return needs beyond it. The 2015 JCPOA is the
default (``jcpoa2015``); variants such as a post-2025 deal extend it in
``lockstep/data/roadmap/targets/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lockstep.errors import DataError
from lockstep.files import load_yaml, read_text_file
from lockstep.parsed_cache import parsed_once
from lockstep.roadmap.catalogue import MONITORING_ORDER, Monitoring, Party, data_file

#: Target regimes shipped with the package.
PACKAGED_TARGETS: tuple[str, ...] = ("jcpoa2015", "post2025_suspension")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Obligation(_Model):
    """One obligation of the target regime.

    Attributes
    ----------
    id
        Stable id (matches ``shared/reference/agreement/obligations.yaml`` where the
        obligation comes from the 2015 text).
    party
        The party that owes it.
    description
        What it requires, in our words.
    reference
        Clause of the text (e.g. ``"JCPOA para 7; Annex I para 56"``) or the source of
        the variant.
    modelled
        Whether the end-state check covers it (``False`` for obligations the state
        model does not track, e.g. heavy water or R&D limits).
    """

    id: str
    party: Party
    description: str
    reference: str
    modelled: bool = True


class MachineCap(_Model):
    """At most ``max`` machines of ``model`` at ``site`` in ``status``.

    ``installed`` counts enriching and idle machines; ``model: "*"`` counts every model.
    """

    site: str
    model: str
    status: Literal["enriching", "installed"]
    max: Annotated[int, Field(ge=0)]


class Limits(_Model):
    """Nuclear limits the end state must meet.

    ``enriching_models`` applies at ``models_at_sites`` (every site when empty); at the
    R&D site ``rd_site`` each model may enrich with at most ``rd_caps[model]`` machines
    (0 for a model without an R&D clause).
    """

    enrichment_cap_assay: Annotated[float, Field(gt=0.0, lt=1.0)]
    stock_cap_kg_u: Annotated[float, Field(ge=0.0)]
    enriching_models: tuple[str, ...]
    enriching_sites: tuple[str, ...]
    machine_caps: tuple[MachineCap, ...] = ()
    monitoring: Monitoring = "jcpoa_full"
    baseline_verified: bool = True
    heavy_water_cap_t: float | None = None
    models_at_sites: tuple[str, ...] = ()
    rd_site: str | None = None
    rd_caps: dict[str, int] = {}


class TargetRegime(_Model):
    """A target regime: limits, obligations of every party, and its sources."""

    schema_version: Literal[1]
    id: str
    title: str
    description: str = ""
    agreement: str | None = None
    limits: Limits
    obligations: tuple[Obligation, ...]
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def obligation(self, obligation_id: str) -> Obligation:
        """The obligation with id ``obligation_id``."""
        for o in self.obligations:
            if o.id == obligation_id:
                return o
        raise KeyError(obligation_id)

    @property
    def obligation_ids(self) -> frozenset[str]:
        """Ids of every obligation."""
        return frozenset(o.id for o in self.obligations)


def load_target(name_or_path: str | Path) -> TargetRegime:
    """Load a target regime by packaged name (``jcpoa2015``) or from a YAML file.

    Raises
    ------
    DataError
        If the file is missing or malformed.
    """
    name = str(name_or_path)
    if name in PACKAGED_TARGETS:
        return _packaged_target(name)
    return _load_target(name_or_path)


@cache
@parsed_once("target")
def _packaged_target(name: str) -> TargetRegime:
    """A packaged target, parsed once per process (targets are immutable)."""
    return _load_target(name)


def _load_target(name_or_path: str | Path) -> TargetRegime:
    name = str(name_or_path)
    if name in PACKAGED_TARGETS:
        text = data_file(f"targets/{name}.yaml").read_text("utf-8")
        source = f"targets/{name}.yaml"
    else:
        path = Path(name_or_path)
        if not path.suffix:
            raise DataError(
                f"unknown target regime '{name}'; expected one of {', '.join(PACKAGED_TARGETS)} "
                "or a YAML file"
            )
        text = read_text_file(path, "target file")
        source = str(path)
    import yaml  # on use: a packaged target comes from the parsed cache

    try:
        data = load_yaml(text)
        if isinstance(data, dict) and "extends" in data:
            data = _merge(load_target(str(data.pop("extends"))), data)
        elif isinstance(data, dict) and data.get("agreement"):
            data = _with_agreement(data, str(data["agreement"]))
        target = TargetRegime.model_validate(data)
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML ({exc})", file=source) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise DataError(err["msg"], file=source, field=field) from None
    ids = [o.id for o in target.obligations]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise DataError(f"duplicate obligation ids: {', '.join(dup)}", file=source)
    return target


def _merge(base: TargetRegime, data: dict[str, Any]) -> dict[str, Any]:
    """Apply a variant's overrides to its base: limits field by field, obligations by id."""
    merged: dict[str, Any] = base.model_dump(mode="python")
    limits = dict(merged["limits"])
    limits.update(data.pop("limits", {}) or {})
    obligations = {o["id"]: o for o in merged["obligations"]}
    for o in data.pop("obligations", []) or []:
        obligations[o["id"]] = {**obligations.get(o["id"], {}), **o}
    merged.update(data)
    merged["limits"] = limits
    merged["obligations"] = list(obligations.values())
    return merged


#: Agreement party ids and the planner's party codes.
_PARTY_CODES: dict[str, str] = {"iran": "IR", "us": "US", "eu": "EU", "e3": "E3", "unsc": "UNSC"}


def limits_from_agreement(agreement_id: str = "jcpoa") -> dict[str, Any]:
    """The end-state limits an agreement's obligations state as numbers.

    Parameters
    ----------
    agreement_id
        Packaged agreement (``jcpoa``).

    Returns
    -------
    dict
        ``Limits`` fields: enrichment cap [unitless fraction], stock cap [kg U], models and
        sites allowed to enrich, machine caps [count], heavy-water cap [t].

    References
    ----------
    JCPOA paras 2-7, 9; Annex I paras 14, 27-28, 45-48, 56, 72 (each obligation's
    ``reference`` in ``agreements/jcpoa.yaml``).
    """
    from lockstep.agreement import load_agreement

    agreement = load_agreement(agreement_id)

    def limit(obligation_id: str) -> Any:
        return agreement.obligation(obligation_id).limit

    natanz = int(limit("iran_natanz_ir1_cap"))
    models_rule = agreement.obligation("iran_only_ir1_for_enrichment").metric.qualifiers
    site = models_rule.get("site")
    return {
        "models_at_sites": [site] if isinstance(site, str) else [],
        "rd_site": "natanz_pfep",
        "rd_caps": rd_caps(agreement_id),
        "enrichment_cap_assay": float(limit("iran_enrichment_level_cap")),
        "stock_cap_kg_u": float(limit("iran_stockpile_cap")),
        "enriching_models": list(limit("iran_only_ir1_for_enrichment")),
        "enriching_sites": list(limit("iran_enrichment_single_site")),
        "machine_caps": [
            {"site": "natanz_fep", "model": "IR-1", "status": "enriching", "max": natanz},
            {"site": "natanz_fep", "model": "IR-1", "status": "installed", "max": natanz},
            {
                "site": "fordow_ffep",
                "model": "*",
                "status": "installed",
                "max": int(limit("iran_fordow_centrifuge_cap")),
            },
            {"site": "fordow_ffep", "model": "*", "status": "enriching", "max": 0},
        ],
        "heavy_water_cap_t": float(limit("iran_heavy_water_cap")),
    }


def rd_caps(agreement_id: str = "jcpoa") -> dict[str, int]:
    """Machines of each model allowed to test with uranium at the R&D site [count].

    From the agreement's ``iran_rd_<model>`` clauses (metric ``centrifuges_enriching``):
    the clause's number, or for a period without one ("intermediate cascades") the
    largest number the clause gives for any period (IR-6: 30 from year 8.5).

    References
    ----------
    JCPOA para 3; Annex I paras 32-42 (each clause's ``reference``).
    """
    from lockstep.agreement import load_agreement

    out: dict[str, int] = {}
    for o in load_agreement(agreement_id).obligations:
        model = o.metric.qualifiers.get("model")
        if not o.id.startswith("iran_rd_ir") or o.metric.name != "centrifuges_enriching":
            continue
        if not isinstance(model, str):
            continue
        numbers = [
            int(x) for x in (o.limit, *(p.limit for p in o.phases)) if isinstance(x, int | float)
        ]
        out[model] = max(numbers) if numbers else 0
    return out


def _with_agreement(data: dict[str, Any], agreement_id: str) -> dict[str, Any]:
    """A target file completed from its agreement: limits and obligations, file wins."""
    from lockstep.agreement import load_agreement

    agreement = load_agreement(agreement_id)
    limits = limits_from_agreement(agreement_id)
    limits.update(data.get("limits") or {})
    obligations: dict[str, dict[str, Any]] = {}
    for o in agreement.obligations:
        code = _PARTY_CODES.get(o.party)
        if code is None:
            continue
        obligations[o.id] = {
            "id": o.id,
            "party": code,
            "description": " ".join(o.description.split()),
            "reference": o.reference,
        }
    for o in data.get("obligations") or []:
        obligations[o["id"]] = {**obligations.get(o["id"], {}), **o}
    return {**data, "limits": limits, "obligations": list(obligations.values())}


def monitoring_at_least(level: str, required: str) -> bool:
    """Whether monitoring ``level`` gives at least the access of ``required``."""
    return MONITORING_ORDER.index(level) >= MONITORING_ORDER.index(required)
