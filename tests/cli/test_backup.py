"""`chiso backup` and `chiso restore`, run as an IT officer runs them (subprocesses on real instances).

The drill: an instance with the demo data and stored files → backup → restore into a new, empty
instance → every table (row count and a digest of every row) and every stored file (SHA-256) compared.
SQLite by default; with DATABASE_URL=postgres://…/NAME each instance gets its own new database
(h_backups_src_…, h_backups_restore_…), dropped afterwards.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

from chiso.web.backup import BackupError, safe_member_name

CHISO = str(Path(sys.executable).with_name("chiso"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))
VENDOR = "postgresql" if ON_POSTGRES else "sqlite"
OTHER_VENDOR = "sqlite" if ON_POSTGRES else "postgresql"
DB_MEMBER = {"sqlite": "database/chiso.sqlite3", "postgresql": "database/chiso.pgdump"}

STORED = {
    "evidence/2026/báo cáo tiến độ.pdf": os.urandom(50_000),
    "evidence/2026/empty.txt": b"",
    "imports/agencies.csv": "mã,tên\n01,Sở Tài chính\n".encode(),
}

# Every table through Django's introspection: row count and a digest of every row; every stored file.
SNAPSHOT = r"""
import hashlib, json, os
import django
django.setup()
from django.conf import settings
from django.db import connection

def plain(value):
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)

tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute("SELECT * FROM " + connection.ops.quote_name(table))
        rows = sorted(json.dumps([plain(v) for v in row], ensure_ascii=False) for row in cursor.fetchall())
        tables[table] = [len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()]
files = {}
root = settings.MEDIA_ROOT
for directory, _, names in os.walk(root):
    for name in names:
        path = os.path.join(directory, name)
        with open(path, "rb") as handle:
            files[os.path.relpath(path, root)] = hashlib.sha256(handle.read()).hexdigest()
print(json.dumps({"tables": tables, "files": files}))
"""


@dataclass
class Instance:
    data_dir: Path
    database_url: str | None

    @property
    def media(self) -> Path:
        return self.data_dir / "media"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEDIA_ROOT")}
        env.update(CHISO_DATA_DIR=str(self.data_dir), DJANGO_SETTINGS_MODULE="chiso.web.settings")
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        env.update(extra)
        return env

    def chiso(self, *args: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [CHISO, *args], env=self.env(**extra), capture_output=True, text=True, timeout=600, check=False
        )

    def snapshot(self) -> dict:
        done = subprocess.run(
            [sys.executable, "-c", SNAPSHOT], env=self.env(), capture_output=True, text=True, timeout=300, check=True
        )
        return json.loads(done.stdout)

    def is_untouched(self) -> bool:
        """No table and no stored file (for SQLite: not even a database file)."""
        if self.media.exists() and any(p.is_file() for p in self.media.rglob("*")):
            return False
        if not ON_POSTGRES:
            return not (self.data_dir / "chiso.sqlite3").exists()
        return self.snapshot()["tables"] == {}


class Databases:
    """New PostgreSQL databases next to DATABASE_URL's, dropped at the end."""

    def __init__(self) -> None:
        self.created: list[str] = []
        parsed = urlparse(DATABASE_URL)
        self.base = parsed
        self.admin = parsed._replace(path="/postgres").geturl()

    def new(self, role: str) -> str:
        import psycopg

        name = f"h_backups_{role}_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self.base._replace(path=f"/{name}").geturl()

    def drop_all(self) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def databases() -> Iterator[Databases | None]:
    if not ON_POSTGRES:
        yield None
        return
    dbs = Databases()
    try:
        yield dbs
    finally:
        dbs.drop_all()


@pytest.fixture(scope="module")
def new_instance(tmp_path_factory: pytest.TempPathFactory, databases: Databases | None) -> Callable[[str], Instance]:
    def make(role: str = "restore") -> Instance:
        data_dir = tmp_path_factory.mktemp(role)
        return Instance(data_dir, databases.new(role) if databases else None)

    return make


@pytest.fixture(scope="module")
def source(new_instance: Callable[[str], Instance]) -> Instance:
    instance = new_instance("src")
    done = instance.chiso("demo", "--no-serve")
    assert done.returncode == 0, done.stderr
    for name, content in STORED.items():
        path = instance.media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return instance


@pytest.fixture(scope="module")
def empty_target(new_instance: Callable[[str], Instance]) -> Instance:
    """One empty instance for every refusal: each refusal checks it is still untouched."""
    return new_instance("restore")


@pytest.fixture(scope="module")
def archive(source: Instance, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archives") / "chiso-backup.tar.gz"
    done = source.chiso("backup", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "0600" in done.stderr
    return out


@pytest.fixture(scope="module")
def source_snapshot(source: Instance, archive: Path) -> dict:
    return source.snapshot()


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {info.name: tar.extractfile(info).read() for info in tar if info.isfile()}


def write_archive(
    path: Path, content: dict[str, bytes], extra: Callable[[tarfile.TarFile], None] | None = None
) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in content.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if extra:
            extra(tar)
    return path


def rehash(content: dict[str, bytes], change: Callable[[dict], None] | None = None) -> dict[str, bytes]:
    """The archive's members with a manifest whose sizes and SHA-256 match them (after `change`)."""
    manifest = json.loads(content["manifest.json"])
    if change:
        change(manifest)
    manifest["members"] = [
        {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in content.items()
        if name != "manifest.json"
    ]
    return {**content, "manifest.json": json.dumps(manifest).encode()}


def refused(target: Instance, archive: Path, expected: str) -> None:
    done = target.chiso("restore", str(archive))
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert expected in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert target.is_untouched()


# --- the drill ------------------------------------------------------------------------------------


def test_archive_is_private_and_lists_every_member_with_its_checksum(archive: Path, source_snapshot: dict) -> None:
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    content = members(archive)
    manifest = json.loads(content["manifest.json"])
    assert manifest["format"] == "chiso-backup" and manifest["format_version"] == 1
    assert manifest["database"]["vendor"] == VENDOR and manifest["database"]["member"] == DB_MEMBER[VENDOR]
    if ON_POSTGRES:
        assert manifest["database"]["pg_dump"].startswith("pg_dump (PostgreSQL) ")
    assert "0001_initial" in manifest["migrations"]["people"]
    assert manifest["created_at"].endswith("+00:00")
    listed = {m["path"]: m for m in manifest["members"]}
    assert set(listed) == set(content) - {"manifest.json"}
    # every stored file: the test's own and the demo's (agencies' implementation plans)
    assert set(STORED) <= set(source_snapshot["files"])
    assert {f"storage/{name}" for name in source_snapshot["files"]} | {DB_MEMBER[VENDOR]} == set(listed)
    for name, data in content.items():
        if name != "manifest.json":
            assert listed[name]["size"] == len(data)
            assert listed[name]["sha256"] == hashlib.sha256(data).hexdigest()


def test_drill_restores_every_table_and_file(
    new_instance: Callable[[str], Instance], archive: Path, source_snapshot: dict
) -> None:
    target = new_instance("restore")
    done = target.chiso("restore", str(archive))
    assert done.returncode == 0, done.stderr
    restored = target.snapshot()
    # the source is not trivial: the demo's tables and the stored files are there
    assert source_snapshot["tables"]["auth_user"][0] == 5
    assert source_snapshot["tables"]["indexdata_node"][0] > 100
    assert set(STORED) < set(source_snapshot["files"])  # the test's files and the demo's
    assert restored["tables"] == source_snapshot["tables"]
    assert restored["files"] == source_snapshot["files"]
    assert {name: restored["files"][name] for name in STORED} == {
        name: hashlib.sha256(data).hexdigest() for name, data in STORED.items()
    }
    # the restored instance is usable: the demo password of the coordinator works
    check = target.chiso(
        "manage",
        "shell",
        "-c",
        "from django.contrib.auth import authenticate; print(authenticate(username='sokhcn', password='chiso-sokhcn-2026'))",
    )
    assert check.stdout.strip().splitlines()[-1] == "sokhcn", check.stderr


def test_restore_into_an_instance_prepared_by_migrate(
    new_instance: Callable[[str], Instance], archive: Path, source_snapshot: dict
) -> None:
    target = new_instance("restore")
    assert target.chiso("manage", "migrate", "--no-input").returncode == 0
    done = target.chiso("restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert target.snapshot() == source_snapshot


# --- refusals: nothing is written -----------------------------------------------------------------


def test_tampered_member_is_refused(empty_target: Instance, archive: Path, tmp_path: Path) -> None:
    content = members(archive)
    name = "storage/evidence/2026/báo cáo tiến độ.pdf"
    content[name] = content[name][:-1] + bytes([content[name][-1] ^ 1])
    refused(empty_target, write_archive(tmp_path / "tampered.tar.gz", content), "was changed")


def test_tampered_database_is_refused(empty_target: Instance, archive: Path, tmp_path: Path) -> None:
    content = members(archive)
    db = bytearray(content[DB_MEMBER[VENDOR]])
    db[len(db) // 2] ^= 0xFF
    content[DB_MEMBER[VENDOR]] = bytes(db)
    refused(empty_target, write_archive(tmp_path / "tampered.tar.gz", content), "was changed")


def test_truncated_archive_is_refused(empty_target: Instance, archive: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    refused(empty_target, truncated, "damaged or truncated")


def test_not_an_archive_is_refused(empty_target: Instance, tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_text("not a backup", encoding="utf-8")
    refused(empty_target, junk, "not a chiso backup")


def test_member_missing_from_manifest_is_refused(empty_target: Instance, archive: Path, tmp_path: Path) -> None:
    content = members(archive)
    content["storage/smuggled.txt"] = b"not in the manifest"
    refused(empty_target, write_archive(tmp_path / "extra.tar.gz", content), "not in its manifest")
    content = members(archive)
    del content["storage/imports/agencies.csv"]
    refused(empty_target, write_archive(tmp_path / "missing.tar.gz", content), "incomplete")


def test_non_empty_target_is_refused(source: Instance, archive: Path, source_snapshot: dict) -> None:
    done = source.chiso("restore", str(archive))
    assert done.returncode == 2
    assert "the target database is not empty" in done.stderr
    assert source.snapshot() == source_snapshot


def test_target_with_stored_files_is_refused(new_instance: Callable[[str], Instance], archive: Path) -> None:
    target = new_instance("restore")
    (target.media / "evidence").mkdir(parents=True)
    (target.media / "evidence" / "mine.txt").write_text("keep me", encoding="utf-8")
    done = target.chiso("restore", str(archive))
    assert done.returncode == 2
    assert "already holds files" in done.stderr
    assert target.snapshot() == {"tables": {}, "files": {"evidence/mine.txt": hashlib.sha256(b"keep me").hexdigest()}}


def test_backup_of_another_vendor_is_refused(empty_target: Instance, archive: Path, tmp_path: Path) -> None:
    content = members(archive)
    content[DB_MEMBER[OTHER_VENDOR]] = content.pop(DB_MEMBER[VENDOR])

    def other(manifest: dict) -> None:
        manifest["database"] = {"vendor": OTHER_VENDOR, "member": DB_MEMBER[OTHER_VENDOR]}

    path = write_archive(tmp_path / "other.tar.gz", rehash(content, other))
    refused(empty_target, path, f"this backup is of a {OTHER_VENDOR} database and this instance uses {VENDOR}")


def test_backup_from_a_newer_chiso_is_refused(empty_target: Instance, archive: Path, tmp_path: Path) -> None:
    def future(manifest: dict) -> None:
        manifest["migrations"]["people"].append("9999_from_the_future")

    path = write_archive(tmp_path / "future.tar.gz", rehash(members(archive), future))
    refused(empty_target, path, "migration people.9999_from_the_future unknown")

    def newer_format(manifest: dict) -> None:
        manifest["format_version"] = 2

    path = write_archive(tmp_path / "format2.tar.gz", rehash(members(archive), newer_format))
    refused(empty_target, path, "made by a newer chiso")


@pytest.mark.parametrize("listed", [True, False], ids=["in-manifest", "not-in-manifest"])
@pytest.mark.parametrize("member", ["storage/../../{evil}", "/tmp/{evil}", "../{evil}", "storage/./{evil}"])
def test_member_with_unsafe_name_is_refused(
    empty_target: Instance, archive: Path, tmp_path: Path, member: str, listed: bool
) -> None:
    evil = f"chiso-evil-{uuid.uuid4().hex}.txt"
    content = {**members(archive), member.format(evil=evil): b"owned"}
    path = write_archive(tmp_path / "evil.tar.gz", rehash(content) if listed else content)
    refused(empty_target, path, "unsafe name")
    assert not (Path(tempfile.gettempdir()) / evil).exists() and not list(tmp_path.parent.rglob(evil))


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_link_member_is_refused(empty_target: Instance, archive: Path, tmp_path: Path, kind: bytes) -> None:
    def link(tar: tarfile.TarFile) -> None:
        info = tarfile.TarInfo("storage/evidence/passwd")
        info.type = kind
        info.linkname = "/etc/passwd" if kind == tarfile.SYMTYPE else "manifest.json"
        tar.addfile(info)

    path = write_archive(tmp_path / "link.tar.gz", members(archive), link)
    refused(empty_target, path, "is a link or a special file")


def test_missing_archive_is_refused(empty_target: Instance, tmp_path: Path) -> None:
    refused(empty_target, tmp_path / "nope.tar.gz", "no such file")


def test_existing_out_is_kept_without_force(source: Instance, archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "backup.tar.gz"
    out.write_text("yesterday's backup", encoding="utf-8")
    done = source.chiso("backup", "--out", str(out))
    assert done.returncode == 2
    assert "add --force" in done.stderr
    assert out.read_text(encoding="utf-8") == "yesterday's backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.tar.gz"]  # nothing half-written left
    done = source.chiso("backup", "--out", str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert set(members(out)) == set(members(archive))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.tar.gz"]


def test_out_inside_the_storage_is_refused(source: Instance) -> None:
    out = source.media / "backup.tar.gz"
    done = source.chiso("backup", "--out", str(out))
    assert done.returncode == 2
    assert "inside the storage directory" in done.stderr
    assert not out.exists()


def test_out_that_is_a_directory_is_refused(source: Instance, tmp_path: Path) -> None:
    done = source.chiso("backup", "--out", str(tmp_path))
    assert done.returncode == 2
    assert "is a directory" in done.stderr


def test_backup_of_an_instance_without_database_is_refused(
    new_instance: Callable[[str], Instance], tmp_path: Path
) -> None:
    out = tmp_path / "b.tar.gz"
    done = new_instance("empty").chiso("backup", "--out", str(out))
    assert done.returncode == 2
    assert ("no database at" if VENDOR == "sqlite" else "not a chiso database") in done.stderr
    assert not out.exists()


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump is used on PostgreSQL only")
def test_backup_without_pg_dump_is_refused(source: Instance, tmp_path: Path) -> None:
    out = tmp_path / "b.tar.gz"
    done = source.chiso("backup", "--out", str(out), PATH=str(tmp_path))
    assert done.returncode == 2
    assert "pg_dump not found" in done.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "name", ["", "/etc/passwd", "../x", "storage/../../x", "a/./b", "a//b", "a\\..\\b", "storage/", "./manifest.json"]
)
def test_unsafe_member_names(name: str) -> None:
    with pytest.raises(BackupError):
        safe_member_name(name)


@pytest.mark.parametrize("name", ["manifest.json", "storage/evidence/2026/báo cáo.pdf", "storage/a..b/c"])
def test_safe_member_names(name: str) -> None:
    assert safe_member_name(name) == name
