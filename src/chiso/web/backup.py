"""Backups that restore: one archive with the database and every stored file, and its restore into
an empty instance.

The archive is a gzip-compressed tar file:

- ``manifest.json`` (first): format and chiso version, creation time, database vendor, the applied
  Django migrations per app, and per member its path, size and SHA-256;
- ``database/chiso.sqlite3`` (SQLite, a copy made with SQLite's online backup API) or
  ``database/chiso.pgdump`` (PostgreSQL, ``pg_dump --format=custom`` inside the same snapshot as the
  migration state that the manifest records);
- ``storage/<path>``: every file of Django's default storage (``MEDIA_ROOT``), copied after the
  database so that every file the database refers to is in the archive.

The restore reads and checks the whole archive (member names, types, sizes and SHA-256 against the
manifest, database vendor, migration state) before it touches the instance, and refuses an instance
that already holds data. The checksums detect a damaged or truncated archive; they are no signature
(whoever can rewrite the archive can rewrite its manifest): keep backups where only the operators can
write.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from chiso import __version__
from chiso.core.errors import InputError

FORMAT = "chiso-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/chiso.sqlite3", "postgresql": "database/chiso.pgdump"}
STORAGE_PREFIX = "storage/"
# Tables that `chiso manage migrate` fills by itself: an instance where only these hold rows is empty.
BOOKKEEPING_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
ARCHIVE_MODE = 0o600  # the archive holds password hashes
CHUNK = 1024 * 1024
# libpq environment variables for the connection options dj-database-url may put in OPTIONS
PG_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}


class BackupError(InputError):
    """A backup or restore that cannot be done; nothing was changed."""


Log = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


# ---------------------------------------------------------------------------------------------------
# what the instance is


def storage_root() -> Path:
    """The directory of Django's default storage (``MEDIA_ROOT``), where stored files live."""
    from django.conf import settings

    if not settings.MEDIA_ROOT:
        raise BackupError("MEDIA_ROOT is not set: the settings do not say where stored files are")
    return Path(settings.MEDIA_ROOT).resolve()


def database_vendor() -> str:
    from django.db import connection

    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def _sqlite_path() -> Path:
    from django.conf import settings

    return Path(settings.DATABASES["default"]["NAME"]).resolve()


def _pg_environment() -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the connection of the settings as libpq variables
    (the password never on a command line)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    env["PGDATABASE"] = str(db["NAME"])
    for option, variable in PG_OPTION_VARIABLES.items():
        if db.get("OPTIONS", {}).get(option):
            env[variable] = str(db["OPTIONS"][option])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client of the server's version "
            "(Debian: apt install postgresql-client) and put it on PATH"
        )
    return path


def _run_pg_tool(command: list[str], what: str) -> None:
    done = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what} failed (exit {done.returncode}): " + " | ".join(detail[-5:]))


def _table_names() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _tables_with_rows(tables: list[str]) -> list[str]:
    from django.db import connection

    full = []
    with connection.cursor() as cursor:
        for table in tables:
            if table in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                full.append(table)
    return full


def pending_migrations() -> list[tuple[str, str]]:
    """The migrations of this version of chiso that the database has not applied."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [(migration.app_label, migration.name) for migration, _ in plan]


def code_migrations() -> set[tuple[str, str]]:
    """Every migration this version of chiso knows (app label, name)."""
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


# ---------------------------------------------------------------------------------------------------
# files


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _stored_files(root: Path, log: Log) -> Iterator[tuple[Path, str]]:
    """Every regular file under the storage root, with its archive-relative POSIX path."""
    if not root.is_dir():
        return
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            path = Path(directory) / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink() or not path.is_file():
                log(f"warning: skipped {relative} in the storage: not a regular file")
                continue
            yield path, relative


def safe_member_name(name: str) -> str:
    """The member name if it is a plain relative path inside the archive, else BackupError."""
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or any(part in ("..", ".") for part in name.split("/"))
        or str(path) != name
    ):
        raise BackupError(f"refused: the archive holds a member with an unsafe name: {name!r}")
    return name


# ---------------------------------------------------------------------------------------------------
# backup


def _dump_sqlite(dest: Path) -> dict[str, list[str]]:
    source = _sqlite_path()
    if not source.is_file():
        raise BackupError(f"no database at {source}: nothing to back up")
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True, timeout=60)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)  # one step: a consistent copy while the application runs
            return _sqlite_migrations(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _sqlite_migrations(db: sqlite3.Connection) -> dict[str, list[str]]:
    if db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'").fetchone() is None:
        raise BackupError("the database has no django_migrations table: it is not a chiso database")
    return _group(db.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall())


def _group(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in rows:
        state.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def _dump_postgres(dest: Path) -> dict[str, list[str]]:
    from django.db import connection, transaction

    pg_dump = _pg_tool("pg_dump")
    # The migration state and the dump come from one snapshot (exported to pg_dump).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
        if not cursor.fetchone()[0]:
            raise BackupError("the database has no django_migrations table: it is not a chiso database")
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = _group(cursor.fetchall())
        _run_pg_tool([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dest}"], "pg_dump")
    return migrations


def _pg_dump_version() -> str:
    """pg_dump's version (pg_restore must be at least as new to read the dump)."""
    done = subprocess.run([_pg_tool("pg_dump"), "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def _dump_database(vendor: str, dest: Path) -> dict[str, list[str]]:
    return _dump_sqlite(dest) if vendor == "sqlite" else _dump_postgres(dest)


def _copy_hashing(source: BinaryIO, dest: Path) -> tuple[int, str]:
    """Copy a binary stream to dest; its size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    with dest.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def create_backup(out: Path | str, *, force: bool = False, log: Log = _quiet) -> dict[str, Any]:
    """Write the backup archive at ``out`` (mode 0600, written aside and renamed); its manifest."""
    out = Path(out)
    if out.is_dir():
        raise BackupError(f"{out} is a directory: give the archive's file name")
    if not out.parent.is_dir():
        raise BackupError(f"{out.parent} does not exist")
    if out.exists() and not force:
        raise BackupError(f"{out} exists: choose another name or add --force to replace it")
    vendor = database_vendor()
    root = storage_root()
    if out.parent.resolve().is_relative_to(root):
        raise BackupError(f"{out} is inside the storage directory {root}: write the backup elsewhere")
    with tempfile.TemporaryDirectory(prefix=".chiso-backup-", dir=out.parent) as staging_name:
        staging = Path(staging_name)
        db_member = DATABASE_MEMBERS[vendor]
        (staging / db_member).parent.mkdir(parents=True)
        migrations = _dump_database(vendor, staging / db_member)
        tool = {"pg_dump": _pg_dump_version()} if vendor == "postgresql" else {}
        members = [db_member]
        # The files after the database: files are only added, so every file a row refers to is here.
        for path, relative in _stored_files(root, log):
            member = STORAGE_PREFIX + relative
            safe_member_name(member)
            (staging / member).parent.mkdir(parents=True, exist_ok=True)
            with path.open("rb") as handle:
                _copy_hashing(handle, staging / member)
            members.append(member)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "chiso_version": __version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"vendor": vendor, "member": db_member, **tool},
            "migrations": migrations,
            "members": [
                {"path": m, "size": (staging / m).stat().st_size, "sha256": sha256_file(staging / m)} for m in members
            ],
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _write_archive(out, staging, [MANIFEST, *members], force=force)
    return manifest


def _write_archive(out: Path, staging: Path, members: list[str], *, force: bool) -> None:
    fd, partial_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)  # mode 0600
    partial = Path(partial_name)
    try:
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
                for member in members:
                    path = staging / member
                    info = tarfile.TarInfo(member)
                    info.size = path.stat().st_size
                    info.mtime = int(path.stat().st_mtime)
                    info.mode = 0o600
                    with path.open("rb") as handle:
                        tar.addfile(info, handle)
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(partial, ARCHIVE_MODE)
        if force:
            os.replace(partial, out)
        else:
            try:
                os.link(partial, out)  # never replaces a file that appeared meanwhile
            except FileExistsError:
                raise BackupError(f"{out} exists: choose another name or add --force to replace it") from None
            os.unlink(partial)
        with contextlib.suppress(OSError):
            dir_fd = os.open(out.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)


# ---------------------------------------------------------------------------------------------------
# restore


MANIFEST_MAX_BYTES = 16 * 1024 * 1024


def _parse_manifest(archive: Path, text: bytes) -> tuple[dict[str, Any], dict[str, tuple[int, str]]]:
    """The manifest and its members (path → size, SHA-256), checked for shape."""
    try:
        manifest = json.loads(text.decode("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ValueError("not a chiso backup manifest")
        if not isinstance(manifest.get("format_version"), int):
            raise ValueError("no format version")
        if manifest["format_version"] > FORMAT_VERSION:
            raise BackupError(
                f"{archive} has backup format {manifest['format_version']}, made by a newer chiso "
                f"({manifest.get('chiso_version')}); this is chiso {__version__}: restore it with that version"
            )
        listed = {safe_member_name(m["path"]): (int(m["size"]), str(m["sha256"])) for m in manifest["members"]}
        vendor = manifest["database"]["vendor"]
        db_member = manifest["database"]["member"]
        migrations = manifest["migrations"]
        if not isinstance(migrations, dict) or not all(isinstance(v, list) for v in migrations.values()):
            raise ValueError("bad migration state")
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"{archive}: the manifest cannot be read ({exc})") from None
    if db_member not in listed or DATABASE_MEMBERS.get(vendor) != db_member:
        raise BackupError(f"{archive}: the manifest does not name its database ({vendor}, {db_member})")
    for path in listed:
        if not path.startswith(STORAGE_PREFIX) and path != db_member:
            raise BackupError(f"{archive}: unexpected member {path!r} in the manifest")
    return manifest, listed


def read_verified(archive: Path, into: Path) -> dict[str, Any]:
    """Extract the archive into the empty directory ``into`` and check it whole: the manifest first,
    then only safe names, regular files, exactly the manifest's members with their sizes and SHA-256
    (a member is refused before it is written when its name or size is not the manifest's)."""
    manifest: dict[str, Any] | None = None
    listed: dict[str, tuple[int, str]] = {}
    found: set[str] = set()
    try:
        tar = tarfile.open(archive, mode="r:gz")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"{archive} is not a chiso backup or is damaged ({exc})") from None
    try:
        with tar:
            for info in tar:
                name = safe_member_name(info.name)
                if info.isdir():
                    continue
                if not info.isfile():
                    raise BackupError(f"refused: archive member {name!r} is a link or a special file")
                if manifest is None:
                    if name != MANIFEST or info.size > MANIFEST_MAX_BYTES:
                        raise BackupError(f"{archive} is not a chiso backup: it does not begin with {MANIFEST}")
                    handle = tar.extractfile(info)
                    assert handle is not None  # a regular file
                    manifest, listed = _parse_manifest(archive, handle.read())
                    continue
                if name not in listed:
                    raise BackupError(f"{archive} holds a member not in its manifest: {name}")
                if name in found:
                    raise BackupError(f"refused: archive member {name!r} appears twice")
                size, sha = listed[name]
                if info.size != size:
                    raise BackupError(
                        f"{archive} is damaged or was changed: {name} has {info.size} bytes, the manifest says {size}"
                    )
                dest = into / name
                if not dest.resolve().is_relative_to(into.resolve()):
                    raise BackupError(f"refused: the archive holds a member with an unsafe name: {name!r}")
                dest.parent.mkdir(parents=True, exist_ok=True)
                handle = tar.extractfile(info)
                assert handle is not None
                got = _copy_hashing(handle, dest)
                if got != (size, sha):
                    raise BackupError(
                        f"{archive} is damaged or was changed: {name} has SHA-256 {got[1][:12]}…, "
                        f"the manifest says {sha[:12]}…"
                    )
                found.add(name)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"{archive} is damaged or truncated ({exc})") from None
    if manifest is None:
        raise BackupError(f"{archive} is not a chiso backup: it has no {MANIFEST}")
    missing = sorted(set(listed) - found)
    if missing:
        raise BackupError(f"{archive} is incomplete: {len(missing)} member(s) missing, first {missing[0]}")
    return manifest


def _check_compatible(manifest: dict[str, Any], vendor: str) -> None:
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"this backup is of a {manifest['database']['vendor']} database and this instance uses {vendor}: "
            f"restore it into a {manifest['database']['vendor']} instance (see DATABASE_URL)"
        )
    known = code_migrations()
    unknown = sorted(
        f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            f"this backup comes from a newer chiso ({manifest.get('chiso_version')}): migration {unknown[0]}"
            + (f" and {len(unknown) - 1} more" if len(unknown) > 1 else "")
            + f" unknown to chiso {__version__}; install that version or a newer one to restore it"
        )


def _check_sqlite_database(path: Path) -> None:
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        result = db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the database in the backup cannot be read ({exc})") from None
    finally:
        db.close()
    if result != [("ok",)]:
        raise BackupError(f"the database in the backup fails SQLite's integrity check: {result[0][0]}")


def _check_empty(vendor: str, root: Path) -> list[str]:
    """Refuse an instance that holds data; the tables that `migrate` created (to be replaced)."""
    tables: list[str] = []
    if vendor != "sqlite" or _sqlite_path().exists():
        tables = _table_names()
        full = _tables_with_rows(tables)
        if full:
            raise BackupError(
                f"the target database is not empty ({len(full)} table(s) hold rows: {', '.join(full[:5])}"
                + (", …" if len(full) > 5 else "")
                + "): restore into a new, empty database"
            )
    if root.is_dir() and any(p.is_file() or p.is_symlink() for p in root.rglob("*")):
        raise BackupError(f"the storage directory {root} already holds files: restore into an empty instance")
    return tables


def _restore_sqlite(extracted: Path) -> None:
    from django.db import connection

    connection.close()
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{extracted.as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target, timeout=60)
        try:
            src.backup(dst)  # one transaction on the target: all or nothing
        finally:
            dst.close()
    finally:
        src.close()


def _restore_postgres(extracted: Path, tables: list[str]) -> None:
    from django.conf import settings
    from django.db import connection, transaction

    pg_restore = _pg_tool("pg_restore")
    if tables:  # an instance prepared with `migrate` and holding no data: make room for the dump's tables
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    _run_pg_tool(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(extracted),
        ],
        "pg_restore (the database was left empty)",
    )


def _restore_files(source: Path, root: Path, members: list[str]) -> None:
    for member in members:
        relative = member.removeprefix(STORAGE_PREFIX)
        dest = root / relative
        if not dest.resolve().is_relative_to(root):
            raise BackupError(f"refused: stored file {relative!r} would land outside {root}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        partial = dest.with_name(f".{dest.name}.partial")
        shutil.copyfile(source / member, partial)
        os.replace(partial, dest)


def restore_backup(archive: Path | str, *, log: Log = _quiet) -> dict[str, Any]:
    """Restore the archive into this (empty) instance; its manifest. Everything is checked first."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    vendor = database_vendor()
    root = storage_root()
    with tempfile.TemporaryDirectory(prefix="chiso-restore-") as work_name:
        work = Path(work_name)
        manifest = read_verified(archive, work)
        _check_compatible(manifest, vendor)
        db_file = work / manifest["database"]["member"]
        if vendor == "sqlite":
            _check_sqlite_database(db_file)
        else:
            _pg_tool("pg_restore")
        tables = _check_empty(vendor, root)
        # Everything checked: now the instance changes.
        if vendor == "sqlite":
            _restore_sqlite(db_file)
        else:
            _restore_postgres(db_file, tables)
        stored = [m["path"] for m in manifest["members"] if m["path"].startswith(STORAGE_PREFIX)]
        _restore_files(work, root, stored)
    pending = pending_migrations()
    if pending:
        log(
            f"note: the backup predates this version ({len(pending)} migration(s) not applied): "
            "run `chiso manage migrate` before serving"
        )
    return manifest
