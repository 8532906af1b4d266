"""``lockstep agreement``: the JCPOA and JPOA as data (list, show, metrics, schema)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lockstep.cli._options import optional_date

if TYPE_CHECKING:
    from lockstep.agreement import Agreement, Obligation

_SYMBOLS = {
    "le": "<=",
    "lt": "<",
    "ge": ">=",
    "gt": ">",
    "eq": "=",
    "ne": "!=",
    "in": "in",
    "not_in": "not in",
    "subset_of": "within",
    "superset_of": "includes",
    "disjoint_from": "none of",
}
_UNIT_LABELS = {"pct": "%", "kg_u": "kg U", "bool": "", "category": "", "set": "", "count": ""}
_OPEN_LABELS = {
    "none_indefinite": "no end",
    "none_specified": "no end stated",
    "jcpoa_lifetime": "JCPOA lifetime",
    "conditional": "conditional",
}


def register(app: typer.Typer) -> None:
    """Attach the ``agreement`` command group to ``app``."""
    group = typer.Typer(
        name="agreement",
        help="Agreements as data: parties, milestones, obligations (JCPOA, JPOA).",
        no_args_is_help=True,
    )
    group.command("list")(list_agreements)
    group.command("show")(show)
    group.command("metrics")(metrics)
    group.command("schema")(schema)
    app.add_typer(group, name="agreement")


def _value(value: Any, unit: str) -> str:
    if isinstance(value, tuple | list):
        return "{" + ", ".join(str(v) for v in value) + "}"
    if isinstance(value, float):
        value = f"{value:g}"
    label = _UNIT_LABELS.get(unit, unit)
    return f"{value} {label}".strip() if label else str(value)


def limit_text(agreement: Agreement, obligation: Obligation) -> str:
    """The requirement in words: ``<= 3.67 %``, ``must be false``, phases summarised."""
    from lockstep.agreement.export import obligation_json

    if obligation.comparator in ("is_true", "is_false"):
        return "must be " + ("true" if obligation.comparator == "is_true" else "false")
    data = obligation_json(agreement, obligation)
    symbol = _SYMBOLS[obligation.comparator]
    unit = data["unit_display"]
    parts = []
    if data["limit_display"] is not None:
        parts.append(f"{symbol} {_value(data['limit_display'], unit)}")
    for phase in data["phases"]:
        if phase["limit_display"] is None:
            continue
        since = phase["start_date"] or f"{phase['start']} (not reached)"
        parts.append(f"{symbol} {_value(phase['limit_display'], unit)} from {since}")
    if obligation.baseline:
        parts.append(f"(added to the value at {obligation.baseline})")
    return "; ".join(parts) if parts else f"{symbol} (no number in the text)"


def period_text(agreement: Agreement, obligation: Obligation) -> str:
    """``2016-01-16 -> 2031-01-16`` style period, or ``by 2016-01-16`` for deadlines."""
    start = agreement.start_date(obligation)
    end = agreement.end_date(obligation)
    end_label = end.isoformat() if end else _OPEN_LABELS.get(obligation.end, "not reached")
    if obligation.timing == "by_deadline":
        return f"by {end_label}"
    start_label = start.isoformat() if start else "not reached"
    return f"{start_label} -> {end_label}"


def list_agreements(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List the agreements packaged with lockstep."""
    from lockstep.agreement import available_agreements, load_agreement
    from lockstep.cli._output import emit_json, table

    rows: list[dict[str, Any]] = []
    for agreement_id in available_agreements():
        agreement = load_agreement(agreement_id)
        rows.append(
            {
                "id": agreement.id,
                "name": agreement.name,
                "short_name": agreement.short_name,
                "kind": agreement.kind,
                "concluded": agreement.concluded.isoformat(),
                "parties": [p.id for p in agreement.parties],
                "milestones": len(agreement.milestones),
                "obligations": len(agreement.obligations),
            }
        )
    if as_json:
        emit_json(rows)
        return
    _wide_console().print(
        table(
            "Agreements",
            ("id", "name", "concluded", "parties", "milestones", "obligations"),
            [
                (
                    r["id"],
                    r["name"],
                    r["concluded"],
                    len(r["parties"]),
                    r["milestones"],
                    r["obligations"],
                )
                for r in rows
            ],
        )
    )


def show(
    agreement_ref: Annotated[
        str, typer.Argument(metavar="AGREEMENT", help="Agreement id (jcpoa, jpoa) or YAML path.")
    ],
    party: Annotated[
        str | None, typer.Option("--party", help="Only this party's obligations (e.g. iran, us).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Only obligations that apply on this date (YYYY-MM-DD or 'today')."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Show an agreement: milestones, and obligations grouped by party."""
    from lockstep.agreement import agreement_json, load_agreement
    from lockstep.cli._output import emit_json

    agreement = load_agreement(agreement_ref)
    date = optional_date(as_of, "--as-of")
    obligations = agreement.obligations
    if party is not None:
        obligations = agreement.obligations_for(party)
    if date is not None:
        obligations = tuple(o for o in obligations if agreement.is_active(o, date))
    if as_json:
        emit_json(agreement_json(agreement, obligations))
        return
    _print_tables(agreement, obligations, party, date)


def _folded(result: Any) -> Any:
    """Let long cells wrap at any character instead of being cut with an ellipsis."""
    for column in result.columns:
        column.overflow = "fold"
    return result


def _wide_console() -> Any:
    """A console at least 160 columns wide when writing to a file or pipe."""
    from rich.console import Console

    from lockstep.cli._output import console

    out = console()
    if not out.is_terminal:
        return Console(highlight=False, soft_wrap=False, width=160)
    return out


def _print_tables(
    agreement: Agreement,
    obligations: tuple[Obligation, ...],
    party: str | None,
    date: dt.date | None,
) -> None:
    from lockstep.cli._output import table

    out = _wide_console()
    out.print(f"{agreement.name} ({agreement.short_name}), concluded {agreement.concluded}")
    if party is None:
        out.print(
            _folded(
                table(
                    "Milestones",
                    ("id", "date", "name", "rule", "confidence"),
                    [
                        (
                            m.id,
                            _date_or(agreement.milestone_date(m.id), "not reached"),
                            m.name,
                            _rule(m),
                            m.confidence,
                        )
                        for m in agreement.milestones
                    ],
                )
            )
        )
    when = f" applying on {date}" if date else ""
    for item in agreement.parties:
        owned = [o for o in obligations if o.party == item.id]
        if not owned:
            continue
        rows = [
            (
                o.id,
                f"{o.metric.label()} {limit_text(agreement, o)}",
                period_text(agreement, o),
                o.reference,
                o.confidence,
                "yes" if agreement.is_disputed(o) else "",
            )
            for o in owned
        ]
        out.print(
            _folded(
                table(
                    f"{item.name} [{item.id}]: {len(owned)} obligation(s){when}",
                    ("id", "requirement", "period", "reference", "confidence", "disputed"),
                    rows,
                )
            )
        )
    if not obligations:
        out.print(f"No obligations{when}.")


def _date_or(value: dt.date | None, default: str) -> str:
    return value.isoformat() if value else default


def _rule(milestone: Any) -> str:
    from lockstep.agreement.milestones import describe_offset

    parts = []
    if milestone.offset is not None:
        parts.append(describe_offset(milestone.offset))
    if milestone.or_earlier:
        parts.append("or earlier: " + ", ".join(milestone.or_earlier))
    return "; ".join(parts)


def metrics(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List the metric vocabulary obligations are written in."""
    from lockstep.agreement import load_vocabulary
    from lockstep.cli._output import emit_json, table

    vocabulary = load_vocabulary()
    rows = [
        {
            "name": m.name,
            "kind": m.kind,
            "unit": m.unit,
            "evaluated_from": m.evaluated_from,
            "qualifiers": list(m.qualifiers),
            "values": list(vocabulary.allowed_elements(m) or ()),
            "description": m.description,
        }
        for m in vocabulary.metrics
    ]
    if as_json:
        emit_json(rows)
        return
    _wide_console().print(
        _folded(
            table(
                "Metric vocabulary",
                ("name", "kind", "unit", "evaluated from", "qualifiers", "description"),
                [
                    (
                        r["name"],
                        r["kind"],
                        r["unit"],
                        r["evaluated_from"],
                        ", ".join(r["qualifiers"]),
                        r["description"],
                    )
                    for r in rows
                ],
            )
        )
    )


def schema() -> None:
    """Print the JSON Schema of the agreement file format."""
    import sys

    from lockstep.agreement import agreement_json_schema_text

    sys.stdout.write(agreement_json_schema_text())
