"""Relief measures derived from the sanctions and UN measures in force on the date.

Each sanctions measure of the record's vocabulary that the target's relief covers maps to
the relief measures lifting it (:data:`RELIEF_FOR_SANCTIONS`); its legal lead time comes
from the rate table by kind of instrument, or is the day of the IAEA report where the
instruments were already adopted (Adoption Day to Implementation Day, Annex V).
"""

from __future__ import annotations

from typing import Any

from lockstep.roadmap.gap_builder import Builder, days_of, provenance_of

#: Agreement milestones that decide whether relief instruments are already adopted.
ESCROW_WINDOW = ("adoption_day", "implementation_day")
_SNAPBACK = "un_sanctions_reapplied"

#: Sanctions measures in force (record vocabulary) -> the relief measures that lift them.
RELIEF_FOR_SANCTIONS: dict[str, tuple[str, ...]] = {
    "us_secondary_oil_sanctions": ("US-WAIVER-OIL", "US-WAIVER-BANK", "US-EO", "US-DELIST"),
    "us_secondary_non_oil_sanctions": ("US-WAIVER-TRADE", "US-EO", "US-DELIST", "US-LICENCES"),
    "us_eo_13871_metals": ("US-EO",),
    "us_eo_13902_sectors": ("US-EO",),
    "eu_reg_267_2012_nuclear": ("EU-ACTS",),
    "unsc_1737_measures": ("UNSC-TERMINATE",),
}


#: Short words for the sanctions measures in force (record vocabulary ids).
SANCTIONS_WORDS: dict[str, str] = {
    "us_secondary_oil_sanctions": "US oil, shipping and banking sanctions",
    "us_secondary_non_oil_sanctions": "US sectoral secondary sanctions",
    "us_eo_13871_metals": "US metals sanctions (EO 13871)",
    "us_eo_13902_sectors": "US sector sanctions (EO 13902)",
    "eu_reg_267_2012_nuclear": "EU nuclear-related sanctions (Reg. 267/2012)",
    "unsc_1737_measures": "UN sanctions of resolutions 1737-1929",
}


def _escrow_window(b: Builder) -> bool:
    """Whether the date lies where relief instruments were adopted but not yet in effect."""
    from lockstep.agreement import load_agreement

    agreement = load_agreement(b.target.agreement or "jcpoa")
    start, end = (agreement.milestone_date(m) for m in ESCROW_WINDOW)
    return start is not None and end is not None and start <= b.state.as_of < end


def _after_snapback(b: Builder) -> bool:
    from lockstep.agreement import load_agreement

    date = load_agreement(b.target.agreement or "jcpoa").milestone_date(_SNAPBACK)
    return date is not None and b.state.as_of >= date


_RELIEF: dict[str, dict[str, Any]] = {
    "US-WAIVER-OIL": {
        "party": "US",
        "title": "Waive the oil, shipping and insurance sanctions (NDAA 2012 s.1245, IFCA, ISA)",
        "obligation": "us_cease_nuclear_sanctions",
        "rate": "waiver_days",
        "verify": "iran_verifies_oil_days",
        "instrument": "oil_waivers",
        "statutory": True,
        "reversibility": {"days": 180, "completeness": 1.0, "note": "180-day wind-down"},
    },
    "US-WAIVER-BANK": {
        "party": "US",
        "title": "Waive the banking and central-bank sanctions",
        "obligation": "us_cease_nuclear_sanctions",
        "rate": "waiver_days",
        "verify": "iran_verifies_banking_days",
        "instrument": "banking_waivers",
        "statutory": True,
        "reversibility": {"days": 90, "completeness": 1.0, "note": "90-day wind-down"},
    },
    "US-WAIVER-TRADE": {
        "party": "US",
        "title": "Waive the automotive, precious-metals and other sectoral sanctions",
        "obligation": "us_cease_nuclear_sanctions",
        "rate": "waiver_days",
        "verify": "iran_verifies_legal_days",
        "instrument": "trade_waivers",
        "statutory": True,
        "reversibility": {"days": 180, "completeness": 1.0, "note": "180-day wind-down"},
    },
    "US-EO": {
        "party": "US",
        "title": "Revoke or amend the executive orders imposing nuclear-related sanctions",
        "obligation": "us_terminate_executive_orders",
        "rate": "executive_order_days",
        "verify": "iran_verifies_legal_days",
        "instrument": "executive_orders",
        "interim": True,
        "reversibility": {"days": 1, "completeness": 1.0, "note": "orders can be re-issued"},
    },
    "US-DELIST": {
        "party": "US",
        "title": "Remove the agreed persons and entities from the SDN list",
        "obligation": "us_delistings",
        "rate": "delisting_days",
        "verify": "iran_verifies_legal_days",
        "instrument": "delistings",
        "reversibility": {"days": 30, "completeness": 1.0},
    },
    "US-LICENCES": {
        "party": "US",
        "title": "Licences: civil aviation, carpets and foodstuffs, foreign subsidiaries",
        "obligation": "us_licensing_measures",
        "rate": "licence_days",
        "verify": "iran_verifies_legal_days",
        "instrument": "licences",
        "reversibility": {"days": 90, "completeness": 1.0},
    },
    "EU-ACTS": {
        "party": "EU",
        "title": "EU acts terminating the nuclear-related sanctions and listings",
        "obligation": "eu_terminate_nuclear_sanctions",
        "closes": ["eu_terminate_nuclear_sanctions", "eu_delistings"],
        "rate": "eu_regulation_lead_days",
        "verify": "iran_verifies_legal_days",
        "instrument": "eu_sanctions",
        "reversibility": {"days": 30, "completeness": 1.0},
    },
    "UNSC-TERMINATE": {
        "party": "UNSC",
        "title": "Terminate the Security Council's earlier Iran resolutions (1737 to 1929)",
        "obligation": "unsc_terminate_prior_resolutions",
        "closes": ["unsc_terminate_prior_resolutions", "unsc_2231_list_delisting"],
        "rate": "unsc_resolution_lead_days",
        "verify": "iran_verifies_legal_days",
        "instrument": "un_sanctions",
        "reversibility": {"days": 30, "completeness": 1.0, "note": "snapback in 30 days"},
    },
}


def relief(b: Builder) -> None:
    """Relief measures for the sanctions and UN measures in force that the target lifts."""
    in_force = set(b.state.sanctions_in_force)
    because: dict[str, list[str]] = {}
    for measure_id, relief_ids in RELIEF_FOR_SANCTIONS.items():
        if measure_id in in_force:
            for rid in relief_ids:
                because.setdefault(rid, []).append(measure_id)
    outside = sorted(
        m
        for m in in_force
        if m not in RELIEF_FOR_SANCTIONS
        and not m.startswith(("unsc_2231_annex_b", "eu_reg_267_2012_nonproliferation"))
    )
    if outside:
        b.notes.append("in force but outside the target's relief: " + ", ".join(outside))
    escrow = _escrow_window(b)
    snapped = _after_snapback(b)
    for rid, spec in _RELIEF.items():
        if rid not in because:
            continue
        rate_name = spec["rate"]
        if escrow:
            rate_name = "pre_adopted_days"
        elif rid == "UNSC-TERMINATE" and not snapped:
            # UNSCR 2231 op 7(a): the earlier resolutions end on the IAEA's report.
            rate_name = "pre_adopted_days"
        rate = b.rates[rate_name]
        days, (lo, hi) = days_of(rate)
        doc: dict[str, Any] = {
            "id": rid,
            "party": spec["party"],
            "title": spec["title"],
            "obligation": spec["obligation"],
            "closes": spec.get("closes", [spec["obligation"]]),
            "because": "in force: " + "; ".join(SANCTIONS_WORDS[m] for m in because[rid]),
            "kind": "legal",
            "duration_days": days,
            "duration_range_days": [lo, hi],
            "verification": b.iran_verifies(spec["verify"]),
            "reversibility": spec["reversibility"],
            "effects": [{"type": "relief", "instrument": spec["instrument"]}],
            "provenance": {
                "duration": provenance_of(rate),
                "verification": provenance_of(b.rates[spec["verify"]]),
                "reversibility": {
                    "source": "OFAC May 2018 guidance: 90- and 180-day wind-downs; UN snapback "
                    "30 days (sequencing_facts.md section c)"
                },
            },
        }
        if spec.get("statutory"):
            doc["statutory"] = True
        if spec.get("interim"):
            doc["interim"] = True
        b.add(doc)
    if "UNSC-TERMINATE" in because and snapped:
        b.add(
            {
                "id": "E3-DRAFT",
                "party": "E3",
                "title": "The E3 table a Security Council draft ending the snapped-back measures",
                "obligation": "e3_snapback_reversal",
                "closes": ["e3_snapback_reversal"],
                "because": "UN sanctions of resolutions 1737-1929 reapplied by snapback",
                "kind": "legal",
                "duration_days": 7,
                "duration_range_days": [3, 30],
                "verification": {"verifier": "IR", "lag_days": 0},
                "provenance": {
                    "duration": {
                        "judgement": True,
                        "reason": "drafting and consultations among Council members",
                    },
                    "verification": {"judgement": True, "reason": "a tabled draft is public"},
                },
            }
        )
        for d in b.docs:
            if d["id"] == "UNSC-TERMINATE":
                d["prerequisites"] = [{"measure": "E3-DRAFT"}]
