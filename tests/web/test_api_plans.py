"""Plans, comparisons and the point of no return through the API (model.md section 8)."""

from __future__ import annotations

from fastapi.testclient import TestClient

CONTRACT = {
    "strategy",
    "feasible",
    "reason",
    "t_full_days",
    "iran_done_day",
    "exposure",
    "gap_area",
    "first_day_breakout_at_least",
    "deficit",
    "breakout_end_days",
    "schedule",
}


def test_worked_example_sync_plan(client: TestClient) -> None:
    body = client.get(
        "/api/plan", params={"catalogue": "worked_example", "strategy": "sync"}
    ).json()
    assert set(body) >= CONTRACT
    # model.md section 8.3: S-SYNC reaches full compliance on day 51, Iran done on day 32.
    assert body["t_full_days"] == 51
    assert body["iran_done_day"] == 32
    assert body["exposure"] == {"iran": 70, "us": 0}
    u3 = next(s for s in body["schedule"] if s["id"] == "U3")
    assert (u3["start"], u3["end"], u3["verified"]) == (36, 37, 51)


def test_compare_and_infeasible_reason(client: TestClient) -> None:
    plans = client.get("/api/plan/compare", params={"catalogue": "worked_example"}).json()
    assert (plans["catalogue"], plans["lens"], plans["horizon_days"]) == (
        "worked_example",
        "us",
        130,
    )
    t_full = {p["strategy"]: p["t_full_days"] for p in plans["plans"]}
    # model.md section 8.3 and 8.4 (unconstrained optimum 50).
    assert t_full == {
        "iran-first": 69,
        "us-first": 87,
        "sync": 51,
        "optimized": 50,
        "step-by-step": 127,
        "less-for-less": None,
    }
    infeasible = client.get(
        "/api/plan", params={"catalogue": "worked_example", "strategy": "optimized", "tau": 45}
    ).json()
    assert infeasible["feasible"] is False
    assert infeasible["reason"]  # explained, not just "infeasible"


def test_plan_input_errors(client: TestClient) -> None:
    bad = client.get("/api/plan", params={"catalogue": "/etc/passwd"})
    assert bad.status_code == 422
    assert bad.json()["detail"] == "catalogue: expected one of default, worked_example"
    assert client.get("/api/plan", params={"horizon": 10**6}).status_code == 422
    assert client.get("/api/plan", params={"tau": 101}).status_code == 422
    assert client.get("/api/plan", params={"strategy": "nope"}).status_code == 422
    assert client.get("/api/plan", params={"lens": "eu"}).status_code == 422


def test_no_return(client: TestClient) -> None:
    body = client.get("/api/no-return").json()
    assert body["benchmark_days"] == 365
    assert body["source"] == "record"
    assert {r["policy"] for r in body["rows"]} == {"store", "destroy"}


def test_planner_page_and_fragment(client: TestClient) -> None:
    html = {"accept": "text/html"}
    page = client.get(
        "/planner", params={"catalogue": "worked_example", "strategy": "sync"}, headers=html
    )
    assert page.status_code == 200
    assert 'id="plan-gantt"' in page.text
    assert '<span id="t-full">51</span>' in page.text
    fragment = client.get(
        "/fragments/planner",
        params={"catalogue": "worked_example", "strategy": "step-by-step"},
        headers=html,
    )
    assert '<span id="t-full">127</span>' in fragment.text


def test_no_return_rows_say_status_share_and_why(client: TestClient) -> None:
    body = client.get("/api/no-return").json()
    rows = body["rows"]
    assert {"share_of_reference", "status", "because"} <= set(rows[0])
    assert {r["status"] for r in rows} <= {"restorable", "lost", "unknown"}
    assert rows[-1]["status"] == "unknown"
    assumed = client.get("/api/no-return", params={"assume_last_known": "true"}).json()
    assert assumed["rows"][-1]["status"] == "lost"
    assert assumed["rows"][-1]["share_of_reference"] is not None
