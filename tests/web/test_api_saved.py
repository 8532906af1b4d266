"""Saving needs the token; writes are validated and atomic."""

from __future__ import annotations

from fastapi.testclient import TestClient

from lockstep.web import Settings, create_app
from web_support import AUTH, ROW, csv_text

PLAN = {
    "kind": "plan",
    "name": "sync",
    "parameters": {"strategy": "sync"},
    "results": {"t_full_days": 51},
}


def test_read_only_without_a_configured_token(tmp_path: object) -> None:
    client = TestClient(
        create_app(Settings(db_url=f"sqlite:///{tmp_path}/ro.db")), base_url="http://127.0.0.1"
    )
    response = client.post("/api/saved", json=PLAN, headers=AUTH)
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert client.get("/api/saved").json()["items"] == []


def test_wrong_or_missing_token_is_refused(client: TestClient) -> None:
    assert client.post("/api/saved", json=PLAN).status_code == 403
    bad = client.post("/api/saved", json=PLAN, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 403
    assert client.get("/api/saved").json()["items"] == []


def test_save_list_get_delete(client: TestClient) -> None:
    created = client.post("/api/saved", json=PLAN, headers=AUTH)
    assert created.status_code == 201
    item_id = created.json()["id"]
    listing = client.get("/api/saved", params={"kind": "plan"}).json()["items"]
    assert [i["name"] for i in listing] == ["sync"]
    item = client.get(f"/api/saved/{item_id}").json()
    assert item["results"] == {"t_full_days": 51}
    again = client.post("/api/saved", json=PLAN, headers=AUTH)
    assert again.status_code == 409  # a name already taken is a conflict (issue 13)
    assert again.json()["error"] == "ConflictError"
    assert "already saved" in again.json()["detail"]
    assert client.delete(f"/api/saved/{item_id}").status_code == 403
    assert client.delete(f"/api/saved/{item_id}", headers=AUTH).json() == {"deleted": item_id}
    missing = client.get(f"/api/saved/{item_id}")
    assert missing.status_code == 404  # a missing item is 404, not 422 (issue 13)
    assert missing.json() == {
        "detail": f"field 'id': no saved item {item_id}",
        "error": "NotFoundError",
    }


def test_save_validation_errors_are_422(client: TestClient) -> None:
    response = client.post("/api/saved", json={**PLAN, "kind": "other"}, headers=AUTH)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("kind:")
    response = client.post("/api/saved", json={**PLAN, "name": ""}, headers=AUTH)
    assert response.status_code == 422


def test_record_additions_are_atomic_and_visible(client: TestClient) -> None:
    bad = dict(ROW, id="bad", as_of="2026-05-21", value="-5")
    response = client.post(
        "/api/record/additions", json={"csv": csv_text([ROW, bad])}, headers=AUTH
    )
    assert response.status_code == 422
    assert "row 2" in response.json()["detail"]
    state = client.get("/api/state", params={"as_of": "2026-06-01"}).json()
    assert state["total_enriched_kg_u"] != 1000.5
    dry = client.post(
        "/api/record/additions", json={"csv": csv_text([ROW]), "dry_run": True}, headers=AUTH
    )
    assert dry.json()["stored"] is False
    added = client.post("/api/record/additions", json={"csv": csv_text([ROW])}, headers=AUTH)
    assert added.status_code == 201
    assert added.json()["ids"] == ["2026-05-20.stock.total"]
    state = client.get("/api/state", params={"as_of": "2026-06-01"}).json()
    assert state["total_enriched_kg_u"] == 1000.5
