"""``/api/breakout``: breakout at a date with uncertainty, and its history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lockstep.web.cache import cached_json
from lockstep.web.deps import capped, parse_day, record_of, settings_of, today

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


def breakout_view(request: Request, query: BreakoutQuery) -> tuple[dict[str, Any], list[float]]:
    """The breakout JSON contract and the first-quantity samples, cached per query."""

    def compute() -> tuple[dict[str, Any], list[float]]:
        from lockstep.assessment import assess_state, payload
        from lockstep.record import state_at

        assessment = assess_state(state_at(query.as_of, record_of(request)), query.options())
        samples = (
            [float(x) for x in assessment.result.first_quantity_samples]
            if assessment.result is not None
            else []
        )
        return payload(assessment), samples

    cache = request.app.state.caches["breakout"]
    # The record object changes when the user's additions change: part of the key.
    key = (id(record_of(request)), query)
    result: tuple[dict[str, Any], list[float]] = cache.get_or_compute(key, compute)
    return result


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


Quantity = Annotated[str, Query(description="wgu25 (25 kg of 90 %) or iaea-sq (25 kg U-235).")]
Model = Annotated[str, Query(description="ensemble (default), swu-budget or batch-recycle.")]
Machines = Annotated[
    Literal["enriching", "installed"],
    Query(description="Machines counted: enriching or installed."),
]


@router.get("/breakout", summary="Breakout at a date, P10/P50/P90")
async def get_breakout(
    request: Request,
    as_of: Annotated[str | None, Query(description="Date YYYY-MM-DD (default today).")] = None,
    quantity: Quantity = "wgu25",
    model: Model = "ensemble",
    machines: Machines = "enriching",
    site: Annotated[str, Query(description="Only this site's machines (e.g. fordow).")] = "",
    samples: Annotated[
        int, Query(description="Monte Carlo samples (capped by the server).")
    ] = 10_000,
    seed: Annotated[int, Query(ge=0, description="Random seed: same seed, same numbers.")] = 0,
    assume_last_known: Annotated[
        bool, Query(description="After June 2025, assume the last known state (labelled).")
    ] = False,
    effectiveness: Annotated[
        float | None, Query(description="Central cascade effectiveness, 0 < x <= 1.")
    ] = None,
    setup_days: Annotated[float | None, Query(description="Central set-up days per step.")] = None,
    swu_ir1: Annotated[float | None, Query(description="Central IR-1 output [SWU/yr].")] = None,
    swu_ir2m: Annotated[float | None, Query(description="Central IR-2m output [SWU/yr].")] = None,
    swu_ir4: Annotated[float | None, Query(description="Central IR-4 output [SWU/yr].")] = None,
    swu_ir6: Annotated[float | None, Query(description="Central IR-6 output [SWU/yr].")] = None,
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
    return await cached_json(
        request.app.state.caches["breakout"],
        ("api", id(record_of(request)), query),
        lambda: breakout_view(request, query)[0],
    )


@router.get("/breakout/history", summary="Breakout at every IAEA report date")
def get_history(
    request: Request,
    start: Annotated[str | None, Query(alias="from", description="First date.")] = None,
    end: Annotated[str | None, Query(alias="to", description="Last date (default today).")] = None,
    quantity: Quantity = "wgu25",
    model: Model = "ensemble",
    machines: Machines = "enriching",
    samples: Annotated[int, Query(description="Samples per date (capped).")] = 2_000,
) -> dict[str, Any]:
    """Return the rows of ``lockstep breakout --history --json``, one per report date.

    Points after the loss of access in June 2025 are ``unknown``.
    """
    settings = settings_of(request)
    rows = history_view(
        request,
        quantity,
        model,
        machines,
        capped(samples, min(settings.max_samples, 10_000), "samples"),
        parse_day(start, "from") if start else None,
        parse_day(end, "to", today()),
    )
    return {"points": rows}
