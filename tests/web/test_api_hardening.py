"""Limits and hardening of the web app (issue 13, point 8)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lockstep.web import Settings, create_app
from lockstep.web.contract import EARLIEST_DAY
from web_support import AUTH, ROW, csv_text

BASE = "http://127.0.0.1"


def _client(tmp_path: Path, **settings: object) -> TestClient:
    db = f"sqlite:///{tmp_path}/web.db"
    config = Settings(db_url=db, token="s3cret-token", **settings)  # type: ignore[arg-type]
    return TestClient(create_app(config), base_url=BASE)


def _chunks(total: int, size: int = 4096) -> Iterator[bytes]:
    body = json.dumps({"kind": "plan", "name": "big", "parameters": {"x": "y" * total}})
    data = body.encode()
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_chunked_body_over_the_cap_is_413_and_nothing_is_saved(tmp_path: Path) -> None:
    client = _client(tmp_path, max_body_bytes=10_000)
    response = client.post(
        "/api/saved",
        content=_chunks(50_000),
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert response.status_code == 413
    assert response.json() == {
        "detail": "request body over the 10000-byte limit",
        "error": "PayloadTooLarge",
    }
    assert client.get("/api/saved").json()["total"] == 0


def test_chunked_body_under_the_cap_is_saved(tmp_path: Path) -> None:
    client = _client(tmp_path, max_body_bytes=10_000)
    response = client.post(
        "/api/saved", content=_chunks(2_000), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert response.status_code == 201


def test_saved_items_are_paginated_and_capped(tmp_path: Path) -> None:
    client = _client(tmp_path, max_saved_page=5)
    for n in range(12):
        body = {"kind": "plan", "name": f"plan {n}", "parameters": {}, "results": {"n": n}}
        assert client.post("/api/saved", json=body, headers=AUTH).status_code == 201
    page = client.get("/api/saved", params={"limit": 100, "offset": 2}).json()
    assert page["total"] == 12
    assert page["limit"] == 5  # the server's cap wins over the request
    assert [i["name"] for i in page["items"]] == [f"plan {n}" for n in (9, 8, 7, 6, 5)]
    assert "results" not in page["items"][0]  # a page lists; one item holds the content
    full = client.get("/api/saved", params={"limit": 1, "full": True}).json()
    assert full["items"][0]["results"] == {"n": 11}
    assert client.get("/api/saved", params={"limit": 0}).status_code == 422
    assert client.get("/api/saved", params={"offset": -1}).status_code == 422


def test_unknown_host_is_refused(tmp_path: Path) -> None:
    client = _client(tmp_path)
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost:8000"}).status_code == 200
    # DNS rebinding: a page from another site resolving its name to 127.0.0.1.
    assert client.get("/api/state", headers={"Host": "evil.example"}).status_code == 400
    other = _client(tmp_path, allowed_hosts=("lockstep.example.org",))
    assert other.get("/healthz", headers={"Host": "lockstep.example.org"}).status_code == 200
    assert other.get("/healthz", headers={"Host": "localhost"}).status_code == 400


def test_allowed_hosts_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCKSTEP_ALLOWED_HOSTS", "a.example, b.example")
    settings = Settings.from_env(host="10.0.0.5")
    assert settings.trusted_hosts() == ["a.example", "b.example", "10.0.0.5"]
    assert Settings(host="0.0.0.0").trusted_hosts() == ["127.0.0.1", "localhost", "::1"]


def test_html_and_json_are_compressed(tmp_path: Path) -> None:
    client = _client(tmp_path)
    for path in ("/", "/api/agreements/jcpoa"):
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        assert response.headers["content-encoding"] == "gzip"
        raw = client.get(path, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in raw.headers
        assert len(gzip.compress(raw.content)) < len(raw.content) / 2
    assert client.get("/api/agreements/jcpoa").json()["id"] == "jcpoa"  # decoded transparently


def test_static_files_are_cached_and_there_is_a_favicon(tmp_path: Path) -> None:
    client = _client(tmp_path)
    css = client.get("/static/app.css")
    assert css.headers["cache-control"] == "public, max-age=86400"
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"] == "image/svg+xml"
    assert icon.content.startswith(b"<svg")
    assert 'rel="icon"' in client.get("/").text


def test_upload_errors_name_the_upload_not_a_server_path(tmp_path: Path) -> None:
    client = _client(tmp_path)
    bad = dict(ROW, value="-5")
    response = client.post("/api/record/additions", json={"csv": csv_text([bad])}, headers=AUTH)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("the uploaded CSV, row 1")
    assert "/tmp" not in detail
    assert "lockstep-upload" not in detail


def test_batch_label_is_stored(tmp_path: Path) -> None:
    from lockstep.record import list_batches

    client = _client(tmp_path)
    body = {"csv": csv_text([ROW]), "label": "IAEA May 2026 figures"}
    response = client.post("/api/record/additions", json=body, headers=AUTH)
    assert response.status_code == 201
    (batch,) = list_batches(db=f"sqlite:///{tmp_path}/web.db")
    assert batch.label == "IAEA May 2026 figures"
    assert batch.source == "web upload"


def test_every_method_of_a_resource_is_in_allow(tmp_path: Path) -> None:
    client = _client(tmp_path)
    response = client.request("PUT", "/api/saved")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, POST"
    assert response.json()["error"] == "MethodNotAllowed"


def test_dates_outside_the_record_are_refused_in_one_line(tmp_path: Path) -> None:
    client = _client(tmp_path)
    before = client.get("/api/state", params={"as_of": "2013-11-13"})
    assert before.status_code == 422
    assert before.json()["detail"].startswith("as_of: expected a date YYYY-MM-DD from 2013-11-14")
    assert client.get("/api/state", params={"as_of": str(EARLIEST_DAY)}).status_code == 200
    reversed_range = client.get(
        "/api/record/events", params={"from": "2020-01-01", "to": "2019-01-01"}
    )
    assert reversed_range.status_code == 422
    assert reversed_range.json()["detail"] == (
        "from: expected a date on or before to (2019-01-01) (got 2020-01-01)"
    )


def test_openapi_documents_the_real_error_body(tmp_path: Path) -> None:
    document = _client(tmp_path).get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert set(schemas["ErrorBody"]["required"]) == {"detail", "error"}
    saved = document["paths"]["/api/saved"]
    assert set(saved["post"]["responses"]) >= {"201", "400", "403", "409", "413", "422"}
    assert "404" in document["paths"]["/api/saved/{item_id}"]["get"]["responses"]
    events = document["paths"]["/api/record/events"]["get"]
    assert "text/csv" in events["responses"]["200"]["content"]
    as_of = next(p for p in document["paths"]["/api/state"]["get"]["parameters"])
    assert as_of["schema"]["format"] == "date"
    assert "anyOf" not in as_of["schema"]
    samples = next(
        p for p in document["paths"]["/api/breakout"]["get"]["parameters"] if p["name"] == "samples"
    )
    assert samples["schema"]["maximum"] == Settings().max_samples


def test_a_future_start_without_an_end_runs_to_that_start(tmp_path: Path) -> None:
    # Found by schemathesis: `from` after today with `to` left out was a reversed range.
    client = _client(tmp_path)
    timeline = client.get("/api/compliance/timeline", params={"from": "2055-04-20"})
    assert timeline.status_code == 200
    assert (timeline.json()["from"], timeline.json()["to"]) == ("2055-04-20", "2055-04-20")
    history = client.get("/api/breakout/history", params={"from": "2055-04-20", "samples": 10})
    assert history.status_code == 200
