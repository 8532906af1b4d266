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
from lockstep.errors import DomainError, LockstepError
from lockstep.physics.units import JCPOA_STOCKPILE_CAP_KG_U


def brief_context(
    as_of: dt.date, db: str | None = None, samples: int = 5_000, plan: bool = True
) -> dict[str, Any]:
    """Everything a brief shows, computed once.

    Parameters
    ----------
    as_of
        Date of the brief.
    db
        Store URL (default: the user's database).
    samples
        Monte Carlo samples of the breakout estimate [count].
    plan
        Whether to compute the return roadmap (CP-SAT, seconds); without it the brief
        has no roadmap section.
    """
    import dataclasses

    from lockstep.assessment import BreakoutOptions, assess_state, history, history_rows, payload
    from lockstep.record import load_record, state_at, state_to_dict
    from lockstep.report.story import breakout_chart, stock_chart

    record = load_record(db=db)
    state = state_at(as_of, record)
    options = dataclasses.replace(BreakoutOptions(), samples=samples, sensitivity=False)
    breakout: dict[str, Any]
    estimate = None
    try:
        breakout = payload(assess_state(state, options))
    except LockstepError as exc:
        # Before the record holds machines or stocks breakout is unknown, not an error.
        breakout = {"status": "unknown", "reason": " ".join(str(exc).split()).split("; add ")[0]}
    if breakout["status"] == "unknown" and "reason" not in breakout:
        assumed = dataclasses.replace(options, assume_last_known=True)
        estimate = payload(assess_state(state, assumed))
    points = history_rows(
        history(dataclasses.replace(options, samples=2_000), end=as_of, record=record)
    )
    # A brief about a past date says so on its charts ("as of"); today's needs no mark.
    past = as_of < dt.datetime.now(dt.UTC).date()
    charts = {
        "stock": stock_chart(record, as_of, "brief-stock", mark_end=past),
        "breakout": breakout_chart(
            record,
            points,
            as_of,
            "brief-breakout",
            labels=True,
            mark_end=past,
            model=options.model,
        ),
    }
    state_json = state_to_dict(state)
    context: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "as_of_words": f"{as_of.day} {as_of.strftime('%B')} {as_of.year}",
        "generated": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "version": __version__,
        "state": state_json,
        "breakout": breakout,
        "estimate": estimate,
        "history": points,
        "charts": {name: _figure(chart) for name, chart in charts.items()},
        "record": record,
        "db": db,
    }
    context["compliance"] = _compliance(record, as_of)
    context["plan"] = _plan(as_of) if plan else None
    context["sources"] = _sources(context, record, as_of)
    return context


def _figure(chart: Any) -> dict[str, str]:
    """A chart as a static SVG image (vl-convert) with its title and description."""
    import base64

    svg = chart.svg()
    return {
        "title": chart.title,
        "description": chart.description,
        "svg": svg,
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
    }


def _host(url: str | None) -> str:
    from urllib.parse import urlparse

    return (urlparse(url).hostname or "").removeprefix("www.") if url else ""


def _sources(context: dict[str, Any], record: Any, as_of: dt.date) -> list[dict[str, str]]:
    """Every document a figure, finding, milestone or plan step of the brief rests on."""
    from lockstep.report.series import STORY_EVENTS

    state = context["state"]
    cited: dict[tuple[str, str], set[str]] = {}

    def cite(document: Any, url: Any, what: str) -> None:
        if not document and not url:
            return
        document = str(document or url)
        if document.startswith("http") and url:
            document = _host(str(url))
        cited.setdefault((document, str(url or "")), set()).add(what)

    for stock in [state.get("total"), *state.get("stocks", [])]:
        if stock:
            cite(stock.get("source"), stock.get("source_url"), "stocks")
    for machine in state.get("centrifuges", []):
        cite(machine.get("source"), machine.get("source_url"), "centrifuges")
    for finding in context["compliance"]["notable"]:
        for evidence in finding.get("evidence") or []:
            cite(evidence.get("source"), evidence.get("url"), "compliance findings")
    events = {e.id: e for e in record.events}
    for event_id, _ in STORY_EVENTS:
        event = events.get(event_id)
        if event is not None and event.date <= as_of:
            cite(event.source.document, event.source.url, "events on the charts")
    rows = [
        {"document": doc, "url": url, "host": _host(url), "used_for": ", ".join(sorted(uses))}
        for (doc, url), uses in cited.items()
    ]
    return sorted(rows, key=lambda r: r["document"].lower())


def _compliance(record: Any, as_of: dt.date) -> dict[str, Any]:
    """Counts by party and the breached, suspended and disputed findings."""
    from lockstep.agreement import load_agreement
    from lockstep.compliance import evaluate, findings_to_dict
    from lockstep.compliance.model import STATUSES
    from lockstep.report import labels

    body = findings_to_dict(evaluate(load_agreement("jcpoa"), record, as_of), as_of)
    notable = [f for f in body["findings"] if f["status"] in ("breached", "suspended", "disputed")]
    for finding in notable:
        finding["label"] = labels.obligation(finding["obligation"])
        finding["party_name"] = labels.party(finding["party"])
        finding["words"] = labels.finding(finding)
    # Key findings: the breaches furthest over their limits, then the other breaches.
    key = sorted(
        (f for f in notable if f["status"] == "breached"),
        key=lambda f: (-(f.get("ratio") or 0), f.get("since") or ""),
    )[:6]
    return {
        "summary": body["summary"],
        "party_names": {p: labels.party(p) for p in body["summary"]},
        "statuses": STATUSES,
        "notable": notable,
        "key": key,
    }


def render_html(context: dict[str, Any]) -> str:
    """The brief as one self-contained HTML document."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("lockstep.report", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from lockstep.report.labels import after_months, band, in_words, plain

    env.filters["num"] = lambda v, d=1: "–" if v is None else f"{v:,.{d}f}"
    env.globals["jcpoa_cap_kg_u"] = JCPOA_STOCKPILE_CAP_KG_U
    env.filters["band"] = band
    env.filters["in_words"] = in_words
    env.filters["words"] = plain
    env.filters["after_months"] = after_months
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
    """The recommended synchronized return from the state on ``as_of``.

    The measures are generated from the gap between the record's state on the brief's
    date and the JCPOA (as ``lockstep plan`` and the planner page do by default), so the
    roadmap holds no step for a fact that came later (the 2025 strikes, snapback). A date
    with no gap has no roadmap, and says why.
    """
    from lockstep.roadmap import problem_for, recommended_plan

    try:
        problem = problem_for(None, as_of, tranches=True)
    except LockstepError as exc:
        return {"schedule": [], "summary": f"No return roadmap: {exc}.", "feasible": False}
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
            f"exposure Iran {exposure['iran']} / US {exposure['us']} points. The measures are "
            "those the gap between the state on that date and the JCPOA requires; values and "
            "lags are the packaged ones (docs/roadmap.md), each sourced or marked as a "
            "judgement."
        )
    else:
        summary = f"No synchronized plan meets the bounds: {body['reason']}"
    return {**body, "summary": summary}
