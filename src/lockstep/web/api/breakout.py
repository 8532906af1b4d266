"""``/api/breakout``: breakout at a date with uncertainty, and its history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lockstep.web.cache import cached_json
from lockstep.web.contract import date_query, enum_query
from lockstep.web.deps import capped, check_order, parse_day, record_of, settings_of, today

if TYPE_CHECKING:
    from lockstep.record import Record

router = APIRouter(tags=["breakout"])


@dataclass(frozen=True)
class BreakoutQuery:
    """The parameters of a breakout request (hashable: the cache key)."""

    as_of: dt.date
    quantity: str = "wgu25"
    model: str = "ensemble"
    machines: str = "enriching"
    site: str = ""
    samples: int = 10_000
    seed: int = 0
    assume_last_known: bool = False
    effectiveness: float | None = None
    setup_days: float | None = None
    swu_ir1: float | None = None
    swu_ir2m: float | None = None
    swu_ir4: float | None = None
    swu_ir6: float | None = None

    def options(self) -> Any:
        """Library options for this query (percent-free; names checked by the library)."""
        from lockstep.assessment import BreakoutOptions, resolve_sites
        from lockstep.assessment.explorer import explorer_options
        from lockstep.errors import DomainError
        from lockstep.physics.breakout import MODELS, QUANTITIES, quantity_named

        if self.quantity not in QUANTITIES:
            raise DomainError("quantity", f"one of {', '.join(QUANTITIES)}")
        if self.model not in MODELS:
            raise DomainError("model", f"one of {', '.join(MODELS)}")
        base = BreakoutOptions(
            quantity=quantity_named(self.quantity),
            model=self.model,
            machines=self.machines,  # type: ignore[arg-type]
            sites=resolve_sites([self.site]) if self.site else (),
            samples=self.samples,
            seed=self.seed,
            assume_last_known=self.assume_last_known,
        )
        outputs = {
            model: value
            for model, value in (
                ("IR-1", self.swu_ir1),
                ("IR-2m", self.swu_ir2m),
                ("IR-4", self.swu_ir4),
                ("IR-6", self.swu_ir6),
            )
            if value is not None
        }
        return explorer_options(
            base,
            effectiveness=self.effectiveness,
            setup_days=self.setup_days,
            swu_per_machine_year=outputs,
        )


def breakout_result(record: Record, query: BreakoutQuery) -> tuple[dict[str, Any], list[float]]:
    """The breakout JSON contract and the first-quantity samples for ``record``."""
    from lockstep.assessment import assess_state, payload
    from lockstep.record import state_at

    assessment = assess_state(state_at(query.as_of, record), query.options())
    samples = (
        [float(x) for x in assessment.result.first_quantity_samples]
        if assessment.result is not None
        else []
    )
    return payload(assessment), samples


def breakout_view(request: Request, query: BreakoutQuery) -> tuple[dict[str, Any], list[float]]:
    """The breakout JSON contract and the first-quantity samples, cached per query."""
    record = record_of(request)
    cache = request.app.state.caches["breakout"]
    # The record object changes when the user's additions change: part of the key.
    key = (id(record), query)
    result: tuple[dict[str, Any], list[float]] = cache.get_or_compute(
        key, lambda: breakout_result(record, query)
    )
    return result


def breakout_json_key(record: Record, query: BreakoutQuery) -> tuple[Any, ...]:
    """The key of a breakout document in the JSON caches (shared with warming)."""
    return ("breakout", id(record), query)


def history_view(
    request: Request,
    quantity: str,
    model: str,
    machines: str,
    samples: int,
    start: dt.date | None,
    end: dt.date,
) -> list[dict[str, Any]]:
    """Rows of the breakout history (cached)."""
    key = ("history", id(record_of(request)), quantity, model, machines, samples, start, end)

    def compute() -> list[dict[str, Any]]:
        from lockstep.assessment import history, history_rows

        options = BreakoutQuery(
            as_of=end, quantity=quantity, model=model, machines=machines, samples=samples
        ).options()
        import dataclasses

        options = dataclasses.replace(options, sensitivity=False)
        return history_rows(history(options, start=start, end=end, record=record_of(request)))

    rows: list[dict[str, Any]] = request.app.state.caches["breakout"].get_or_compute(key, compute)
    return rows


def _site_names() -> list[str]:
    from lockstep.assessment import KNOWN_SITES, SITE_ALIASES

    return ["", *KNOWN_SITES, *SITE_ALIASES]


def _names(kind: str) -> list[str]:
    from lockstep.physics import breakout

    return list(getattr(breakout, kind))


Quantity = Annotated[
    str,
    enum_query("wgu25 (25 kg of 90 %) or iaea-sq (25 kg U-235).", _names("QUANTITIES")),
]
Model = Annotated[
    str,
    enum_query(
        "Breakout model: ensemble (default), swu-budget or batch-recycle (docs/breakout.md).",
        _names("MODELS"),
    ),
]
SwuOutput = Annotated[
    float | None,
    Query(ge=0.1, le=100, description="Central output of this model [SWU per machine-year]."),
]
Machines = Annotated[
    Literal["enriching", "installed"],
    Query(description="Machines counted: enriching or installed."),
]


@router.get("/breakout", summary="Breakout at a date, P10/P50/P90")
async def get_breakout(
    request: Request,
    as_of: Annotated[str | None, date_query("Date (default today).")] = None,
    quantity: Quantity = "wgu25",
    model: Model = "ensemble",
    machines: Machines = "enriching",
    site: Annotated[
        str, enum_query("Only this site's machines (empty: all sites).", _site_names())
    ] = "",
    samples: Annotated[
        int, Query(ge=1, description="Monte Carlo samples (capped by the server).")
    ] = 10_000,
    seed: Annotated[
        int, Query(ge=0, le=2**63 - 1, description="Random seed: same seed, same numbers.")
    ] = 0,
    assume_last_known: Annotated[
        bool, Query(description="After June 2025, assume the last known state (labelled).")
    ] = False,
    effectiveness: Annotated[
        float | None,
        Query(ge=0.05, le=1, description="Central cascade effectiveness, 0.05 to 1."),
    ] = None,
    setup_days: Annotated[
        float | None, Query(ge=0, le=365, description="Central set-up days per step.")
    ] = None,
    swu_ir1: SwuOutput = None,
    swu_ir2m: SwuOutput = None,
    swu_ir4: SwuOutput = None,
    swu_ir6: SwuOutput = None,
) -> Response:
    """Return the keys of ``lockstep breakout --json`` (docs/breakout.md).

    ``status`` is ``ok`` or ``unknown`` (after June 2025 unless ``assume_last_known``).
    """
    settings = settings_of(request)
    query = BreakoutQuery(
        as_of=parse_day(as_of, "as_of", today()),
        quantity=quantity,
        model=model,
        machines=machines,
        site=site,
        samples=capped(samples, settings.max_samples, "samples"),
        seed=seed,
        assume_last_known=assume_last_known,
        effectiveness=effectiveness,
        setup_days=setup_days,
        swu_ir1=swu_ir1,
        swu_ir2m=swu_ir2m,
        swu_ir4=swu_ir4,
        swu_ir6=swu_ir6,
    )
    record = record_of(request)
    # A day's default question is kept with the day's other documents (and warmed);
    # explorer questions share the smaller cache.
    default = query == BreakoutQuery(as_of=query.as_of)
    return await cached_json(
        request,
        request.app.state.caches["days" if default else "breakout"],
        breakout_json_key(record, query),
        lambda: breakout_result(record, query)[0],
    )


@router.get("/breakout/history", summary="Breakout at every IAEA report date")
def get_history(
    request: Request,
    start: Annotated[str | None, date_query("First date.", alias="from")] = None,
    end: Annotated[
        str | None, date_query("Last date (default: today, or `from` if later).", alias="to")
    ] = None,
    quantity: Quantity = "wgu25",
    model: Model = "ensemble",
    machines: Machines = "enriching",
    samples: Annotated[
        int, Query(ge=1, le=10_000, description="Samples per date (capped by the server).")
    ] = 2_000,
) -> dict[str, Any]:
    """Return the rows of ``lockstep breakout --history --json``, one per report date.

    Points after the loss of access in June 2025 are ``unknown``.
    """
    settings = settings_of(request)
    first = parse_day(start, "from") if start else None
    # Without `to` the history runs to today, or to `from` if that is later.
    last = parse_day(end, "to", max(today(), first) if first else today())
    check_order(first, last)
    rows = history_view(
        request,
        quantity,
        model,
        machines,
        capped(samples, min(settings.max_samples, 10_000), "samples"),
        first,
        last,
    )
    return {"points": rows}
