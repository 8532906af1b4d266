"""Breakout explorer: change assumptions and see the distribution update."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from lockstep.web.pages.common import page_reason as _page_reason
from lockstep.web.pages.common import render

router = APIRouter(include_in_schema=False)

#: Slider settings: (parameter, label, minimum, maximum, step, default central value).
SLIDERS: tuple[tuple[str, str, float, float, float, float], ...] = (
    ("effectiveness", "Cascade effectiveness", 0.3, 1.0, 0.05, 0.65),
    ("setup_days", "Set-up days per step", 0.0, 30.0, 1.0, 7.0),
    ("swu_ir1", "IR-1 output [SWU/yr]", 0.3, 2.0, 0.05, 0.75),
    ("swu_ir2m", "IR-2m output [SWU/yr]", 1.0, 8.0, 0.1, 4.0),
    ("swu_ir4", "IR-4 output [SWU/yr]", 1.0, 8.0, 0.1, 3.5),
    ("swu_ir6", "IR-6 output [SWU/yr]", 1.0, 10.0, 0.1, 4.5),
)


def _float(value: str | None) -> float | None:
    from lockstep.errors import DomainError

    if value is None or value == "":
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise DomainError("slider", f"a number (got '{value}')") from exc


def _context(request: Request, params: dict[str, str]) -> dict[str, Any]:
    from lockstep.physics.breakout import swu_distribution
    from lockstep.report.charts import Marker, histogram_chart
    from lockstep.web.api.breakout import BreakoutQuery, breakout_view
    from lockstep.web.deps import capped, parse_day, record_of, settings_of, today

    settings = settings_of(request)
    # Default to the latest IAEA figures: after the loss of access "today" is unknown.
    dates = record_of(request).report_dates()
    day = parse_day(params.get("as_of"), "as_of", dates[-1] if dates else today())
    sliders = []
    values: dict[str, float | None] = {}
    for name, label, low, high, step, default in SLIDERS:
        if name.startswith("swu_"):
            model = {"swu_ir1": "IR-1", "swu_ir2m": "IR-2m", "swu_ir4": "IR-4", "swu_ir6": "IR-6"}
            default = swu_distribution(model[name]).mode
        value = _float(params.get(name))
        values[name] = value
        sliders.append(
            {
                "name": name,
                "label": label,
                "min": low,
                "max": high,
                "step": step,
                "value": default if value is None else value,
            }
        )
    query = BreakoutQuery(
        as_of=day,
        quantity=params.get("quantity") or "wgu25",
        model=params.get("model") or "ensemble",
        machines=params.get("machines") or "enriching",
        site=params.get("site") or "",
        samples=capped(int(params.get("samples") or 10_000), settings.max_samples, "samples"),
        seed=int(params.get("seed") or 0),
        assume_last_known=params.get("assume_last_known") in ("on", "true", "1"),
        **values,
    )
    from lockstep.errors import LockstepError

    try:
        body, samples = breakout_view(request, query)
    except LockstepError as exc:
        # Before the record holds machines or stocks the answer is unknown, not an error.
        body = {
            "status": "unknown",
            "as_of": day.isoformat(),
            "reason": _page_reason(exc),
            "notes": [],
            "inputs": {},
            "assumptions": {},
        }
        samples = []
    first = body.get("first_quantity_days") or {}
    chart = None
    if body["status"] == "ok" and samples:
        chart = histogram_chart(
            "breakout-histogram",
            "Days to the first quantity",
            f"Distribution of {len(samples):,} Monte Carlo samples of the days to the first "
            f"quantity on {day.isoformat()}; P10 {first['p10']:.1f}, P50 {first['p50']:.1f}, "
            f"P90 {first['p90']:.1f} days.",
            samples,
            markers=[
                Marker(first["p10"], "P10"),
                Marker(first["p50"], "P50"),
                Marker(first["p90"], "P90"),
            ],
            x_label="days",
        )
    return {
        "b": body,
        "q": query,
        "as_of": day.isoformat(),
        "sliders": sliders,
        "histogram": chart,
        "max_samples": settings.max_samples,
    }


@router.get("/breakout", response_class=HTMLResponse)
def breakout_page(request: Request) -> HTMLResponse:
    """The breakout explorer."""
    return render(request, "breakout.html", **_context(request, dict(request.query_params)))


@router.get("/fragments/breakout", response_class=HTMLResponse)
def breakout_fragment(request: Request) -> HTMLResponse:
    """The explorer's result region."""
    return render(request, "breakout_body.html", **_context(request, dict(request.query_params)))
