from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from lockstep.web import Settings, create_app


@pytest.fixture
def settings(tmp_path: object) -> Settings:
    return Settings(db_url=f"sqlite:///{tmp_path}/web.db", token="s3cret-token")


@pytest.fixture
def client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings), base_url="http://127.0.0.1")
