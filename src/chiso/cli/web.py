"""``chiso demo`` (the web application with demo data on SQLite) and ``chiso manage`` (Django's
management commands, for administrators)."""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path


def _environment(data_dir: str | None) -> Path:
    directory = Path(data_dir or os.environ.get("CHISO_DATA_DIR") or Path.cwd() / "var").resolve()
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["CHISO_DATA_DIR"] = str(directory)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.web.settings")
    if not os.environ.get("SECRET_KEY"):
        key_file = directory / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
            key_file.chmod(0o600)
        os.environ["SECRET_KEY"] = key_file.read_text(encoding="utf-8").strip()
    return directory


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="run the web application with demo data (SQLite)",
        description="Create or update the SQLite database in ./var (or CHISO_DATA_DIR), load the demo (Sơn La "
        "2025, illustrative national data, demo users) and serve on 127.0.0.1. Safe to run again.",
    )
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--data-dir", help="where the database and static files go (default ./var)")
    p.add_argument("--no-serve", action="store_true", help="prepare everything, do not serve")
    p.set_defaults(run=run_demo)
    m = sub.add_parser("manage", help="Django management commands (migrate, createsuperuser, ...)", add_help=False)
    m.add_argument("args", nargs=argparse.REMAINDER)
    m.set_defaults(run=run_manage)


def run_demo(args: argparse.Namespace) -> int:
    directory = _environment(args.data_dir)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo")
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"data in {directory}")
    if args.no_serve:
        return 0
    print(f"chiso: http://127.0.0.1:{args.port}/  (demo users and passwords: see README)")
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False)
    return 0


def run_manage(args: argparse.Namespace) -> int:
    _environment(None)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["chiso manage", *args.args])
    return 0
