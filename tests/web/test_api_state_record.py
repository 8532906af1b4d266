"""API tests for /api/state, /api/record/* and /api/agreements (figures cited)."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient


def test_state_reports_gov_2017_10_figure(client: TestClient) -> None:
    # GOV/2017/10: 101.7 kg U of uranium enriched up to 3.67 %.
    body = client.get("/api/state", params={"as_of": "2017-03-01"}).json()
    assert body["as_of"] == "2017-03-01"
    assert body["total_enriched_kg_u"] == 101.7
    assert body["verified"] is True
    bands = [s["band"] for s in body["stocks"]]
    assert bands == ["up_to_2pct", "up_to_5pct", "up_to_20pct", "up_to_60pct"]


def test_state_after_june_2025_is_unverified(client: TestClient) -> None:
    # GOV/2025/50: 440.9 kg U up to 60 % as of 13 Jun 2025, the last estimate.
    body = client.get("/api/state", params={"as_of": "2026-01-01"}).json()
    assert body["verified"] is False
    sixty = next(s for s in body["stocks"] if s["band"] == "up_to_60pct")
    assert sixty["mass_kg_u"] == 440.9
    assert sixty["status"] == "unverified"
    assert sixty["age_days"] == 202


def test_state_bad_date_is_422_with_message(client: TestClient) -> None:
    response = client.get("/api/state", params={"as_of": "2019-13-01"})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "as_of: expected a date YYYY-MM-DD from 2013-11-14 to 2099-12-31 (got '2019-13-01')"
    )


def test_observations_filter_and_csv(client: TestClient) -> None:
    body = client.get(
        "/api/record/observations",
        params={
            "quantity": "enriched_uranium_stock",
            "band": "total",
            "from": "2017-01-01",
            "to": "2017-12-31",
        },
    ).json()
    values = [row["value"] for row in body["observations"]]
    assert values[:4] == [101.7, 79.8, 88.4, 96.7]  # GOV/2017/10, /24, /35, /48
    assert all(row["source"] for row in body["observations"])
    response = client.get(
        "/api/record/observations",
        params={"quantity": "heavy_water_stock", "format": "csv"},
    )
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows
    assert all(r["quantity"] == "heavy_water_stock" for r in rows)


def test_observations_unknown_quantity_and_bad_format(client: TestClient) -> None:
    response = client.get("/api/record/observations", params={"quantity": "nope"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("quantity: expected one of")
    response = client.get("/api/record/observations", params={"format": "xml"})
    assert response.status_code == 422
    assert "format" in response.json()["detail"]


def test_events_by_party(client: TestClient) -> None:
    body = client.get(
        "/api/record/events", params={"party": "us", "from": "2018-05-01", "to": "2018-05-31"}
    ).json()
    assert body["count"] >= 1
    assert any(e["date"] == "2018-05-08" for e in body["events"])  # US withdrawal


def test_report_dates(client: TestClient) -> None:
    dates = client.get("/api/record/report-dates").json()["report_dates"]
    assert dates == sorted(dates)
    assert "2017-02-18" in dates  # GOV/2017/10


def test_agreements(client: TestClient) -> None:
    listing = client.get("/api/agreements").json()["agreements"]
    assert {a["id"] for a in listing} == {"jcpoa", "jpoa"}
    jcpoa = client.get("/api/agreements/jcpoa").json()
    assert len(jcpoa["obligations"]) >= 70
    assert {o["party"] for o in jcpoa["obligations"]} >= {"iran", "us", "eu", "e3", "unsc", "all"}
    us = client.get("/api/agreements/jcpoa", params={"party": "us"}).json()
    assert us["obligations"]
    assert all(o["party"] == "us" for o in us["obligations"])
    assert client.get("/api/agreements/jcpoa", params={"party": "xx"}).status_code == 422
    assert client.get("/api/agreements/nope").status_code == 404


def test_pages_render(client: TestClient) -> None:
    html = {"accept": "text/html"}
    page = client.get("/", params={"as_of": "2019-12-01"}, headers=html)
    assert page.status_code == 200
    assert "202.8" in page.text
    fragment = client.get("/fragments/overview", params={"as_of": "2026-01-01"}, headers=html)
    assert "unverified" in fragment.text
    data = client.get("/data", params={"table": "events", "party": "e3"}, headers=html)
    assert data.status_code == 200
    assert "snapback" in data.text.lower()
    bad = client.get("/", params={"as_of": "nope"}, headers=html)
    assert bad.status_code == 422
    assert "as_of" in bad.text
