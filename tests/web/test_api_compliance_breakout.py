"""API tests for /api/compliance, /api/compliance/timeline, /api/breakout and its history."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient


def test_compliance_end_of_2019(client: TestClient) -> None:
    body = client.get(
        "/api/compliance", params={"as_of": "2019-12-31", "party": "iran", "status": "breached"}
    ).json()
    assert body["as_of"] == "2019-12-31"
    stock = next(f for f in body["findings"] if f["obligation"] == "iran_stockpile_cap")
    # GOV/2019/55: 372.3 kg U against the 202.8 kg U cap (x1.84), breached since 1 Jul 2019.
    assert stock["observed"] == 372.3
    assert round(stock["ratio"], 2) == 1.84
    assert stock["since"] == "2019-07-01"
    assert stock["evidence"]
    assert all(f["status"] == "breached" for f in body["findings"])
    assert set(body["summary"]) == {"iran"}
    assert body["parties"]["iran"]["first_breach"]["date"] <= "2019-07-01"


def test_compliance_errors(client: TestClient) -> None:
    response = client.get("/api/compliance", params={"status": "nope"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("status: expected one of complies")
    response = client.get("/api/compliance", params={"party": "nope"})
    assert response.status_code == 422
    assert "party" in response.json()["detail"]


def test_compliance_timeline_json_and_csv(client: TestClient) -> None:
    params = {"from": "2018-01-01", "to": "2018-12-31", "party": "us"}
    body = client.get("/api/compliance/timeline", params=params).json()
    intervals = [i for i in body["intervals"] if i["obligation"] == "us_refrain_reimposition"]
    assert [i["status"] for i in intervals][-1] == "breached"
    assert intervals[-1]["start"] == "2018-08-07"  # first reimposition, 7 Aug 2018
    response = client.get("/api/compliance/timeline", params={**params, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["party"] for r in rows} == {"us"}
    bad = client.get("/api/compliance/timeline", params={"from": "2019-01-01", "to": "2018-01-01"})
    assert bad.status_code == 422


def test_breakout_contract_and_caps(client: TestClient) -> None:
    body = client.get(
        "/api/breakout", params={"as_of": "2024-01-01", "samples": 2000, "seed": 7}
    ).json()
    for key in (
        "as_of",
        "quantity",
        "model",
        "samples",
        "seed",
        "first_quantity_days",
        "quantities_by_month",
        "steps",
        "assumptions",
        "inputs",
        "status",
    ):
        assert key in body
    assert body["status"] == "ok"
    again = client.get(
        "/api/breakout", params={"as_of": "2024-01-01", "samples": 2000, "seed": 7}
    ).json()
    assert again["first_quantity_days"] == body["first_quantity_days"]  # same seed
    faster = client.get(
        "/api/breakout", params={"as_of": "2024-01-01", "samples": 2000, "seed": 7, "swu_ir6": 9}
    ).json()
    assert faster["first_quantity_days"]["p50"] < body["first_quantity_days"]["p50"]
    unknown = client.get("/api/breakout", params={"as_of": "2026-01-01", "samples": 500}).json()
    assert unknown["status"] == "unknown"
    assumed = client.get(
        "/api/breakout", params={"as_of": "2025-06-20", "samples": 500, "assume_last_known": True}
    ).json()
    # Between the strikes: Fordow not yet hit (IAEA, 16 Jun 2025), FEP and PFEP out.
    assert assumed["status"] == "ok"
    assert assumed["assumed_last_known"] is True
    for params, word in (
        ({"samples": 10**7}, "samples"),
        ({"model": "x"}, "model"),
        ({"quantity": "x"}, "quantity"),
        ({"site": "nowhere"}, "site"),
        ({"effectiveness": 0}, "effectiveness"),
    ):
        response = client.get("/api/breakout", params=params)
        assert response.status_code == 422
        assert response.json()["detail"].startswith(word)


def test_breakout_history(client: TestClient) -> None:
    points = client.get(
        "/api/breakout/history", params={"from": "2017-01-01", "to": "2026-01-01", "samples": 500}
    ).json()
    rows = points["points"]
    assert rows[0]["as_of"] == "2017-02-18"  # GOV/2017/10
    assert rows[-1]["status"] == "unknown"  # after the loss of access in June 2025
    assert any(r["status"] == "ok" and r["era"] for r in rows)
