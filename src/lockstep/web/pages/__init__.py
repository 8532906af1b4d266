"""Dashboard pages: server-rendered templates with small scripts (no inline JS)."""

from __future__ import annotations

from fastapi import APIRouter

from lockstep.web.pages.common import api_docs, error_page, render


def routers() -> list[APIRouter]:
    """Every page router."""
    from lockstep.web.pages import agreement, breakout, data, overview, planner, timeline, vendor

    return [
        overview.router,
        timeline.router,
        breakout.router,
        planner.router,
        agreement.router,
        data.router,
        vendor.router,
    ]


__all__ = ["api_docs", "error_page", "render", "routers"]
