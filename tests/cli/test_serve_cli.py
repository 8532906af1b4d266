"""``lockstep serve`` (the README's main job) starts, prints the summary and the URL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_serve_prints_summary_and_serves(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "LOCKSTEP_DB": f"sqlite:///{tmp_path / 'user.db'}", "COLUMNS": "120"}
    process = subprocess.Popen(
        [sys.executable, "-m", "lockstep", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        body = b""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read()
                break
            except OSError:
                time.sleep(0.3)
        assert b'"status":"ok"' in body
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert "JCPOA obligations by status" in output
    assert f"http://127.0.0.1:{port}/" in output


def test_port_in_use_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    from lockstep.cli.main import run

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert run(["serve", "--no-summary", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --host/--port: expected an address to listen on")
    assert err.count("\n") == 1


def test_empty_host_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    from lockstep.cli.main import run

    # An empty host makes uvicorn listen on every interface: never by accident.
    assert run(["serve", "--no-summary", "--host", "", "--port", str(_free_port())]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --host: expected an interface address such as 127.0.0.1")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("url", "start"),
    [
        ("not-a-url", "not a database URL: 'not-a-url'"),
        ("postgresql://nobody@127.0.0.1:1/none", "cannot open the database"),
    ],
)
def test_bad_database_fails_at_start_in_one_line(
    url: str, start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from lockstep.cli.main import run

    assert run(["serve", "--no-summary", "--db", url, "--port", str(_free_port())]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert start in err
    assert err.count("\n") == 1
