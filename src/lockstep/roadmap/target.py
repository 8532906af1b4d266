"""The target regime of a return: nuclear limits plus the relief package.

UNSCR 2231's scheduled termination date (18 Oct 2025) has passed and snapback was
triggered in Sep 2025, so "full JCPOA compliance" is a *configuration*, not a live
legal baseline (model.md section 0.4). A target lists the obligations each party owes
(each measure of a catalogue names the one it discharges) and the limits the end state
is checked against. The 2015 JCPOA is the default (``jcpoa2015``); variants such as a
post-2025 deal live next to it in ``lockstep/data/roadmap/targets/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lockstep.errors import DataError
from lockstep.files import load_yaml, read_text_file
from lockstep.roadmap.catalogue import MONITORING_ORDER, Monitoring, Party, data_file

#: Target regimes shipped with the package.
PACKAGED_TARGETS: tuple[str, ...] = ("jcpoa2015", "post2025_suspension")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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

    ``installed`` counts enriching and idle machines.
    """

    site: str
    model: str
    status: Literal["enriching", "installed"]
    max: Annotated[int, Field(ge=0)]


class Limits(_Model):
    """Nuclear limits the end state must meet."""

    enrichment_cap_assay: Annotated[float, Field(gt=0.0, lt=1.0)]
    stock_cap_kg_u: Annotated[float, Field(ge=0.0)]
    enriching_models: tuple[str, ...]
    enriching_sites: tuple[str, ...]
    machine_caps: tuple[MachineCap, ...] = ()
    monitoring: Monitoring = "jcpoa_full"
    baseline_verified: bool = True
    heavy_water_cap_t: float | None = None


class TargetRegime(_Model):
    """A target regime: limits, obligations of every party, and its sources."""

    schema_version: Literal[1]
    id: str
    title: str
    description: str = ""
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
    try:
        data = load_yaml(text)
        if isinstance(data, dict) and "extends" in data:
            data = _merge(load_target(str(data.pop("extends"))), data)
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


def monitoring_at_least(level: str, required: str) -> bool:
    """Whether monitoring ``level`` gives at least the access of ``required``."""
    return MONITORING_ORDER.index(level) >= MONITORING_ORDER.index(required)
