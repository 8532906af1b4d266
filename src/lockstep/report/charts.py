"""Dependency-free SVG charts for the dashboard and the briefs.

Charts are built server-side as SVG strings using presentation attributes only (no
inline ``style``), so pages keep a strict Content-Security-Policy and briefs render to
PDF without a browser. Every chart carries a ``<title>`` and a ``<desc>`` for screen
readers; callers also show the data as a table.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

#: Colour-blind-safe palette (Okabe & Ito, 2008) for data series.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
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
class Frame:
    """Plot geometry [px]."""

    width: int = 800
    height: int = 320
    left: int = 64
    right: int = 24
    top: int = 50
    bottom: int = 44
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def plot_width(self) -> int:
        """Width of the plotting area [px]."""
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        """Height of the plotting area [px]."""
        return self.height - self.top - self.bottom


def _num(x: X) -> float:
    return float(x.toordinal()) if isinstance(x, dt.date) else float(x)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2, 2.5, 5 x 10^k steps)."""
    if not math.isfinite(low) or not math.isfinite(high):
        return []
    if high <= low:
        high = low + 1.0
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while True:
        ticks.append(round(value, 10))
        if value >= high - step * 1e-9:
            return ticks
        value += step


def _fmt(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if value == int(value):
        return f"{int(value)}"
    return f"{value:g}"


def _date_ticks(low: float, high: float) -> list[tuple[float, str]]:
    first, last = dt.date.fromordinal(int(low)), dt.date.fromordinal(math.ceil(high))
    span_years = max(1, last.year - first.year)
    step = 1 if span_years <= 8 else 2 if span_years <= 16 else 5
    if span_years <= 1:
        ticks = []
        current = dt.date(first.year, first.month, 1)
        while current <= last:
            if current >= first:
                ticks.append((float(current.toordinal()), current.strftime("%b %Y")))
            month = current.month + 2
            current = dt.date(current.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        return ticks
    return [
        (float(dt.date(y, 1, 1).toordinal()), str(y))
        for y in range(first.year + (first.month > 1 or first.day > 1), last.year + 1, step)
        if first <= dt.date(y, 1, 1) <= last
    ]


class _Canvas:
    def __init__(self, chart_id: str, title: str, description: str, frame: Frame) -> None:
        self.frame = frame
        self.parts: list[str] = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{_esc(chart_id)}" '
            f'viewBox="0 0 {frame.width} {frame.height}" width="{frame.width}" '
            f'height="{frame.height}" role="img" '
            f'aria-labelledby="{_esc(chart_id)}-title {_esc(chart_id)}-desc" '
            f'font-family="system-ui, sans-serif" font-size="12">',
            f'<title id="{_esc(chart_id)}-title">{_esc(title)}</title>',
            f'<desc id="{_esc(chart_id)}-desc">{_esc(description)}</desc>',
            f'<text x="{frame.left}" y="20" font-size="14" font-weight="600" '
            f'fill="#222">{_esc(title)}</text>',
        ]

    def add(self, fragment: str) -> None:
        self.parts.append(fragment)

    def render(self) -> str:
        return "".join([*self.parts, "</svg>"])


class _Scale:
    def __init__(self, low: float, high: float, start: float, end: float, log: bool = False):
        self.log = log
        if log:
            low, high = math.log10(max(low, 1e-9)), math.log10(max(high, 1e-9))
        if high <= low:
            high = low + 1.0
        self.low, self.high, self.start, self.end = low, high, start, end

    def __call__(self, value: float) -> float:
        if self.log:
            value = math.log10(max(value, 1e-9))
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


def _axes(
    canvas: _Canvas,
    xs: _Scale,
    ys: _Scale,
    x_dates: bool,
    y_label: str,
    x_label: str,
    y_ticks: Sequence[float],
) -> None:
    f = canvas.frame
    bottom, top = f.height - f.bottom, f.top
    for tick in y_ticks:
        y = ys(tick)
        canvas.add(
            f'<line x1="{f.left}" x2="{f.width - f.right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#e6e6e6"/>'
            f'<text x="{f.left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">'
            f"{_esc(_fmt(tick))}</text>"
        )
    if x_dates:
        x_ticks = _date_ticks(xs.low, xs.high)
    else:
        x_ticks = [(t, _fmt(t)) for t in nice_ticks(xs.low, xs.high, 8) if xs.low <= t <= xs.high]
    for value, label in x_ticks:
        x = xs(value)
        canvas.add(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{bottom}" y2="{bottom + 4}" stroke="#444"/>'
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="#444">'
            f"{_esc(label)}</text>"
        )
    canvas.add(
        f'<line x1="{f.left}" x2="{f.width - f.right}" y1="{bottom}" y2="{bottom}" '
        f'stroke="#444"/>'
        f'<line x1="{f.left}" x2="{f.left}" y1="{top}" y2="{bottom}" stroke="#444"/>'
        f'<text x="14" y="{(top + bottom) / 2:.1f}" text-anchor="middle" fill="#222" '
        f'transform="rotate(-90 14 {(top + bottom) / 2:.1f})">{_esc(y_label)}</text>'
        f'<text x="{f.left + f.plot_width / 2:.1f}" y="{f.height - 6}" text-anchor="middle" '
        f'fill="#222">{_esc(x_label)}</text>'
    )


def _path(points: Sequence[tuple[float, float] | None], step: bool = False) -> str:
    commands: list[str] = []
    pen_up = True
    previous: tuple[float, float] | None = None
    for point in points:
        if point is None:
            pen_up = True
            continue
        x, y = point
        if pen_up:
            commands.append(f"M{x:.1f},{y:.1f}")
        elif step and previous is not None:
            commands.append(f"H{x:.1f}V{y:.1f}")
        else:
            commands.append(f"L{x:.1f},{y:.1f}")
        pen_up = False
        previous = point
    return "".join(commands)


def _legend(canvas: _Canvas, entries: Sequence[tuple[str, str, bool]]) -> None:
    f = canvas.frame
    x = f.left
    y = 36
    for name, color, dashed in entries:
        width = 30 + 7 * len(name)
        if x + width > f.width - f.right:
            x, y = f.left, y + 14
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        canvas.add(
            f'<line x1="{x}" x2="{x + 18}" y1="{y - 4}" y2="{y - 4}" stroke="{color}" '
            f'stroke-width="3"{dash}/>'
            f'<text x="{x + 22}" y="{y}" fill="#222">{_esc(name)}</text>'
        )
        x += width


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[Series],
    *,
    bands: Sequence[Band] = (),
    markers: Sequence[Marker] = (),
    rules: Sequence[Rule] = (),
    stacked: bool = False,
    y_label: str = "",
    x_label: str = "",
    y_log: bool = False,
    y_min: float | None = None,
    y_max: float | None = None,
    frame: Frame | None = None,
) -> str:
    """Line, step or stacked-area chart with optional bands, markers and rules.

    Parameters
    ----------
    chart_id
        Unique id of the SVG element in its page.
    title, description
        Accessible title and a one-sentence description of what the chart shows.
    series
        Data series; with ``stacked`` they are drawn as cumulative filled areas.
    bands
        Shaded ranges (e.g. P10-P90).
    markers
        Vertical lines with labels (milestones).
    rules
        Horizontal lines with labels (limits).
    y_log
        Logarithmic y axis (values <= 0 are clipped).
    """
    frame = frame or Frame()
    canvas = _Canvas(chart_id, title, description, frame)
    all_x = [_num(x) for s in series for x in s.x] + [_num(x) for b in bands for x in b.x]
    x_dates = any(isinstance(x, dt.date) for s in series for x in s.x) or any(
        isinstance(x, dt.date) for b in bands for x in b.x
    )
    if not all_x:
        canvas.add(
            f'<text x="{frame.width / 2}" y="{frame.height / 2}" text-anchor="middle" '
            f'fill="#666">No data</text>'
        )
        return canvas.render()
    stacks: list[list[float | None]] = []
    if stacked:
        running = [0.0] * max(len(s.y) for s in series)
        for s in series:
            running = [r + (v or 0.0) for r, v in zip(running, s.y, strict=False)]
            stacks.append(list(running))
    values = [v for s in series for v in s.y if v is not None]
    values += [v for b in bands for v in (*b.low, *b.high) if v is not None]
    values += [r.y for r in rules]
    values += [v for st in stacks for v in st if v is not None]
    low = y_min if y_min is not None else (min(values) if values else 0.0)
    high = y_max if y_max is not None else (max(values) if values else 1.0)
    if not y_log:
        low = min(low, 0.0)
    if y_log:
        positive = [v for v in values if v > 0]
        low = y_min if y_min is not None else (min(positive) if positive else 1.0)
        y_ticks = [
            10.0**k for k in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
        ]
        low, high = y_ticks[0], y_ticks[-1]
    else:
        y_ticks = nice_ticks(low, high)
        high = max(high, y_ticks[-1] if y_ticks else high)
        low = min(low, y_ticks[0] if y_ticks else low)
    xs = _Scale(min(all_x), max(all_x), frame.left, frame.width - frame.right)
    ys = _Scale(low, high, frame.height - frame.bottom, frame.top, log=y_log)
    _axes(canvas, xs, ys, x_dates, y_label, x_label, y_ticks)
    for band in bands:
        upper = [
            (xs(_num(x)), ys(h)) for x, h in zip(band.x, band.high, strict=True) if h is not None
        ]
        lower = [
            (xs(_num(x)), ys(lo)) for x, lo in zip(band.x, band.low, strict=True) if lo is not None
        ]
        if upper and lower:
            d = _path(upper) + "".join(f"L{x:.1f},{y:.1f}" for x, y in reversed(lower)) + "Z"
            canvas.add(
                f'<path d="{d}" fill="{band.color}" fill-opacity="0.18" stroke="none">'
                f"<title>{_esc(band.name)}</title></path>"
            )
    legend: list[tuple[str, str, bool]] = []
    baseline: list[float] = []
    for index, s in enumerate(series):
        color = s.color or PALETTE[index % len(PALETTE)]
        legend.append((s.name, color, s.dashed))
        if stacked:
            tops = stacks[index]
            top_points = [(xs(_num(x)), ys(v or 0.0)) for x, v in zip(s.x, tops, strict=False)]
            bottom_points = [
                (xs(_num(x)), ys(b))
                for x, b in zip(s.x, baseline or [0.0] * len(s.x), strict=False)
            ]
            d = _path(top_points, s.step) + "".join(
                f"L{x:.1f},{y:.1f}" for x, y in reversed(bottom_points)
            )
            canvas.add(
                f'<path d="{d}Z" fill="{color}" fill-opacity="0.75" stroke="{color}">'
                f"<title>{_esc(s.name)}</title></path>"
            )
            baseline = [v or 0.0 for v in tops]
            continue
        points = [
            (xs(_num(x)), ys(v)) if v is not None else None for x, v in zip(s.x, s.y, strict=True)
        ]
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        canvas.add(
            f'<path d="{_path(points, s.step)}" fill="none" stroke="{color}" '
            f'stroke-width="2"{dash}><title>{_esc(s.name)}</title></path>'
        )
        # Point markers (with tooltips) only where they stay readable.
        for x, v in zip(s.x, s.y, strict=True) if len(s.x) <= 60 else ():
            if v is None:
                continue
            label = x.isoformat() if isinstance(x, dt.date) else _fmt(float(x))
            canvas.add(
                f'<circle cx="{xs(_num(x)):.1f}" cy="{ys(v):.1f}" r="2.5" fill="{color}">'
                f"<title>{_esc(s.name)}: {_esc(_fmt(round(v, 3)))} ({_esc(label)})</title>"
                f"</circle>"
            )
    for rule in rules:
        y = ys(rule.y)
        canvas.add(
            f'<line x1="{frame.left}" x2="{frame.width - frame.right}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="{rule.color}" stroke-dasharray="4 3"/>'
            f'<text x="{frame.width - frame.right - 4}" y="{y - 4:.1f}" text-anchor="end" '
            f'fill="{rule.color}">{_esc(rule.label)}</text>'
        )
    for marker in markers:
        x = xs(_num(marker.x))
        if not frame.left <= x <= frame.width - frame.right:
            continue
        canvas.add(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{frame.top}" '
            f'y2="{frame.height - frame.bottom}" stroke="#777" stroke-dasharray="2 3">'
            f"<title>{_esc(marker.label)}</title></line>"
        )
    _legend(canvas, legend)
    return canvas.render()


def lanes_chart(
    chart_id: str,
    title: str,
    description: str,
    lanes: Sequence[Lane],
    *,
    x_range: tuple[X, X] | None = None,
    colors: Mapping[str, str] = STATUS_COLORS,
    markers: Sequence[Marker] = (),
    x_label: str = "",
    lane_height: int = 22,
    label_width: int = 190,
) -> str:
    """Swimlanes or a Gantt chart: one row per lane, coloured intervals by status.

    Parameters
    ----------
    lanes
        Rows, top to bottom.
    x_range
        Time span shown; defaults to the span of the intervals.
    colors
        Colour per interval status (legend entries in this order).
    """
    height = 60 + lane_height * max(len(lanes), 1) + 24
    frame = Frame(height=height, left=label_width, top=40, bottom=44)
    canvas = _Canvas(chart_id, title, description, frame)
    starts = [_num(i.start) for lane in lanes for i in lane.intervals]
    ends = [_num(i.end) for lane in lanes for i in lane.intervals]
    if x_range is not None:
        low, high = _num(x_range[0]), _num(x_range[1])
    elif starts:
        low, high = min(starts), max(ends)
    else:
        canvas.add(f'<text x="{frame.width / 2}" y="50" text-anchor="middle">No data</text>')
        return canvas.render()
    x_dates = any(isinstance(i.start, dt.date) for lane in lanes for i in lane.intervals)
    if x_range is not None:
        x_dates = x_dates or isinstance(x_range[0], dt.date)
    xs = _Scale(low, high, frame.left, frame.width - frame.right)
    bottom = frame.height - frame.bottom
    ticks = (
        _date_ticks(low, high)
        if x_dates
        else [(t, _fmt(t)) for t in nice_ticks(low, high, 8) if low <= t <= high]
    )
    for value, label in ticks:
        x = xs(value)
        canvas.add(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{frame.top}" y2="{bottom}" stroke="#eee"/>'
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="#444">'
            f"{_esc(label)}</text>"
        )
    for row, lane in enumerate(lanes):
        y = frame.top + row * lane_height
        canvas.add(
            f'<text x="{frame.left - 8}" y="{y + lane_height * 0.7:.1f}" text-anchor="end" '
            f'fill="#222">{_esc(lane.label[:34])}<title>{_esc(lane.label)}</title></text>'
        )
        for interval in lane.intervals:
            x0 = xs(max(_num(interval.start), low))
            x1 = xs(min(_num(interval.end), high))
            if x1 < x0:
                continue
            color = colors.get(interval.status, "#9E9E9E")
            tip = interval.tooltip or f"{lane.label}: {interval.status}"
            canvas.add(
                f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 1.5):.1f}" '
                f'height="{lane_height - 6}" fill="{color}" data-status="{_esc(interval.status)}">'
                f"<title>{_esc(tip)}</title></rect>"
            )
    for marker in markers:
        x = xs(_num(marker.x))
        if frame.left <= x <= frame.width - frame.right:
            canvas.add(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{frame.top}" y2="{bottom}" '
                f'stroke="#555" stroke-dasharray="2 3"><title>{_esc(marker.label)}</title></line>'
            )
    canvas.add(
        f'<text x="{frame.left + frame.plot_width / 2:.1f}" y="{frame.height - 6}" '
        f'text-anchor="middle" fill="#222">{_esc(x_label)}</text>'
    )
    used = {i.status for lane in lanes for i in lane.intervals}
    x = frame.left
    for status, color in colors.items():
        if status not in used:
            continue
        canvas.add(
            f'<rect x="{x}" y="26" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 14}" y="35" fill="#222">{_esc(status.replace("_", " "))}</text>'
        )
        x += 24 + 7 * len(status)
    return canvas.render()


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
    frame: Frame | None = None,
) -> str:
    """Histogram of sampled values with vertical markers (e.g. P10, P50, P90)."""
    frame = frame or Frame()
    canvas = _Canvas(chart_id, title, description, frame)
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        canvas.add(f'<text x="{frame.width / 2}" y="{frame.height / 2}">No data</text>')
        return canvas.render()
    low, high = min(finite), max(finite)
    if high <= low:
        high = low + 1.0
    width = (high - low) / bins
    counts = [0] * bins
    for v in finite:
        counts[min(int((v - low) / width), bins - 1)] += 1
    share = [c / len(finite) * 100.0 for c in counts]
    y_ticks = nice_ticks(0.0, max(share))
    xs = _Scale(low, high, frame.left, frame.width - frame.right)
    ys = _Scale(0.0, max(y_ticks[-1], max(share)), frame.height - frame.bottom, frame.top)
    _axes(canvas, xs, ys, False, "share of samples [%]", x_label, y_ticks)
    for index, value in enumerate(share):
        x0, x1 = xs(low + index * width), xs(low + (index + 1) * width)
        canvas.add(
            f'<rect x="{x0:.1f}" y="{ys(value):.1f}" width="{max(x1 - x0 - 1, 1):.1f}" '
            f'height="{ys(0) - ys(value):.1f}" fill="{color}" fill-opacity="0.8">'
            f"<title>{_esc(_fmt(round(low + index * width, 2)))}-"
            f"{_esc(_fmt(round(low + (index + 1) * width, 2)))}: {value:.1f} %</title></rect>"
        )
    for marker in markers:
        x = xs(_num(marker.x))
        canvas.add(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{frame.top}" y2="{frame.height - frame.bottom}" '
            f'stroke="#D55E00" stroke-width="2"/>'
            f'<text x="{x + 3:.1f}" y="{frame.top + 12}" fill="#D55E00">{_esc(marker.label)}</text>'
        )
    return canvas.render()
