"""``lockstep record``: list, check and extend the record of IAEA figures and events."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from lockstep.cli._options import date_range

record_app = typer.Typer(
    name="record",
    help="The sourced record: IAEA figures, events, sources, and your own additions.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL of your additions (default: $LOCKSTEP_DB)."),
]
PackagedOnly = Annotated[
    bool, typer.Option("--packaged-only", help="Ignore your additions; packaged data only.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (keys in docs/data.md).")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV.")]


def register(app: typer.Typer) -> None:
    """Attach the ``record`` command group to ``app``."""
    app.add_typer(record_app)


def _exclusive(as_json: bool, as_csv: bool) -> None:
    from lockstep.errors import DomainError

    if as_json and as_csv:
        raise DomainError("--json / --csv", "only one of --json and --csv")


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()}


@record_app.command("list")
def list_observations(
    quantity: Annotated[
        str | None, typer.Option("--quantity", help="Only this quantity (see docs/data.md).")
    ] = None,
    band: Annotated[str | None, typer.Option("--band", help="Only this band.")] = None,
    site: Annotated[str | None, typer.Option("--site", help="Only this site.")] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="Only this centrifuge model.")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help="First as_of date, YYYY-MM-DD or 'today' (inclusive)."),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last as_of date, YYYY-MM-DD or 'today' (inclusive).")
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = None,
    packaged_only: PackagedOnly = False,
) -> None:
    """List observations (long format), oldest first, each with its source."""
    from lockstep.cli._output import console, emit_csv, emit_json, table
    from lockstep.errors import DomainError
    from lockstep.record import load_record, vocabulary
    from lockstep.record.export import OBSERVATION_FIELDS, observation_to_dict

    _exclusive(as_json, as_csv)
    vocab = vocabulary()
    if quantity is not None and quantity not in vocab.quantities:
        raise DomainError("--quantity", f"one of: {', '.join(vocab.quantities)}")
    qualifiers = {
        k: v for k, v in (("band", band), ("site", site), ("model", model)) if v is not None
    }
    for name, value in qualifiers.items():
        if value not in vocab.qualifier_values[name]:
            raise DomainError(f"--{name}", f"one of: {', '.join(vocab.qualifier_values[name])}")
    first, last = date_range(start, end)
    record = load_record(include_user=not packaged_only, db=db)
    rows = [observation_to_dict(o) for o in record.select(quantity, first, last, **qualifiers)]
    if as_json:
        emit_json(rows)
    elif as_csv:
        emit_csv(rows, OBSERVATION_FIELDS)
    else:
        shown = [
            (
                r["as_of"],
                r["quantity"],
                " ".join(str(r[k]) for k in ("band", "site", "model") if r[k]),
                "-"
                if r["value"] is None
                else f"{r['value']:g}"
                if isinstance(r["value"], float)
                else str(r["value"]),
                r["unit"],
                r["status"],
                r["source"],
            )
            for r in rows
        ]
        console().print(
            table(
                f"{len(rows)} observations",
                ("as of", "quantity", "qualifiers", "value", "unit", "status", "source"),
                shown,
            )
        )


@record_app.command("events")
def list_events(
    start: Annotated[
        str | None, typer.Option("--from", help="First date, YYYY-MM-DD or 'today'.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last date, YYYY-MM-DD or 'today'.")
    ] = None,
    party: Annotated[str | None, typer.Option("--party", help="Only events of this party.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only events of this kind.")] = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="Only events changing this sanctions measure.")
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = None,
    packaged_only: PackagedOnly = False,
) -> None:
    """List dated events of every party, oldest first."""
    from lockstep.cli._output import console, emit_csv, emit_json, table
    from lockstep.errors import DomainError
    from lockstep.record import load_record, vocabulary
    from lockstep.record.export import EVENT_FIELDS, event_to_dict

    _exclusive(as_json, as_csv)
    vocab = vocabulary()
    for option, value, allowed in (
        ("--party", party, vocab.parties),
        ("--kind", kind, vocab.kinds),
        ("--measure", measure, vocab.measures),
    ):
        if value is not None and value not in allowed:
            raise DomainError(option, f"one of: {', '.join(allowed)}")
    first, last = date_range(start, end)
    record = load_record(include_user=not packaged_only, db=db)
    events = record.events_between(
        first,
        last,
        party=party,
        kind=kind,
        measure=measure,
    )
    rows = [event_to_dict(e) for e in events]
    if as_json:
        emit_json(rows)
    elif as_csv:
        emit_csv([_flat(r) for r in rows], EVENT_FIELDS)
    else:
        console().print(
            table(
                f"{len(rows)} events",
                ("date", "parties", "kind", "description"),
                [(r["date"], ", ".join(r["parties"]), r["kind"], r["description"]) for r in rows],
            )
        )


@record_app.command("sources")
def sources(
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = None,
    packaged_only: PackagedOnly = False,
) -> None:
    """List every source cited, with how many observations and events cite it."""
    from lockstep.cli._output import console, emit_csv, emit_json, table
    from lockstep.record import load_record

    _exclusive(as_json, as_csv)
    record = load_record(include_user=not packaged_only, db=db)
    rows: list[dict[str, Any]] = [
        {
            "source": s.document,
            "url": s.url,
            "observations": s.observations,
            "events": s.events,
            "confidence": s.confidence,
        }
        for s in record.sources()
    ]
    if as_json:
        emit_json(rows)
    elif as_csv:
        emit_csv(
            [
                {
                    **r,
                    "confidence": ";".join(f"{k}:{v}" for k, v in sorted(r["confidence"].items())),
                }
                for r in rows
            ],
            ("source", "url", "observations", "events", "confidence"),
        )
    else:
        console().print(
            table(
                f"{len(rows)} sources",
                ("source", "url", "observations", "events"),
                [(r["source"], r["url"] or "-", r["observations"], r["events"]) for r in rows],
            )
        )


def _check_payload(checked: Any, stored: bool) -> dict[str, Any]:
    return {
        "file": checked.file,
        "kind": checked.kind,
        "rows": len(checked.ids),
        "ids": list(checked.ids),
        "stored": stored,
        "batch_id": checked.batch_id,
        "db": checked.db,
    }


@record_app.command("validate")
def validate(
    file: Annotated[Path, typer.Argument(help="CSV of observations or events.")],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Check a CSV of new observations or events against the record, without storing it."""
    from lockstep.cli._output import emit_json
    from lockstep.record import validate_file

    checked = validate_file(file, db)
    if as_json:
        emit_json(_check_payload(checked, stored=False))
        return
    typer.echo(f"ok: {len(checked.ids)} {checked.kind} in {file} are valid (nothing stored)")


@record_app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="CSV of observations or events.")],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Validate a CSV of new observations or events and store all its rows, or none."""
    from lockstep.cli._output import emit_json
    from lockstep.record import add_file

    checked = add_file(file, db)
    if as_json:
        emit_json(_check_payload(checked, stored=True))
        return
    typer.echo(
        f"stored {len(checked.ids)} {checked.kind} from {file} as batch {checked.batch_id} "
        f"in {checked.db}"
    )


@record_app.command("batches")
def batches(as_json: JsonOption = False, db: DbOption = None) -> None:
    """List the batches of your additions."""
    from lockstep.cli._output import console, emit_json, table
    from lockstep.record import list_batches

    rows = [
        {
            "batch_id": b.id,
            "kind": b.collection.removeprefix("record."),
            "label": b.label,
            "source": b.source,
            "created_at": b.created_at.isoformat(),
            "rows": b.row_count,
        }
        for b in list_batches(db)
    ]
    if as_json:
        emit_json(rows)
        return
    console().print(
        table(
            f"{len(rows)} batches",
            ("batch", "kind", "file", "added", "rows"),
            [(r["batch_id"], r["kind"], r["label"], r["created_at"], r["rows"]) for r in rows],
        )
    )


@record_app.command("remove")
def remove(
    batch: Annotated[int, typer.Argument(help="Batch number (see `lockstep record batches`).")],
    db: DbOption = None,
) -> None:
    """Remove one batch of your additions (all its rows)."""
    from lockstep.record import remove_batch

    removed = remove_batch(batch, db)
    typer.echo(f"removed batch {batch} ({removed} rows)")
