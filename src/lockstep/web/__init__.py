"""The web app: JSON API (OpenAPI at /openapi.json, reference at /docs) and dashboard."""

from lockstep.web.app import create_app
from lockstep.web.settings import Settings

__all__ = ["Settings", "create_app"]
