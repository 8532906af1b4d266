"""Iran's return measures derived from the gap: enrichment, stocks, machines, monitoring.

Each function adds the measures one part of the state requires against the target's
limits (the agreement's obligations), with ``closes`` and ``because``; see
:mod:`lockstep.roadmap.gap`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lockstep.roadmap.catalogue import MONITORING_ORDER
from lockstep.roadmap.gap_builder import Builder, days_of, pct, provenance_of
from lockstep.roadmap.material import downblend

if TYPE_CHECKING:
    from lockstep.record.model import ProgramState

_EPS = 1e-9


def _machines(state: ProgramState) -> dict[tuple[str, str], tuple[int, int]]:
    """(site, model) -> (installed, enriching) [count]."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for c in state.centrifuges:
        enriching = c.enriching or 0
        installed = c.installed if c.installed is not None else enriching
        out[(c.site, c.model)] = (max(installed, enriching), enriching)
    return out


def halt(b: Builder) -> None:
    """Stop enrichment above the cap, where the state shows a higher level."""
    cap = b.target.limits.enrichment_cap_assay
    level = b.state.max_enrichment_level
    if level is None or level <= cap + _EPS:
        return
    b.add(
        {
            "id": "IR-HALT",
            "party": "IR",
            "title": f"Stop enrichment above {pct(cap)}",
            "obligation": "iran_enrichment_level_cap",
            "closes": ["iran_enrichment_level_cap"],
            "because": f"enrichment up to {pct(level)} (cap {pct(cap)})",
            "kind": "physical",
            **b.fixed("enrichment_halt_days"),
            "verification": b.iaea(),
            "reversibility": {"days": 7, "completeness": 1.0, "note": "cascades re-fed in days"},
            "interim": True,
            "effects": [{"type": "halt_production", "above_assay": cap}],
            "provenance": b.provenance(
                "enrichment_halt_days",
                "iaea_verification_days",
                reversibility=provenance_of(b.rates["cascade_stop_days"]),
            ),
        }
    )


def access(b: Builder) -> None:
    """Access and a new IAEA baseline, where access is lost or figures are unverified."""
    s = b.state
    if s.verified and s.access_lost_on is None:
        return
    since = f" since {s.access_lost_on}" if s.access_lost_on else ""
    b.add(
        {
            "id": "IR-ACCESS",
            "party": "IR",
            "title": "Give IAEA inspectors access to every site again",
            "obligation": "iran_safeguards_cooperation",
            "closes": ["iran_safeguards_cooperation"],
            "because": f"no IAEA access{since}; figures unverified",
            "kind": "transparency",
            **b.fixed("access_days"),
            "verification": b.iaea(),
            "reversibility": {"days": 1, "completeness": 1.0, "note": "access can be withdrawn"},
            "interim": True,
            "effects": [{"type": "monitoring", "level": "csa_only"}],
            "provenance": b.provenance(
                "access_days",
                "iaea_verification_days",
                reversibility={"judgement": True, "reason": "access is withdrawn by decision"},
            ),
        }
    )
    b.add(
        {
            "id": "IR-BASELINE",
            "party": "IR",
            "title": "IAEA re-establishes the baseline: inventory of material and machines",
            "obligation": "iran_safeguards_cooperation",
            "closes": ["iran_safeguards_cooperation"],
            "because": f"continuity of knowledge lost{since}",
            "kind": "transparency",
            "baseline": True,
            **b.fixed("baseline_days"),
            "prerequisites": [{"measure": "IR-ACCESS"}],
            "verification": b.iaea(),
            "reversibility": {"days": None, "note": "an inventory is knowledge gained"},
            "effects": [{"type": "baseline"}],
            "provenance": b.provenance("baseline_days", "iaea_verification_days"),
        }
    )


def monitoring(b: Builder) -> None:
    """Additional Protocol, JCPOA transparency and rotor monitoring below the target level."""
    level = b.state.monitoring if b.state.monitoring in MONITORING_ORDER else "none"
    rank = MONITORING_ORDER.index(level)
    target_rank = MONITORING_ORDER.index(b.target.limits.monitoring)
    if rank >= target_rank:
        return
    access = [{"measure": "IR-ACCESS"}] if b.has("IR-ACCESS") else []
    if rank < MONITORING_ORDER.index("csa_ap"):
        law = b.rates["additional_protocol_law_lead_days"]
        lead = round(law.value) if law.applies_on(b.state.as_of) else 0
        days, (lo, hi) = days_of(b.rates["additional_protocol_days"])
        if lead:
            lo, hi = lo + round(law.range[0]), hi + round(law.range[1])
        prov = b.provenance("additional_protocol_days", "iaea_verification_days")
        if lead:
            prov["duration"] = provenance_of(law)
        b.add(
            {
                "id": "IR-AP",
                "party": "IR",
                "title": "Apply the Additional Protocol provisionally, with Modified Code 3.1",
                "obligation": "iran_additional_protocol_provisional",
                "closes": ["iran_additional_protocol_provisional", "iran_modified_code_3_1"],
                "because": f"monitoring '{level}' (Additional Protocol not applied)",
                "kind": "legal",
                "lead_days": lead,
                "duration_days": days,
                "duration_range_days": [lo, max(hi, lead + days)],
                "prerequisites": access,
                "verification": b.iaea(),
                "reversibility": {"days": 1, "completeness": 1.0},
                "effects": [{"type": "monitoring", "level": "csa_ap"}],
                "provenance": {
                    **prov,
                    "reversibility": {
                        "source": "Iran suspended the Additional Protocol on 23 Feb 2021 "
                        "under a law of Dec 2020 (sequencing_facts.md section d)"
                    },
                },
            }
        )
    b.add(
        {
            "id": "IR-MONITOR",
            "party": "IR",
            "title": "JCPOA transparency: online enrichment monitors, seals, cameras, presence",
            "obligation": "iran_enrichment_continuous_monitoring",
            "closes": [
                "iran_enrichment_continuous_monitoring",
                "iran_online_enrichment_monitoring",
                "iran_modern_tech_and_presence",
                "iran_uoc_monitoring",
            ],
            "because": f"monitoring '{level}' (target '{b.target.limits.monitoring}')",
            "kind": "transparency",
            **b.fixed("monitoring_install_days"),
            "prerequisites": access,
            "verification": b.iaea(),
            "reversibility": {"days": 1, "completeness": 1.0},
            "effects": [{"type": "monitoring", "level": "jcpoa_full"}],
            "provenance": b.provenance(
                "monitoring_install_days",
                "iaea_verification_days",
                reversibility={
                    "source": "27 cameras removed within days in June 2022 "
                    "(sequencing_facts.md section d)"
                },
            ),
        }
    )
    b.add(
        {
            "id": "IR-ROTOR",
            "party": "IR",
            "title": "Declare rotor tubes and bellows; monitor the workshops that make them",
            "obligation": "iran_rotor_bellows_monitoring",
            "closes": ["iran_rotor_bellows_monitoring"],
            "because": f"monitoring '{level}' (no rotor and bellows monitoring)",
            "kind": "transparency",
            **b.fixed("rotor_declarations_days"),
            "prerequisites": access,
            "verification": b.iaea(),
            "reversibility": {"days": 1, "completeness": 0.5},
            "provenance": b.provenance(
                "rotor_declarations_days",
                "iaea_verification_days",
                reversibility={
                    "judgement": True,
                    "reason": "monitoring can stop; declarations already made remain",
                },
            ),
        }
    )


def stocks(b: Builder) -> None:
    """Export or down-blend every band above the cap and the LEU above the stock cap."""
    lim = b.target.limits
    cap, stock_cap = lim.enrichment_cap_assay, lim.stock_cap_kg_u
    bands = [
        (f.nominal_assay, f.mass_kg_u)
        for f in b.state.stocks
        if f.mass_kg_u is not None and f.mass_kg_u > _EPS
    ]
    above = sorted(((a, m) for a, m in bands if a > cap + _EPS), reverse=True)
    low = sorted((a, m) for a, m in bands if a <= cap + _EPS)
    lead, ship = b.rates["export_lead_days"], b.rates["export_shipment_days"]
    export_days = lead.value + ship.value
    blended: dict[float, float] = {}
    exported: list[tuple[float, float]] = []
    reasons: list[str] = []
    closes = ["iran_stockpile_cap", "iran_stockpile_excess_disposal"]
    blends: list[str] = []
    for assay, mass in above:
        band = "60" if assay >= 0.5 else "20" if assay >= 0.1 else ""
        oblig = {"60": "iran_heu_disposition", "20": "iran_near_20pct_disposition"}.get(band)
        if oblig:
            closes.append(oblig)
        reasons.append(f"{mass:,.1f} kg U at {pct(assay)} (cap {pct(cap)})")
        rate = b.rates[f"downblend_{band}_kg_u_per_day"] if band else None
        if rate is not None and mass / rate.value <= export_days:
            product = downblend(mass, assay, cap, 0.00711).product_kg_u
            blended[cap] = blended.get(cap, 0.0) + product
            mid = f"IR-DOWNBLEND-{band}"
            blends.append(mid)
            b.add(
                {
                    "id": mid,
                    "party": "IR",
                    "title": f"Down-blend the {mass:,.1f} kg U at {pct(assay)} to {pct(cap)}",
                    "obligation": oblig,
                    "closes": [oblig],
                    "because": f"{mass:,.1f} kg U at {pct(assay)} (cap {pct(cap)})",
                    "kind": "physical",
                    "quantity": round(mass, 3),
                    "quantity_unit": "kg_u",
                    "rate_per_day": rate.value,
                    "rate_range_per_day": list(rate.range),
                    "verification": b.iaea(),
                    "reversibility": {"days": None},
                    "effects": [
                        {
                            "type": "downblend",
                            "from_assay": assay,
                            "to_assay": cap,
                            "mass_kg_u": mass,
                        }
                    ],
                    "provenance": {
                        "quantity": {"source": f"record: state_at({b.state.as_of}), band {band} %"},
                        "duration": provenance_of(rate),
                        "verification": provenance_of(b.rates["iaea_verification_days"]),
                        "effects": {"source": "mass balance of down-blending (model.md section 2)"},
                    },
                }
            )
        else:
            exported.append((assay, mass))
    low_total = sum(m for _, m in low) + sum(blended.values())
    if low_total > stock_cap + _EPS:
        reasons.append(
            f"{low_total:,.1f} kg U of enriched uranium up to {pct(cap)} (cap {stock_cap:,.1f})"
        )
    if not exported and low_total <= stock_cap + _EPS:
        return
    # Keep the cap in the lowest-assay material (the longest breakout), export the rest.
    keep_left = stock_cap
    effects: list[dict[str, Any]] = [{"type": "export", "assay": a} for a, _ in exported]
    quantity = sum(m for _, m in exported)
    pool = dict(low)
    for a, m in blended.items():
        pool[a] = pool.get(a, 0.0) + m
    for assay in sorted(pool):
        keep = min(pool[assay], keep_left)
        keep_left -= keep
        if pool[assay] - keep > _EPS:
            effects.append({"type": "export", "assay": assay, "keep_kg_u": round(keep, 6)})
            quantity += pool[assay] - keep
    per = b.rates["export_per_shipment_kg_u"]
    gap_days = b.rates["export_interval_days"]
    shipments = max(1, math.ceil(quantity / per.value - _EPS))
    central = round(lead.value + shipments * ship.value + (shipments - 1) * gap_days.value)
    fast = round(lead.range[0] + shipments * ship.range[0] + (shipments - 1) * gap_days.range[0])
    slow_n = max(1, math.ceil(quantity / per.range[0] - _EPS))
    slow = round(lead.range[1] + slow_n * ship.range[1] + (slow_n - 1) * gap_days.range[1])
    b.add(
        {
            "id": "IR-EXPORT",
            "party": "IR",
            "title": f"Ship {quantity:,.0f} kg U of enriched uranium abroad "
            f"({shipments} shipment{'s' if shipments > 1 else ''})",
            "obligation": "iran_stockpile_excess_disposal",
            "closes": list(dict.fromkeys(closes)),
            "because": "; ".join(reasons),
            "kind": "physical",
            "batch": True,
            "quantity": round(quantity, 3),
            "quantity_unit": "kg_u",
            "duration_days": central,
            "duration_range_days": [min(fast, central), max(slow, central)],
            "prerequisites": [{"measure": m, "relation": "end_end"} for m in blends],
            "verification": b.iaea(),
            "reversibility": {"days": None},
            "effects": effects,
            "provenance": {
                "quantity": {
                    "source": f"record: state_at({b.state.as_of}), stocks by band, less the "
                    f"{stock_cap:g} kg U cap (agreement: iran_stockpile_cap)"
                },
                "duration": provenance_of(lead),
                "verification": provenance_of(b.rates["iaea_verification_days"]),
                "effects": provenance_of(per),
            },
        }
    )


def _removal(
    b: Builder,
    mid: str,
    title: str,
    closes: Sequence[str],
    because: str,
    effects: list[dict[str, Any]],
    prerequisites: list[dict[str, Any]],
) -> None:
    rate = b.rates["centrifuge_removal_per_day"]
    b.add(
        {
            "id": mid,
            "party": "IR",
            "title": title,
            "obligation": closes[0],
            "closes": list(closes),
            "because": because,
            "kind": "physical",
            "quantity": "auto",
            "quantity_unit": "machines",
            "rate_per_day": rate.value,
            "rate_range_per_day": list(rate.range),
            "prerequisites": prerequisites,
            "verification": b.iaea(),
            "reversibility": {"days": round(b.rates["reinstall_days"].value), "completeness": 1.0},
            "effects": effects,
            "provenance": {
                "quantity": {"source": f"record: state_at({b.state.as_of}), centrifuges by site"},
                "duration": provenance_of(rate),
                "verification": provenance_of(b.rates["iaea_verification_days"]),
                "reversibility": provenance_of(b.rates["reinstall_days"]),
                "effects": {
                    "source": "JCPOA para 2; Annex I paras 27-29, 46-48: excess and "
                    "advanced machines removed to monitored storage"
                },
            },
        }
    )


def _rd_cap(b: Builder, model: str) -> int:
    """Machines of ``model`` the R&D plan lets test with uranium [count] (0 without a clause)."""
    return b.target.limits.rd_caps.get(model, 0)


def centrifuges(b: Builder) -> None:
    """Fordow, Natanz and R&D machines beyond the caps to monitored storage."""
    lim = b.target.limits
    machines = _machines(b.state)
    allowed = set(lim.enriching_models)
    chain: list[dict[str, Any]] = []
    natanz_cap = next(
        (
            c.max
            for c in lim.machine_caps
            if c.site == "natanz_fep" and c.model == "IR-1" and c.status == "installed"
        ),
        None,
    )
    natanz_enriching_cap = next(
        (
            c.max
            for c in lim.machine_caps
            if c.site == "natanz_fep" and c.model == "IR-1" and c.status == "enriching"
        ),
        None,
    )
    fordow_cap = next(
        (c.max for c in lim.machine_caps if c.site == "fordow_ffep" and c.status == "installed"),
        None,
    )
    # Fordow: stop enrichment, then remove all but the permitted IR-1.
    fordow = {m: v for (s, m), v in machines.items() if s == "fordow_ffep"}
    enriching = sum(e for _, e in fordow.values())
    if enriching > 0:
        b.add(
            {
                "id": "IR-FORDOW-STOP",
                "party": "IR",
                "title": "Stop enrichment at Fordow",
                "obligation": "iran_fordow_no_enrichment",
                "closes": ["iran_fordow_no_enrichment", "iran_fordow_no_nuclear_material"],
                "because": f"{enriching:,} machines enriching at Fordow (no enrichment allowed)",
                "kind": "physical",
                **b.fixed("cascade_stop_days"),
                "verification": b.iaea(),
                "reversibility": {"days": 7, "completeness": 1.0},
                "effects": [{"type": "idle", "model": "*", "site": "fordow_ffep"}],
                "provenance": b.provenance(
                    "cascade_stop_days",
                    "iaea_verification_days",
                    reversibility=provenance_of(b.rates["cascade_stop_days"]),
                    effects={"source": "JCPOA para 5; Annex I para 45: no enrichment at Fordow"},
                ),
            }
        )
    installed = sum(i for i, _ in fordow.values())
    other = sorted(m for m, (i, _) in fordow.items() if m not in allowed and i > 0)
    if fordow_cap is not None and (installed > fordow_cap or other):
        effects: list[dict[str, Any]] = [
            {"type": "store", "model": m, "site": "fordow_ffep"} for m in other
        ]
        ir1 = sum(i for m, (i, _) in fordow.items() if m in allowed)
        if ir1 > fordow_cap:
            effects.append(
                {"type": "store", "model": "IR-1", "site": "fordow_ffep", "keep": fordow_cap}
            )
        what = ", ".join(f"{fordow[m][0]:,} {m}" for m in sorted(fordow) if fordow[m][0])
        pre = [{"measure": "IR-FORDOW-STOP"}] if b.has("IR-FORDOW-STOP") else []
        _removal(
            b,
            "IR-FORDOW-REMOVE",
            f"Remove the machines beyond {fordow_cap:,} IR-1 from Fordow to monitored storage",
            ["iran_fordow_centrifuge_cap", "iran_excess_centrifuges_storage"],
            f"{what} installed at Fordow (cap {fordow_cap:,} IR-1)",
            effects,
            pre,
        )
        chain.append({"measure": "IR-FORDOW-REMOVE"})
    # Natanz FEP: advanced machines out, IR-1 down to the cap.
    natanz = {m: v for (s, m), v in machines.items() if s == "natanz_fep"}
    adv = sorted(m for m, (i, _) in natanz.items() if m not in allowed and i > 0)
    if adv:
        _removal(
            b,
            "IR-NATANZ-ADV",
            f"Remove the advanced machines ({', '.join(adv)}) at Natanz to monitored storage",
            ["iran_only_ir1_for_enrichment", "iran_excess_centrifuges_storage"],
            ", ".join(f"{natanz[m][0]:,} {m}" for m in adv) + " installed at Natanz FEP "
            f"(only {', '.join(sorted(allowed))})",
            [{"type": "store", "model": m, "site": "natanz_fep"} for m in adv],
            chain[-1:],
        )
        chain.append({"measure": "IR-NATANZ-ADV"})
    ir1 = sum(natanz[m][0] for m in natanz if m in allowed)
    if natanz_cap is not None and ir1 > natanz_cap:
        _removal(
            b,
            "IR-NATANZ-IR1",
            f"Remove the IR-1 beyond {natanz_cap:,} at Natanz to monitored storage",
            ["iran_natanz_ir1_cap", "iran_excess_centrifuges_storage"],
            f"{ir1:,} IR-1 installed at Natanz FEP (cap {natanz_cap:,})",
            [{"type": "store", "model": "IR-1", "site": "natanz_fep", "keep": natanz_cap}],
            chain[-1:],
        )
        chain.append({"measure": "IR-NATANZ-IR1"})
    enriching_ir1 = sum(natanz[m][1] for m in natanz if m in allowed)
    kept = min(ir1, natanz_cap) if natanz_cap is not None else ir1
    if natanz_enriching_cap is not None and min(enriching_ir1, kept) > natanz_enriching_cap:
        # A target that suspends enrichment (or caps it below the machines kept).
        b.add(
            {
                "id": "IR-NATANZ-IDLE",
                "party": "IR",
                "title": f"Stop all but {natanz_enriching_cap:,} IR-1 enriching at Natanz",
                "obligation": "iran_natanz_ir1_cap",
                "closes": ["iran_natanz_ir1_cap"],
                "because": f"{enriching_ir1:,} IR-1 enriching at Natanz FEP "
                f"(cap {natanz_enriching_cap:,} enriching)",
                "kind": "physical",
                **b.fixed("cascade_stop_days"),
                "prerequisites": chain[-1:],
                "verification": b.iaea(),
                "reversibility": {"days": 7, "completeness": 1.0},
                "effects": [
                    {
                        "type": "idle",
                        "model": "IR-1",
                        "site": "natanz_fep",
                        "keep": natanz_enriching_cap,
                    }
                ],
                "provenance": b.provenance(
                    "cascade_stop_days",
                    "iaea_verification_days",
                    reversibility=provenance_of(b.rates["cascade_stop_days"]),
                    effects={"source": "target limits (machine_caps, status enriching)"},
                ),
            }
        )
    # PFEP: R&D machines beyond the R&D plan.
    # The R&D clauses limit machines *testing with uranium* (metric centrifuges_enriching).
    pfep = {m: v for (s, m), v in machines.items() if s == lim.rd_site}
    over = {m: (e, _rd_cap(b, m)) for m, (_, e) in pfep.items() if e > _rd_cap(b, m)}
    if over:
        _removal(
            b,
            "IR-RD",
            "Bring advanced-centrifuge R&D back to the R&D plan (machines beyond it stored)",
            ["iran_rd_no_accumulation", "iran_excess_centrifuges_storage"],
            "; ".join(
                f"{n:,} {m} enriching at the PFEP (R&D bound {c})"
                for m, (n, c) in sorted(over.items())
            ),
            [
                {"type": "store", "model": m, "site": lim.rd_site, "keep": c}
                for m, (_, c) in sorted(over.items())
            ],
            chain[-1:],
        )


def heavy_water(b: Builder) -> None:
    """Export of heavy water above the cap."""
    cap = b.target.limits.heavy_water_cap_t
    have = b.state.heavy_water_t
    if cap is None or have is None or have <= cap + _EPS:
        return
    b.add(
        {
            "id": "IR-HEAVY-WATER",
            "party": "IR",
            "title": f"Export the heavy water above {cap:g} t",
            "obligation": "iran_heavy_water_cap",
            "closes": ["iran_heavy_water_cap"],
            "because": f"{have:,.1f} t of heavy water (cap {cap:g} t)",
            "kind": "physical",
            **b.fixed("heavy_water_export_days"),
            "verification": b.iaea(),
            "reversibility": {"days": None},
            "provenance": b.provenance(
                "heavy_water_export_days",
                "iaea_verification_days",
                reversibility={"judgement": True, "reason": "exported heavy water is sold"},
            ),
        }
    )
