"""Hardening of the web application (ISSUE-14 findings 5, 6, 7, 9): the CSP header, the upload limit
from Content-Length, "database is locked" as a 503 page, tracebacks logged with DEBUG off."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.db.utils import OperationalError

from chiso.web.security import BusyDatabaseMiddleware, server_error


@pytest.mark.django_db
def test_every_page_has_a_strict_csp(coordinator):
    for url in ("/login/", "/p/14/", "/p/14/indicators/"):
        csp = coordinator.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
        assert "unsafe" not in csp and directives["frame-ancestors"] == "'none'"
    r = coordinator.get("/p/14/")
    assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_templates_have_no_inline_script_or_style(coordinator):
    for url in ("/login/", "/p/14/", "/p/14/indicators/", "/p/14/whatif/", "/p/14/compare/"):
        body = coordinator.get(url).content.decode()
        assert " style=" not in body and " onchange=" not in body and " onclick=" not in body, url
        for tag in body.split("<script")[1:]:
            assert tag.lstrip().startswith("src=") or ' src="' in tag.split(">")[0], url


class Unread:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.django_db
def test_upload_refused_from_content_length_before_the_body_is_read(coordinator, settings):
    big = settings.CHISO_MAX_UPLOAD_BYTES + settings.CHISO_UPLOAD_MARGIN_BYTES + 1
    r = coordinator.generic(
        "POST",
        "/p/14/imports/",
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(big),
        **{"wsgi.input": Unread()},
    )
    assert r.status_code == 413
    body = r.content.decode()
    assert "Tệp quá lớn" in body and "5 MB" in body
    assert r["Connection"] == "close"


@pytest.mark.django_db
def test_an_api_upload_too_large_is_refused_in_json(client, settings):
    big = settings.CHISO_MAX_UPLOAD_BYTES + settings.CHISO_UPLOAD_MARGIN_BYTES + 1
    r = client.generic(
        "POST",
        "/api/provinces/14/values",
        b"",
        content_type="application/json",
        CONTENT_LENGTH=str(big),
        **{"wsgi.input": Unread()},
    )
    assert r.status_code == 413 and r["Content-Type"] == "application/json"
    body = r.json()
    assert body["code"] == "file_too_large" and body["message"] == "Tệp quá lớn: tối đa 5 MB."


@pytest.mark.django_db
def test_upload_under_the_limit_goes_through(coordinator, settings):
    r = coordinator.post("/p/14/imports/", {"kind": "national"})  # a form error, not a refusal
    assert r.status_code in (200, 400)


def _raise_locked(request):
    raise OperationalError("database is locked")


def test_busy_database_in_a_view_is_a_503_page(rf):
    request = rf.post("/p/14/imports/1/confirm/")
    middleware = BusyDatabaseMiddleware(_raise_locked)
    response = middleware.process_exception(request, OperationalError("database is locked"))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Hệ thống đang bận, vui lòng thử lại" in response.content.decode()
    assert middleware.process_exception(request, OperationalError("no such table: x")) is None


def test_busy_database_outside_a_view_is_a_503_page(rf):
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500 and "Lỗi máy chủ" in response.content.decode()


def _django_script(body: str, tmp_path, **env: str) -> subprocess.CompletedProcess:
    """Run a script with the product's settings (DEBUG off) in a clean process and data directory."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "chiso.web.settings",
        "SECRET_KEY": "k" * 60,
        "CHISO_DATA_DIR": str(tmp_path),
        "CHISO_PLAIN_HTTP": "true",
        "ALLOWED_HOSTS": "testserver",
        **env,
    }
    script = "import django\ndjango.setup()\n" + textwrap.dedent(body)
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)


def test_two_writers_on_sqlite_the_second_gets_the_busy_page(tmp_path):
    """A real lock: another connection holds SQLite's write lock longer than the busy timeout; a login
    (which writes the session) answers 503 with the Vietnamese message, not a bare 500."""
    r = _django_script(
        """
        import sqlite3
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client
        call_command("migrate", verbosity=0)
        from django.contrib.auth.models import User
        User.objects.create_user("u", password="a-long-enough-password")
        from django.db import connections
        connections.close_all()
        holder = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        holder.execute("BEGIN IMMEDIATE")
        response = Client(raise_request_exception=False).post(
            "/login/", {"username": "u", "password": "a-long-enough-password"}
        )
        holder.rollback()
        print("STATUS", response.status_code)
        print(response.content.decode())
        """,
        tmp_path,
        CHISO_SQLITE_TIMEOUT="1",
    )
    assert "STATUS 503" in r.stdout, r.stdout + r.stderr
    assert "Hệ thống đang bận, vui lòng thử lại" in r.stdout


BOOM = """
import sys, types
from django.conf import settings
from django.test import Client
from django.urls import path
def boom(request):
    return 1 / 0
urls = types.ModuleType("boom_urls")
urls.urlpatterns = [path("boom/", boom)]
sys.modules["boom_urls"] = urls
settings.ROOT_URLCONF = "boom_urls"
response = Client(raise_request_exception=False).get("/boom/")
print("STATUS", response.status_code)
"""


def test_a_500_with_debug_off_logs_its_traceback_to_stderr(tmp_path):
    r = _django_script(BOOM, tmp_path)
    assert "STATUS 500" in r.stdout, r.stderr
    assert "ERROR django.request: Internal Server Error: /boom/" in r.stderr
    assert "Traceback (most recent call last)" in r.stderr and "ZeroDivisionError" in r.stderr


def test_json_log_lines(tmp_path):
    r = _django_script(BOOM, tmp_path, CHISO_LOG_FORMAT="json")
    assert "STATUS 500" in r.stdout, r.stderr
    entries = [json.loads(line) for line in r.stderr.splitlines() if line.strip()]
    error = next(e for e in entries if e["logger"] == "django.request")
    assert error["level"] == "ERROR" and error["status"] == 500 and error["path"] == "/boom/"
    assert "ZeroDivisionError" in error["exc_info"]


def test_bad_log_format_is_refused(tmp_path):
    r = _django_script("", tmp_path, CHISO_LOG_FORMAT="xml")
    assert r.returncode != 0 and "CHISO_LOG_FORMAT='xml'" in r.stderr
