"""Headless Chromium (Debian's, via Playwright) against a live lockstep server.

Every page must load with no console errors and no request leaving 127.0.0.1; the
``page`` fixture records both and fails the test on either. Screenshots go to
``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from lockstep.web import Settings, create_app

    db = tmp_path_factory.mktemp("browser") / "web.db"
    app = create_app(Settings(db_url=f"sqlite:///{db}", token="browser-token"))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = os.environ.get("LOCKSTEP_CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.fail("Debian's chromium is required: run the tests with `make test`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageWatch:
    """What a page did that a test must check: console errors, outside requests."""

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.outside_requests: list[str] = []


@pytest.fixture
def page(browser: object, live_server: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    watch = PageWatch()
    tab.on(
        "console",
        lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    tab.on("pageerror", lambda exc: watch.console_errors.append(str(exc)))

    def _route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
            route.continue_()  # type: ignore[attr-defined]
        else:
            watch.outside_requests.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", _route)
    tab.watch = watch
    tab.base = live_server
    yield tab
    context.close()
    assert watch.console_errors == [], f"console errors: {watch.console_errors}"
    assert watch.outside_requests == [], f"requests leaving 127.0.0.1: {watch.outside_requests}"


@pytest.fixture
def screenshot() -> object:
    """Save a full-page screenshot under test-artifacts/screenshots/."""

    def save(tab: object, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path

    return save
