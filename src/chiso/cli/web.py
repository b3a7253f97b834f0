"""``chiso demo`` (the web application with demo data on SQLite), ``chiso serve`` (the application
under gunicorn, for production) and ``chiso manage`` (Django's management commands, for
administrators)."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

MAX_WORKERS = 8


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
    s = sub.add_parser(
        "serve",
        help="serve the application under gunicorn (production)",
        description="Serve chiso under gunicorn with static files by WhiteNoise. Needs SECRET_KEY and DEBUG off; "
        "runs no migration (run `chiso manage migrate` after each upgrade). Settings from the environment "
        "(README: Production).",
    )
    s.add_argument("--bind", default="127.0.0.1:8000", help="address:port to listen on (default 127.0.0.1:8000)")
    s.add_argument("--workers", type=int, help=f"worker processes (default 2 x CPU cores + 1, at most {MAX_WORKERS})")
    s.add_argument("--timeout", type=int, default=120, help="seconds a request may take before its worker restarts")
    s.add_argument(
        "--no-collectstatic", action="store_true", help="do not collect static files first (already collected)"
    )
    s.set_defaults(run=run_serve)
    m = sub.add_parser("manage", help="Django management commands (migrate, createsuperuser, ...)", add_help=False)
    m.add_argument("args", nargs=argparse.REMAINDER)
    m.set_defaults(run=run_manage)


def run_demo(args: argparse.Namespace) -> int:
    # The demo runs on plain HTTP on 127.0.0.1: no HTTPS redirect, no HSTS, cookies not Secure.
    os.environ.setdefault("CHISO_PLAIN_HTTP", "true")
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


def default_workers(cpus: int | None = None) -> int:
    """2 x cores + 1 (gunicorn's advice for CPU-light requests), at most MAX_WORKERS."""
    cpus = cpus or os.cpu_count() or 1
    return max(1, min(2 * cpus + 1, MAX_WORKERS))


def _refuse(message: str) -> int:
    print(f"chiso serve: {message}", file=sys.stderr)
    return 2


def run_serve(args: argparse.Namespace) -> int:
    from chiso.web.env import SettingError, env_bool

    if args.workers is not None and args.workers < 1:
        return _refuse("--workers must be 1 or more")
    host, _, port = args.bind.rpartition(":")
    if not host or not port.isdigit():
        return _refuse(f"--bind {args.bind!r}: give address:port, e.g. 127.0.0.1:8000")
    try:
        if env_bool("DEBUG", False):
            return _refuse("DEBUG is on: never serve production with DEBUG (unset DEBUG or set DEBUG=false)")
    except SettingError as exc:
        return _refuse(str(exc))
    if not os.environ.get("SECRET_KEY"):
        return _refuse("SECRET_KEY is not set: give a random key of 50 characters or more in the environment")
    directory = Path(os.environ.get("CHISO_DATA_DIR") or Path.cwd() / "var").resolve()
    os.environ["CHISO_DATA_DIR"] = str(directory)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.web.settings")
    try:
        import django

        django.setup()
    except SettingError as exc:
        return _refuse(str(exc))
    from django.core.management import call_command
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    if not args.no_collectstatic:
        call_command("collectstatic", interactive=False, verbosity=0)
    executor = MigrationExecutor(connections["default"])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        print(
            f"chiso serve: {len(pending)} migration(s) not applied: run `chiso manage migrate` "
            "(/healthz answers 503 until then)",
            file=sys.stderr,
        )
    connections.close_all()  # the workers are forked: none may inherit this process's connection

    from gunicorn.app.base import BaseApplication

    from chiso.web.wsgi import application

    options = {
        "bind": args.bind,
        "workers": args.workers or default_workers(),
        "timeout": args.timeout,
        "accesslog": "-",
        "errorlog": "-",
        "preload_app": True,
        "proc_name": "chiso",
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    print(f"chiso: serving on http://{args.bind}/ with {options['workers']} workers", file=sys.stderr)
    Server().run()
    return 0
