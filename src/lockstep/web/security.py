"""Security middleware and the write-token check."""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Content-Security-Policy: everything from this origin, no inline scripts or styles,
#: no plugins, no framing. Charts are inline SVG using presentation attributes only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders:
    """ASGI middleware: add the security headers and cap request bodies (413).

    Written as plain ASGI rather than ``BaseHTTPMiddleware`` to keep per-request overhead
    small under concurrent load.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.raw_headers = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        too_large = f"request body over the {limit}-byte limit"
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            response = JSONResponse(
                {"detail": too_large, "error": "PayloadTooLarge"},
                status_code=413,
                headers=HEADERS,
            )
            await response(scope, receive, send)
            return
        received = 0

        async def counted_receive() -> Message:
            # A chunked body declares no length: count it as it streams in. The
            # exception is an HTTPException so that the app's body reader passes it on
            # unchanged and the error handler answers 413.
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise StarletteHTTPException(413, too_large)
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.raw_headers if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, counted_receive, send_with_headers)


def check_token(request: Request) -> None:
    """Require the write token (``Authorization: Bearer ...``), compared in constant time.

    Raises
    ------
    fastapi.HTTPException
        403 when the app is read-only (no token configured) or the token is wrong.
    """
    expected: str | None = request.app.state.settings.token
    if not expected:
        raise HTTPException(403, "read-only: set LOCKSTEP_TOKEN on the server to allow saving")
    header = request.headers.get("authorization", "")
    given = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(403, "a valid token is required to save (Authorization: Bearer ...)")
