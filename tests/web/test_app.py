from __future__ import annotations

from fastapi.testclient import TestClient

from lockstep.web import Settings, create_app
from lockstep.web.security import CSP


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/healthz", "/docs", "/openapi.json", "/no-such-page"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
    assert "'unsafe-inline'" not in CSP


def test_unknown_api_path_is_json_404(client: TestClient) -> None:
    response = client.get("/api/nothing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found", "error": "NotFound"}


def test_oversized_body_is_refused(settings: Settings) -> None:
    small = TestClient(
        create_app(Settings(db_url=settings.db_url, max_body_bytes=10)), base_url="http://127.0.0.1"
    )
    response = small.post("/api/anything", content=b"x" * 100)
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]


def test_docs_page_is_self_contained(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "/openapi.json" in response.text
    # No third-party assets: every script and stylesheet is served by the app itself.
    assert "cdn" not in response.text.lower()
    assert "<script>" not in response.text


def test_settings_from_env(monkeypatch: object) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    mp.setenv("LOCKSTEP_MAX_SAMPLES", "123")
    mp.setenv("LOCKSTEP_TOKEN", "abc")
    try:
        settings = Settings.from_env(port=9000)
    finally:
        mp.undo()
    assert settings.max_samples == 123
    assert settings.token == "abc"
    assert settings.port == 9000
    assert settings.host == "127.0.0.1"
