"""Briefs render to HTML and PDF without a display; figures carry their sources.

A brief people attach: status, the headline chart and the key findings on page 1;
findings in words and units; every source cited; charts as static SVG from the same
Vega-Lite specs the pages draw.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from lockstep.cli.main import run
from lockstep.report.brief import brief_context, render_html


@cache
def _context(day: str) -> dict[str, Any]:
    # The roadmap (CP-SAT, seconds) has its own tests below.
    return brief_context(dt.date.fromisoformat(day), samples=500, plan=False)


def test_html_brief_mid_2017_has_sourced_state() -> None:
    context = _context("2017-07-01")
    html = render_html(context)
    # GOV/2017/24: 79.8 kg U enriched up to 3.67 % (as of 27 May 2017).
    assert "79.8 kg U" in html
    assert "GOV/2017/24" in html
    assert context["breakout"]["status"] == "ok"
    # Charts: static SVG from vl-convert, with their accessible name as the image's text.
    stock = context["charts"]["stock"]
    assert stock["svg"].startswith("<svg")
    assert 'role="img"' in stock["svg"]
    assert f'alt="{stock["title"]}' in html
    assert "data:image/svg+xml;base64," in html
    # The chart is drawn to the brief's date: the US exit (May 2018) is not on it yet.
    assert "JCPOA agreed" in stock["svg"]
    assert "US exit" not in stock["svg"]
    # ... and marks that date; the legend is spaced for the font it is drawn with.
    assert "as of 1 Jul 2017" in stock["svg"]
    assert 'font-family="DejaVu Sans"' in stock["svg"]


def test_brief_after_june_2025_says_unknown_and_labels_the_estimate() -> None:
    # 20 Jun 2025: no access since 13 Jun; Fordow not yet struck (IAEA, 16 Jun 2025).
    context = _context("2025-06-20")
    assert context["breakout"]["status"] == "unknown"
    assert context["estimate"]["assumed_last_known"] is True
    html = render_html(context)
    assert "unknown" in html
    assert "assuming the last known state" in html


def test_findings_are_in_words_and_units_not_python_values() -> None:
    html = render_html(_context("2024-06-01"))
    body = re.sub(r'src="data:[^"]+"', "", html)
    for raw in ("['IR-1'", "True /", "None", " set<", "is_false", "up_to_5pct", "e3eu3"):
        assert raw not in body, raw
    # GOV/2024/26: 142.1 kg U of up to 60 % against the 3.67 % level; stock ×30.6 the cap.
    assert "60 % against at most 3.67 %" in html
    assert "(×30.6 the limit)" in html


def test_brief_shows_weaponization_and_quantities_by_month_apart() -> None:
    from lockstep.report.labels import after_months

    context = _context("2024-06-01")
    html = " ".join(render_html(context).split())
    breakout = context["breakout"]
    w = breakout["weaponization_days"]
    assert f"a first device would take a further {w['p50']:,.0f} days" in html
    assert "not added" in html
    rows = breakout["quantities_after_months"]
    assert [r["month"] for r in rows] == [1, 3, 6, 12]
    assert f"(P50, P10–P90 in brackets): {after_months(rows)}." in html


def test_every_figure_source_is_cited() -> None:
    context = _context("2024-06-01")
    cited = {s["document"] for s in context["sources"]}
    state = context["state"]
    for figure in [state["total"], *state["stocks"], *state["centrifuges"]]:
        assert figure["source"] in cited, figure["source"]
    evidence = {
        e["source"]
        for f in context["compliance"]["notable"]
        for e in f["evidence"]
        if not str(e["source"]).startswith("http")
    }
    assert evidence <= cited
    assert len(context["sources"]) >= 20
    # Links are whole: each source's URL is one http(s) address, the anchor's href as is.
    html = render_html(context)
    for source in context["sources"]:
        if source["url"]:
            assert re.fullmatch(r"https?://\S+", source["url"]), source["url"]
            assert f'href="{source["url"].replace("&", "&amp;")}"' in html, source["url"]


@pytest.mark.slow
def test_a_jpoa_era_brief_renders_without_jcpoa_obligations() -> None:
    # March 2014: the 2013-2015 baseline gives stocks and machines; the JCPOA came later.
    context = _context("2014-03-01")
    html = render_html(context)
    assert "No obligation is breached on this date." in html
    assert "--covert" not in html
    assert "Snapback" not in context["charts"]["stock"]["svg"]


def _page_text(page: Any) -> str:
    parts = []
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        if getattr(box, "text", None):
            parts.append(box.text)
        stack.extend(reversed(getattr(box, "children", [])))
    return " ".join(parts)


def _page_images(page: Any) -> int:
    from weasyprint.formatting_structure import boxes

    count = 0
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        count += isinstance(box, boxes.ReplacedBox)
        stack.extend(getattr(box, "children", []))
    return count


@pytest.mark.slow
def test_page_one_has_status_headline_chart_and_key_findings() -> None:
    from weasyprint import HTML

    document = HTML(string=render_html(_context("2024-06-01"))).render()
    first = _page_text(document.pages[0])
    assert "6,201.3 kg U" in first  # GOV/2024/26 total, all forms
    assert "Key findings" in first
    assert "breached" in first
    assert _page_images(document.pages[0]) == 1  # the headline chart
    assert "Sources" in " ".join(_page_text(p) for p in document.pages[-2:])


def test_brief_when_no_declared_plant_is_left_says_why() -> None:
    # From 26 Jun 2025 every enrichment plant with machines is recorded damaged or
    # destroyed (facilities.csv): the last known state gives no estimate, and says so.
    context = _context("2026-01-01")
    assert context["estimate"]["status"] == "unknown"
    assert "recorded damaged or destroyed" in render_html(context)


@pytest.mark.slow
def test_pdf_brief_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "brief.pdf"
    assert run(["brief", "--as-of", "2024-06-01", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert "written to" in capsys.readouterr().out


def test_bad_suffix_and_date_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["brief", "-o", str(tmp_path / "brief.docx")]) == 2
    assert "-o: expected a file name ending in .html or .pdf" in capsys.readouterr().err
    assert run(["brief", "--as-of", "2024-13-01", "-o", str(tmp_path / "b.html")]) == 2
    assert "--as-of" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_roadmap_is_computed_for_the_briefs_date() -> None:
    from lockstep.report.brief import _plan
    from lockstep.roadmap import problem_for

    day = dt.date(2021, 4, 6)
    plan = _plan(day)
    titles = {row["title"] for row in plan["schedule"]}
    # The measures are the gap's on that date (as `lockstep plan` builds them) ...
    generated = {m.spec.title for m in problem_for(None, day, tranches=True).measures}
    assert titles
    assert titles <= generated
    # ... so no step answers a fact that came later: the 2025 strikes, snapback.
    for later in ("strikes", "snapback", "snapped-back", "Isfahan", "2025"):
        assert not [t for t in titles if later.lower() in t.lower()], later
    # GOV/2021/10: 17.6 kg U of up to 20 % to down-blend on that date.
    assert "Down-blend the 17.6 kg U at 19.75 % to 3.67 %" in titles
    assert all(row["start_date"] >= "2021-04-06" for row in plan["schedule"])


def test_a_date_with_no_gap_has_no_roadmap_and_says_why() -> None:
    from lockstep.report.brief import _plan

    # June 2017: the state meets every obligation the planner models.
    plan = _plan(dt.date(2017, 6, 1))
    assert plan["schedule"] == []
    assert plan["summary"].startswith("No return roadmap: no gap on 2017-06-01")


def test_a_finding_with_no_figure_says_the_event_it_rests_on() -> None:
    findings = {f["obligation"]: f for f in _context("2024-06-01")["compliance"]["notable"]}
    # The US licensing measures were breached by the first tranche of reimposed
    # sanctions (EO 13846, 7 Aug 2018), not "no evidence either way".
    words = findings["us_licensing_measures"]["words"]
    assert words.startswith("First tranche reimposed (EO 13846")
    assert words.endswith("(2018-08-07)")


@pytest.mark.parametrize("day", ["2021-04-06", "2024-06-01"])
def test_no_vocabulary_id_in_the_brief(day: str) -> None:
    from words import leftover_ids, visible_text

    html = render_html(_context(day))
    assert leftover_ids(html) == {}
    # Monitoring in words (GOV/2021/10: no Additional Protocol from 23 Feb 2021).
    assert "csa" not in visible_text(html)
    assert "safeguards only, no Additional Protocol" in visible_text(html)
