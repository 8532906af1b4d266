"""A small thread-safe LRU cache for computed views (breakout, compliance, plans)."""

from __future__ import annotations

import gzip
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response


class ResultCache:
    """Least-recently-used cache of computed results, keyed by request parameters.

    Parameters
    ----------
    size
        Entries kept [count].
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached value of ``key``, computing and storing it on a miss."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def peek(self, key: Hashable) -> Any:
        """The cached value of ``key``, or None (marks it recently used)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def __len__(self) -> int:
        """Entries held [count]."""
        with self._lock:
            return len(self._items)

    def clear(self) -> None:
        """Forget every entry (e.g. after the record changed)."""
        with self._lock:
            self._items.clear()


def encode_json(value: Any) -> bytes:
    """``value`` as gzip-compressed JSON (NaN and infinities as null), the form cached."""
    text = json.dumps(_finite(value), ensure_ascii=False, allow_nan=False, default=str)
    return gzip.compress(text.encode(), compresslevel=6, mtime=0)


def json_response(request: Request, body: bytes) -> Response:
    """A response of cached, gzip-compressed JSON.

    Sent as is to a client that accepts gzip (every browser), decompressed for one that
    does not.
    """
    headers = {"Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(body, media_type="application/json", headers=headers)
    return Response(gzip.decompress(body), media_type="application/json", headers=headers)


async def cached_json(
    request: Request, cache: ResultCache, key: Hashable, compute: Callable[[], Any]
) -> Response:
    """A JSON response of ``compute()``, serialized once and served from ``cache`` after.

    A miss runs ``compute`` in the thread pool, so a slow computation (a breakout with
    many samples) never blocks the event loop; a hit costs a dictionary lookup. Entries
    are kept compressed, which bounds the memory a cache of every day takes.
    """
    found = cache.peek(("json", key))
    if found is None:
        found = await run_in_threadpool(
            cache.get_or_compute, ("json", key), lambda: encode_json(compute())
        )
    return json_response(request, found)


def _finite(value: Any) -> Any:
    """Replace NaN and infinities (not JSON) by None, recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value
