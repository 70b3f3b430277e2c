"""The real ``pars serve`` in a subprocess: it migrates a fresh data folder, answers, and stops.

Uses SQLite in a temporary PARS_DATA_DIR (PARS_DATABASE_URL is removed), a free
localhost port, and plain urllib, so it checks what an operator's load balancer
and browser would see: the health check, the login redirect, the NHS.UK static
files through WhiteNoise, and the security headers.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

START_TIMEOUT_S = 120  # a fresh database is migrated first; generous for 2 shared cores


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with _opener.open(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def server(tmp_path: Path):
    port = _free_port()
    env = {**os.environ, "PARS_DATA_DIR": str(tmp_path / "data"), "PARS_LOG_LEVEL": "WARNING"}
    env.pop("PARS_DATABASE_URL", None)
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "pars", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"pars serve exited with {process.returncode}:\n{log_path.read_text()}")
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass  # not listening yet
            if time.monotonic() > deadline:
                pytest.fail(f"/healthz did not answer 200 in time:\n{log_path.read_text()}")
            time.sleep(0.25)
        yield base, process, log_path
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def test_serve_answers_health_login_static_and_stops(server):
    base, process, log_path = server
    status, headers, body = _get(base + "/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok"}

    status, headers, _ = _get(base + "/")
    assert status == 302 and headers["Location"].startswith("/accounts/login/")

    status, headers, body = _get(base + "/accounts/login/")
    assert status == 200
    assert b'class="nhsuk-header__service-name">PARS<' in body
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]

    status, headers, body = _get(base + "/static/nhsuk/nhsuk-frontend.min.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert b".nhsuk-header" in body
    status, headers, _ = _get(base + "/static/pars/init.js")
    assert status == 200 and "javascript" in headers["Content-Type"]

    assert _get(base + "/no-such-page/")[0] == 404
    assert b"listening on " + base.encode() in log_path.read_bytes()

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) is not None
    with pytest.raises(OSError):
        _get(base + "/healthz")


def test_deploy_checks_with_production_settings(tmp_path):
    """Django's deployment checks, with the settings an operator uses behind TLS.

    Left, on purpose: HTTP->HTTPS redirect and HSTS subdomain/preload policy
    belong to the TLS-terminating proxy in front of `pars serve` (docs/operations.md).
    """
    env = {
        **os.environ,
        "PARS_DATA_DIR": str(tmp_path / "data"),
        "PARS_SECURE_COOKIES": "true",
        "PARS_DEBUG": "false",
        "PARS_LOG_LEVEL": "WARNING",
    }
    env.pop("PARS_DATABASE_URL", None)
    script = (
        "from pars import setup_django; setup_django();"
        "from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='ERROR')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    reported = set(re.findall(r"\(security\.(W\d+)\)", result.stderr + result.stdout))
    assert reported <= {"W005", "W008", "W021"}, result.stderr
