"""Time of `chiso backup` and `chiso restore` on the demo database: `python benchmarks/backup.py
[--database-url URL] [--runs N]`.

Prints `backup_<vendor>_s X s`, `restore_<vendor>_s Y s` (median wall time of N runs of the command, as an
IT officer runs it: process start and Django set-up included), `cli_start_<vendor>_s` (the same process
start alone, `chiso restore --help`), and the archive's size. The demo is loaded into a fresh instance
with 3 stored files (1 MB). Default: SQLite in temporary directories; with --database-url
postgres://.../NAME the databases NAME and NAME_r1..NAME_rN are dropped and created anew (use a
scratch name such as chiso_bench).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from demo_db import drop_postgres, fresh_postgres

CHISO = str(Path(sys.executable).with_name("chiso"))


def _env(data_dir: Path, url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CHISO_DATA_DIR=str(data_dir), SECRET_KEY="bench", DJANGO_SETTINGS_MODULE="chiso.web.settings")
    if url:
        env["DATABASE_URL"] = url
    return env


def _timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([CHISO, *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = args.database_url
    vendor = "postgresql" if url else "sqlite"
    work = Path(tempfile.mkdtemp(prefix="chiso-bench-backup-"))
    targets: list[str] = []
    try:
        if url:
            fresh_postgres(url)
        source = _env(work / "source", url)
        subprocess.run([CHISO, "demo", "--no-serve"], env=source, check=True, capture_output=True)
        media = work / "source" / "media" / "evidence"
        media.mkdir(parents=True)
        for i in range(3):
            (media / f"file-{i}.pdf").write_bytes(os.urandom(350_000))
        backups, restores, starts = [], [], []
        archive = work / "backup.tar.gz"
        for run in range(1, args.runs + 1):
            backups.append(_timed(["backup", "--out", str(archive), "--force"], source))
            target_url = None
            if url:
                target_url = urlparse(url)._replace(path=urlparse(url).path + f"_r{run}").geturl()
                fresh_postgres(target_url)
                targets.append(target_url)
            target = _env(work / f"target-{run}", target_url)
            restores.append(_timed(["restore", str(archive)], target))
            starts.append(_timed(["restore", "--help"], target))
        print(f"backup_{vendor}_s {statistics.median(backups):.2f} s")
        print(f"restore_{vendor}_s {statistics.median(restores):.2f} s")
        print(f"cli_start_{vendor}_s {statistics.median(starts):.2f} s")
        print(f"archive_{vendor}_bytes {archive.stat().st_size} bytes")
    finally:
        for target_url in targets:
            drop_postgres(target_url)
        if url:
            drop_postgres(url)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
