"""Briefs: a few pages on the state of the Iran nuclear file at a date, as HTML or PDF.

The brief gathers the library's answers (state, breakout, compliance, a recommended
synchronized return plan) with the key charts and the source of every figure. HTML is
a self-contained file; PDF is rendered from the same HTML by WeasyPrint, with no
display or browser.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from lockstep import __version__
from lockstep.errors import DomainError


def brief_context(as_of: dt.date, db: str | None = None, samples: int = 5_000) -> dict[str, Any]:
    """Everything a brief shows, computed once.

    Parameters
    ----------
    as_of
        Date of the brief.
    db
        Store URL (default: the user's database).
    samples
        Monte Carlo samples of the breakout estimate [count].
    """
    import dataclasses

    from lockstep.assessment import BreakoutOptions, assess_state, history, history_rows, payload
    from lockstep.record import load_record, state_at, state_to_dict
    from lockstep.report.charts import Band, Rule, Series, line_chart
    from lockstep.report.series import milestone_markers, stock_series

    record = load_record(db=db)
    state = state_at(as_of, record)
    options = dataclasses.replace(BreakoutOptions(), samples=samples, sensitivity=False)
    breakout = payload(assess_state(state, options))
    estimate = None
    if breakout["status"] == "unknown":
        assumed = dataclasses.replace(options, assume_last_known=True)
        estimate = payload(assess_state(state, assumed))
    markers = milestone_markers()
    stocks, _ = stock_series(record)
    points = history_rows(
        history(dataclasses.replace(options, samples=2_000), end=as_of, record=record)
    )
    days = [dt.date.fromisoformat(p["as_of"]) for p in points]
    charts = {
        "stock": line_chart(
            "brief-stock",
            "Enriched uranium stockpile (kg U, log scale)",
            "IAEA figures at each report: total (dashed) and bands, with the JCPOA cap.",
            stocks,
            rules=[Rule(202.8, "JCPOA cap 202.8 kg U")],
            markers=markers,
            y_log=True,
            y_min=1.0,
            y_label="kg U",
        ),
        "breakout": line_chart(
            "brief-breakout",
            "Breakout: days to 25 kg of 90 % uranium (P50 and P10–P90; log scale)",
            "Breakout at every IAEA report date (swu-budget model); unknown after June 2025.",
            [Series("P50", days, [p["first_quantity_days_p50"] for p in points])],
            bands=[
                Band(
                    "P10–P90",
                    days,
                    [p["first_quantity_days_p10"] for p in points],
                    [p["first_quantity_days_p90"] for p in points],
                )
            ],
            rules=[Rule(365, "12-month benchmark")],
            markers=markers,
            y_log=True,
            y_label="days",
        ),
    }
    state_json = state_to_dict(state)
    sources = sorted(
        {
            (s["source"], s.get("source_url"))
            for s in [*state_json["stocks"], state_json.get("total") or {}]
            if s and s.get("source")
        },
        key=lambda item: item[0],
    )
    context: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "generated": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "version": __version__,
        "state": state_json,
        "breakout": breakout,
        "estimate": estimate,
        "history": points,
        "charts": charts,
        "sources": sources,
        "record": record,
        "db": db,
    }
    context["compliance"] = _compliance(record, as_of)
    context["plan"] = _plan(as_of)
    return context


def _compliance(record: Any, as_of: dt.date) -> dict[str, Any]:
    """Counts by party and the breached, suspended and disputed findings."""
    from lockstep.agreement import load_agreement
    from lockstep.compliance import evaluate, findings_to_dict
    from lockstep.compliance.model import STATUSES

    body = findings_to_dict(evaluate(load_agreement("jcpoa"), record, as_of), as_of)
    notable = [f for f in body["findings"] if f["status"] in ("breached", "suspended", "disputed")]
    return {"summary": body["summary"], "statuses": STATUSES, "notable": notable}


def render_html(context: dict[str, Any]) -> str:
    """The brief as one self-contained HTML document."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("lockstep.report", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda v, d=1: "–" if v is None else f"{v:,.{d}f}"
    return env.get_template("brief.html").render(**context)


def write_brief(as_of: dt.date, path: str | Path, db: str | None = None) -> Path:
    """Write the brief to ``path`` (``.html`` or ``.pdf``), atomically.

    Raises
    ------
    DomainError
        If the suffix is neither ``.html`` nor ``.pdf``.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise DomainError("-o", f"a file name ending in .html or .pdf (got '{target.name}')")
    html = render_html(brief_context(as_of, db=db))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    os.close(handle)
    try:
        if suffix == ".pdf":
            from weasyprint import HTML

            HTML(string=html).write_pdf(temp)
        else:
            Path(temp).write_text(html, encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return target


def _plan(as_of: dt.date) -> dict[str, Any]:
    """The optimized synchronized return from the state on ``as_of`` (default catalogue)."""
    from lockstep.roadmap import problem_for, recommended_plan

    problem = problem_for("default", as_of, tranches=True)
    plan = recommended_plan(problem)
    body = plan.to_json()
    titles = {m.id: m.spec.title for m in problem.measures}
    for row in body["schedule"]:
        row["title"] = titles.get(row["measure"], row["id"])
    if plan.feasible and body["t_full_days"] is not None:
        exposure = body["exposure"]
        summary = (
            f"Recommended synchronized return: the tightest reciprocity bound that delays "
            f"full compliance by at most two weeks (CP-SAT, τ = {body['tau']} points, σ_US = "
            f"{body['sigma']['us']}, σ_IR = {body['sigma']['iran']}; {body['lens']} lens) from "
            f"the state on {as_of.isoformat()}: full mutual compliance on day "
            f"{body['t_full_days']}, Iran's last step on day {body['iran_done_day']}, peak "
            f"exposure Iran {exposure['iran']} / US {exposure['us']} points. Measures, values "
            "and lags are the default catalogue's (docs/roadmap.md), each sourced or marked "
            "as a judgement."
        )
    else:
        summary = f"No synchronized plan meets the bounds: {body['reason']}"
    return {**body, "summary": summary}
