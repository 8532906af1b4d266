"""Jinja2 environment of the dashboard: templates in the package, formatting filters."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from lockstep.physics.units import JCPOA_STOCKPILE_CAP_KG_U


def _number(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int | float):
        return f"{value:,.{digits}f}"
    return str(value)


def _percent(value: Any, digits: int = 2) -> str:
    """Format a fraction as percent (the web edge shows assays in %)."""
    if value is None:
        return "–"
    return f"{float(value) * 100:.{digits}f} %"


def _date(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _long_date(value: Any) -> str:
    """A date as people write it (14 July 2015)."""
    if value is None or value == "":
        return "–"
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _status(value: Any) -> Markup:
    text = str(value or "unknown")
    return Markup('<span class="status status-{0}">{1}</span>').format(
        text.replace(" ", "_"), text.replace("_", " ")
    )


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The shared template renderer."""
    env = Environment(
        loader=PackageLoader("lockstep.web", "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _number
    env.filters["pct"] = _percent
    env.filters["date"] = _date
    env.filters["status"] = _status
    env.filters["longdate"] = _long_date
    from lockstep.report.labels import after_months, in_words, label, line_runs, number, plain

    env.filters["label"] = label
    env.filters["words"] = plain
    env.filters["in_words"] = in_words
    env.filters["after_months"] = after_months
    env.filters["line_runs"] = line_runs
    env.filters["rounded"] = number
    from lockstep.web.pages.vendor import bundle_path

    env.globals["vega_script"] = bundle_path
    env.globals["jcpoa_cap_kg_u"] = JCPOA_STOCKPILE_CAP_KG_U
    return Jinja2Templates(env=env)
