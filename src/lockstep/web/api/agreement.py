"""``/api/agreements``: the JCPOA and the JPOA as data."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query

if TYPE_CHECKING:
    from lockstep.agreement import Agreement

router = APIRouter(tags=["agreement"])


@lru_cache(maxsize=8)
def agreement(agreement_id: str) -> Agreement:
    """The packaged agreement ``agreement_id`` (cached), or HTTP 404."""
    from lockstep.agreement import available_agreements, load_agreement

    if agreement_id not in available_agreements():
        raise HTTPException(
            404, f"unknown agreement '{agreement_id}'; known: {', '.join(available_agreements())}"
        )
    return load_agreement(agreement_id)


@router.get("/agreements", summary="Agreements packaged with lockstep")
def list_agreements() -> dict[str, Any]:
    """Ids, names and obligation counts of the packaged agreements."""
    from lockstep.agreement import available_agreements

    items = []
    for agreement_id in available_agreements():
        item = agreement(agreement_id)
        items.append(
            {
                "id": item.id,
                "name": item.name,
                "concluded": item.concluded.isoformat(),
                "obligations": len(item.obligations),
            }
        )
    return {"agreements": items}


@router.get("/agreements/{agreement_id}", summary="One agreement: parties, milestones, obligations")
def get_agreement(
    agreement_id: Annotated[str, Path(description="Agreement id: jcpoa or jpoa.")],
    party: Annotated[
        str | None,
        Query(description="Only this party's obligations (iran, us, eu, e3, unsc, all)."),
    ] = None,
) -> dict[str, Any]:
    """The keys of ``lockstep agreement show ID --json`` (docs/agreement.md)."""
    from lockstep.agreement import agreement_json
    from lockstep.errors import DomainError

    item = agreement(agreement_id)
    if party is None:
        return agreement_json(item)
    known = {p.id for p in item.parties}
    if party not in known:
        raise DomainError("party", f"one of {', '.join(sorted(known))}")
    chosen = tuple(o for o in item.obligations if o.party == party)
    return agreement_json(item, chosen)
