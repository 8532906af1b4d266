"""Charts as Vega-Lite specifications built with Altair, for the pages and the briefs.

A :class:`Chart` holds one Vega-Lite spec with an accessible title and description.
Pages embed the spec as a JSON data block that ``static/charts.js`` hands to Vega-Embed
(served from the package, see :mod:`lockstep.web.pages.vendor`), which draws it with
tooltips, x-axis zoom (shift + wheel) and the width of its container. Briefs render the
same spec to static SVG with vl-convert, so a page and a brief never draw a quantity two
ways. Callers also show the data as a table.

The builders take small neutral records (:class:`Series`, :class:`Band`, :class:`Marker`,
:class:`Rule`, :class:`Lane`, :class:`Interval`) so that no caller touches Altair.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import textwrap
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

#: Colour-blind-safe palette (Okabe & Ito, 2008) for data series.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#999999")
#: Colours of compliance statuses in swimlanes.
STATUS_COLORS: Mapping[str, str] = {
    "complies": "#009E73",
    "breached": "#D55E00",
    "suspended": "#E69F00",
    "disputed": "#CC79A7",
    "unknown": "#9E9E9E",
    "not_in_force": "#E0E0E0",
    "expired": "#BDBDBD",
}
#: Width [px] a chart is drawn at where no container gives one (briefs, SVG export).
STATIC_WIDTH = 720
#: Font of static charts (the briefs' body font; packaged with Debian's fonts-dejavu).
STATIC_FONT = "DejaVu Sans"
#: Start of every timeline chart: the Joint Plan of Action (24 November 2013).
TIMELINE_START = dt.date(2013, 11, 1)

X = float | dt.date


@dataclass(frozen=True)
class Series:
    """A data series: ``y`` may hold None for gaps."""

    name: str
    x: Sequence[X]
    y: Sequence[float | None]
    color: str | None = None
    dashed: bool = False
    step: bool = False


@dataclass(frozen=True)
class Band:
    """A shaded range between ``low`` and ``high`` (e.g. P10-P90)."""

    name: str
    x: Sequence[X]
    low: Sequence[float | None]
    high: Sequence[float | None]
    color: str = "#0072B2"


@dataclass(frozen=True)
class Marker:
    """A vertical line at ``x`` with a short label (milestones, key events)."""

    x: X
    label: str
    detail: str = ""


@dataclass(frozen=True)
class Rule:
    """A horizontal line at ``y`` with a label (limits such as the JCPOA cap)."""

    y: float
    label: str
    color: str = "#D55E00"


@dataclass(frozen=True)
class Interval:
    """A coloured span on a lane (swimlanes, Gantt bars)."""

    start: X
    end: X
    status: str
    tooltip: str = ""


@dataclass(frozen=True)
class Lane:
    """One row of a swimlane or Gantt chart."""

    label: str
    intervals: Sequence[Interval]
    group: str = ""


@dataclass(frozen=True)
class Chart:
    """One chart: a Vega-Lite spec with its accessible title and description.

    Parameters
    ----------
    id
        Unique id of the chart in its page.
    title, description
        Accessible name and a one-sentence description of what the chart shows.
    spec
        Vega-Lite specification (``width`` is ``"container"`` on pages).
    min_width
        Narrowest width [px] at which the chart stays legible; narrower screens scroll it
        inside its own container.
    """

    id: str
    title: str
    description: str
    spec: dict[str, Any] = field(repr=False)
    min_width: int = 0

    def __html__(self) -> str:
        """The chart as an accessible figure with its spec as a JSON data block."""
        spec = json.dumps(self.spec, separators=(",", ":"), default=_json_default)
        # A JSON data block is not a script (CSP does not apply); '</' cannot end it early.
        spec = spec.replace("</", "<\\/")
        wide = " chart-wide" if self.min_width >= 560 else ""
        head = Markup(
            '<figure class="chart" id="{id}" role="figure" aria-labelledby="{id}-title" '
            'aria-describedby="{id}-desc"><figcaption><span class="chart-title" '
            'id="{id}-title">{title}</span> <span class="chart-desc" id="{id}-desc">{desc}'
            '</span></figcaption><div class="chart-scroll"><div class="vega{wide}" '
            'data-spec="{id}-spec" role="img" aria-label="{title}"></div></div>'
            '<script type="application/json" id="{id}-spec">'
        ).format(id=self.id, title=self.title, desc=self.description, wide=wide)
        return "".join((str.__str__(head), spec, "</script></figure>"))

    def __str__(self) -> str:
        return self.__html__()

    def static_spec(self, width: int = STATIC_WIDTH) -> dict[str, Any]:
        """The spec with a fixed width and no interaction, for static rendering."""
        spec: dict[str, Any] = json.loads(json.dumps(self.spec, default=_json_default))
        _fix_width(spec, width)
        # vl-convert measures text with the fonts it finds: name the brief's own font, so
        # that legend labels are spaced for the glyphs drawn (system-ui is not there).
        spec["config"] = {**spec.get("config", {}), "font": STATIC_FONT}
        spec.pop("params", None)
        for layer in spec.get("layer", []):
            layer.pop("params", None)
        return spec

    def svg(self, width: int = STATIC_WIDTH) -> str:
        """The chart as a standalone SVG document (vl-convert; no browser) with a title."""
        import vl_convert

        svg = vl_convert.vegalite_to_svg(self.static_spec(width))
        # Screen readers: the image's name and description travel with the SVG.
        head, _, rest = svg.partition(">")
        return (
            f'{head} role="img" aria-label="{_attr(self.title)}">'
            f"<title>{_text(self.title)}</title><desc>{_text(self.description)}</desc>{rest}"
        )


def _fix_width(spec: dict[str, Any], width: int) -> None:
    if spec.get("width") == "container":
        spec["width"] = width
    for key in ("vconcat", "layer"):
        for part in spec.get(key, []):
            _fix_width(part, width)
    spec.pop("autosize", None)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _x(value: X) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else float(value)


def _is_date(values: Sequence[X]) -> bool:
    return any(isinstance(v, dt.date) for v in values)


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


#: Rows of the chart being built, by dataset name (one chart per thread at a time).
_PENDING = threading.local()


def _data(rows: Sequence[Mapping[str, Any]]) -> Any:
    """A named dataset for a layer; the rows join the spec in :func:`_spec`.

    Altair would wrap every inline row in schema objects (most of a page's build time);
    a name keeps the rows as plain JSON.
    """
    import altair as alt

    values = [dict(r) for r in rows]
    text = json.dumps(values, sort_keys=True, default=_json_default)
    name = "data-" + hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
    pending: dict[str, list[dict[str, Any]]] = getattr(_PENDING, "datasets", None) or {}
    pending[name] = values
    _PENDING.datasets = pending
    return alt.NamedData(name=name)


#: Characters per line of a Gantt label written above its bars (fits 390 px at 11 px).
LABEL_WRAP_CHARS = 52

#: Look of every chart (Vega-Lite config): system font, readable axis and legend text.
CONFIG: dict[str, Any] = {
    "font": "system-ui, -apple-system, Segoe UI, sans-serif",
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "labelColor": "#444"},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom"},
    "view": {"stroke": None},
}


def _spec(chart: Any, description: str) -> dict[str, Any]:
    """The Vega-Lite dict of an Altair chart, as wide as its container."""
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec["datasets"] = {**spec.get("datasets", {}), **getattr(_PENDING, "datasets", {})}
    _PENDING.datasets = {}
    spec["config"] = CONFIG
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec["description"] = description
    return spec


def _x_encoding(dates: bool, title: str, domain: tuple[X, X] | None) -> Any:
    import altair as alt

    scale: dict[str, Any] = {}
    if domain is not None:
        scale["domain"] = [_x(domain[0]), _x(domain[1])]
    if dates:
        return alt.X(
            "x:T",
            title=title or None,
            scale=alt.Scale(type="utc", **scale),
            axis=alt.Axis(format="%Y", labelOverlap=True, tickCount="year"),
        )
    return alt.X("x:Q", title=title or None, scale=alt.Scale(nice=False, **scale))


def _x_tooltip(dates: bool, title: str) -> Any:
    import altair as alt

    if dates:
        return alt.Tooltip("x:T", title="date", format="%d %b %Y", formatType="utc")
    return alt.Tooltip("x:Q", title=title or "x", format=",.0f")


def _marker_layers(markers: Sequence[Marker], dates: bool, labelled: bool = True) -> list[Any]:
    """Vertical rules at the markers, with their labels written along them."""
    import altair as alt

    if not markers:
        return []
    data = _data([{"x": _x(m.x), "label": m.label, "detail": m.detail or m.label} for m in markers])
    x = alt.X("x:T" if dates else "x:Q")
    tooltip = [
        alt.Tooltip("label:N", title="event"),
        alt.Tooltip("detail:N", title="what happened"),
    ]
    if dates:
        tooltip.append(_x_tooltip(True, ""))
    base = alt.Chart(data).encode(x=x, tooltip=tooltip)
    layers = [base.mark_rule(color="#777", strokeDash=[2, 3])]
    if labelled:
        layers.append(
            base.mark_text(
                angle=270,
                align="right",
                baseline="bottom",
                dx=-4,
                dy=-2,
                fontSize=10,
                color="#333",
            ).encode(y=alt.value(0), text="label:N")
        )
    return layers


def _rule_layers(rules: Sequence[Rule]) -> list[Any]:
    """Horizontal limit lines with their labels at the left end."""
    import altair as alt

    layers: list[Any] = []
    for rule in rules:
        base = alt.Chart(_data([{"y": rule.y, "label": rule.label}])).encode(
            y=alt.Y("y:Q"), tooltip=[alt.Tooltip("label:N", title="limit")]
        )
        layers.append(base.mark_rule(color=rule.color, strokeDash=[5, 3]))
        layers.append(
            base.mark_text(
                align="left", baseline="bottom", dx=4, dy=-2, color=rule.color, fontSize=11
            ).encode(x=alt.value(0), text="label:N")
        )
    return layers


def _zoom() -> Any:
    """Zoom and pan along x; plain wheel scrolls the page, shift + wheel zooms."""
    import altair as alt

    return alt.selection_interval(bind="scales", encodings=["x"], zoom="wheel![event.shiftKey]")


def _no_data() -> Any:
    import altair as alt

    return (
        alt.Chart(_data([{"t": "No data"}]))
        .mark_text(fontSize=13, color="#666")
        .encode(text="t:N", x=alt.value(150), y=alt.value(60))
    )


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[Series],
    *,
    bands: Sequence[Band] = (),
    markers: Sequence[Marker] = (),
    rules: Sequence[Rule] = (),
    y_label: str = "",
    x_label: str = "",
    y_log: bool = False,
    y_min: float | None = None,
    y_max: float | None = None,
    x_domain: tuple[X, X] | None = None,
    height: int = 300,
    min_width: int = 0,
    zoom: bool = True,
    marker_labels: bool = True,
    y_extent: int | None = None,
) -> Chart:
    """Line or step chart with optional bands, markers and rules.

    Parameters
    ----------
    chart_id
        Unique id of the chart in its page.
    title, description
        Accessible title and a one-sentence description of what the chart shows.
    series
        Data series, one line each (colour and dash from the series).
    bands
        Shaded ranges (e.g. P10-P90).
    markers
        Vertical lines with labels (events), written along the line.
    rules
        Horizontal lines with labels (limits).
    y_log
        Logarithmic y axis (values <= 0 are left out).
    x_domain
        Span of the x axis; timelines share one (from :data:`TIMELINE_START`).
    height
        Height of the plot [px].
    min_width
        Narrowest legible width [px]; narrower screens scroll the chart.
    zoom
        Zoom and pan along x (shift + wheel, drag).
    marker_labels
        Write the markers' labels along their lines (otherwise hover only).
    y_extent
        Width [px] kept for the y axis, so that charts stacked on one page line up their
        x axes.
    """
    import altair as alt

    xs = [x for s in series for x in s.x] + [x for b in bands for x in b.x]
    dates = _is_date(xs) or (x_domain is not None and isinstance(x_domain[0], dt.date))

    def shown(v: float | None) -> bool:
        return v is not None and math.isfinite(v) and (not y_log or v > 0)

    # A point without a value stays as a null: the line breaks there (a report that
    # gives no figure) instead of joining its neighbours across the gap.
    rows = [
        {"series": s.name, "x": _x(x), "y": y if shown(y) else None}
        for s in series
        for x, y in zip(s.x, s.y, strict=True)
    ]
    if not any(r["y"] is not None for r in rows):
        rows = []
    scale: dict[str, Any] = {"type": "log"} if y_log else {"zero": True}
    if y_min is not None or y_max is not None:
        values = [float(r["y"]) for r in rows if r["y"] is not None] + [r.y for r in rules]
        scale["domain"] = [
            y_min if y_min is not None else min(values, default=1.0),
            y_max if y_max is not None else max(values, default=1.0),
        ]
        scale["clamp"] = True
    x_enc = _x_encoding(dates, x_label, x_domain)
    axis = alt.Axis(minExtent=y_extent or alt.Undefined, maxExtent=y_extent or alt.Undefined)
    y_enc = alt.Y("y:Q", title=y_label or None, scale=alt.Scale(**scale), axis=axis)
    names = [s.name for s in series]
    color = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(
            domain=names, range=[s.color or PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]
        ),
        legend=alt.Legend(orient="bottom", columns=2, labelLimit=320) if len(names) > 1 else None,
    )
    layers: list[Any] = []
    for band in bands:
        band_rows = [
            {"x": _x(x), "low": lo, "high": hi}
            for x, lo, hi in zip(band.x, band.low, band.high, strict=True)
            if shown(lo) and shown(hi)
        ]
        layers.append(
            alt.Chart(_data(band_rows))
            .mark_area(color=band.color, opacity=0.18)
            .encode(
                x=x_enc,
                y=alt.Y("low:Q", title=y_label or None, scale=alt.Scale(**scale)),
                y2="high:Q",
                tooltip=[
                    _x_tooltip(dates, x_label),
                    alt.Tooltip("low:Q", title="P10", format=",.1f"),
                    alt.Tooltip("high:Q", title="P90", format=",.1f"),
                ],
            )
        )
    dashed = [s.name for s in series if s.dashed]
    few = len(rows) <= 400
    for step in (False, True):
        subset = [s.name for s in series if s.step == step]
        if not subset:
            continue
        encoding: dict[str, Any] = {
            "x": x_enc,
            "y": y_enc,
            "color": color,
            "tooltip": [
                alt.Tooltip("series:N"),
                _x_tooltip(dates, x_label),
                alt.Tooltip("y:Q", title=y_label or "value", format=",.1f"),
            ],
        }
        if dashed:
            encoding["strokeDash"] = alt.StrokeDash(
                "series:N",
                scale=alt.Scale(
                    domain=names, range=[[6, 4] if n in dashed else [1, 0] for n in names]
                ),
                legend=None,
            )
        layer = (
            alt.Chart(_data(rows))
            .transform_filter(alt.FieldOneOfPredicate(field="series", oneOf=subset))
            .mark_line(
                strokeWidth=2,
                interpolate="step-after" if step else "linear",
                invalid="break-paths-filter-domains",
                point=alt.OverlayMarkDef(
                    filled=True, size=18 if few else 12, opacity=1 if few else 0
                ),
            )
            .encode(**encoding)
        )
        if zoom:
            # Vega-Lite binds one zoom to the shared scales: the first line layer holds it.
            layer = layer.add_params(_zoom())
            zoom = False
        layers.append(layer)
    layers += _rule_layers(rules)
    layers += _marker_layers(markers, dates, marker_labels)
    if not rows:
        layers.append(_no_data())
    chart = alt.layer(*layers).properties(width="container", height=height)
    return Chart(chart_id, title, description, _spec(chart, description), min_width)


def lanes_chart(
    chart_id: str,
    title: str,
    description: str,
    lanes: Sequence[Lane],
    *,
    x_range: tuple[X, X] | None = None,
    colors: Mapping[str, str] = STATUS_COLORS,
    labels: Mapping[str, str] | None = None,
    markers: Sequence[Marker] = (),
    x_label: str = "",
    lane_height: int = 22,
    min_width: int = 0,
    legend_title: str | None = None,
    y_extent: int | None = None,
    labels_above: bool = False,
) -> Chart:
    """Swimlanes or a Gantt chart: one row per lane, coloured intervals by status.

    Parameters
    ----------
    lanes
        Rows, top to bottom; labels are shown in full.
    x_range
        Time span shown; defaults to the span of the intervals.
    colors
        Colour per interval status (legend entries in this order).
    labels
        Legend words per status (default: the status with spaces).
    y_extent
        Width [px] kept for the lane labels (aligns x axes across a page; longer labels
        are cut, the tooltip keeps them whole).
    labels_above
        Write each lane's label above its bars instead of beside them, so that the bars
        keep the whole width on a phone (Gantt charts).
    """
    import altair as alt

    def word(status: str) -> str:
        return (labels or {}).get(status, status.replace("_", " "))

    rows = [
        {
            "lane": lane.label,
            "x": _x(item.start),
            "x2": _x(item.end),
            "status": word(item.status),
            "tip": item.tooltip or f"{lane.label}: {word(item.status)}",
        }
        for lane in lanes
        for item in lane.intervals
    ]
    xs: list[X] = [i.start for lane in lanes for i in lane.intervals]
    dates = _is_date(xs) or (x_range is not None and isinstance(x_range[0], dt.date))
    used = [s for s in colors if any(i.status == s for lane in lanes for i in lane.intervals)]
    # Labels written above their bars wrap at word boundaries so that they stay whole on a
    # phone (about 52 characters of 11 px text fit a 390 px screen).
    wrapped = {lane.label: textwrap.fill(lane.label, LABEL_WRAP_CHARS) for lane in lanes}
    lines = max((w.count("\n") + 1 for w in wrapped.values()), default=1)
    # Shorter labels start lower (empty first lines), so every label ends above its bar.
    wrapped = {k: "\n" * (lines - 1 - w.count("\n")) + w for k, w in wrapped.items()}
    if labels_above:
        # Lines of 14 px above a 12 px bar, with a gap to the next lane.
        lane_height = max(lane_height, 24 + 14 * lines)
    y_axis = alt.Axis(
        labels=not labels_above,
        labelLimit=y_extent - 8 if y_extent else 0,
        labelFontSize=11,
        ticks=False,
        domain=False,
        minExtent=y_extent or alt.Undefined,
        maxExtent=y_extent or alt.Undefined,
    )
    lane_y = alt.Y("lane:N", title=None, sort=[lane.label for lane in lanes], axis=y_axis)
    bars = (
        alt.Chart(_data(rows))
        .mark_bar(
            cornerRadius=1,
            height=12 if labels_above else alt.RelativeBandSize(0.75),
            # Above: the bar at the bottom of its lane, under the label's lines.
            yOffset=lane_height / 2 - 8 if labels_above else 0,
        )
        .encode(
            x=_x_encoding(dates, x_label, x_range),
            x2="x2",
            y=lane_y,
            color=alt.Color(
                "status:N",
                title=legend_title,
                scale=alt.Scale(domain=[word(s) for s in used], range=[colors[s] for s in used]),
                legend=alt.Legend(orient="top", columns=4, labelLimit=200),
            ),
            tooltip=[alt.Tooltip("tip:N", title=None)],
        )
    )
    layers: list[Any] = [bars, *_marker_layers(markers, dates, labelled=False)]
    if labels_above:
        names = _data([{"lane": lane.label, "wrapped": wrapped[lane.label]} for lane in lanes])
        # The label's first line starts at the top of its lane; the bar lies below it.
        layers.append(
            alt.Chart(names)
            .mark_text(
                align="left",
                baseline="top",
                dy=-lane_height / 2 + 2,
                fontSize=11,
                color="#222",
                lineBreak="\n",
            )
            .encode(x=alt.value(0), y=lane_y, text="wrapped:N", tooltip=["lane:N"])
        )
    if not rows:
        layers.append(_no_data())
    chart = alt.layer(*layers).properties(
        width="container", height=max(len(lanes), 1) * lane_height
    )
    return Chart(chart_id, title, description, _spec(chart, description), min_width)


def histogram_chart(
    chart_id: str,
    title: str,
    description: str,
    values: Sequence[float],
    *,
    bins: int = 30,
    markers: Sequence[Marker] = (),
    x_label: str = "",
    color: str = "#0072B2",
    height: int = 260,
) -> Chart:
    """Histogram of sampled values (binned here: the page gets 30 bins, not the samples)."""
    import altair as alt

    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        chart = alt.layer(_no_data()).properties(width="container", height=height)
        return Chart(chart_id, title, description, _spec(chart, description))
    low, high = min(finite), max(finite)
    if high <= low:
        high = low + 1.0
    width = (high - low) / bins
    counts = [0] * bins
    for v in finite:
        counts[min(int((v - low) / width), bins - 1)] += 1
    rows = [
        {
            "x": round(low + i * width, 3),
            "x2": round(low + (i + 1) * width, 3),
            "share": round(c / len(finite) * 100.0, 2),
        }
        for i, c in enumerate(counts)
    ]
    x = alt.X("x:Q", title=x_label or None, scale=alt.Scale(nice=False, zero=False))
    layers: list[Any] = [
        alt.Chart(_data(rows))
        .mark_rect(color=color, opacity=0.85)
        .encode(
            x=x,
            x2="x2",
            y=alt.Y("share:Q", title="share of samples [%]"),
            tooltip=[
                alt.Tooltip("x:Q", title="from", format=",.1f"),
                alt.Tooltip("x2:Q", title="to", format=",.1f"),
                alt.Tooltip("share:Q", title="share [%]", format=".1f"),
            ],
        )
    ]
    if markers:
        base = alt.Chart(_data([{"x": float(_x(m.x)), "label": m.label} for m in markers]))
        layers.append(
            base.mark_rule(color="#D55E00", strokeWidth=2).encode(
                x="x:Q",
                tooltip=[
                    alt.Tooltip("label:N"),
                    alt.Tooltip("x:Q", format=",.1f", title=x_label or "value"),
                ],
            )
        )
        layers.append(
            base.mark_text(align="left", dx=3, dy=8, color="#D55E00", fontSize=11).encode(
                x="x:Q", y=alt.value(0), text="label:N"
            )
        )
    chart = alt.layer(*layers).properties(width="container", height=height)
    return Chart(chart_id, title, description, _spec(chart, description))


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    category: str,
    value: str,
    value_title: str = "",
    color: str = "#0072B2",
    height_per_bar: int = 20,
) -> Chart:
    """Horizontal bars, one per category (a None value is drawn as no bar, labelled).

    Parameters
    ----------
    rows
        Records with a ``category`` and a ``value`` field, in display order.
    """
    import altair as alt

    data = [{category: r[category], value: r[value], "text": _fmt(r[value])} for r in rows]
    order = [r[category] for r in rows]
    base = alt.Chart(_data(data)).encode(
        y=alt.Y(f"{category}:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
    )
    # Room right of the longest bar for its number (written after the bar's end).
    values = [float(r[value]) for r in rows if r[value] is not None]
    top = max(values, default=0.0)
    scale = alt.Scale(domain=[min([0.0, *values]), top * 1.5 if top > 0 else 1.0], nice=False)
    bars = base.mark_bar(color=color).encode(
        x=alt.X(f"{value}:Q", title=value_title or None, scale=scale),
        tooltip=[alt.Tooltip(f"{category}:N"), alt.Tooltip("text:N", title="value")],
    )
    text = base.mark_text(align="left", dx=3, fontSize=11, color="#222").encode(
        x=alt.X(f"{value}:Q", scale=scale), text=alt.Text("text:N")
    )
    missing = (
        base.mark_text(align="left", x=3, fontSize=11, color="#777")
        .encode(text=alt.value("never / n.a."))
        .transform_filter(f"datum['{value}'] === null")
    )
    chart = alt.layer(bars, text, missing).properties(
        width="container", height=height_per_bar * max(len(rows), 1)
    )
    return Chart(chart_id, title, description, _spec(chart, description))


def _fmt(value: Any) -> str:
    if value is None:
        return "never / n.a."
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{value:,.0f}"
