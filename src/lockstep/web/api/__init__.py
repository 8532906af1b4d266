"""JSON API routers, one module per resource, mounted under ``/api``."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Every API router, in the order they appear in the OpenAPI document."""
    from lockstep.web.api import agreement, breakout, compliance, plans, record, saved, state

    return [
        state.router,
        agreement.router,
        record.router,
        compliance.router,
        breakout.router,
        plans.router,
        saved.router,
    ]
