"""The Vega, Vega-Lite and Vega-Embed scripts, served from the package (no CDN).

The bundle is produced offline by vl-convert (the same Vega versions that draw the
briefs' SVG), kept in the user cache directory keyed by the vl-convert version, and
served with a long cache lifetime under a versioned path. Pages draw charts with Vega's
expression interpreter (``ast: true``), so ``script-src 'self'`` holds without
``'unsafe-eval'``.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

router = APIRouter(include_in_schema=False)


def bundle_version() -> str:
    """Version tag of the bundle (vl-convert's, which pins Vega, Vega-Lite and Vega-Embed)."""
    from importlib.metadata import version

    return version("vl-convert-python")


def bundle_path() -> str:
    """URL path of the bundle; the version in it lets browsers cache it for a year."""
    return f"/vendor/vega-{bundle_version()}.js"


@lru_cache(maxsize=1)
def vega_bundle() -> tuple[bytes, bytes]:
    """The bundle as JavaScript and its gzip; built once per vl-convert version."""
    from platformdirs import user_cache_dir

    cache = Path(user_cache_dir("lockstep", appauthor=False)) / f"vega-{bundle_version()}.js"
    if cache.is_file():
        script = cache.read_bytes()
    else:
        import vl_convert

        script = vl_convert.javascript_bundle().encode()  # type: ignore[call-arg]
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=cache.parent, prefix=".vega.")
            with os.fdopen(handle, "wb") as out:
                out.write(script)
            os.replace(temp, cache)
        except OSError:
            pass  # a read-only cache only costs a rebuild next start
    return script, gzip.compress(script, 6)


@router.get("/vendor/vega-{version}.js")
def vega_script(request: Request, version: str) -> Response:
    """The Vega bundle (gzip when the client accepts it)."""
    script, packed = vega_bundle()
    headers = {"Cache-Control": "public, max-age=31536000, immutable", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(packed, media_type="text/javascript", headers=headers)
    return Response(script, media_type="text/javascript", headers=headers)
