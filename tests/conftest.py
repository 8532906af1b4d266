"""Shared test configuration."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_db(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Never read or write the real user database: point LOCKSTEP_DB at an empty file.

    Tests that need their own database set LOCKSTEP_DB again (their fixture runs later).
    """
    path: Path = tmp_path_factory.mktemp("userdb") / "user.db"
    monkeypatch.setenv("LOCKSTEP_DB", f"sqlite:///{path}")
    monkeypatch.delenv("LOCKSTEP_TOKEN", raising=False)
