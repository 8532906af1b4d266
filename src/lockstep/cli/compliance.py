"""``lockstep compliance``: every party's obligations against the record, by date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from lockstep.compliance import Finding, Interval

#: Colours of the statuses in tables.
STATUS_STYLES = {
    "complies": "green",
    "breached": "bold red",
    "suspended": "yellow",
    "disputed": "magenta",
    "unknown": "dim",
    "not_in_force": "dim cyan",
    "expired": "dim",
}
#: Columns of ``lockstep compliance --as-of DATE --csv``.
FINDING_COLUMNS = (
    "party",
    "obligation",
    "metric",
    "status",
    "status_as_written",
    "observed",
    "limit",
    "unit",
    "ratio",
    "since",
    "confidence",
    "basis",
    "note",
)


def register(app: typer.Typer) -> None:
    """Attach the ``compliance`` command to ``app``."""
    app.command("compliance")(compliance)


def compliance(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date YYYY-MM-DD or 'today' to evaluate (default: today)."),
    ] = None,
    party: Annotated[
        str | None,
        typer.Option("--party", help="Only this party (iran, us, eu, e3, unsc, all, e3eu3)."),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="Only findings with this status (complies, breached, suspended, disputed, "
            "unknown, not_in_force, expired).",
        ),
    ] = None,
    show_timeline: Annotated[
        bool, typer.Option("--timeline", help="Status intervals over a period instead.")
    ] = False,
    start: Annotated[
        str | None,
        typer.Option("--from", help="With --timeline: first day (default: the agreement's date)."),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="With --timeline: last day (default: today).")
    ] = None,
    agreement_id: Annotated[
        str, typer.Option("--agreement", help="Agreement id or YAML file (default: jcpoa).")
    ] = "jcpoa",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (keys in docs/compliance.md).")
    ] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL of your additions (default: $LOCKSTEP_DB)."),
    ] = None,
    packaged_only: Annotated[
        bool, typer.Option("--packaged-only", help="Ignore your additions; packaged data only.")
    ] = False,
) -> None:
    """Evaluate every obligation of every party on a date, or over a period (--timeline)."""
    from lockstep.agreement import load_agreement
    from lockstep.cli._options import date_or_today, date_range
    from lockstep.compliance import STATUSES
    from lockstep.errors import DomainError
    from lockstep.record import load_record

    if as_json and as_csv:
        raise DomainError("--json/--csv", "one output format, not both")
    if status is not None and status not in STATUSES:
        raise DomainError("--status", f"one of {', '.join(STATUSES)} (got '{status}')")
    if not show_timeline and (start is not None or end is not None):
        raise DomainError("--from/--to", "--timeline (use --as-of for a single date)")
    if show_timeline and as_of is not None:
        raise DomainError("--as-of", "no --as-of with --timeline (use --from and --to)")
    first, last = date_range(start, end)
    day = date_or_today(as_of, "--as-of")
    agreement = load_agreement(agreement_id)
    record = load_record(include_user=not packaged_only, db=db)
    if show_timeline:
        first = first or agreement.concluded
        last = last or date_or_today(None, "--to")
        _timeline(agreement, record, first, last, party, status, as_json, as_csv)
        return
    _findings(agreement, record, day, party, status, as_json, as_csv)


def _findings(
    agreement: Any,
    record: Any,
    day: dt.date,
    party: str | None,
    status: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    from lockstep.cli._output import emit_csv, emit_json
    from lockstep.compliance import count_by_party, evaluate, finding_to_dict, findings_to_dict

    findings = evaluate(agreement, record, day, party=party)
    summary = count_by_party(findings)
    shown = [f for f in findings if status is None or f.status == status]
    if as_json:
        emit_json(findings_to_dict(shown, day, summary, agreement.id))
        return
    if as_csv:
        rows = []
        for finding in shown:
            row = finding_to_dict(finding)
            row["observed"] = _cell(row["observed"])
            row["limit"] = _cell(row["limit"])
            rows.append(row)
        emit_csv(rows, FINDING_COLUMNS)
        return
    _print_findings(agreement, day, shown, summary)


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def _fmt(value: Any, unit: str | None, display_unit: str | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "(none)"
    if isinstance(value, int | float):
        if display_unit == "pct" and unit == "fraction":
            return f"{float(value) * 100:.4g} %"
        if unit in ("count", "count_per_year") and float(value).is_integer():
            return f"{int(value):,}"
        shown = f"{float(value):,.1f}" if abs(float(value)) >= 10 else f"{float(value):.4g}"
        label = {"kg_u": "kg U", "count": "", "fraction": ""}.get(unit or "", unit or "")
        return f"{shown} {label}".strip()
    return str(value)


def _print_findings(
    agreement: Any, day: dt.date, findings: list[Finding], summary: dict[str, dict[str, int]]
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from lockstep.cli._output import console

    out = console()
    out.print(f"Compliance with the {agreement.short_name} on {day.isoformat()}")
    by_party: dict[str, list[Finding]] = {}
    for finding in findings:
        by_party.setdefault(finding.party, []).append(finding)
    for party_id, items in by_party.items():
        counts = summary.get(party_id, {})
        tally = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        # No vertical rules: the six columns then fit a standard 80-column terminal.
        out.print(Text(f"{party_id}: {tally}", style="bold"))
        table = Table(
            box=box.SIMPLE,
            pad_edge=False,
            collapse_padding=True,
        )
        table.add_column("obligation", min_width=14, ratio=2, overflow="fold")
        table.add_column("status", width=12, no_wrap=True)
        table.add_column("observed", min_width=6, ratio=1, overflow="fold")
        table.add_column("limit", min_width=6, ratio=1, overflow="fold")
        table.add_column("ratio", width=6, no_wrap=True)
        table.add_column("since", width=10, no_wrap=True)
        with_notes = out.width >= 120
        if with_notes:
            table.add_column("note", max_width=out.width - 100, overflow="ellipsis", no_wrap=True)
        for f in items:
            observed = f.observed if f.last_known is None else f.last_known.value
            observed_text = _fmt(observed, f.unit, f.unit_display)
            if f.last_known is not None:
                observed_text = f"last {observed_text} ({f.last_known.as_of})"
            elif f.observed is None and f.observed_bound is not None:
                observed_text = f"<= {_fmt(f.observed_bound, f.unit, f.unit_display)}"
            cells = [
                Text(f.obligation),
                Text(f.status, style=STATUS_STYLES.get(f.status, "")),
                Text(observed_text),
                Text(_fmt(f.limit, f.unit, f.unit_display)),
                Text(f"x{f.ratio:.2f}" if f.ratio is not None and f.status == "breached" else ""),
                Text(f.since.isoformat() if f.since else "-"),
            ]
            table.add_row(*cells, *([Text(f.note)] if with_notes else []))
        out.print(table)


def _timeline(
    agreement: Any,
    record: Any,
    first: dt.date,
    last: dt.date,
    party: str | None,
    status: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    from lockstep.cli._output import emit_csv, emit_json
    from lockstep.compliance import (
        INTERVAL_FIELDS,
        interval_to_dict,
        party_summary,
        timeline,
        timeline_to_dict,
    )

    intervals = timeline(agreement, record, first, last, party=party)
    shown = [i for i in intervals if status is None or i.status == status]
    if as_csv:
        emit_csv((interval_to_dict(i) for i in shown), INTERVAL_FIELDS)
        return
    summaries = party_summary(agreement, record, last, party=party)
    if as_json:
        emit_json(timeline_to_dict(shown, first, last, summaries, agreement.id))
        return
    _print_timeline(agreement, first, last, shown, summaries)


def _print_timeline(
    agreement: Any, first: dt.date, last: dt.date, intervals: list[Interval], summaries: Any
) -> None:
    from rich.table import Table
    from rich.text import Text

    from lockstep.cli._output import console

    out = console()
    out.print(
        f"Compliance with the {agreement.short_name}, {first.isoformat()} to {last.isoformat()}"
    )
    by_party: dict[str, list[Interval]] = {}
    for interval in intervals:
        by_party.setdefault(interval.party, []).append(interval)
    for party_id, items in by_party.items():
        summary = summaries.get(party_id)
        title = party_id
        if summary is not None and summary.first_breach is not None:
            day, obligation = summary.first_breach
            title += f" (first breach: {obligation}, {day.isoformat()})"
        table = Table(title=Text(title), title_justify="left")
        for name in ("obligation", "status", "from", "to", "days", "max ratio"):
            table.add_column(name)
        previous = None
        for item in items:
            table.add_row(
                Text(item.obligation if item.obligation != previous else ""),
                Text(item.status, style=STATUS_STYLES.get(item.status, "")),
                Text(item.start.isoformat()),
                Text(item.end.isoformat()),
                Text(f"{item.days:,}"),
                Text(f"x{item.ratio_max:.2f}" if item.ratio_max else ""),
            )
            previous = item.obligation
        out.print(table)
