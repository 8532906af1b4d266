from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_api_docs_page_loads_offline(page: object, screenshot: object) -> None:
    page.goto(page.base + "/docs")  # type: ignore[attr-defined]
    assert "API" in page.title()  # type: ignore[attr-defined]
    assert screenshot(page, "docs").stat().st_size > 1000  # type: ignore[operator]
