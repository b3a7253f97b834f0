"""What the benchmarks share: a scratch PostgreSQL database, and the demo loaded into a fresh
instance (SQLite in a temporary directory, or the PostgreSQL database given)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def fresh_postgres(url: str) -> None:
    """Drop the database the URL names (closing its connections) and create it anew."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')


def demo_database(database_url: str | None, prefix: str, env: dict[str, str] | None = None) -> str:
    """Set Django up on a fresh instance holding the demo; returns "postgresql" or "sqlite"."""
    os.environ.update(
        {
            "CHISO_DATA_DIR": tempfile.mkdtemp(prefix=prefix),
            "SECRET_KEY": "bench",
            "DJANGO_SETTINGS_MODULE": "chiso.web.settings",
            **(env or {}),
        }
    )
    if database_url:
        fresh_postgres(database_url)
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    return "postgresql" if database_url else "sqlite"
