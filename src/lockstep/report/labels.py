"""Words for ids: what a person reads instead of ``e3eu3``, ``natanz_fep`` or ``le``.

Labels come from the vocabularies where they hold one (parties and measures in
``record/vocabulary.yaml`` and the JCPOA's ``parties``, obligation descriptions in the
agreement, quantity descriptions in ``quantities.yaml``); the few the data files do not
name (sites, bands, comparators, sensitivity inputs) are kept here. Pages and briefs
show the label and keep the id on hover.
"""

from __future__ import annotations

import math
import re
from functools import cache

from markupsafe import Markup

#: Facilities named in the record (qualifier ``site``).
SITES = {
    "natanz_fep": "Natanz Fuel Enrichment Plant",
    "natanz_pfep": "Natanz Pilot Fuel Enrichment Plant",
    "fordow_ffep": "Fordow Fuel Enrichment Plant",
    "isfahan": "Isfahan (conversion, fuel plate and metal facilities)",
    "arak": "Arak heavy-water reactor",
}
#: IAEA enrichment-level categories (qualifier ``band``).
BANDS = {
    "total": "all forms, all levels",
    "up_to_2pct": "up to 2 % U-235",
    "up_to_5pct": "2–5 % U-235",
    "up_to_20pct": "5–20 % U-235",
    "up_to_60pct": "20–60 % U-235",
}
#: Comparators of obligations: how an observation is held against its limit.
COMPARATORS = {
    "le": "at most",
    "lt": "below",
    "ge": "at least",
    "gt": "above",
    "eq": "exactly",
    "ne": "not",
    "is_true": "must be done",
    "is_false": "must not happen",
    "in": "one of",
    "not_in": "none of",
    "subset_of": "only",
    "superset_of": "at least all of",
    "disjoint_from": "none of",
}
#: Inputs of the breakout sensitivity table.
INPUTS = {
    "setup_days": "set-up time per step [days]",
    "effectiveness": "cascade effectiveness [fraction of ideal output]",
    "stock_scale": "stock figures (scaled)",
    "machines_scale": "number of machines (scaled)",
    "structure": "model structure (0 = separative-work budget, 1 = cascades in batches)",
    "availability": "share of machines available [fraction]",
    "reconfiguration_days": "re-piping time between steps [days]",
    "holdup_loss": "material held up in the cascades [fraction]",
    "top_step_cascades": "cascades making the last step [count]",
}
#: Keys of the library's JSON that its notes name, in words.
KEYS = {"weaponization_days": "the weaponization time"}
#: IAEA monitoring levels of the record (quantity ``monitoring_level``).
MONITORING = {
    "jcpoa_full": "full JCPOA verification",
    "csa_ap": "safeguards and Additional Protocol",
    "csa_only": "safeguards only, no Additional Protocol",
    "none": "no IAEA access",
    "unknown": "unknown",
}
#: Breakout models and the structures of the ensemble (``physics.breakout.MODELS``).
MODELS = {
    "ensemble": "ensemble of the three structures",
    "swu-budget": "separative-work budget",
    "batch-recycle": "cascades in batches",
    "stage-cascade": "real cascades, stage by stage",
}
#: Plan strategies.
STRATEGIES = {
    "optimized": "optimized synchronized return (CP-SAT)",
    "sync": "synchronized escrow",
    "iran-first": "Iran first",
    "us-first": "US first",
    "step-by-step": "step by step",
    "less-for-less": "less for less",
}


@cache
def _parties() -> dict[str, str]:
    from lockstep.agreement import load_agreement
    from lockstep.record import vocabulary

    names = dict(vocabulary().parties)
    names.update({p.id: p.name for p in load_agreement("jcpoa").parties})
    names["e3"] = "E3 (France, Germany, UK)"
    names["e3eu3"] = "E3/EU+3 (China, France, Germany, Russia, UK, US, EU)"
    names["all"] = "all JCPOA participants"
    names["unsc"] = "UN Security Council"
    return names


@cache
def _obligations() -> dict[str, str]:
    from lockstep.agreement import load_agreement

    return {o.id: " ".join(o.description.split()) for o in load_agreement("jcpoa").obligations}


#: Short party names for chart lanes.
SHORT_PARTIES = {
    "iran": "Iran",
    "us": "United States",
    "eu": "European Union",
    "e3": "E3",
    "e3eu3": "E3/EU+3",
    "all": "all participants",
    "unsc": "UN Security Council",
}


def party_short(pid: str) -> str:
    """A party's short name (chart lanes); the full name otherwise."""
    return SHORT_PARTIES.get(pid) or party(pid)


def party(pid: str) -> str:
    """Name of a party (its id when unknown)."""
    return _parties().get(pid, pid)


def measure(mid: str) -> str:
    """Description of a sanctions measure."""
    from lockstep.record import vocabulary

    spec = vocabulary().measures.get(mid)
    return str(spec.get("description", mid)) if spec else mid


def obligation(oid: str, limit: int = 110) -> str:
    """Short text of an obligation: its description's first sentence, cut at a word."""
    text = _obligations().get(oid)
    if not text:
        return oid.replace("_", " ")
    first = text.split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + " …"


def site(sid: str) -> str:
    """Name of a facility."""
    return SITES.get(sid, sid)


def band(bid: str) -> str:
    """Enrichment band in words."""
    return BANDS.get(bid, bid)


def comparator(cid: str) -> str:
    """A comparator in words."""
    return COMPARATORS.get(cid, cid)


def quantity(qid: str) -> str:
    """Description of a record quantity."""
    from lockstep.record import vocabulary

    spec = vocabulary().quantities.get(qid)
    # The description's first clause names the quantity; the rest explains qualifiers.
    return spec.description.split(" (")[0].split("; ")[0] if spec else qid.replace("_", " ")


def sensitivity_input(name: str) -> str:
    """A breakout sensitivity input in words."""
    if name.startswith("swu_per_machine_year:"):
        return f"output of one {name.split(':', 1)[1]} machine [SWU/yr]"
    if name.startswith("stock:"):
        return f"stock of {band(name.split(':', 1)[1])} [kg U]"
    return INPUTS.get(name, name.replace("_", " "))


def monitoring(level: str) -> str:
    """An IAEA monitoring level in words."""
    return MONITORING.get(level, level.replace("_", " "))


def model(name: str) -> str:
    """A breakout model or ensemble structure in words."""
    return MODELS.get(name, name)


def strategy(name: str) -> str:
    """A plan strategy in words."""
    return STRATEGIES.get(name, name)


#: "which iran, russia contest (event 2025-09-28.unsc.…)" in the record's notes on
#: contested sanctions changes: party ids, then the event id.
_CONTESTED = re.compile(r"which ([a-z0-9+_]+(?:, [a-z0-9+_]+)*) contest \(event [^)]*\)")


def in_words(text: str) -> str:
    """A sentence from the library with the ids in it written as words.

    Sites, bands, sanctions measures and breakout models by their names; the parties
    contesting a sanctions change by their names (the event id is left out: the events
    table has it).
    """
    from lockstep.record import vocabulary

    # Only ids (with an underscore): "total" is also an ordinary word.
    for key, words in (*SITES.items(), *BANDS.items(), *KEYS.items()):
        if "_" in key:
            text = text.replace(key, words)
    for key in vocabulary().measures:
        if key in text:
            text = text.replace(key, measure(key))
    for key, words in MODELS.items():
        if "-" in key:  # "ensemble" is also an ordinary word
            text = re.sub(rf"(?<![\w-]){re.escape(key)}(?![\w-])", words, text)
    text = _CONTESTED.sub(
        lambda m: "which " + ", ".join(party(p) for p in m.group(1).split(", ")) + " contest",
        text,
    )
    return text.replace(" -> ", " → ")


def after_months(rows: object) -> str:
    """Quantities held after each month, in words: ``quantities_after_months`` rows.

    Each row holds ``month`` and the P10/P50/P90 of the number of whole quantities
    produced by then, as "P50 after N months (P10–P90)": e.g. "3 after 1 month (1–4),
    7 after 3 months (6–9)".
    An empty list (breakout unknown) gives ""; when even the P90 is none after the last
    month, "none within N months (even at P90)".
    """
    if isinstance(rows, list | tuple) and rows and all(int(r["p90"]) == 0 for r in rows):
        last = int(rows[-1]["month"])
        return f"none within {last} month{'s' if last > 1 else ''} (even at P90)"
    parts = []
    for row in rows if isinstance(rows, list | tuple) else ():
        month = int(row["month"])
        low, mid, high = (int(row[k]) for k in ("p10", "p50", "p90"))
        spread = f"{low}–{high}" if low != high else f"{mid}"
        parts.append(f"{mid:,} after {month} month{'s' if month > 1 else ''} ({spread})")
    return ", ".join(parts)


def line_runs(steps: object) -> list[tuple[str, int, int, float]]:
    """The stage-level lines' runs of steps: (line, first step, last step, share).

    ``steps`` are breakout step rows (mappings with ``line``, ``step`` and
    ``quantity_share``, as in the JSON ``steps``); steps without a line (the other
    models) are left out. Each line's steps are consecutive; its share is its part of
    the first quantity [unitless].
    """
    runs: dict[str, list[tuple[int, float]]] = {}
    for row in steps if isinstance(steps, list | tuple) else ():
        if row["line"]:
            runs.setdefault(str(row["line"]), []).append(
                (int(row["step"]), float(row["quantity_share"]))
            )
    return [(line, run[0][0], run[-1][0], run[0][1]) for line, run in runs.items()]


KINDS = {
    "party": party,
    "measure": measure,
    "obligation": obligation,
    "site": site,
    "band": band,
    "comparator": comparator,
    "quantity": quantity,
    "input": sensitivity_input,
    "strategy": strategy,
    "monitoring": monitoring,
    "model": model,
}


def label(value: object, kind: str) -> Markup:
    """HTML: the label of ``value`` with its id on hover (``title``)."""
    if value is None or value == "":
        return Markup("–")
    text = str(value)
    words = KINDS[kind](text)
    if words == text:
        return Markup("{0}").format(text)
    return Markup('<span title="{0}">{1}</span>').format(text, words)


def plain(value: object, kind: str) -> str:
    """The label of ``value`` as plain text (PDF briefs, chart data)."""
    if value is None or value == "":
        return "–"
    return KINDS[kind](str(value))


#: Units of findings and observations in words (library units; fractions shown as %).
UNITS = {
    "kg_u": "kg U",
    "kg_uf6": "kg UF6",
    "t": "t",
    "tonnes": "t",
    "count": "",
    "machines": "machines",
    "pct": "%",
    "fraction": "%",
    "swu_per_year": "SWU/yr",
    "days": "days",
}


def number(value: float, unit: str = "") -> str:
    """A number rounded to what it can claim, thousands grouped.

    0.1 above 1 (the IAEA's kg and t), three significant figures below; assays to 0.01 %.

    Fractions (``unit="fraction"``) are written as percent.
    """
    if unit == "fraction":
        value = value * 100.0
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or float(value).is_integer():
        text = f"{int(value):,}"
    else:
        magnitude = abs(value)
        digits = (
            2
            if unit == "fraction"
            else 1
            if magnitude >= 1
            else max(1, 2 - math.floor(math.log10(magnitude)))
        )
        text = f"{value:,.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    words = UNITS.get(unit, unit)
    return f"{text} {words}".strip() if words else text


def _item(value: object) -> str:
    text = str(value)
    if text in SITES:
        return SITES[text]
    if text in BANDS:
        return BANDS[text]
    if text in MONITORING:
        return MONITORING[text]
    return text.replace("_", " ")


def value(value: object, unit: str = "") -> str:
    """Any observed value or limit in words (lists joined, booleans as yes/no)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number(value, unit)
    if isinstance(value, list | tuple | set):
        return ", ".join(_item(v) for v in value) or "none"
    return _item(value)


def _event_evidence(f: dict[str, object]) -> str:
    """The latest event a finding rests on, in one sentence with its date ("" if none)."""
    events = [
        e
        for e in f.get("evidence") or []  # type: ignore[attr-defined]
        if isinstance(e, dict) and e.get("kind") == "event" and e.get("description")
    ]
    if not events:
        return ""
    latest = max(events, key=lambda e: str(e.get("date") or ""))
    text = " ".join(str(latest["description"]).split()).split(". ")[0].rstrip(".")
    if len(text) > 140:
        text = text[:140].rsplit(" ", 1)[0] + " …"
    return f"{text} ({latest.get('date')})" if latest.get("date") else text


def finding(f: dict[str, object]) -> str:
    """What a compliance finding observed against its limit, in words and units.

    With no figure, a finding whose status rests on an event (a breach announced, a
    measure reimposed) says that event and its date rather than "no evidence".
    """
    comparator_id = str(f.get("comparator") or "")
    unit = str(f.get("unit") or "")
    observed = f.get("observed")
    limit = f.get("limit")
    if observed is None and f.get("status") in ("breached", "suspended", "disputed"):
        event = _event_evidence(f)
        bound = f.get("observed_bound")
        if isinstance(bound, int | float) and comparator_id in ("le", "lt"):
            return (
                f"at most {value(bound, unit)} (a bound, no exact figure) against "
                f"{comparator(comparator_id)} {value(limit, unit)}"
                + (f"; {event}" if event else "")
            )
        if event:
            return event
    if unit == "bool" or comparator_id in ("is_true", "is_false"):
        if observed is None:
            return "no evidence either way"
        happened = bool(observed)
        if comparator_id == "is_false":
            return "happened (must not)" if happened else "did not happen, as required"
        return "done, as required" if happened else "not done (required)"
    if comparator_id in ("subset_of", "superset_of", "disjoint_from", "in", "not_in"):
        if observed is None:
            return "no evidence"
        return f"observed: {value(observed)}; allowed: {comparator(comparator_id)} {value(limit)}"
    if observed is None:
        return "no figure"
    text = f"{value(observed, unit)} against {comparator(comparator_id)} {value(limit, unit)}"
    ratio = f.get("ratio")
    if isinstance(ratio, int | float) and ratio:
        text += f" (×{ratio:,.1f} the limit)" if ratio >= 1 else f" ({ratio:.0%} of the limit)"
    return text
