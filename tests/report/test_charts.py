"""Charts are Vega-Lite specs (Altair) that Vega can draw: in pages and as static SVG."""

from __future__ import annotations

import datetime as dt
import json

import vl_convert

from lockstep.report import labels
from lockstep.report.charts import (
    TIMELINE_START,
    Interval,
    Lane,
    Marker,
    Rule,
    Series,
    bar_chart,
    histogram_chart,
    lanes_chart,
    line_chart,
)

DAYS = [dt.date(2016, 1, 16), dt.date(2019, 7, 1), dt.date(2024, 5, 11)]


def _chart() -> object:
    return line_chart(
        "stock",
        "Stock (kg U)",
        "Three IAEA figures against the cap.",
        [Series("total", DAYS, [88.4, 205.0, 6201.3])],
        rules=[Rule(202.8, "JCPOA cap 202.8 kg U")],
        markers=[Marker(dt.date(2018, 5, 8), "US exit", "US announced withdrawal")],
        y_log=True,
        x_domain=(TIMELINE_START, dt.date(2024, 6, 1)),
        min_width=600,
    )


def test_line_chart_draws_with_its_labels_and_the_shared_axis() -> None:
    chart = _chart()
    svg = chart.svg()  # type: ignore[attr-defined]
    assert svg.startswith("<svg")
    assert "<title>Stock (kg U)</title>" in svg
    assert "US exit" in svg  # the marker is written on the chart
    assert "JCPOA cap 202.8 kg U" in svg
    spec = json.dumps(chart.spec)  # type: ignore[attr-defined]
    assert '"2013-11-01"' in spec  # every timeline starts at the JPOA month
    assert '"type": "log"' in spec


def test_page_html_is_an_accessible_figure_with_a_json_block() -> None:
    html = _chart().__html__()  # type: ignore[attr-defined]
    assert html.startswith('<figure class="chart" id="stock"')
    assert 'aria-labelledby="stock-title"' in html
    assert 'aria-describedby="stock-desc"' in html
    assert 'class="vega chart-wide"' in html
    block = html.split('<script type="application/json" id="stock-spec">')[1]
    spec = json.loads(block.split("</script>")[0])
    assert spec["width"] == "container"
    assert "<script>" not in html  # no inline script: CSP script-src 'self'


def test_static_spec_drops_interaction_and_fixes_the_width() -> None:
    spec = _chart().static_spec(500)  # type: ignore[attr-defined]
    assert spec["width"] == 500
    assert all("params" not in layer for layer in spec["layer"])
    assert vl_convert.vegalite_to_svg(spec).startswith("<svg")


def test_lanes_histogram_and_bars_render() -> None:
    lanes = lanes_chart(
        "lanes",
        "Compliance",
        "Two lanes.",
        [
            Lane("Iran", [Interval(dt.date(2016, 1, 16), dt.date(2019, 7, 1), "complies")]),
            Lane("US", [Interval(dt.date(2018, 8, 7), dt.date(2024, 1, 1), "breached")]),
        ],
        x_range=(TIMELINE_START, dt.date(2024, 1, 1)),
    )
    assert "breached" in lanes.svg()
    histogram = histogram_chart("h", "Days", "Samples.", [1.0, 2.0, 2.5, 3.0], bins=3)
    # The rows travel as named datasets; the bins are the rows with a share.
    shares = [
        r["share"] for rows in histogram.spec["datasets"].values() for r in rows if "share" in r
    ]
    assert abs(sum(shares) - 100.0) < 0.1
    bars = bar_chart(
        "b",
        "Days to full compliance",
        "Per strategy.",
        [{"s": "sync", "v": 51}, {"s": "less for less", "v": None}],
        category="s",
        value="v",
    )
    svg = bars.svg()
    assert "never / n.a." in svg
    assert "51" in svg


def test_labels_put_words_for_ids_and_round_numbers() -> None:
    assert labels.party("e3eu3").startswith("E3/EU+3")
    assert labels.site("natanz_fep") == "Natanz Fuel Enrichment Plant"
    assert labels.band("up_to_60pct") == "20–60 % U-235"
    assert labels.comparator("le") == "at most"
    assert labels.number(132.53154733361498, "kg_u") == "132.5 kg U"
    assert labels.number(0.0367, "fraction") == "3.67 %"
    assert labels.number(5060, "count") == "5,060"
    assert "Islamic Republic of Iran" not in labels.measure("eu_reg_267_2012_nonproliferation")
    assert (
        labels.finding(
            {
                "comparator": "subset_of",
                "unit": "set",
                "observed": ["IR-1", "IR-2m"],
                "limit": ["IR-1"],
            }
        )
        == "observed: IR-1, IR-2m; allowed: only IR-1"
    )
    assert labels.finding({"comparator": "is_false", "unit": "bool", "observed": True}) == (
        "happened (must not)"
    )
    assert str(labels.label("natanz_fep", "site")) == (
        '<span title="natanz_fep">Natanz Fuel Enrichment Plant</span>'
    )


def test_gantt_labels_above_wrap_whole_and_end_above_their_bars() -> None:
    long = "Iran: Apply the Additional Protocol provisionally, with Modified Code 3.1"
    chart = lanes_chart(
        "g",
        "Gantt",
        "desc",
        [Lane(long, [Interval(0, 20, "IR")]), Lane("Iran: Stop at Fordow", [Interval(3, 5, "IR")])],
        labels_above=True,
    )
    names = next(rows for rows in chart.spec["datasets"].values() if rows and "wrapped" in rows[0])
    wrapped = {r["lane"]: r["wrapped"] for r in names}
    # Every word kept, no line over 52 characters (a 390 px screen), and the shorter label
    # padded with an empty first line so that both end right above their bars.
    assert wrapped[long].split() == long.split()
    assert all(len(line) <= 52 for line in wrapped[long].split("\n"))
    assert wrapped["Iran: Stop at Fordow"] == "\nIran: Stop at Fordow"
    assert chart.spec["height"] == 2 * (24 + 14 * 2)


def test_bar_chart_without_any_value_draws_its_axis() -> None:
    chart = bar_chart(
        "none", "T", "d", [{"s": "a", "v": None}, {"s": "b", "v": None}], category="s", value="v"
    )
    assert chart.spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0.0, 1.0]
    assert "never / n.a." in json.dumps(chart.spec)
