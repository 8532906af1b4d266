"""Dashboard pages through the app (no browser): the story, words for ids, any date."""

from __future__ import annotations

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
