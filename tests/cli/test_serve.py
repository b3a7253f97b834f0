"""``chiso serve``: the application under gunicorn (ISSUE-14, production server)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from chiso.cli.web import MAX_WORKERS, default_workers

CHISO = str(Path(sys.executable).parent / "chiso")
KEY = "Zx9-Qw8Lp7Mn6Bv5Cx4Za3Sd2Fg1Hj0Kl9Po8Iu7Yt6Re5Wq4Ea3Sd2Fg1Hj0Kl9"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return {**keep, "CHISO_DATA_DIR": str(tmp_path), **extra}


def test_default_workers():
    assert default_workers(1) == 3 and default_workers(2) == 5
    assert default_workers(64) == MAX_WORKERS


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "true", "SECRET_KEY": KEY}, "DEBUG is on"),
        ({}, "SECRET_KEY is not set"),
        ({"DEBUG": "perhaps", "SECRET_KEY": KEY}, "not a boolean"),
    ],
)
def test_refuses_debug_or_no_secret_key(tmp_path, env, message):
    r = subprocess.run([CHISO, "serve"], env=_env(tmp_path, **env), capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and message in r.stderr
    assert "Traceback" not in r.stderr


def _get(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def test_serve_answers_healthz_and_login(tmp_path):
    env = _env(tmp_path, SECRET_KEY=KEY, CHISO_PLAIN_HTTP="true")
    migrate = subprocess.run([CHISO, "manage", "migrate", "-v", "0"], env=env, capture_output=True, text=True)
    assert migrate.returncode == 0, migrate.stderr
    # migrations create no user: the demo users exist only where `chiso demo` (load_demo) was run
    users = subprocess.run(
        [
            CHISO,
            "manage",
            "shell",
            "-v",
            "0",
            "-c",
            "from django.contrib.auth.models import User; print(User.objects.count())",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert users.stdout.strip() == "0", users.stderr
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [CHISO, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, body, _ = _get(base + "/healthz")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        "chiso serve did not start:\n" + (tmp_path / "serve.log").read_text()
                    ) from None
                time.sleep(0.5)
        assert status == 200, body
        assert json.loads(body) == {
            "database": True,
            "migrations": True,
            "pending_migrations": 0,
            "storage": True,
            "status": "ok",
        }
        status, body, headers = _get(base + "/login/")
        assert status == 200 and "Đăng nhập" in body.decode()
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        status, body, _ = _get(base + "/static/chiso/chiso.css")  # WhiteNoise
        assert status == 200 and b"chiso" in body
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert "Booting worker" in output and '"GET /login/ HTTP/1.1" 200' in output
