"""Shared test configuration."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Keep the parsed-data cache (lockstep.parsed_cache) out of the user's home."""
    import os
    import tempfile

    os.environ.setdefault("LOCKSTEP_CACHE_DIR", tempfile.mkdtemp(prefix="lockstep-cache-"))


@pytest.fixture(autouse=True)
def _isolated_user_db(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Never read or write the real user database: point LOCKSTEP_DB at an empty file.

    Tests that need their own database set LOCKSTEP_DB again (their fixture runs later).
    """
    path: Path = tmp_path_factory.mktemp("userdb") / "user.db"
    monkeypatch.setenv("LOCKSTEP_DB", f"sqlite:///{path}")
    monkeypatch.delenv("LOCKSTEP_TOKEN", raising=False)


@pytest.fixture
def postgres_url():  # type: ignore[no-untyped-def]
    """A fresh, empty PostgreSQL schema on the test server, as a SQLAlchemy URL.

    ``make test`` starts the server (scripts/with-test-services) and sets
    LOCKSTEP_TEST_POSTGRES_URL and LOCKSTEP_REQUIRE_SERVICES; without them (a bare
    ``pytest`` run) the PostgreSQL tests are skipped, with them a missing server fails.
    """
    import os
    import uuid

    base = os.environ.get("LOCKSTEP_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("LOCKSTEP_REQUIRE_SERVICES"):
            pytest.fail("LOCKSTEP_TEST_POSTGRES_URL is not set: run the tests with `make test`")
        pytest.skip("no PostgreSQL test server (run `make test`)")
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = f"{base}?options=-csearch_path%3D{schema}"
    yield url
    from lockstep.store.database import engine_for

    engine_for(url).dispose()
    with admin.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def dask_scheduler() -> str:
    """The address of the real Dask cluster ``make test`` starts (a scheduler, 2 workers).

    Skipped without it in a bare ``pytest`` run; a failure under ``make test``.
    """
    import os

    address = os.environ.get("LOCKSTEP_TEST_DASK_SCHEDULER")
    if not address:
        if os.environ.get("LOCKSTEP_REQUIRE_SERVICES"):
            pytest.fail("LOCKSTEP_TEST_DASK_SCHEDULER is not set: run the tests with `make test`")
        pytest.skip("no Dask test cluster (run `make test`)")
    return address
