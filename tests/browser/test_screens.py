"""Any screen: no page is wider than a 390 px phone; charts are drawn and legible.

Every page is opened at 390 px and 1440 px in Chromium; the document may not scroll
sideways (tables and wide charts scroll in their own containers), every chart must be
drawn by Vega under the page's CSP, and its text must stay at a readable size.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = [
    ("/", "overview"),
    ("/?as_of=2014-03-01", "overview-2014"),
    ("/?as_of=2026-06-01", "overview-2026"),
    ("/timeline", "timeline"),
    ("/timeline?as_of=2017-06-01", "timeline-2017"),
    ("/breakout", "breakout"),
    ("/planner?catalogue=worked_example", "planner"),
    ("/planner?as_of=2021-04-06&strategy=optimized", "planner-generated"),
    ("/agreement", "agreement"),
    ("/data", "data"),
    ("/docs", "api-docs"),
]


def _charts_drawn(page: Any) -> int:
    charts = page.locator("div.vega[data-spec]")
    count = charts.count()
    for index in range(count):
        expect(charts.nth(index).locator("svg").first).to_be_attached(timeout=15_000)
    return int(count)


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize(("path", "name"), PAGES)
def test_page_fits_the_screen(page: Any, screenshot: Any, path: str, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(page.base + path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    _charts_drawn(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{path} is {scroll_width} px wide at a {width} px viewport"
    # Chart text stays legible: no axis label below 9 px.
    sizes = page.evaluate(
        "Array.from(document.querySelectorAll('div.vega svg text'))"
        ".filter(t => t.textContent.trim() && getComputedStyle(t).opacity !== '0')"
        ".map(t => parseFloat(getComputedStyle(t).fontSize) * "
        "(t.getScreenCTM() ? Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b) : 1))"
    )
    assert all(size >= 9 for size in sizes), f"chart text below 9 px on {path}: {min(sizes)}"
    screenshot(page, f"{name}-{width}")


def test_overview_tells_the_story(page: Any) -> None:
    page.goto(page.base + "/?as_of=2026-06-01")
    assert _charts_drawn(page) == 2
    headline = page.locator("#headline-stock")
    # Milestones are written on the chart, not only in tooltips.
    labels = headline.locator("svg text").all_text_contents()
    for label in ("JPOA", "US exit", "60 % enrichment", "Snapback"):
        assert label in labels, labels
    # One line per party, in words, and one box for the caveats.
    lines = page.locator("#party-lines li").all_inner_texts()
    assert any(line.startswith("Islamic Republic of Iran") for line in lines)
    assert any(line.startswith("United States") for line in lines)
    assert page.locator("details.caveats").count() == 1
    assert page.locator("p.note").count() == 0
    assert "e3eu3" not in page.locator("#party-lines").inner_text()


def test_a_jpoa_date_shows_what_was_known(page: Any) -> None:
    # March 2014, under the JPOA: the 2013-2015 baseline gives stocks and machines, so
    # breakout has a figure; no JCPOA obligation is in force yet.
    response = page.goto(page.base + "/?as_of=2014-03-01")
    assert response.status == 200
    expect(page.locator("#breakout-p50")).to_have_text(re.compile(r"^\d+ days$"))
    expect(page.locator("#party-lines")).to_contain_text("No JCPOA obligation is in force")


def test_planner_plans_the_gap_and_draws_the_frontier(page: Any, screenshot: Any) -> None:
    # The default question: measures generated from the gap on the date, as `lockstep plan`.
    page.goto(page.base + "/planner?as_of=2021-04-06&strategy=optimized&tau=30")
    expect(page.locator("#solver-status")).to_contain_text("Solver:")
    # The decision frontier arrives as its own fragment (seconds on a first visit).
    expect(page.locator("#frontier-summary")).to_contain_text("combinations", timeout=90_000)
    expect(page.locator("#plan-frontier div.vega svg").first).to_be_attached(timeout=15_000)
    tiles = page.locator("#plan-frontier g.mark-rect path")
    assert tiles.count() == 16  # 4 values of tau x 2 of sigma_US x 2 of sigma_IR
    expect(page.locator("#frontier-grid")).to_contain_text("τ = 10, 30, 50, 100 points")
    # The comparison names the optimized plan's solver status in words.
    expect(page.locator("#compare-legend")).to_contain_text("Days until both sides fully comply")
    screenshot(page, "planner-frontier")


def test_a_past_date_is_marked_on_the_headline_chart(page: Any) -> None:
    # 1 June 2017: the headline chart ends there and says so, on a phone too (the chart
    # keeps its y axis in view and scrolls sideways in its own box).
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(page.base + "/?as_of=2017-06-01")
    assert _charts_drawn(page) == 2
    headline = page.locator("#headline-stock")
    labels = headline.locator("svg text").all_text_contents()
    assert "as of 1 Jun 2017" in labels
    assert "US exit" not in labels
    box = headline.locator(".chart-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
