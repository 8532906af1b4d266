"""Dashboard pages through the app (no browser): the story, words for ids, any date."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

HTML = {"accept": "text/html"}


def _visible(html: str) -> str:
    """The text a person reads: no tags, no attributes, no JSON chart specs."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("day", ["2013-11-14", "2014-03-01", "2015-08-01"])
def test_any_date_from_the_jpoa_renders(client: TestClient, day: str) -> None:
    response = client.get(f"/?as_of={day}", headers=HTML)
    assert response.status_code == 200
    text = _visible(response.text)
    assert "unknown" in text
    assert "--covert" not in response.text
    response = client.get(f"/breakout?as_of={day}", headers=HTML)
    assert response.status_code == 200
    assert "--covert" not in response.text


def test_a_date_before_the_jpoa_is_one_clear_line(client: TestClient) -> None:
    response = client.get("/?as_of=2012-01-01", headers=HTML)
    assert response.status_code == 422
    assert "as_of: expected a date from 2013-11-14" in response.text


def test_overview_tells_the_story_in_words(client: TestClient) -> None:
    response = client.get("/?as_of=2024-06-01", headers=HTML)
    text = _visible(response.text)
    # GOV/2024/26: 6,201.3 kg U in all forms, 30.6 times the cap.
    assert "6,201.3 kg U" in text
    assert "30.6 × the JCPOA cap" in text
    assert "Islamic Republic of Iran : breaches" in text
    assert 'id="headline-stock"' in response.text
    assert 'id="headline-breakout"' in response.text
    assert response.text.count('class="caveats"') == 1
    for raw in ("e3eu3", "natanz_fep", "up_to_2pct", "eu_reg_267_2012_nonproliferation"):
        assert raw not in text, raw
    assert 'title="natanz_fep"' in response.text  # the id stays on hover


def test_data_page_is_paginated_and_grouped(client: TestClient) -> None:
    first = client.get("/data", headers=HTML).text
    assert "page 1 of" in first
    assert first.count("<tr>") <= 60  # 50 rows a page, plus headings
    second = client.get("/data?page=2", headers=HTML).text
    assert "rows 51–100 shown" in second
    assert 'scope="rowgroup"' in second
    assert "132.53154733361498" not in second


def test_agreement_milestones_in_date_order_and_groups_collapse(client: TestClient) -> None:
    html = client.get("/agreement?as_of=2024-01-01", headers=HTML).text
    table = html.split('id="milestones-table"')[1].split("</table>")[0]
    dates = re.findall(r'<td class="nowrap">(\d{4}-\d{2}-\d{2})</td>', table)
    assert len(dates) > 5
    assert dates == sorted(dates)
    assert '<details class="party"' in html
    assert "is_false" not in _visible(html)
    assert "False" not in _visible(html)


def test_planner_answers_first_and_compares_in_a_fragment(client: TestClient) -> None:
    html = client.get("/planner?catalogue=worked_example", headers=HTML).text
    assert 'data-lazy="/fragments/planner/compare?' in html
    assert 'placeholder="130"' in html  # the catalogue's horizon shown as the default
    assert 'id="plan-gantt"' in html
    compare = client.get("/fragments/planner/compare?catalogue=worked_example", headers=HTML)
    assert compare.status_code == 200
    assert "Days until both sides fully comply" in compare.text
    assert "<dt>Σ|G|</dt>" in compare.text


def test_saved_plans_are_listed_and_reopen(client: TestClient) -> None:
    body = {
        "kind": "plan",
        "name": "sync from the worked example",
        "parameters": {"catalogue": "worked_example", "strategy": "sync", "tranches": False},
        "results": {},
    }
    headers = {"Authorization": "Bearer s3cret-token"}
    assert client.post("/api/saved", json=body, headers=headers).status_code == 201
    html = client.get("/planner?catalogue=worked_example", headers=HTML).text
    saved = html.split('id="saved-plans"')[1]
    assert "sync from the worked example" in saved
    assert 'href="/planner?catalogue=worked_example&amp;strategy=sync"' in saved


def test_the_vega_bundle_is_served_from_the_package(client: TestClient) -> None:
    html = client.get("/", headers=HTML).text
    path = re.search(r'<script src="(/vendor/vega-[^"]+\.js)" defer>', html)
    assert path is not None
    response = client.get(path.group(1), headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "immutable" in response.headers["cache-control"]
    assert "window.vegaEmbed" in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]


#: Every page a person reads, on dates from each era (JPOA, JCPOA, Iran's steps, after
#: June 2025). The planner page is another branch's; its own tests check its words.
WORD_PAGES = [
    "/?as_of=2014-03-01",
    "/?as_of=2017-06-01",
    "/?as_of=2021-04-06",
    "/?as_of=2026-06-01",
    "/timeline?as_of=2021-04-06",
    "/breakout?as_of=2021-04-06",
    "/breakout?as_of=2024-06-01&model=stage-cascade",
    "/agreement?as_of=2021-04-06",
    "/data",
    "/data?page=2",
]


@pytest.mark.parametrize("path", WORD_PAGES)
def test_no_vocabulary_id_outside_hover(client: TestClient, path: str) -> None:
    from words import leftover_ids

    response = client.get(path, headers=HTML)
    assert response.status_code == 200
    assert leftover_ids(response.text) == {}


def test_the_id_scan_finds_ids() -> None:
    # The scan itself: ids in text are found, ids on hover or in a JSON block are not.
    from words import leftover_ids

    page = (
        '<p>Monitoring: csa only; model swu-budget; <span title="natanz_fep">Natanz</span>;'
        ' input stock:up_to_20pct.</p><pre>{"site": "fordow_ffep"}</pre>'
    )
    assert set(leftover_ids(page)) == {"csa only", "swu-budget", "stock:up_to_20pct"}


def test_words_for_monitoring_models_and_sensitivity_inputs(client: TestClient) -> None:
    overview = client.get("/?as_of=2021-04-06", headers=HTML).text
    # GOV/2021/10: Iran stopped applying the Additional Protocol on 23 Feb 2021.
    assert 'Monitoring: <span title="csa_only">safeguards only, no Additional Protocol' in overview
    page = client.get("/breakout?as_of=2024-06-01", headers=HTML).text
    assert 'title="swu-budget">separative-work budget' in page
    assert "stock of 20–60 % U-235 [kg U]" in page


def _chart_specs(page: str) -> dict[str, dict[str, object]]:
    import json

    pattern = r'<script type="application/json" id="([^"]+)-spec">(.*?)</script>'
    blocks = re.findall(pattern, page, re.S)
    return {name: json.loads(body.replace("<\\/", "</")) for name, body in blocks}


def _dates_in(spec: dict[str, object]) -> tuple[list[str], list[str]]:
    """The x domains of a chart and every date in its data."""
    domains: list[str] = []

    def walk(part: dict[str, object]) -> None:
        x = (part.get("encoding") or {}).get("x")  # type: ignore[union-attr]
        if isinstance(x, dict) and "domain" in (x.get("scale") or {}):
            domains.extend(x["scale"]["domain"])
        for key in ("layer", "vconcat"):
            for child in part.get(key) or []:  # type: ignore[union-attr]
                walk(child)

    walk(spec)
    dates = [
        str(row[key])
        for rows in (spec.get("datasets") or {}).values()  # type: ignore[union-attr]
        for row in rows
        for key in ("x", "start", "end")
        if re.fullmatch(r"\d{4}-\d\d-\d\d", str(row.get(key)))
    ]
    return domains, dates


@pytest.mark.parametrize("path", ["/?as_of=2017-06-01", "/timeline?as_of=2017-06-01"])
def test_charts_end_at_the_date_asked_for(client: TestClient, path: str) -> None:
    page = client.get(path, headers=HTML).text
    specs = _chart_specs(page)
    assert len(specs) >= 2
    for name, spec in specs.items():
        domains, dates = _dates_in(spec)
        assert domains, name
        assert max(domains) == "2017-06-01", name
        assert max(dates) <= "2017-06-01", name
        labels = json.dumps(spec)
        # The date is marked; the US exit (8 May 2018) had not happened.
        assert "as of 1 Jun 2017" in labels, name
        assert "US exit" not in labels, name
    text = _visible(page)
    assert "2018-" not in text
    assert "2019-" not in text


def test_overview_chart_and_headline_use_one_breakout_model(client: TestClient) -> None:
    page = client.get("/?as_of=2017-06-01", headers=HTML).text
    p50 = int(re.search(r'id="breakout-p50">([\d,]+) days', page).group(1).replace(",", ""))  # type: ignore[union-attr]
    spec = _chart_specs(page)["headline-breakout"]
    points = [
        row
        for rows in spec["datasets"].values()  # type: ignore[attr-defined]
        for row in rows
        if row.get("series") == "P50" and row.get("x") == "2017-05-27"
    ]
    # GOV/2017/24 (as of 27 May 2017) is the state on 1 June: the chart's last point is
    # the headline's figure (5,000 samples against the history's 2,000).
    assert points
    assert abs(points[0]["y"] - p50) / p50 < 0.03
    # That report was published on 2 June 2017: the page says so.
    assert "published in GOV/2017/24 on 2017-06-02, after it" in page


def test_timeline_before_the_jcpoa_has_no_compliance_lanes(client: TestClient) -> None:
    page = client.get("/timeline?as_of=2014-03-01", headers=HTML)
    assert page.status_code == 200
    assert "No JCPOA obligation exists on 1 March 2014" in page.text
    assert client.get("/timeline?as_of=2012-01-01", headers=HTML).status_code == 422


@pytest.mark.parametrize(
    ("path", "ids"),
    [
        ("/?as_of=2024-06-01", ("overview-weaponization", "overview-after-months")),
        ("/breakout?as_of=2024-06-01", ("weaponization", "after-months")),
    ],
)
def test_weaponization_and_quantities_by_month_beside_the_material_time(
    client: TestClient, path: str, ids: tuple[str, str]
) -> None:
    from lockstep.report.labels import after_months

    api = client.get("/api/breakout?as_of=2024-06-01&samples=5000").json()
    page = client.get(path, headers=HTML).text
    paragraphs = {
        key: " ".join(body.split())
        for key, body in re.findall(r'<p id="([\w-]+)">(.*?)</p>', page, re.S)
    }
    weapon, months = paragraphs[ids[0]], paragraphs[ids[1]]
    # Shown apart, never added: the engine's weaponization P50 (sourced, low confidence).
    w = api["weaponization_days"]
    assert f"a further {w['p50']:,.0f} days (P10 {w['p10']:,.0f}, P90 {w['p90']:,.0f})" in weapon
    assert "not added" in weapon
    # After 1, 3, 6 and 12 months, the engine's numbers with their spread.
    rows = api["quantities_after_months"]
    assert [r["month"] for r in rows] == [1, 3, 6, 12]
    assert after_months(rows) in months
    assert "after 12 months (" in months


def test_after_months_in_words() -> None:
    from lockstep.report.labels import after_months

    rows = [
        {"month": 1, "p10": 1.0, "p50": 3.0, "p90": 4.0},
        {"month": 12, "p10": 11.0, "p50": 11.0, "p90": 11.0},
    ]
    assert after_months(rows) == "3 after 1 month (1–4), 11 after 12 months (11)"
    assert after_months([]) == ""
    nothing = [{"month": m, "p10": 0.0, "p50": 0.0, "p90": 0.0} for m in (1, 3, 6, 12)]
    assert after_months(nothing) == "none within 12 months (even at P90)"


def test_in_words_replaces_ids_not_ordinary_words() -> None:
    from lockstep.report.labels import in_words

    # "total" is a band id and an ordinary word: only ids with an underscore are replaced.
    note = "360.0 kg U of the total 6,201.3 kg U is outside the up_to_5pct band"
    assert in_words(note) == "360.0 kg U of the total 6,201.3 kg U is outside the 2–5 % U-235 band"
    assert in_words("see weaponization_days") == "see the weaponization time"
    contested = (
        "unsc_1737_measures: reimposed on 2025-09-28, which iran, russia contest (event x.y)."
    )
    words = in_words(contested)
    assert "which Islamic Republic of Iran, Russian Federation contest." in words
    assert "unsc_1737_measures" not in words


def test_pages_name_every_structure_of_the_ensemble(client: TestClient) -> None:
    # The ensemble draws three structures (ensemble_parameters); no page may still call
    # it an ensemble "of both".
    from lockstep.physics.breakout import ensemble_parameters

    count = len(ensemble_parameters().structures)
    assert count == 3
    for path in ("/breakout", "/timeline"):
        page = client.get(path).text
        assert "of both" not in page
        assert "of the three" in page


def test_the_step_table_says_which_line_runs_which_steps(client: TestClient) -> None:
    # Feb 2020 (GOV/2020/5): the stage-level lines share the first quantity, the IR-1
    # line 44 %, the 174-machine line 56 %; the table says so rather than list 23 steps
    # as if they ran one after another.
    page = client.get("/breakout?as_of=2020-02-19&model=stage-cascade", headers=HTML).text
    lines = re.search(
        r'<p id="steps-lines">(.*?)</p>\s*<div class="table-scroll"><table id="steps-table">',
        page,
        re.S,
    )
    assert lines is not None
    text = lines.group(1)
    assert "The lines work side by side" in text
    assert "steps 1–18, IR-1 (15-stage, 164-machine layout), 44&nbsp;% of the quantity;" in text
    assert "steps 19–23, IR-2m and IR-4 (15-stage, 174-machine layout), 56&nbsp;% of the" in text
    one = client.get("/breakout?as_of=2024-06-01&model=stage-cascade", headers=HTML).text
    assert "side by side" not in one


def test_line_runs_group_each_lines_steps() -> None:
    # The CLI's plan title and the page's sentence both read the lines' runs from here.
    from lockstep.report.labels import line_runs

    rows = [
        {"line": "IR-1 line", "step": 1, "quantity_share": 0.44},
        {"line": "IR-1 line", "step": 2, "quantity_share": 0.44},
        {"line": "IR-6 line", "step": 3, "quantity_share": 0.56},
    ]
    assert line_runs(rows) == [("IR-1 line", 1, 2, 0.44), ("IR-6 line", 3, 3, 0.56)]
    assert line_runs([{"line": "", "step": 1, "quantity_share": 1.0}]) == []
    assert line_runs(None) == []
