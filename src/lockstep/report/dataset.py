"""The open dataset: the tables ``lockstep export`` writes, with a description of every field.

Rows come from the library's own dict forms (the same keys as the CLI's ``--json`` and the
web API), so the export never re-derives a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from lockstep.report.opendata import Column, Table

OBSERVATION_COLUMNS = (
    Column("id", "string", "Stable identifier of the figure"),
    Column("as_of", "date", "Date the figure refers to (the IAEA's cut-off date where known)"),
    Column("report", "string", "Report symbol (e.g. GOV/2023/8) or description"),
    Column("report_date", "date", "Date the report was issued, if known"),
    Column("quantity", "string", "Quantity name from the vocabulary (docs/data.md)"),
    Column("band", "string", "Enrichment band qualifier (total, up_to_2pct ... up_to_60pct)"),
    Column("site", "string", "Site qualifier (natanz_fep, natanz_pfep, fordow_ffep, ...)"),
    Column("model", "string", "Centrifuge model qualifier (IR-1, IR-2m, ...)"),
    Column("machine_status", "string", "Machine status qualifier, if any"),
    Column("value", "any", "Value in library units (see unit): kg U, fraction, count, t, bool"),
    Column("unit", "string", "Library unit of value (kg_u, fraction, count, t, bool, ...)"),
    Column("value_low", "number", "Lower bound where the source gives a range (library unit)"),
    Column("value_high", "number", "Upper bound where the source gives a range (library unit)"),
    Column("reported_value", "any", "Value as reported by the source, before conversion"),
    Column("reported_unit", "string", "Unit as reported (e.g. kg_uf6, pct)"),
    Column("status", "string", "verified, estimated, declared or unverified"),
    Column("confidence", "string", "high, medium or low (docs/data.md)"),
    Column("source", "string", "Document symbol and paragraph, or title"),
    Column("url", "string", "Address of the document or the reporting used"),
    Column("check_exempt", "string", "Why a consistency check does not apply, if it does not"),
    Column("supersedes", "string", "Id of the figure this row corrects, if any"),
    Column("note", "string", "Caveats in our own words"),
    Column("origin", "string", "packaged (shipped data) or the user's database batch"),
)

EVENT_COLUMNS = (
    Column("id", "string", "Stable identifier of the event"),
    Column("date", "date", "Date (first of the month where only the month is known)"),
    Column("date_precision", "string", "day or month"),
    Column("parties", "string", "Acting party ids, ';'-separated"),
    Column("kind", "string", "violates, suspends, resumes, complies, negotiates, military, other"),
    Column("description", "string", "What happened, in our own words"),
    Column("obligation_ids_affected", "string", "Obligation ids affected, ';'-separated"),
    Column("measure", "string", "Sanctions measure ids changed, ';'-separated"),
    Column("effect", "string", "Effect on the measures (imposed, lifted, waived, reimposed...)"),
    Column("contested_by", "string", "Parties contesting the legal effect, ';'-separated"),
    Column(
        "material", "string", "Stocks the event changes (total, a band, heavy_water), ';'-separated"
    ),
    Column(
        "material_effect", "string", "What it does to them: removes, produces, starts_production"
    ),
    Column("source", "string", "Document or title"),
    Column("url", "string", "Address of the source"),
    Column("confidence", "string", "high, medium or low"),
    Column("note", "string", "Caveats"),
    Column("origin", "string", "packaged or the user's database batch"),
)

OBLIGATION_COLUMNS = (
    Column("agreement", "string", "Agreement id (jcpoa, jpoa)"),
    Column("id", "string", "Obligation id"),
    Column("party", "string", "Obligated party id (iran, us, eu, e3, unsc, all)"),
    Column("category", "string", "Category (enrichment, stockpile, sanctions, ...)"),
    Column("description", "string", "What is owed, in our own words"),
    Column("metric", "string", "Metric name from the vocabulary (docs/agreement.md)"),
    Column("qualifiers", "string", "Metric qualifiers as key=value pairs, ';'-separated"),
    Column("comparator", "string", "How the observed value is compared with the limit"),
    Column("limit", "any", "Limit in library units (fractions for assays)"),
    Column("unit", "string", "Library unit of the limit"),
    Column("limit_display", "any", "Limit in display units (percent for assays)"),
    Column("unit_display", "string", "Display unit"),
    Column("start", "string", "Start milestone id"),
    Column("end", "string", "End milestone id"),
    Column("start_date", "date", "Resolved start date"),
    Column("end_date", "date", "Resolved end date (empty: no end or conditional)"),
    Column("reference", "string", "Clause reference (JCPOA para, Annex I para, UNSCR 2231 op)"),
    Column("confidence", "string", "high, medium or low"),
    Column("disputed", "boolean", "Whether the parties read the clause differently"),
    Column("notes", "string", "Notes"),
)

MILESTONE_COLUMNS = (
    Column("agreement", "string", "Agreement id"),
    Column("id", "string", "Milestone id"),
    Column("name", "string", "Name"),
    Column("date", "date", "Resolved date (empty: never reached)"),
    Column("kind", "string", "treaty, derived, event or condition"),
    Column("definition", "string", "Definition in our own words"),
    Column("reference", "string", "Clause reference"),
    Column("sources", "string", "Sources, ';'-separated"),
    Column("confidence", "string", "high, medium or low"),
)

HISTORY_DESCRIPTIONS: dict[str, tuple[str, str, str | None]] = {
    "as_of": ("date", "IAEA report date (or today)", None),
    "era": (
        "string",
        "Period: before-jpoa, jpoa, jcpoa, beyond-limits or no-verification",
        None,
    ),
    "status": ("string", "ok, or unknown when nothing can be verified", None),
    "assumed_last_known": ("boolean", "Whether the last known state was assumed", None),
    "first_quantity_days_p10": ("number", "Days to the first quantity, P10", "days"),
    "first_quantity_days_p50": ("number", "Days to the first quantity, P50", "days"),
    "first_quantity_days_p90": ("number", "Days to the first quantity, P90", "days"),
    "quantities_by_last_month_p50": ("number", "Quantities by the last month, P50", "count"),
    "machines": ("number", "Machines used", "count"),
    "capacity_swu_per_year": ("number", "Effective capacity, P50", "kg-SWU/yr"),
    "stock_up_to_2pct_kg_u": ("number", "Stock up to 2 %", "kg U"),
    "stock_up_to_5pct_kg_u": ("number", "Stock up to 5 %", "kg U"),
    "stock_up_to_20pct_kg_u": ("number", "Stock up to 20 %", "kg U"),
    "stock_up_to_60pct_kg_u": ("number", "Stock up to 60 %", "kg U"),
    "oldest_figure_age_days": ("number", "Age of the oldest figure used", "days"),
    "report": ("string", "Report of the figures", None),
    "note": ("string", "Caveats", None),
}


def _joined(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return value


def _pick(row: dict[str, Any], columns: Sequence[Column]) -> dict[str, Any]:
    return {c.name: _joined(row.get(c.name)) for c in columns}


def observations_table(record: Any) -> Table:
    """Every observation of the record with its source."""
    from lockstep.record import observation_to_dict

    rows = [_pick(observation_to_dict(o), OBSERVATION_COLUMNS) for o in record.observations]
    return Table(
        "observations",
        "IAEA-reported figures",
        "Iran's enriched uranium, centrifuges, heavy water and monitoring as reported by the "
        "IAEA (or declared by Iran), one figure per row, each with its source and status.",
        OBSERVATION_COLUMNS,
        rows,
        sources=("IAEA Board of Governors reports (GOV/...), as cited per row",),
    )


def events_table(record: Any) -> Table:
    """Every dated event with its source."""
    from lockstep.record import event_to_dict

    rows = [_pick(event_to_dict(e), EVENT_COLUMNS) for e in record.events]
    return Table(
        "events",
        "Dated events of every party",
        "Actions of Iran, the US, the EU/E3, the UN Security Council and others, 1995 to now, "
        "with the obligations and sanctions measures they affect.",
        EVENT_COLUMNS,
        rows,
        sources=("Government, UN, EU and IAEA documents and reporting, as cited per row",),
    )


def agreement_tables() -> tuple[Table, Table]:
    """Obligations and milestones of every packaged agreement."""
    from lockstep.agreement import agreement_json, available_agreements, load_agreement

    obligations: list[dict[str, Any]] = []
    milestones: list[dict[str, Any]] = []
    for agreement_id in available_agreements():
        body = agreement_json(load_agreement(agreement_id))
        for item in body["obligations"]:
            row = {**item, "agreement": agreement_id}
            row["qualifiers"] = ";".join(
                f"{k}={_joined(v)}" for k, v in sorted(item["qualifiers"].items())
            )
            obligations.append(_pick(row, OBLIGATION_COLUMNS))
        for item in body["milestones"]:
            milestones.append(_pick({**item, "agreement": agreement_id}, MILESTONE_COLUMNS))
    return (
        Table(
            "obligations",
            "Obligations of every party",
            "The JCPOA (2015, with UNSCR 2231) and the JPOA (2013) as data: who owes what, "
            "from when to when, with clause references.",
            OBLIGATION_COLUMNS,
            obligations,
            sources=("JCPOA, UN doc S/2015/544", "UNSC resolution 2231 (2015)", "JPOA, 2013"),
        ),
        Table(
            "milestones",
            "Milestones",
            "Dated and derived milestones of the agreements (Adoption, Implementation, "
            "Transition, Termination Days; the 2025 snapback sequence).",
            MILESTONE_COLUMNS,
            milestones,
            sources=("JCPOA para 34 and Annex V", "UNSCR 2231"),
        ),
    )


def breakout_history_table(record: Any, end: dt.date, samples: int = 2_000) -> Table:
    """Breakout at every IAEA report date (swu-budget, enriching machines, wgu25)."""
    import dataclasses

    from lockstep.assessment import BreakoutOptions, history, history_rows
    from lockstep.assessment.history import HISTORY_COLUMNS

    options = dataclasses.replace(BreakoutOptions(), samples=samples, sensitivity=False)
    rows = history_rows(history(options, end=end, record=record))
    columns = tuple(
        Column(name, *HISTORY_DESCRIPTIONS.get(name, ("any", name, None)))  # type: ignore[arg-type]
        for name in HISTORY_COLUMNS
    )
    return Table(
        "breakout_history",
        "Breakout at every IAEA report date",
        f"Days to 25 kg of 90 % uranium (swu-budget model, machines enriching, {samples:,} "
        "Monte Carlo samples, seed 0); unknown after the loss of IAEA access in June 2025. "
        "Method: docs/breakout.md.",
        columns,
        [{c.name: r.get(c.name) for c in columns} for r in rows],
        sources=("Computed by lockstep from the observations table",),
    )


COMPLIANCE_COLUMNS = (
    Column("party", "string", "Obligated party id"),
    Column("obligation", "string", "Obligation id (obligations table)"),
    Column("metric", "string", "Metric with qualifiers"),
    Column(
        "status",
        "string",
        "complies, breached, suspended, disputed, unknown, not_in_force, expired",
    ),
    Column("start", "date", "First day of the interval"),
    Column("end", "date", "Last day of the interval (inclusive)"),
    Column("days", "integer", "Length of the interval", unit="days"),
    Column("ratio_max", "number", "Largest observed/limit in the interval", unit="ratio"),
)


def compliance_table(record: Any, end: dt.date) -> Table:
    """Status intervals of every JCPOA obligation from Finalisation Day to ``end``."""
    from lockstep.agreement import load_agreement
    from lockstep.compliance import interval_to_dict, timeline

    intervals = timeline(load_agreement("jcpoa"), record, dt.date(2015, 7, 14), end)
    return Table(
        "compliance_timeline",
        "Compliance status intervals",
        "Each JCPOA obligation's status over time, as evaluated by lockstep from the "
        "observations and events (rules: docs/compliance.md).",
        COMPLIANCE_COLUMNS,
        [_pick(interval_to_dict(i), COMPLIANCE_COLUMNS) for i in intervals],
        sources=("Computed by lockstep from the obligations, observations and events tables",),
    )


NO_RETURN_COLUMNS = (
    Column("date", "date", "IAEA report date"),
    Column("policy", "string", "store (machines under seal, reinstallable) or destroy"),
    Column("kept_stock_kg_u", "number", "Enriched uranium kept after the return", unit="kg U"),
    Column("retained_swu_per_year", "number", "Capacity of the retained fleet", unit="kg-SWU/yr"),
    Column(
        "other_swu_per_year",
        "number",
        "Capacity of the other machines (stored or rebuildable)",
        unit="kg-SWU/yr",
    ),
    Column("breakout_operating_days", "number", "Breakout with the retained fleet", unit="days"),
    Column(
        "breakout_restorable_days", "number", "Best breakout a full return restores", unit="days"
    ),
    Column("meets_benchmark", "boolean", "Restorable breakout at least the benchmark (365 d)"),
    Column("meets_reference", "boolean", "At least the JCPOA configuration on this device"),
    Column("verified", "boolean", "Whether the figures at the date were verifiable"),
)


def no_return_table(record: Any, end: dt.date) -> Table:
    """Restorable breakout after a full return at every report date (docs/roadmap.md)."""
    from lockstep.roadmap import point_of_no_return, states_for_analysis

    states, source = states_for_analysis()
    rows = point_of_no_return(states, source=source).to_json()["rows"]
    return Table(
        "no_return",
        "Point of no return: restorable breakout by report date",
        "The best breakout a full return to JCPOA limits could restore at each report date, "
        "with advanced machines stored (60-day reinstall) or destroyed (one-year rebuild), "
        "knowledge kept. A ranking device, not an intelligence estimate.",
        NO_RETURN_COLUMNS,
        [_pick(r, NO_RETURN_COLUMNS) for r in rows],
        sources=("Computed by lockstep from the observations table",),
    )


def dataset_tables(end: dt.date | None = None, db: str | None = None) -> list[Table]:
    """Every table of the open dataset."""
    from lockstep.record import load_record

    record = load_record(db=db)
    last = end or dt.datetime.now(dt.UTC).date()
    obligations, milestones = agreement_tables()
    return [
        obligations,
        milestones,
        observations_table(record),
        events_table(record),
        breakout_history_table(record, last),
        compliance_table(record, last),
        no_return_table(record, last),
    ]
