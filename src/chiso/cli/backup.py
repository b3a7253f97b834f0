"""``chiso backup`` and ``chiso restore``: the database and the stored files in one archive, and back."""

from __future__ import annotations

import argparse
import sys

from .web import _environment

DATA_DIR_HELP = "the instance's data directory (default: CHISO_DATA_DIR or ./var); DATABASE_URL picks PostgreSQL"


def register(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser(
        "backup",
        help="write the database and the stored files to one archive",
        description="Write one .tar.gz archive holding the database (SQLite: a consistent copy through its "
        "backup API; PostgreSQL: pg_dump --format=custom) and every stored file, with a manifest.json "
        "(versions, migration state, SHA-256 of every member). Safe while the application runs. The archive "
        "is created with mode 0600: it holds the users' password hashes.",
    )
    b.add_argument("--out", "-o", required=True, help="the archive to write, e.g. chiso-2026-05-01.tar.gz")
    b.add_argument("--force", action="store_true", help="replace FILE if it exists")
    b.add_argument("--data-dir", help=DATA_DIR_HELP)
    b.set_defaults(run=run_backup)
    r = sub.add_parser(
        "restore",
        help="restore an archive of `chiso backup` into an empty instance",
        description="Check the whole archive (SHA-256 of every member, database vendor, migration state), then "
        "restore the database and the stored files into this instance, which must be empty (a new SQLite data "
        "directory, or a new PostgreSQL database). Nothing is changed when a check fails.",
    )
    r.add_argument("file", help="the archive written by chiso backup")
    r.add_argument("--data-dir", help=DATA_DIR_HELP)
    r.set_defaults(run=run_restore)


def _log(message: str) -> None:
    print(message, file=sys.stderr)


def run_backup(args: argparse.Namespace) -> int:
    _environment(args.data_dir)
    import django

    django.setup()
    from chiso.web.backup import BackupError, create_backup

    try:
        manifest = create_backup(args.out, force=args.force, log=_log)
    except OSError as exc:  # a directory that cannot be written, a full disk: no traceback
        raise BackupError(f"backup not written: {exc}") from None
    files = sum(1 for m in manifest["members"] if m["path"].startswith("storage/"))
    size = sum(m["size"] for m in manifest["members"])
    print(
        f"wrote {args.out}: {manifest['database']['vendor']} database and {files} stored file(s), "
        f"{size / 1e6:.1f} MB before compression. Mode 0600: it holds password hashes, keep it safe.",
        file=sys.stderr,
    )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    _environment(args.data_dir)
    import django

    django.setup()
    from chiso.web.backup import BackupError, restore_backup

    try:
        manifest = restore_backup(args.file, log=_log)
    except OSError as exc:
        raise BackupError(f"restore stopped: {exc}") from None
    files = sum(1 for m in manifest["members"] if m["path"].startswith("storage/"))
    print(
        f"restored {args.file} (chiso {manifest['chiso_version']}, {manifest['created_at']}): "
        f"{manifest['database']['vendor']} database and {files} stored file(s)",
        file=sys.stderr,
    )
    return 0
