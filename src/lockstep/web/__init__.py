"""The web app: JSON API (OpenAPI at /openapi.json, reference at /docs) and dashboard."""

from typing import TYPE_CHECKING

from lockstep._lazy import attach

if TYPE_CHECKING:
    from lockstep.web.app import create_app
    from lockstep.web.settings import Settings

if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, __file__)

__all__ = ["Settings", "create_app"]
