"""Briefs render to HTML and PDF without a display; figures carry their sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lockstep.cli.main import run
from lockstep.report.brief import brief_context, render_html


def test_html_brief_mid_2017_has_sourced_state() -> None:
    context = brief_context(dt.date(2017, 7, 1), samples=500)
    html = render_html(context)
    # GOV/2017/24: 79.8 kg U enriched up to 3.67 % (as of 27 May 2017).
    assert "79.8 kg U" in html
    assert "GOV/2017/24" in html
    assert "<svg" in html
    assert 'role="img"' in html
    assert context["breakout"]["status"] == "ok"


def test_brief_after_june_2025_says_unknown_and_labels_the_estimate() -> None:
    # 20 Jun 2025: no access since 13 Jun; Fordow not yet struck (IAEA, 16 Jun 2025).
    context = brief_context(dt.date(2025, 6, 20), samples=500)
    assert context["breakout"]["status"] == "unknown"
    assert context["estimate"]["assumed_last_known"] is True
    html = render_html(context)
    assert "unknown" in html
    assert "assuming the last known state" in html


def test_brief_when_no_declared_plant_is_left_says_why() -> None:
    # From 26 Jun 2025 every enrichment plant with machines is recorded damaged or
    # destroyed (facilities.csv): the last known state gives no estimate, and says so.
    context = brief_context(dt.date(2026, 1, 1), samples=300)
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
    from weasyprint import HTML

    pages = HTML(string=render_html(brief_context(dt.date(2024, 6, 1), samples=500))).render()
    assert len(pages.pages) >= 2  # a few pages, not one


def test_bad_suffix_and_date_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["brief", "-o", str(tmp_path / "brief.docx")]) == 2
    assert "-o: expected a file name ending in .html or .pdf" in capsys.readouterr().err
    assert run(["brief", "--as-of", "2024-13-01", "-o", str(tmp_path / "b.html")]) == 2
    assert "--as-of" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
