"""Settings read the environment and fail loudly on bad values."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from chiso.web.env import SettingError, env_bool, env_int, env_list, env_str


def test_helpers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_bool("X_BOOL", False) is True
    assert env_int("X_INT", 0) == 12
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    assert env_str("X_MISSING", "d") == "d"
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(SettingError, match="not a boolean"):
        env_bool("X_BOOL", False)
    monkeypatch.setenv("X_INT", "twelve")
    with pytest.raises(SettingError, match="not a whole number"):
        env_int("X_INT", 0)
    with pytest.raises(SettingError, match="is required"):
        env_str("X_MISSING")


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-c", "import chiso.web.settings"], env={**clean, **env}, capture_output=True, text=True
    )


def test_secret_key_required_without_debug():
    r = _load_settings()
    assert r.returncode != 0 and "SECRET_KEY is required" in r.stderr


def test_bad_debug_value():
    r = _load_settings(DEBUG="sometimes", SECRET_KEY="x")
    assert r.returncode != 0 and "DEBUG='sometimes' is not a boolean" in r.stderr


def test_bad_database_url():
    r = _load_settings(SECRET_KEY="x", DATABASE_URL="oracle-ish://nowhere")
    assert r.returncode != 0 and "DATABASE_URL" in r.stderr


def test_good_environment_loads():
    r = _load_settings(SECRET_KEY="x", DATABASE_URL="postgres://u@127.0.0.1:5432/chiso")
    assert r.returncode == 0, r.stderr


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "f8Kq2-vX9pLm4Rt7Yw1Zs6Nb3Hc5Jd0Ge8Ua2Io4Pe7Tr9Wq1Ys3Dx5Fv7Bn9Mk",
    "ALLOWED_HOSTS": "chiso.sokhcn.example.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://chiso.sokhcn.example.gov.vn",
}


def _clean_env(tmp_path, **env: str) -> dict[str, str]:
    """Only what a system needs to run a program, plus the given settings: no DEBUG, no CHISO_*."""
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "SYSTEMROOT") if k in os.environ}
    return {**keep, "CHISO_DATA_DIR": str(tmp_path), **env}


def test_check_deploy_has_no_warning_with_only_the_four_settings(tmp_path):
    chiso = os.path.join(os.path.dirname(sys.executable), "chiso")
    r = subprocess.run(
        [chiso, "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=_clean_env(tmp_path, **PRODUCTION),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "System check identified no issues" in r.stdout
    assert "WARNING" not in r.stdout + r.stderr


def _setting_values(tmp_path, names: list[str], **env: str) -> dict:
    code = (
        "import json, chiso.web.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}, default=str))"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], env=_clean_env(tmp_path, **env), capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    import json

    return json.loads(r.stdout)


SECURE = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"]


def test_secure_by_default_and_plain_http_for_an_intranet(tmp_path):
    assert _setting_values(tmp_path, SECURE, **PRODUCTION) == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
    }
    assert _setting_values(tmp_path, SECURE, **PRODUCTION, CHISO_PLAIN_HTTP="true") == {
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
    }
    behind = _setting_values(tmp_path, ["SECURE_PROXY_SSL_HEADER"], **PRODUCTION, CHISO_BEHIND_PROXY="true")
    assert behind == {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]}


def test_sqlite_waits_for_a_busy_database(tmp_path):
    options = _setting_values(tmp_path, ["DATABASES"], **PRODUCTION)["DATABASES"]["default"]["OPTIONS"]
    assert options["timeout"] == 20 and options["transaction_mode"] == "IMMEDIATE"
