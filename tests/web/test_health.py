"""/healthz: database reachable, migrations applied, storage writable (ISSUE-14, production server)."""

from __future__ import annotations

from unittest import mock

import pytest


@pytest.mark.django_db
def test_healthy(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    r = client.get("/healthz")  # no login
    assert r.status_code == 200
    assert r.json() == {
        "database": True,
        "migrations": True,
        "pending_migrations": 0,
        "storage": True,
        "status": "ok",
    }
    assert list(tmp_path.rglob("*.txt")) == []  # the probe file is removed
    assert "no-cache" in r["Cache-Control"]


@pytest.mark.django_db
def test_storage_not_writable(client, settings, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the media directory should be")
    settings.MEDIA_ROOT = blocked
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["storage"] is False and r.json()["status"] == "error"


@pytest.mark.django_db
def test_pending_migrations(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with mock.patch("chiso.web.health.MigrationExecutor") as executor:
        executor.return_value.migration_plan.return_value = [("people", "0099_new")]
        r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["migrations"] is False and r.json()["pending_migrations"] == 1


@pytest.mark.django_db
def test_database_unreachable(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with mock.patch("chiso.web.health._database", side_effect=Exception("connection refused")):
        r = client.get("/healthz")
    body = r.json()
    assert r.status_code == 503 and body["database"] is False and body["migrations"] is False
    assert "refused" not in r.content.decode()  # no detail for outsiders


@pytest.mark.django_db
def test_health_is_exempt_from_the_https_redirect(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/login/").status_code == 301
