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
